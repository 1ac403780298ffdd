// Runs tests/vectors/where.json (written by the Python implementation) against
// static/js/where.js, plus a few hand-checked cases. `node --test tests/js/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  loadProfile, snapToTrack, whereAmI, OffRouteMonitor, NoFixError, walkingTimeS, ascentDescentM,
  toblerSpeedMS, haversineM, offRouteThresholdM, checkFix, MODEL_DESCRIPTION,
} from '../../static/js/where.js';

const V = JSON.parse(readFileSync(new URL('../vectors/where.json', import.meta.url), 'utf8'));
const TOL = V.tolerance;
const P = loadProfile(V.profile);
const num = (v) => (v === null ? null : Number(v));

function close(actual, expected, floor, what) {
  if (expected === null || actual === null) {
    assert.equal(actual, expected, what);
    return;
  }
  const tol = Math.max(TOL.relative * Math.abs(expected), floor);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, want ${expected} ± ${tol}`);
}

for (const c of V.where) {
  test(`where: ${c.name}`, () => {
    const r = whereAmI(P, c.lat, c.lon, c.accuracy_m, { hintAlongM: c.hint_along_m });
    const e = c.expect;
    close(r.alongM, e.along_m, TOL.absolute_m, 'along');
    close(r.offsetM, e.offset_m, TOL.absolute_m, 'offset');
    assert.equal(r.stageNumber, e.stage_number);
    close(r.stageProgress, e.stage_progress, 0.001, 'stage progress');
    assert.equal(r.offRoute, e.off_route);
    if (e.offset_m > 1) close(r.bearingToTrackDeg, e.bearing_to_track_deg, TOL.absolute_deg, 'bearing');
    assert.deepEqual(r.ahead.map((a) => [a.kind, a.slug, a.advice]), e.ahead.map((a) => [a.kind, a.slug, a.advice]));
    r.ahead.forEach((a, i) => {
      const w = e.ahead[i];
      close(a.distanceM, w.distance_m, TOL.absolute_m, `${a.kind} distance`);
      close(a.ascentM, w.ascent_m, TOL.absolute_m, `${a.kind} ascent`);
      close(a.descentM, w.descent_m, TOL.absolute_m, `${a.kind} descent`);
      close(a.timeS, w.time_s, TOL.absolute_s, `${a.kind} time`);
    });
  });
}

for (const c of V.snap) {
  test(`snap: ${c.name}`, () => {
    const s = snapToTrack(P, c.lat, c.lon, { hintAlongM: c.hint_along_m, minAlongM: c.min_along_m });
    close(s.alongM, c.expect.along_m, TOL.absolute_m, 'along');
    close(s.offsetM, c.expect.offset_m, TOL.absolute_m, 'offset');
  });
}

for (const c of V.sections) {
  test(`section ${c.start_m}–${c.end_m}`, () => {
    const [up, down] = ascentDescentM(P, c.start_m, c.end_m);
    close(up, c.ascent_m, TOL.absolute_m, 'ascent');
    close(down, c.descent_m, TOL.absolute_m, 'descent');
    close(walkingTimeS(P, c.start_m, c.end_m), c.time_s, TOL.absolute_s, 'time');
    close(walkingTimeS(P, c.start_m, c.end_m, 1.5), c.time_s_pace_1_5, TOL.absolute_s, 'time at 1.5');
  });
}

for (const c of V.off_route_sequences) {
  test(`off route: ${c.name}`, () => {
    const monitor = new OffRouteMonitor();
    let hint = null;
    const verdicts = [], alarms = [];
    for (const [lat, lon, acc] of c.fixes) {
      let verdict = null;
      try {
        const r = whereAmI(P, Number(lat), Number(lon), num(acc), { hintAlongM: hint });
        hint = r.alongM;
        verdict = r.offRoute;
      } catch (err) {
        if (!(err instanceof NoFixError)) throw err;
      }
      verdicts.push(verdict);
      alarms.push(monitor.update(verdict));
    }
    assert.deepEqual(verdicts, c.expect_off_route);
    assert.deepEqual(alarms, c.expect_alarm);
  });
}

for (const c of V.no_fix) {
  test(`no fix: ${c.code} (${c.lat}, ${c.lon}, ${c.accuracy_m})`, () => {
    assert.throws(() => whereAmI(P, num(c.lat), num(c.lon), num(c.accuracy_m)),
      (err) => err instanceof NoFixError && err.code === c.code);
  });
}

test('hand-checked: Tobler, haversine, OsmAnd threshold', () => {
  assert.ok(Math.abs(toblerSpeedMS(0) * 3.6 - 5.0367) < 1e-4);
  assert.ok(Math.abs(toblerSpeedMS(-0.05) * 3.6 - 6) < 1e-12);
  assert.equal(toblerSpeedMS(3), toblerSpeedMS(0.5));
  assert.ok(Math.abs(haversineM(0, 0, 1, 0) - 111195) < 1);
  assert.equal(offRouteThresholdM(20), 100);
  assert.equal(checkFix(-13, -72, 500.1), 'too_inaccurate');
  assert.match(MODEL_DESCRIPTION, /Tobler/);
});

test('hand-checked: zig-zag ascent and a doubling-back track', () => {
  const k = (6371008.8 * Math.PI) / 180;
  const pts = [];
  const ele = [0, 10, 5, 15, 0];
  for (let i = 0; i < 5; i++) pts.push([-13 + (i * 100) / k, -72, ele[i], i * 100]);
  const p = loadProfile({ v: 1, has_elevation: true, points: pts, waypoints: [], stages: [] });
  assert.deepEqual(ascentDescentM(p, 0, 400), [20, 20]);
  const [up, down] = ascentDescentM(p, 50, 350);
  assert.ok(Math.abs(up - 15) < 1e-9 && Math.abs(down - 12.5) < 1e-9);

  const ob = [];
  for (let i = 0; i <= 100; i++) ob.push([-13 + (i * 10) / k, -72, null, i * 10]);
  for (let i = 99; i >= 0; i--) ob.push([-13 + (i * 10) / k, -72, null, 2000 - i * 10]);
  const q = loadProfile({ v: 1, has_elevation: false, points: ob, waypoints: [], stages: [] });
  const lat = -13 + 400 / k;
  assert.ok(Math.abs(snapToTrack(q, lat, -72.00002).alongM - 400) < 0.5);
  assert.ok(Math.abs(snapToTrack(q, lat, -72.00002, { minAlongM: 1000 }).alongM - 1600) < 0.5);
  assert.ok(Math.abs(snapToTrack(q, lat, -72.00002, { hintAlongM: 1550 }).alongM - 1600) < 0.5);
  assert.equal(ascentDescentM(q, 0, 100), null);
  assert.ok(Math.abs(walkingTimeS(q, 0, 1000) - 1000 / toblerSpeedMS(0)) < 1e-9);
});

test('monitor: one wild fix is not an alarm, two in a row are', () => {
  const m = new OffRouteMonitor();
  assert.deepEqual([true, false, true, null, true, true, false].map((v) => m.update(v)),
    [false, false, false, false, true, true, false]);
});

test('waypoint names and advice follow the page language, the document language where one is missing', () => {
  const data = {
    ...V.profile,
    waypoints: [
      { slug: 'a', name: 'Lares hot springs', advice: null, along_m: 0, type: 'village', stage: 1 },
      { slug: 'b', name: 'Pass junction', advice: 'Keep left.', along_m: 500, type: 'junction', stage: 1 },
    ],
    waypoint_texts: {
      a: { name: { en: 'Lares hot springs', es: 'Aguas termales de Lares' } },
      b: { name: { en: 'Pass junction' }, advice: { en: 'Keep left.', es: 'Sigue por la izquierda.' } },
    },
  };
  const before = globalThis.document;
  try {
    globalThis.document = { documentElement: { lang: 'es' } };
    const es = loadProfile(data).waypoints;
    assert.deepEqual(es.map((w) => w.name), ['Aguas termales de Lares', 'Pass junction']);
    assert.equal(es[1].advice, 'Sigue por la izquierda.');
    globalThis.document = { documentElement: { lang: 'en' } };
    assert.deepEqual(loadProfile(data).waypoints.map((w) => w.name), ['Lares hot springs', 'Pass junction']);
  } finally {
    globalThis.document = before;
  }
});

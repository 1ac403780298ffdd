// The widget's words and rules (static/js/where-view.js): formatting, staleness,
// far-from-trek, no elevation, junction advice, stage scoping, marker placement.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadProfile, whereAmI } from '../../static/js/where.js';
import {
  formatDistance, formatDuration, formatClimb, compassWord, formatAge, isStale, buildView,
  markerPosition, noFixMessage, geoErrorMessage, elevationAt, STALE_AFTER_S, FAR_FROM_TREK_M,
} from '../../static/js/where-view.js';

const vectors = JSON.parse(readFileSync(new URL('../vectors/where.json', import.meta.url), 'utf8'));
const P = loadProfile(vectors.profile);
const NOW = 1_700_000_000_000;

test('distances, climbs, durations and directions read the way a hiker says them', () => {
  assert.equal(formatDistance(0), '0\u00a0m');
  assert.equal(formatDistance(347), '350\u00a0m');
  assert.equal(formatDistance(994), '990\u00a0m');
  assert.equal(formatDistance(2430), '2.4\u00a0km');
  assert.equal(formatDistance(NaN), '–');
  assert.equal(formatClimb(1234.4, 56), '+1,234\u00a0m / −56\u00a0m');
  assert.equal(formatClimb(null, null), 'unknown');
  assert.equal(formatDuration(10), 'under 1 min');
  assert.equal(formatDuration(400), '7\u00a0min');
  assert.equal(formatDuration(3 * 3600 + 4 * 60), '3\u00a0h\u00a005\u00a0min');
  assert.equal(formatDuration(7200), '2\u00a0h');
  assert.equal(compassWord(0), 'north');
  assert.equal(compassWord(44), 'north-east');
  assert.equal(compassWord(359), 'north');
  assert.equal(compassWord(-90), 'west');
  assert.equal(formatAge(2), 'just now');
  assert.equal(formatAge(40), '40 s ago');
  assert.equal(formatAge(600), '10 min ago');
});

test('a fix older than a minute is stale, and its view says so', () => {
  assert.equal(isStale(NOW - STALE_AFTER_S * 1000, NOW), false);
  assert.equal(isStale(NOW - STALE_AFTER_S * 1000 - 1, NOW), true);
  assert.equal(isStale(NaN, NOW), true);
  const c = vectors.where[0];
  const r = whereAmI(P, c.lat, c.lon, c.accuracy_m, {});
  const fresh = buildView(P, r, { fixTimeMs: NOW - 3000, nowMs: NOW, accuracyM: 10 });
  assert.equal(fresh.state, 'fresh');
  const old = buildView(P, r, { fixTimeMs: NOW - 5 * 60_000, nowMs: NOW, accuracyM: 10 });
  assert.equal(old.state, 'stale');
  assert.equal(old.ageText, '5 min ago');
});

test("rows carry where.js numbers; the page's stage scopes 'end of day'", () => {
  const s = P.stages[0];
  const i = 5;
  const r = whereAmI(P, P.lat[i], P.lon[i], 8, {});
  const v = buildView(P, r, { stage: s, fixTimeMs: NOW, nowMs: NOW, accuracyM: 8 });
  const end = v.rows.find((x) => x.kind === 'stage_end');
  assert.ok(Math.abs(end.distanceM - (s.end_m - r.alongM)) < 0.01);
  assert.equal(end.label, `End of day ${s.number}`);
  for (const a of r.ahead.filter((x) => x.kind !== 'stage_end')) {
    const row = v.rows.find((x) => x.kind === a.kind);
    if (!row) { // folded into "End of day N": the same place, named there
      assert.ok(Math.abs(a.distanceM - end.distanceM) <= 25 && end.name === a.name, a.kind);
      continue;
    }
    assert.equal(row.distanceM, a.distanceM);
    assert.equal(row.timeS, a.timeS);
  }
  assert.match(v.progress.text, /^Day \d+: .* walked \(\d+\u00a0%\)\.$/);
  const ds = v.rows.map((x) => x.distanceM);
  assert.deepEqual(ds, [...ds].sort((a, b) => a - b), 'nearest first');
  // The same fix seen from a later day's page: that day starts ahead.
  const later = P.stages[P.stages.length - 1];
  if (later.start_m - r.alongM > 100) {
    const v2 = buildView(P, r, { stage: later, fixTimeMs: NOW, nowMs: NOW, accuracyM: 8 });
    assert.match(v2.progress.text, /starts .* ahead/);
    assert.ok(v2.rows.find((x) => x.kind === 'stage_end').distanceM > later.end_m - later.start_m);
  }
});

test('sketch treks put ≈ before every number', () => {
  const r = whereAmI(P, P.lat[3], P.lon[3], 8, {});
  const v = buildView(P, r, { sketch: true, fixTimeMs: NOW, nowMs: NOW, accuracyM: 8 });
  for (const row of v.rows) {
    assert.ok(row.distanceText.startsWith('≈\u00a0') && row.timeText.startsWith('≈\u00a0'), row.distanceText);
  }
});

test('far from the trek: a message and no numbers', () => {
  const r = whereAmI(P, P.lat[0] + 0.2, P.lon[0], 10, {});
  assert.ok(r.offsetM > FAR_FROM_TREK_M);
  const v = buildView(P, r, { alarm: true, fixTimeMs: NOW, nowMs: NOW, accuracyM: 10 });
  assert.equal(v.state, 'far');
  assert.deepEqual(v.rows, []);
  assert.equal(v.offRoute, null);
  assert.match(v.message, /not near this trek/);
});

test('off-route alarm gives distance and a compass direction back to the track', () => {
  const cands = [[0.004, 0], [0, 0.004], [-0.004, 0], [0, -0.004]].map(([dy, dx]) =>
    whereAmI(P, P.lat[10] + dy, P.lon[10] + dx, 10, {}));
  const r = cands.reduce((a, b) => (b.offsetM > a.offsetM ? b : a));
  assert.ok(r.offsetM > 150, `offset ${r.offsetM}`);
  const v = buildView(P, r, { alarm: true, fixTimeMs: NOW, nowMs: NOW, accuracyM: 10 });
  const m = v.offRoute.text.match(/^You are about (\d+)\u00a0m off the route — the track is to the ([a-z-]+)\.$/);
  assert.ok(m, v.offRoute.text);
  assert.ok(Math.abs(Number(m[1]) - r.offsetM) <= 5);
  const quiet = buildView(P, r, { alarm: false, fixTimeMs: NOW, nowMs: NOW, accuracyM: 10 });
  assert.equal(quiet.offRoute, null);
});

test('junction advice comes forward within 500 m, not before', () => {
  const j = P.waypoints.find((w) => w.type === 'junction');
  const data = JSON.parse(JSON.stringify(vectors.profile));
  data.waypoints = data.waypoints.map((w) => (w.slug === j.slug ? { ...w, advice: 'Keep LEFT' } : w));
  const Q = loadProfile(data);
  const at = (along) => {
    let k = 0;
    while (k < Q.d.length - 1 && Q.d[k + 1] <= along) k++;
    return whereAmI(Q, Q.lat[k], Q.lon[k], 5, { hintAlongM: along });
  };
  const near = at(j.along_m - 300);
  const vn = buildView(Q, near, { fixTimeMs: NOW, nowMs: NOW, accuracyM: 5 });
  if (vn.rows.find((x) => x.kind === 'junction').distanceM <= 500) {
    assert.match(vn.advice.text, /^In \d+\u00a0m: Keep LEFT$/);
  }
  if (j.along_m > 800) {
    const far = at(j.along_m - 800);
    const vf = buildView(Q, far, { fixTimeMs: NOW, nowMs: NOW, accuracyM: 5 });
    assert.equal(vf.advice, null);
  }
});

test('a track without elevation: distances and times, climbs unknown', () => {
  const data = JSON.parse(JSON.stringify(vectors.profile));
  data.has_elevation = false;
  data.points = data.points.map((p) => [p[0], p[1], null, p[3]]);
  const Q = loadProfile(data);
  const r = whereAmI(Q, Q.lat[2], Q.lon[2], 5, {});
  const v = buildView(Q, r, { fixTimeMs: NOW, nowMs: NOW, accuracyM: 5 });
  assert.ok(v.rows.length > 0);
  for (const row of v.rows) {
    assert.equal(row.climbText, 'unknown');
    assert.ok(Number.isFinite(row.timeS));
  }
  assert.equal(elevationAt(Q, 100), null);
});

test('marker: linear along the chart, hidden outside its range', () => {
  const chart = { startM: 1000, endM: 3000, minEle: 3000, maxEle: 4000, x0: 50, x1: 550, y0: 40, y1: 190, hasElevation: true };
  assert.deepEqual(markerPosition(chart, 2000, 3500), { x: 300, y: 115, fraction: 0.5 });
  assert.equal(markerPosition(chart, 500, 3500), null);
  assert.equal(markerPosition(chart, 3500, 3500), null);
  assert.equal(markerPosition({ ...chart, hasElevation: false }, 1000, null).y, 115);
});

test('no-fix and permission messages are calm and never contain numbers for a position', () => {
  assert.match(noFixMessage('too_inaccurate', 2000), /too rough \(±2\.0\u00a0km\)/);
  assert.match(noFixMessage('bad_position', null), /Waiting for GPS/);
  assert.match(noFixMessage('no_accuracy', null), /Waiting for GPS/);
  assert.match(geoErrorMessage(1), /allow location/);
  assert.match(geoErrorMessage(3), /waiting for GPS/i);
});

test('on a sketch the line\'s stated uncertainty replaces the recorded-track rule, in calm words', () => {
  const sketch = loadProfile({ ...vectors.profile, data_quality: 'sketch', line_uncertainty_m: 1000 });
  const recorded = loadProfile({ ...vectors.profile, data_quality: 'recorded', line_uncertainty_m: 1000 });
  assert.equal(recorded.uncertaintyM, 0, 'a recorded track keeps OsmAnd\'s rule');
  // Step away from a point of the line in whichever direction leaves it furthest.
  const away = (prof, deg) => [[deg, 0], [0, deg], [-deg, 0], [0, -deg]]
    .map(([dy, dx]) => whereAmI(prof, prof.lat[10] + dy, prof.lon[10] + dx, 10, {}))
    .reduce((a, b) => (b.offsetM > a.offsetM ? b : a));
  const near = away(sketch, 0.006); // off a recorded route, inside the sketch's 1 km
  assert.ok(near.offsetM > 300 && near.offsetM < 1000, `offset ${near.offsetM}`);
  assert.equal(near.offRoute, false);
  assert.equal(away(recorded, 0.006).offRoute, true);
  const far = away(sketch, 0.02);
  assert.ok(far.offsetM > 1000 && far.offsetM < FAR_FROM_TREK_M, `offset ${far.offsetM}`);
  assert.equal(far.offRoute, true);
  const v = buildView(sketch, far, { alarm: true, sketch: true, fixTimeMs: NOW, nowMs: NOW, accuracyM: 10 });
  assert.equal(v.offRoute.kind, 'sketch');
  assert.match(v.offRoute.text, /from the estimated line, more than its stated uncertainty \(1\.0\skm\)/);
  assert.doesNotMatch(v.offRoute.text, /off the route/);
  const red = buildView(recorded, far, { alarm: true, sketch: false, fixTimeMs: NOW, nowMs: NOW, accuracyM: 10 });
  assert.equal(red.offRoute.kind, 'route');
});

test('the end of the day is weighed against sunset at the pace the times use', async () => {
  const { sunsetLine } = await import('../../static/js/where-view.js');
  const now = Date.UTC(2026, 5, 1, 18, 0); // 13:00 in Peru
  const sunset = Date.UTC(2026, 5, 1, 22, 30); // 17:30 in Peru
  const early = sunsetLine(2 * 3600 + 40 * 60, now, sunset, 1.3, true, '≈ ');
  assert.equal(early.late, false);
  assert.match(early.text, /^You are walking at 1\.3× the model: the end of the day in ≈ 2\sh\s40\smin \(15:40\), 1\sh\s50\smin before sunset \(17:30\)\.$/);
  const late = sunsetLine(5 * 3600, now, sunset, 1.5, false);
  assert.equal(late.late, true);
  assert.match(late.text, /^At the plan's pace \(1\.5× the model\): .* \(18:00\), 30\smin after sunset \(17:30\): too late/);
});

// The nearest way off the route (static/js/where-view.js): forward or back, whichever is
// nearer, with the walking time of the way actually walked (a climb behind you is a descent
// on the way back).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadProfile, whereAmI, walkingTimeS } from '../../static/js/where.js';
import { nearestWayOut, backTimeS, buildView } from '../../static/js/where-view.js';

const vectors = JSON.parse(readFileSync(new URL('../vectors/where.json', import.meta.url), 'utf8'));
const P = loadProfile(vectors.profile);
const TYPES = ['village', 'road', 'trailhead', 'transport'];
const exits = P.waypoints.filter((w) => TYPES.includes(w.type));

test('the nearest way out is the closest village or road, forward or back', () => {
  for (const along of [0, P.lengthM * 0.3, P.lengthM * 0.55, P.lengthM * 0.8, P.lengthM]) {
    const out = nearestWayOut(P, along, TYPES, 1.5);
    const best = Math.min(...exits.map((w) => Math.abs(w.along_m - along)));
    assert.ok(Math.abs(out.distanceM - best) < 1e-6, `at ${along}`);
    const w = exits.find((x) => x.slug === out.slug);
    assert.equal(out.back, w.along_m < along);
    assert.ok(out.timeS >= 0);
  }
  assert.equal(nearestWayOut(P, 100, ['no-such-type']), null);
});

test('walking back reverses every slope: the same ground, the other way', () => {
  const a = P.lengthM * 0.2, b = P.lengthM * 0.4;
  const back = backTimeS(P, b, a, 1);
  const fwd = walkingTimeS(P, a, b, 1);
  assert.ok(back > 0 && fwd > 0);
  assert.ok(Math.abs(back - fwd) / fwd < 0.6, `${back} vs ${fwd}`); // same ground, other way
  assert.ok(Math.abs(backTimeS(P, b, a, 1.5) - 1.5 * back) < 1e-6); // pace applies
});

test('the view names the way out with distance, direction and time', () => {
  const i = Math.floor(P.lat.length / 2);
  const r = whereAmI(P, P.lat[i], P.lon[i], 8, {});
  const v = buildView(P, r, { exitTypes: TYPES, fixTimeMs: 1, nowMs: 1, accuracyM: 8, sketch: true });
  assert.match(v.exit.text, /^Nearest way out: .+ \((village|road|trailhead|transport)\), ≈\u00a0[\d.]+\u00a0k?m (back|ahead), ≈\u00a0/);
  const none = buildView(P, r, { fixTimeMs: 1, nowMs: 1, accuracyM: 8 });
  assert.equal(none.exit, null);
});

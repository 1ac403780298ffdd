// On a sketch trek the straight line leads (static/js/where-view.js): which place a row's
// straight line goes to, and the way out's words with the straight line first and the
// along-track figures after it, marked as estimates.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadProfile, whereAmI } from '../../static/js/where.js';
import { rowPlace, exitText, straightText, buildView } from '../../static/js/where-view.js';
import { straightLine } from '../../static/js/map-geo.js';

const vectors = JSON.parse(readFileSync(new URL('../vectors/where.json', import.meta.url), 'utf8'));
const raw = vectors.profile;
// The vectors' waypoints carry no position; give each one on the line, as profile.json does.
const withPositions = {
  ...raw,
  waypoints: raw.waypoints.map((w, k) => (k === 1 ? w : { ...w, lat: -13.1 - k / 1000, lon: -72.0 + k / 1000 })),
};
const P = loadProfile(withPositions);

test("a row's straight line goes to its waypoint; 'End of day N' to the place the day ends", () => {
  const pass = P.waypoints.find((w) => w.type === 'pass');
  assert.equal(rowPlace(P, { kind: 'pass', slug: pass.slug }), pass);
  const stage = P.stages[0];
  const endWp = P.waypoints.find((w) => Math.abs(w.along_m - stage.end_m) <= 25);
  assert.ok(endWp, 'the vectors have a waypoint at the end of day 1');
  assert.equal(rowPlace(P, { kind: 'stage_end', slug: 'stage-1-end' }, stage), endWp);
  assert.equal(rowPlace(P, { kind: 'stage_end', slug: 'stage-1-end' }), null); // no page stage
  // A place without a position has no straight line (never a line to 0°, 0°).
  const noPos = P.waypoints.find((w) => !Number.isFinite(w.lat));
  assert.equal(rowPlace(P, { kind: noPos.type, slug: noPos.slug }), null);
});

test('the straight line in a row: distance, bearing in degrees and the compass point', () => {
  const line = straightLine(-13.1, -72.0, -13.11, -72.008);
  assert.equal(straightText(line), '1.4\u00a0km away, bearing 218° (SW)');
  assert.equal(straightText({ distanceM: 350, bearingDeg: 359.7 }), '350\u00a0m away, bearing 0° (N)');
  assert.equal(straightText({ distanceM: 90, bearingDeg: 90 }), '90\u00a0m away, bearing 90° (E)');
  assert.equal(straightText({ distanceM: 10, bearingDeg: 90 }), 'You are there (within 15 m)');
});

test('the way out on a sketch: the straight line first, the along-track figures as estimates', () => {
  const out = { name: 'Huacahuasi', type: 'village', back: true, distanceM: 2400, timeS: 2400 };
  const line = straightLine(-13.1, -72.0, -13.11, -72.008);
  const txt = exitText(out, '≈\u00a0', line);
  assert.equal(txt, 'Nearest way out: Huacahuasi (village), 1.4\u00a0km away, bearing 218° (SW); ' +
    '≈\u00a02.4\u00a0km back along the estimated line, ≈\u00a040\u00a0min.');
  // Without a straight line (a recorded trek): as before.
  assert.equal(exitText(out, ''), 'Nearest way out: Huacahuasi (village), 2.4\u00a0km back, 40\u00a0min.');
  // Standing on it.
  assert.equal(exitText({ ...out, distanceM: 10 }, '≈\u00a0', line), 'Nearest way out: here, Huacahuasi (village).');
});

test('junction advice on a sketch gives its along-track distance as an estimate', () => {
  const j = P.waypoints.find((w) => w.type === 'junction' && w.advice);
  assert.ok(j, 'the vectors have a junction with advice');
  // A fix on the line about 300 m before the junction.
  const i = P.d.findIndex((d) => d >= j.along_m - 300);
  const r = whereAmI(P, P.lat[i], P.lon[i], 8, {});
  const sketch = buildView(P, r, { sketch: true, fixTimeMs: 1, nowMs: 1, accuracyM: 8 });
  assert.match(sketch.advice.text, /^In ≈\u00a0\d+\u00a0m: /);
  const recorded = buildView(P, r, { fixTimeMs: 1, nowMs: 1, accuracyM: 8 });
  assert.match(recorded.advice.text, /^In \d+\u00a0m: /);
});

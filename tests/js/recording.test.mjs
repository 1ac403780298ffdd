// The phone's recording rules agree with the server's (tests/vectors/recording.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keepFix, segments, summarise, measuredPace, backToRoute } from '../../static/js/recording.js';

const data = JSON.parse(readFileSync(new URL('../vectors/recording.json', import.meta.url), 'utf8'));
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

function keptOf(raw) {
  const kept = [], idx = [];
  raw.forEach((fix, i) => { if (keepFix(kept[kept.length - 1] || null, fix)) { kept.push(fix); idx.push(i); } });
  return { kept, idx };
}

test('the same fixes are kept as on the server', () => {
  const { idx } = keptOf(data.raw);
  assert.deepEqual(idx, data.expect.kept);
});

test('walked distance, climb, times and pace agree with the server', () => {
  const { kept } = keptOf(data.raw);
  const e = data.expect;
  assert.deepEqual(segments(kept).map((s) => s.length), e.segments);
  const s = summarise(kept);
  close(s.distanceM, e.distance_m, 1e-6, 'distance');
  close(s.ascentM, e.ascent_m, 1e-6, 'ascent');
  close(s.descentM, e.descent_m, 1e-6, 'descent');
  close(s.movingS, e.moving_time_s, 1e-6, 'moving');
  close(s.elapsedS, e.elapsed_time_s, 1e-6, 'elapsed');
  const p = measuredPace(kept);
  close(p.factor, e.pace_factor, 1e-9, 'pace');
  close(p.modelS, e.pace_model_s, 1e-6, 'model time');
  assert.equal(p.trusted, e.pace_trusted);
});

test('rough fixes are refused and back-to-route finds the last near fix', () => {
  assert.equal(keepFix(null, { t: 0, lat: -13.1, lon: -72, acc: 80, ele: null, session: 1 }), false);
  assert.equal(keepFix(null, { t: 0, lat: -13.1, lon: -72, acc: Number.NaN, ele: null, session: 1 }), false);
  assert.equal(backToRoute([1, 2, 3, 4], [10, 20, 200, 300], 50), 1);
  assert.equal(backToRoute([1, 2], [100, 200], 50), null);
});

test('trimming the ends leaves out the first and last metres walked', async () => {
  const { trimEnds } = await import('../../static/js/recording.js');
  const fixes = Array.from({ length: 11 }, (_, k) => ({ t: k * 1000, lat: -13.1 + k * 0.0009, lon: -72, acc: 5, ele: null, session: 1 }));
  // about 100 m between fixes
  assert.equal(trimEnds(fixes, 0, 0).length, 11);
  const cut = trimEnds(fixes, 250, 150);
  assert.deepEqual(cut.map((f) => f.t / 1000), [3, 4, 5, 6, 7, 8]);
  assert.deepEqual(trimEnds(fixes, 5000, 0), []);
});

// Bearing, distance and projection for the map (static/js/map-geo.js), against values worked
// out independently here (spherical trigonometry by hand, Leaflet's published Mercator numbers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  straightLine, straightLineText, straightLineShort, compassHeading, arrowTurnDeg, project,
  metresPerPixel, splitByStage, boundsOf,
} from '../../static/js/map-geo.js';

const close = (a, b, tol, msg) => assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b}`);

test('due south and due east bearings and their words', () => {
  const south = straightLine(-13.0, -72.0, -13.01, -72.0);
  close(south.bearingDeg, 180, 1e-9, 'south');
  close(south.distanceM, 1111.95, 0.5, 'a hundredth of a degree of latitude');
  assert.equal(south.text, 'It is 1.1\u00a0km away, bearing 180° (south)');
  const east = straightLine(0, 0, 0, 0.01);
  close(east.bearingDeg, 90, 1e-9, 'east on the equator');
});

test('south-west in words, degrees rounded, short form', () => {
  assert.equal(straightLineText(1234, 214.4), 'It is 1.2\u00a0km away, bearing 214° (south-west)');
  assert.equal(straightLineText(640, 359.7), 'It is 640\u00a0m away, bearing 0° (north)');
  assert.equal(straightLineText(9, 120), 'You are there (within 15 m).');
  assert.equal(straightLineShort(1234, 214.4), '1.2\u00a0km SW 214°');
});

test('a bearing matches the textbook formula on a long diagonal', () => {
  // Initial bearing from (−13.30, −72.05) to (−13.20, −71.95) by hand:
  const f1 = (-13.3 * Math.PI) / 180, f2 = (-13.2 * Math.PI) / 180, dl = (0.1 * Math.PI) / 180;
  const want = (Math.atan2(Math.sin(dl) * Math.cos(f2),
    Math.cos(f1) * Math.sin(f2) - Math.sin(f1) * Math.cos(f2) * Math.cos(dl)) * 180) / Math.PI;
  close(straightLine(-13.3, -72.05, -13.2, -71.95).bearingDeg, (want + 360) % 360, 1e-9, 'bearing');
});

test('compass heading from device orientation events', () => {
  assert.equal(compassHeading({ webkitCompassHeading: 200, alpha: 10 }), 200);
  assert.equal(compassHeading({ absolute: true, alpha: 90 }), 270);
  assert.equal(compassHeading({ absolute: false, alpha: 90 }), null, 'relative alpha is not tied to north');
  assert.equal(compassHeading({ absolute: true, alpha: null }), null);
  assert.equal(compassHeading({ webkitCompassHeading: 350 }, 90), 80, 'screen turned to landscape');
  assert.equal(compassHeading(null), null);
});

test('the arrow turns by bearing minus heading', () => {
  assert.equal(arrowTurnDeg(214, null), 214);
  assert.equal(arrowTurnDeg(214, 200), 14);
  assert.equal(arrowTurnDeg(10, 350), 20);
});

test('Web Mercator projection as Leaflet computes it', () => {
  assert.deepEqual(project(0, 0, 0), { x: 128, y: 128 });
  const p = project(0, 180, 1);
  close(p.x, 512, 1e-9, 'antimeridian x at zoom 1');
  const north = project(85.0511287798, 0, 0);
  close(north.y, 0, 1e-6, 'top edge of the world');
  // The slippy-map tile formula (OpenStreetMap wiki), worked out in Python:
  // x = 256·2^z·(lon+180)/360, y = 256·2^z·(1 − ln(tan φ + sec φ)/π)/2.
  const q = project(-13.2, -72, 13);
  close(q.x, 629145.6, 1e-6, 'x');
  close(q.y, 1126160.966, 1e-3, 'y');
  close(metresPerPixel(0, 0), 156543.03, 0.01, 'metres per pixel at zoom 0');
});

test('the track cut into days meets at the day boundaries', () => {
  const points = [[0, 0, null, 0], [0, 1, null, 100], [0, 2, null, 200], [0, 3, null, 300]];
  const days = splitByStage(points, [
    { number: 1, start_m: 0, end_m: 150 }, { number: 2, start_m: 150, end_m: 300 },
  ]);
  assert.deepEqual(days[0].line, [[0, 0], [0, 1], [0, 1.5]]);
  assert.deepEqual(days[1].line, [[0, 1.5], [0, 2], [0, 3]]);
  assert.deepEqual(boundsOf(days[1].line), [[0, 1.5], [0, 3]]);
  assert.equal(boundsOf([]), null);
});

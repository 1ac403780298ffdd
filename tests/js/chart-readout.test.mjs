// The profile's touch readout (static/js/chart-readout.js): elevation from the drawn line,
// and the words a hiker reads.
import test from 'node:test';
import assert from 'node:assert/strict';
import { elevationAtX, readoutText } from '../../static/js/chart-readout.js';

const chart = { minEle: 3000, maxEle: 4000, y0: 100, y1: 200, hasElevation: true };

test('elevation is read off the drawn line, between its points', () => {
  const pts = [[50, 200], [150, 100], [250, 150]];
  assert.equal(elevationAtX(pts, 50, chart), 3000);
  assert.equal(elevationAtX(pts, 100, chart), 3500);
  assert.equal(elevationAtX(pts, 150, chart), 4000);
  assert.equal(elevationAtX(pts, 200, chart), 3750);
  assert.equal(elevationAtX(pts, 100, { ...chart, hasElevation: false }), null);
});

test('the readout says km, elevation and the nearest place', () => {
  assert.equal(readoutText(7240, 3812.4, { alongM: 7200, name: 'Huacahuasi' }), 'km 7.2 · 3,812\u00a0m · at Huacahuasi');
  assert.equal(readoutText(5000, null, { alongM: 7200, name: 'Huacahuasi' }), 'km 5.0 · 2.2\u00a0km before Huacahuasi');
  assert.equal(readoutText(9000, 3900, { alongM: 7200, name: 'Huacahuasi' }), 'km 9.0 · 3,900\u00a0m · 1.8\u00a0km after Huacahuasi');
});

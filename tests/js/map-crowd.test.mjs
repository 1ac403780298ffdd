// Which places share a marker (static/js/map-crowd.js): overlap by square targets, the
// junction keeps the marker, and nothing is grouped that a finger can tell apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crowd } from '../../static/js/map-crowd.js';

test('a camp on top of a junction rides with the junction, whatever the order', () => {
  const pts = [{ x: 100, y: 100, type: 'campsite' }, { x: 110, y: 95, type: 'junction' }];
  assert.deepEqual(crowd(pts, 32), [1, 1]);
  assert.deepEqual(crowd([pts[1], pts[0]], 32), [0, 0]);
});

test('places a target apart on either axis keep their own markers', () => {
  const pts = [{ x: 0, y: 0, type: 'water' }, { x: 32, y: 0, type: 'water' }, { x: 0, y: 40, type: 'pass' }];
  assert.deepEqual(crowd(pts, 32), [0, 1, 2]);
});

test('a chain does not pull a far place into a group it does not overlap', () => {
  // b overlaps a and c, but a and c are 50 px apart: b joins the first-ranked, c keeps its own.
  const pts = [{ x: 0, y: 0, type: 'pass' }, { x: 25, y: 0, type: 'water' }, { x: 50, y: 0, type: 'campsite' }];
  assert.deepEqual(crowd(pts, 32), [0, 0, 2]);
});

test('an unknown kind ranks last', () => {
  const pts = [{ x: 0, y: 0, type: 'spring?' }, { x: 1, y: 1, type: 'viewpoint' }];
  assert.deepEqual(crowd(pts, 32), [1, 1]);
});

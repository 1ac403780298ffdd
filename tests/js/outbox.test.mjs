// Pure parts of the outbox: what counts as an acknowledgement, and which state wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const O = require('../../static/js/outbox.js');

test('only a 200 is read for acknowledgements; failures keep the operations', () => {
  assert.equal(O.classify({ status: 200 }), 'results');
  for (const s of [0, 301, 302, 303, 408, 429, 500, 502, 503]) assert.equal(O.classify({ status: s }), 'keep', String(s));
  assert.equal(O.classify({ type: 'opaqueredirect', status: 0 }), 'keep');
  assert.equal(O.classify(undefined), 'keep');
  for (const s of [400, 404, 409, 413, 422]) assert.equal(O.classify({ status: s }), 'refuse', String(s));
});

test('the later state wins, ties broken by op id, as on the server', () => {
  const a = { done: true, at: '2026-06-01T10:00:00.000Z', op_id: 'a' };
  const b = { done: false, at: '2026-06-01T10:05:00.000Z', op_id: 'b' };
  assert.equal(O.later(a, b), b);
  assert.equal(O.later(b, a), b);
  const c = { ...a, op_id: 'c' };
  assert.equal(O.later(a, c), c);
  assert.equal(O.later(null, a), a);
});

test('a pending operation shows only when it is newer than what the page knows', () => {
  const known = { done: true, at: '2026-06-01T10:05:00.000Z', op_id: 'k' };
  const older = { op_id: 'p1', done: false, at: '2026-06-01T10:00:00.000Z' };
  const newer = { op_id: 'p2', done: false, at: '2026-06-01T10:09:00.000Z' };
  assert.deepEqual(O.effectiveTick(null, known, [older]), { ...known, pending: false });
  assert.deepEqual(O.effectiveTick(null, known, [older, newer]),
    { done: false, at: newer.at, op_id: 'p2', pending: true });
  assert.equal(O.effectiveTick(null, null, []), null);
});

test('operations go out per trip in batches, with only the fields the server reads', () => {
  const ops = Array.from({ length: 120 }, (_, i) => ({ op_id: String(i), trip: i % 2 ? 'x' : 'y', target: 'stage:1', done: true, at: 't', label: 'Day 1' }));
  const groups = O.groupByTrip(ops);
  assert.deepEqual([...groups.keys()].sort(), ['x', 'y']);
  assert.deepEqual(O.chunk(groups.get('x'), 50).map((b) => b.length), [50, 10]);
  assert.deepEqual(O.wire(ops[0]), { op_id: '0', trip: 'y', kind: 'tick', target: 'stage:1', at: 't', done: true });
  assert.deepEqual(O.wire({ op_id: '1', trip: 'y', kind: 'note', target: 'wp:a', at: 't', text: 'hi' }),
    { op_id: '1', trip: 'y', kind: 'note', target: 'wp:a', at: 't', text: 'hi' });
});

test('op ids are UUIDs', () => {
  assert.match(O.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('trip URLs come from the server\'s templates, with the token encoded', () => {
  const routes = { tripOps: '/app/t/TOKEN/ops', tripState: '/app/t/TOKEN/state.json', token: 'TOKEN' };
  assert.equal(O.tripUrl('tripOps', 'abc-_1', routes), '/app/t/abc-_1/ops');
  assert.equal(O.tripUrl('tripState', 'a/b?c', routes), '/app/t/a%2Fb%3Fc/state.json');
  assert.throws(() => O.tripUrl('tripOps', 'x', { token: 'TOKEN' }), /no URL for tripOps/);
});

test('operations ask for refusals in the page\'s language; the worker leaves the browser\'s', () => {
  assert.equal(O.pageHeaders()['Accept-Language'], undefined);
  globalThis.document = { documentElement: { lang: 'es', dataset: {} } };
  try {
    assert.deepEqual(O.pageHeaders(),
      { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': 'es' });
  } finally {
    delete globalThis.document;
  }
});

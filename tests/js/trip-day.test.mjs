import { test } from 'node:test';
import assert from 'node:assert/strict';
import { todayFor, trailDateIso, latestDaySetting } from '../../static/js/trip-day.js';

const trip = { start: '2026-06-10', stages: 3, acclimatisation: 2, override: null, overrideAt: null };

test('the calendar picks the day of the trek', () => {
  assert.deepEqual(todayFor(trip, '2026-06-10'), { day: 1, phase: 'trek', overridden: false });
  assert.deepEqual(todayFor(trip, '2026-06-11'), { day: 2, phase: 'trek', overridden: false });
  assert.deepEqual(todayFor(trip, '2026-06-12'), { day: 3, phase: 'trek', overridden: false });
  assert.deepEqual(todayFor(trip, '2026-06-20'), { day: 3, phase: 'after', overridden: false });
});

test('before the start: acclimatisation days, then simply before', () => {
  assert.equal(todayFor(trip, '2026-06-09').phase, 'acclimatisation');
  assert.equal(todayFor(trip, '2026-06-08').phase, 'acclimatisation');
  assert.equal(todayFor(trip, '2026-06-07').phase, 'before');
  assert.equal(todayFor(trip, '2026-06-07').day, 1);
});

test('"I am on day 2" said yesterday means day 3 today, within the trek', () => {
  const said = { ...trip, override: 2, overrideAt: '2026-06-12T12:00:00Z' };  // 07:00 in Peru on the 12th
  assert.deepEqual(todayFor(said, '2026-06-12'), { day: 2, phase: 'trek', overridden: true });
  assert.deepEqual(todayFor(said, '2026-06-13'), { day: 3, phase: 'trek', overridden: true });
  assert.equal(todayFor(said, '2026-06-20').day, 3);
});

test('dates are Peru dates, not the phone zone', () => {
  // 03:00 UTC on the 11th is still the 10th in Peru (UTC−5).
  assert.equal(trailDateIso(new Date('2026-06-11T03:00:00Z')), '2026-06-10');
  assert.equal(trailDateIso(new Date('2026-06-11T05:00:00Z')), '2026-06-11');
});

test("the trail's date agrees with the IANA zone America/Lima, hour by hour, 1995-2040", () => {
  const lima = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Lima', year: 'numeric', month: '2-digit', day: '2-digit' });
  const from = Date.UTC(1995, 0, 1);
  const to = Date.UTC(2041, 0, 1);
  for (let ms = from; ms < to; ms += 3_600_000) {
    const instant = new Date(ms);
    if (trailDateIso(instant) !== lima.format(instant)) assert.fail(`${instant.toISOString()}: ${trailDateIso(instant)}`);
  }
});

test('an unsent day setting on this phone wins over an older one from the server', () => {
  const server = { value: 1, at: '2026-06-11T12:00:00.000Z' };
  const pending = [{ kind: 'setting', target: 'setting:day', value: 3, at: '2026-06-11T13:00:00.000Z' },
    { kind: 'tick', target: 'stage:1', done: true, at: '2026-06-11T14:00:00.000Z' }];
  assert.deepEqual(latestDaySetting(server, pending), { value: 3, at: '2026-06-11T13:00:00.000Z' });
  assert.deepEqual(latestDaySetting(server, []), server);
  assert.equal(latestDaySetting({ value: null, at: null }, []), null);
});

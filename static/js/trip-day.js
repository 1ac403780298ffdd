/**
 * Which day of the trek is today — on the phone, so a Today page opened from the offline
 * cache days after it was saved still opens on the right stage. Mirrors
 * laresapp/trip_ops.py:today_for; tests/js/trip-day.test.mjs keeps the two in step.
 * Dates are the trek's local dates (Peru, UTC−5 all year), whatever zone the phone is set to.
 */

// Peru keeps UTC−5 all year (no daylight saving since 1994), so the trail's date is plain
// arithmetic. Not Intl with timeZone 'America/Lima': its first use loads the zone database,
// which was the largest script cost of opening Today (≈ 220 ms at 4× CPU slowdown, at load).
// tests/js/trip-day.test.mjs checks this against Intl's America/Lima, hour by hour.
const TRAIL_UTC_OFFSET_MS = -5 * 3_600_000;

/** "YYYY-MM-DD" of an instant in Peru. */
export function trailDateIso(instant) {
  return new Date(instant.getTime() + TRAIL_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

function daysBetween(fromIso, toIso) {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/**
 * @param {{start: string, stages: number, acclimatisation: number, override: number|null, overrideAt: string|null}} trip
 * @param {string} todayIso the trek-local date today
 * @returns {{day: number, phase: string, overridden: boolean}}
 */
export function todayFor(trip, todayIso) {
  if (trip.override != null && trip.overrideAt) {
    const saidOn = trailDateIso(new Date(trip.overrideAt));
    const day = trip.override + daysBetween(saidOn, todayIso);
    return { day: Math.max(1, Math.min(trip.stages, day)), phase: 'trek', overridden: true };
  }
  const k = daysBetween(trip.start, todayIso) + 1;
  if (k > trip.stages) return { day: trip.stages, phase: 'after', overridden: false };
  if (k >= 1) return { day: k, phase: 'trek', overridden: false };
  return { day: 1, phase: trip.acclimatisation + k >= 1 ? 'acclimatisation' : 'before', overridden: false };
}

/** The newest day setting among the server's state and this phone's unsent operations. */
export function latestDaySetting(serverDay, pendingOps) {
  let best = serverDay && serverDay.at ? { value: serverDay.value, at: serverDay.at } : null;
  for (const op of pendingOps) {
    if (op.kind !== 'setting' || op.target !== 'setting:day') continue;
    if (!best || Date.parse(op.at) > Date.parse(best.at)) best = { value: op.value, at: op.at };
  }
  return best;
}

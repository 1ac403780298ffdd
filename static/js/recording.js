/**
 * A hike's own recording, on the phone: which fixes to keep, how far and how long the party
 * walked, its pace against the hiking-time model, and where it last was near the trek line.
 *
 * The twin of laresapp/core/track/recording.py (the rules and their reasons are in its
 * docstring); tests/vectors/recording.json keeps the two in agreement.
 * A fix is {t (ms since the epoch), lat, lon, acc (m), ele (m or null), session}.
 */
import { haversineM, toblerSpeedMS } from './where.js';

export const MAX_FIX_ACCURACY_M = 50;
export const MIN_STEP_M = 10;
export const HEARTBEAT_S = 120;
export const GAP_S = 300;
export const MAX_WALK_SPEED_M_S = 3;
export const MOVING_SPEED_M_S = 0.25;
export const CLIMB_HYSTERESIS_M = 5;
export const PACE_STRETCH_M = 200;
export const PACE_TRUST_MODEL_S = 1800;

/** Whether a new fix is worth storing after `last` (the last one kept, or null). */
export function keepFix(last, fix) {
  if (!Number.isFinite(fix.acc) || fix.acc > MAX_FIX_ACCURACY_M) return false;
  if (!last || last.session !== fix.session) return true;
  if ((fix.t - last.t) / 1000 >= HEARTBEAT_S) return true;
  return haversineM(last.lat, last.lon, fix.lat, fix.lon) >= Math.max(MIN_STEP_M, fix.acc);
}

/** Kept fixes cut at every gap: a new session, or more than GAP_S apart. */
export function segments(fixes) {
  const out = [];
  for (const fix of fixes) {
    const seg = out[out.length - 1];
    const last = seg && seg[seg.length - 1];
    const dt = last ? (fix.t - last.t) / 1000 : -1;
    if (last && fix.session === last.session && dt >= 0 && dt <= GAP_S) seg.push(fix);
    else out.push([fix]);
  }
  return out;
}

function step(a, b) {
  const dist = haversineM(a.lat, a.lon, b.lat, b.lon);
  const dt = (b.t - a.t) / 1000;
  return { dist, dt, walking: dt > 0 && dist / dt <= MAX_WALK_SPEED_M_S };
}

function climb(elevations) {
  let up = 0, down = 0, anchor = elevations[0];
  for (const e of elevations.slice(1)) {
    if (e - anchor >= CLIMB_HYSTERESIS_M) { up += e - anchor; anchor = e; }
    else if (anchor - e >= CLIMB_HYSTERESIS_M) { down += anchor - e; anchor = e; }
  }
  return [up, down];
}

const hasEle = (f) => f.ele !== null && f.ele !== undefined && Number.isFinite(f.ele);

/** How far, how much climb and how long the recording walked. */
export function summarise(fixes) {
  let distanceM = 0, movingS = 0, elapsedS = 0, ascentM = 0, descentM = 0;
  const withEle = fixes.length > 0 && fixes.every(hasEle);
  const segs = segments(fixes);
  for (const seg of segs) {
    elapsedS += (seg[seg.length - 1].t - seg[0].t) / 1000;
    for (let i = 1; i < seg.length; i++) {
      const { dist, dt, walking } = step(seg[i - 1], seg[i]);
      if (!walking) continue;
      distanceM += dist;
      if (dist / dt >= MOVING_SPEED_M_S) movingS += dt;
    }
    if (withEle) {
      const [up, down] = climb(seg.map((f) => f.ele));
      ascentM += up; descentM += down;
    }
  }
  return {
    distanceM, movingS, elapsedS, segments: segs.length, fixes: fixes.length,
    ascentM: withEle ? ascentM : null, descentM: withEle ? descentM : null,
  };
}

/** The party's pace factor against Tobler's model, from moving stretches only. */
export function measuredPace(fixes) {
  let model = 0, actual = 0;
  for (const seg of segments(fixes)) {
    let run = 0, rise = 0, spent = 0, startEle = hasEle(seg[0]) ? seg[0].ele : null;
    for (let i = 1; i < seg.length; i++) {
      const b = seg[i];
      const { dist, dt, walking } = step(seg[i - 1], b);
      const bEle = hasEle(b) ? b.ele : null;
      if (!walking || dist / dt < MOVING_SPEED_M_S) {
        startEle = bEle; run = 0; rise = 0; spent = 0;
        continue;
      }
      run += dist; spent += dt;
      if (startEle !== null && bEle !== null) rise = bEle - startEle;
      if (run >= PACE_STRETCH_M) {
        model += run / toblerSpeedMS(rise / run);
        actual += spent;
        startEle = bEle; run = 0; rise = 0; spent = 0;
      }
    }
  }
  return {
    factor: model > 0 ? actual / model : null, modelS: model, movingS: actual,
    trusted: model >= PACE_TRUST_MODEL_S,
  };
}

/** Index of the last fix within thresholdM of the line (offsets measured by the caller). */
export function backToRoute(fixes, offsetsM, thresholdM) {
  for (let i = Math.min(fixes.length, offsetsM.length) - 1; i >= 0; i--) {
    if (offsetsM[i] <= thresholdM) return i;
  }
  return null;
}

/**
 * The fixes left after leaving out the first `startM` and the last `endM` metres walked
 * (the hotel, home): what "Send this recording" shows and sends.
 */
export function trimEnds(fixes, startM, endM) {
  if (fixes.length === 0) return [];
  const along = [0];
  for (let i = 1; i < fixes.length; i++) {
    const a = fixes[i - 1], b = fixes[i];
    along.push(along[i - 1] + (a.session === b.session ? haversineM(a.lat, a.lon, b.lat, b.lon) : 0));
  }
  const total = along[along.length - 1];
  const from = Math.max(0, startM || 0), to = total - Math.max(0, endM || 0);
  return fixes.filter((_, i) => along[i] >= from && along[i] <= to);
}

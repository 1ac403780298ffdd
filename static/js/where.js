// "Where am I", offline: the phone's twin of laresapp/route/{snap,timing,where}.py.
//
// Works from the compact profile the server sends (see compact_profile_json): the
// elevations there are already smoothed and the distances already summed, so this
// file never smooths or re-measures the track; it only snaps, counts and times.
// Same constants and formulas as the Python code; tests/vectors/where.json keeps
// the two in agreement (node --test tests/js/). Its only import is the words (i18n.js).
import { t, pageLang } from './i18n.js';

export const EARTH_RADIUS_M = 6371008.8;
export const HINT_WINDOW_M = 1000;
export const HINT_ACCEPT_M = 60;
export const TIE_M = 5;
const EDGE_M = 1;
export const TOBLER_MAX_SPEED_KMH = 6;
export const TOBLER_SLOPE_FACTOR = 3.5;
export const TOBLER_SLOPE_OFFSET = 0.05;
export const MAX_SLOPE = 0.5;
export const AHEAD_KINDS = ['pass', 'junction', 'campsite', 'water'];
export const AT_TOLERANCE_M = 25;
export const OFF_ROUTE_BASE_M = 30;
export const MAX_ACCURACY_M = 500;
export const CONFIRM_FIXES = 2;
export const MODEL_DESCRIPTION =
  "Walking times use Tobler's hiking function (about 5 km/h on the flat, slower on " +
  'climbs and steep descents), without breaks.';

/**
 * @typedef {{slug: string, name: string, type: string, along_m: number, stage: number,
 *   advice: string|null}} Waypoint
 * @typedef {{number: number, start_m: number, end_m: number}} Stage
 * @typedef {{lat: Float64Array, lon: Float64Array, d: Float64Array,
 *   ele: Float64Array|null, lengthM: number, waypoints: Waypoint[], stages: Stage[],
 *   sums: {up: Float64Array, down: Float64Array, time: Float64Array}|null}} Profile
 *   (waypoints sorted by along_m; sums: running totals when there is elevation)
 * @typedef {{index: number, fraction: number, alongM: number, offsetM: number,
 *   latDeg: number, lonDeg: number, bearingToTrackDeg: number}} Snap
 * @typedef {{kind: string, slug: string, name: string, distanceM: number,
 *   ascentM: number|null, descentM: number|null, timeS: number, advice: string|null}} Ahead
 * @typedef {{alongM: number, offsetM: number, stageNumber: number|null,
 *   stageProgress: number|null, ahead: Ahead[], offRoute: boolean,
 *   bearingToTrackDeg: number}} WhereResult
 */

/** A fix too poor to use; `code` is "bad_position", "no_accuracy" or "too_inaccurate". */
export class NoFixError extends Error {
  /** @param {string} code */
  constructor(code) {
    super('Waiting for a usable GPS position.');
    this.name = 'NoFixError';
    this.code = code;
  }
}

/**
 * A waypoint's name and advice in the page's language where the trek has it:
 * profile.json gives them in the document's language plus every language it has
 * (waypoint_texts), so the same saved file serves the English and the Spanish pages.
 * @param {any} w @param {any} texts @param {string} lang
 */
function inLanguage(w, texts, lang) {
  const own = texts && texts[w.slug];
  if (!own) return w;
  const out = { ...w };
  for (const key of ['name', 'advice']) if (own[key] && own[key][lang]) out[key] = own[key][lang];
  return out;
}

/**
 * Turn the downloaded JSON into typed arrays once, so each fix is cheap.
 * @param {any} data compact profile ({v, has_elevation, points, waypoints, stages})
 * @returns {Profile}
 */
export function loadProfile(data) {
  if (!data || data.v !== 1) throw new Error(t('This track profile has a version the app does not know.'));
  const pts = data.points;
  if (!Array.isArray(pts) || pts.length < 2) throw new Error(t('The track needs at least two points.'));
  const n = pts.length;
  const lat = new Float64Array(n), lon = new Float64Array(n), d = new Float64Array(n);
  const ele = data.has_elevation ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const p = pts[i];
    lat[i] = p[0]; lon[i] = p[1]; d[i] = p[3];
    if (ele) ele[i] = p[2];
  }
  const lang = pageLang();
  const waypoints = (data.waypoints || [])
    .map((w) => inLanguage(w, data.waypoint_texts, lang))
    .sort((x, y) => x.along_m - y.along_m);
  const uncertainty = Number(data.line_uncertainty_m);
  const p = {
    lat, lon, d, ele, lengthM: d[n - 1], waypoints, stages: data.stages || [], sums: null,
    // A sketch's stated uncertainty, metres: "far from the line" only beyond it.
    uncertaintyM: data.data_quality === 'sketch' && Number.isFinite(uncertainty) && uncertainty > 0 ? uncertainty : 0,
  };
  if (ele) p.sums = cumulative(d, ele);
  return p;
}

/** @param {number} x */
const rad = (x) => (x * Math.PI) / 180;

/** Great-circle distance, metres (same as geometry.haversine_m). */
export function haversineM(lat1, lon1, lat2, lon2) {
  const p1 = rad(lat1), p2 = rad(lat2), dp = p2 - p1, dl = rad(lon2 - lon1);
  const a = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Compass bearing, degrees clockwise from north, from point 1 to point 2. */
export function initialBearingDeg(lat1, lon1, lat2, lon2) {
  const p1 = rad(lat1), p2 = rad(lat2), dl = rad(lon2 - lon1);
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  const deg = (Math.atan2(y, x) * 180) / Math.PI;
  return ((deg % 360) + 360) % 360;
}

/** Python's bisect_right: first index with a[i] > x. */
function bisectRight(a, x) {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (x < a[mid]) hi = mid; else lo = mid + 1; }
  return lo;
}

/** Python's bisect_left: first index with a[i] >= x. */
function bisectLeft(a, x) {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

const validPosition = (lat, lon) =>
  Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;

/**
 * Nearest point of the track (see snap.py for the search rule and ties).
 * @param {Profile} p
 * @param {number} latDeg
 * @param {number} lonDeg
 * @param {{hintAlongM?: number|null, minAlongM?: number}} [opts]
 * @returns {Snap}
 */
export function snapToTrack(p, latDeg, lonDeg, opts = {}) {
  if (!validPosition(latDeg, lonDeg)) throw new Error(t('The position ({lat}, {lon}) is not a valid location.', { lat: String(latDeg), lon: String(lonDeg) }));
  let hint = opts.hintAlongM ?? null;
  if (hint !== null && !Number.isFinite(hint)) hint = null;
  const minAlong = opts.minAlongM ?? 0;
  const L = p.lengthM;
  const loM = Math.min(Math.max(minAlong, 0), L);
  if (hint !== null) {
    const wLo = Math.max(loM, hint - HINT_WINDOW_M);
    const wHi = Math.min(L, hint + HINT_WINDOW_M);
    if (wHi >= wLo) {
      const best = search(p, latDeg, lonDeg, wLo, wHi, hint);
      const atEdge = (best.alongM - wLo <= EDGE_M && wLo > loM) || (wHi - best.alongM <= EDGE_M && wHi < L);
      if (best.offsetM <= HINT_ACCEPT_M && !atEdge) return best;
    }
  }
  return search(p, latDeg, lonDeg, loM, L, hint);
}

/**
 * @param {Profile} p
 * @returns {Snap}
 */
function search(p, latDeg, lonDeg, loM, hiM, hint) {
  const { d, lat, lon } = p;
  const lastSeg = d.length - 2;
  const i0 = Math.min(Math.max(bisectRight(d, loM) - 1, 0), lastSeg);
  const i1 = Math.min(Math.max(bisectLeft(d, hiM) - 1, i0), lastSeg);
  const ky = (EARTH_RADIUS_M * Math.PI) / 180;
  const kx = ky * Math.cos(rad(latDeg));
  const m = i1 - i0 + 1;
  const d2s = new Float64Array(m), ts = new Float64Array(m);
  let best = Infinity;
  for (let i = i0; i <= i1; i++) {
    const ax = (lon[i] - lonDeg) * kx, ay = (lat[i] - latDeg) * ky;
    const bx = (lon[i + 1] - lonDeg) * kx, by = (lat[i + 1] - latDeg) * ky;
    const dx = bx - ax, dy = by - ay;
    const seg2 = dx * dx + dy * dy;
    let t = seg2 <= 0 ? 0 : -(ax * dx + ay * dy) / seg2;
    const span = d[i + 1] - d[i];
    const tLo = span > 0 && d[i] < loM ? (loM - d[i]) / span : 0;
    const tHi = span > 0 && d[i + 1] > hiM ? (hiM - d[i]) / span : 1;
    t = Math.min(Math.max(t, tLo), tHi);
    const px = ax + t * dx, py = ay + t * dy;
    const d2 = px * px + py * py;
    d2s[i - i0] = d2; ts[i - i0] = t;
    if (d2 < best) best = d2;
  }
  const limit = (Math.sqrt(best) + TIE_M) ** 2;
  let chosenKey = Infinity, chosen = -1;
  for (let k = 0; k < m; k++) {
    const d2 = d2s[k];
    if (d2 > limit) continue;
    if ((k > 0 && d2s[k - 1] < d2) || (k + 1 < m && d2s[k + 1] < d2)) continue;
    const i = i0 + k;
    const along = d[i] + ts[k] * (d[i + 1] - d[i]);
    const key = hint === null ? along : Math.abs(along - hint);
    if (chosen < 0 || key < chosenKey) { chosenKey = key; chosen = k; }
  }
  const i = i0 + chosen, t = ts[chosen];
  const plat = lat[i] + t * (lat[i + 1] - lat[i]);
  const plon = lon[i] + t * (lon[i + 1] - lon[i]);
  return {
    index: i, fraction: t, alongM: d[i] + t * (d[i + 1] - d[i]),
    offsetM: haversineM(latDeg, lonDeg, plat, plon), latDeg: plat, lonDeg: plon,
    bearingToTrackDeg: initialBearingDeg(latDeg, lonDeg, plat, plon),
  };
}

function interp(p, values, along) {
  const d = p.d;
  const i = Math.min(Math.max(bisectRight(d, along) - 1, 0), d.length - 2);
  const span = d[i + 1] - d[i];
  const t = span <= 0 ? 0 : Math.min(Math.max((along - d[i]) / span, 0), 1);
  return values[i] + t * (values[i + 1] - values[i]);
}

/**
 * Climb, descent and Tobler time (pace 1) of a section: the same sum over the
 * same pieces as profile.section_m + timing.walking_time_s (interpolated first
 * and last piece, whole segments between), but the whole segments come from
 * running totals built once in loadProfile, so a fix costs O(log n), not O(n).
 */
function sectionSums(p, startM, endM) {
  if (!Number.isFinite(startM) || !Number.isFinite(endM)) throw new Error(t('A distance along the track is not a number.'));
  if (endM < startM) throw new Error(t('A section of the track must end after it starts.'));
  const a = Math.min(Math.max(startM, 0), p.lengthM), b = Math.min(Math.max(endM, 0), p.lengthM);
  if (!p.ele) return { up: null, down: null, time: (b - a) / toblerSpeedMS(0) };
  const d = p.d, e = p.ele, sums = /** @type {NonNullable<Profile["sums"]>} */ (p.sums);
  const i = bisectRight(d, a); // first vertex strictly after a
  const j = bisectLeft(d, b) - 1; // last vertex strictly before b
  let up = 0, down = 0, time = 0;
  const piece = (d0, e0, d1, e1) => {
    const de = e1 - e0, run = d1 - d0;
    if (de > 0) up += de; else down -= de;
    if (run > 0) time += run / toblerSpeedMS(de / run);
  };
  const ea = interp(p, e, a), eb = interp(p, e, b);
  if (i > j) {
    piece(a, ea, b, eb);
  } else {
    piece(a, ea, d[i], e[i]);
    up += sums.up[j] - sums.up[i];
    down += sums.down[j] - sums.down[i];
    time += sums.time[j] - sums.time[i];
    piece(d[j], e[j], b, eb);
  }
  return { up, down, time };
}

/**
 * Running climb, descent and time from the start to each vertex (built once).
 * @param {Float64Array} d
 * @param {Float64Array} e
 */
function cumulative(d, e) {
  const n = d.length;
  const up = new Float64Array(n), down = new Float64Array(n), time = new Float64Array(n);
  for (let k = 0; k < n - 1; k++) {
    const de = e[k + 1] - e[k], run = d[k + 1] - d[k];
    up[k + 1] = up[k] + (de > 0 ? de : 0);
    down[k + 1] = down[k] + (de > 0 ? 0 : -de);
    time[k + 1] = time[k] + (run > 0 ? run / toblerSpeedMS(de / run) : 0);
  }
  return { up, down, time };
}

/**
 * Climb and descent, metres, on the smoothed profile; null without elevation.
 * @param {Profile} p
 * @returns {[number, number]|null}
 */
export function ascentDescentM(p, startM, endM) {
  const { up, down } = sectionSums(p, startM, endM);
  return up === null || down === null ? null : [up, down];
}

/** Tobler speed, m/s, for a slope (rise over run), capped at ±MAX_SLOPE. */
export function toblerSpeedMS(slope) {
  const s = Math.min(Math.max(slope, -MAX_SLOPE), MAX_SLOPE);
  return (TOBLER_MAX_SPEED_KMH * Math.exp(-TOBLER_SLOPE_FACTOR * Math.abs(s + TOBLER_SLOPE_OFFSET))) / 3.6;
}

/**
 * Walking time, seconds, without breaks (timing.walking_time_s).
 * @param {Profile} p
 * @returns {number}
 */
export function walkingTimeS(p, startM, endM, paceFactor = 1) {
  if (!(Number.isFinite(paceFactor) && paceFactor > 0)) throw new Error(t('The pace factor must be a positive number.'));
  return sectionSums(p, startM, endM).time * paceFactor;
}

/**
 * The no-fix code for a fix, or null when it is usable (where.check_fix).
 * @returns {string|null}
 */
export function checkFix(latDeg, lonDeg, accuracyM) {
  if (latDeg == null || lonDeg == null || !validPosition(latDeg, lonDeg)) return 'bad_position';
  if (accuracyM == null || !Number.isFinite(accuracyM) || accuracyM < 0) return 'no_accuracy';
  if (accuracyM > MAX_ACCURACY_M) return 'too_inaccurate';
  return null;
}

/** OsmAnd's off-route distance: 2 × (30 m + accuracy). */
export const offRouteThresholdM = (accuracyM) => 2 * (OFF_ROUTE_BASE_M + accuracyM);

/**
 * How far from the line before the phone says so: OsmAnd's rule on a recorded track; on a
 * sketch, the uncertainty the trek states when that is larger (no false alarms from a
 * line that is only an estimate).
 */
export const offLineThresholdM = (p, accuracyM) => Math.max(offRouteThresholdM(accuracyM), p.uncertaintyM || 0);

/** @param {Stage[]} stages @returns {Stage|null} */
export function currentStage(stages, along) {
  for (const s of stages) if (s.start_m <= along && along < s.end_m) return s;
  for (let k = stages.length - 1; k >= 0; k--) {
    const s = stages[k];
    if (s.start_m <= along && along <= s.end_m) return s;
  }
  return null;
}

function ahead(p, kind, slug, name, advice, fromM, toM, pace) {
  const end = Math.max(fromM, toM);
  const { up, down, time } = sectionSums(p, fromM, end);
  return { kind, slug, name, distanceM: end - fromM, ascentM: up, descentM: down, timeS: time * pace, advice: advice ?? null };
}

/**
 * One fix → position on the track and what lies ahead. Throws NoFixError for a
 * fix too poor to use ("waiting for GPS").
 * @param {Profile} p
 * @param {number} latDeg
 * @param {number} lonDeg
 * @param {number|null} accuracyM
 * @param {{hintAlongM?: number|null, paceFactor?: number}} [opts]
 * @returns {WhereResult}
 */
export function whereAmI(p, latDeg, lonDeg, accuracyM, opts = {}) {
  const code = checkFix(latDeg, lonDeg, accuracyM);
  if (code) throw new NoFixError(code);
  const pace = opts.paceFactor ?? 1;
  const snap = snapToTrack(p, latDeg, lonDeg, { hintAlongM: opts.hintAlongM ?? null });
  const along = snap.alongM;
  if (!(Number.isFinite(pace) && pace > 0)) throw new Error(t('The pace factor must be a positive number.'));
  const ordered = p.waypoints;
  /** @type {Ahead[]} */
  const out = [];
  for (const kind of AHEAD_KINDS) {
    const w = ordered.find((x) => x.type === kind && x.along_m > along - AT_TOLERANCE_M);
    if (w) out.push(ahead(p, kind, w.slug, w.name, w.advice, along, w.along_m, pace));
  }
  const stage = currentStage(p.stages, along);
  let progress = null;
  if (stage) {
    const span = stage.end_m - stage.start_m;
    progress = span <= 0 ? 1 : Math.min(Math.max((along - stage.start_m) / span, 0), 1);
    out.push(ahead(p, 'stage_end', `stage-${stage.number}-end`, t('End of stage {n}', { n: stage.number }), null,
      along, stage.end_m, pace));
  }
  out.sort((x, y) => x.distanceM - y.distanceM);
  return {
    alongM: along, offsetM: snap.offsetM, stageNumber: stage ? stage.number : null,
    stageProgress: progress, ahead: out, offRoute: snap.offsetM > offLineThresholdM(p, /** @type {number} */ (accuracyM)),
    bearingToTrackDeg: snap.bearingToTrackDeg,
  };
}

/**
 * Alarm only after CONFIRM_FIXES consecutive off-route verdicts; null (no fix)
 * changes nothing, an on-route fix clears it.
 */
export class OffRouteMonitor {
  constructor(confirmFixes = CONFIRM_FIXES) {
    if (!(confirmFixes >= 1)) throw new Error(t('Confirmation needs at least one fix.'));
    this.confirmFixes = confirmFixes;
    this.count = 0;
  }
  get alarm() { return this.count >= this.confirmFixes; }
  /** @param {boolean|null} offRoute @returns {boolean} */
  update(offRoute) {
    if (offRoute === true) this.count += 1;
    else if (offRoute === false) this.count = 0;
    return this.alarm;
  }
}

// Pure functions for the map and the "which way" lines: bearing and distance in words, the
// compass arrow's turn, Web Mercator projection, and the track cut into days. No DOM, no
// Leaflet: node --test checks them (tests/js/map-geo.test.mjs). Distance and bearing are the
// great-circle ones "Where am I?" already uses (where.js), the compass words where-view.js's.
import { haversineM, initialBearingDeg } from './where.js';
import { compassWord, compassShort, formatDistance } from './where-view.js';
import { t } from './i18n.js';

export { haversineM, initialBearingDeg, compassWord };

const TILE_SIZE = 256;
const MAX_MERCATOR_LAT = 85.0511287798;

/**
 * Straight line from a fix to a place: {distanceM, bearingDeg, text}.
 * text: "It is 1.2 km away, bearing 214° (south-west)" (or "You are there" within 15 m).
 */
export function straightLine(fromLat, fromLon, toLat, toLon) {
  const distanceM = haversineM(fromLat, fromLon, toLat, toLon);
  const bearingDeg = initialBearingDeg(fromLat, fromLon, toLat, toLon);
  return { distanceM, bearingDeg, text: straightLineText(distanceM, bearingDeg) };
}

export function straightLineText(distanceM, bearingDeg) {
  if (distanceM < 15) return t('You are there (within 15 m).');
  const deg = Math.round(bearingDeg) % 360;
  return t('It is {distance} away, bearing {deg}° ({direction})',
    { distance: formatDistance(distanceM), deg: String(deg), direction: compassWord(bearingDeg) });
}

/** Short form for table cells: "1.2 km SW 214°". */
export function straightLineShort(distanceM, bearingDeg) {
  return `${formatDistance(distanceM)} ${compassShort(bearingDeg)} ${Math.round(bearingDeg) % 360}°`;
}

/**
 * Which way the phone's top points, degrees clockwise from north, from a
 * DeviceOrientationEvent; null when the event gives no compass heading.
 * iOS: webkitCompassHeading. Others: alpha counts anticlockwise, and only an absolute
 * event (deviceorientationabsolute, or absolute: true) is tied to north.
 */
export function compassHeading(event, screenAngleDeg = 0) {
  if (!event) return null;
  let heading = null;
  if (Number.isFinite(event.webkitCompassHeading)) heading = event.webkitCompassHeading;
  else if (event.absolute && Number.isFinite(event.alpha)) heading = 360 - event.alpha;
  if (heading === null) return null;
  return (((heading + screenAngleDeg) % 360) + 360) % 360;
}

/** How far to turn an arrow drawn pointing up so it points along `bearingDeg` on a phone facing `headingDeg`. */
export function arrowTurnDeg(bearingDeg, headingDeg) {
  const turn = headingDeg == null ? bearingDeg : bearingDeg - headingDeg;
  return ((turn % 360) + 360) % 360;
}

/** Web Mercator: a point's world pixel coordinates at a zoom (256-px tiles, as Leaflet's EPSG3857). */
export function project(latDeg, lonDeg, zoom) {
  const scale = TILE_SIZE * 2 ** zoom;
  const lat = Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, latDeg));
  const s = Math.sin((lat * Math.PI) / 180);
  return {
    x: scale * (0.5 + lonDeg / 360),
    y: scale * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)),
  };
}

/** Ground metres per screen pixel at a latitude and zoom (for the scale bar and checks). */
export function metresPerPixel(latDeg, zoom) {
  return (Math.cos((latDeg * Math.PI) / 180) * 2 * Math.PI * 6378137) / (TILE_SIZE * 2 ** zoom);
}

/**
 * The track cut into one run of [lat, lon] per stage, each run starting and ending exactly at
 * the stage's bounds (points interpolated there), so the days meet without gaps.
 * @param {number[][]} points [lat, lon, ele, distance_m]
 * @param {{number: number, start_m: number, end_m: number}[]} stages
 */
export function splitByStage(points, stages) {
  return stages.map((s) => ({ number: s.number, line: slice(points, s.start_m, s.end_m) }));
}

function at(points, i, m) {
  const a = points[i - 1], b = points[i];
  const span = b[3] - a[3];
  const f = span > 0 ? (m - a[3]) / span : 0;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
}

function slice(points, startM, endM) {
  const line = [];
  for (let i = 0; i < points.length; i++) {
    const d = points[i][3];
    if (d < startM) continue;
    if (line.length === 0 && i > 0 && d > startM) line.push(at(points, i, startM));
    if (d > endM) {
      if (i > 0) line.push(at(points, i, endM));
      break;
    }
    line.push([points[i][0], points[i][1]]);
  }
  return line;
}

/** [[south, west], [north, east]] around some [lat, lon] points, or null when there are none. */
export function boundsOf(latLons) {
  if (latLons.length === 0) return null;
  let s = Infinity, w = Infinity, n = -Infinity, e = -Infinity;
  for (const [lat, lon] of latLons) {
    s = Math.min(s, lat); n = Math.max(n, lat); w = Math.min(w, lon); e = Math.max(e, lon);
  }
  return [[s, w], [n, e]];
}

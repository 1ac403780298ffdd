/**
 * A recording as GPX 1.1, written on the phone (works offline): one <trk> a day (Peru's
 * calendar day), one <trkseg> a segment, so gaps stay gaps in Gaia, OsmAnd or a Garmin;
 * waypoints the party ticked become <wpt> at the place and time the recording had then.
 */
import { t } from './i18n.js';
import { segments } from './recording.js';

const PERU_OFFSET_MS = -5 * 3600 * 1000; // UTC−5 all year (laresapp/core/planning/sun.py)

export const trailDay = (tMs) => new Date(tMs + PERU_OFFSET_MS).toISOString().slice(0, 10);

const esc = (s) => String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[c]));
const iso = (tMs) => new Date(tMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

function point(tag, f) {
  const ele = f.ele !== null && f.ele !== undefined && Number.isFinite(f.ele) ? `<ele>${f.ele.toFixed(1)}</ele>` : '';
  return `<${tag} lat="${f.lat.toFixed(7)}" lon="${f.lon.toFixed(7)}">${ele}<time>${iso(f.t)}</time>`;
}

/** The fix nearest in time to tMs (fixes sorted by time), or null. */
export function fixAt(fixes, tMs) {
  let best = null;
  for (const f of fixes) if (!best || Math.abs(f.t - tMs) < Math.abs(best.t - tMs)) best = f;
  return best;
}

/**
 * @param {{t:number,lat:number,lon:number,ele:number|null,session:number}[]} fixes kept fixes, oldest first
 * @param {{name: string, ticked?: {name: string, atMs: number}[]}} o
 * @returns {string}
 */
export function recordingToGpx(fixes, o) {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="laresapp" xmlns="http://www.topografix.com/GPX/1/1">',
    `<metadata><name>${esc(o.name)}</name><desc>Recorded on a phone with laresapp: a real walk, with gaps where the app was closed.</desc>` +
    (fixes.length ? `<time>${iso(fixes[0].t)}</time>` : '') + '</metadata>'];
  for (const w of o.ticked || []) {
    const f = fixAt(fixes, w.atMs);
    if (f) out.push(`${point('wpt', { ...f, t: w.atMs })}<name>${esc(w.name)}</name></wpt>`);
  }
  const days = new Map();
  for (const seg of segments(fixes)) {
    const day = trailDay(seg[0].t);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(seg);
  }
  let n = 0;
  for (const [day, segs] of days) {
    n += 1;
    out.push(`<trk><name>${esc(t('Day {n} ({date})', { n, date: day }))}</name>`);
    for (const seg of segs) {
      out.push('<trkseg>');
      for (const f of seg) out.push(`${point('trkpt', f)}</trkpt>`);
      out.push('</trkseg>');
    }
    out.push('</trk>');
  }
  out.push('</gpx>');
  return out.join('\n') + '\n';
}

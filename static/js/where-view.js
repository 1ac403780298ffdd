// "Where am I": from a where.js result to the words and numbers the widget shows.
//
// Pure functions, no DOM, so node --test can check every rule a hiker relies on:
// a stale fix is never shown as fresh, a position far from the trek gets no numbers,
// a trek without elevation says climbs are unknown, junction advice comes forward
// when the junction is near. where-ui.js only copies this view into the page.
import { ascentDescentM, walkingTimeS, toblerSpeedMS } from './where.js';
import { t, num } from './i18n.js';

/** A fix older than this is "stale": its numbers are greyed and labelled with their age. */
export const STALE_AFTER_S = 60;
/** Farther than this from the line, along-track numbers would be fiction: none are shown. */
export const FAR_FROM_TREK_M = 5000;
/** Junction advice is shown big when the junction is this close ahead. */
export const JUNCTION_NEAR_M = 500;
/** Within this of a stage's ends the hiker counts as on that stage (a camp is both). */
const STAGE_EDGE_M = 25;

export const ROW_KINDS = ['pass', 'junction', 'campsite', 'water', 'stage_end'];
const ROW_LABELS = () => ({ pass: t('Next pass'), junction: t('Next junction'), campsite: t('Next camp'), water: t('Next water') });

/** "350 m" below a kilometre (to 10 m), "2.4 km" above ("2,4 km" in Spanish). */
export function formatDistance(m) {
  if (!Number.isFinite(m)) return '–';
  if (m < 995) return `${num(Math.round(m / 10) * 10)}\u00a0m`; // no-break space: never "350 / m"
  return `${num(m / 1000, 1)}\u00a0km`;
}

/** "1,240 m" with a thousands separator ("1.240 m" in Spanish), like the server's |elev filter. */
export function metres(m) {
  return `${num(Math.round(m))}\u00a0m`; // never "−0 / m"
}

/** "+420 m / −130 m", or "unknown" when the track has no elevation. */
export function formatClimb(ascentM, descentM) {
  if (ascentM == null || descentM == null) return t('unknown');
  return `+${metres(ascentM)} / −${metres(descentM)}`;
}

/** Minutes under 10 min; otherwise rounded to 5 min like the server ("2 h 05 min"). */
export function formatDuration(s) {
  if (!Number.isFinite(s)) return '–';
  if (s < 30) return t('under 1 min');
  const minutes = s < 600 ? Math.round(s / 60) : Math.round(s / 300) * 5;
  const h = Math.floor(minutes / 60), mins = minutes % 60;
  if (h && mins) return `${h}\u00a0h\u00a0${String(mins).padStart(2, '0')}\u00a0min`; // never "45 / min"
  if (h) return `${h}\u00a0h`;
  return `${mins}\u00a0min`;
}

const COMPASS = () => [t('north'), t('north-east'), t('east'), t('south-east'), t('south'), t('south-west'), t('west'), t('north-west')];
const COMPASS_SHORT = () => [t('N'), t('NE'), t('E'), t('SE'), t('S'), t('SW'), t('W'), t('NW')];
const octant = (deg) => Math.round((((deg % 360) + 360) % 360) / 45) % 8;

/** Bearing in degrees → one of eight compass words. */
export function compassWord(deg) {
  return COMPASS()[octant(deg)];
}

/** Bearing in degrees → "SW" ("SO" in Spanish). */
export function compassShort(deg) {
  return COMPASS_SHORT()[octant(deg)];
}

/** "just now", "40 s ago", "3 min ago", "2 h ago". */
export function formatAge(ageS) {
  if (!Number.isFinite(ageS) || ageS < 5) return t('just now');
  if (ageS < 90) return t('{n} s ago', { n: Math.round(ageS) });
  if (ageS < 5400) return t('{n} min ago', { n: Math.round(ageS / 60) });
  return t('{n} h ago', { n: Math.round(ageS / 3600) });
}

/** A fix is stale when it is older than STALE_AFTER_S (a clock in the future counts as fresh). */
export function isStale(fixTimeMs, nowMs) {
  return !Number.isFinite(fixTimeMs) || (nowMs - fixTimeMs) / 1000 > STALE_AFTER_S;
}

/** Calm words for a fix where.js refused (NoFixError codes). */
export function noFixMessage(code, accuracyM) {
  if (code === 'too_inaccurate') {
    return t("The phone's position is too rough (±{accuracy}) to place you on the trail. " +
      'Waiting for a better GPS fix — a clear view of the sky helps.', { accuracy: formatDistance(accuracyM) });
  }
  if (code === 'no_accuracy') return t('The phone gave a position without saying how accurate it is. Waiting for GPS…');
  return t('The phone gave an unusable position. Waiting for GPS…');
}

/** Messages for the browser's geolocation errors (1 denied, 2 unavailable, 3 timeout). */
export function geoErrorMessage(code) {
  if (code === 1) {
    return t("Location is not allowed for this site. To allow it: open the browser's site settings " +
      '(the icon left of the address, or Settings → Site settings → Location) and allow location; ' +
      'on iPhone: Settings → Privacy → Location Services → Safari Websites → While Using. Then tap “Where am I?” again.');
  }
  if (code === 2) return t('The phone has no GPS position yet. Waiting for GPS… (outside, with open sky, a first fix can take a few minutes).');
  return t('Still waiting for GPS… a first fix in airplane mode can take a few minutes.');
}

/** Smoothed elevation at an along-track distance, or null without elevation. */
export function elevationAt(p, alongM) {
  if (!p.ele) return null;
  const d = p.d;
  let lo = 0, hi = d.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (alongM < d[mid]) hi = mid; else lo = mid + 1; }
  const i = Math.min(Math.max(lo - 1, 0), d.length - 2);
  const span = d[i + 1] - d[i];
  const t = span <= 0 ? 0 : Math.min(Math.max((alongM - d[i]) / span, 0), 1);
  return p.ele[i] + t * (p.ele[i + 1] - p.ele[i]);
}

/**
 * Where the "you are here" marker goes on a chart, in viewBox units, or null when the
 * position lies outside the chart's along-track range.
 * @param {{startM:number,endM:number,minEle:number,maxEle:number,x0:number,x1:number,y0:number,y1:number,hasElevation:boolean}} chart
 */
export function markerPosition(chart, alongM, elevationM) {
  const span = chart.endM - chart.startM;
  if (!(span > 0) || alongM < chart.startM - 1 || alongM > chart.endM + 1) return null;
  const f = Math.min(Math.max((alongM - chart.startM) / span, 0), 1);
  const x = chart.x0 + f * (chart.x1 - chart.x0);
  let y = (chart.y0 + chart.y1) / 2;
  if (chart.hasElevation && elevationM != null && chart.maxEle > chart.minEle) {
    const g = Math.min(Math.max((elevationM - chart.minEle) / (chart.maxEle - chart.minEle), 0), 1);
    y = chart.y1 - g * (chart.y1 - chart.y0);
  }
  return { x, y, fraction: f };
}

/**
 * The row for the end of the page's stage (the Today page or a stage page), rather
 * than of whichever stage the position falls in: the hiker asked about this day.
 */
function stageEndRow(p, stage, alongM, pace) {
  const end = Math.max(alongM, stage.end_m);
  const ud = ascentDescentM(p, alongM, end);
  return {
    kind: 'stage_end', slug: `stage-${stage.number}-end`, name: t('End of day {n}', { n: stage.number }),
    distanceM: end - alongM, ascentM: ud ? ud[0] : null, descentM: ud ? ud[1] : null,
    timeS: walkingTimeS(p, alongM, end, pace), advice: null,
  };
}

/** Walking time back along the route, from `fromM` down to `toM` (< fromM): each slope
 * walked the other way, so a climb behind you is a descent on the way back. */
export function backTimeS(p, fromM, toM, pace = 1) {
  const STEP = 25;
  let t = 0;
  for (let a = fromM; a > toM; a -= STEP) {
    const b = Math.max(a - STEP, toM);
    const ea = elevationAt(p, a), eb = elevationAt(p, b);
    const slope = ea == null || eb == null ? 0 : (eb - ea) / (a - b);
    t += (a - b) / toblerSpeedMS(slope);
  }
  return t * pace;
}

/**
 * The nearest way off the route (a village, road, trailhead or transport: `types`),
 * forward or back, with its distance and walking time; null when the trek marks none.
 */
export function nearestWayOut(p, alongM, types, pace = 1) {
  let best = null;
  for (const w of p.waypoints) {
    if (!types.includes(w.type)) continue;
    if (!best || Math.abs(w.along_m - alongM) < Math.abs(best.along_m - alongM)) best = w;
  }
  if (!best) return null;
  const back = best.along_m < alongM;
  return {
    name: best.name, type: best.type, slug: best.slug, back,
    distanceM: Math.abs(best.along_m - alongM),
    timeS: back ? backTimeS(p, alongM, best.along_m, pace) : walkingTimeS(p, alongM, best.along_m, pace),
  };
}

/**
 * The place a row leads to, with its position, for the straight line on a sketch: the row's
 * waypoint, or for "End of day N" the waypoint where the page's stage ends; null without one.
 */
export function rowPlace(p, row, stage = null) {
  const ok = (w) => w && Number.isFinite(w.lat) && Number.isFinite(w.lon);
  const w = p.waypoints.find((x) => x.slug === row.slug);
  if (ok(w)) return w;
  if (row.kind !== 'stage_end' || !stage) return null;
  const end = p.waypoints.find((x) => ok(x) && Math.abs(x.along_m - stage.end_m) <= STAGE_EDGE_M);
  return end || null;
}

/**
 * A straight line (map-geo.js's straightLine: distance and bearing from the fix) as it
 * leads a row on a sketch: "1.2 km away, bearing 214° (SW)".
 */
export function straightText(line) {
  if (line.distanceM < 15) return t('You are there (within 15 m)');
  return t('{distance} away, bearing {deg}° ({direction})', {
    distance: formatDistance(line.distanceM), deg: String(Math.round(line.bearingDeg) % 360), direction: compassShort(line.bearingDeg),
  });
}

/**
 * The nearest way out in words; on a sketch the straight line (`line`, as straightText
 * takes it) leads and the along-track figures follow as estimates.
 */
export function exitText(out, approx, line = null) {
  const type = placeType(out.type);
  if (out.distanceM < 30) return t('Nearest way out: here, {name} ({type}).', { name: out.name, type });
  const vars = {
    name: out.name, type, distance: approx + formatDistance(out.distanceM), time: approx + formatDuration(out.timeS),
    straight: line ? straightText(line) : '',
  };
  if (line) {
    return out.back ? t('Nearest way out: {name} ({type}), {straight}; {distance} back along the estimated line, {time}.', vars)
      : t('Nearest way out: {name} ({type}), {straight}; {distance} ahead along the estimated line, {time}.', vars);
  }
  return out.back ? t('Nearest way out: {name} ({type}), {distance} back, {time}.', vars)
    : t('Nearest way out: {name} ({type}), {distance} ahead, {time}.', vars);
}

/**
 * Everything the widget shows for one result.
 * @param {import("./where.js").Profile} p
 * @param {import("./where.js").WhereResult} r
 * @param {{stage?: {number:number,start_m:number,end_m:number}|null, pace?: number,
 *   alarm?: boolean, sketch?: boolean, fixTimeMs: number, nowMs: number, accuracyM: number}} o
 */
export function buildView(p, r, o) {
  const stale = isStale(o.fixTimeMs, o.nowMs);
  const ageS = Math.max(0, (o.nowMs - o.fixTimeMs) / 1000);
  const approx = o.sketch ? '≈\u00a0' : '';
  const base = {
    stale, ageText: formatAge(ageS), accuracyText: `±${formatDistance(o.accuracyM)}`,
    alongM: r.alongM, offsetM: r.offsetM,
  };
  if (r.offsetM > FAR_FROM_TREK_M) {
    return {
      ...base, state: 'far', rows: [], advice: null, offRoute: null, progress: null,
      message: t('You are not near this trek: about {distance} from its route line. ' +
        'Distances and times appear when you are within {limit} of it.',
      { distance: formatDistance(r.offsetM), limit: formatDistance(FAR_FROM_TREK_M) }),
    };
  }
  const pace = o.pace ?? 1;
  const stage = o.stage ?? null;
  let ahead = r.ahead;
  let progress;
  if (stage) {
    ahead = ahead.filter((a) => a.kind !== 'stage_end');
    const walked = r.alongM - stage.start_m, len = stage.end_m - stage.start_m;
    if (r.alongM > stage.end_m + STAGE_EDGE_M) {
      progress = { fraction: 1, text: t('You are past the end of day {n}, {distance} further along the route.',
        { n: stage.number, distance: approx + formatDistance(r.alongM - stage.end_m) }) };
    } else {
      ahead.push(stageEndRow(p, stage, r.alongM, pace));
      if (r.alongM < stage.start_m - STAGE_EDGE_M) {
        progress = { fraction: 0, text: t('Day {n} starts {distance} ahead.', { n: stage.number, distance: approx + formatDistance(-walked) }) };
      } else {
        const f = len > 0 ? Math.min(Math.max(walked / len, 0), 1) : 1;
        progress = { fraction: f, text: walkedText(stage.number, approx, Math.max(walked, 0), len, f) };
      }
    }
  } else if (r.stageNumber != null && r.stageProgress != null) {
    const s = p.stages.find((x) => x.number === r.stageNumber);
    const len = s ? s.end_m - s.start_m : 0;
    progress = { fraction: r.stageProgress, text: walkedText(r.stageNumber, approx, r.stageProgress * len, len, r.stageProgress) };
  } else {
    progress = null;
  }
  const rows = [];
  for (const kind of ROW_KINDS) {
    const a = ahead.find((x) => x.kind === kind);
    if (!a) continue;
    rows.push({
      kind, slug: a.slug, label: kind === 'stage_end' ? a.name : ROW_LABELS()[kind], name: kind === 'stage_end' ? '' : a.name,
      distanceM: a.distanceM, ascentM: a.ascentM, descentM: a.descentM, timeS: a.timeS, advice: a.advice,
      distanceText: approx + formatDistance(a.distanceM),
      climbText: a.ascentM == null ? t('unknown') : approx + formatClimb(a.ascentM, a.descentM),
      timeText: approx + formatDuration(a.timeS),
    });
  }
  // Nearest first; the end of the day is not listed twice when it is the next camp (or any
  // other row's place): that row is dropped and its name goes on the "End of day N" row.
  const end = rows.find((x) => x.kind === 'stage_end');
  if (end) {
    const same = rows.filter((x) => x !== end && Math.abs(x.distanceM - end.distanceM) <= STAGE_EDGE_M);
    for (const dup of same) {
      if (dup.kind === 'junction' && dup.advice) continue; // keep the junction's advice in view
      rows.splice(rows.indexOf(dup), 1);
      if (!end.name) end.name = dup.name;
    }
  }
  rows.sort((a, b) => a.distanceM - b.distanceM);
  const junction = rows.find((x) => x.kind === 'junction');
  let advice = null;
  if (junction && junction.advice && junction.distanceM <= JUNCTION_NEAR_M) {
    advice = {
      name: junction.name,
      text: junction.distanceM < 30 ? t('At the junction: {advice}', { advice: junction.advice })
        : t('In {distance}: {advice}', { distance: approx + formatDistance(junction.distanceM), advice: junction.advice }),
    };
  }
  let offRoute = null;
  if (o.alarm && o.sketch) {
    offRoute = {
      kind: 'sketch',
      text: t('You are about {distance} from the estimated line, more than its stated uncertainty{uncertainty}. ' +
        'The line is a sketch, not the path: check the land, your map and the straight-line bearings to the next ' +
        'waypoints. The line is to the {direction}.', {
        distance: formatDistance(r.offsetM), direction: compassWord(r.bearingToTrackDeg),
        uncertainty: p.uncertaintyM ? ` (${formatDistance(p.uncertaintyM)})` : '',
      }),
    };
  } else if (o.alarm) {
    offRoute = {
      kind: 'route',
      text: t('You are about {distance} off the route — the track is to the {direction}.',
        { distance: formatDistance(r.offsetM), direction: compassWord(r.bearingToTrackDeg) }),
    };
  }
  const out = o.exitTypes && o.exitTypes.length ? nearestWayOut(p, r.alongM, o.exitTypes, pace) : null;
  const exit = out ? { ...out, text: exitText(out, approx) } : null;
  const end2 = rows.find((x) => x.kind === 'stage_end');
  const sunset = end2 && o.sunsetMs ? sunsetLine(end2.timeS, o.nowMs, o.sunsetMs, pace, o.measured, approx) : null;
  return { ...base, state: stale ? 'stale' : 'fresh', rows, advice, offRoute, progress, exit, sunset, message: null };
}

const PERU_CLOCK = { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'America/Lima' };

/**
 * The end of the day against sunset, at the pace the times use: "You are walking at 1.3×
 * the model: the end of the day in ≈ 2 h 40 min (16:40), 50 min before sunset (17:30)."
 */
export function sunsetLine(timeS, nowMs, sunsetMs, pace, measured, approx = '') {
  const arriveMs = nowMs + timeS * 1000;
  const spareS = (sunsetMs - arriveMs) / 1000;
  const clock = (ms) => new Date(ms).toLocaleTimeString('en-GB', PERU_CLOCK); // 24-hour "16:40" in both languages
  const vars = {
    pace: num(pace, 1), end: approx + formatDuration(timeS), arrive: clock(arriveMs), sunset: clock(sunsetMs),
    spare: formatDuration(Math.abs(spareS)),
  };
  let text;
  if (measured && spareS >= 0) {
    text = t('You are walking at {pace}× the model: the end of the day in {end} ({arrive}), {spare} before sunset ({sunset}).', vars);
  } else if (measured) {
    text = t('You are walking at {pace}× the model: the end of the day in {end} ({arrive}), {spare} after sunset ({sunset}): ' +
      'too late, camp sooner or turn back.', vars);
  } else if (spareS >= 0) {
    text = t("At the plan's pace ({pace}× the model): the end of the day in {end} ({arrive}), {spare} before sunset ({sunset}).", vars);
  } else {
    text = t("At the plan's pace ({pace}× the model): the end of the day in {end} ({arrive}), {spare} after sunset ({sunset}): " +
      'too late, camp sooner or turn back.', vars);
  }
  return { late: spareS < 0, spareS, text };
}

/** "Day 2: 3.4 km of 12.9 km walked (26 %)." */
function walkedText(day, approx, walkedM, lengthM, fraction) {
  return t('Day {n}: {walked} of {length} walked ({percent}\u00a0%).', { // no-break space: never "56 / %
    n: day, walked: approx + formatDistance(walkedM), length: approx + formatDistance(lengthM), percent: Math.round(fraction * 100),
  });
}

/** A waypoint type as words: "village", "road". */
export function placeType(type) {
  const words = {
    trailhead: t('trailhead'), village: t('village'), pass: t('pass'), junction: t('junction'), campsite: t('campsite'),
    water: t('water'), lake: t('lake'), viewpoint: t('viewpoint'), road: t('road'), town: t('town'), transport: t('transport'),
  };
  return words[type] || type.replace(/_/g, ' ');
}

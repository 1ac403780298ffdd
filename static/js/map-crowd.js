// Places that fall closer together on the screen than a fingertip share one marker: on a
// day's map Ipsayjasa's junction and its camp sit a few metres apart, and two 28 px symbols
// on top of each other are two targets no cold hand can tell apart. The place a hiker decides
// at (a junction, a pass) keeps its marker; the others ride in its popup ("Also here") until a
// zoom pulls them apart. Written here rather than with Leaflet.markercluster (≈ 10 KB gzip,
// numbered bubbles instead of named places): see docs/decisions.md.

// Which place keeps the marker when several share a spot: where a hiker decides first.
export const RANK = ['junction', 'pass', 'campsite', 'trailhead', 'village', 'road', 'transport', 'water', 'lake', 'viewpoint'];

function rankOf(type) {
  const i = RANK.indexOf(type);
  return i === -1 ? RANK.length : i;
}

/**
 * Groups screen points: `points` are `{x, y, type}` (pixels); two whose centres are less
 * than `minPx` apart on both axes (their square targets would overlap) join the group of the
 * higher-ranked one. Returns, for each point, the index of the point whose marker shows it
 * (itself when it has its own).
 */
export function crowd(points, minPx) {
  const order = points.map((_p, i) => i)
    .sort((a, b) => rankOf(points[a].type) - rankOf(points[b].type) || a - b);
  const shownBy = new Array(points.length);
  const kept = [];
  for (const i of order) {
    const p = points[i];
    const host = kept.find((k) => Math.abs(points[k].x - p.x) < minPx && Math.abs(points[k].y - p.y) < minPx);
    if (host === undefined) {
      kept.push(i);
      shownBy[i] = i;
    } else {
      shownBy[i] = host;
    }
  }
  return shownBy;
}

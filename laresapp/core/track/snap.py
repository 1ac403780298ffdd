"""Snapping a GPS fix (or a waypoint) to the nearest point of the track.

The search works in a local equirectangular projection centred on the fix: over
the few kilometres that matter its error is far below GPS error, and it needs no
trigonometry per point, which keeps the phone's per-fix work tiny. Distances along
the track come from the profile's haversine distances, so "along" agrees with
every other number in the app; the reported offset is a haversine distance too.
Longitude wrap-around at ±180° is not handled (no trek of ours crosses it).

Search rule with a hint (the last known position along the track):

1. search only the track within :data:`HINT_WINDOW_M` of the hint;
2. keep that answer if the fix is within :data:`HINT_ACCEPT_M` of the track and the
   nearest point is not at the edge of the window (an edge means the hiker may
   have walked out of the window while the phone slept);
3. otherwise search the whole track and keep the nearest point.

Ties: closest approaches of separate stretches of track (local minima of the
distance) within :data:`TIE_M` of the nearest count as equally near (GPS cannot
tell them apart); the one closest to the hint wins, or without a hint
the one earliest along the track. On an out-and-back path this keeps a hiker on
the leg they are walking.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import EARTH_RADIUS_M, haversine_m, valid_position
from laresapp.core.track.profile import Profile

HINT_WINDOW_M = 1000.0
HINT_ACCEPT_M = 60.0
"""Twice OsmAnd's 30 m base: nearer than this, the local answer is trusted."""
TIE_M = 5.0
EDGE_M = 1.0


@dataclass(frozen=True)
class Snap:
    """Where a fix lands on the track."""

    index: int
    fraction: float
    along_m: float
    offset_m: float
    lat_deg: float
    lon_deg: float
    bearing_to_track_deg: float


def snap_to_track(
    profile: Profile,
    lat_deg: float,
    lon_deg: float,
    *,
    hint_along_m: float | None = None,
    min_along_m: float = 0.0,
) -> Snap:
    """Nearest point of the track to a position, from ``min_along_m`` on.

    ``min_along_m`` places ordered waypoints on a track that passes the same spot
    twice: each waypoint is searched for only after the previous one.
    """
    if not valid_position(lat_deg, lon_deg):
        raise RouteError(f"The position ({lat_deg}, {lon_deg}) is not a valid location.")
    if not math.isfinite(min_along_m):
        raise RouteError("A distance along the track is not a number.")
    if hint_along_m is not None and not math.isfinite(hint_along_m):
        hint_along_m = None
    d = profile.distance_m
    lo_m = min(max(min_along_m, 0.0), profile.length_m)
    if hint_along_m is not None:
        w_lo = max(lo_m, hint_along_m - HINT_WINDOW_M)
        w_hi = min(profile.length_m, hint_along_m + HINT_WINDOW_M)
        if w_hi >= w_lo:
            best = _search(profile, lat_deg, lon_deg, w_lo, w_hi, hint_along_m)
            at_edge = (best.along_m - w_lo <= EDGE_M and w_lo > lo_m) or (
                w_hi - best.along_m <= EDGE_M and w_hi < d[-1]
            )
            if best.offset_m <= HINT_ACCEPT_M and not at_edge:
                return best
    return _search(profile, lat_deg, lon_deg, lo_m, d[-1], hint_along_m)


BOX_SEGMENTS = 64
"""Segments per bounding box of the search index (see :func:`_boxes`)."""
_BOX_MARGIN_M = 1.0
"""Slack added before a box is skipped, so that rounding in the box distance can never
skip a segment the full scan would have considered; a metre costs nothing."""

Box = tuple[int, int, float, float, float, float]
"""First segment, one past the last segment, lat_min, lat_max, lon_min, lon_max (deg)."""


def snap_in_order(profile: Profile, positions: Iterable[tuple[float, float]]) -> list[Snap]:
    """Snap positions listed in walking order, each searched for only after the previous
    one, so that on a track passing the same spot twice a later place lands on the later
    pass-by (the one rule used for bundled, imported and test-vector waypoints)."""
    out: list[Snap] = []
    floor_m = 0.0
    for lat_deg, lon_deg in positions:
        snap = snap_to_track(profile, lat_deg, lon_deg, min_along_m=floor_m)
        out.append(snap)
        floor_m = snap.along_m
    return out


def _boxes(profile: Profile) -> list[Box]:
    """Latitude/longitude bounding boxes of runs of :data:`BOX_SEGMENTS` segments.

    Why: placing the waypoints of a 100,000-point recording searched the whole track once
    per waypoint (a second of pure Python for a trek). Built once per profile and kept on
    it: a :class:`~.profile.Profile` is never changed after it is built.
    """
    cached = profile.__dict__.get("_snap_boxes")
    if cached is not None:
        boxes: list[Box] = cached
        return boxes
    lat = profile.lat_deg
    lon = profile.lon_deg
    segments = len(lat) - 1
    boxes = []
    for start in range(0, segments, BOX_SEGMENTS):
        stop = min(start + BOX_SEGMENTS, segments)
        la = lat[start:stop + 1]
        lo = lon[start:stop + 1]
        boxes.append((start, stop, min(la), max(la), min(lo), max(lo)))
    profile.__dict__["_snap_boxes"] = boxes  # a cache, not a field: frozen stays frozen
    return boxes


def _search(
    profile: Profile,
    lat_deg: float,
    lon_deg: float,
    lo_m: float,
    hi_m: float,
    hint_along_m: float | None,
) -> Snap:
    """The nearest point (with the tie rule) among the segments covering lo_m..hi_m.

    The answer is that of scanning every segment of the range (as this once did, and
    tests/core/track/test_fast_paths.py still does): compute each segment's squared distance,
    the nearest ``best``, and among the closest approaches within ``best + TIE_M`` take
    the earliest (or the nearest the hint).
    The scan is pruned, not changed: boxes of segments are visited nearest first, and a
    box farther than ``best + TIE_M`` (plus :data:`_BOX_MARGIN_M`) cannot hold the
    nearest segment nor a tie, so it and every box after it are skipped. A segment's
    distance is a function of the segment alone, so the same segments get the very same
    numbers and the same answer.
    """
    d = profile.distance_m
    lat = profile.lat_deg
    lon = profile.lon_deg
    last_seg = len(d) - 2
    i0 = min(max(bisect.bisect_right(d, lo_m) - 1, 0), last_seg)
    i1 = min(max(bisect.bisect_left(d, hi_m) - 1, i0), last_seg)
    ky = EARTH_RADIUS_M * math.pi / 180.0
    kx = ky * math.cos(math.radians(lat_deg))

    def seg_d2(i: int) -> tuple[float, float]:
        """Squared distance (m²) from the fix to segment i, clamped to lo_m..hi_m; t."""
        ax = (lon[i] - lon_deg) * kx
        ay = (lat[i] - lat_deg) * ky
        bx = (lon[i + 1] - lon_deg) * kx
        by = (lat[i + 1] - lat_deg) * ky
        dx = bx - ax
        dy = by - ay
        seg2 = dx * dx + dy * dy
        t = 0.0 if seg2 <= 0 else -(ax * dx + ay * dy) / seg2
        span = d[i + 1] - d[i]
        t_lo = (lo_m - d[i]) / span if (span > 0 and d[i] < lo_m) else 0.0
        t_hi = (hi_m - d[i]) / span if (span > 0 and d[i + 1] > hi_m) else 1.0
        t = min(max(t, t_lo), t_hi)
        px = ax + t * dx
        py = ay + t * dy
        return px * px + py * py, t

    def box_d2(box: Box) -> float:
        _s, _e, la0, la1, lo0, lo1 = box
        dy = (la0 - lat_deg if lat_deg < la0 else (lat_deg - la1 if lat_deg > la1 else 0.0)) * ky
        dx = (lo0 - lon_deg if lon_deg < lo0 else (lon_deg - lo1 if lon_deg > lo1 else 0.0)) * kx
        return dx * dx + dy * dy

    boxes = _boxes(profile)
    near = sorted(
        (box_d2(box), k) for k, box in enumerate(boxes[i0 // BOX_SEGMENTS:i1 // BOX_SEGMENTS + 1])
    )
    first_box = i0 // BOX_SEGMENTS
    done: dict[int, tuple[float, float]] = {}
    best_d2 = math.inf
    for bd2, k in near:
        if bd2 > (math.sqrt(best_d2) + TIE_M + _BOX_MARGIN_M) ** 2:
            break
        start, stop = boxes[first_box + k][:2]
        for i in range(max(start, i0), min(stop, i1 + 1)):
            d2, t = done[i] = seg_d2(i)
            best_d2 = min(best_d2, d2)
    limit = (math.sqrt(best_d2) + TIE_M) ** 2
    # A neighbour in a skipped box is farther than the limit, so farther than any
    # candidate: counting it as infinitely far gives the full scan's comparison.
    far = (math.inf, 0.0)
    chosen: tuple[float, int, float] | None = None
    for i in sorted(i for i, (d2, _t) in done.items() if d2 <= limit):
        d2, t = done[i]
        if (i > i0 and done.get(i - 1, far)[0] < d2) or (i < i1 and done.get(i + 1, far)[0] < d2):
            continue  # not a closest approach: only separate approaches can tie
        along = d[i] + t * (d[i + 1] - d[i])
        key = along if hint_along_m is None else abs(along - hint_along_m)
        if chosen is None or key < chosen[0]:
            chosen = (key, i, t)
    assert chosen is not None
    _, i, t = chosen
    return _make_snap(profile, lat_deg, lon_deg, i, t)


def _make_snap(profile: Profile, lat_deg: float, lon_deg: float, i: int, t: float) -> Snap:
    d = profile.distance_m
    plat = profile.lat_deg[i] + t * (profile.lat_deg[i + 1] - profile.lat_deg[i])
    plon = profile.lon_deg[i] + t * (profile.lon_deg[i + 1] - profile.lon_deg[i])
    return Snap(
        index=i,
        fraction=t,
        along_m=d[i] + t * (d[i + 1] - d[i]),
        offset_m=haversine_m(lat_deg, lon_deg, plat, plon),
        lat_deg=plat,
        lon_deg=plon,
        bearing_to_track_deg=initial_bearing_deg(lat_deg, lon_deg, plat, plon),
    )


def initial_bearing_deg(
    lat1_deg: float, lon1_deg: float, lat2_deg: float, lon2_deg: float
) -> float:
    """Compass bearing, degrees clockwise from north, to walk from point 1 to point 2."""
    phi1 = math.radians(lat1_deg)
    phi2 = math.radians(lat2_deg)
    dlmb = math.radians(lon2_deg - lon1_deg)
    y = math.sin(dlmb) * math.cos(phi2)
    x = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlmb)
    return math.degrees(math.atan2(y, x)) % 360.0

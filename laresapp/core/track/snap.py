"""The one nearest-point index of a track: snapping a GPS fix or a waypoint to the line.

Why one: import (placing a file's waypoints), merge (moving a sketch's waypoints onto a
recording), export (cutting the line at stage ends), storage (along-track distances) and
the phone's "where am I" twin all ask "where does this position meet the track?". They
all ask :class:`TrackLine`, so a waypoint lands at the same metre in every one of them.
A :class:`TrackLine` is built once per track (from its points, or from a
:class:`~laresapp.core.track.profile.Profile`, whose distances it shares) and handed
along the import pipeline, so no step recomputes distances or the search boxes.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import (
    EARTH_RADIUS_M,
    cumulative_distances_m,
    haversine_m,
    initial_bearing_deg,
    valid_position,
)
from laresapp.core.track.profile import Profile
from laresapp.core.trek_doc import TrackPoint

HINT_WINDOW_M = 1000.0
HINT_ACCEPT_M = 60.0
"""Twice OsmAnd's 30 m base: nearer than this, the local answer is trusted."""
TIE_M = 5.0
EDGE_M = 1.0

BOX_SEGMENTS = 64
"""Segments per bounding box of the search index (see :meth:`TrackLine._boxes`)."""
_BOX_MARGIN_M = 1.0
"""Slack added before a box is skipped, so that rounding in the box distance can never
skip a segment the full scan would have considered; a metre costs nothing."""

Box = tuple[int, int, float, float, float, float]
"""First segment, one past the last segment, lat_min, lat_max, lon_min, lon_max (deg)."""


class Polyline(Protocol):
    """What a snap needs of a track: vertices and the distance along it at each."""

    @property
    def lat_deg(self) -> list[float]: ...
    @property
    def lon_deg(self) -> list[float]: ...
    @property
    def distance_m(self) -> list[float]: ...


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


@dataclass(frozen=True)
class Projection:
    """Where a position meets a line: along-track metres, offset metres, the foot point
    and its elevation (interpolated from the recorded elevations, None if either end has
    none)."""

    along_m: float
    offset_m: float
    lat: float
    lon: float
    elevation_m: float | None


class TrackLine:
    """A track's vertices, cumulative distances and the box index for nearest points."""

    def __init__(self, points: Sequence[TrackPoint], distance_m: list[float] | None = None) -> None:
        if len(points) < 2:
            raise RouteError("the track needs at least two points")
        self.points: list[TrackPoint] = list(points)
        self.lat_deg: list[float] = [p[0] for p in self.points]
        self.lon_deg: list[float] = [p[1] for p in self.points]
        self.raw_elevation_m: list[float | None] = [p[2] for p in self.points]
        self.distance_m: list[float] = (
            distance_m
            if distance_m is not None
            else cumulative_distances_m(zip(self.lat_deg, self.lon_deg, strict=True))
        )
        self._box_cache: list[Box] | None = None
        self._plane_cache: tuple[float, float, list[float], list[float]] | None = None

    @classmethod
    def of(cls, profile: Profile) -> TrackLine:
        """The profile's line (built once and kept on it: a profile never changes)."""
        cached = profile.__dict__.get("_track_line")
        if isinstance(cached, TrackLine):
            return cached
        points = list(zip(profile.lat_deg, profile.lon_deg, profile.raw_elevation_m, strict=True))
        line = cls(points, profile.distance_m)
        profile.__dict__["_track_line"] = line  # a cache, not a field: frozen stays frozen
        return line

    def attach(self, profile: Profile) -> None:
        """Let ``profile`` (built from this line's points and distances) reuse this index."""
        profile.__dict__["_track_line"] = self

    @property
    def length_m(self) -> float:
        return self.distance_m[-1]

    # ---------------------------------------------------------------- along the line

    def locate(self, along_m: float) -> tuple[int, float]:
        """Segment index and fraction for ``along_m`` metres from the start."""
        d = self.distance_m
        along = min(max(along_m, 0.0), self.length_m)
        i = max(0, min(bisect.bisect_right(d, along) - 1, len(d) - 2))
        seg = d[i + 1] - d[i]
        t = 0.0 if seg == 0.0 else (along - d[i]) / seg
        return i, min(max(t, 0.0), 1.0)

    def foot(self, i: int, t: float) -> Projection:
        """The point at fraction ``t`` of segment ``i`` (offset 0)."""
        a, b = self.points[i], self.points[i + 1]
        d = self.distance_m
        lat = a[0] + (b[0] - a[0]) * t
        lon = a[1] + (b[1] - a[1]) * t
        ele = None if a[2] is None or b[2] is None else a[2] + (b[2] - a[2]) * t
        along = d[i] + (d[i + 1] - d[i]) * t
        return Projection(along_m=along, offset_m=0.0, lat=lat, lon=lon, elevation_m=ele)

    def at(self, along_m: float) -> Projection:
        """The point of the line ``along_m`` metres from its start."""
        return self.foot(*self.locate(along_m))

    # ---------------------------------------------------------------- nearest points

    def project(self, lat: float, lon: float) -> Projection:
        """The nearest point of the whole line to (lat, lon): no hint, no tie rule.

        For placing an *unordered* set of positions (a GPX file's waypoints, a sketch's
        waypoints on a recording, stage ends on export): the plain nearest point decides
        where along the line each lies, which is what puts them in walking order. The
        projection is centred on the track's mean latitude, so every position of one
        import is measured in the same plane. Same boxes as :meth:`nearest`.
        """
        kx, ky, xs, ys = self._plane()
        px, py = lon * kx, lat * ky
        best_d2 = math.inf
        best_i = 0
        best_t = 0.0
        for bd2, start, stop in sorted(
            (self._box_d2_plane(box, px, py, kx, ky), box[0], box[1]) for box in self._boxes()
        ):
            if bd2 > best_d2:
                break
            for i in range(start, stop):
                ax, ay = xs[i], ys[i]
                dx, dy = xs[i + 1] - ax, ys[i + 1] - ay
                seg2 = dx * dx + dy * dy
                t = 0.0 if seg2 == 0.0 else ((px - ax) * dx + (py - ay) * dy) / seg2
                t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
                ex, ey = ax + dx * t - px, ay + dy * t - py
                d2 = ex * ex + ey * ey
                if d2 < best_d2 or (d2 == best_d2 and i < best_i):
                    best_d2, best_i, best_t = d2, i, t
        foot = self.foot(best_i, best_t)
        offset = haversine_m(lat, lon, foot.lat, foot.lon)
        return Projection(foot.along_m, offset, foot.lat, foot.lon, foot.elevation_m)

    def _plane(self) -> tuple[float, float, list[float], list[float]]:
        """Scale factors and vertex coordinates (m) of the track-centred plane, built once."""
        if self._plane_cache is None:
            lat0 = math.radians(sum(self.lat_deg) / len(self.lat_deg))
            kx = EARTH_RADIUS_M * math.cos(lat0) * math.pi / 180.0
            ky = EARTH_RADIUS_M * math.pi / 180.0
            self._plane_cache = (kx, ky, [x * kx for x in self.lon_deg], [y * ky for y in self.lat_deg])
        return self._plane_cache

    @staticmethod
    def _box_d2_plane(box: Box, px: float, py: float, kx: float, ky: float) -> float:
        """Squared plane distance to a box, less a margin: a lower bound, never more."""
        _s, _e, la0, la1, lo0, lo1 = box
        x0, x1, y0, y1 = lo0 * kx, lo1 * kx, la0 * ky, la1 * ky
        dx = x0 - px if px < x0 else (px - x1 if px > x1 else 0.0)
        dy = y0 - py if py < y0 else (py - y1 if py > y1 else 0.0)
        d = math.sqrt(dx * dx + dy * dy) - _BOX_MARGIN_M
        return d * d if d > 0.0 else 0.0

    def in_order(self, positions: Iterable[tuple[float, float]]) -> list[Snap]:
        """Snap positions listed in walking order, each searched for only after the
        previous one, so that on a track passing the same spot twice a later place lands
        on the later pass-by (the one rule for bundled, imported and test waypoints)."""
        out: list[Snap] = []
        floor_m = 0.0
        for lat_deg, lon_deg in positions:
            snap = self.nearest(lat_deg, lon_deg, min_along_m=floor_m)
            out.append(snap)
            floor_m = snap.along_m
        return out

    def nearest(
        self,
        lat_deg: float,
        lon_deg: float,
        *,
        hint_along_m: float | None = None,
        min_along_m: float = 0.0,
    ) -> Snap:
        """Nearest point of the track to a position, from ``min_along_m`` on (the search
        rule and tie rule of the module docstring)."""
        if not valid_position(lat_deg, lon_deg):
            raise RouteError(f"The position ({lat_deg}, {lon_deg}) is not a valid location.")
        if not math.isfinite(min_along_m):
            raise RouteError("A distance along the track is not a number.")
        if hint_along_m is not None and not math.isfinite(hint_along_m):
            hint_along_m = None
        d = self.distance_m
        lo_m = min(max(min_along_m, 0.0), self.length_m)
        if hint_along_m is not None:
            w_lo = max(lo_m, hint_along_m - HINT_WINDOW_M)
            w_hi = min(self.length_m, hint_along_m + HINT_WINDOW_M)
            if w_hi >= w_lo:
                best = self._search(lat_deg, lon_deg, w_lo, w_hi, hint_along_m)
                at_edge = (best.along_m - w_lo <= EDGE_M and w_lo > lo_m) or (
                    w_hi - best.along_m <= EDGE_M and w_hi < d[-1]
                )
                if best.offset_m <= HINT_ACCEPT_M and not at_edge:
                    return best
        return self._search(lat_deg, lon_deg, lo_m, d[-1], hint_along_m)

    def _boxes(self) -> list[Box]:
        """Latitude/longitude bounding boxes of runs of :data:`BOX_SEGMENTS` segments.

        Why: placing the waypoints of a 100,000-point recording searched the whole track
        once per waypoint (a second of pure Python for a trek). Built once per line.
        """
        if self._box_cache is not None:
            return self._box_cache
        lat = self.lat_deg
        lon = self.lon_deg
        segments = len(lat) - 1
        boxes: list[Box] = []
        for start in range(0, segments, BOX_SEGMENTS):
            stop = min(start + BOX_SEGMENTS, segments)
            la = lat[start : stop + 1]
            lo = lon[start : stop + 1]
            boxes.append((start, stop, min(la), max(la), min(lo), max(lo)))
        self._box_cache = boxes
        return boxes

    def _search(
        self,
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
        d = self.distance_m
        lat = self.lat_deg
        lon = self.lon_deg
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

        boxes = self._boxes()
        near = sorted(
            (box_d2(box), k) for k, box in enumerate(boxes[i0 // BOX_SEGMENTS : i1 // BOX_SEGMENTS + 1])
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
        return _make_snap(self, lat_deg, lon_deg, i, t)


def snap_to_track(
    profile: Profile,
    lat_deg: float,
    lon_deg: float,
    *,
    hint_along_m: float | None = None,
    min_along_m: float = 0.0,
) -> Snap:
    """Nearest point of the profile's track to a position (see :meth:`TrackLine.nearest`).

    ``min_along_m`` places ordered waypoints on a track that passes the same spot
    twice: each waypoint is searched for only after the previous one.
    """
    return TrackLine.of(profile).nearest(lat_deg, lon_deg, hint_along_m=hint_along_m, min_along_m=min_along_m)


def _make_snap(profile: Polyline, lat_deg: float, lon_deg: float, i: int, t: float) -> Snap:
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

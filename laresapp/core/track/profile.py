"""The elevation profile: one track, its distances and its smoothed elevations.

Every distance, climb and time the app shows is read from a :class:`Profile`, so the
plan page, the stage table and the phone's "where am I" cannot disagree.

Why smoothing: GPS (and even barometric) elevations jitter by several metres from
point to point. Summing every little up and down of a raw track overstates the
climb of a day on the Lares by hundreds of metres. We therefore smooth once, here,
and count ascent, descent and walking time on the smoothed values only.

The smoothing method — a distance-weighted moving window, no resampling:

    smoothed[i] = Σ w_ij · c_j · e_j / Σ w_ij · c_j
    w_ij = max(0, 1 − |d_j − d_i| / SMOOTHING_HALF_WIDTH_M)      (triangular kernel)
    c_j  = (d_{j+1} − d_{j−1}) / 2                                (length a point stands for)

``d`` is the distance along the track. The window is measured in metres, not in
points, because recorded tracks are sampled unevenly (dense when the hiker stood
still or walked slowly, sparse on a sketched line); weighting each point by the
stretch of track it represents stops a cluster of points taken at a rest stop from
dragging the average. ±100 m is wide enough to flatten GPS noise yet narrow enough
to keep the shape of a pass. The kernel is truncated at the ends of the track.
We keep the original points (no resampling) so that the profile, the map line and
the snapping all use the same vertices. The server sends these smoothed values to
the phone, so the JavaScript twin never smooths.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import cumulative_distances_m, valid_position

SMOOTHING_HALF_WIDTH_M = 100.0
"""Half width of the triangular smoothing window, metres."""


@dataclass(frozen=True)
class Profile:
    """A track with its cumulative distance and smoothed elevation at every vertex."""

    lat_deg: list[float]
    lon_deg: list[float]
    distance_m: list[float]
    elevation_m: list[float] | None
    raw_elevation_m: list[float | None]

    @property
    def length_m(self) -> float:
        return self.distance_m[-1]

    @property
    def has_elevation(self) -> bool:
        return self.elevation_m is not None


def build_profile(
    points: Sequence[tuple[float, float, float | None]], *, distance_m: list[float] | None = None
) -> Profile:
    """Build the one profile of a track from (lat_deg, lon_deg, elevation_m or None).

    ``distance_m``: the track's cumulative distances when already measured (by the
    import's :class:`~laresapp.core.track.snap.TrackLine`), so they are not computed again.
    """
    if len(points) < 2:
        raise RouteError("The track needs at least two points.")
    for n, (lat, lon, ele) in enumerate(points, start=1):
        if not valid_position(lat, lon):
            raise RouteError(f"Track point {n} has an impossible position ({lat}, {lon}).")
        if ele is not None and not math.isfinite(ele):
            raise RouteError(f"Track point {n} has an impossible elevation ({ele}).")
    lat_deg = [float(p[0]) for p in points]
    lon_deg = [float(p[1]) for p in points]
    if distance_m is None or len(distance_m) != len(points):
        distance_m = cumulative_distances_m(zip(lat_deg, lon_deg, strict=True))
    if distance_m[-1] <= 0.0:
        raise RouteError("All the track points are at the same place; the track has no length.")
    raw: list[float | None] = [None if p[2] is None else float(p[2]) for p in points]
    filled = _fill_gaps(distance_m, raw)
    smoothed = None if filled is None else _smooth(distance_m, filled)
    return Profile(lat_deg, lon_deg, distance_m, smoothed, raw)


def _fill_gaps(distance_m: list[float], raw: list[float | None]) -> list[float] | None:
    """Fill missing elevations so one dropped reading does not break the profile.

    Gaps between known values are interpolated linearly along the track; before the
    first and after the last known value the nearest known value is repeated (a
    guess of "flat" is safer than extrapolating a slope).
    """
    known = [i for i, e in enumerate(raw) if e is not None]
    if not known:
        return None
    out: list[float] = []
    k = 0  # index into `known` of the last known point at or before i
    for i, e in enumerate(raw):
        if e is not None:
            out.append(e)
            continue
        while k + 1 < len(known) and known[k + 1] < i:
            k += 1
        a, b = known[k], known[k + 1] if k + 1 < len(known) else None
        ea = raw[a]
        assert ea is not None
        if i < a or b is None:
            out.append(ea)
            continue
        eb = raw[b]
        assert eb is not None
        span = distance_m[b] - distance_m[a]
        t = 0.0 if span <= 0 else (distance_m[i] - distance_m[a]) / span
        out.append(ea + t * (eb - ea))
    return out


_BLOCK_POINTS = 1024
"""Most centre points per block of :func:`_smooth` (bounds the prefix sums' length)."""
_BLOCK_SPAN_M = 2000.0
"""Longest stretch of track per block of :func:`_smooth`. Each block's sums are taken
relative to its own first point, so their magnitude (and rounding) stays that of a few
kilometres, not of the whole trek's distance: the fast result then differs from the
direct sum by about 1e-9 m, far inside the 1e-6 m the shared test vectors allow."""
_MIN_FAST_WEIGHT_M = 1.0
"""Below this total window weight (a window with almost no track in it, or points that
all coincide) the prefix-sum difference would be mostly rounding, so that point is
summed directly instead."""


def _cover_m(distance_m: list[float]) -> list[float]:
    """``c_j``: half the track between a point's neighbours (the length it stands for)."""
    d = distance_m
    inner = [(b - a) / 2 for a, b in zip(d, d[2:], strict=False)]  # d[j+1] - d[j-1]
    return [(d[1] - d[0]) / 2, *inner, (d[-1] - d[-2]) / 2]


def _smooth_at(distance_m: list[float], cover_m: list[float], elevation_m: list[float], i: int) -> float:
    """One smoothed elevation by the direct sum over its window (the definition).

    Used where the fast path cannot be trusted (see :data:`_MIN_FAST_WEIGHT_M`); the
    tests also compare the fast path against it.
    """
    h = SMOOTHING_HALF_WIDTH_M
    n = len(distance_m)
    di = distance_m[i]
    j = bisect.bisect_left(distance_m, di - h, 0, i + 1)
    num = 0.0
    den = 0.0
    while j < n and distance_m[j] <= di + h:
        w = (1.0 - abs(distance_m[j] - di) / h) * cover_m[j]
        num += w * elevation_m[j]
        den += w
        j += 1
    return num / den if den > 0 else elevation_m[i]


def _smooth(distance_m: list[float], elevation_m: list[float]) -> list[float]:
    """The triangular-window smoothing of the module docstring, in linear time.

    Why not the direct sum: a 100,000-point recording has ~70 points per ±100 m window,
    so the direct sum is millions of Python steps (it was a fifth of a GPX import). The
    triangle is linear in ``d_j`` on each side of ``d_i``, so with ``u = x / h``

        left  (j ≤ i):  Σ c_j·ê_j·(1 − u_i + u_j) = (1 − u_i)·Σ c_j·ê_j + Σ c_j·u_j·ê_j
        right (j > i):  Σ c_j·ê_j·(1 + u_i − u_j) = (1 + u_i)·Σ c_j·ê_j − Σ c_j·u_j·ê_j

    (the same without ``ê`` for the denominator), and each Σ is a difference of prefix
    sums: O(1) per point. Splitting at ``j = i`` is exact even where points coincide,
    because a point at ``d_j = d_i`` gets weight ``c_j`` from either side. ``x`` is the
    distance from the block's first point and ``ê = e − e_ref`` the elevation relative
    to it, which keeps the sums small (see :data:`_BLOCK_SPAN_M`). Same maths and the
    same window rule (``d_i − h ≤ d_j ≤ d_i + h``); the results equal the direct sum
    (:func:`_smooth_at`) within 1e-9 m.
    """
    n = len(distance_m)
    h = SMOOTHING_HALF_WIDTH_M
    d = distance_m
    cover = _cover_m(d)
    left = bisect.bisect_left
    right = bisect.bisect_right
    out: list[float] = []
    s = 0
    while s < n:
        o = d[s]
        e_ref = elevation_m[s]
        stop = min(s + _BLOCK_POINTS, right(d, o + _BLOCK_SPAN_M, s))
        r0 = left(d, o - h, 0, s + 1)  # the block's windows cover r0..r1-1
        r1 = right(d, d[stop - 1] + h, stop - 1)
        u = [(dj - o) / h for dj in d[r0:r1]]
        c = cover[r0:r1]
        ce = [cj * (ej - e_ref) for cj, ej in zip(c, elevation_m[r0:r1], strict=True)]
        # p_*[k] = sum over local indices < k
        p_c = list(accumulate(c, initial=0.0))
        p_cu = list(accumulate([cj * uj for cj, uj in zip(c, u, strict=True)], initial=0.0))
        p_ce = list(accumulate(ce, initial=0.0))
        p_ceu = list(accumulate([cej * uj for cej, uj in zip(ce, u, strict=True)], initial=0.0))
        for i in range(s, stop):
            di = d[i]
            lo = left(d, di - h, r0, i) - r0  # first of the window
            m = i + 1 - r0  # first of the right side
            hi = right(d, di + h, i, r1) - r0  # one past the window
            ui = u[m - 1]
            den = (
                p_c[hi]
                - p_c[lo]
                + ui * (p_c[hi] + p_c[lo] - 2.0 * p_c[m])
                + (2.0 * p_cu[m] - p_cu[lo] - p_cu[hi])
            )
            if den < _MIN_FAST_WEIGHT_M:
                out.append(_smooth_at(d, cover, elevation_m, i))
                continue
            num = (
                p_ce[hi]
                - p_ce[lo]
                + ui * (p_ce[hi] + p_ce[lo] - 2.0 * p_ce[m])
                + (2.0 * p_ceu[m] - p_ceu[lo] - p_ceu[hi])
            )
            out.append(e_ref + num / den)
        s = stop
    return out


def _check_range(profile: Profile, start_m: float, end_m: float) -> tuple[float, float]:
    if not (math.isfinite(start_m) and math.isfinite(end_m)):
        raise RouteError("A distance along the track is not a number.")
    if end_m < start_m:
        raise RouteError("A section of the track must end after it starts.")
    return _clamp(profile, start_m), _clamp(profile, end_m)


def _clamp(profile: Profile, along_m: float) -> float:
    return min(max(along_m, 0.0), profile.length_m)


def _interp(profile: Profile, values: list[float], along_m: float) -> float:
    d = profile.distance_m
    i = min(max(bisect.bisect_right(d, along_m) - 1, 0), len(d) - 2)
    span = d[i + 1] - d[i]
    t = 0.0 if span <= 0 else min(max((along_m - d[i]) / span, 0.0), 1.0)
    return values[i] + t * (values[i + 1] - values[i])


def section_m(profile: Profile, start_m: float, end_m: float) -> tuple[list[float], list[float]]:
    """Distances and smoothed elevations of a section, with interpolated end points.

    Shared by ascent counting and the time model so both see exactly the same
    segments. Empty lists when the track has no elevation.
    """
    a, b = _check_range(profile, start_m, end_m)
    if profile.elevation_m is None:
        return [], []
    ele = profile.elevation_m
    d = profile.distance_m
    # The vertices strictly inside (a, b): from the first after a to the first at or
    # after b. Slices, not a loop: a whole 100,000-point track is sectioned per stage.
    k0 = bisect.bisect_right(d, a)
    k1 = max(k0, bisect.bisect_left(d, b))
    dist = [a, *d[k0:k1], b]
    elev = [_interp(profile, ele, a), *ele[k0:k1], _interp(profile, ele, b)]
    return dist, elev


def ascent_descent_m(profile: Profile, start_m: float, end_m: float) -> tuple[float, float] | None:
    """Total climb and total descent, metres, between two distances along the track.

    Counted on the smoothed profile, with no hysteresis threshold: smoothing has
    already removed the GPS noise, and without a threshold the counts add up, so
    the climbs of the stages sum to the climb of the trek. None without elevation.
    """
    _, elev = section_m(profile, start_m, end_m)
    if not elev:
        return None
    up = down = 0.0
    for e0, e1 in zip(elev, elev[1:], strict=False):
        if e1 > e0:
            up += e1 - e0
        else:
            down += e0 - e1
    return up, down


def elevation_at_m(profile: Profile, along_m: float) -> float | None:
    """Smoothed elevation at a distance along the track (clamped to the track)."""
    if not math.isfinite(along_m):
        raise RouteError("A distance along the track is not a number.")
    if profile.elevation_m is None:
        return None
    return _interp(profile, profile.elevation_m, _clamp(profile, along_m))

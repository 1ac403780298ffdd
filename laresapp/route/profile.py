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

from .errors import RouteError
from .geometry import cumulative_distances_m, valid_position

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


def build_profile(points: Sequence[tuple[float, float, float | None]]) -> Profile:
    """Build the one profile of a track from (lat_deg, lon_deg, elevation_m or None)."""
    if len(points) < 2:
        raise RouteError("The track needs at least two points.")
    for n, (lat, lon, ele) in enumerate(points, start=1):
        if not valid_position(lat, lon):
            raise RouteError(f"Track point {n} has an impossible position ({lat}, {lon}).")
        if ele is not None and not math.isfinite(ele):
            raise RouteError(f"Track point {n} has an impossible elevation ({ele}).")
    lat_deg = [float(p[0]) for p in points]
    lon_deg = [float(p[1]) for p in points]
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


def _smooth(distance_m: list[float], elevation_m: list[float]) -> list[float]:
    n = len(distance_m)
    h = SMOOTHING_HALF_WIDTH_M
    cover = [
        (distance_m[min(j + 1, n - 1)] - distance_m[max(j - 1, 0)]) / 2 for j in range(n)
    ]
    out: list[float] = []
    lo = 0
    for i in range(n):
        di = distance_m[i]
        while distance_m[lo] < di - h:
            lo += 1
        num = 0.0
        den = 0.0
        j = lo
        while j < n and distance_m[j] <= di + h:
            w = (1.0 - abs(distance_m[j] - di) / h) * cover[j]
            num += w * elevation_m[j]
            den += w
            j += 1
        out.append(num / den if den > 0 else elevation_m[i])
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
    dist = [a]
    elev = [_interp(profile, ele, a)]
    for i in range(bisect.bisect_right(d, a), len(d)):
        if d[i] >= b:
            break
        dist.append(d[i])
        elev.append(ele[i])
    dist.append(b)
    elev.append(_interp(profile, ele, b))
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


def high_point_m(profile: Profile, start_m: float, end_m: float) -> float | None:
    """Highest smoothed elevation of a section, metres; None without elevation."""
    _, elev = section_m(profile, start_m, end_m)
    return max(elev) if elev else None


def low_point_m(profile: Profile, start_m: float, end_m: float) -> float | None:
    """Lowest smoothed elevation of a section, metres; None without elevation."""
    _, elev = section_m(profile, start_m, end_m)
    return min(elev) if elev else None

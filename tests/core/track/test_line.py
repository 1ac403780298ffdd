"""The one nearest-point index (``TrackLine``) and the one walking-order stage rule."""

from __future__ import annotations

import math
import random

from laresapp.core.gpx.stages import assign_stages
from laresapp.core.track.geometry import EARTH_RADIUS_M
from laresapp.core.track.profile import build_profile
from laresapp.core.track.snap import TrackLine, snap_to_track


def _wiggly(n: int, seed: int) -> list[tuple[float, float, float | None]]:
    rng = random.Random(seed)
    lat, lon = -13.1, -72.0
    out: list[tuple[float, float, float | None]] = []
    for i in range(n):
        lat += rng.uniform(-1e-4, 3e-4)
        lon += rng.uniform(-3e-4, 3e-4)
        out.append((lat, lon, 3500.0 + i))
    return out


def _brute_project(
    points: list[tuple[float, float, float | None]], lat: float, lon: float
) -> tuple[int, float]:
    """The full scan the box index prunes: plain nearest in the track-centred plane."""
    lat0 = math.radians(sum(p[0] for p in points) / len(points))
    kx = EARTH_RADIUS_M * math.cos(lat0) * math.pi / 180.0
    ky = EARTH_RADIUS_M * math.pi / 180.0
    xs = [p[1] * kx for p in points]
    ys = [p[0] * ky for p in points]
    px, py = lon * kx, lat * ky
    best = (math.inf, 0, 0.0)
    for i in range(len(points) - 1):
        ax, ay = xs[i], ys[i]
        dx, dy = xs[i + 1] - ax, ys[i + 1] - ay
        seg2 = dx * dx + dy * dy
        t = 0.0 if seg2 == 0.0 else ((px - ax) * dx + (py - ay) * dy) / seg2
        t = min(max(t, 0.0), 1.0)
        d2 = (ax + dx * t - px) ** 2 + (ay + dy * t - py) ** 2
        if d2 < best[0]:
            best = (d2, i, t)
    return best[1], best[2]


def test_project_equals_the_full_scan() -> None:
    points = _wiggly(2000, 1)
    line = TrackLine(points)
    rng = random.Random(2)
    for _ in range(50):
        lat = rng.uniform(min(p[0] for p in points), max(p[0] for p in points))
        lon = rng.uniform(min(p[1] for p in points), max(p[1] for p in points))
        foot = line.foot(*_brute_project(points, lat, lon))
        got = line.project(lat, lon)
        assert (got.along_m, got.lat, got.lon, got.elevation_m) == (
            foot.along_m,
            foot.lat,
            foot.lon,
            foot.elevation_m,
        )


def test_a_profile_shares_its_line_and_the_import_line_is_reused() -> None:
    points = _wiggly(500, 3)
    line = TrackLine(points)
    profile = build_profile(points, distance_m=line.distance_m)
    assert profile.distance_m == build_profile(points).distance_m
    line.attach(profile)
    assert TrackLine.of(profile) is line
    lat, lon = points[250][0], points[250][1]
    assert snap_to_track(profile, lat, lon) == TrackLine.of(build_profile(points)).nearest(lat, lon)


def test_in_order_places_a_later_waypoint_on_the_later_pass() -> None:
    out_leg = [(-13.1 + i * 1e-4, -72.0, None) for i in range(50)]
    track = out_leg + list(reversed(out_leg))[1:]
    line = TrackLine(track)
    spot = (-13.1 + 10 * 1e-4, -72.0)
    first, second = line.in_order([spot, (-13.1 + 49e-4, -72.0), spot])[0::2]
    assert first.along_m < line.length_m / 2 < second.along_m


def test_assign_stages_walks_in_order_and_closes_each_stage_at_its_end() -> None:
    along = [300.0, 0.0, 1000.0, 500.0, 500.0, 1500.0]
    tie = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    # stage 1 ends at waypoint 3 (500 m), stage 2 at waypoint 5 (the end)
    assert assign_stages(along, tie, [3, 5]) == [(1, 1), (0, 1), (3, 1), (4, 2), (2, 2), (5, 2)]

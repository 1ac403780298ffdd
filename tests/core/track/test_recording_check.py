"""A sent recording is read strictly and trimmed of what is not the trek, with a sentence
for each kind of trimming; what cannot improve the route is refused."""

from __future__ import annotations

import math

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import EARTH_RADIUS_M, haversine_m
from laresapp.core.track.recording import Fix
from laresapp.core.track.recording_check import MAX_FIXES, read_fixes, trim

NOW_MS = 1_780_000_000_000.0
LAT0, LON0 = -13.1, -72.05


def raw_walk(
    n: int, *, step_m: float = 15.0, dt_s: float = 10.0, t0_ms: float = NOW_MS - 3_600_000
) -> list[dict]:
    return [
        {
            "t": t0_ms + k * dt_s * 1000,
            "lat": LAT0 + math.degrees(k * step_m / EARTH_RADIUS_M),
            "lon": LON0,
            "acc": 6,
            "ele": 3500.0,
            "session": 1,
        }
        for k in range(n)
    ]


def distance_from_start(f: Fix) -> float:
    """A stand-in for the trek's line: everything within 2 km of the start is 'near'."""
    return haversine_m(LAT0, LON0, f.lat, f.lon)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ([], "no GPS points"),
        (raw_walk(1), "one GPS point is not a line"),
        ("fixes", "must be a list"),
        ([{"t": NOW_MS, "lat": "x", "lon": 0, "acc": 5}] * 2, "'lat' must be a number"),
        ([{"t": NOW_MS, "lat": 95, "lon": 0, "acc": 5}] * 2, "not a place on Earth"),
        ([{"t": 1000, "lat": 0, "lon": 0, "acc": 5}] * 2, "clock"),
        ([{"t": NOW_MS + 3 * 86_400_000, "lat": 0, "lon": 0, "acc": 5}] * 2, "clock"),
        ([{"t": NOW_MS, "lat": 0, "lon": 0, "acc": float("nan")}] * 2, "'acc' must be a number"),
        ([{"t": NOW_MS, "lat": 0, "lon": 0, "acc": 5, "session": True}] * 2, "session"),
        ([7, 8], "not an object"),
    ],
)
def test_a_malformed_recording_is_refused_with_a_reason(raw: object, words: str) -> None:
    with pytest.raises(RouteError, match=words):
        read_fixes(raw, NOW_MS)


def test_too_many_points_are_refused_before_reading_them() -> None:
    with pytest.raises(RouteError, match="at most"):
        read_fixes([{}] * (MAX_FIXES + 1), NOW_MS)


def test_a_clean_walk_is_kept_whole_in_time_order() -> None:
    raw = raw_walk(50)
    fixes = read_fixes(list(reversed(raw)), NOW_MS)
    assert [f.t_s for f in fixes] == sorted(f.t_s for f in fixes)
    out = trim(fixes, distance_from_start, 2000)
    assert out.notes == [] and out.fix_count == 50 and len(out.pieces) == 1


def test_a_car_ride_is_cut_out_and_the_walks_either_side_stay_apart() -> None:
    walk = raw_walk(40)
    end = walk[-1]
    ride = [
        {**end, "t": end["t"] + 10_000 * k, "lat": end["lat"] + math.degrees(150 * k / EARTH_RADIUS_M)}
        for k in range(1, 6)
    ]
    after = [
        {
            **ride[-1],
            "t": ride[-1]["t"] + 10_000 * k,
            "lat": ride[-1]["lat"] + math.degrees(12 * k / EARTH_RADIUS_M),
        }
        for k in range(1, 30)
    ]
    out = trim(read_fixes(walk + ride + after, NOW_MS), distance_from_start, 5000)
    assert len(out.pieces) == 2
    assert out.fix_count == 40 + 1 + 29  # the ride's last fix starts the walk after it
    assert any("faster than walking" in n and n.startswith("4 ") for n in out.notes)


def test_rough_and_faraway_points_are_left_out_and_said() -> None:
    walk = raw_walk(60)
    for k in (10, 11):
        walk[k]["acc"] = 300
    out = trim(read_fixes(walk, NOW_MS), distance_from_start, 600)  # the walk goes 885 m north
    assert out.notes[0].startswith("2 points rougher")
    assert any("from the trek were left out" in n for n in out.notes)
    assert all(distance_from_start(f) <= 600 for p in out.pieces for f in p)
    assert len(out.pieces) == 2  # cut where the rough fixes were


def test_a_recording_nowhere_near_the_trek_is_refused() -> None:
    with pytest.raises(RouteError, match="within 0.1 km"):
        trim(read_fixes(raw_walk(20, t0_ms=NOW_MS - 600_000), NOW_MS), lambda f: 10_000.0, 100)

"""The recording rules (laresapp/core/track/recording.py), on walks whose answers are known
by construction, and the shared vectors the phone's twin is held to."""

from __future__ import annotations

import json
import math

import pytest

from laresapp.core.track.geometry import EARTH_RADIUS_M
from laresapp.core.track.recording import (
    HEARTBEAT_S,
    MAX_FIX_ACCURACY_M,
    Fix,
    back_to_route,
    keep_fix,
    measured_pace,
    segments,
    summarise,
)
from laresapp.core.track.timing import tobler_speed_m_s
from tests.helpers import REPO

VECTORS = REPO / "tests" / "vectors" / "recording.json"


def north(lat: float, metres: float) -> float:
    return lat + math.degrees(metres / EARTH_RADIUS_M)


def straight_walk(
    metres: float, slope: float, pace: float, *, step_m: float = 20.0, session: int = 1, t0: float = 0.0
) -> list[Fix]:
    """Due north from near Lares, one fix per step, at ``pace`` × Tobler's time."""
    fixes = [Fix(t0, -13.1, -72.05, 5.0, 3500.0, session)]
    for _ in range(int(metres / step_m)):
        prev = fixes[-1]
        assert prev.elevation_m is not None
        dt = pace * step_m / tobler_speed_m_s(slope)
        fixes.append(
            Fix(
                prev.t_s + dt,
                north(prev.lat, step_m),
                prev.lon,
                5.0,
                prev.elevation_m + slope * step_m,
                session,
            )
        )
    return fixes


def test_standing_still_keeps_one_fix_per_heartbeat() -> None:
    here = Fix(0.0, -13.1, -72.05, 6.0, 3500.0)
    kept: list[Fix] = []
    for k in range(600):  # ten minutes of 1 s fixes, jittering by a metre or two
        fix = Fix(float(k), north(here.lat, (k % 3) * 0.7), here.lon, 6.0, 3500.0)
        if keep_fix(kept[-1] if kept else None, fix):
            kept.append(fix)
    assert len(kept) == 1 + int(599 // HEARTBEAT_S)


def test_rough_fixes_are_dropped_and_a_new_session_always_starts_fresh() -> None:
    last = Fix(0.0, -13.1, -72.05, 5.0)
    assert not keep_fix(last, Fix(500.0, -13.2, -72.05, MAX_FIX_ACCURACY_M + 1))
    assert not keep_fix(last, Fix(500.0, -13.2, -72.05, math.nan))
    assert keep_fix(last, Fix(1.0, -13.1, -72.05, 5.0, session=1))


def test_gaps_are_not_walked() -> None:
    first = straight_walk(1000, 0.0, 1.0)
    later = [
        Fix(f.t_s + first[-1].t_s + 3600, f.lat + 0.02, f.lon, f.accuracy_m, f.elevation_m, 2) for f in first
    ]
    s = summarise(first + later)
    assert s.segments == 2
    assert s.distance_m == pytest.approx(2000, rel=1e-3)  # not the 2 km jump between them


def test_a_car_ride_is_neither_distance_nor_moving_time() -> None:
    walk = straight_walk(1000, 0.0, 1.0)
    end = walk[-1]
    ride = [Fix(end.t_s + 10 * k, north(end.lat, 150 * k), end.lon, 5.0, 3500.0, 1) for k in range(1, 11)]
    s = summarise(walk + ride)
    assert s.distance_m == pytest.approx(1000, rel=1e-3)
    assert s.moving_time_s == pytest.approx(walk[-1].t_s - walk[0].t_s, rel=1e-6)
    assert s.elapsed_time_s == pytest.approx(ride[-1].t_s, rel=1e-6)


def test_climb_counts_the_hill_not_the_gps_jitter() -> None:
    up = straight_walk(2000, 0.1, 1.0)
    jitter = [
        Fix(f.t_s, f.lat, f.lon, f.accuracy_m, (f.elevation_m or 0) + (2 if k % 2 else -2))
        for k, f in enumerate(up)
    ]
    s = summarise(jitter)
    assert s.ascent_m == pytest.approx(200, abs=10)
    assert s.descent_m is not None and s.descent_m < 10


@pytest.mark.parametrize("slope", [0.12, 0.0, -0.1])
def test_a_walk_at_one_and_a_half_times_the_model_measures_as_such(slope: float) -> None:
    p = measured_pace(straight_walk(3000, slope, 1.5))
    assert p.factor == pytest.approx(1.5, abs=0.01)


def test_pace_is_not_trusted_on_a_short_walk_and_stops_are_not_walking() -> None:
    short = straight_walk(600, 0.0, 1.0)
    assert not measured_pace(short).trusted
    walk = straight_walk(6000, 0.05, 1.3)
    half = len(walk) // 2
    at = walk[half]
    stop = [Fix(at.t_s + HEARTBEAT_S * k, at.lat, at.lon, 5.0, at.elevation_m, 1) for k in (1, 2)]
    resume = [Fix(f.t_s + 2 * HEARTBEAT_S, f.lat, f.lon, 5.0, f.elevation_m, 1) for f in walk[half + 1 :]]
    p = measured_pace(walk[: half + 1] + stop + resume)
    assert p.factor == pytest.approx(1.3, abs=0.02)
    assert p.trusted


def test_back_to_route_is_the_last_fix_near_the_line() -> None:
    fixes = straight_walk(200, 0.0, 1.0)
    offsets = [5.0] * 4 + [90.0] * (len(fixes) - 4)
    assert back_to_route(fixes, offsets, 60.0) == 3
    assert back_to_route(fixes, [500.0] * len(fixes), 60.0) is None


def test_the_shared_vectors_are_what_the_rules_give() -> None:
    data = json.loads(VECTORS.read_text())
    raw = [Fix(r["t"] / 1000, r["lat"], r["lon"], r["acc"], r["ele"], r["session"]) for r in data["raw"]]
    kept: list[Fix] = []
    indices: list[int] = []
    for i, fix in enumerate(raw):
        if keep_fix(kept[-1] if kept else None, fix):
            kept.append(fix)
            indices.append(i)
    want = data["expect"]
    assert indices == want["kept"]
    assert [len(s) for s in segments(kept)] == want["segments"]
    s = summarise(kept)
    assert s.distance_m == pytest.approx(want["distance_m"], abs=1e-6)
    assert s.moving_time_s == pytest.approx(want["moving_time_s"], abs=1e-6)
    assert measured_pace(kept).factor == pytest.approx(want["pace_factor"], abs=1e-9)
    # The made-up hike was walked at 1.5 × the model, with GPS noise.
    assert want["pace_factor"] == pytest.approx(1.5, abs=0.1)

"""Snapping fixes and waypoints to the track, including a track that doubles back."""

from __future__ import annotations

import math

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.track.profile import Profile, build_profile
from laresapp.core.track.snap import initial_bearing_deg, snap_to_track

M_PER_DEG_LAT = 6_371_008.8 * math.pi / 180
LAT0, LON0 = -13.0, -72.0
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(LAT0))


def north(m: float, east: float = 0.0) -> tuple[float, float]:
    return LAT0 + m / M_PER_DEG_LAT, LON0 + east / M_PER_DEG_LON


def straight(length_m: float = 3000.0, step_m: float = 10.0) -> Profile:
    n = int(length_m / step_m)
    return build_profile([(*north(i * step_m), None) for i in range(n + 1)])


def out_and_back() -> Profile:
    """1 km north and back along the same line (2 km)."""
    out = [(*north(i * 10.0), None) for i in range(101)]
    back = [(*north(i * 10.0), None) for i in range(99, -1, -1)]
    return build_profile(out + back)


def test_fix_beside_the_track() -> None:
    p = straight()
    s = snap_to_track(p, *north(1234.0, east=100.0))
    assert s.along_m == pytest.approx(1234.0, abs=0.5)
    assert s.offset_m == pytest.approx(100.0, abs=0.2)
    assert s.bearing_to_track_deg == pytest.approx(270.0, abs=0.1)
    assert p.distance_m[s.index] <= s.along_m <= p.distance_m[s.index + 1]
    assert 0.0 <= s.fraction <= 1.0


def test_fix_beyond_the_ends_snaps_to_the_ends() -> None:
    p = straight()
    assert snap_to_track(p, *north(-200.0)).along_m == 0.0
    end = snap_to_track(p, *north(3500.0))
    assert end.along_m == pytest.approx(p.length_m)
    assert end.offset_m == pytest.approx(500.0, abs=0.5)


def test_bearings() -> None:
    assert initial_bearing_deg(0, 0, 1, 0) == pytest.approx(0.0)
    assert initial_bearing_deg(0, 0, 0, 1) == pytest.approx(90.0)
    assert initial_bearing_deg(0, 0, -1, 0) == pytest.approx(180.0)
    assert initial_bearing_deg(0, 0, 0, -1) == pytest.approx(270.0)


def test_doubling_back_without_hint_takes_the_first_pass_by() -> None:
    p = out_and_back()
    assert snap_to_track(p, *north(400.0, east=3.0)).along_m == pytest.approx(400.0, abs=0.5)


def test_min_along_places_ordered_waypoints_on_the_way_back() -> None:
    p = out_and_back()
    s = snap_to_track(p, *north(400.0, east=3.0), min_along_m=1000.0)
    assert s.along_m == pytest.approx(1600.0, abs=0.5)
    assert s.offset_m == pytest.approx(3.0, abs=0.1)


def test_min_along_clamps_into_the_allowed_part() -> None:
    p = straight()
    s = snap_to_track(p, *north(500.0), min_along_m=800.0)
    assert s.along_m == pytest.approx(800.0)
    assert s.offset_m == pytest.approx(300.0, abs=0.5)


def test_hint_keeps_the_hiker_on_their_leg() -> None:
    p = out_and_back()
    assert snap_to_track(p, *north(400.0, 2.0), hint_along_m=1550.0).along_m == pytest.approx(1600.0, abs=0.5)
    assert snap_to_track(p, *north(400.0, 2.0), hint_along_m=450.0).along_m == pytest.approx(400.0, abs=0.5)


def test_stale_hint_falls_back_to_the_whole_track() -> None:
    p = straight(10_000.0)
    s = snap_to_track(p, *north(7000.0, 5.0), hint_along_m=500.0)
    assert s.along_m == pytest.approx(7000.0, abs=0.5)


def test_hint_window_edge_triggers_a_full_search() -> None:
    # Walked 1.5 km since the last fix, right on the track: the window ends 500 m
    # short, so the answer at its edge must not be trusted.
    p = straight(10_000.0)
    s = snap_to_track(p, *north(3010.0), hint_along_m=1500.0)
    assert s.along_m == pytest.approx(3010.0, abs=0.5)


def test_hint_and_full_search_agree_near_the_track() -> None:
    p = straight(5000.0)
    for m in (5.0, 777.0, 2500.0, 4999.0):
        a = snap_to_track(p, *north(m, 12.0), hint_along_m=m + 300)
        b = snap_to_track(p, *north(m, 12.0))
        assert a == b


@pytest.mark.parametrize("lat,lon", [(math.nan, -72.0), (-13.0, math.inf), (-91.0, 0.0)])
def test_invalid_fixes_are_refused(lat: float, lon: float) -> None:
    with pytest.raises(RouteError):
        snap_to_track(straight(100.0), lat, lon)

"""Elevation profile: hand-checked distances, gap filling, smoothing and climb counts."""

from __future__ import annotations

import math

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.track.profile import Profile, ascent_descent_m, build_profile, elevation_at_m
from tests.core.oracles import high_point_m, low_point_m

M_PER_DEG_LAT = 6_371_008.8 * math.pi / 180  # about 111,195 m
Points = list[tuple[float, float, float | None]]


def line(elevations: list[float | None], step_m: float = 10.0) -> Points:
    """Points due north from (-13, -72), ``step_m`` apart."""
    return [(-13.0 + i * step_m / M_PER_DEG_LAT, -72.0, e) for i, e in enumerate(elevations)]


def hand_profile(dist: list[float], ele: list[float]) -> Profile:
    return Profile([0.0] * len(dist), [0.0] * len(dist), dist, ele, list(ele))


def test_one_degree_of_latitude_is_about_111_2_km() -> None:
    p = build_profile([(0.0, 0.0, None), (1.0, 0.0, None)])
    assert p.length_m == pytest.approx(111_195, abs=1)
    assert p.distance_m[0] == 0.0
    assert p.elevation_m is None
    assert p.raw_elevation_m == [None, None]


@pytest.mark.parametrize(
    "points",
    [
        [],
        [(-13.0, -72.0, 3000.0)],
        [(-13.0, -72.0, 3000.0), (math.nan, -72.0, 3000.0)],
        [(-13.0, -72.0, 3000.0), (95.0, -72.0, 3000.0)],
        [(-13.0, -72.0, 3000.0), (-13.0, -190.0, 3000.0)],
        [(-13.0, -72.0, 3000.0), (-13.1, -72.0, math.inf)],
        [(-13.0, -72.0, 3000.0), (-13.0, -72.0, 3001.0)],
    ],
)
def test_bad_tracks_are_refused_with_a_plain_message(points: Points) -> None:
    with pytest.raises(RouteError) as err:
        build_profile(points)
    assert "track" in str(err.value).lower() or "point" in str(err.value).lower()


def test_gaps_are_interpolated_and_a_ramp_survives_smoothing() -> None:
    # 2 km at 10 % with a 100 m gap in the middle: the triangular kernel keeps a
    # straight line straight away from the ends, so the gap must be filled linearly.
    eles: list[float | None] = [3000.0 + i for i in range(201)]
    for i in range(95, 105):
        eles[i] = None
    p = build_profile(line(eles))
    assert p.elevation_m is not None
    for i in range(11, 190):
        assert p.elevation_m[i] == pytest.approx(3000.0 + i, abs=0.05)
    assert p.raw_elevation_m[100] is None


def test_missing_ends_repeat_the_nearest_known_value() -> None:
    p = build_profile(line([None, None, 3000.0, 3000.0, None]))
    assert p.elevation_m == pytest.approx([3000.0] * 5)


def test_smoothing_removes_gps_jitter() -> None:
    # 1 km of flat ground with ±3 m of alternating noise: 300 m of phantom climb raw.
    p = build_profile(line([3000.0 + (3.0 if i % 2 else -3.0) for i in range(101)]))
    updown = ascent_descent_m(p, 0, p.length_m)
    assert updown is not None
    assert updown[0] < 10.0


def test_ascent_of_a_long_zig_zag_loses_a_third_of_the_window_at_each_turn() -> None:
    # 0 → 100 → 0 → 100 → 0 m over four 1 km legs (10 %). A triangular window of
    # half width h shifts every peak, trough and end by slope × h/3 = 3.33 m, so
    # ascent = 2 × (100 − 2 × 3.33) = 186.7 m and the same for descent.
    eles: list[float | None] = []
    for i in range(401):
        x = i * 10.0
        eles.append(100.0 - abs((x % 2000.0) - 1000.0) / 10.0)
    p = build_profile(line(eles))
    updown = ascent_descent_m(p, 0, p.length_m)
    assert updown is not None
    assert updown[0] == pytest.approx(186.7, abs=0.3)
    assert updown[1] == pytest.approx(186.7, abs=0.3)


def test_ascent_descent_interpolates_at_the_ends() -> None:
    p = hand_profile([0, 100, 200, 300, 400], [0, 10, 5, 15, 0])
    assert ascent_descent_m(p, 0, 400) == pytest.approx((20.0, 20.0))
    # 50 m: 5 m; 350 m: 7.5 m → up 5, down 5, up 10, down 7.5
    assert ascent_descent_m(p, 50, 350) == pytest.approx((15.0, 12.5))
    assert elevation_at_m(p, 250) == pytest.approx(10.0)
    assert high_point_m(p, 50, 350) == pytest.approx(15.0)
    assert low_point_m(p, 50, 350) == pytest.approx(5.0)
    assert ascent_descent_m(p, 120, 120) == (0.0, 0.0)


def test_climbs_add_up_section_by_section() -> None:
    p = hand_profile([0, 100, 200, 300, 400], [0, 10, 5, 15, 0])
    a = ascent_descent_m(p, 0, 137)
    b = ascent_descent_m(p, 137, 400)
    total = ascent_descent_m(p, 0, 400)
    assert a is not None and b is not None and total is not None
    assert a[0] + b[0] == pytest.approx(total[0])
    assert a[1] + b[1] == pytest.approx(total[1])


def test_no_elevation_means_none_not_zero() -> None:
    p = build_profile(line([None, None, None]))
    assert ascent_descent_m(p, 0, 10) is None
    assert elevation_at_m(p, 5) is None
    assert high_point_m(p, 0, 20) is None
    assert low_point_m(p, 0, 20) is None


def test_reversed_or_nan_sections_are_refused() -> None:
    p = hand_profile([0, 100], [0, 10])
    with pytest.raises(RouteError):
        ascent_descent_m(p, 80, 20)
    with pytest.raises(RouteError):
        elevation_at_m(p, math.nan)


def test_distances_outside_the_track_are_clamped() -> None:
    p = hand_profile([0, 100], [0, 10])
    assert elevation_at_m(p, -50) == 0.0
    assert elevation_at_m(p, 500) == 10.0
    assert ascent_descent_m(p, -10, 1000) == pytest.approx((10.0, 0.0))

"""Tobler's hiking function, checked by hand against the published formula."""

from __future__ import annotations

import math

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.track.profile import Profile, build_profile
from laresapp.core.track.timing import MODEL_DESCRIPTION, tobler_speed_m_s, walking_time_s


def hand_profile(dist: list[float], ele: list[float] | None) -> Profile:
    raw: list[float | None] = list(ele) if ele is not None else [None] * len(dist)
    return Profile([0.0] * len(dist), [0.0] * len(dist), dist, ele, raw)


def test_speed_on_the_flat_is_about_5_km_h() -> None:
    # 6 · e^(−3.5 · 0.05) = 5.0367 km/h
    assert tobler_speed_m_s(0.0) * 3.6 == pytest.approx(5.0367, abs=1e-4)


def test_fastest_at_a_gentle_five_percent_descent() -> None:
    assert tobler_speed_m_s(-0.05) * 3.6 == pytest.approx(6.0)
    assert tobler_speed_m_s(-0.05) > tobler_speed_m_s(-0.10)
    assert tobler_speed_m_s(-0.05) > tobler_speed_m_s(0.0)


def test_absurd_slopes_are_capped() -> None:
    assert tobler_speed_m_s(3.0) == tobler_speed_m_s(0.5)
    assert tobler_speed_m_s(-3.0) == tobler_speed_m_s(-0.5)


def test_one_km_flat_without_elevation() -> None:
    p = hand_profile([0.0, 1000.0], None)
    assert walking_time_s(p, 0, 1000) == pytest.approx(1000 / (5.0367 / 3.6), rel=1e-4)


def test_one_km_at_ten_percent_up_and_down() -> None:
    up = hand_profile([0.0, 500.0, 1000.0], [0.0, 50.0, 100.0])
    # 6 · e^(−3.5 · 0.15) = 3.5493 km/h → 1014.3 s
    assert walking_time_s(up, 0, 1000) == pytest.approx(1000 / (6 * math.exp(-0.525) / 3.6))
    down = hand_profile([0.0, 1000.0], [100.0, 0.0])
    # 6 · e^(−3.5 · 0.05) for −10 % is the same as flat
    assert walking_time_s(down, 0, 1000) == pytest.approx(1000 / tobler_speed_m_s(0.0))


def test_partial_sections_and_pace_factor() -> None:
    p = hand_profile([0.0, 1000.0], [0.0, 100.0])
    full = walking_time_s(p, 0, 1000)
    assert walking_time_s(p, 0, 250) == pytest.approx(full / 4)
    assert walking_time_s(p, 0, 1000, pace_factor=1.5) == pytest.approx(full * 1.5)
    assert walking_time_s(p, 400, 400) == 0.0


@pytest.mark.parametrize("pace", [0.0, -1.0, math.nan, math.inf])
def test_bad_pace_factor_is_refused(pace: float) -> None:
    p = hand_profile([0.0, 1000.0], None)
    with pytest.raises(RouteError):
        walking_time_s(p, 0, 1000, pace)


def test_works_on_a_built_profile_and_times_add_up() -> None:
    pts: list[tuple[float, float, float | None]] = [
        (-13.0 + i * 0.0001, -72.0, 3000.0 + 1.2 * i) for i in range(300)
    ]
    p = build_profile(pts)
    whole = walking_time_s(p, 0, p.length_m)
    parts = walking_time_s(p, 0, 1234.5) + walking_time_s(p, 1234.5, p.length_m)
    assert parts == pytest.approx(whole)


def test_model_is_described_for_the_ui() -> None:
    assert "Tobler" in MODEL_DESCRIPTION
    assert MODEL_DESCRIPTION.count(".") == 1

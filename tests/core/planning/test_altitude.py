"""The altitude rule over itineraries built to break it and to pass it, and the plan's
daylight and settings checks on hand-made stages (no database, no Flask)."""

from __future__ import annotations

import datetime as dt

import pytest

from laresapp.core.planning.altitude import Night, check_acclimatisation, check_nights, counted_rise_m
from laresapp.core.planning.itinerary import CUSCO, Place, PlanError, StageInput, build_plan

CUSCO_NIGHT = Night("Before the trek", "Cusco", 3399.0)


def nights(*elevations: float | None) -> list[Night]:
    return [Night(f"Day {i}", f"Camp {i}", e) for i, e in enumerate(elevations, start=1)]


def kinds(warnings: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(w.kind, w.day_label) for w in warnings]


def test_a_rise_of_about_500_m_passes() -> None:
    # +500, +450 (then a lower night), +540: all "about 500 m" or less.
    assert check_nights(nights(3899, 4349, 4000, 4540), CUSCO_NIGHT) == []


def test_lares_a_first_camp_561_m_above_cusco_is_flagged_and_explained() -> None:
    """3,399 → 3,960 m is 561 m: more than "about 500" (our tolerance ends at 550 m)."""
    warnings = check_nights(nights(3960), CUSCO_NIGHT, {"Day 1": [("Huacahuasi", 3800.0)]})
    assert kinds(warnings) == [("sleep-rise", "Day 1")]
    w = warnings[0]
    assert "561 m higher" in w.title
    assert "Wilderness Medical Society" in w.explanation
    assert "500 m" in w.explanation
    assert "Huacahuasi (about 3,800 m)" in w.advice  # a lower camp on the way
    assert "add a night" in w.advice


def test_a_jump_of_800_m_above_3000_fails() -> None:
    warnings = check_nights(nights(3500, 4300), Night("Before", "Town", 3500.0))
    assert kinds(warnings) == [("sleep-rise", "Day 2")]
    assert "800 m higher" in warnings[0].title


def test_rises_below_3000_m_are_not_counted() -> None:
    assert counted_rise_m(1000, 2990) == 0
    assert counted_rise_m(2800, 3400) == 400  # only the part above 3,000 m
    assert counted_rise_m(2900, 3700) == 700
    start = Night("Before", "Lima", 150.0)
    assert check_nights(nights(2900, 2400, 2990), start) == []
    assert kinds(check_nights(nights(2900, 3700), start)) == [("sleep-rise", "Day 2")]


def test_a_lower_camp_suggestion_is_only_one_that_keeps_the_rule() -> None:
    warnings = check_nights(
        nights(4300), Night("Before", "Town", 3500.0), {"Day 1": [("Too high", 4200.0), ("Fine", 3950.0)]}
    )
    assert "Fine (about 3,950 m)" in warnings[0].advice
    assert "Too high" not in warnings[0].advice


def test_over_1000_m_without_a_rest_night_warns_and_a_rest_night_resets() -> None:
    steady = nights(3800, 4200, 4600)  # +401, +400, +400 = 1,201 m without a rest
    assert kinds(check_nights(steady, CUSCO_NIGHT)) == [("gain-without-rest", "Day 3")]
    rested = nights(3800, 4200, 4200, 4600)
    assert check_nights(rested, CUSCO_NIGHT) == []


def test_unknown_sleeping_elevation_is_said_not_guessed() -> None:
    warnings = check_nights(nights(None, 3900), CUSCO_NIGHT)
    assert kinds(warnings) == [("unknown-elevation", "Day 1")]
    assert "cannot be checked" in warnings[0].explanation


@pytest.mark.parametrize("days", [0, 1])
def test_too_few_acclimatisation_days_warns(days: int) -> None:
    w = check_acclimatisation(days, CUSCO_NIGHT, Night("Day 1", "Ipsayjasa camp", 3960.0))
    assert w is not None and w.kind == "acclimatisation"
    assert "Wilderness Medical Society" in w.explanation
    assert ("no days" if days == 0 else "only one day") in w.explanation
    assert "at least 2" in w.advice


def test_two_acclimatisation_days_or_a_low_first_camp_pass() -> None:
    assert check_acclimatisation(2, CUSCO_NIGHT, Night("Day 1", "Camp", 3960.0)) is None
    assert check_acclimatisation(0, CUSCO_NIGHT, Night("Day 1", "Valley", 2800.0)) is None


# ---- the whole plan -------------------------------------------------------------------

CAMP = Place("Camp", -13.165, -72.155, 3800.0)
END = Place("Village", -13.29, -72.16, 2900.0)


def stage(number: int, hours: float, end: Place = CAMP, last: bool = False) -> StageInput:
    return StageInput(
        number=number,
        title=f"Stage {number}",
        distance_m=10_000,
        ascent_m=500,
        descent_m=300,
        high_point_m=4200,
        model_walking_time_s=hours * 3600,
        end=end,
        sleeps_at_end=not last,
    )


def test_plan_days_dates_and_latest_start() -> None:
    plan = build_plan(
        dt.date(2025, 7, 10),
        [stage(1, 4), stage(2, 2, END, last=True)],
        acclimatisation_days=2,
        pace_factor=1.25,
        sunset_margin_min=60,
        today=dt.date(2025, 1, 1),
    )
    assert [d.label for d in plan.days] == ["Cusco day 1", "Cusco day 2", "Day 1", "Day 2"]
    assert [d.date for d in plan.days] == [
        dt.date(2025, 7, 8),
        dt.date(2025, 7, 9),
        dt.date(2025, 7, 10),
        dt.date(2025, 7, 11),
    ]
    assert plan.days[0].place == CUSCO and plan.days[0].sleep == CUSCO
    day1 = plan.days[2]
    assert day1.walking_time_s == pytest.approx(5 * 3600)  # 4 h × 1.25
    assert day1.sun is not None and day1.latest_start is not None
    expected = day1.sun.sunset - dt.timedelta(hours=5, minutes=60)
    assert dt.timedelta(0) <= expected - day1.latest_start < dt.timedelta(minutes=5)
    assert day1.latest_start.minute % 5 == 0
    assert plan.days[3].sleep is None and plan.days[3].place == END  # last day: sunset at the end
    assert plan.warnings == [] and plan.notes == []


def test_a_day_longer_than_daylight_ends_after_sunset() -> None:
    plan = build_plan(
        dt.date(2025, 6, 21),
        [stage(1, 8)],
        acclimatisation_days=2,
        pace_factor=1.5,
        today=dt.date(2025, 1, 1),
    )
    day = plan.days[-1]
    assert day.ends_after_sunset and day.start_before_sunrise
    late = [w for w in plan.warnings if w.kind == "after-sunset"]
    assert len(late) == 1 and "ends after sunset" in late[0].title
    assert "12 h" in late[0].explanation  # 8 h × 1.5


def test_a_long_day_that_only_eats_the_margin_is_a_caution() -> None:
    plan = build_plan(
        dt.date(2025, 6, 21),
        [stage(1, 10.5)],
        acclimatisation_days=2,
        sunset_margin_min=120,
        today=dt.date(2025, 1, 1),
    )
    day = plan.days[-1]
    assert day.start_before_sunrise and not day.ends_after_sunset
    assert [w.kind for w in plan.warnings] == ["start-in-dark"]


@pytest.mark.parametrize(
    ("pace", "margin", "acclim", "message"),
    [
        (0.4, 60, 2, "pace factor"),
        (3.5, 60, 2, "pace factor"),
        (float("nan"), 60, 2, "pace factor"),
        (1.0, -5, 2, "margin"),
        (1.0, 181, 2, "margin"),
        (1.0, 60, -1, "Cusco"),
        (1.0, 60, 15, "Cusco"),
    ],
)
def test_bad_settings_are_refused_with_a_message(pace: float, margin: int, acclim: int, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        build_plan(
            dt.date(2025, 7, 10),
            [stage(1, 4)],
            pace_factor=pace,
            sunset_margin_min=margin,
            acclimatisation_days=acclim,
        )


def test_unusual_pace_and_dates_get_notes() -> None:
    past = build_plan(dt.date(2001, 7, 10), [stage(1, 4)], pace_factor=2.5, today=dt.date(2025, 1, 1))
    assert any("in the past" in n for n in past.notes)
    assert any("unusual" in n for n in past.notes)
    future = build_plan(dt.date(2090, 7, 10), [stage(1, 4)], today=dt.date(2025, 1, 1))
    assert any("more than a year away" in n for n in future.notes)


def test_dates_at_the_edge_of_the_calendar_give_a_message_not_a_crash() -> None:
    with pytest.raises(PlanError, match="calendar"):
        build_plan(dt.date(1, 1, 1), [stage(1, 4)], acclimatisation_days=2)
    with pytest.raises(PlanError, match="calendar"):
        build_plan(dt.date(9999, 12, 31), [stage(1, 4), stage(2, 4)], acclimatisation_days=0)

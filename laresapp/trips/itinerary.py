"""A trip's itinerary from its stored settings: the one place that turns a trip and its
trek's stages into the core planner's input (laresapp.core.planning.itinerary), so the plan
page and Today show the same sunset and latest start."""

from __future__ import annotations

from typing import Any

from laresapp.core.planning.itinerary import Place, Plan, PlanDay, PlanError, StageInput, build_plan
from laresapp.treks.models import Stage
from laresapp.trips.models import Trip

LOWER_CAMP_TYPES = ("village", "campsite")


def stage_input(stage: Stage, last: bool) -> StageInput:
    end = stage.end_waypoint
    assert end is not None  # validated when the trek was stored
    way = tuple(
        (w.name, w.elevation_m)
        for w in stage.waypoints
        if w.type in LOWER_CAMP_TYPES and w.slug != end.slug and w.elevation_m is not None
    )
    return StageInput(
        number=stage.number,
        title=stage.title,
        distance_m=stage.distance_m,
        ascent_m=stage.ascent_m,
        descent_m=stage.descent_m,
        high_point_m=stage.high_point_m,
        model_walking_time_s=stage.walking_time_s,
        end=Place(end.name, end.lat, end.lon, end.elevation_m),
        sleeps_at_end=not last,
        way_places=way,  # type: ignore[arg-type]
    )


def make_plan(trip: Trip, **overrides: Any) -> Plan:
    stages = trip.trek.stages
    settings: dict[str, Any] = {
        "acclimatisation_days": trip.acclimatisation_days,
        "pace_factor": trip.pace_factor,
        "sunset_margin_min": trip.sunset_margin_min,
        **overrides,
    }
    return build_plan(
        trip.start_date,
        [stage_input(s, s.number == len(stages)) for s in stages],
        **settings,
    )


def plan_day(trip: Trip, stage_number: int) -> PlanDay | None:
    """The plan's walking day for one stage (its date, sunset at camp, latest start), or
    None when the plan cannot be made from the trip's settings."""
    try:
        plan = make_plan(trip)
    except PlanError:
        return None
    return next((d for d in plan.days if d.stage is not None and d.stage.number == stage_number), None)

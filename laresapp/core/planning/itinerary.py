"""The day-by-day plan of a trip: days in Cusco, then one row per walking stage.

For each walking day: the stage's numbers, the walking time at the party's pace (the
one hiking-time model, :mod:`laresapp.route.timing`, scaled by the pace factor exactly as
it scales there), where the party sleeps, sunrise and sunset at that night's camp on that
date, and the latest start that still reaches camp ``sunset_margin_min`` before sunset.
The last day has no camp: its sunset is taken at the place where the walk ends.

Walking times are without breaks (as the model says): the margin before sunset is where
breaks, photos and a slow member of the party fit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from laresapp.core.message import Msg, Num
from laresapp.core.planning.altitude import (
    BEFORE_THE_TREK,
    AltitudeWarning,
    Night,
    check_acclimatisation,
    check_nights,
)
from laresapp.core.planning.sun import PERU_TZ, SunTimes, sun_times

PACE_MIN = 0.5
PACE_MAX = 3.0
PACE_USUAL_MIN = 0.8
PACE_USUAL_MAX = 2.0
MARGIN_MIN_MIN = 0
MARGIN_MAX_MIN = 180
ACCLIMATISATION_MAX_DAYS = 14
START_ROUND_MIN = 5
"""Latest starts are rounded *down* to this many minutes: a plan must not promise time
that is not there."""


@dataclass(frozen=True)
class Place:
    name: str
    lat_deg: float
    lon_deg: float
    elevation_m: float | None


CUSCO = Place("Cusco", -13.5250, -71.9722, 3399.0)
"""Where the acclimatisation days are spent (lares-facts.md)."""


class PlanError(ValueError):
    """A setting or a date the plan cannot use; the message is for the hiker."""


@dataclass(frozen=True)
class StageInput:
    """What the plan needs from one stage (read from the database by the view)."""

    number: int
    title: str
    distance_m: float
    ascent_m: float | None
    descent_m: float | None
    high_point_m: float | None
    model_walking_time_s: float  # at pace factor 1.0
    end: Place
    sleeps_at_end: bool = True
    way_places: tuple[tuple[str, float], ...] = ()
    """Villages and campsites on the way (name, elevation_m): candidates for a lower camp."""


@dataclass(frozen=True)
class PlanDay:
    kind: str  # "acclimatise" or "walk"
    label: str  # "Cusco day 1", "Day 2"
    date: dt.date
    place: Place  # where the day ends
    stage: StageInput | None = None
    walking_time_s: float | None = None
    sleep: Place | None = None
    sun: SunTimes | None = None
    latest_start: dt.datetime | None = None
    start_before_sunrise: bool = False
    ends_after_sunset: bool = False


@dataclass(frozen=True)
class DaylightWarning:
    kind: str  # "after-sunset" or "start-in-dark"
    day_label: str
    title: str
    explanation: str
    advice: str
    severity: str = "warning"


@dataclass
class Plan:
    days: list[PlanDay]
    warnings: list[AltitudeWarning | DaylightWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pace_factor: float = 1.0
    sunset_margin_min: int = 60


def validate_settings(pace_factor: float, sunset_margin_min: int, acclimatisation_days: int) -> None:
    """Refuse settings the plan cannot honestly use, with a message naming the limit."""
    if not (math.isfinite(pace_factor) and PACE_MIN <= pace_factor <= PACE_MAX):
        raise PlanError(
            Msg(
                "The pace factor must be between %(low)s and %(high)s "
                "(1 is the model's pace; 1.5 is half as slow again).",
                low=Num(PACE_MIN),
                high=Num(PACE_MAX),
            )
        )
    if not MARGIN_MIN_MIN <= sunset_margin_min <= MARGIN_MAX_MIN:
        raise PlanError(
            Msg(
                "The margin before sunset must be between %(low)s and %(high)s minutes.",
                low=MARGIN_MIN_MIN,
                high=MARGIN_MAX_MIN,
            )
        )
    if not 0 <= acclimatisation_days <= ACCLIMATISATION_MAX_DAYS:
        raise PlanError(
            Msg(
                "Days in Cusco before the trek must be between 0 and %(high)s.", high=ACCLIMATISATION_MAX_DAYS
            )
        )


def _floor_minutes(moment: dt.datetime, step_min: int) -> dt.datetime:
    moment = moment.replace(second=0, microsecond=0)
    return moment - dt.timedelta(minutes=moment.minute % step_min)


def _hm(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def _duration(seconds: float) -> str:
    minutes = int(round(seconds / 300.0) * 5)
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def _shift(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise PlanError(Msg("The trip's dates are outside the calendar this app can show.")) from None


def build_plan(
    start_date: dt.date,
    stages: Sequence[StageInput],
    *,
    acclimatisation_days: int = 2,
    pace_factor: float = 1.0,
    sunset_margin_min: int = 60,
    base: Place = CUSCO,
    today: dt.date | None = None,
) -> Plan:
    """The plan: ``acclimatisation_days`` at ``base`` before ``start_date`` (the first
    walking day), then one day per stage. Raises :class:`PlanError` for bad settings."""
    validate_settings(pace_factor, sunset_margin_min, acclimatisation_days)
    if not stages:
        raise PlanError(Msg("This trek has no stages to plan."))
    margin = dt.timedelta(minutes=sunset_margin_min)
    days: list[PlanDay] = []
    for i in range(acclimatisation_days):
        day = _shift(start_date, i - acclimatisation_days)
        days.append(
            PlanDay(
                kind="acclimatise",
                label=Msg("%(place)s day %(num)s", place=base.name, num=i + 1),
                date=day,
                place=base,
                sleep=base,
                sun=sun_times(base.lat_deg, base.lon_deg, day),
            )
        )
    daylight: list[DaylightWarning] = []
    for n, stage in enumerate(stages):
        day = _shift(start_date, n)
        walk_s = stage.model_walking_time_s * pace_factor
        sun = sun_times(stage.end.lat_deg, stage.end.lon_deg, day)
        latest = None
        before_sunrise = after_sunset = False
        label = Msg("Day %(num)s", num=stage.number)
        if sun is not None:
            latest = _floor_minutes(sun.sunset - margin - dt.timedelta(seconds=walk_s), START_ROUND_MIN)
            before_sunrise = latest < sun.sunrise
            after_sunset = sun.sunrise + dt.timedelta(seconds=walk_s) > sun.sunset
            when: dict[str, object] = {
                "factor": Num(pace_factor),
                "day": label,
                "time": _duration(walk_s),
                "sunrise": _hm(sun.sunrise),
                "sunset": _hm(sun.sunset),
                "latest": _hm(latest),
                "margin": sunset_margin_min,
                "place": stage.end.name,
            }
            if after_sunset:
                daylight.append(
                    DaylightWarning(
                        kind="after-sunset",
                        day_label=label,
                        title=Msg("%(day)s ends after sunset at your pace", day=label),
                        explanation=(
                            Msg(
                                "At %(factor)s× the model's pace, %(day)s takes about %(time)s of "
                                "walking without breaks. Even leaving at sunrise (%(sunrise)s) you "
                                "would reach camp after sunset (%(sunset)s). Night falls fast this "
                                "close to the equator, and deep valleys lose the sun earlier still.",
                                **when,
                            )
                            if stage.sleeps_at_end
                            else Msg(
                                "At %(factor)s× the model's pace, %(day)s takes about %(time)s of "
                                "walking without breaks. Even leaving at sunrise (%(sunrise)s) you "
                                "would reach %(place)s after sunset (%(sunset)s). Night falls fast "
                                "this close to the equator, and deep valleys lose the sun earlier still.",
                                **when,
                            )
                        ),
                        advice=Msg(
                            "Split the day with an extra camp, lighten your packs, or choose a "
                            "shorter variant. Carry a headlamp whatever you decide."
                        ),
                    )
                )
            elif before_sunrise:
                daylight.append(
                    DaylightWarning(
                        kind="start-in-dark",
                        day_label=label,
                        severity="caution",
                        title=Msg("%(day)s: no time to spare for your margin", day=label),
                        explanation=(
                            Msg(
                                "To reach camp %(margin)s minutes before sunset (%(sunset)s) at "
                                "your pace you would have to leave at %(latest)s, before sunrise "
                                "(%(sunrise)s).",
                                **when,
                            )
                            if stage.sleeps_at_end
                            else Msg(
                                "To reach %(place)s %(margin)s minutes before sunset (%(sunset)s) "
                                "at your pace you would have to leave at %(latest)s, before sunrise "
                                "(%(sunrise)s).",
                                **when,
                            )
                        ),
                        advice=Msg(
                            "Leave at first light and keep breaks short, or plan a shorter day. "
                            "The margin is where breaks and pitching the tent fit."
                        ),
                    )
                )
        days.append(
            PlanDay(
                kind="walk",
                label=label,
                date=day,
                place=stage.end,
                stage=stage,
                walking_time_s=walk_s,
                sleep=stage.end if stage.sleeps_at_end else None,
                sun=sun,
                latest_start=latest,
                start_before_sunrise=before_sunrise,
                ends_after_sunset=after_sunset,
            )
        )

    base_night = Night(day_label=BEFORE_THE_TREK, place=base.name, elevation_m=base.elevation_m)
    nights = [
        Night(day_label=d.label, place=d.sleep.name, elevation_m=d.sleep.elevation_m, date=d.date)
        for d in days
        if d.kind == "walk" and d.sleep is not None
    ]
    lower = {f"Day {s.number}": list(s.way_places) for s in stages}
    warnings: list[AltitudeWarning | DaylightWarning] = []
    acclim = check_acclimatisation(acclimatisation_days, base_night, nights[0] if nights else None)
    if acclim:
        warnings.append(acclim)
    warnings.extend(check_nights(nights, base_night, lower))
    warnings.extend(daylight)

    notes: list[str] = []
    today = today or dt.datetime.now(PERU_TZ).date()
    last = days[-1].date
    if last < today:
        notes.append(Msg("This trip is in the past. The plan is shown as it was for those dates."))
    elif (days[0].date - today).days > 366:
        notes.append(
            Msg(
                "This trip is more than a year away. Sun times are right for those dates; "
                "check transport, prices and conditions nearer the time."
            )
        )
    if not (PACE_USUAL_MIN <= pace_factor <= PACE_USUAL_MAX):
        notes.append(
            Msg(
                "A pace factor of %(factor)s is unusual: most parties walk between %(low)s× and "
                "%(high)s× the model. Check it is what you meant.",
                factor=Num(pace_factor),
                low=Num(PACE_USUAL_MIN),
                high=Num(PACE_USUAL_MAX),
            )
        )
    return Plan(
        days=days,
        warnings=warnings,
        notes=notes,
        pace_factor=pace_factor,
        sunset_margin_min=sunset_margin_min,
    )

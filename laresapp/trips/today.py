"""Which day of its trek a trip is on today: from the calendar, or from the party's own
"I'm on day N" (an operation, laresapp/trips/ops.py). Flask-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from laresapp.core.planning.sun import PERU_TZ
from laresapp.trips.models import Trip


@dataclass(frozen=True)
class Today:
    """Which stage to open, and why. ``phase`` is before / acclimatisation / trek / after."""

    day: int
    phase: str
    overridden: bool = False
    days_to_start: int = 0
    acclimatisation_day: int = 0


def local_today() -> date:
    return datetime.now(PERU_TZ).date()


def today_for(trip: Trip, today: date, stage_count: int) -> Today:
    """The day from the calendar, unless the party said "I'm on day N".

    The override is anchored to the date it was given: "day 2" said yesterday is day 3
    today, so a party that is one day behind plan says so once, not every morning.
    """
    if trip.day_override is not None and trip.day_override_at is not None:
        said_on = trip.day_override_at.astimezone(PERU_TZ).date()
        day = trip.day_override + (today - said_on).days
        return Today(max(1, min(stage_count, day)), "trek", overridden=True)
    k = (today - trip.start_date).days + 1
    if k > stage_count:
        return Today(stage_count, "after")
    if k >= 1:
        return Today(k, "trek")
    acclim = trip.acclimatisation_days + k
    if acclim >= 1:
        return Today(1, "acclimatisation", days_to_start=1 - k, acclimatisation_day=acclim)
    return Today(1, "before", days_to_start=1 - k)

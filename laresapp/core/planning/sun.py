"""Sunrise and sunset for a place and a date, on Peru's clock (UTC−5, no daylight saving).

Computed with astral for the geometric horizon (the standard definition: the top of the
Sun's disc on a level horizon, with average refraction), the same definition the USNO,
NOAA and timeanddate publish. We pass no observer elevation on purpose: astral's elevation
lowers the horizon for someone standing *above* the land around them, but a camp in the
Andes sits *below* its ridges. The real Sun leaves a deep valley earlier than these times,
so the plan keeps a margin before sunset and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from astral import Observer
from astral.sun import sunrise, sunset

from laresapp.core.message import Msg

try:  # the IANA zone is exact for old dates too (Peru tried daylight saving in 1986–94)
    from zoneinfo import ZoneInfo

    PERU_TZ: dt.tzinfo = ZoneInfo("America/Lima")
except Exception:  # pragma: no cover - no tz database on this system
    PERU_TZ = dt.timezone(dt.timedelta(hours=-5), "UTC−5")

VALLEY_NOTE = Msg(
    "Sunrise and sunset are for a level horizon. Deep valleys lose the sun earlier, and "
    "mountains hide it for longer in the morning."
)


@dataclass(frozen=True)
class SunTimes:
    """Sunrise and sunset on Peru's clock for one place and date."""

    sunrise: dt.datetime
    sunset: dt.datetime


def sun_times(lat_deg: float, lon_deg: float, day: dt.date) -> SunTimes | None:
    """Sun times at a place on a date, or None when they cannot be computed.

    Near the equator the Sun always rises and sets, so None only happens for dates at
    the very edge of what Python's calendar can hold (year 1 or 9999): the page then
    shows a dash rather than failing.
    """
    observer = Observer(latitude=lat_deg, longitude=lon_deg, elevation=0.0)
    try:
        rise = sunrise(observer, day, tzinfo=PERU_TZ)
        set_ = sunset(observer, day, tzinfo=PERU_TZ)
    except (ValueError, OverflowError):
        return None
    return SunTimes(sunrise=rise, sunset=set_)

"""Jinja filters that print numbers the way a hiker reads them: metric first, feet and
miles beside where the source texts use them, times rounded to what a plan can promise,
dates and moments in the trail's own time zone. Registered by :mod:`laresapp.web.jinja`.

A number and its unit are joined by a no-break space (NBSP), so a narrow phone never
leaves "4,660" at the end of one line and "m" alone on the next."""

from __future__ import annotations

from datetime import date, datetime

from laresapp.core.planning.sun import PERU_TZ

M_PER_FT = 0.3048
M_PER_MI = 1609.344
NBSP = "\u00a0"


def km(metres: float | None, digits: int = 1) -> str:
    if metres is None:
        return "–"
    return f"{metres / 1000:.{digits}f}{NBSP}km"


def miles(metres: float | None) -> str:
    if metres is None:
        return "–"
    return f"{metres / M_PER_MI:.1f}{NBSP}mi"


def elev(metres: float | None) -> str:
    if metres is None:
        return "–"
    return f"{round(metres):,}{NBSP}m"


def feet(metres: float | None) -> str:
    if metres is None:
        return "–"
    return f"{round(metres / M_PER_FT, -1):,.0f}{NBSP}ft"


def duration(seconds: float | None) -> str:
    """Rounded to 5 minutes: "4 h 35 min", "50 min"."""
    if seconds is None:
        return "–"
    minutes = int(round(seconds / 300.0) * 5)
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours}{NBSP}h{NBSP}{mins:02d}{NBSP}min"
    if hours:
        return f"{hours}{NBSP}h"
    return f"{mins}{NBSP}min"


def longdate(day: date) -> str:
    """ "Sat 21 Jun 2025": the weekday matters when planning transport and days off."""
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def when(moment: datetime | None) -> str:
    """A moment on the trail's clock: "Sat 21 Jun, 14:05"."""
    if moment is None:
        return ""
    return moment.astimezone(PERU_TZ).strftime("%a %-d %b, %H:%M")


FILTERS = (km, miles, elev, feet, duration, longdate, when)

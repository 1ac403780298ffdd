"""Jinja filters that print numbers the way a hiker reads them: metric first, feet and
miles beside where the source texts use them, times rounded to what a plan can promise,
dates and moments in the trail's own time zone. Registered by :mod:`laresapp.web.jinja`.

Numbers and dates follow the page's language through Babel's CLDR data: "4,660 m" and
"Tue 1 Dec 2026" in English, "4.660 m" and "mar 1 dic 2026" in Spanish. The patterns are
parsed once; a filter only applies one.

A number and its unit are joined by a no-break space (NBSP), so a narrow phone never
leaves "4,660" at the end of one line and "m" alone on the next."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, parse_pattern

from laresapp.core.planning.sun import PERU_TZ
from laresapp.web.i18n import current_lang

M_PER_FT = 0.3048
M_PER_MI = 1609.344
NBSP = "\u00a0"
WHOLE = parse_pattern("#,##0")
FACTOR = parse_pattern("0.##")


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@cache
def _decimals(digits: int) -> NumberPattern:
    return parse_pattern("#,##0." + "0" * digits if digits else "#,##0")


def number(value: float, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals, grouped and pointed as the page's language does."""
    pattern = _decimals(digits) if digits else WHOLE
    return pattern.apply(value, _locale(current_lang()))


def factor(value: float) -> str:
    """A multiplier as short as it is exact: "1.5", "1.25", "2" (the party's pace)."""
    return FACTOR.apply(value, _locale(current_lang()))


def km(metres: float | None, digits: int = 1) -> str:
    if metres is None:
        return "–"
    return f"{number(metres / 1000, digits)}{NBSP}km"


def miles(metres: float | None) -> str:
    if metres is None:
        return "–"
    return f"{number(metres / M_PER_MI, 1)}{NBSP}mi"


def elev(metres: float | None) -> str:
    if metres is None:
        return "–"
    return f"{number(round(metres))}{NBSP}m"


def feet(metres: float | None) -> str:
    if metres is None:
        return "–"
    return f"{number(round(metres / M_PER_FT, -1))}{NBSP}ft"


def duration(seconds: float | None) -> str:
    """Rounded to 5 minutes: "4 h 35 min", "50 min" (the same symbols in both languages)."""
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
    """ "Sat 21 Jun 2025" / "sáb 21 jun 2025": the weekday matters when planning transport
    and days off."""
    return format_date(day, "EEE d MMM y", locale=_locale(current_lang()))


def shortdate(day: date) -> str:
    """ "Sat 21 Jun" / "sáb 21 jun": a trip's start, where the year goes without saying."""
    return format_date(day, "EEE d MMM", locale=_locale(current_lang()))


def when(moment: datetime | None) -> str:
    """A moment on the trail's clock: "Sat 21 Jun, 14:05" / "sáb 21 jun, 14:05"."""
    if moment is None:
        return ""
    return format_datetime(moment, "EEE d MMM, HH:mm", tzinfo=PERU_TZ, locale=_locale(current_lang()))


FILTERS = (km, miles, elev, feet, duration, longdate, shortdate, when, number, factor)

"""Words the app shows for its own vocabulary (a waypoint's kind, a status), in the page's
language.

The trek document stores the kind as a fixed English code (``pass``, ``campsite``...); a page
shows it through the ``kind`` filter, so the code never reaches a Spanish page as English."""

from __future__ import annotations

from flask_babel import gettext

from laresapp.core.message import Count, Km, KmPost, Metres, Msg, Num, Tenths
from laresapp.web.formatting import NBSP, elev, factor, km, number
from laresapp.web.i18n import N_

KINDS = {
    "trailhead": N_("trailhead"),
    "village": N_("village"),
    "pass": N_("pass"),
    "junction": N_("junction"),
    "campsite": N_("campsite"),
    "water": N_("water"),
    "lake": N_("lake"),
    "viewpoint": N_("viewpoint"),
    "road": N_("road"),
    "town": N_("town"),
    "transport": N_("transport"),
}


# Other stored codes a page shows: a recording's status, a trek's data quality and origin.
CODES = {
    "new": N_("new"),
    "applied": N_("applied"),
    "rejected": N_("rejected"),
    "sketch": N_("sketch"),
    "recorded": N_("recorded"),
    "bundled": N_("bundled"),
    "imported": N_("imported"),
}


def label(code: str) -> str:
    """A stored status or quality code as a word in the page's language."""
    return gettext(CODES[code]) if code in CODES else code


def say(text: object) -> object:
    """A message from the core (:class:`Msg`) in the page's language, its values too;
    anything else as it is."""
    if not isinstance(text, Msg):
        return text
    if not text.values:
        return gettext(text.template)
    return gettext(text.template, **{k: _value(v) for k, v in text.values.items()})


def say_text(text: Msg) -> str:
    """:func:`say` for callers that need a ``str`` (the chart in ``treks/profile.py``)."""
    return str(say(text))


def _value(value: object) -> object:
    if isinstance(value, Msg):
        return say(value)
    if isinstance(value, Metres):
        return elev(value)
    if isinstance(value, Km):
        return km(value)
    if isinstance(value, Count):
        return number(int(value))
    if isinstance(value, KmPost):
        return f"km{NBSP}{number(value / 1000, 1)}"
    if isinstance(value, Tenths):
        return number(value, 1)
    if isinstance(value, Num):
        return factor(value)
    return value


def kind(code: str) -> str:
    """A waypoint kind as a hiker reads it: "abra" for ``pass`` on a Spanish page."""
    return gettext(KINDS[code]) if code in KINDS else code

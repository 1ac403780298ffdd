"""The trek's emergency page: what to call in Peru, and the places where a hiker can leave
the route (villages, roads, trailheads, transport), in order along the trek.

The numbers are Peru's national ones as published when this was written; the page says to
check them before the trip. The ways out are the trek's own waypoints of those types, so
an imported or replaced track gets its page without anything written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from laresapp.treks.models import Trek, Waypoint
from laresapp.web.i18n import N_

WAY_OUT_TYPES = ("village", "road", "trailhead", "transport")
"""Waypoint types where a hiker can leave the route: people, a road, or a ride."""


@dataclass(frozen=True)
class Number:
    dial: str
    who: str
    note: str


# Marked for the catalogue; the page shows them through ``_()`` in its language.
NUMBERS = (
    Number("105", N_("Police (Policía Nacional del Perú)"), N_("Any emergency; they pass on rescue calls.")),
    Number("116", N_("Fire brigade and rescue (Bomberos)"), N_("Accidents and rescue.")),
    Number(
        "106",
        N_("Ambulance (SAMU)"),
        N_("Medical emergencies; mostly in towns such as Cusco and Urubamba."),
    ),
)


def ways_out(trek: Trek) -> list[Waypoint]:
    """The trek's ways out, in order along the route."""
    return [w for w in trek.waypoints if w.type in WAY_OUT_TYPES]

"""The compact track profile the phone downloads for "where am I", and its placed parts.

The phone answers "where am I" offline in ``static/js/where.js`` from this compact
profile: points with smoothed elevations and the server's distances, and the waypoints
and stages placed along them (from the stored rows, see ``laresapp/treks/profile.py``),
so phone, stage table and chart count along the same line. The rules the phone applies
(off route, no fix, what lies ahead) and their Python twin live with the tests
(``tests/core/oracles.py``), which generate and check the shared vectors
``tests/vectors/where.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from laresapp.core.track.profile import Profile

COMPACT_VERSION = 1


@dataclass(frozen=True)
class PlacedWaypoint:
    """A waypoint at its place along the track."""

    slug: str
    name: str
    type: str
    along_m: float
    stage: int
    advice: str | None = None
    # Where it is and how high (the map and straight-line bearings use them); optional.
    lat: float | None = None
    lon: float | None = None
    elevation_m: float | None = None


@dataclass(frozen=True)
class PlacedStage:
    """A stage's start and end along the track."""

    number: int
    start_m: float
    end_m: float


def _waypoint_json(w: PlacedWaypoint) -> dict[str, Any]:
    out: dict[str, Any] = {
        "slug": w.slug,
        "name": w.name,
        "type": w.type,
        "along_m": round(w.along_m, 1),
        "stage": w.stage,
        "advice": w.advice,
    }
    if w.lat is not None and w.lon is not None:
        out.update(lat=round(w.lat, 5), lon=round(w.lon, 5))
    if w.elevation_m is not None:
        out["elevation_m"] = round(w.elevation_m)
    return out


def compact_profile_json(
    profile: Profile, waypoints: Sequence[PlacedWaypoint], stages: Sequence[PlacedStage]
) -> dict[str, Any]:
    """The profile the phone downloads: small, plain JSON, no derived numbers.

    ``points`` is a list of ``[lat_deg, lon_deg, elevation_m, distance_m]``:
    latitude and longitude to 5 decimals (about 1 m), smoothed elevation to 0.1 m
    (``null`` when the track has no elevation), cumulative distance along the
    track to 0.1 m. The phone trusts these distances instead of recomputing them,
    so both sides count along the same line.
    """
    ele = profile.elevation_m
    points = [
        [
            round(profile.lat_deg[i], 5),
            round(profile.lon_deg[i], 5),
            None if ele is None else round(ele[i], 1),
            round(profile.distance_m[i], 1),
        ]
        for i in range(len(profile.distance_m))
    ]
    return {
        "v": COMPACT_VERSION,
        "has_elevation": ele is not None,
        "points": points,
        "waypoints": [_waypoint_json(w) for w in waypoints],
        "stages": [
            {"number": s.number, "start_m": round(s.start_m, 1), "end_m": round(s.end_m, 1)} for s in stages
        ],
    }

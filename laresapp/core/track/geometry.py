"""Distances on the Earth's surface.

Great-circle (haversine) distance on a sphere of mean radius is accurate to about
0.5 % — far better than a phone's GPS or a sketched track — and is cheap enough to
run for every point of a long track. The JavaScript twin in ``static/js/`` uses the
same radius and formula so that server and phone agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), metres."""


def haversine_m(lat1_deg: float, lon1_deg: float, lat2_deg: float, lon2_deg: float) -> float:
    """Great-circle distance in metres between two WGS84 positions."""
    phi1 = math.radians(lat1_deg)
    phi2 = math.radians(lat2_deg)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2_deg - lon1_deg)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def cumulative_distances_m(points: Iterable[tuple[float, float]]) -> list[float]:
    """Distance along a polyline of (lat, lon) points, metres, starting at 0."""
    out: list[float] = []
    prev: tuple[float, float] | None = None
    total = 0.0
    for lat, lon in points:
        if prev is not None:
            total += haversine_m(prev[0], prev[1], lat, lon)
        out.append(total)
        prev = (lat, lon)
    return out


def valid_position(lat_deg: float, lon_deg: float) -> bool:
    """True for a finite latitude in [-90, 90] and longitude in [-180, 180]."""
    return (
        math.isfinite(lat_deg)
        and math.isfinite(lon_deg)
        and -90.0 <= lat_deg <= 90.0
        and -180.0 <= lon_deg <= 180.0
    )


def track_length_m(points: Sequence[tuple[float, float]]) -> float:
    """Total length of a polyline of (lat, lon) points, metres."""
    dists = cumulative_distances_m(points)
    return dists[-1] if dists else 0.0


def initial_bearing_deg(lat1_deg: float, lon1_deg: float, lat2_deg: float, lon2_deg: float) -> float:
    """Compass bearing, degrees clockwise from north, to walk from point 1 to point 2."""
    phi1 = math.radians(lat1_deg)
    phi2 = math.radians(lat2_deg)
    dlmb = math.radians(lon2_deg - lon1_deg)
    y = math.sin(dlmb) * math.cos(phi2)
    x = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlmb)
    return math.degrees(math.atan2(y, x)) % 360.0

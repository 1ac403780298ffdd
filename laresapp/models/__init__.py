"""Database models. Import them from here; each area has its own module."""

from .trek import Stage, Trek, Waypoint
from .trip import Trip

__all__ = ["Stage", "Trek", "Trip", "Waypoint"]

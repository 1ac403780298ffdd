"""Database models. Import them from here; each area has its own module."""

from .trek import Stage, Trek, Waypoint

__all__ = ["Stage", "Trek", "Waypoint"]

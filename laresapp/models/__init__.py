"""Database models. Import them from here; each area has its own module."""

from .tick import AppliedOp, Note, Tick
from .trek import Stage, Trek, Waypoint
from .trip import Trip

__all__ = ["AppliedOp", "Note", "Stage", "Tick", "Trek", "Trip", "Waypoint"]

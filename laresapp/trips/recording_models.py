"""A recording a party sent to improve its trek's line, waiting for the organiser.

Kept as the trimmed fixes (JSON, read whole, like a trek's track) with the figures the
organiser decides on: how long it is, how many fixes, how far it runs from the current line.
``op_id`` is the phone's id for the recording, stored once: the outbox may send it again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from laresapp.db_types import UTCDateTime, utcnow
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.trips.models import Trip

STATUSES = ("new", "applied", "rejected")


class Contribution(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trip.id", ondelete="CASCADE"), index=True)
    trek_id: Mapped[int] = mapped_column(ForeignKey("trek.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))  # of the fixes as sent: a resend must match
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="new")
    trek_version: Mapped[int]  # the line it was measured against
    fix_count: Mapped[int]
    length_m: Mapped[float]
    median_offset_m: Mapped[float]
    max_offset_m: Mapped[float]
    notes: Mapped[str] = mapped_column(Text, default="")  # what trimming left out, a line each
    pieces_json: Mapped[str] = mapped_column(Text)  # [[[t_s, lat, lon, acc, ele|null], ...], ...]

    trip: Mapped[Trip] = relationship()
    trek: Mapped[Trek] = relationship()

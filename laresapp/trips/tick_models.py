"""What a party records on the trail: ticks, notes, and the log of every operation applied.

A tick is a *state with a timestamp* (done or not, as of ``at``), not a toggle, so two
phones that change the same thing offline converge: the later ``at`` wins, whatever order
their operations reach the server in. Every operation's id is stored once (unique), so a
replay after days offline applies nothing twice and gets the same acknowledgement back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from laresapp.db_types import UTCDateTime, utcnow
from laresapp.extensions import db


class Tick(db.Model):  # type: ignore[name-defined,misc]
    """The current state of one target ("stage:2", "wp:ipsayjasa-camp", "gear:tent", …)."""

    __tablename__ = "tick"
    __table_args__ = (UniqueConstraint("trip_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trip.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(120))
    done: Mapped[bool]
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the hiker ticked (phone clock)
    op_id: Mapped[str] = mapped_column(String(36))  # the operation that set this state


class Note(db.Model):  # type: ignore[name-defined,misc]
    """A party note on a waypoint or campsite. Plain text; templates escape it."""

    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trip.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)


class AppliedOp(db.Model):  # type: ignore[name-defined,misc]
    """One row per operation id ever accepted: the guard against applying anything twice.

    ``digest`` is a hash of the operation's content, so the same id sent with different
    content (a replay that was tampered with, or a client bug) is refused rather than
    acknowledged. ``status`` is the acknowledgement a repeat gets back, word for word.
    """

    __tablename__ = "applied_op"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trip.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # "applied" or "superseded"
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # the operation's own time
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

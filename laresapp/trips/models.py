"""A trip: one party walking one trek from a start date, reached through its token URL.

No accounts: the unguessable token in the URL is the key (a capability). Settings that
the party may change from any phone (the day override, the pace) are synced like ticks.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from laresapp.db_types import UTCDateTime, utcnow
from laresapp.extensions import db
from laresapp.treks.models import Trek


class Trip(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "trip"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    trek_id: Mapped[int] = mapped_column(ForeignKey("trek.id", ondelete="RESTRICT"), index=True)
    start_date: Mapped[date]  # the first walking day (day 1 of the trek)
    party_name: Mapped[str] = mapped_column(String(80), default="")
    acclimatisation_days: Mapped[int] = mapped_column(default=2)  # in Cusco, before start_date
    # Multiplies the model's moving times. Tobler assumes a light load and no stops; with full
    # packs above 4,000 m 1.5 is a fairer start (docs/decisions.md, "Hiking times").
    pace_factor: Mapped[float] = mapped_column(default=1.5)
    sunset_margin_min: Mapped[int] = mapped_column(default=60)  # arrive this long before sunset
    day_override: Mapped[int | None]  # "I'm on day N", synced like a tick
    day_override_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped by every batch of operations: a cheap "has anything changed" for phones that
    # pull, and on SQLite the bump is the batch's first statement, so the transaction holds
    # the write lock before it reads any tick (see laresapp/trip_ops.py).
    revision: Mapped[int] = mapped_column(default=0, server_default="0")

    trek: Mapped[Trek] = relationship()

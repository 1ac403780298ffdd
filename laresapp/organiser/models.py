"""The organiser's signed-in sessions, kept server-side so that signing out ends one.

The cookie holds only a random session id; a session counts while its row exists (and is
younger than ``ORGANISER_SESSION_HOURS``). Signing out deletes the row, so a copy of the
cookie taken before sign-out no longer works, on every worker and server at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from laresapp.db_types import UTCDateTime, utcnow
from laresapp.extensions import db


class OrganiserSession(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "organiser_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

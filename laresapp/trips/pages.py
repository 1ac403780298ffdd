"""What every trip view shares: finding the trip by its token, and what a trip page shows
(the party's ticks and notes, and the label of everything that can be ticked), and the two
template globals of trip pages."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from flask import abort
from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload

from laresapp.extensions import db
from laresapp.trips.models import Trip
from laresapp.trips.ops import TOKEN_RE, iso, tick_labels
from laresapp.trips.tick_models import Note, Tick

_TRIP_BY_TOKEN = db.select(Trip).where(Trip.token == bindparam("token")).options(joinedload(Trip.trek))
"""Built once: every request of a trip starts here, and building the statement (its joined
load option and its cache key) each time was a tenth of the operations path's CPU under
load (py-spy, bench/tick_load.py)."""


def get_trip(token: str) -> Trip:
    """The trip for a token. 404 for unknown and malformed tokens alike, so the answer never
    tells which one it was; a malformed token costs no database query. The trek row comes
    in the same query (every trip view uses it; its document stays deferred)."""
    if not TOKEN_RE.fullmatch(token):
        abort(404)
    trip = db.session.execute(_TRIP_BY_TOKEN, {"token": token}).unique().scalar_one_or_none()
    if trip is None:
        abort(404)
    return trip


def trip_context(trip: Trip) -> dict[str, Any]:
    """The template context of every trip page: trip, trek, ticks, notes and tick labels."""
    ticks = {t.target: t for t in db.session.scalars(db.select(Tick).where(Tick.trip_id == trip.id))}
    notes: dict[str, list[Note]] = {}
    for n in db.session.scalars(db.select(Note).where(Note.trip_id == trip.id).order_by(Note.at, Note.op_id)):
        notes.setdefault(n.target, []).append(n)
    return {"trip": trip, "trek": trip.trek, "ticks": ticks, "notes": notes, "labels": tick_labels(trip.trek)}


def new_op_id() -> str:
    """An id for a form's operation: resubmitting the same form applies once."""
    return str(uuid.uuid4())


def iso_time(moment: datetime | None) -> str:
    """A moment as the phones write it (UTC, milliseconds, Z), or "" for none."""
    return iso(moment) or ""

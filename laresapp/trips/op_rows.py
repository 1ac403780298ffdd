"""The SQL of a batch of operations and of the state phones pull, in SQLAlchemy Core.

Why not the ORM here: every tick a phone sends runs these statements, and on the
operations path the ORM's object loading, unit-of-work flush and statement building cost
more CPU than the statements themselves (bench/tick_profile.py: ~45 % of a request).
Every statement is built once, at import, with named parameters, so a request only binds
values; rows come back as plain tuples. The same tables, types (UTC times, booleans) and
transaction as the ORM session: the statements run on the session's own connection.
Pages that show ticks and notes still use the ORM models (laresapp/trips/pages.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, func, insert, select, update

from laresapp.extensions import db
from laresapp.trips.models import Trip
from laresapp.trips.tick_models import AppliedOp, Note, Tick

_TRIP = Trip.__table__
_TICK = Tick.__table__
_NOTE = Note.__table__
_APPLIED = AppliedOp.__table__


class TickRow(NamedTuple):
    """A target's current state, as stored."""

    done: bool
    at: datetime
    op_id: str


TickMap = dict[str, TickRow]
"""target → state, in the order the ticks were first made (their ids)."""

BUMP = (
    update(_TRIP)
    .where(_TRIP.c.id == bindparam("trip"))
    .values(revision=_TRIP.c.revision + 1)
    .returning(_TRIP.c.revision, _TRIP.c.day_override, _TRIP.c.day_override_at)
)
"""The batch's first statement (see laresapp/trips/ops.py): SQLite's write lock, or the
trip's row lock on PostgreSQL, and what another batch may have changed since."""

SET_DAY = (
    update(_TRIP)
    .where(_TRIP.c.id == bindparam("trip"))
    .values(day_override=bindparam("value"), day_override_at=bindparam("value_at"))
)
_APPLIED_BY_ID = select(_APPLIED.c.op_id, _APPLIED.c.trip_id, _APPLIED.c.digest, _APPLIED.c.status).where(
    _APPLIED.c.op_id.in_(bindparam("ids", expanding=True))
)
_TICKS = (
    select(_TICK.c.target, _TICK.c.done, _TICK.c.at, _TICK.c.op_id)
    .where(_TICK.c.trip_id == bindparam("trip"))
    .order_by(_TICK.c.id)
)
_TICKS_LOCKED = _TICKS.with_for_update()
_NOTES = (
    select(_NOTE.c.op_id, _NOTE.c.target, _NOTE.c.text, _NOTE.c.at)
    .where(_NOTE.c.trip_id == bindparam("trip"))
    .order_by(_NOTE.c.at, _NOTE.c.op_id)
)
_NOTE_COUNT = select(func.count()).select_from(_NOTE).where(_NOTE.c.trip_id == bindparam("trip"))
_INSERT_TICK = insert(_TICK)
_UPDATE_TICK = (
    update(_TICK)
    .where(_TICK.c.trip_id == bindparam("trip"), _TICK.c.target == bindparam("key"))
    .values(done=bindparam("new_done"), at=bindparam("new_at"), op_id=bindparam("new_op"))
)
_INSERT_NOTE = insert(_NOTE)
_INSERT_APPLIED = insert(_APPLIED)


def connection() -> Connection:
    """The session's connection: the statements here share its transaction."""
    return db.session.connection()


Known = dict[str, tuple[int, str, str]]
"""op id → (trip id, digest, status) of operations already applied."""


def applied(ids: set[str]) -> Known:
    """op id → (trip id, digest, status) of the ids among ``ids`` already applied."""
    rows = connection().execute(_APPLIED_BY_ID, {"ids": sorted(ids)})
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def ticks(trip_id: int, *, locked: bool = False) -> TickMap:
    """The trip's ticks; ``locked`` reads them ``FOR UPDATE`` (PostgreSQL) for a batch."""
    rows = connection().execute(_TICKS_LOCKED if locked else _TICKS, {"trip": trip_id})
    return {r[0]: TickRow(r[1], r[2], r[3]) for r in rows}


def note_count(trip_id: int) -> int:
    return int(connection().execute(_NOTE_COUNT, {"trip": trip_id}).scalar_one())


class Writes:
    """What a batch writes, collected while its operations are applied, sent at the end in
    one statement per kind of row (executemany), whatever the batch's length."""

    def __init__(self, trip_id: int) -> None:
        self.trip_id = trip_id
        self.new_ticks: dict[str, TickRow] = {}
        self.changed_ticks: dict[str, TickRow] = {}
        self.notes: list[dict[str, Any]] = []
        self.applied: list[dict[str, Any]] = []
        self.day: tuple[int | None, datetime] | None = None

    def tick(self, target: str, row: TickRow, *, exists: bool) -> None:
        (self.changed_ticks if exists else self.new_ticks)[target] = row

    def send(self) -> None:
        conn, trip = connection(), self.trip_id
        if self.new_ticks:
            conn.execute(
                _INSERT_TICK,
                [
                    {"trip_id": trip, "target": t, "done": r.done, "at": r.at, "op_id": r.op_id}
                    for t, r in self.new_ticks.items()
                ],
            )
        if self.changed_ticks:
            conn.execute(
                _UPDATE_TICK,
                [
                    {"trip": trip, "key": t, "new_done": r.done, "new_at": r.at, "new_op": r.op_id}
                    for t, r in self.changed_ticks.items()
                ],
            )
        if self.notes:
            conn.execute(_INSERT_NOTE, [{"trip_id": trip, **n} for n in self.notes])
        if self.day is not None:
            conn.execute(SET_DAY, {"trip": trip, "value": self.day[0], "value_at": self.day[1]})
        if self.applied:
            conn.execute(_INSERT_APPLIED, [{"trip_id": trip, **a} for a in self.applied])


def iso(moment: datetime | None) -> str | None:
    """UTC with millisecond precision and a Z, the same form the phones write."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def state(trip: Trip, known_ticks: TickMap | None = None) -> dict[str, Any]:
    """Everything a phone needs to show the party's ticks and notes. ``known_ticks``: the
    ticks a batch just committed under its lock (no second read of them)."""
    tick_map = ticks(trip.id) if known_ticks is None else known_ticks
    notes = connection().execute(_NOTES, {"trip": trip.id})
    return {
        "trip": trip.token,
        "revision": trip.revision,
        "ticks": {t: {"done": r.done, "at": iso(r.at), "op_id": r.op_id} for t, r in tick_map.items()},
        "day": {"value": trip.day_override, "at": iso(trip.day_override_at)},
        "notes": [{"op_id": n[0], "target": n[1], "text": n[2], "at": iso(n[3])} for n in notes],
    }

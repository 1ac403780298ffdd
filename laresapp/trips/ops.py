"""Trip operations: validate, apply once, converge. Flask-free apart from the session.

An operation is ``{op_id, trip, target, done, at}`` (a tick), ``{…, kind: "note", text}``
(a party note) or ``{…, kind: "setting", target: "setting:day", value}`` (the "I'm on day
N" override). Applying is idempotent — the op id is stored with a unique key and a repeat
gets the stored acknowledgement back — and converges: per target the latest ``at`` wins
(ties broken by op id), whatever order operations arrive in.

Concurrency: on SQLite a batch first takes the writer lock every process shares
(laresapp/writer_lock.py), then begins with ``UPDATE trip SET revision = revision + 1``.
That first write takes the database's write lock *before* the batch reads any tick, so
a read-then-write can never fail with SQLITE_BUSY_SNAPSHOT ("database is locked"
despite the timeout) or decide on a stale read. On PostgreSQL the
same statement locks the trip's row, which serialises batches of one trip. Batches of one
trip that arrive in one process while another is being written are written together,
in arrival order, in the next transaction (group commit, laresapp/trips/group_commit.py):
the lock is taken once per group, and validation is done before it. A group's first try
does not look up its op ids (random UUIDs, new but for a replay): a replay fails the
insert on its unique key, and the retry reads the ids under the lock.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from laresapp.core.message import Msg
from laresapp.core.text import text_problem
from laresapp.db_types import utcnow
from laresapp.extensions import db
from laresapp.trips import op_rows
from laresapp.trips.group_commit import GroupCommit
from laresapp.trips.models import Trip
from laresapp.trips.op_rows import Known, TickMap, TickRow, Writes
from laresapp.trips.op_rows import iso as iso
from laresapp.trips.targets import note_targets as note_targets
from laresapp.trips.targets import tick_labels as tick_labels
from laresapp.trips.targets import tick_targets as tick_targets
from laresapp.writer_lock import writer_lock_for

# secrets.token_urlsafe(24): 24 random bytes = 192 bits, 32 URL-safe characters.
TOKEN_BYTES = 24
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32}")
"""What :func:`new_token` makes; anything else cannot be a trip (see trips/pages.get_trip)."""
CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of the server a phone's ``at`` may be and still count as it says; later
stamps count as the moment the server received them (docs/decisions.md, "Clocks")."""
PAST_MARGIN = timedelta(hours=24)  # before the trip was created, allowing for clock skew
MAX_TARGET = 120
MAX_NOTE = 280
MAX_NOTES_PER_TRIP = 500
"""A trip's notes are shown on its pages: a cap keeps a leaked link from growing every page."""
MAX_BATCH = 200
KINDS = ("tick", "note", "setting")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class OpError(Exception):
    """An operation the server refuses; ``code`` is the HTTP status, ``reason`` is for people."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class ValidOp:
    op_id: str
    kind: str
    target: str
    at: datetime
    """When the change counts as made: the phone's ``claimed_at``, or the server's time
    of receipt when the phone's clock was ahead by more than :data:`CLOCK_SKEW`."""
    claimed_at: datetime
    done: bool = False
    text: str = ""
    value: int | None = None

    @property
    def digest(self) -> str:
        """What the phone sent (not the receipt time), so a resend matches its first copy."""
        body = [self.kind, self.target, self.claimed_at.isoformat(), self.done, self.text, self.value]
        return hashlib.sha256(json.dumps(body).encode()).hexdigest()


_NOT_A_TIME = Msg("“at” is not a date and time (ISO 8601, e.g. 2026-06-01T14:05:00Z).")


def _field(raw: dict[str, Any], name: str, kind: type, what: str) -> Any:
    if name not in raw:
        raise OpError(422, Msg("The operation has no “%(name)s”.", name=name))
    value = raw[name]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise OpError(422, Msg("“%(name)s” must be %(what)s.", name=name, what=what))
    return value


def parse_at(text: str, trip: Trip, now: datetime) -> tuple[datetime, datetime]:
    """(when the change counts as made, what the phone claimed). A stamp more than
    :data:`CLOCK_SKEW` ahead of the server counts as made now: a phone whose clock runs
    hours fast cannot freeze a tick against every honest later change."""
    if len(text) > 40:
        raise OpError(422, _NOT_A_TIME)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise OpError(422, _NOT_A_TIME) from None
    if at.tzinfo is None:
        raise OpError(422, Msg("“at” needs a time zone (end it with Z for UTC)."))
    try:
        at = at.astimezone(now.tzinfo)
    except OverflowError:
        raise OpError(422, Msg("“at” is out of range: check the phone's clock.")) from None
    created = trip.created_at or now
    if at < created - PAST_MARGIN:
        raise OpError(422, Msg("“at” is before this trip was created: check the phone's clock."))
    return (now if at > now + CLOCK_SKEW else at), at


def validate(raw: Any, trip: Trip, targets: frozenset[str], places: frozenset[str], now: datetime) -> ValidOp:
    """One operation, checked field by field, with a message that says what is wrong."""
    if not isinstance(raw, dict):
        raise OpError(422, Msg("An operation must be a JSON object."))
    op_id = _field(raw, "op_id", str, Msg("a UUID string"))
    try:
        parsed = uuid.UUID(op_id)
    except ValueError:
        raise OpError(422, Msg("“op_id” is not a UUID.")) from None
    if str(parsed) != op_id.lower():
        raise OpError(422, Msg("“op_id” is not a UUID in its usual form (8-4-4-4-12 hex digits)."))
    if _field(raw, "trip", str, Msg("the trip's token")) != trip.token:
        raise OpError(422, Msg("The operation belongs to another trip."))
    target = _field(raw, "target", str, Msg("a string such as “stage:1”"))
    default_kind = "setting" if target.startswith("setting:") else "tick"
    kind = raw.get("kind", default_kind)
    if kind not in KINDS:
        raise OpError(422, Msg("“kind” must be one of %(kinds)s.", kinds=", ".join(KINDS)))
    at, claimed = parse_at(_field(raw, "at", str, Msg("an ISO 8601 date and time")), trip, now)
    common = {"op_id": str(parsed), "kind": kind, "target": target, "at": at, "claimed_at": claimed}
    if kind == "tick":
        if target not in targets or target.startswith("setting:"):
            raise OpError(
                422, Msg("This trip has nothing called “%(target)s” to tick.", target=target[:MAX_TARGET])
            )
        return ValidOp(**common, done=_field(raw, "done", bool, Msg("true or false")))
    if kind == "note":
        if target not in places:
            raise OpError(
                422, Msg("Notes go on a waypoint of this trek, not “%(target)s”.", target=target[:MAX_TARGET])
            )
        text = _field(raw, "text", str, Msg("text")).strip()
        problem = text_problem(text)
        if problem:
            raise OpError(
                422, Msg("The note %(problem)s: remove it and send the note again.", problem=problem)
            )
        if not text:
            raise OpError(422, Msg("The note is empty."))
        if len(text) > MAX_NOTE:
            raise OpError(422, Msg("A note can be at most %(max)s characters.", max=MAX_NOTE))
        return ValidOp(**common, text=text)
    if target != "setting:day":
        raise OpError(422, Msg("There is no setting called “%(target)s”.", target=target[:MAX_TARGET]))
    if "value" not in raw:
        raise OpError(422, Msg("The operation has no “value”."))
    value = raw["value"]
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(trip.trek.stages)
    ):
        raise OpError(
            422, Msg("“value” must be a day from 1 to %(last)s, or null.", last=len(trip.trek.stages))
        )
    return ValidOp(**common, value=value)


def _ack(op_id: str, status: str) -> dict[str, Any]:
    return {"op_id": op_id, "status": status, "code": 200}


def _refusal(op_id: Any, err: OpError) -> dict[str, Any]:
    shown = op_id if isinstance(op_id, str) and len(op_id) <= 64 else None
    return {"op_id": shown, "status": "refused", "code": err.code, "reason": err.reason}


def _apply_tick(ticks: TickMap, stored: set[str], writes: Writes, op: ValidOp) -> str:
    tick = ticks.get(op.target)
    if tick is not None and (op.at, op.op_id) <= (tick.at, tick.op_id):
        return "superseded"
    ticks[op.target] = row = TickRow(op.done, op.at, op.op_id)
    writes.tick(op.target, row, exists=op.target in stored)
    return "applied"


def _apply_setting(trip: Trip, writes: Writes, op: ValidOp) -> str:
    current = (trip.day_override_at, -1 if trip.day_override is None else trip.day_override)
    mine = (op.at, -1 if op.value is None else op.value)
    if current[0] is None or mine > current:  # type: ignore[operator]
        set_committed_value(trip, "day_override", op.value)
        set_committed_value(trip, "day_override_at", op.at)
        writes.day = (op.value, op.at)
        return "applied"
    return "superseded"


def _lock_trip(trip: Trip) -> None:
    """The batch's first statement: bump the revision (taking SQLite's write lock, or the
    trip's row lock on PostgreSQL) and read back, in the same statement, what another
    batch may have changed since the trip was loaded."""
    row = op_rows.connection().execute(op_rows.BUMP, {"trip": trip.id}).one()
    set_committed_value(trip, "revision", row.revision)
    set_committed_value(trip, "day_override", row.day_override)
    set_committed_value(trip, "day_override_at", row.day_override_at)


_REUSED_ID = Msg("This operation id was already used for a different change.")


@dataclass(frozen=True)
class _Job:
    """One request's valid operations, when the server received them, and whether its
    answer carries the trip's state (the outbox's does, a form's does not)."""

    ops: list[ValidOp]
    now: datetime
    with_state: bool


@dataclass(frozen=True)
class _Written:
    """What a job's request learns from the write that carried it. ``state`` is the trip's
    as that write left it, read once for the whole group."""

    results: list[dict[str, Any]]
    state: dict[str, Any] | None
    revision: int
    day: int | None
    day_at: datetime | None


class _Batch:
    """Operations applied one after another in one transaction, under the trip's lock.

    It costs a fixed number of statements whatever the number of operations: the trip's
    ticks are read once (and the op ids already applied, on a retry), and the new rows are
    written by one statement per kind (a phone back in signal replays up to
    :data:`MAX_BATCH` operations at once, and a group commit carries several phones'
    batches). ``known``: op id → what was stored for it, filled as operations apply."""

    def __init__(self, trip: Trip, known: Known) -> None:
        self.trip = trip
        self.known = known
        self.writes = Writes(trip.id)
        self.ticks: TickMap | None = None
        self.stored: set[str] = set()
        self.notes: int | None = None

    def apply(self, op: ValidOp, now: datetime) -> dict[str, Any]:
        """One operation's result. An op id may come twice (in one batch or one group):
        the first copy is applied, a second with other content is refused."""
        trip = self.trip
        prior = self.known.get(op.op_id)
        if prior is not None:
            if prior[0] != trip.id or prior[1] != op.digest:
                return _refusal(op.op_id, OpError(409, _REUSED_ID))
            return _ack(op.op_id, prior[2])
        if op.kind == "tick":
            if self.ticks is None:
                self.ticks = op_rows.ticks(trip.id, locked=True)
                self.stored = set(self.ticks)
            status = _apply_tick(self.ticks, self.stored, self.writes, op)
        elif op.kind == "setting":
            status = _apply_setting(trip, self.writes, op)
        else:
            if self.notes is None:
                self.notes = op_rows.note_count(trip.id)
            if self.notes >= MAX_NOTES_PER_TRIP:
                full = Msg("This trip already has %(count)s notes.", count=MAX_NOTES_PER_TRIP)
                return _refusal(op.op_id, OpError(409, full))
            self.notes += 1
            self.writes.notes.append({"target": op.target, "text": op.text, "at": op.at, "op_id": op.op_id})
            status = "applied"
        self.writes.applied.append(
            {
                "op_id": op.op_id,
                "digest": op.digest,
                "status": status,
                "at": op.claimed_at,
                "received_at": now,
            }
        )
        self.known[op.op_id] = (trip.id, op.digest, status)
        return _ack(op.op_id, status)


def _apply_jobs(
    trip: Trip, jobs: list[_Job], *, recheck: bool
) -> tuple[list[list[dict[str, Any]]], TickMap | None]:
    _lock_trip(trip)  # first statement of the transaction: see the module docstring
    known = op_rows.applied({op.op_id for job in jobs for op in job.ops}) if recheck else {}
    batch = _Batch(trip, known)
    results = [[batch.apply(op, job.now) for op in job.ops] for job in jobs]
    batch.writes.send()
    return results, batch.ticks


def _write_jobs(trip: Trip, jobs: list[_Job]) -> list[_Written]:
    """One transaction for ``jobs`` (on the calling thread's session). Op ids are random
    UUIDs: the first try takes every one as new, without reading; one already applied (a
    phone's replay: its answer was lost) makes the insert fail on its unique key, and the
    retry reads the group's ids under the lock and answers it as it was answered first.
    The state, when asked for, is read once after the commit: the ticks this write read
    under its lock and committed are not read again."""
    for attempt in range(3):
        try:
            with writer_lock_for(db.engine):
                results, ticks = _apply_jobs(trip, jobs, recheck=attempt > 0)
                _commit_keeping_loaded()
            break
        except BaseException as err:  # rolled back before a retry, or before each member alone
            db.session.rollback()
            if not isinstance(err, IntegrityError) or attempt == 2:
                raise
    state = op_rows.state(trip, ticks) if any(job.with_state for job in jobs) else None
    return [
        _Written(
            out, state if job.with_state else None, trip.revision, trip.day_override, trip.day_override_at
        )
        for job, out in zip(jobs, results, strict=True)
    ]


_GROUPS: GroupCommit[_Job, _Written] = GroupCommit()
"""Per database and trip (laresapp/trips/group_commit.py)."""


def _commit_keeping_loaded() -> None:
    """Commit without expiring the trip: its revision and day as of this batch are exactly
    what was committed, so the answer's state needs no second read of it."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def apply_ops(trip: Trip, raws: list[Any], now: datetime | None = None) -> list[dict[str, Any]]:
    """Apply a batch; one result per operation, in order. Refused ones write nothing."""
    return _apply_batch(trip, raws, now, with_state=False)[0]


def apply_ops_with_state(trip: Trip, raws: list[Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """:func:`apply_ops` and the trip's state after it (the outbox's answer)."""
    results, state = _apply_batch(trip, raws, None, with_state=True)
    return results, op_rows.state(trip) if state is None else state


def _apply_batch(
    trip: Trip, raws: list[Any], now: datetime | None, *, with_state: bool
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    now = now or utcnow()
    trek = trip.trek
    targets, places = tick_targets(trek), note_targets(trek)
    checked: list[ValidOp | dict[str, Any]] = []
    for raw in raws:
        try:
            checked.append(validate(raw, trip, targets, places, now))
        except OpError as err:
            checked.append(_refusal(raw.get("op_id") if isinstance(raw, dict) else None, err))
    valid = [c for c in checked if isinstance(c, ValidOp)]
    if not valid:
        return [c for c in checked if not isinstance(c, ValidOp)], None
    job = _Job(valid, now, with_state)
    written = _GROUPS.submit((db.engine, trip.id), job, lambda jobs: _write_jobs(trip, jobs))
    set_committed_value(trip, "revision", written.revision)
    set_committed_value(trip, "day_override", written.day)
    set_committed_value(trip, "day_override_at", written.day_at)
    results = iter(written.results)
    return [next(results) if isinstance(c, ValidOp) else c for c in checked], written.state

"""Recordings a party sends to improve its trek's line: receive once, and let the organiser
apply one (the existing replace-a-sketch merge: notes, advice and days kept) or reject it.

A recording arrives through the phone's outbox like an operation — ``{op_id, kind:
"recording", fixes: [...]}`` — and is answered in the operations' shape, so the outbox's
one rule for acknowledgements holds: stored once per op id; the same id again gets the same
answer; the same id with other fixes is refused (409). Everything is checked and trimmed by
:mod:`laresapp.core.track.recording_check` before a row is written.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from laresapp.core.errors import RouteError
from laresapp.core.gpx.write import pieces_to_gpx
from laresapp.core.track.geometry import haversine_m
from laresapp.core.track.recording import Fix
from laresapp.core.track.recording_check import Trimmed, read_fixes, trim
from laresapp.core.track.snap import snap_to_track
from laresapp.db_types import utcnow
from laresapp.extensions import db
from laresapp.treks.gpx import ImportResult, import_gpx
from laresapp.treks.profile import trek_profile
from laresapp.trips.models import Trip
from laresapp.trips.recording_models import Contribution

MAX_BODY = 4 * 1024 * 1024
"""A day's recording is about 3,000 fixes (~250 KB as JSON); a whole trek's fits easily."""
NEAR_MARGIN_M = 2000.0
"""How far from the line a recorded walk may be kept: this, plus a sketch's uncertainty."""


@dataclass(frozen=True)
class Answer:
    code: int
    body: dict[str, Any]


def _refuse(code: int, message: str, op_id: str | None = None) -> Answer:
    result = {"op_id": op_id, "code": code, "reason": message} if op_id else None
    return Answer(code, {"error": "refused", "message": message, "results": [result] if result else []})


def _ack(c: Contribution, notes: list[str]) -> Answer:
    result = {"op_id": c.op_id, "code": 200, "status": "applied", "notes": notes}
    summary = {"fixes": c.fix_count, "length_m": round(c.length_m, 1)}
    return Answer(200, {"results": [result], "recording": summary})


def _the_op(body: Any) -> dict[str, Any] | None:
    if isinstance(body, dict) and isinstance(body.get("ops"), list) and len(body["ops"]) == 1:
        body = body["ops"][0]
    return body if isinstance(body, dict) and body.get("kind") == "recording" else None


def receive(trip: Trip, body: Any) -> Answer:
    """Store a sent recording once, trimmed, or say why not."""
    op = _the_op(body)
    if op is None:
        return _refuse(400, 'Send one recording: {"op_id": "…", "kind": "recording", "fixes": [...]}.')
    op_id = op.get("op_id")
    try:
        op_id = str(uuid.UUID(str(op_id)))
    except ValueError:
        return _refuse(400, "The recording needs an op_id that is a UUID.")
    fixes_raw = op.get("fixes")
    digest = hashlib.sha256(json.dumps(fixes_raw, sort_keys=True).encode()).hexdigest()
    seen = _stored(op_id)
    if seen is not None:
        return _answer_again(seen, trip, digest)
    try:
        fixes = read_fixes(fixes_raw, utcnow().timestamp() * 1000)
        checked = _trimmed(trip, fixes)
    except RouteError as exc:
        return _refuse(422, f"This recording cannot improve the route: {exc}.", op_id)
    c = _contribution(trip, op_id, digest, checked)
    db.session.add(c)
    try:
        db.session.commit()
    except IntegrityError:
        # The same id from a second phone at the same moment: its row won the race; answer
        # as for a resend. Any other integrity error is not a race, and is raised.
        db.session.rollback()
        winner = _stored(op_id)
        if winner is None:
            raise
        return _answer_again(winner, trip, digest)
    return _ack(c, checked.trimmed.notes)


def _stored(op_id: str) -> Contribution | None:
    return db.session.scalar(db.select(Contribution).where(Contribution.op_id == op_id))


def _answer_again(seen: Contribution, trip: Trip, digest: str) -> Answer:
    """A recording id already stored: the same answer for the same points, else 409."""
    if seen.trip_id == trip.id and seen.digest == digest:
        return _ack(seen, seen.notes.splitlines())
    return _refuse(409, "This recording id was already used for other points.", seen.op_id)


@dataclass(frozen=True)
class _Checked:
    trimmed: Trimmed
    offsets_m: list[float]


def _trimmed(trip: Trip, fixes: list[Fix]) -> _Checked:
    trek = trip.trek
    profile = trek_profile(trek).profile
    uncertainty = float(trek.document.get("line_uncertainty_m") or 0.0) if trek.is_sketch else 0.0
    offsets: dict[int, float] = {}

    def offset(f: Fix) -> float:
        key = id(f)
        if key not in offsets:
            offsets[key] = snap_to_track(profile, f.lat, f.lon).offset_m
        return offsets[key]

    trimmed = trim(fixes, offset, uncertainty + NEAR_MARGIN_M)
    return _Checked(trimmed, [offset(f) for p in trimmed.pieces for f in p])


def _contribution(trip: Trip, op_id: str, digest: str, checked: _Checked) -> Contribution:
    pieces = checked.trimmed.pieces
    length = sum(
        haversine_m(a.lat, a.lon, b.lat, b.lon) for p in pieces for a, b in zip(p, p[1:], strict=False)
    )
    return Contribution(
        op_id=op_id,
        trip_id=trip.id,
        trek_id=trip.trek_id,
        digest=digest,
        received_at=utcnow(),
        status="new",
        trek_version=trip.trek.version,
        fix_count=checked.trimmed.fix_count,
        length_m=length,
        median_offset_m=statistics.median(checked.offsets_m),
        max_offset_m=max(checked.offsets_m),
        notes="\n".join(checked.trimmed.notes),
        pieces_json=json.dumps(
            [[[f.t_s, f.lat, f.lon, f.accuracy_m, f.elevation_m] for f in p] for p in pieces],
            separators=(",", ":"),
        ),
    )


def pieces_of(c: Contribution) -> list[list[Fix]]:
    return [[Fix(t, lat, lon, acc, ele) for t, lat, lon, acc, ele in p] for p in json.loads(c.pieces_json)]


def waiting() -> list[Contribution]:
    """What the organiser's page lists: newest first, undecided ones before the rest."""
    rows = db.session.scalars(db.select(Contribution).order_by(Contribution.received_at.desc())).all()
    return sorted(rows, key=lambda c: c.status != "new")


def apply(c: Contribution) -> ImportResult:
    """Replace the trek's line with the recording through the one import path (a merge that
    keeps notes, advice and days); the trek becomes recorded and its version goes up."""
    if c.status != "new":
        raise RouteError(f"this recording was already {c.status}")
    gpx = pieces_to_gpx(f"{c.trek.name}: recorded by a party", pieces_of(c))
    result = import_gpx(gpx.encode("utf-8"), filename=f"contribution-{c.id}.gpx", replace_slug=c.trek.slug)
    c.status = "applied"
    db.session.commit()
    return result


def reject(c: Contribution) -> None:
    if c.status != "new":
        raise RouteError(f"this recording was already {c.status}")
    c.status = "rejected"
    db.session.commit()

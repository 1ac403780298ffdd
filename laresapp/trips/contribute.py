"""``POST /t/<token>/recordings``: a party's recording, sent from the phone's outbox.

Authorised by the trip link like the other trip writes (no cookie, so no CSRF token to
expire while the phone was offline); its own body limit, since a recording is larger than
a batch of ticks; rate-limited per trip. The answer has the operations' shape, so the
outbox treats it by the same rule (see :mod:`laresapp.trips.recordings`).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from laresapp.extensions import csrf, limiter
from laresapp.trips import recordings
from laresapp.trips.pages import get_trip
from laresapp.web.inputs import read_json
from laresapp.web.limits import trip_writes

bp = Blueprint("contribute", __name__)

RATE_LIMIT = "30 per hour"
"""Per trip, on top of the trip's shared write bucket: a recording is large, and a party
sends one a day at most."""


@bp.post("/t/<token>/recordings")
@csrf.exempt
@trip_writes
@limiter.limit(RATE_LIMIT, key_func=lambda: "recordings:" + str((request.view_args or {}).get("token", "")))
def send_recording(token: str) -> tuple[Response, int]:
    trip = get_trip(token)
    request.max_content_length = recordings.MAX_BODY  # larger bodies: 413 before they are read
    body = read_json()  # the one JSON reader: nesting and constants checked, a 400 with words
    answer = recordings.receive(trip, body)
    resp = jsonify(answer.body)
    resp.headers["Cache-Control"] = "no-store"
    return resp, answer.code

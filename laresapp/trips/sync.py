"""The JSON side of a trip: the outbox's operations endpoint, the state phones pull, the
list of pages "Save this trip for offline" fetches, and the trip's own app manifest.

``POST /t/<token>/ops`` takes one operation or a batch (``{"ops": [...]}`` or a list), so a
phone back in signal after days offline replays everything in one request. The answer has
one result per operation (``applied`` / ``superseded`` — both acknowledgements — or
``refused`` with a code and a reason) and the trip's current state. CSRF-exempt for the
reason given in trips/views.py: the token in the URL is the authorisation.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from flask_babel import gettext

from laresapp.extensions import csrf
from laresapp.pwa.manifest import manifest_response
from laresapp.pwa.save_list import cache_name, save_key, save_list_response, saved_name
from laresapp.trips import op_rows
from laresapp.trips import ops as trip_ops
from laresapp.trips.offline import trip_urls
from laresapp.trips.pages import get_trip
from laresapp.web.i18n import page_route, use_header_lang
from laresapp.web.inputs import read_json
from laresapp.web.labels import say
from laresapp.web.limits import trip_writes

bp = Blueprint("sync", __name__)

MAX_BODY = 64 * 1024


def _no_store(resp: Response) -> Response:
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.post("/t/<token>/ops")
@csrf.exempt
@trip_writes
def ops(token: str) -> Response | tuple[Response, int]:
    trip = get_trip(token)
    request.max_content_length = MAX_BODY  # larger bodies: 413 before they are read
    body = read_json()
    single = isinstance(body, dict) and "ops" not in body
    items: Any = [body] if single else (body.get("ops") if isinstance(body, dict) else body)
    if not isinstance(items, list) or not items:
        return jsonify(
            error="Bad Request", message='Send an operation, a list of them, or {"ops": [...]}.'
        ), 400
    if len(items) > trip_ops.MAX_BATCH:
        return jsonify(
            error="Payload Too Large", message=(f"Send at most {trip_ops.MAX_BATCH} operations per request.")
        ), 413
    results, trip_state = trip_ops.apply_ops_with_state(trip, items)
    payload = {"results": results, "state": trip_state}
    use_header_lang()
    for result in results:  # a refusal's reason, in the language of the page that sent it
        if "reason" in result:
            result["reason"] = say(result["reason"])
    status = results[0]["code"] if single else 200
    return _no_store(jsonify(payload)), status


@bp.get("/t/<token>/state.json")
def state(token: str) -> Response:
    return _no_store(jsonify(op_rows.state(get_trip(token))))


@page_route(bp, "/t/<token>/offline.json")
def offline_manifest(token: str) -> Response:
    trip = get_trip(token)
    name = (
        gettext("trip “%(party)s”", party=trip.party_name)
        if trip.party_name
        else gettext("trip on %(trek)s", trek=trip.trek.short_name)
    )
    return save_list_response(
        slug=save_key(f"trip-{trip.token}"),
        version=trip.trek.version,
        name=saved_name(name),
        cache=cache_name("trip", trip.token, trip.trek.version),
        urls=trip_urls(trip),
    )


@page_route(bp, "/t/<token>/manifest.webmanifest")
def trip_manifest(token: str) -> Response:
    trip = get_trip(token)
    start = url_for("trips.today", token=trip.token)
    label = trip.party_name or trip.trek.short_name
    return manifest_response(
        start_url=start, app_id=start, name=gettext("Lares Trek — %(label)s", label=label)
    )

"""Trip pages and their plain forms: create a trip, today's stage, any day, the gear list,
and the tick / note / day forms that work without JavaScript (303 back to the page).

Trip URLs carry the trip's token, which is the only key (no accounts). The POST endpoints
here are exempt from CSRF protection on purpose: they are authorised by that unguessable
token, not by a cookie, so a cross-site page has nothing to ride on — and a tick replayed
days later from the outbox must not fail on an expired CSRF token (docs/decisions.md).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response as BaseResponse

from laresapp.extensions import csrf, db, limiter
from laresapp.treks.models import Trek
from laresapp.trips import ops as trip_ops
from laresapp.trips import today as trip_today
from laresapp.trips.itinerary import plan_day
from laresapp.trips.models import Trip
from laresapp.trips.ops import iso
from laresapp.trips.pages import get_trip, new_op_id, trip_context
from laresapp.trips.tick_models import AppliedOp
from laresapp.web.i18n import page_route
from laresapp.web.inputs import InputError, clean_text, local_path, parse_int
from laresapp.web.limits import trip_writes
from laresapp.web.render import page_or_fragment, wants_fragment

bp = Blueprint("trips", __name__)

CREATE_LIMIT = "5 per minute; 30 per hour"
_UUID_RE = re.compile(r"[0-9A-Fa-f-]{36}")


# -- creating a trip ------------------------------------------------------------------


def _create_errors(form: Any, treks: list[Trek]) -> tuple[dict[str, str], dict[str, Any]]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    slug = form.get("trek", "")
    values["trek"] = next((t for t in treks if t.slug == slug), None)
    if values["trek"] is None:
        errors["trek"] = gettext("Choose one of the route variants.")
    try:
        values["start_date"] = date.fromisoformat(form.get("start_date", ""))
    except ValueError:
        errors["start_date"] = gettext("Give the first walking day as a date.")
    try:
        values["party_name"] = clean_text(form.get("party_name", ""), gettext("The party name"), 80)
    except InputError as exc:
        errors["party_name"] = str(exc.description)
    try:
        values["acclimatisation_days"] = parse_int(
            form.get("acclimatisation_days", "2").strip() or "0", gettext("Days in Cusco"), 0, 14
        )
    except InputError:
        errors["acclimatisation_days"] = gettext("Give a number of days from 0 to 14.")
    return errors, values


@page_route(bp, "/trips/new")
def new() -> str:
    treks = db.session.scalars(db.select(Trek).order_by(Trek.slug)).all()
    return render_template("trips/new.html", treks=treks, errors={}, form={})


@page_route(bp, "/trips", methods=("POST",))
@limiter.limit(CREATE_LIMIT)
def create() -> BaseResponse | tuple[str, int]:
    treks = list(db.session.scalars(db.select(Trek).order_by(Trek.slug)))
    errors, values = _create_errors(request.form, treks)
    if errors:
        return render_template("trips/new.html", treks=treks, errors=errors, form=request.form), 422
    trip = Trip(
        token=trip_ops.new_token(),
        trek_id=values["trek"].id,
        start_date=values["start_date"],
        party_name=values["party_name"],
        acclimatisation_days=values["acclimatisation_days"],
    )
    db.session.add(trip)
    db.session.commit()
    return redirect(url_for("trips.share", token=trip.token, new=1), 303)


# -- reading ----------------------------------------------------------------------------


def _day_page(trip: Trip, number: int, is_today: bool) -> str:
    ctx = trip_context(trip)
    trek = ctx["trek"]
    stage = trek.stage(number)
    if stage is None:
        abort(404)
    today = trip_today.today_for(trip, trip_today.local_today(), len(trek.stages))
    # For the script that follows the phone's calendar offline and the "I'm on day N" form.
    day_urls = {s.number: url_for("trips.day", token=trip.token, number=s.number) for s in trek.stages}
    targets = [f"stage:{stage.number}", *(f"wp:{w.slug}" for w in stage.waypoints)]
    done = sum(1 for t in targets if (tick := ctx["ticks"].get(t)) is not None and tick.done)
    return render_template(
        "trips/day.html",
        stage=stage,
        today=today,
        is_today=is_today,
        day_urls=day_urls,
        plan_day=plan_day(trip, stage.number),
        day_done=done,
        day_targets=len(targets),
        **ctx,
    )


@page_route(bp, "/t/<token>/")
def today(token: str) -> str:
    trip = get_trip(token)
    info = trip_today.today_for(trip, trip_today.local_today(), len(trip.trek.stages))
    return _day_page(trip, info.day, is_today=True)


@page_route(bp, "/t/<token>/days/<int:number>")
def day(token: str, number: int) -> str:
    return _day_page(get_trip(token), number, is_today=False)


@page_route(bp, "/t/<token>/share")
def share(token: str) -> str:
    """The trip's link, what it means (the key notice, in full) and how to pass it on."""
    trip = get_trip(token)
    return render_template("trips/share.html", is_new=request.args.get("new") == "1", **trip_context(trip))


@page_route(bp, "/t/<token>/gear")
def gear(token: str) -> str:
    return render_template("trips/gear.html", **trip_context(get_trip(token)))


@page_route(bp, "/t/<token>/ticks/<path:target>")
def tick_component(token: str, target: str) -> Response:
    """The tick component's own URL: the fragment for htmx, a small page otherwise."""
    ctx = trip_context(get_trip(token))
    if target not in ctx["labels"]:
        abort(404)
    return page_or_fragment(
        "trips/tick_page.html",
        "trips/_tick.html",
        target=target,
        label=ctx["labels"][target],
        tick=ctx["ticks"].get(target),
        **ctx,
    )


# -- plain forms (and htmx on top) -------------------------------------------------------


def _back(trip: Trip) -> str:
    """Where a plain form goes back to: a page of this trip, or its Today page. Worked out
    before the operation is applied, so a bad ``next`` can never follow a committed change."""
    fallback = url_for("trips.today", token=trip.token)
    return local_path(request.form.get("next", ""), f"/t/{trip.token}/", fallback)


def _form_op(trip: Trip, **fields: Any) -> dict[str, Any]:
    """A plain form's operation. The form carries its op_id; ``at`` is the moment it arrives,
    except when the same form is sent again (back button, double tap): then the stored
    operation's time is reused, so the repeat is the same operation and applies once."""
    op_id = request.form.get("op_id") or new_op_id()
    moment = request.form.get("at") or iso(trip_ops.utcnow())
    prior = db.session.get(AppliedOp, op_id.lower()) if _UUID_RE.fullmatch(op_id) else None
    if prior is not None and prior.trip_id == trip.id:
        moment = iso(prior.at) or moment
    return {"op_id": op_id, "trip": trip.token, "at": moment, **fields}


@page_route(bp, "/t/<token>/tick", methods=("POST",))
@csrf.exempt
@trip_writes
def tick(token: str) -> BaseResponse:
    trip = get_trip(token)
    back = _back(trip)
    target = request.form.get("target", "")
    op = _form_op(trip, target=target, done=request.form.get("done") == "true")
    result = trip_ops.apply_ops(trip, [op])[0]
    if not wants_fragment():
        if result["code"] != 200:
            abort(result["code"], result["reason"])
        return redirect(back, 303)
    ctx = trip_context(trip)
    if result["code"] != 200:
        abort(result["code"], result["reason"])
    resp = page_or_fragment(
        "trips/tick_page.html",
        "trips/_tick.html",
        target=target,
        label=ctx["labels"].get(target, target),
        tick=ctx["ticks"].get(target),
        back=back,
        **ctx,
    )
    resp.headers["X-Op-Ack"] = result["op_id"]
    return resp


@page_route(bp, "/t/<token>/notes", methods=("POST",))
@csrf.exempt
@trip_writes
def note(token: str) -> BaseResponse:
    trip = get_trip(token)
    back = _back(trip)
    op = _form_op(trip, kind="note", target=request.form.get("target", ""), text=request.form.get("text", ""))
    result = trip_ops.apply_ops(trip, [op])[0]
    if result["code"] != 200:
        abort(result["code"], result["reason"])
    return redirect(back, 303)


@page_route(bp, "/t/<token>/day", methods=("POST",))
@csrf.exempt
@trip_writes
def set_day(token: str) -> BaseResponse:
    trip = get_trip(token)
    raw = request.form.get("day", "").strip()
    value = parse_int(raw, gettext("The day"), 1, len(trip.trek.stages)) if raw else None
    result = trip_ops.apply_ops(trip, [_form_op(trip, target="setting:day", value=value)])[0]
    if result["code"] != 200:
        abort(result["code"], result["reason"])
    return redirect(url_for("trips.today", token=trip.token), 303)

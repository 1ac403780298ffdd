"""A trip's plan (days, daylight, altitude) and its checklist.

The trip is found by the token in its URL, the capability that authorises it (no cookie,
so no CSRF token either: a form saved on a phone must not go stale). An unknown token and
a malformed one get the same 404, so the response never tells whether a trip exists.
"""

from __future__ import annotations

import math

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext

from laresapp.core.planning.altitude import GUIDELINE_CITATION
from laresapp.core.planning.itinerary import (
    ACCLIMATISATION_MAX_DAYS,
    CUSCO,
    MARGIN_MAX_MIN,
    MARGIN_MIN_MIN,
    PACE_MAX,
    PACE_MIN,
    PACE_USUAL_MAX,
    PACE_USUAL_MIN,
    Plan,
    PlanError,
    validate_settings,
)
from laresapp.core.planning.sun import VALLEY_NOTE
from laresapp.core.track.timing import MODEL_DESCRIPTION
from laresapp.extensions import csrf, db
from laresapp.trips.itinerary import make_plan
from laresapp.trips.models import Trip
from laresapp.trips.pages import get_trip, trip_context
from laresapp.web.i18n import page_route
from laresapp.web.inputs import InputError, parse_number
from laresapp.web.limits import trip_writes

bp = Blueprint("plan", __name__)


def render_plan(
    trip: Trip, status: int = 200, errors: list[str] | None = None, form: dict[str, str] | None = None
) -> Response:
    plan: Plan | None = None
    plan_error = None
    try:
        plan = make_plan(trip)
    except PlanError as exc:  # settings stored by an older version, or dates at the calendar's edge
        plan_error = exc.args[0]
    html = render_template(
        "plan/plan.html",
        plan=plan,
        plan_error=plan_error,
        errors=errors or [],
        form=form or {},
        model_description=MODEL_DESCRIPTION,
        valley_note=VALLEY_NOTE,
        guideline=GUIDELINE_CITATION,
        base=CUSCO,
        limits={
            "pace_min": PACE_MIN,
            "pace_max": PACE_MAX,
            "usual_min": PACE_USUAL_MIN,
            "usual_max": PACE_USUAL_MAX,
            "margin_min": MARGIN_MIN_MIN,
            "margin_max": MARGIN_MAX_MIN,
            "acclim_max": ACCLIMATISATION_MAX_DAYS,
        },
        **trip_context(trip),
    )
    return Response(html, status=status, mimetype="text/html")


@page_route(bp, "/t/<token>/plan")
def plan(token: str) -> Response:
    return render_plan(get_trip(token))


def _number(form: dict[str, str], key: str, label: str, errors: list[str], integer: bool) -> float:
    try:
        value = parse_number(form.get(key) or "", label)
    except InputError as exc:
        errors.append(str(exc.description))
        return math.nan
    if integer and not value.is_integer():
        errors.append(gettext("%(label)s must be a whole number.", label=label))
        return math.nan
    return value


@page_route(bp, "/t/<token>/plan", methods=("POST",))
@csrf.exempt
@trip_writes
def settings(token: str) -> Response:
    """Change pace, margin and days in Cusco; all or nothing, then 303 back to the plan."""
    trip = get_trip(token)
    form = {k: request.form.get(k, "") for k in ("pace_factor", "sunset_margin_min", "acclimatisation_days")}
    errors: list[str] = []
    pace = _number(form, "pace_factor", gettext("Pace factor"), errors, integer=False)
    margin = _number(form, "sunset_margin_min", gettext("Margin before sunset"), errors, integer=True)
    acclim = _number(form, "acclimatisation_days", gettext("Days in Cusco"), errors, integer=True)
    # Check each number that parsed against its own limits, so every problem is listed at once.
    for args in ((pace, 60, 2), (1.0, margin, 2), (1.0, 60, acclim)):
        if not any(math.isnan(a) for a in args):
            try:
                validate_settings(args[0], int(args[1]), int(args[2]))
            except PlanError as exc:
                errors.append(exc.args[0])
    if not errors:
        try:
            make_plan(trip, pace_factor=pace, sunset_margin_min=int(margin), acclimatisation_days=int(acclim))
        except PlanError as exc:
            errors.append(exc.args[0])
    if errors:
        return render_plan(trip, status=422, errors=errors, form=form)
    trip.pace_factor = pace
    trip.sunset_margin_min = int(margin)
    trip.acclimatisation_days = int(acclim)
    db.session.commit()
    return redirect(url_for("plan.plan", token=token, _anchor="settings-saved"), code=303)  # type: ignore[return-value]


@page_route(bp, "/t/<token>/checklist")
def checklist(token: str) -> str:
    trip = get_trip(token)
    doc = trip.trek.document
    return render_template(
        "plan/checklist.html",
        checklist=doc.get("checklist") or [],
        gear=doc.get("gear") or [],
        **trip_context(trip),
    )

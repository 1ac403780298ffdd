"""The organiser's area: sign in with the configured password, upload a GPX file.

Why it looks like this:

* **One shared password from the configuration**, not user accounts: a self-hosted guide
  has one or two organisers, and a password in ``instance/config.py`` or the environment
  needs no user table, no e-mail and no reset flow. It may be a Werkzeug hash, so the
  plain password need not sit in a file. Unset means uploads are off, and the page says
  how to turn them on.
* **A cookie session**, so every form here is CSRF-protected (flask-wtf, app-wide) and
  sign-in is rate-limited per address. The session remembers a fingerprint of the
  password, so changing the password signs everyone out.
* **Public pages stay session-free.** Only these views touch ``session``; a trek page
  never does, so it carries no ``Set-Cookie`` and no ``Vary: Cookie``, and the service
  worker's saved copy matches it whoever is signed in.
* **After an upload, 303 to the new trek's overview**: the overview shows what an
  organiser must check (days, distance, climb, the data note). The one-line summary is
  also flashed and shown here, on the organiser page, not on the public page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_wtf.csrf import CSRFError  # type: ignore[import-untyped]
from sqlalchemy import delete
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response as WerkzeugResponse

from laresapp.core.errors import RouteError
from laresapp.core.track.preview import preview_svg
from laresapp.db_types import utcnow
from laresapp.extensions import db, limiter
from laresapp.maps import basemap
from laresapp.organiser.models import OrganiserSession
from laresapp.treks.gpx import ImportResult, import_gpx, parse_split_at_km
from laresapp.treks.models import Trek
from laresapp.trips import recordings
from laresapp.trips.recording_models import Contribution
from laresapp.web.formatting import number
from laresapp.web.i18n import page_route
from laresapp.web.inputs import InputError, clean_text
from laresapp.web.labels import say, say_text

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

SIGN_IN_LIMIT = "5 per minute;20 per hour"
_HASH_PREFIXES = ("scrypt:", "pbkdf2:")
F = TypeVar("F", bound=Callable[..., Any])


def configured_password() -> str | None:
    value = current_app.config.get("ORGANISER_PASSWORD")
    return str(value) if value else None


def password_matches(given: str, configured: str) -> bool:
    """Constant-time comparison with a plain value, or a check against a Werkzeug hash."""
    if configured.startswith(_HASH_PREFIXES):
        try:
            return check_password_hash(configured, given)
        except ValueError:  # a malformed hash in the configuration
            return False
    return hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8"))


def _fingerprint(configured: str) -> str:
    """Ties a session to the current password without putting the password in the cookie."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, b"organiser:" + configured.encode("utf-8"), hashlib.sha256).hexdigest()


def signed_in() -> bool:
    """A fresh session for the current password, whose id is still stored server-side
    (signing out deletes it, so a copied cookie stops working at once)."""
    configured = configured_password()
    if configured is None:
        return False
    mark = session.get("organiser")
    if not isinstance(mark, dict):
        return False
    fresh = time.time() - float(mark.get("at", 0)) < current_app.config["ORGANISER_SESSION_HOURS"] * 3600
    if not (fresh and hmac.compare_digest(str(mark.get("fp", "")), _fingerprint(configured))):
        return False
    sid = mark.get("sid")
    return isinstance(sid, str) and db.session.get(OrganiserSession, sid) is not None


def organiser_required(view: F) -> F:
    """Not configured → the "uploads are off" page; not signed in → sign in (GET) / 403."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if configured_password() is None:
            return render_template("organiser/disabled.html"), 403 if request.method == "POST" else 200
        if not signed_in():
            if request.method == "GET":
                return redirect(url_for("organiser.sign_in", next=request.path), 303)
            return render_template(
                "organiser/sign_in.html",
                error=gettext(
                    "Sign in first: your session has ended or you were never signed in. Nothing was uploaded."
                ),
                next=url_for("organiser.upload"),
            ), 403
        return view(*args, **kwargs)

    return cast(F, wrapped)


def _safe_next(value: str | None) -> str:
    """Only our own organiser pages: never an open redirect to another site."""
    if value and value.startswith(bp.url_prefix or "/organiser") and "//" not in value:
        return value
    return url_for("organiser.upload")


@page_route(bp, "/sign-in", methods=("GET", "POST"))
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def sign_in() -> Any:
    if configured_password() is None:
        return render_template("organiser/disabled.html")
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if signed_in():
            return redirect(next_url, 303)
        return render_template("organiser/sign_in.html", next=next_url)
    given = request.form.get("password", "")
    configured = configured_password()
    assert configured is not None
    if not given or not password_matches(given, configured):
        return render_template(
            "organiser/sign_in.html",
            next=next_url,
            error=gettext("That password is not right. Check it and try again."),
        ), 401
    session.clear()
    sid = secrets.token_urlsafe(32)
    cutoff = utcnow() - timedelta(hours=current_app.config["ORGANISER_SESSION_HOURS"])
    db.session.execute(delete(OrganiserSession).where(OrganiserSession.created_at < cutoff))
    db.session.add(OrganiserSession(id=sid))
    db.session.commit()
    session["organiser"] = {"fp": _fingerprint(configured), "at": time.time(), "sid": sid}
    return redirect(next_url, 303)


@page_route(bp, "/sign-out", methods=("POST",))
def sign_out() -> WerkzeugResponse:
    mark = session.get("organiser")
    if isinstance(mark, dict) and isinstance(mark.get("sid"), str):
        db.session.execute(delete(OrganiserSession).where(OrganiserSession.id == mark["sid"]))
        db.session.commit()
    session.clear()
    return redirect(url_for("main.home"), 303)


def _treks() -> list[Trek]:
    return list(db.session.scalars(db.select(Trek).order_by(Trek.name)))


def _upload_page(
    status: int = 200, error: str | None = None, form: dict[str, str] | None = None
) -> tuple[str, int]:
    return render_template(
        "organiser/upload.html",
        treks=_treks(),
        error=error,
        form=form or {},
        max_mb=current_app.config["MAX_CONTENT_LENGTH"] / 2**20,
        basemap_max_mb=current_app.config["BASEMAP_MAX_BYTES"] / 2**20,
        basemaps={t.slug: basemap.info(t.slug) for t in _treks()},
    ), status


@page_route(bp, "/")
@organiser_required
def upload() -> Any:
    return _upload_page()


@page_route(bp, "/upload", methods=("POST",))
@organiser_required
def upload_post() -> Any:
    form = {k: request.form.get(k, "").strip() for k in ("replace", "name", "split_at_km")}
    file = request.files.get("gpx")
    if file is None or not file.filename:
        return _upload_page(400, gettext("Choose a GPX file to upload."), form)
    data = file.read()
    try:
        form["name"] = clean_text(form["name"], gettext("The trek's name"), 120)
    except InputError as exc:
        return _upload_page(400, str(exc.description), form)
    try:
        result: ImportResult = import_gpx(
            data,
            filename=file.filename,
            name=form["name"] or None,
            split_at_km=parse_split_at_km(form["split_at_km"]),
            replace_slug=form["replace"] or None,
            max_bytes=int(current_app.config["MAX_CONTENT_LENGTH"]),
        )
    except RouteError as exc:
        return _upload_page(
            400, gettext("%(file)s: not imported: %(why)s.", file=file.filename, why=say(exc.args[0])), form
        )
    flash(say_text(result.summary()))
    return redirect(url_for("treks.overview", slug=result.slug), 303)


@bp.url_value_preprocessor
def _basemap_size_limit(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """A base map may be far larger than a GPX file. Set before any before_request hook (the
    CSRF check reads the form), so the larger limit applies to this one form only."""
    if endpoint == "organiser.basemap_post":
        request.max_content_length = int(current_app.config["BASEMAP_MAX_BYTES"]) + 2**20


@page_route(bp, "/basemap", methods=("POST",))
@organiser_required
def basemap_post() -> Any:
    """A trek's offline base map (a raster or vector PMTiles archive): checked whole, kept or refused."""
    slug = request.form.get("trek", "")
    trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
    file = request.files.get("pmtiles")
    if trek is None:
        return _upload_page(400, gettext("Choose the trek this base map is for. Nothing was stored."))
    if file is None or not file.filename:
        return _upload_page(400, gettext("Choose a PMTiles file to upload. Nothing was stored."))
    try:
        found = basemap.store(trek, file.stream)
    except basemap.BasemapError as exc:
        return _upload_page(
            400,
            gettext(
                "%(file)s: not stored: %(why)s. Nothing was stored.", file=file.filename, why=say(exc.args[0])
            ),
        )
    flash(
        gettext(
            "Base map of %(trek)s stored (%(size)s MB). "
            "Hikers get it from the trek's page with “Save the base map”.",
            trek=trek.name,
            size=number(found.size / 2**20, 1),
        )
    )
    return redirect(url_for("organiser.upload"), 303)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc: RequestEntityTooLarge) -> tuple[str, int]:
    """Raised before the view runs (while reading the form), so say it on the form."""
    if request.endpoint == "organiser.basemap_post":
        limit = current_app.config["BASEMAP_MAX_BYTES"] / 2**20
        message = gettext(
            "That file is too large: this server accepts base maps up to %(size)s MB "
            "(BASEMAP_MAX_BYTES). Extract a narrower corridor or fewer zoom levels. Nothing was stored.",
            size=number(limit),
        )
        return (
            _upload_page(413, message) if signed_in() else (render_template("organiser/disabled.html"), 413)
        )
    limit = current_app.config["MAX_CONTENT_LENGTH"] / 2**20
    message = gettext(
        "That file is too large: this server accepts GPX files up to %(size)s MB. "
        "A multi-day trek is rarely more than a few MB; simplify the track (fewer "
        "points) in your GPS program and upload it again. Nothing was imported.",
        size=number(limit),
    )
    if not signed_in():
        return render_template("organiser/sign_in.html", error=message, next=url_for("organiser.upload")), 413
    return _upload_page(413, message)


@bp.errorhandler(CSRFError)
def csrf_failed(_exc: CSRFError) -> tuple[str, int]:
    message = gettext(
        "This form has expired or did not come from this site. Reload the page and "
        "try again. Nothing was changed."
    )
    if request.endpoint == "organiser.upload_post" and signed_in():
        return _upload_page(400, message)
    return render_template("organiser/sign_in.html", error=message, next=url_for("organiser.upload")), 400


@bp.errorhandler(TooManyRequests)
def too_many(_exc: TooManyRequests) -> tuple[str, int]:
    return render_template(
        "organiser/sign_in.html",
        next=url_for("organiser.upload"),
        error=gettext("Too many sign-in attempts from this address. Wait a minute, then try again."),
    ), 429


# -- recordings sent by parties ------------------------------------------------------------


def _contributions_page(status: int = 200, error: str | None = None) -> tuple[str, int]:
    rows = recordings.waiting()
    previews = {
        c.id: preview_svg(
            [(p[0], p[1]) for p in c.trek.document["track"]["points"]],
            [[(f.lat, f.lon) for f in piece] for piece in recordings.pieces_of(c)],
            gettext("The recording over the line of %(trek)s", trek=c.trek.name),
        )
        for c in rows
    }
    return render_template(
        "organiser/contributions.html", contributions=rows, previews=previews, error=error
    ), status


@page_route(bp, "/contributions")
@organiser_required
def contributions() -> Any:
    return _contributions_page()


@page_route(bp, "/contributions/<int:cid>/apply", methods=("POST",))
@organiser_required
def contribution_apply(cid: int) -> Any:
    c = db.get_or_404(Contribution, cid)
    try:
        result = recordings.apply(c)
    except RouteError as exc:
        return _contributions_page(409, gettext("Not applied: %(why)s.", why=say(exc.args[0])))
    flash(gettext("Applied: %(summary)s", summary=say(result.summary())))
    return redirect(url_for("organiser.contributions"), 303)


@page_route(bp, "/contributions/<int:cid>/reject", methods=("POST",))
@organiser_required
def contribution_reject(cid: int) -> Any:
    c = db.get_or_404(Contribution, cid)
    try:
        recordings.reject(c)
    except RouteError as exc:
        return _contributions_page(409, gettext("Not rejected: %(why)s.", why=say(exc.args[0])))
    flash(gettext("Rejected: the recording stays listed, and the trek is unchanged."))
    return redirect(url_for("organiser.contributions"), 303)

"""Reading a trek: overview, stages, waypoints, logistics, tips, gear, phrases; the list of
everything "Save for offline" must fetch, the phone's track profile, and the GPX download.

All but the GPX download depend only on the stored trek, so each is rendered once per trek
stamp and answered with a strong ETag (``If-None-Match`` → 304 without rendering).

The GPX file is a download, not a page: it is not in the offline cache and has no
template. It is written from the stored trek document, so it matches the pages; a sketch
says it is a sketch inside the file (see ``treks/gpx.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, render_template

from laresapp.extensions import db
from laresapp.pwa.save_list import cache_name, save_key, save_list_json, saved_name
from laresapp.treks import gpx
from laresapp.treks.emergency import NUMBERS, ways_out
from laresapp.treks.models import Stage, Trek, Waypoint
from laresapp.treks.offline import trek_urls
from laresapp.treks.phrases import phrase_card
from laresapp.treks.profile import trek_profile
from laresapp.treks.stamp import trek_stamp
from laresapp.web.i18n import page_route
from laresapp.web.render import rendered_once

bp = Blueprint("treks", __name__, url_prefix="/treks")


def get_trek(slug: str) -> Trek:
    """The trek with this slug, or 404."""
    return db.first_or_404(db.select(Trek).where(Trek.slug == slug))


def get_stage(trek: Trek, number: int) -> Stage:
    stage = trek.stage(number)
    if stage is None:
        abort(404)
    return stage


def get_waypoint(trek: Trek, slug: str) -> Waypoint:
    wp = next((w for w in trek.waypoints if w.slug == slug), None)
    if wp is None:
        abort(404)
    return wp


def _once(slug: str, render: Callable[[], str | bytes], mimetype: str = "text/html") -> Response:
    """A trek page, data file or fragment, rendered once per trek stamp (``treks/stamp.py``)."""
    stamp = trek_stamp(slug)
    return rendered_once(stamp.key, render, mimetype, stamp.headers)


@page_route(bp, "/<slug>/")
def overview(slug: str) -> Response:
    return _once(slug, lambda: render_template("treks/overview.html", trek=get_trek(slug)))


@page_route(bp, "/<slug>/stages/<int:number>")
def stage(slug: str, number: int) -> Response:
    def render() -> str:
        trek = get_trek(slug)
        return render_template("treks/stage.html", trek=trek, stage=get_stage(trek, number))

    return _once(slug, render)


@page_route(bp, "/<slug>/waypoints/<wp_slug>")
def waypoint(slug: str, wp_slug: str) -> Response:
    def render() -> str:
        trek = get_trek(slug)
        wp = get_waypoint(trek, wp_slug)
        i = trek.waypoints.index(wp)
        prev_wp = trek.waypoints[i - 1] if i > 0 else None
        next_wp = trek.waypoints[i + 1] if i + 1 < len(trek.waypoints) else None
        return render_template("treks/waypoint.html", trek=trek, wp=wp, prev_wp=prev_wp, next_wp=next_wp)

    return _once(slug, render)


@page_route(bp, "/<slug>/logistics")
def logistics(slug: str) -> Response:
    return _once(slug, lambda: render_template("treks/logistics.html", trek=get_trek(slug)))


@page_route(bp, "/<slug>/tips")
def tips(slug: str) -> Response:
    return _once(slug, lambda: render_template("treks/tips.html", trek=get_trek(slug)))


@page_route(bp, "/<slug>/emergency")
def emergency(slug: str) -> str:
    """Numbers to call and the ways off the route; saved for offline with the trek."""
    trek = get_trek(slug)
    return render_template("treks/emergency.html", trek=trek, numbers=NUMBERS, ways_out=ways_out(trek))


@page_route(bp, "/<slug>/gear")
def gear(slug: str) -> Response:
    return _once(slug, lambda: render_template("treks/gear.html", trek=get_trek(slug)))


@page_route(bp, "/<slug>/phrases")
def phrases(slug: str) -> Response:
    """The phrase card: Spanish for the colectivo, the way, water, camping, buying, help."""

    def render() -> str:
        trek = get_trek(slug)
        return render_template("treks/phrases.html", trek=trek, card=phrase_card(trek))

    return _once(slug, render)


@page_route(bp, "/<slug>/offline.json")
def offline_manifest(slug: str) -> Response:
    def render() -> bytes:
        trek = get_trek(slug)
        return save_list_json(
            slug=save_key(trek.slug),
            version=trek.version,
            name=saved_name(trek.short_name),
            cache=cache_name("trek", trek.slug, trek.version),
            urls=trek_urls(trek),
        )

    return _once(slug, render, "application/json")


@bp.get("/<slug>/profile.json")
def profile_json(slug: str) -> Response:
    """The compact track profile the phone's "Where am I?" works from, offline.

    ``no-cache`` (revalidate, ETag) rather than a long max-age: the saved copy lives in the
    trek's offline cache, and online the phone should notice a replaced track.
    """
    return _once(slug, lambda: trek_profile(get_trek(slug)).json_bytes, "application/json")


@bp.get("/<slug>/export.gpx")
def export_gpx(slug: str) -> Response:
    """GPX download of any trek, for Gaia GPS, OsmAnd, a Garmin or any other GPS app."""
    trek = get_trek(slug)
    resp = Response(gpx.export_gpx(trek).encode("utf-8"), mimetype="application/gpx+xml")
    resp.headers["Content-Disposition"] = f'attachment; filename="{gpx.export_filename(trek)}"'
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/<slug>/export.json")
def export_json(slug: str) -> Response:
    """The trek document as stored (docs/trek-format.md): every language of its text, the
    form a bundled file or another laresapp takes back."""
    trek = get_trek(slug)
    resp = Response(trek.document_json.encode("utf-8"), mimetype="application/json")
    resp.headers["Content-Disposition"] = f'attachment; filename="{trek.slug}.json"'
    resp.headers["Cache-Control"] = "no-cache"
    return resp

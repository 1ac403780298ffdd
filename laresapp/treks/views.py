"""Reading a trek: overview, stages, waypoints, logistics, tips, gear — and the list of
everything "Save for offline" must fetch."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, url_for
from markupsafe import Markup

from laresapp.extensions import db
from laresapp.treks.models import Stage, Trek, Waypoint
from laresapp.treks.profile import profile_chart, trek_profile

bp = Blueprint("treks", __name__, url_prefix="/treks")


def get_trek(slug: str) -> Trek:
    trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
    if trek is None:
        abort(404)
    return trek


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


@bp.get("/<slug>/")
def overview(slug: str) -> str:
    trek = get_trek(slug)
    return render_template("treks/overview.html", trek=trek)


@bp.get("/<slug>/stages/<int:number>")
def stage(slug: str, number: int) -> str:
    trek = get_trek(slug)
    st = get_stage(trek, number)
    return render_template("treks/stage.html", trek=trek, stage=st)


@bp.get("/<slug>/waypoints/<wp_slug>")
def waypoint(slug: str, wp_slug: str) -> str:
    trek = get_trek(slug)
    wp = get_waypoint(trek, wp_slug)
    i = trek.waypoints.index(wp)
    prev_wp = trek.waypoints[i - 1] if i > 0 else None
    next_wp = trek.waypoints[i + 1] if i + 1 < len(trek.waypoints) else None
    return render_template(
        "treks/waypoint.html", trek=trek, wp=wp, prev_wp=prev_wp, next_wp=next_wp
    )


@bp.get("/<slug>/logistics")
def logistics(slug: str) -> str:
    return render_template("treks/logistics.html", trek=get_trek(slug))


@bp.get("/<slug>/tips")
def tips(slug: str) -> str:
    return render_template("treks/tips.html", trek=get_trek(slug))


@bp.get("/<slug>/gear")
def gear(slug: str) -> str:
    return render_template("treks/gear.html", trek=get_trek(slug))


def trek_urls(trek: Trek) -> list[str]:
    """Every page and data file of a trek, for the offline cache."""
    urls = [
        url_for("treks.overview", slug=trek.slug),
        *(url_for("treks.stage", slug=trek.slug, number=s.number) for s in trek.stages),
        *(url_for("treks.waypoint", slug=trek.slug, wp_slug=w.slug) for w in trek.waypoints),
        url_for("treks.logistics", slug=trek.slug),
        url_for("treks.tips", slug=trek.slug),
        url_for("treks.gear", slug=trek.slug),
        url_for("treks.profile_json", slug=trek.slug),
        url_for("main.home"),
    ]
    return urls


@bp.get("/<slug>/offline.json")
def offline_manifest(slug: str) -> Response:
    trek = get_trek(slug)
    resp = jsonify(
        slug=trek.slug, version=trek.version, name=trek.short_name,
        cache=f"trek-{trek.slug}-v{trek.version}", urls=trek_urls(trek),
    )
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/<slug>/profile.json")
def profile_json(slug: str) -> Response:
    """The compact track profile the phone's "Where am I?" works from, offline.

    ``no-cache`` (revalidate) rather than a long max-age: the saved copy lives in the
    trek's offline cache, and online the phone should notice a replaced track.
    """
    trek = get_trek(slug)
    resp = Response(trek_profile(trek).json_bytes, mimetype="application/json")
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.app_template_global("elevation_chart")
def elevation_chart(trek: Trek, stage: Stage | None = None) -> Markup:
    """Inline SVG profile for any template (the widget, the overview, the Today page)."""
    return Markup(profile_chart(trek, stage))  # noqa: S704 - built from escaped parts

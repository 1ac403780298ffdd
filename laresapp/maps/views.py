"""The trek's map page and its base map archive. A day's map is on that day's stage page
(the same partial, templates/maps/_map.html, centred on the day), not a page of its own.

The map is drawn on the phone by static/js/map.js with Leaflet from the track profile
(``profile.json``, already saved for "Where am I?") and from the waypoint list rendered
here, which is also what the page shows without JavaScript or when Leaflet is refused.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, send_file

from laresapp.extensions import db
from laresapp.maps import basemap
from laresapp.treks.models import Trek
from laresapp.web.assets import asset_url
from laresapp.web.i18n import page_route

bp = Blueprint("maps", __name__, url_prefix="/treks")


def _trek(slug: str) -> Trek:
    return db.first_or_404(db.select(Trek).where(Trek.slug == slug))


@bp.app_context_processor
def _basemap_lookup() -> dict[str, object]:
    """``trek_basemap(slug)`` for the map partial on pages of other blueprints (stage pages),
    and the base map's code, which "Save the base map" keeps with the archive."""
    return {
        "trek_basemap": basemap.info,
        "basemap_code_urls": lambda: [asset_url(name) for name in basemap.CODE],
    }


@page_route(bp, "/<slug>/map")
def trek_map(slug: str) -> str:
    trek = _trek(slug)
    return render_template("maps/map.html", trek=trek, base=basemap.info(trek.slug))


@bp.get("/<slug>/basemap.pmtiles")
def basemap_file(slug: str) -> Response:
    """The archive, with HTTP range requests (the PMTiles reader asks for byte ranges)."""
    trek = _trek(slug)
    found = basemap.info(trek.slug)
    if found is None:
        abort(404)
    resp = send_file(
        found.path, mimetype="application/vnd.pmtiles", conditional=True, etag=found.digest, max_age=0
    )
    resp.headers["Cache-Control"] = "no-cache"
    return resp

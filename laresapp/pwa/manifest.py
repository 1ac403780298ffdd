"""The web app manifest, as a response any blueprint can return.

Not a view: the site's manifest (laresapp/pwa/views.py) and each trip's own
(laresapp/trips/sync.py) are both built here, so no view module imports another.
"""

from __future__ import annotations

from typing import cast

from flask import Response, current_app

from laresapp.web.assets import asset_url

THEME_COLOUR = "#14532d"


def manifest_response(start_url: str, app_id: str, name: str | None = None) -> Response:
    """The web app manifest. A trip has its own (start_url = the trip's link), so a party
    that installs from the trip page opens straight onto today's stage."""
    data = {
        "name": name or "Lares Trek — offline trail guide",
        "short_name": "Lares Trek",
        "description": "Stages, distances, climbs and junction advice for the Lares Trek, offline.",
        "start_url": start_url,
        "scope": "/",
        "id": app_id,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": asset_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": asset_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": asset_url("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    resp = cast(Response, current_app.json.response(data))  # typed as werkzeug's base class
    resp.mimetype = "application/manifest+json"
    return resp

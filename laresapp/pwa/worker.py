"""What the service worker is told: its version, its precache list and the URLs it needs.

The worker's logic is static/js/sw.js, an ordinary static file (linted and unit-tested with
the other scripts); ``/sw.js`` renders only this configuration and imports that file by its
content-hashed URL. Every path the worker tests a request against comes from ``url_for``
here, so a moved route cannot leave the worker behind.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import current_app, url_for

from laresapp.web.assets import asset_url, shell_assets
from laresapp.web.client_routes import client_routes

WORKER_SCRIPT = "js/sw.js"
OUTBOX_SCRIPT = "js/outbox.js"
MAP_SCRIPT = "js/sw-map.js"
# Stands in for a trek's slug in the trek URL the worker receives (urls.trek).
SLUG_PLACEHOLDER = "SLUG"


def shell_urls() -> list[str]:
    """Same-origin URLs precached at install: pages needed with no trek saved, and assets
    (static/js/sw.js among them, so a change to the worker's code changes the version)."""
    return [
        url_for("pwa.offline"),
        url_for("pwa.not_found_offline"),
        url_for("pwa.manifest"),
        *shell_assets(),
    ]


def shell_version(settings: dict[str, Any]) -> str:
    """Changes whenever anything the worker is told changes: any precached URL (so any
    asset's content hash), htmx, or a URL the worker routes by."""
    text = json.dumps(settings, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def map_worker_config() -> dict[str, Any]:
    """The map library the worker keeps for offline use (static/js/sw-map.js)."""
    cfg = current_app.config
    assets = [
        {"url": cfg["LEAFLET_URL"], "integrity": cfg["LEAFLET_INTEGRITY"]},
        {"url": cfg["LEAFLET_CSS_URL"], "integrity": cfg["LEAFLET_CSS_INTEGRITY"]},
        # Needed only with a base map: kept when "Save the base map" first asks for it.
        {"url": cfg["PMTILES_URL"], "integrity": cfg["PMTILES_INTEGRITY"], "lazy": True},
        # ... and with a vector base map, its renderer.
        {"url": cfg["PROTOMAPS_LEAFLET_URL"], "integrity": cfg["PROTOMAPS_LEAFLET_INTEGRITY"], "lazy": True},
    ]
    version = hashlib.sha256(json.dumps(assets, sort_keys=True).encode()).hexdigest()[:12]
    return {"version": version, "assets": assets}


def worker_config() -> dict[str, Any]:
    """``self.LARES_SW_CONFIG`` in ``/sw.js``: see the comment at the top of static/js/sw.js."""
    cfg = current_app.config
    settings: dict[str, Any] = {
        "shell": shell_urls(),
        "htmx": {"url": cfg["HTMX_URL"], "integrity": cfg["HTMX_INTEGRITY"]},
        "map": map_worker_config(),
        "urls": {
            "offline": url_for("pwa.offline"),
            "missing": url_for("pwa.not_found_offline"),
            "worker": url_for("pwa.service_worker"),
            "static": url_for("static", filename=""),
            "trek": url_for("treks.overview", slug=SLUG_PLACEHOLDER),
        },
        "slug": SLUG_PLACEHOLDER,
        "routes": client_routes(),
    }
    return {"version": shell_version(settings), **settings}


def worker_scripts() -> list[str]:
    """What ``/sw.js`` imports, in order: the outbox (for Background Sync), the map library's
    keeper (its fetch listener must come first), then the worker."""
    return [asset_url(OUTBOX_SCRIPT), asset_url(MAP_SCRIPT), asset_url(WORKER_SCRIPT)]

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

from laresapp.maps import basemap
from laresapp.web.assets import asset_url, shell_assets
from laresapp.web.client_routes import client_routes
from laresapp.web.i18n import DEFAULT_LANG, LANGS, OTHER_LANGS

WORKER_SCRIPT = "js/sw.js"
OUTBOX_SCRIPT = "js/outbox.js"
MAP_SCRIPT = "js/sw-map.js"
LANG_SCRIPT = "js/sw-lang.js"
# The scripts' Spanish words (self.LARES_I18N_ES, keyed by the English text): static/js/i18n.js.
I18N_SCRIPT = "js/i18n-es.js"
# Stands in for a trek's slug in the trek URL the worker receives (urls.trek).
SLUG_PLACEHOLDER = "SLUG"


def shell_urls() -> list[str]:
    """Same-origin URLs precached at install: pages needed with no trek saved (the offline
    pages in every language), and assets (static/js/sw.js among them, so a change to the
    worker's code changes the version)."""
    return [
        *(url_for("pwa.offline", lang=code) for code in LANGS),
        *(url_for("pwa.not_found_offline", lang=code) for code in LANGS),
        url_for("pwa.manifest"),
        *shell_assets(skip=basemap.CODE),
    ]


def lang_config() -> dict[str, Any]:
    """The languages' URL prefixes and the worker's own pages in each (static/js/sw-lang.js)."""
    return {
        "default": DEFAULT_LANG,
        "prefixes": {code: url_for("main.home", lang=code).rstrip("/") for code in OTHER_LANGS},
        "home": {code: url_for("main.home", lang=code) for code in LANGS},
        "offline": {code: url_for("pwa.offline", lang=code) for code in LANGS},
        "missing": {code: url_for("pwa.not_found_offline", lang=code) for code in LANGS},
    }


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
        "langs": lang_config(),
        "routes": client_routes(),
    }
    return {"version": shell_version(settings), **settings}


def worker_scripts() -> list[str]:
    """What ``/sw.js`` imports, in order: the Spanish words (for what the worker says on a
    Spanish page), the outbox (for Background Sync), the map library's keeper (its fetch
    listener must come first), the language helpers, then the worker."""
    return [
        asset_url(I18N_SCRIPT),
        asset_url(OUTBOX_SCRIPT),
        asset_url(MAP_SCRIPT),
        asset_url(LANG_SCRIPT),
        asset_url(WORKER_SCRIPT),
    ]

"""What makes the site an installable, offline app: manifest, service worker, offline pages.

Written here rather than with flask-pwa (it needs Flask < 2 and imports ``flask.Markup``)
or Workbox (its background-sync queue can lose writes): see docs/decisions.md.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Flask, Response, current_app, render_template, url_for

from laresapp.web.assets import asset_url, shell_assets

bp = Blueprint("pwa", __name__)

THEME_COLOUR = "#14532d"


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    return manifest_response(start_url=url_for("main.home"), app_id="/")


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
            {"src": asset_url("icons/icon-maskable-512.png"), "sizes": "512x512",
             "type": "image/png", "purpose": "maskable"},
        ],
    }
    resp = current_app.json.response(data)
    resp.mimetype = "application/manifest+json"
    return resp


def shell_urls() -> list[str]:
    """Same-origin URLs precached at install: pages needed with no trek saved, and assets."""
    return [
        url_for("pwa.offline"),
        url_for("pwa.not_found_offline"),
        url_for("pwa.manifest"),
        *shell_assets(),
    ]


def shell_version(urls: list[str]) -> str:
    """Changes whenever any precached URL (so any asset's content) or htmx changes."""
    cfg = current_app.config
    text = "\n".join([*urls, cfg["HTMX_URL"], cfg["HTMX_INTEGRITY"]])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@bp.get("/sw.js")
def service_worker() -> Response:
    urls = shell_urls()
    body = render_template(
        "pwa/sw.js", shell=urls, version=shell_version(urls),
        htmx_url=current_app.config["HTMX_URL"],
        htmx_integrity=current_app.config["HTMX_INTEGRITY"],
        offline_url=url_for("pwa.offline"), missing_url=url_for("pwa.not_found_offline"),
        outbox_url=asset_url("js/outbox.js"),
    )
    resp = Response(body, mimetype="text/javascript")
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["Service-Worker-Allowed"] = "/"
    return resp


@bp.get("/offline")
def offline() -> str:
    return render_template("pwa/offline.html")


@bp.get("/offline/not-found")
def not_found_offline() -> str:
    """The 404 page as the service worker keeps it (served with status 404 when used)."""
    return render_template("errors/404.html", code=404, title="Not Found", offline_copy=True,
                           message="There is no such page in the saved trek.")


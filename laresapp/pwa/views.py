"""What makes the site an installable, offline app: manifest, service worker, offline pages.

Written here rather than with flask-pwa (it needs Flask < 2 and imports ``flask.Markup``)
or Workbox (its background-sync queue can lose writes): see docs/decisions.md.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for
from flask_babel import gettext

from laresapp.pwa.manifest import manifest_response
from laresapp.pwa.worker import worker_config, worker_scripts
from laresapp.web.i18n import page_route

bp = Blueprint("pwa", __name__)


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    return manifest_response(start_url=url_for("main.home"), app_id="/")


@bp.get("/sw.js")
def service_worker() -> Response:
    """The worker at the site root (its scope is the whole site): configuration only."""
    body = render_template("pwa/sw.js", settings=worker_config(), scripts=worker_scripts())
    resp = Response(body, mimetype="text/javascript")
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["Service-Worker-Allowed"] = "/"
    return resp


@page_route(bp, "/offline")
def offline() -> str:
    return render_template("pwa/offline.html")


@page_route(bp, "/offline/not-found")
def not_found_offline() -> str:
    """The 404 page as the service worker keeps it (served with status 404 when used)."""
    return render_template(
        "errors/404.html",
        code=404,
        title=gettext("Not found"),
        offline_copy=True,
        message=gettext("There is no such page in the saved trek."),
    )

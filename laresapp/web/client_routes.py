"""The URLs the browser's scripts need, built with ``url_for`` so that no path is written
twice. Pages get them as ``<html data-routes='…'>`` (base.html); the service worker gets the
same dict inside its configuration (``laresapp/pwa/worker.py``), so the outbox builds the
same URLs whether a page or the worker replays it.

Trip URLs are templates: :data:`TOKEN_PLACEHOLDER` stands for the trip's token, which the
script puts in (URL-encoded) for each trip it talks to.
"""

from __future__ import annotations

from flask import url_for

from laresapp.web.i18n import DEFAULT_LANG

TOKEN_PLACEHOLDER = "TOKEN"


def client_routes() -> dict[str, str]:
    return {
        "worker": url_for("pwa.service_worker"),
        # The whole site, whatever the page's language (not "/es/": one worker for both).
        "scope": url_for("main.home", lang=DEFAULT_LANG),
        "tripOps": url_for("sync.ops", token=TOKEN_PLACEHOLDER),
        "tripState": url_for("sync.state", token=TOKEN_PLACEHOLDER),
        "tripRecordings": url_for("contribute.send_recording", token=TOKEN_PLACEHOLDER),
        "token": TOKEN_PLACEHOLDER,
    }

"""One URL, page or fragment: the single place that decides which to send.

htmx sends ``HX-Request`` for boosted links and history restores too, which want the
whole page; only a plain htmx request gets the fragment. ``Vary: HX-Request`` keeps
browser and service-worker caches from serving one for the other.
"""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template, request


def wants_fragment() -> bool:
    h = request.headers
    return (
        h.get("HX-Request") == "true"
        and h.get("HX-Boosted") != "true"
        and h.get("HX-History-Restore-Request") != "true"
    )


def page_or_fragment(page: str, fragment: str, status: int = 200, **context: Any) -> Response:
    """Render the full ``page`` (which includes ``fragment``) or just ``fragment``."""
    template = fragment if wants_fragment() else page
    resp = make_response(render_template(template, **context), status)
    resp.vary.add("HX-Request")
    return resp

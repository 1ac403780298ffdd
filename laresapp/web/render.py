"""One URL, page or fragment: the single place that decides which to send; and pages
rendered once and kept (below).

htmx sends ``HX-Request`` for boosted links and history restores too, which want the
whole page; only a plain htmx request gets the fragment. ``Vary: HX-Request`` keeps
browser and service-worker caches from serving one for the other.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from flask import Response, current_app, g, make_response, render_template, request

from laresapp.web import static_build
from laresapp.web.assets import assets_unchanged
from laresapp.web.compression import encoded_response
from laresapp.web.i18n import current_lang


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


# ---- rendered once ---------------------------------------------------------------------
#
# A page that depends only on stored data with a cheap stamp (a trek page: the trek's
# version and when its document was stored) is rendered once per process and kept, with
# its compressed copies, per URL, page-or-fragment and language. It is rendered again
# when the stamp, or the hash of an asset it links, changes. Its strong ETag is the hash
# of the body so rendered: a new trek version that leaves a page as it was keeps the
# page's ETag, so "Save again" fetches only the pages that really changed.
# ``If-None-Match`` gets a 304 without rendering once this process has rendered the page.

MAX_RENDERED = 512


@dataclass
class Rendered:
    body: bytes
    mimetype: str
    stamp: str
    assets: tuple[tuple[str, str], ...]
    tag: str
    headers: dict[str, str]
    encoded: dict[str, bytes] = field(default_factory=dict)
    assets_checked_at: float = field(default_factory=time.monotonic)

    def encode(self, encoding: str) -> bytes:
        hit = self.encoded.get(encoding)
        if hit is None:
            hit = static_build.compress(self.body, encoding)
            self.encoded[encoding] = hit
        return hit


_lock = Lock()


def _kept() -> OrderedDict[tuple[str, ...], Rendered]:
    """This app's kept pages (per app: tests run several apps in one process)."""
    kept: OrderedDict[tuple[str, ...], Rendered] = current_app.extensions.setdefault(
        "rendered_once", OrderedDict()
    )
    return kept


def language() -> str:
    """The page's language (the URL's): part of every rendered-once key."""
    return current_lang()


ASSET_CHECK_S = 1.0  # an edited asset shows in kept pages within a second (development)


def _assets_fresh(hit: Rendered) -> bool:
    now = time.monotonic()
    if hit.assets_checked_at + ASSET_CHECK_S > now:
        return True
    fresh = assets_unchanged(hit.assets)
    hit.assets_checked_at = now
    return fresh


def rendered_once(
    stamp: str,
    render: Callable[[], str | bytes],
    mimetype: str = "text/html",
    headers: dict[str, str] | None = None,
) -> Response:
    """The response for this URL, rendered by ``render()`` only when ``stamp`` (what the
    page depends on), an asset it links, or the language changed since it was kept."""
    key = (request.path, "fragment" if wants_fragment() else "page", language())
    kept = _kept()
    with _lock:
        hit = kept.get(key)
        if hit is not None:
            kept.move_to_end(key)
    if hit is None or hit.stamp != stamp or not _assets_fresh(hit):
        used: list[tuple[str, str]] = []
        g.assets_used = used
        try:
            out = render()
        finally:
            g.pop("assets_used", None)
        body = out.encode("utf-8") if isinstance(out, str) else out
        assets = tuple(dict.fromkeys(used))
        tag = hashlib.sha256(body).hexdigest()[:24]
        hit = Rendered(body, mimetype, stamp, assets, tag, dict(headers or {}))
        with _lock:
            kept[key] = hit
            while len(kept) > MAX_RENDERED:
                kept.popitem(last=False)
    resp = encoded_response(hit.body, hit.mimetype, hit.tag, hit.encode)
    resp.headers.update(hit.headers)
    resp.vary.add("HX-Request")
    return resp


def forget_rendered() -> None:
    """Drop every kept page (tests; a new trek stamp makes old entries unreachable anyway)."""
    with _lock:
        _kept().clear()

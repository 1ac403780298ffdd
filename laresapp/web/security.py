"""Security headers on every response: a strict Content-Security-Policy, no MIME
sniffing, no framing, and no Referer that could carry a trip's token elsewhere.

Why it looks like this:

* **No ``'unsafe-inline'``.** Templates carry no inline script, no ``on…=`` handler and
  no ``style="…"`` attribute (tests/browser/test_csp.py visits every page and fails on
  any reported violation); htmx's own inline indicator style is switched off in
  base.html (``htmx-config``).
* **Scripts** come from this origin and the pinned CDN URLs only: ``HTMX_URL`` (checked
  by its SRI hash too) and each URL in ``EXTRA_CDN_SCRIPTS``; **styles** from this origin
  and ``EXTRA_CDN_STYLES`` (both lists empty unless a page needs a CDN library).
  ``connect-src`` names the same CDN URLs: the service worker fetches them to keep a copy.
* **Referrer-Policy: no-referrer on trip pages**: a trip's URL holds its token, the
  only key to the trip, so it must never be sent to another site; ``same-origin``
  elsewhere.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request


def content_security_policy() -> str:
    cfg = current_app.config
    scripts = [cfg["HTMX_URL"], *cfg.get("EXTRA_CDN_SCRIPTS", [])]
    styles = list(cfg.get("EXTRA_CDN_STYLES", []))
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *scripts],
        "style-src": ["'self'", *styles],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *scripts, *styles],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_headers(resp: Response) -> Response:
    headers = resp.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    on_trip = request.path.startswith("/t/")
    headers.setdefault("Referrer-Policy", "no-referrer" if on_trip else "same-origin")
    return resp


def init_app(app: Flask) -> None:
    app.after_request(add_headers)

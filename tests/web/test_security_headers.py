"""Security headers on every kind of response, and templates that a strict CSP allows
(the browser test tests/browser/test_csp.py checks the same in Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from laresapp import create_app
from tests.helpers import REPO, create_trip, make_config


def _csp(resp: object) -> dict[str, list[str]]:
    header = resp.headers["Content-Security-Policy"]  # type: ignore[attr-defined]
    return {d.split()[0]: d.split()[1:] for d in header.split("; ")}


def test_every_kind_of_response_carries_the_headers(app: Flask, client: FlaskClient) -> None:
    token = create_trip(client)
    urls = [
        "/",
        "/treks/lares-a/",
        "/no/such/page",
        "/sw.js",
        "/manifest.webmanifest",
        f"/t/{token}/",
        f"/t/{token}/state.json",
        f"/t/{token}/plan",
        "/organiser/sign-in",
    ]
    with app.test_request_context():
        from laresapp.web.assets import asset_url

        urls.append(asset_url("css/app.css"))
    for url in urls:
        resp = client.get(url)
        csp = _csp(resp)
        assert csp["frame-ancestors"] == ["'none'"], url
        # htmx, and the map's library (Leaflet, the PMTiles reader) by their exact URLs.
        assert csp["script-src"] == ["'self'", app.config["HTMX_URL"], *app.config["EXTRA_CDN_SCRIPTS"]], url
        assert app.config["EXTRA_CDN_SCRIPTS"] == [
            app.config["LEAFLET_URL"],
            app.config["PMTILES_URL"],
            app.config["PROTOMAPS_LEAFLET_URL"],
        ]
        assert csp["style-src"] == ["'self'", app.config["LEAFLET_CSS_URL"]], url
        assert "'unsafe-inline'" not in resp.headers["Content-Security-Policy"], url
        assert resp.headers["X-Content-Type-Options"] == "nosniff", url
        expected = "no-referrer" if url.startswith("/t/") else "same-origin"
        assert resp.headers["Referrer-Policy"] == expected, url


def test_extra_cdn_urls_are_allowed_exactly(db_path: Path) -> None:
    js, css = "https://cdn.example/leaflet@1.9.4/leaflet.js", "https://cdn.example/leaflet@1.9.4/leaflet.css"
    app = create_app(make_config(db_path, EXTRA_CDN_SCRIPTS=[js], EXTRA_CDN_STYLES=[css]))
    csp = _csp(app.test_client().get("/"))
    assert csp["script-src"] == ["'self'", app.config["HTMX_URL"], js]
    assert csp["style-src"] == ["'self'", css]
    assert csp["connect-src"] == ["'self'", app.config["HTMX_URL"], js, css]  # the worker keeps copies
    assert csp["img-src"] == ["'self'", "data:", "blob:"] and csp["worker-src"] == ["'self'"]


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    bad = []
    for path in (REPO / "templates").rglob("*.html"):
        text = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"\sstyle\s*=",
            r"\son[a-z]+\s*=",
            r"<style\b",
            r"hx-on",
        ):
            bad += [f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert bad == []

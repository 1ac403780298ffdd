"""What goes over the wire: compressed when the client takes it (and only then), strong
ETags on trek pages and data that change with the trek, 304 without rendering, a render
cache that an import invalidates at once, and module imports that carry content hashes."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from laresapp import create_app
from laresapp.extensions import db
from laresapp.web.assets import asset_url
from tests.helpers import REPO, make_config, recorded_lares_a, run

TREK_URLS = [
    "/treks/lares-a/",
    "/treks/lares-a/stages/1",
    "/treks/lares-a/waypoints/huacahuasi",
    "/treks/lares-a/logistics",
    "/treks/lares-a/profile.json",
    "/treks/lares-a/offline.json",
]
BROWSER = "gzip, deflate, br, zstd"


def _asset(client: FlaskClient, name: str) -> str:
    html = client.get("/treks/lares-a/").get_data(as_text=True)
    m = re.search(rf'"(/static/{re.escape(name)}\?v=\w+)"', html)
    assert m, f"{name} not linked"
    return m.group(1)


@pytest.mark.parametrize(
    "url", ["/", "/treks/lares-a/", "/treks/lares-a/stages/2", "/treks/lares-a/profile.json"]
)
def test_pages_and_data_are_brotli_for_a_browser_and_gzip_for_gzip_only(
    client: FlaskClient, url: str
) -> None:
    plain = client.get(url)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    br = client.get(url, headers={"Accept-Encoding": BROWSER})
    assert br.headers["Content-Encoding"] == "br"
    assert brotli.decompress(br.data) == plain.data
    assert len(br.data) < len(plain.data) / 2
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.data) == plain.data
    assert "Accept-Encoding" in gz.headers["Vary"]


def test_gpx_download_and_trip_pages_are_compressed_too(client: FlaskClient) -> None:
    gpx = client.get("/treks/lares-a/export.gpx", headers={"Accept-Encoding": "gzip"})
    assert gpx.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gpx.data).startswith(b"<?xml")
    trips = client.get("/trips/new", headers={"Accept-Encoding": "br"})
    assert trips.headers["Content-Encoding"] == "br"


def test_identity_refused_compression_is_not_forced(client: FlaskClient) -> None:
    r = client.get("/treks/lares-a/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in r.headers and r.data.startswith(b"<!doctype html>")


@pytest.mark.parametrize("name", ["js/app.js", "css/app.css"])
def test_static_files_are_compressed_once_and_immutable_only_at_their_hash(
    client: FlaskClient, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _asset(client, name)
    first = client.get(url, headers={"Accept-Encoding": BROWSER})
    assert first.headers["Content-Encoding"] == "br"
    assert "immutable" in first.headers["Cache-Control"]

    from laresapp.web import static_build

    calls: list[str] = []
    real = static_build.compress
    monkeypatch.setattr(static_build, "compress", lambda body, enc: calls.append(enc) or real(body, enc))
    for _ in range(3):
        again = client.get(url, headers={"Accept-Encoding": BROWSER})
        assert again.data == first.data
    assert calls == [], "a static file was compressed again on a later request"
    old = client.get(url.split("?")[0] + "?v=000000000000")
    assert old.status_code == 200 and "immutable" not in old.headers["Cache-Control"]


def test_module_imports_carry_the_content_hash_the_worker_precaches(client: FlaskClient) -> None:
    body = client.get(_asset(client, "js/app.js")).get_data(as_text=True)
    imports = re.findall(r"from\s*'\./([\w-]+\.js)\?v=(\w+)'", body)  # minified: no space
    assert {name for name, _ in imports} >= {"offline-save.js", "trips.js"}
    shell = client.get("/sw.js").get_data(as_text=True)
    for name, digest in imports:
        assert f"/static/js/{name}?v={digest}" in shell, f"{name} at that hash is not precached"
        served = client.get(f"/static/js/{name}?v={digest}")
        assert served.status_code == 200 and "immutable" in served.headers["Cache-Control"]


def test_changing_an_imported_module_changes_the_hash_of_the_module_above_it(
    app: Flask, tmp_path: Path
) -> None:
    static = tmp_path / "static"
    shutil.copytree(REPO / "static", static)
    app2 = create_app({**app.config, "STATIC_FOLDER": str(static), **make_config(tmp_path / "x.sqlite")})
    with app2.test_request_context():
        before = asset_url("js/app.js")
        day = static / "js" / "trip-day.js"  # imported by trips.js, imported by app.js
        day.write_text(day.read_text() + "\nexport const changed = 1;\n")  # code: a comment is minified away
        after = asset_url("js/app.js")
    assert before != after
    body = app2.test_client().get(after).get_data(as_text=True)
    assert "./trips.js?v=" in body and after.split("v=")[1] not in body


@pytest.mark.parametrize("url", TREK_URLS)
def test_trek_pages_answer_if_none_match_with_304(client: FlaskClient, url: str) -> None:
    first = client.get(url, headers={"Accept-Encoding": BROWSER})
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/"), "a strong ETag"
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get(url, headers={"Accept-Encoding": BROWSER, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    plain = client.get(url, headers={"If-None-Match": etag})  # same content, another encoding
    assert plain.status_code == 304


def test_a_304_is_answered_without_rendering(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import laresapp.treks.views as views

    etag = client.get("/treks/lares-a/stages/1").headers["ETag"]
    rendered: list[str] = []
    real = views.render_template
    monkeypatch.setattr(views, "render_template", lambda *a, **k: rendered.append(a[0]) or real(*a, **k))
    assert client.get("/treks/lares-a/stages/1", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/treks/lares-a/stages/1").status_code == 200
    assert rendered == [], "the page was rendered again though the trek did not change"


def test_importing_a_changed_trek_changes_the_etag_of_what_changed_at_once(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    before = {u: client.get(u) for u in TREK_URLS}
    assert "Approximate — for planning" in before["/treks/lares-a/"].get_data(as_text=True)
    path = tmp_path / "lares-a-recorded.gpx"
    path.write_bytes(recorded_lares_a())
    result = run(app, "import-gpx", path, "--replace", "lares-a")
    assert result.exit_code == 0, result.output
    unchanged = "/treks/lares-a/logistics"  # getting there: no positions, no sketch notice
    for url, old in before.items():
        new = client.get(url, headers={"If-None-Match": old.headers["ETag"]})
        if url == unchanged:
            assert new.status_code == 304, "an unchanged page of the new version is not sent again"
            continue
        assert new.status_code == 200, f"{url}: the old copy was called current"
        assert new.headers["ETag"] != old.headers["ETag"]
        assert int(new.headers["X-Trek-Version"]) > int(old.headers["X-Trek-Version"])
    page = client.get("/treks/lares-a/").get_data(as_text=True)
    assert "Approximate — for planning" not in page
    assert (
        client.get("/treks/lares-a/offline.json").get_json()["version"]
        > before["/treks/lares-a/offline.json"].get_json()["version"]
    )


def test_trip_pages_carry_no_trek_validator(client: FlaskClient) -> None:
    from tests.helpers import create_trip

    token = create_trip(client)
    r = client.get(f"/t/{token}/")
    assert "X-Trek-Version" not in r.headers
    assert client.get(f"/t/{token}/offline.json").headers["Cache-Control"] == "no-cache"


def test_pages_listing_treks_do_not_read_any_trek_document(app: Flask, client: FlaskClient) -> None:
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def note(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        for url in ("/", "/trips/new"):
            assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert statements, "no query seen"
    assert not [s for s in statements if "document_json" in s]

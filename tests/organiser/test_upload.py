"""The organiser's upload page: who may upload, what they see, and nothing half-written."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash
from werkzeug.test import EnvironBuilder, TestResponse, run_wsgi_app

from laresapp import create_app
from laresapp.extensions import db
from tests.helpers import CORPUS, HOSTILE, make_config, needs_corpus, recorded_lares_a, row_counts, trek

PASSWORD = "correct horse battery"


def make_app(db_path: Path, **extra: Any) -> Iterator[Flask]:
    application = create_app(make_config(db_path, ORGANISER_PASSWORD=PASSWORD, **extra))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture()
def org_app(db_path: Path) -> Iterator[Flask]:
    yield from make_app(db_path)


@pytest.fixture()
def org(org_app: Flask) -> FlaskClient:
    """A client signed in as the organiser."""
    c = org_app.test_client()
    resp = c.post("/organiser/sign-in", data={"password": PASSWORD, "next": "/organiser/"})
    assert resp.status_code == 303 and resp.headers["Location"] == "/organiser/"
    return c


def text(resp: TestResponse) -> str:
    return BeautifulSoup(resp.data, "html.parser").get_text(" ", strip=True)


def gpx_file(path: Path, name: str | None = None) -> tuple[io.BytesIO, str]:
    return io.BytesIO(path.read_bytes()), name or path.name


def csrf_token(resp: TestResponse) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', resp.get_data(as_text=True))
    assert m, "the form carries a CSRF token"
    return m.group(1)


# ------------------------------------------------------------------ who may upload


@needs_corpus
def test_without_a_password_uploads_are_off_and_say_how_to_turn_them_on(
    client: FlaskClient, app: Flask
) -> None:
    page = client.get("/organiser/")
    assert page.status_code == 200
    assert "Uploads are switched off" in text(page)
    assert "LARESAPP_ORGANISER_PASSWORD" in text(page)
    before = row_counts(app)
    resp = client.post("/organiser/upload", data={"gpx": gpx_file(CORPUS / "Mojstrovka.gpx")})
    assert resp.status_code == 403
    assert row_counts(app) == before
    assert client.post("/organiser/sign-in", data={"password": ""}).status_code == 200


@needs_corpus
def test_not_signed_in_is_sent_to_sign_in_and_cannot_post(org_app: Flask) -> None:
    c = org_app.test_client()
    resp = c.get("/organiser/")
    assert resp.status_code == 303
    assert resp.headers["Location"] == "/organiser/sign-in?next=/organiser/"
    page = c.get(resp.headers["Location"])
    soup = BeautifulSoup(page.data, "html.parser")
    assert soup.select_one("label[for=password]").get_text() == "Organiser password"
    before = row_counts(org_app)
    post = c.post("/organiser/upload", data={"gpx": gpx_file(CORPUS / "Mojstrovka.gpx")})
    assert post.status_code == 403
    assert "Sign in first" in text(post) and "Nothing was uploaded" in text(post)
    assert row_counts(org_app) == before


def test_wrong_password_is_said_plainly(org_app: Flask) -> None:
    c = org_app.test_client()
    resp = c.post("/organiser/sign-in", data={"password": "wrong"})
    assert resp.status_code == 401
    assert "That password is not right." in text(resp)
    assert c.get("/organiser/").status_code == 303  # still not signed in


def test_a_werkzeug_hash_works_as_the_configured_password(db_path: Path) -> None:
    for application in make_app(db_path):
        application.config["ORGANISER_PASSWORD"] = generate_password_hash(PASSWORD)
        c = application.test_client()
        assert c.post("/organiser/sign-in", data={"password": "wrong"}).status_code == 401
        assert c.post("/organiser/sign-in", data={"password": PASSWORD}).status_code == 303
        assert c.get("/organiser/").status_code == 200


def test_changing_the_password_and_signing_out_end_the_session(org_app: Flask, org: FlaskClient) -> None:
    assert org.get("/organiser/").status_code == 200
    assert org.post("/organiser/sign-out").status_code == 303
    assert org.get("/organiser/").status_code == 303
    org.post("/organiser/sign-in", data={"password": PASSWORD})
    assert org.get("/organiser/").status_code == 200
    org_app.config["ORGANISER_PASSWORD"] = "a new one"
    assert org.get("/organiser/").status_code == 303


def test_sign_in_never_redirects_off_site(org_app: Flask) -> None:
    c = org_app.test_client()
    for target in ("https://evil.example/", "//evil.example/", "/treks/lares-a/"):
        resp = c.post("/organiser/sign-in", data={"password": PASSWORD, "next": target})
        assert resp.headers["Location"] == "/organiser/"


def test_sign_in_is_rate_limited(db_path: Path) -> None:
    for application in make_app(db_path, RATELIMIT_ENABLED=True):
        c = application.test_client()
        codes = [c.post("/organiser/sign-in", data={"password": "guess"}).status_code for _ in range(6)]
        assert codes == [401] * 5 + [429]
        blocked = c.post("/organiser/sign-in", data={"password": PASSWORD})
        assert blocked.status_code == 429, "even the right password waits"
        assert "Too many sign-in attempts" in text(blocked)
        assert c.get("/organiser/sign-in").status_code == 200, "reading the form is not limited"


@needs_corpus
def test_forms_without_a_csrf_token_are_refused(db_path: Path) -> None:
    for application in make_app(db_path, WTF_CSRF_ENABLED=True):
        c = application.test_client()
        refused = c.post("/organiser/sign-in", data={"password": PASSWORD})
        assert refused.status_code == 400
        assert "This form has expired or did not come from this site" in text(refused)
        form = c.get("/organiser/sign-in")
        ok = c.post("/organiser/sign-in", data={"password": PASSWORD, "csrf_token": csrf_token(form)})
        assert ok.status_code == 303
        before = row_counts(application)
        upload = c.post("/organiser/upload", data={"gpx": gpx_file(CORPUS / "Mojstrovka.gpx")})
        assert upload.status_code == 400
        assert "This form has expired" in text(upload)
        assert row_counts(application) == before
        page = c.get("/organiser/")
        good = c.post(
            "/organiser/upload",
            data={"gpx": gpx_file(CORPUS / "Mojstrovka.gpx"), "csrf_token": csrf_token(page)},
        )
        assert good.status_code == 303


# ------------------------------------------------------------------ uploading


def test_upload_page_has_labelled_controls(org: FlaskClient) -> None:
    soup = BeautifulSoup(org.get("/organiser/").data, "html.parser")
    form = soup.select_one("form.upload")
    assert form["enctype"] == "multipart/form-data" and form["method"] == "post"
    file_input = form.select_one("input[type=file]")
    assert file_input["accept"] == ".gpx,application/gpx+xml"
    for control in form.select("input:not([type=hidden]), select"):
        assert soup.select_one(f"label[for={control['id']}]"), control
    options = [o.get_text() for o in form.select("select[name=replace] option")]
    assert options[0] == "A new trek"
    assert "Replace the line of Lares hot springs to Yanahuara (sketch)" in options


@needs_corpus
def test_a_good_file_becomes_a_trek(org_app: Flask, org: FlaskClient) -> None:
    resp = org.post(
        "/organiser/upload",
        data={"gpx": gpx_file(CORPUS / "korita-zbevnica.gpx"), "name": "Korita walk", "split_at_km": "5, 15"},
    )
    assert resp.status_code == 303
    assert resp.headers["Location"] == "/treks/korita-walk/"
    overview = org.get("/treks/korita-walk/")
    assert overview.status_code == 200
    rows = BeautifulSoup(overview.data, "html.parser").select("table.stages tbody tr")
    assert len(rows) == 3
    assert "Approximate — for planning" not in text(overview)
    stored = trek(org_app, "korita-walk")
    assert stored is not None and stored.origin == "imported"
    summary = text(org.get("/organiser/"))
    assert "Imported 'Korita walk' (korita-walk): 3 stage(s), 27.6 km" in summary


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("billion_laughs.gpx", "refused for safety"),
        ("truncated.gpx", "ends in the middle of a track point"),
        ("nan_lat.gpx", "latitude NaN"),
        ("wrong_root.gpx", "not a GPX file"),
    ],
)
def test_a_hostile_file_gets_a_400_page_with_its_reason(
    org_app: Flask, org: FlaskClient, name: str, words: str
) -> None:
    before = row_counts(org_app)
    resp = org.post("/organiser/upload", data={"gpx": gpx_file(HOSTILE / name), "name": "Keep me"})
    assert resp.status_code == 400
    soup = BeautifulSoup(resp.data, "html.parser")
    alert = soup.select_one("[role=alert]").get_text()
    assert alert.startswith(f"{name}: not imported:") and words in alert
    assert soup.select_one("input[name=name]")["value"] == "Keep me", "the form is re-shown"
    assert row_counts(org_app) == before


def test_no_file_chosen(org: FlaskClient) -> None:
    resp = org.post("/organiser/upload", data={"name": "x"})
    assert resp.status_code == 400 and "Choose a GPX file to upload." in text(resp)


def test_replacing_a_sketch_from_the_page(org_app: Flask, org: FlaskClient) -> None:
    before = trek(org_app, "lares-a")
    resp = org.post(
        "/organiser/upload", data={"gpx": (io.BytesIO(recorded_lares_a()), "lares.gpx"), "replace": "lares-a"}
    )
    assert resp.status_code == 303 and resp.headers["Location"] == "/treks/lares-a/"
    after = trek(org_app, "lares-a")
    assert before is not None and after is not None
    assert after.id == before.id and after.data_quality == "recorded"


@needs_corpus
def test_an_upload_over_the_limit_is_a_413_page(db_path: Path) -> None:
    for application in make_app(db_path, MAX_CONTENT_LENGTH=50_000):
        c = application.test_client()
        c.post("/organiser/sign-in", data={"password": PASSWORD})
        before = row_counts(application)
        resp = c.post("/organiser/upload", data={"gpx": gpx_file(CORPUS / "korita-zbevnica.gpx")})  # 88 kB
        assert resp.status_code == 413
        assert "That file is too large" in text(resp)
        assert "Nothing was imported" in text(resp)
        assert row_counts(application) == before


class EndlessUpload(io.RawIOBase):
    """A multipart body of ``size`` bytes made up as it is read; counts what was read."""

    HEAD = (
        b'--XX\r\nContent-Disposition: form-data; name="gpx"; filename="a.gpx"\r\n'
        b"Content-Type: application/gpx+xml\r\n\r\n"
    )

    def __init__(self, size: int) -> None:
        self.size = size
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.consumed >= self.size:
            return 0
        if self.consumed == 0:
            n = len(self.HEAD)
            buffer[:n] = self.HEAD
        else:
            n = min(len(buffer), self.size - self.consumed)
            buffer[:n] = b"a" * n
        self.consumed += n
        return n


def test_a_chunked_upload_without_length_stops_at_the_limit(db_path: Path) -> None:
    """No Content-Length to refuse early by: Werkzeug must stop reading at the limit
    rather than take the whole body into memory or a temporary file."""
    limit = 100_000
    for application in make_app(db_path, MAX_CONTENT_LENGTH=limit):
        c = application.test_client()
        c.post("/organiser/sign-in", data={"password": PASSWORD})
        cookie = c.get_cookie("session")
        assert cookie is not None
        body = EndlessUpload(50 * 2**20)
        environ = EnvironBuilder(
            path="/organiser/upload",
            method="POST",
            content_type="multipart/form-data; boundary=XX",
            headers={"Cookie": f"session={cookie.value}", "Transfer-Encoding": "chunked"},
        ).get_environ()
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input"] = io.BufferedReader(body)
        environ["wsgi.input_terminated"] = True
        before = row_counts(application)
        app_iter, status, _headers = run_wsgi_app(application, environ)
        page = b"".join(app_iter).decode("utf-8")
        assert status.startswith("413")
        assert "That file is too large" in page
        assert body.consumed <= limit + 64 * 1024, f"read {body.consumed} bytes of 50 MiB"
        assert row_counts(application) == before


# ------------------------------------------------------------------ public pages stay cacheable


def test_public_pages_stay_session_free_after_signing_in(org: FlaskClient) -> None:
    assert org.get("/organiser/").status_code == 200
    for url in ("/treks/lares-a/", "/", "/treks/lares-a/stages/1", "/treks/lares-a/export.gpx"):
        resp = org.get(url)
        assert resp.status_code == 200, url
        assert "Set-Cookie" not in resp.headers, url
        if url != "/":  # "/" picks the language by the remembered choice: it varies on it
            assert "cookie" not in resp.headers.get("Vary", "").lower(), url


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("wrong_root.gpx", "esto no es un archivo GPX"),
        ("billion_laughs.gpx", "se rechazan por seguridad"),
        ("truncated.gpx", "el archivo termina en medio de un punto del track"),
    ],
)
def test_a_refused_file_on_the_spanish_page_says_why_in_spanish(
    org_app: Flask, org: FlaskClient, name: str, words: str
) -> None:
    before = row_counts(org_app)
    resp = org.post("/es/organiser/upload", data={"gpx": gpx_file(HOSTILE / name)})
    assert resp.status_code == 400
    alert = BeautifulSoup(resp.data, "html.parser").select_one("[role=alert]").get_text()
    assert words in alert and "not a GPX file" not in alert and "refused for safety" not in alert
    assert row_counts(org_app) == before


def test_an_empty_file_on_the_spanish_page(org: FlaskClient) -> None:
    resp = org.post("/es/organiser/upload", data={"gpx": (io.BytesIO(b""), "empty.gpx")})
    assert resp.status_code == 400 and "el archivo está vacío" in text(resp)

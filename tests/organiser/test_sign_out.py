"""Signing out ends the session on the server: a copy of the cookie taken before stops
working. And trip tokens never reach an access log (gunicorn's or Werkzeug's)."""

from __future__ import annotations

import logging
import threading
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from laresapp import create_app
from tests.helpers import create_trip, make_config
from tests.servers import Gunicorn

PASSWORD = "correct horse battery"


def test_a_cookie_copied_before_sign_out_no_longer_works(db_path: Path) -> None:
    app = create_app(make_config(db_path, ORGANISER_PASSWORD=PASSWORD))
    client = app.test_client()
    client.post("/organiser/sign-in", data={"password": PASSWORD})
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert client.get("/organiser/").status_code == 200
    assert client.post("/organiser/sign-out").status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    resp = thief.get("/organiser/")
    assert resp.status_code == 303 and "/organiser/sign-in" in resp.headers["Location"]
    assert thief.post("/organiser/upload", data={}).status_code == 403


def test_gunicorn_access_log_masks_trip_tokens(app: Flask, db_path: Path, tmp_path: Path) -> None:
    token = create_trip(app.test_client())
    log = tmp_path / "access.log"
    server = Gunicorn(make_config(db_path, AUTO_INIT=False), workers=1, log=log)
    try:
        urllib.request.urlopen(f"{server.url}/t/{token}/plan?x=1", timeout=30).close()
    finally:
        server.stop()
    text = log.read_text()
    assert "/t/[token]/plan" in text
    assert token not in text


def test_werkzeug_dev_server_log_masks_trip_tokens(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    token = create_trip(app.test_client())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/t/{token}/gear", timeout=30).close()
    finally:
        server.shutdown()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/t/[token]/gear" in logged
    assert token not in logged

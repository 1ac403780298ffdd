"""Hostile GPX files uploaded to a real gunicorn worker: each is refused with a message,
the worker that took it is still the same process afterwards (a crash would make
gunicorn start a new one), and not one row is written."""

from __future__ import annotations

import http.cookiejar
import urllib.parse
import urllib.request
from pathlib import Path

from flask import Flask

from tests.helpers import make_config, row_counts
from tests.hostile_gpx import HOSTILE_CASES, hostile_bytes
from tests.servers import Gunicorn, post_multipart

PASSWORD = "correct horse battery"


def test_hostile_uploads_leave_the_worker_alive_and_the_database_untouched(app: Flask, db_path: Path) -> None:
    config = make_config(db_path, ORGANISER_PASSWORD=PASSWORD, AUTO_INIT=False)
    before = row_counts(app)
    server = Gunicorn(config, workers=1)
    try:
        workers = server.workers()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = urllib.parse.urlencode({"password": PASSWORD, "next": "/organiser/"}).encode()
        opener.open(server.url + "/organiser/sign-in", data=form, timeout=30).close()
        for name in sorted(HOSTILE_CASES):
            status, body = post_multipart(
                opener,
                server.url + "/organiser/upload",
                {"replace": ""},
                {"gpx": (f"{name}.gpx", hostile_bytes(name))},
            )
            assert status == 400, (name, status)
            assert "not imported" in body, name
            assert server.workers() == workers, f"{name}: the worker died"
        with opener.open(server.url + "/organiser/", timeout=30) as resp:
            assert resp.status == 200
    finally:
        server.stop()
    after = row_counts(app)
    after.pop("organiser_session"), before.pop("organiser_session")  # the sign-in's own row
    assert after == before

"""Rate limits: every write to a trip shares one bucket per trip (forms and the outbox's
operations alike), other trips keep theirs, and behind a trusted proxy each client
address counts alone. (Across gunicorn workers with Redis: tests/web/test_limits_redis.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from laresapp import create_app
from laresapp.extensions import db
from laresapp.web import limits
from tests.helpers import make_config, tick_op


def _app(db_path: Path, **extra: object) -> Iterator[Flask]:
    application = create_app(make_config(db_path, RATELIMIT_ENABLED=True, **extra))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture()
def limited(db_path: Path) -> Iterator[Flask]:
    yield from _app(db_path)


def _trip(app: Flask, address: str = "127.0.0.1") -> str:
    resp = app.test_client().post(
        "/trips", data={"trek": "lares-a", "start_date": "2026-06-01"}, environ_base={"REMOTE_ADDR": address}
    )
    assert resp.status_code == 303
    return resp.headers["Location"].split("/")[2]


def test_every_write_to_a_trip_shares_one_bucket(limited: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "TRIP_WRITE_LIMIT", "6 per minute")
    a, b = _trip(limited, "10.0.0.1"), _trip(limited, "10.0.0.2")
    writes = [
        ("tick", {"target": "stage:1", "done": "true"}),
        ("notes", {"target": "wp:huacahuasi", "text": "water here"}),
        ("day", {"day": "2"}),
        ("plan", {"pace_factor": "1.5", "sunset_margin_min": "60", "acclimatisation_days": "2"}),
    ]
    codes = []
    for i in range(8):
        path, data = writes[i % len(writes)]
        # From many addresses: the bucket is the trip's, not the address's.
        client = limited.test_client()
        resp = client.post(f"/t/{a}/{path}", data=data, environ_base={"REMOTE_ADDR": f"10.1.0.{i}"})
        codes.append(resp.status_code)
    assert codes[:6] == [303] * 6 and codes[6:] == [429, 429]
    ops = limited.test_client().post(f"/t/{a}/ops", json=tick_op(a))
    assert ops.status_code == 429 and "Too many requests" in ops.get_json()["message"]
    # Another trip is not affected.
    assert limited.test_client().post(f"/t/{b}/ops", json=tick_op(b)).status_code == 200


def test_without_trusted_proxies_a_forwarded_address_is_ignored(limited: Flask) -> None:
    client = limited.test_client()
    codes = [
        client.post(
            "/trips",
            data={"trek": "lares-a", "start_date": "2026-06-01"},
            headers={"X-Forwarded-For": f"192.0.2.{i}"},
        ).status_code
        for i in range(6)
    ]
    assert codes == [303] * 5 + [429], "a client cannot choose its own address"


def test_behind_one_trusted_proxy_each_client_counts_alone(db_path: Path) -> None:
    app = next(_app(db_path, TRUSTED_PROXIES=1))
    client = app.test_client()

    def create(addr: str) -> int:
        return client.post(
            "/trips", data={"trek": "lares-a", "start_date": "2026-06-01"}, headers={"X-Forwarded-For": addr}
        ).status_code

    flood = [create("192.0.2.7") for _ in range(6)]
    assert flood == [303] * 5 + [429]
    assert create("192.0.2.8") == 303, "another client behind the same proxy is not locked out"

"""Rate limits hold across gunicorn workers when they share a real Redis: a trip's writes
are limited to TRIP_WRITE_LIMIT in all, whichever of the two workers takes each request.
(With the per-process memory store each worker would count alone: the control case.)"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from laresapp.web.limits import TRIP_WRITE_LIMIT
from tests.helpers import create_trip, make_config, tick_op
from tests.servers import Gunicorn
from tests.services import Redis


@pytest.fixture()
def redis_server(tmp_path: Path) -> Iterator[Redis]:
    server = Redis(tmp_path)
    yield server
    server.stop()


def _send(url: str, token: str) -> tuple[int, str]:
    body = json.dumps(tick_op(token)).encode()
    req = urllib.request.Request(
        f"{url}/t/{token}/ops", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers["X-Worker"]
    except urllib.error.HTTPError as err:
        return err.code, err.headers["X-Worker"]


def _flood(url: str, token: str, count: int) -> tuple[list[int], set[str]]:
    """Several clients at once, as a party's phones coming back into signal: with one
    request at a time the kernel may hand every connection to the same worker."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: _send(url, token), range(count)))
    return [code for code, _ in answers], {worker for _, worker in answers}


@pytest.mark.parametrize("store", ["redis", "memory"])
def test_the_limit_holds_across_two_workers_only_with_a_shared_store(
    app: Flask, db_path: Path, redis_server: Redis, store: str
) -> None:
    limit = int(TRIP_WRITE_LIMIT.split()[0])
    token = create_trip(app.test_client())
    uri = redis_server.url if store == "redis" else "memory://"
    server = Gunicorn(
        make_config(db_path, AUTO_INIT=False, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=uri), workers=2
    )
    try:
        codes, workers = _flood(server.url, token, limit + 20)
    finally:
        server.stop()
    assert len(workers) == 2, "both workers answered"
    accepted = codes.count(200)
    if store == "redis":
        assert accepted == limit and codes.count(429) == 20
    else:
        assert accepted > limit, "each worker counted alone: the store must be shared"

"""Under the README's gunicorn config, many clients that connect at once are spread over the
workers. With one shared listening socket, the worker that happened to be awake took a
whole burst of connections and kept them (keep-alive): one process served every client
while the others idled, and its queue was the load bench's p99 (laresapp/gunicorn_conf.py)."""

from __future__ import annotations

import http.client
from collections import Counter
from pathlib import Path

from flask import Flask

from tests.helpers import make_config
from tests.servers import Gunicorn

CLIENTS = 24


def test_a_burst_of_kept_alive_clients_is_served_by_every_worker(
    app: Flask, db_path: Path, tmp_path: Path
) -> None:
    """(``app`` makes the database at ``db_path``.)"""
    server = Gunicorn(
        make_config(db_path, AUTO_INIT=False), workers=2, log=tmp_path / "access.log", threads=4
    )
    try:
        conns = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=30) for _ in range(CLIENTS)]
        for conn in conns:  # all connected before any request: as a crowd of phones
            conn.connect()
        served: Counter[str] = Counter()
        for _ in range(2):  # the same kept-alive connection stays with its worker
            for conn in conns:
                conn.request("GET", "/sw.js")
                resp = conn.getresponse()
                resp.read()
                assert resp.status == 200
                served[str(resp.getheader("X-Worker"))] += 1
        for conn in conns:
            conn.close()
    finally:
        server.stop()
    assert len(served) == 2, f"one worker served every client: {dict(served)}"

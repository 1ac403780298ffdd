"""Where one tick operation's time goes: server CPU, SQL statements and (optionally) a
cProfile of ``POST /t/<token>/ops``, measured in one process, one request at a time.

CPU time and statement counts are barely disturbed by other work on the machine, unlike
wall-clock latency under load (bench/tick_load.py), so before/after comparisons of a
change are best made here.

    .venv/bin/python bench/tick_profile.py [--requests 1000] [--batch 1] [--postgres] [--profile 25]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGETS = [
    "stage:1",
    "stage:2",
    "stage:3",
    "wp:huacahuasi",
    "wp:ipsayjasa-camp",
    "gear:tent",
    "gear:passport",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=1, help="operations per request")
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    args = ap.parse_args()

    from sqlalchemy import event

    from laresapp import create_app, database
    from laresapp.extensions import db
    from tests.services import Postgres

    tmp = Path(tempfile.mkdtemp())
    tmp.chmod(0o755)
    pg = Postgres(tmp, durable=True) if args.postgres else None
    uri = pg.new_database() if pg else f"sqlite:///{tmp / 'p.sqlite'}"
    try:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": uri,
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
                "AUTO_INIT": False,
            }
        )
        database.initialise(app)
        client = app.test_client()
        resp = client.post("/trips", data={"trek": "lares-a", "start_date": "2026-06-01"})
        token = str(resp.headers["Location"]).split("/")[2]
        statements = [0]
        with app.app_context():
            event.listen(
                db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1)
            )

        def body() -> bytes:
            ops = [
                {
                    "op_id": str(uuid.uuid4()),
                    "trip": token,
                    "target": random.choice(TARGETS),
                    "done": random.random() < 0.5,
                    "at": datetime.now(UTC).isoformat(),
                }
                for _ in range(args.batch)
            ]
            payload: Any = ops[0] if args.batch == 1 else {"ops": ops}
            return json.dumps(payload).encode()

        def one() -> None:
            r = client.post(
                f"/t/{token}/ops",
                data=body(),
                headers={"Content-Type": "application/json", "Accept-Encoding": "gzip, br"},
            )
            assert r.status_code == 200, r.data[:200]

        for _ in range(50):  # warm-up: caches, connection pool
            one()
        cpu: list[float] = []
        wall: list[float] = []
        statements[0] = 0
        prof = cProfile.Profile() if args.profile else None
        for _ in range(args.requests):
            c0, w0 = time.process_time(), time.perf_counter()
            if prof:
                prof.enable()
            one()
            if prof:
                prof.disable()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        n = args.requests
        print(f"{'PostgreSQL' if pg else 'SQLite WAL'}, {n} requests of {args.batch} op(s), one at a time")
        print(
            f"server CPU per request: mean {statistics.fmean(cpu) * 1000:.2f} ms, "
            f"median {statistics.median(cpu) * 1000:.2f} ms"
        )
        print(
            f"wall per request: mean {statistics.fmean(wall) * 1000:.2f} ms, "
            f"median {statistics.median(wall) * 1000:.2f} ms"
        )
        print(f"SQL statements per request: {statements[0] / n:.1f}")
        if prof:
            pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)
    finally:
        if pg:
            pg.stop()


if __name__ == "__main__":
    main()

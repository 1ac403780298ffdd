"""Load: N concurrent clients send tick operations to the app under gunicorn on SQLite,
or with ``--postgres`` on a throw-away PostgreSQL cluster (Debian's postgresql, started by
tests/services.py with fsync on, like a real server).

Prints operations per second, p50/p99 latency, errors, the server's CPU time per
operation (all gunicorn processes, read from /proc: far less disturbed by other work on
the machine than latency), how busy the whole machine was (what gunicorn and the bench
did not use is mostly PostgreSQL's), and checks that every operation was stored exactly once. No
pass/fail: the numbers go into the notes.

By default the clients never pause (a closed loop): each sends its next operation as soon
as the last is answered, so by Little's law the mean latency is clients / throughput, and
latency measures the machine's throughput more than the time one operation takes.
``--pause S`` makes each client wait a random time (exponential, mean S seconds) before
its first operation and between operations, like people ticking (without the first wait,
all clients sent at the same instant and that one burst was the p99): latency then shows
the time of one operation plus the queueing that load really causes. ``--trips N`` spreads
the clients over N trips (parties): the operations of one trip are serialised (each batch
locks its trip), other trips' are not.

gunicorn runs as the README deploys it: ``-c python:laresapp.gunicorn_conf`` (one
listening socket per worker, see that file), 2 workers of 4 threads unless told otherwise.
The CPU each worker used is printed too: a worker that did most of the work while the
others idled is a queue the p99 waits in.

    .venv/bin/python bench/tick_load.py [--clients 50] [--seconds 30] [--workers 2] [--threads 4]
        [--pause 0] [--trips 1] [--postgres]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.tick_profile import TARGETS  # noqa: E402 - the same ticks in both benches


def start(db_uri: str, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "LARESAPP_SQLALCHEMY_DATABASE_URI": db_uri,
        "LARESAPP_SECRET_KEY": "bench",
        "LARESAPP_RATELIMIT_ENABLED": "false",
        # Only the set-up POST /trips needs CSRF; the measured /ops endpoint is exempt.
        "LARESAPP_WTF_CSRF_ENABLED": "false",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "laresapp", "init-db"],
        env=env,
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "-c",
            "python:laresapp.gunicorn_conf",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "laresapp:create_app()",
        ],
        env=env,
        cwd=REPO,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
            return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def make_trip(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    body = urllib.parse.urlencode({"trek": "lares-a", "start_date": "2026-06-01"})
    conn.request("POST", "/trips", body, {"Content-Type": "application/x-www-form-urlencoded"})
    resp = conn.getresponse()
    resp.read()
    return str(resp.getheader("Location")).split("/")[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--trips", type=int, default=1, help="clients are spread over this many trips")
    ap.add_argument("--pause", type=float, default=0, help="mean seconds each client waits between ops")
    ap.add_argument(
        "--postgres", action="store_true", help="a throw-away PostgreSQL cluster instead of SQLite"
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.chmod(tmp, 0o755)
    from tests.browser_helpers import free_port
    from tests.services import Postgres

    port = free_port()
    pg = Postgres(tmp, durable=True) if args.postgres else None
    db_uri = pg.new_database() if pg else f"sqlite:///{tmp / 'bench.sqlite'}"
    try:
        proc = start(db_uri, port, args.workers, args.threads)
    except BaseException:
        if pg:
            pg.stop()
        raise
    try:
        tokens = [make_trip(port) for _ in range(args.trips)]
        targets = TARGETS
        latencies: list[float] = []
        errors: list[str] = []
        sent: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(token: str) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if args.pause:  # people do not all tick at the same instant: no burst of 50 at t=0
                time.sleep(random.expovariate(1 / args.pause))
            while time.monotonic() < stop:
                op = {
                    "op_id": str(uuid.uuid4()),
                    "trip": token,
                    "target": random.choice(targets),
                    "done": random.random() < 0.5,
                    "at": datetime.now(UTC).isoformat(),
                }
                t0 = time.perf_counter()
                for attempt in (1, 2):
                    try:
                        conn.request(
                            "POST", f"/t/{token}/ops", json.dumps(op), {"Content-Type": "application/json"}
                        )
                        resp = conn.getresponse()
                        body = resp.read()
                        ok = resp.status == 200 and json.loads(body)["results"][0]["code"] == 200
                        break
                    except Exception as exc:  # noqa: BLE001 - every failure is counted
                        ok, body = False, str(exc).encode()
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                        # A kept-alive connection the server closed while the client paused:
                        # send the same operation again, as the outbox does (it applies once).
                        if attempt == 2 or not isinstance(
                            exc, ConnectionError | http.client.RemoteDisconnected
                        ):
                            break
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    if ok:
                        sent.append(op["op_id"])
                    else:
                        errors.append(body[:200].decode(errors="replace"))
                if args.pause:
                    time.sleep(min(random.expovariate(1 / args.pause), max(0.0, stop - time.monotonic())))

        cpu0, client0, machine0 = server_cpu(proc.pid), time.process_time(), machine_cpu()
        workers0 = worker_cpu(proc.pid)
        t0 = time.monotonic()
        threads = [
            threading.Thread(target=client, args=(tokens[n % len(tokens)],)) for n in range(args.clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
        cpu, client_cpu = server_cpu(proc.pid) - cpu0, time.process_time() - client0
        busy = machine_cpu() - machine0
        per_worker = sorted(
            (round(used - workers0.get(pid, 0.0), 1) for pid, used in worker_cpu(proc.pid).items()),
            reverse=True,
        )
        latencies.sort()
        stored = stored_op_ids(db_uri)
        pacing = f"pause mean {args.pause:g} s" if args.pause else "no pause (closed loop)"
        print(
            f"clients {args.clients} on {args.trips} trip(s), {pacing}, {args.seconds:.0f} s, "
            f"gunicorn {args.workers} workers x {args.threads} threads, "
            f"{'PostgreSQL' if pg else 'SQLite WAL'}, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(f"operations acknowledged: {len(sent)}  ({len(sent) / elapsed:.0f} ops/s)")
        print(
            f"latency p50 {latencies[len(latencies) // 2] * 1000:.1f} ms, "
            f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms, "
            f"max {latencies[-1] * 1000:.1f} ms"
        )
        print(
            f"CPU per operation: server {cpu / max(1, len(latencies)) * 1000:.2f} ms, "
            f"bench client {client_cpu / max(1, len(latencies)) * 1000:.2f} ms"
        )
        rest_ms = (busy - cpu - client_cpu) / max(1, len(latencies)) * 1000
        print(
            f"machine busy {busy / elapsed:.2f} of {os.cpu_count()} cores; the rest "
            f"({'PostgreSQL, ' if pg else ''}kernel, other) {rest_ms:.2f} ms per operation"
        )
        print(f"CPU seconds per worker: {per_worker}")
        print(f"errors: {len(errors)}" + (f"  first: {errors[0]}" if errors else ""))
        print(
            f"stored exactly once: {sorted(stored) == sorted(sent)} "
            f"({len(stored)} stored, {len(set(stored))} distinct)"
        )
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        if pg:
            pg.stop()


def worker_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each of gunicorn's workers."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            used[int(child)] = (int(fields[11]) + int(fields[12])) / tick
    return used


def machine_cpu() -> float:
    """CPU seconds every core of the machine spent busy (not idle, not waiting for I/O)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's master and its workers."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") + sum(worker_cpu(pid).values())


def stored_op_ids(db_uri: str) -> list[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_uri)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT op_id FROM applied_op"))]
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()

"""Requests per second of trek pages against a bare Flask route, in one process.

The stage page, the overview and ``profile.json`` are rendered once per trek version and
kept (laresapp/web/render.py); the bare route returns a short string through the same app
(same hooks: compression, validators). Rounds are interleaved (bare, stage, overview,
profile, bare, ...) so a noisy machine slows each alike; the median round is printed.
Requests are made as Chromium makes them (Accept-Encoding: gzip, deflate, br, zstd)
through the WSGI test client, so the numbers are the app's own cost, without a socket.
Prints numbers; asserts nothing.
Usage: .venv/bin/python bench/render_bench.py [rounds] [requests per round]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time

from laresapp import create_app

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
URLS = {
    "bare route": "/_bench/bare",
    "stage page": "/treks/lares-a/stages/2",
    "stage page (es)": "/es/treks/lares-a/stages/2",
    "overview": "/treks/lares-a/",
    "phrase card": "/treks/lares-a/phrases",
    "profile.json": "/treks/lares-a/profile.json",
}


def main(rounds: int, per_round: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
            }
        )
        app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
        client = app.test_client()
        for url in URLS.values():  # first render, outside the timing
            assert client.get(url, headers=BROWSER).status_code == 200, url
        rates: dict[str, list[float]] = {name: [] for name in URLS}
        for _ in range(rounds):
            for name, url in URLS.items():
                start = time.perf_counter()
                for _ in range(per_round):
                    client.get(url, headers=BROWSER)
                rates[name].append(per_round / (time.perf_counter() - start))
        bare = statistics.median(rates["bare route"])
        print(f"{rounds} interleaved rounds of {per_round} requests each; median requests/s:")
        for name, values in rates.items():
            rate = statistics.median(values)
            print(f"  {name:16} {rate:8.0f} req/s  ({rate / bare:.2f} of the bare route)")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [7, 300][len(args) :]))

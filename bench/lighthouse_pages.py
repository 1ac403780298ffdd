"""Lighthouse (mobile) on the pages a hiker uses most: Today, a stage, the trip plan.

Serves the app from this checkout on a free loopback port (htmx from the local npm copy,
same SRI hash, gzipped as the CDN sends it, so no request leaves the machine) and prints
each page's four scores.
Prints numbers; asserts nothing. The Flask development server does not compress, so the
performance score is a little below what gzip behind the reverse proxy gives.

The map library (Leaflet, on the stage page) is served the same way from the copy
tests/run.sh installs (tests/browser/.maplib), so no page logs a failed CDN request.
The machine is often shared: RUNS=N (default 3) runs each page N times and prints every
run's scores, its simulated first contentful paint, and the median; WARMUP=N (default 1)
runs each page first without counting it (see WARMUP below); PAGES=today,stage,plan picks
pages.

Usage: .venv/bin/python bench/lighthouse_pages.py
Needs Lighthouse from npm (LIGHTHOUSE=/path/to/lighthouse/cli/index.js, or a copy installed
with `npm install --prefix bench/.lighthouse lighthouse`) and Chromium (CHROME_PATH,
default /usr/bin/chromium).
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from laresapp import create_app

REPO = Path(__file__).resolve().parents[1]
HTMX_DIR = REPO / "tests" / "browser" / ".htmx" / "node_modules" / "htmx.org" / "dist"
MAPLIB_DIR = REPO / "tests" / "browser" / ".maplib" / "node_modules"
LIGHTHOUSE = Path(
    os.environ.get(
        "LIGHTHOUSE", REPO / "bench" / ".lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
    )
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
KEEP = os.environ.get("LIGHTHOUSE_KEEP")
"""A folder to keep each page's JSON report in (to read which audits failed)."""
RUNS = int(os.environ.get("RUNS", "3"))
WARMUP = int(os.environ.get("WARMUP", "1"))
"""Runs of each page made first and not counted. A Chromium started cold on this machine
painted its first text about a second *after* ``load`` (observed first paint 1.3–2.4 s,
load 0.5–0.6 s), on the first run of a page and now and then after; the same with the
service worker switched off, so it is not the page's doing: font and disk caches being
filled, which no phone in use pays. Such a run scored 0.95–0.98 instead of 0.99–1.0."""
ONLY = [name for name in os.environ.get("PAGES", "").lower().split(",") if name]
"""PAGES=today,stage: only those pages (default: all three)."""


def cdn_stand_in(app: Any, folders: dict[str, Path]) -> Any:
    """The pinned CDN files, served as jsDelivr serves them: gzip to a browser that takes it,
    CORS open, cached for a year (the URL is versioned), so the scores are not pulled down by
    a 150 KB uncompressed Leaflet that no phone ever downloads."""

    def wsgi(environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        for prefix, folder in folders.items():
            if request.path.startswith(prefix + "/"):
                file = (folder / request.path[len(prefix) + 1 :]).resolve()
                if not file.is_relative_to(folder.resolve()) or not file.is_file():
                    return Response(status=404)(environ, start_response)
                kind = "text/css" if file.suffix == ".css" else "text/javascript"
                body = file.read_bytes()
                resp = Response(body, content_type=kind)
                if "gzip" in request.headers.get("Accept-Encoding", ""):
                    resp.set_data(gzip.compress(body, compresslevel=9))
                    resp.headers["Content-Encoding"] = "gzip"
                resp.headers["Access-Control-Allow-Origin"] = "*"
                resp.headers["Cache-Control"] = "public, max-age=31536000, immutable"
                return resp(environ, start_response)
        return app(environ, start_response)

    return wsgi


class Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--form-factor=mobile",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env=env,
        check=True,
        timeout=300,
    )
    report = json.loads(out.read_text())
    observed = report["audits"]["metrics"]["details"]["items"][0]
    return {
        **{c: report["categories"][c]["score"] for c in CATEGORIES},
        "fcp": report["audits"]["first-contentful-paint"]["numericValue"],
        "late paint": observed["observedFirstPaint"] > observed["observedLoad"],
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = make_server("127.0.0.1", 0, None, threaded=True, request_handler=Quiet)  # type: ignore[arg-type]
        base = f"http://127.0.0.1:{server.server_port}"
        maplib = {
            "LEAFLET_URL": f"{base}/_maplib/leaflet/dist/leaflet.js",
            "LEAFLET_CSS_URL": f"{base}/_maplib/leaflet/dist/leaflet.css",
            "PMTILES_URL": f"{base}/_maplib/pmtiles/dist/pmtiles.js",
        }
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
                "HTMX_URL": f"{base}/_bench/htmx.min.js",
                **maplib,
                "EXTRA_CDN_SCRIPTS": [maplib["LEAFLET_URL"], maplib["PMTILES_URL"]],
                "EXTRA_CDN_STYLES": [maplib["LEAFLET_CSS_URL"]],
            }
        )
        app.wsgi_app = cdn_stand_in(  # type: ignore[method-assign]
            app.wsgi_app, {"/_bench": HTMX_DIR, "/_maplib": MAPLIB_DIR}
        )
        server.app = app
        resp = app.test_client().post(
            "/trips", data={"trek": "lares-a", "start_date": "2030-07-10", "acclimatisation_days": "2"}
        )
        token = resp.location.split("/")[2]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        pages = {
            "Today": f"/t/{token}/",
            "Stage (lares-a day 2)": "/treks/lares-a/stages/2",
            "Plan": f"/t/{token}/plan",
        }
        if ONLY:
            pages = {name: path for name, path in pages.items() if name.split()[0].lower() in ONLY}
        print(f"{'page':24} " + " ".join(f"{c:>15}" for c in CATEGORIES) + "  FCP (simulated)")
        try:
            for name, path in pages.items():
                for _ in range(WARMUP):
                    lighthouse(base + path, Path(tmp) / "warm-up.json")
                runs = []
                for k in range(RUNS):
                    report = Path(KEEP or tmp) / f"lighthouse-{name.split()[0].lower()}-{k + 1}.json"
                    runs.append(lighthouse(base + path, report))
                    late = "  first paint after load" if runs[-1]["late paint"] else ""
                    print(
                        f"{name:24} "
                        + " ".join(f"{runs[-1][c]:>15.2f}" for c in CATEGORIES)
                        + f"  {runs[-1]['fcp']:>6.0f} ms{late}",
                        flush=True,
                    )
                median = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
                label = f"  median of {RUNS}"
                print(f"{label:24} " + " ".join(f"{median[c]:>15.2f}" for c in CATEGORIES))
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()

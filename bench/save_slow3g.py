"""Time to "Save for offline" trek A over an emulated slow 3G link, first save and re-save.

Starts the app (this checkout, or another with --repo, e.g. an export of main to compare),
opens trek A in Chromium with its service worker, then throttles the connection with
Chromium's own network emulation (CDP ``Network.emulateNetworkConditions``, DevTools'
"Slow 3G": 2 s latency... see PROFILE) on the page *and* on the service worker, which makes
the save's requests, and times "Save this trek for offline" until "Ready offline", then
"Save again" until it is done. Prints numbers; asserts nothing.
Usage: .venv/bin/python bench/save_slow3g.py [--repo PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
HTMX = REPO / "tests" / "browser" / ".htmx" / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
CHROMIUM = os.environ.get("LARESAPP_CHROMIUM", "/usr/bin/chromium")
# DevTools' "Slow 3G" preset: 400 ms x 5 round trip, 500 kbit/s x 0.8 each way.
PROFILE = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
}
SERVE = """
import json, os, sys
from werkzeug.serving import make_server
from laresapp import create_app
app = create_app(json.loads(os.environ["CFG"]))
server = make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True)
print("READY", flush=True)
server.serve_forever()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def throttle_everything(browser_cdp, profile: dict) -> None:  # type: ignore[no-untyped-def]
    """Apply the profile to every page and worker target (the save's fetches are the worker's)."""
    for target in browser_cdp.send("Target.getTargets")["targetInfos"]:
        if target["type"] not in ("page", "service_worker"):
            continue
        session = browser_cdp.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": False}
        )
        sid = session["sessionId"]
        for i, (method, params) in enumerate(
            (("Network.enable", {}), ("Network.emulateNetworkConditions", profile)), start=1
        ):
            message = json.dumps({"id": i, "method": method, "params": params})
            browser_cdp.send("Target.sendMessageToTarget", {"sessionId": sid, "message": message})


def main(repo: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        cfg = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.sqlite",
            "SECRET_KEY": "b",
            "RATELIMIT_ENABLED": False,
        }
        env = {**os.environ, "CFG": json.dumps(cfg), "PYTHONPATH": str(repo)}
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(port)],
            env=env,
            cwd=repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert proc.stdout is not None
            while proc.stdout.readline().strip() != "READY":
                if proc.poll() is not None:
                    raise SystemExit("server did not start")
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                ctx = browser.new_context(service_workers="allow", viewport={"width": 390, "height": 844})
                htmx_url = subprocess.run(
                    [sys.executable, "-c", "from laresapp.config import HTMX_URL; print(HTMX_URL)"],
                    env=env,
                    cwd=repo,
                    capture_output=True,
                    text=True,
                ).stdout.strip()
                ctx.route(
                    htmx_url,
                    lambda r: r.fulfill(
                        body=HTMX.read_bytes(),
                        headers={"Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"},
                    ),
                )
                ctx.route(lambda u: not u.startswith(url) and u != htmx_url, lambda r: r.abort())
                page = ctx.new_page()
                page.set_default_timeout(600_000)
                page.goto(url + "/treks/lares-a/")
                page.wait_for_function(
                    "navigator.serviceWorker.controller !== null || (location.reload(), false)", polling=1000
                )
                page.wait_for_function("window.laresReady !== undefined")
                page.evaluate("window.laresReady")
                throttle_everything(browser.new_browser_cdp_session(), PROFILE)
                status = page.locator("[data-save-status]")
                for label, button in (
                    ("first save", "Save this trek for offline"),
                    ("re-save", re.compile("Save again")),
                ):
                    start = time.perf_counter()
                    page.get_by_role("button", name=button).click()
                    page.wait_for_function(
                        "!document.querySelector('[data-save-button]').disabled && /Ready offline|Not saved"
                        "|tap to finish/.test(document.querySelector('[data-save-status]').textContent)"
                    )
                    took = time.perf_counter() - start
                    print(f"{label}: {took:.1f} s — {status.inner_text().strip()[:90]}")
                browser.close()
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", type=Path, default=REPO)
    main(parser.parse_args().repo.resolve())

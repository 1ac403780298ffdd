"""Helpers shared by the browser tests (tests/browser/): the live server, the phone-sized
Chromium, airplane mode, and steps several tests take (saving a trek or a trip offline).
Fixtures stay in tests/browser/conftest.py, which imports from here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect

from laresapp import config as defaults
from laresapp.core.planning.sun import PERU_TZ
from tests.helpers import REPO, make_config

CHROMIUM = os.environ.get("LARESAPP_CHROMIUM", "/usr/bin/chromium")
HTMX_DIR = REPO / "tests" / "browser" / ".htmx"
HTMX_FILE = HTMX_DIR / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
# The map library (Leaflet, the PMTiles reader, protomaps-leaflet), installed from npm at the
# pinned versions by tests/run.sh, served in place of the CDN like htmx.
MAPLIB_DIR = REPO / "tests" / "browser" / ".maplib"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "has_touch": True}


def npm_install(prefix: Path, *packages: str) -> None:
    """Installs pinned packages from the npm registry (tests/run.sh does it first)."""
    prefix.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), *packages],
        check=True,
        capture_output=True,
    )


def htmx_copy() -> bytes:
    if not HTMX_FILE.exists():
        npm_install(HTMX_DIR, f"htmx.org@{defaults.HTMX_VERSION}")
    return HTMX_FILE.read_bytes()


def maplib_files() -> dict[str, tuple[bytes, str]]:
    """CDN URL → (the npm copy's bytes, content type) for every map library file."""
    modules = MAPLIB_DIR / "node_modules"
    if not all(
        (modules / name / "package.json").exists() for name in ("leaflet", "pmtiles", "protomaps-leaflet")
    ):
        npm_install(
            MAPLIB_DIR,
            f"leaflet@{defaults.LEAFLET_VERSION}",
            f"pmtiles@{defaults.PMTILES_VERSION}",
            f"protomaps-leaflet@{defaults.PROTOMAPS_LEAFLET_VERSION}",
        )
    js = "application/javascript; charset=utf-8"
    return {
        defaults.LEAFLET_URL: ((modules / "leaflet/dist/leaflet.js").read_bytes(), js),
        defaults.LEAFLET_CSS_URL: (
            (modules / "leaflet/dist/leaflet.css").read_bytes(),
            "text/css; charset=utf-8",
        ),
        defaults.PMTILES_URL: ((modules / "pmtiles/dist/pmtiles.js").read_bytes(), js),
        defaults.PROTOMAPS_LEAFLET_URL: (
            (modules / "protomaps-leaflet/dist/protomaps-leaflet.js").read_bytes(),
            js,
        ),
    }


# Contexts a test put in airplane mode (weak: a closed context's id may be reused).
_OFFLINE: weakref.WeakSet[BrowserContext] = weakref.WeakSet()


def maplib_handler(body: bytes, content_type: str, context: BrowserContext) -> Callable[[Route], None]:
    """Answers like the CDN while online; once the test set airplane mode, like no network.
    ``no-store``, so the browser's HTTP cache can never stand in for the service worker's."""

    def handle(route: Route) -> None:
        if context in _OFFLINE:
            route.abort("internetdisconnected")
            return
        route.fulfill(
            status=200,
            body=body,
            headers={
                "Content-Type": content_type,
                "Access-Control-Allow-Origin": "*",
                "Cache-Control": "no-store",
            },
        )

    return handle


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The app in a subprocess on 127.0.0.1; ``stop()`` and ``start()`` keep port and data."""

    def __init__(self, db_path: Path, **config: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = make_config(db_path, **config)
        self.db_path = db_path
        self.proc: subprocess.Popen[str] | None = None
        self.fault_file = db_path.parent / f"fault-{self.port}"

    def fault(self, mode: str) -> None:
        """A bad network in front of the running app: "502" (a failing proxy), "hang" (a
        stalled link) or "" (healthy again). See tests/browser/serve.py."""
        self.fault_file.write_text(mode)

    def start(self) -> None:
        env = {
            **os.environ,
            "LARESAPP_TEST_CONFIG": json.dumps(self.config),
            "LARESAPP_TEST_FAULT_FILE": str(self.fault_file),
        }
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "browser" / "serve.py"), str(self.port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO,
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.strip() == "READY":
                # Keep reading the request log: a full pipe would block the server mid-test.
                threading.Thread(target=self._drain, args=(self.proc.stdout,), daemon=True).start()
                return
            if not line and self.proc.poll() is not None:
                break
        raise RuntimeError(f"test server did not start: {self.proc.stdout.read()}")

    @staticmethod
    def _drain(stream: Any) -> None:
        for _ in stream:
            pass

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


def cdn_handler(body: bytes) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        route.fulfill(
            status=200,
            body=body,
            headers={
                "Content-Type": "application/javascript; charset=utf-8",
                "Access-Control-Allow-Origin": "*",
                "Cache-Control": "public, max-age=31536000",
            },
        )

    return handle


def block_internet(context: BrowserContext, htmx: bytes) -> None:
    """Serve the CDN from the local copy and refuse every other non-local request."""
    context.route(defaults.HTMX_URL, cdn_handler(htmx))
    maplib = maplib_files()
    for url, (body, content_type) in maplib.items():
        context.route(url, maplib_handler(body, content_type, context))
    context.route(
        lambda url: not url.startswith("http://127.0.0.1") and url != defaults.HTMX_URL and url not in maplib,
        lambda route: route.abort("internetdisconnected"),
    )


_UNTIL = """([what, ms]) => new Promise((resolve, reject) => {
  const t0 = Date.now();
  const done = () =>
    what === 'controller' ? Boolean(navigator.serviceWorker.controller) : window[what] !== undefined;
  const tick = () => {
    if (done()) resolve(true);
    else if (Date.now() - t0 > ms) reject(new Error(`${what}: timed out`));
    else setTimeout(tick, 50);
  };
  tick();
})"""


def wait_for_worker(page: Page) -> None:
    """Wait until a service worker controls the page (first visit: after it activates)."""
    # Plain evaluate() with promises, not wait_for_function: its polling evaluates a string,
    # which the app's Content-Security-Policy (no 'unsafe-eval') refuses.
    page.evaluate(_UNTIL, ["laresReady", 30_000])
    page.evaluate("window.laresReady")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.evaluate(_UNTIL, ["controller", 15_000])


def airplane_mode(server: LiveServer, context: BrowserContext) -> None:
    server.stop()
    context.set_offline(True)
    _OFFLINE.add(context)


def copy_static(tmp_path: Path) -> Path:
    dest = tmp_path / "static"
    shutil.copytree(REPO / "static", dest)
    return dest


def persistent_context(pw: Playwright, user_dir: Path, htmx: bytes) -> BrowserContext:
    """A browser profile kept on disk: closing and reopening it is restarting the browser."""
    ctx = pw.chromium.launch_persistent_context(
        str(user_dir),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        service_workers="allow",
        # Playwright's wait_for_function evaluates strings; tests/browser/test_csp.py checks the CSP.
        bypass_csp=True,
        **PHONE,
    )
    block_internet(ctx, htmx)
    return ctx


# ------------------------------------------------------------------ steps several tests take


def save_trek_for_offline(page: Page, server: LiveServer, slug: str) -> dict:  # type: ignore[type-arg]
    page.goto(server.url + "/")
    wait_for_worker(page)
    page.get_by_role("link", name=re.compile(r"Lares hot springs|Kiswarani")).nth(
        0 if slug == "lares-a" else 1
    ).click()
    expect(page).to_have_url(f"{server.url}/treks/{slug}/")
    wait_for_worker(page)
    button = page.get_by_role("button", name="Save this trek for offline")
    expect(button).to_be_enabled()
    button.click()
    status = page.locator("section[data-save-offline] [data-save-status]")
    expect(status).to_contain_text("Ready offline", timeout=30_000)
    manifest = page.evaluate(f"fetch('/treks/{slug}/offline.json').then(r => r.json())")
    assert re.search(rf"{len(manifest['urls'])} pages, \d+ KB", status.inner_text())
    return manifest  # type: ignore[no-any-return]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def create_trip(server: LiveServer) -> str:
    today = datetime.now(PERU_TZ).date().isoformat()
    data = urllib.parse.urlencode(
        {"trek": "lares-a", "start_date": today, "party_name": "Father and son"}
    ).encode()
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(server.url + "/trips", data)
    except urllib.error.HTTPError as exc:
        assert exc.code == 303
        return str(exc.headers["Location"]).split("/")[2]
    raise AssertionError("no redirect")


def save_trip(page: Page, server: LiveServer, token: str) -> None:
    page.goto(f"{server.url}/t/{token}/")
    wait_for_worker(page)
    page.get_by_role("button", name="Save this trip for offline").click()
    expect(page.locator("section[data-save-offline] [data-save-status]")).to_contain_text(
        "Ready offline", timeout=30_000
    )

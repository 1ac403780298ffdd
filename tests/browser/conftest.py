"""Browser tests: Playwright for Python driving Debian's Chromium against a real server.

Airplane mode is the server process stopped *and* the browser context set offline. The
CDN is never contacted: ``context.route`` answers the htmx URL from a copy installed from
the npm registry (tests/run.sh does it; this file does it too if the copy is missing), so
the browser checks Subresource Integrity against the real file.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

from laresapp import config as defaults

from ..conftest import REPO, make_config

CHROMIUM = os.environ.get("LARESAPP_CHROMIUM", "/usr/bin/chromium")
HTMX_DIR = REPO / "tests" / "browser" / ".htmx"
HTMX_FILE = HTMX_DIR / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "has_touch": True}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def htmx_copy() -> bytes:
    if not HTMX_FILE.exists():
        HTMX_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(HTMX_DIR),
             f"htmx.org@{defaults.HTMX_VERSION}"],
            check=True, capture_output=True,
        )
    return HTMX_FILE.read_bytes()


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
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        env = {**os.environ, "LARESAPP_TEST_CONFIG": json.dumps(self.config)}
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "browser" / "serve.py"), str(self.port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.strip() == "READY":
                return
            if not line and self.proc.poll() is not None:
                break
        raise RuntimeError(f"test server did not start: {self.proc.stdout.read()}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run tests/run.sh, which installs Debian's chromium")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def htmx_bytes() -> bytes:
    return htmx_copy()


def cdn_handler(body: bytes) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        route.fulfill(status=200, body=body, headers={
            "Content-Type": "application/javascript; charset=utf-8",
            "Access-Control-Allow-Origin": "*",
            "Cache-Control": "public, max-age=31536000",
        })
    return handle


def block_internet(context: BrowserContext, htmx: bytes) -> None:
    """Serve the CDN from the local copy and refuse every other non-local request."""
    context.route(defaults.HTMX_URL, cdn_handler(htmx))
    context.route(
        lambda url: not url.startswith("http://127.0.0.1") and url != defaults.HTMX_URL,
        lambda route: route.abort("internetdisconnected"),
    )


@pytest.fixture()
def server(db_path: Path) -> Iterator[LiveServer]:
    srv = LiveServer(db_path)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture()
def context(browser: Browser, htmx_bytes: bytes) -> Iterator[BrowserContext]:
    ctx = browser.new_context(service_workers="allow", **PHONE)
    block_internet(ctx, htmx_bytes)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context: BrowserContext) -> Page:
    p = context.new_page()
    p.set_default_timeout(15_000)
    return p


def wait_for_worker(page: Page) -> None:
    """Wait until a service worker controls the page (first visit: after it activates)."""
    page.wait_for_function("window.laresReady !== undefined")
    page.evaluate("window.laresReady")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.wait_for_function("Boolean(navigator.serviceWorker.controller)", timeout=15_000)


def airplane_mode(server: LiveServer, context: BrowserContext) -> None:
    server.stop()
    context.set_offline(True)


def copy_static(tmp_path: Path) -> Path:
    dest = tmp_path / "static"
    shutil.copytree(REPO / "static", dest)
    return dest


def persistent_context(pw: Playwright, user_dir: Path, htmx: bytes) -> BrowserContext:
    """A browser profile kept on disk: closing and reopening it is restarting the browser."""
    ctx = pw.chromium.launch_persistent_context(
        str(user_dir), executable_path=CHROMIUM, args=CHROMIUM_ARGS, service_workers="allow",
        **PHONE,
    )
    block_internet(ctx, htmx)
    return ctx

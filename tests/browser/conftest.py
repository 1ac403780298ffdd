"""Browser tests: Playwright for Python driving Debian's Chromium against a real server.

Airplane mode is the server process stopped *and* the browser context set offline. The
CDN is never contacted: ``context.route`` answers the htmx URL from a copy installed from
the npm registry (tests/run.sh does it; this file does it too if the copy is missing), so
the browser checks Subresource Integrity against the real file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser_helpers import CHROMIUM, CHROMIUM_ARGS, PHONE, LiveServer, block_internet, htmx_copy


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


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


@pytest.fixture()
def server(db_path: Path) -> Iterator[LiveServer]:
    srv = LiveServer(db_path)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture()
def context(browser: Browser, htmx_bytes: bytes) -> Iterator[BrowserContext]:
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the app's CSP
    # (no 'unsafe-eval') refuses; tests/browser/test_csp.py uses a context that keeps the CSP.
    ctx = browser.new_context(service_workers="allow", bypass_csp=True, **PHONE)
    block_internet(ctx, htmx_bytes)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context: BrowserContext) -> Page:
    p = context.new_page()
    p.set_default_timeout(15_000)
    return p

"""Every page, trek and trip, plan, checklist and organiser, under the real
Content-Security-Policy: a single reported violation (an inline script or style, an
``on…=`` handler, a script from an unlisted host) fails the test. The listener is shown
to work first, on a violation made on purpose."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from tests.browser_helpers import PHONE, LiveServer, block_internet, create_trip, wait_for_worker

PASSWORD = "csp test password"
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${where}`);
});
"""


@pytest.fixture()
def strict(browser: Browser, htmx_bytes: bytes) -> Iterator[BrowserContext]:
    """A phone-sized context that keeps the page's CSP (the shared ``context`` bypasses it)."""
    ctx = browser.new_context(service_workers="allow", **PHONE)
    block_internet(ctx, htmx_bytes)
    ctx.add_init_script(LISTEN)
    yield ctx
    ctx.close()


@pytest.fixture()
def csp_server(db_path: Path) -> Iterator[LiveServer]:
    srv = LiveServer(db_path, ORGANISER_PASSWORD=PASSWORD)
    srv.start()
    yield srv
    srv.stop()


class Violations:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.on("console", self._console)

    def _console(self, msg: ConsoleMessage) -> None:
        if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text:
            self.console.append(msg.text)

    def collect(self, where: str) -> list[str]:
        self.page.wait_for_timeout(150)  # violation events are dispatched asynchronously
        found = [f"{where}: {v}" for v in self.page.evaluate("window.__csp || []")]
        found += [f"{where}: {c}" for c in self.console]
        self.console.clear()
        return found


def test_the_listener_sees_a_violation(strict: BrowserContext, csp_server: LiveServer) -> None:
    page = strict.new_page()
    seen = Violations(page)
    page.goto(csp_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
    )
    page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    found = seen.collect("home")
    assert any("script-src" in v for v in found) and any("style-src" in v for v in found), found


def test_no_page_reports_a_csp_violation(strict: BrowserContext, csp_server: LiveServer) -> None:
    token = create_trip(csp_server)
    page = strict.new_page()
    seen = Violations(page)
    found: list[str] = []
    pages = [
        "/",
        "/treks/lares-a/",
        "/treks/lares-a/stages/1",
        "/treks/lares-a/waypoints/huacahuasi",
        "/treks/lares-a/logistics",
        "/treks/lares-a/tips",
        "/treks/lares-a/gear",
        "/treks/lares-a/map",
        "/treks/lares-b/stages/2",
        "/trips/new",
        f"/t/{token}/",
        f"/t/{token}/days/2",
        f"/t/{token}/gear",
        f"/t/{token}/plan",
        f"/t/{token}/checklist",
        f"/t/{token}/ticks/stage:1",
        "/offline",
        "/no/such/page",
        "/organiser/sign-in",
    ]
    for path in pages:
        resp = page.goto(csp_server.url + path)
        assert resp is not None and "frame-ancestors 'none'" in resp.headers.get(
            "content-security-policy", ""
        ), path
        page.wait_for_load_state("load")
        found += seen.collect(path)
    # The map draws under the CSP (Leaflet from the CDN, its styles set from script).
    page.goto(csp_server.url + "/treks/lares-a/map")
    expect(page.locator("[data-map]")).to_have_attribute("data-state", "ready")
    found += seen.collect("map drawn")
    # What a hiker does: a tick through htmx, a note, saving the trip (the service worker).
    page.goto(f"{csp_server.url}/t/{token}/days/1")
    wait_for_worker(page)
    page.locator("form[data-tick] button").first.click()
    expect(page.locator("form[data-tick]").first).to_have_attribute("data-shown-done", "true")
    expect(page.locator("form[data-tick]").first).to_have_attribute("data-pending", "false")
    page.get_by_role("button", name="Save this trip for offline").click()
    expect(page.locator("section[data-save-offline] [data-save-status]")).to_contain_text(
        "Ready offline", timeout=30_000
    )
    found += seen.collect("tick and save")
    # The organiser's pages, signed in.
    page.goto(csp_server.url + "/organiser/sign-in")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(csp_server.url + "/organiser/")
    found += seen.collect("/organiser/")
    page.goto(csp_server.url + "/organiser/contributions")
    expect(page.locator("h1")).to_have_text("Recordings sent by parties")
    found += seen.collect("/organiser/contributions")
    assert found == []

"""htmx comes from a CDN with an integrity hash: a tampered copy is refused, pages still work."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from laresapp import config as defaults
from tests.browser_helpers import PHONE, LiveServer, block_internet, cdn_handler, wait_for_worker


def test_genuine_htmx_loads(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/")
    page.wait_for_function("window.htmx !== undefined")
    assert page.evaluate("htmx.version") == defaults.HTMX_VERSION


def test_tampered_htmx_is_refused_and_pages_still_work(
    browser: Browser, htmx_bytes: bytes, server: LiveServer
) -> None:
    context = browser.new_context(service_workers="allow", **PHONE)
    block_internet(context, htmx_bytes)
    tampered = htmx_bytes.replace(b"htmx", b"HTMX", 1) + b"\n/* changed */"
    context.unroute(defaults.HTMX_URL)
    context.route(defaults.HTMX_URL, cdn_handler(tampered))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server.url + "/")
    wait_for_worker(page)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.htmx") == "undefined"
    assert any("integrity" in e.lower() for e in errors), errors
    # The worker did not keep the tampered copy either.
    cached = page.evaluate(f"caches.match({defaults.HTMX_URL!r}).then(r => Boolean(r))")
    assert cached is False
    # Links still work without htmx.
    page.locator('a[href="/treks/lares-a/"]').first.click()
    expect(page.locator("table.stages tbody tr")).to_have_count(3)
    page.get_by_role("link", name="Day 2", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Day 2:")
    context.close()

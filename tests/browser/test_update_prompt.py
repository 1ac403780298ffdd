"""A changed asset brings a new service worker that waits for the hiker's "reload"."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_helpers import LiveServer, copy_static, wait_for_worker

VERSION_JS = (
    "new Promise(r => { const c = new MessageChannel(); c.port1.onmessage = e => r(e.data);"
    " navigator.serviceWorker.controller.postMessage({type: 'VERSION'}, [c.port2]); })"
)


def test_changed_asset_offers_reload_and_then_serves_new_version(
    page: Page, context: BrowserContext, db_path: Path, tmp_path: Path
) -> None:
    static = copy_static(tmp_path)
    server = LiveServer(db_path, STATIC_FOLDER=str(static))
    server.start()
    try:
        page.goto(server.url + "/treks/lares-a/")
        wait_for_worker(page)
        first_version = page.evaluate(VERSION_JS)
        expect(page.locator("#update-banner")).to_be_hidden()

        css = static / "css" / "app.css"
        css.write_text(css.read_text() + "\nbody { --release-marker: 2; }\n")

        page.reload()
        banner = page.locator("#update-banner")
        expect(banner).to_be_visible(timeout=20_000)
        # Until the hiker accepts, the old worker (and its offline shell) stays in charge.
        assert page.evaluate(VERSION_JS) == first_version
        page.evaluate("window.__before_update = true")
        page.get_by_role("button", name="Reload to update").click()
        page.wait_for_function("window.__before_update === undefined")  # the page reloaded
        wait_for_worker(page)
        new_version = page.evaluate(VERSION_JS)
        assert new_version != first_version
        expect(page.locator("#update-banner")).to_be_hidden()
        # Old shell caches were deleted on activate.
        shells = page.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('shell-')))")
        assert shells == [f"shell-{new_version}"]
        # The new asset is what the phone now has offline.
        server.stop()
        context.set_offline(True)
        page.goto(server.url + "/offline")
        marker = "getComputedStyle(document.body).getPropertyValue('--release-marker').trim()"
        assert page.evaluate(marker) == "2"
    finally:
        server.stop()

"""The installed app opens on the last trip used (issue 12, item 2), online and in airplane mode.

Chromium cannot be made to report an installed app's display mode, so the test stands in for
it: an init script makes ``matchMedia('(display-mode: standalone)')`` match, as it does in an
app launched from the home screen. The launch itself is what a phone does: a new window on
the manifest's ``start_url``, with no referrer.
"""

from __future__ import annotations

import json
import re
import urllib.request

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_helpers import LiveServer, airplane_mode, create_trip, save_trip, wait_for_worker

STANDALONE = """(() => {
  const real = window.matchMedia.bind(window);
  window.matchMedia = (q) => /display-mode:\\s*standalone/.test(q)
    ? { matches: true, media: q, addEventListener() {}, removeEventListener() {},
        addListener() {}, removeListener() {} }
    : real(q);
})();"""


_START: dict[str, str] = {}


def start_url(server: LiveServer) -> str:
    """The site manifest's start URL (read once, while the server runs)."""
    if server.url not in _START:
        with urllib.request.urlopen(f"{server.url}/manifest.webmanifest") as resp:
            _START[server.url] = str(json.load(resp)["start_url"])
    return _START[server.url]


def launch(context: BrowserContext, server: LiveServer) -> Page:
    """What tapping the home-screen icon does: a new window (an empty sessionStorage) on the
    start URL, with no referrer."""
    for old in context.pages:
        old.close()
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(server.url + start_url(server))
    return page


def test_the_installed_app_opens_on_the_last_trip_online_and_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    first = create_trip(server)
    second = create_trip(server)
    save_trip(page, server, first)  # opens the first trip's Today and saves it
    # Not installed (a browser tab): home stays home.
    page = launch(context, server)
    expect(page.locator("h1")).not_to_contain_text("Day")
    assert page.url == server.url + start_url(server)

    context.add_init_script(STANDALONE)
    page = launch(context, server)
    expect(page).to_have_url(f"{server.url}/t/{first}/")
    expect(page.locator("h1")).to_contain_text("Today: Day 1")

    # Opening another trip makes it the one the app opens on.
    page.goto(f"{server.url}/t/{second}/")
    wait_for_worker(page)
    page = launch(context, server)
    expect(page).to_have_url(f"{server.url}/t/{second}/")

    # A tap on the title bar inside the app reaches home, and stays there.
    page.get_by_role("link", name="Lares Trek").first.click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(server.url)}/$"))
    page.wait_for_timeout(500)
    assert page.url == server.url + "/"

    # Airplane mode: the second trip is not saved on this phone, so home stays (it lists
    # what is saved) rather than showing "not saved"...
    airplane_mode(server, context)
    page = launch(context, server)
    expect(page.locator("[data-saved-list]")).to_contain_text("ready offline", ignore_case=True)
    page.wait_for_timeout(500)
    assert page.url == server.url + "/"
    # ... and once the saved first trip was the last one used, the app opens on it, offline.
    page.evaluate(f"localStorage.setItem('lares:lastTrip', '/t/{first}/')")
    page = launch(context, server)
    expect(page).to_have_url(f"{server.url}/t/{first}/")
    expect(page.locator("h1")).to_contain_text("Today: Day 1")
    expect(page.locator("[data-where]")).to_be_visible()


def test_a_last_trip_on_another_site_is_never_followed(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    page.goto(server.url + "/")
    page.evaluate("localStorage.setItem('lares:lastTrip', 'https://example.org/t/x/')")
    context.add_init_script(STANDALONE)
    page = launch(context, server)
    page.wait_for_timeout(500)
    assert page.url == server.url + "/"
    expect(page.locator("h1")).to_be_visible()

"""The trip link opened offline days after saving shows *today's* stage, not the saved day."""

from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import BrowserContext, Page, expect

from laresapp.core.planning.sun import PERU_TZ
from tests.browser_helpers import LiveServer, airplane_mode, create_trip, save_trip


def test_saved_today_page_follows_the_phone_calendar_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    token = create_trip(server)  # starts today (Peru date): today is day 1
    save_trip(page, server, token)
    expect(page.locator("h1")).to_contain_text("Today: Day 1:")

    airplane_mode(server, context)
    tomorrow = datetime.now(PERU_TZ) + timedelta(days=1)
    page.clock.install(time=tomorrow)
    page.goto(f"{server.url}/t/{token}/")
    expect(page).to_have_url(f"{server.url}/t/{token}/days/2")
    expect(page.locator("h1")).to_contain_text("Today: Day 2:")
    expect(page.locator("li.trip-wp").first).to_be_visible()

    # Another day's tab is not labelled as today.
    page.goto(f"{server.url}/t/{token}/days/3")
    expect(page.locator("h1")).to_contain_text("Day 3:")
    expect(page.locator("[data-today-label]")).to_be_hidden()

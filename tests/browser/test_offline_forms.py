"""Forms that need the server, without it: the control says so while the phone is offline,
and a send that fails anyway gets the app's own page from the service worker, with what
was typed still there on the way back."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_helpers import LiveServer, create_trip, save_trip


def test_plan_settings_offline_and_a_failed_send(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    token = create_trip(server)
    save_trip(page, server, token)
    page.goto(f"{server.url}/t/{token}/plan")
    button = page.get_by_role("button", name="Update the plan")
    expect(button).to_be_enabled()
    expect(page.locator(".offline-note")).to_be_hidden()

    # The phone knows it is offline: the button says why it cannot send.
    context.set_offline(True)
    expect(button).to_be_disabled()
    expect(page.locator(".offline-note")).to_contain_text("needs a connection")
    context.set_offline(False)
    expect(button).to_be_enabled()

    # The phone thinks it is online but the server is gone: the worker answers the send.
    server.stop()
    page.locator("#pace_factor").fill("1.3")
    button.click()
    expect(page.locator("h1")).to_have_text("No connection")
    expect(page.locator("main")).to_contain_text("Nothing was sent")
    page.go_back()
    expect(page.locator("#pace_factor")).to_have_value("1.3")


def test_new_trip_form_says_it_needs_a_connection_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    page.goto(f"{server.url}/trips/new")
    page.locator("#trip-party").fill("Two friends")
    context.set_offline(True)
    expect(page.get_by_role("button", name="Create the trip")).to_be_disabled()
    expect(page.locator(".offline-note")).to_be_visible()

"""A saved trip starts on any bad network, not only in airplane mode: with no network at
all, behind a proxy that answers 502 for everything, and on a link that never answers.

In each, the saved Today page opens from the phone, its scripts start (every module it
imports is answered from the phone), "Where am I?" works from GPS, a tick goes into the
outbox rather than out as a plain request, and once the network is good again the tick
reaches the server exactly once.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser_helpers import LiveServer, create_trip, save_trip, wait_for_worker


def db_counts(db_path: Path) -> tuple[int, int]:
    with sqlite3.connect(db_path) as conn:
        ticks = conn.execute("SELECT count(*) FROM tick").fetchone()[0]
        ops = conn.execute("SELECT count(*) FROM applied_op").fetchone()[0]
    return ticks, ops


def go_bad(mode: str, server: LiveServer, context: BrowserContext) -> None:
    if mode == "airplane":
        server.stop()
        context.set_offline(True)
    else:
        server.fault(mode)


def go_good(mode: str, server: LiveServer, context: BrowserContext) -> None:
    if mode == "airplane":
        server.start()
        context.set_offline(False)
    else:
        server.fault("")


def sync_until_sent(page: Page) -> None:
    """Tap "Sync now" until the outbox is empty: a tap during a replay still waiting on the
    bad network joins that replay (which keeps the tick), so the hiker taps again. The
    outbox also retries by itself, and the button hides the moment nothing waits: a tap
    that finds it gone has nothing left to do."""
    count = page.locator("#outbox-count")
    button = page.get_by_role("button", name="Sync now")
    for _ in range(5):
        try:
            button.click(timeout=5_000)
        except PlaywrightTimeoutError:
            expect(button).to_be_hidden(timeout=1_000)
        try:
            expect(count).to_have_text("0", timeout=8_000)
            return
        except AssertionError:
            continue
    expect(count).to_have_text("0")


@pytest.mark.parametrize("mode", ["airplane", "502", "hang"])
def test_saved_trip_starts_and_queues_a_tick_on_a_bad_network(
    mode: str, page: Page, context: BrowserContext, server: LiveServer, db_path: Path
) -> None:
    token = create_trip(server)
    save_trip(page, server, token)
    day1 = page.evaluate("document.querySelector('[data-trip-page]').dataset.day")
    assert day1 == "1"
    start_path = f"/t/{token}/days/1"
    page.goto(server.url + "/offline")  # leave the trip page, as a hiker closes the app

    go_bad(mode, server, context)
    page.goto(server.url + start_path, timeout=30_000)
    expect(page.locator("h1")).to_contain_text("Day 1:")
    # The page's modules started, from the phone: app.js and everything it imports.
    page.wait_for_function("window.laresReady !== undefined", timeout=20_000)
    page.evaluate("window.laresReady")
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")

    # "Where am I?" from GPS alone, with the saved track profile.
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": -13.11427, "longitude": -72.05958, "accuracy": 10})
    where = page.locator("[data-where]").first
    where.get_by_role("button", name="Where am I?").click()
    page.wait_for_function(
        "Number(document.querySelector('[data-where]').dataset.fixCount) >= 1", timeout=20_000
    )
    expect(where.locator("[data-where-status]")).not_to_contain_text("could not")

    form = page.locator('form[data-tick][data-target="stage:1"]')
    form.locator("button").click()
    expect(form).to_have_attribute("data-pending", "true")
    expect(page.locator("#outbox-count")).to_have_text("1")
    assert db_counts(db_path) == (0, 0)

    go_good(mode, server, context)
    sync_until_sent(page)
    expect(form).to_have_attribute("data-pending", "false")
    assert db_counts(db_path) == (1, 1)
    with urllib.request.urlopen(f"{server.url}/t/{token}/state.json") as resp:
        assert json.loads(resp.read())["ticks"]["stage:1"]["done"] is True
    # A forced second replay ("Sync now" is hidden when nothing waits): nothing more is stored.
    page.evaluate("LaresOutbox.flush()")
    assert db_counts(db_path) == (1, 1)
    wait_for_worker(page)

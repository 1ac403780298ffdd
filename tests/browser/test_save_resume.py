""" "Save for offline" on one bar of signal: a save cut off part-way keeps what it got and
finishes from there without fetching any file twice; saving again when nothing changed
costs 304s, not the trek again."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.browser_helpers import LiveServer, wait_for_worker

CUT_AFTER = 8


class Wire:
    """Every request to the app, passed on and counted; after ``cut_after`` successful
    answers (not counting the list), the connection drops: every request fails."""

    def __init__(self, context: BrowserContext, server: LiveServer) -> None:
        self.fetched: Counter[str] = Counter()
        self.body_bytes = 0
        self.statuses: Counter[int] = Counter()
        self.cut_after: int | None = None
        context.route(lambda url: url.startswith(server.url), self.handle)

    def handle(self, route: Route) -> None:
        path = urlsplit(route.request.url).path
        counted = path.startswith("/treks/") or path == "/"
        if counted and self.cut_after is not None and sum(self.fetched.values()) >= self.cut_after:
            route.abort("internetdisconnected")
            return
        response = route.fetch()
        body = response.body()
        if counted and not path.endswith("/offline.json"):
            self.statuses[response.status] += 1
            if response.status == 200:
                self.fetched[path] += 1
        if counted:
            self.body_bytes += len(body)
        route.fulfill(response=response, body=body)


def open_trek(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/treks/lares-a/")
    wait_for_worker(page)


def test_a_cut_off_save_resumes_and_a_resave_costs_almost_nothing(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    open_trek(page, server)
    wire = Wire(context, server)
    manifest = json.loads(
        page.evaluate("fetch('/treks/lares-a/offline.json', {cache: 'no-store'}).then(r => r.text())")
    )
    total = len(manifest["urls"])
    wire.fetched.clear()
    wire.cut_after = CUT_AFTER

    status = page.locator("[data-save-status]")
    page.get_by_role("button", name="Save this trek for offline").click()
    expect(status).to_contain_text(f"Saved {CUT_AFTER} of {total} — tap to finish")
    button = page.get_by_role("button", name="Finish saving")
    expect(button).to_be_enabled()
    assert sum(wire.fetched.values()) == CUT_AFTER
    assert not page.evaluate("localStorage.getItem('lares:saved:lares-a')"), "called saved while incomplete"

    # The phone is put away; later, with signal again, the page says where the save stopped.
    wire.cut_after = None
    page.reload()
    wait_for_worker(page)
    expect(status).to_contain_text(f"Saved {CUT_AFTER} of {total} — tap to finish")
    page.get_by_role("button", name="Finish saving").click()
    expect(status).to_contain_text(f"Ready offline — {total} pages", timeout=30_000)
    listed = {urlsplit(u).path for u in manifest["urls"]}
    twice = [p for p, n in wire.fetched.items() if p in listed and n > 1]
    assert twice == [], f"fetched twice: {twice}"
    assert set(wire.fetched) >= listed, f"never fetched: {listed - set(wire.fetched)}"
    stored = page.evaluate(
        "(c) => caches.open(c).then(k => k.keys()).then(r => r.map(x => new URL(x.url).pathname))",
        manifest["cache"],
    )
    assert listed <= set(stored)

    # Saving again with nothing changed: conditional requests, 304s, almost no bodies.
    wire.fetched.clear()
    wire.statuses.clear()
    wire.body_bytes = 0
    page.reload()
    wait_for_worker(page)
    page.get_by_role("button", name=re.compile("Save again")).click()
    expect(status).to_contain_text("Already up to date", timeout=30_000)
    expect(status).to_contain_text(f"Ready offline — {total} pages")
    # (One more 304 may be the worker revalidating the saved overview the reload showed.)
    assert wire.statuses[200] == 0 and wire.statuses[304] >= total, wire.statuses
    assert wire.body_bytes < 5 * 1024, f"a re-save moved {wire.body_bytes} bytes of bodies"

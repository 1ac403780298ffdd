""" "Save for offline" on one bar of signal: a save cut off part-way keeps what it got and
finishes from there without fetching any file twice; saving again when nothing changed
costs 304s, not the trek again."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Route, expect

from laresapp.treks.stamp import STAMP_TTL_S
from tests.browser_helpers import LiveServer, airplane_mode, save_trek_for_offline, wait_for_worker
from tests.helpers import REPO, recorded_lares_a

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
        try:
            response = route.fetch()
        except Exception:  # the server is stopped (airplane mode): no answer, as on the phone
            route.abort("internetdisconnected")
            return
        body = response.body()
        fresh = route.request.headers.get("x-lares-fresh") == "1"  # asked by the save itself
        if counted and fresh and not path.endswith("/offline.json"):
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

    status = page.locator("section[data-save-offline] [data-save-status]")
    page.get_by_role("button", name="Save this trek for offline").click()
    expect(status).to_contain_text(re.compile(rf"Saved \d+ of {total} — tap to finish"))
    button = page.get_by_role("button", name="Finish saving")
    expect(button).to_be_enabled()
    # (The save asks a few at once, so some answers may still land after the cut.)
    kept = int(re.search(r"Saved (\d+) of", status.inner_text()).group(1))  # type: ignore[union-attr]
    assert CUT_AFTER <= kept < total
    assert sum(wire.fetched.values()) == kept, "what was fetched is what is kept"
    assert not page.evaluate("localStorage.getItem('lares:saved:lares-a')"), "called saved while incomplete"

    # The phone is put away; later, with signal again, the page says where the save stopped.
    wire.cut_after = None
    page.reload()
    wait_for_worker(page)
    expect(status).to_contain_text(f"Saved {kept} of {total} — tap to finish")
    page.get_by_role("button", name="Finish saving").click()
    expect(status).to_contain_text(f"Ready offline — {total} pages", timeout=30_000)
    size = re.search(r"Ready offline — \d+ pages, \d+ KB", status.inner_text()).group(0)  # type: ignore[union-attr]
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
    expect(status).to_contain_text(size)  # the whole copy is counted, not only what moved
    assert wire.statuses[200] == 0 and wire.statuses[304] == total, wire.statuses
    assert wire.body_bytes < 5 * 1024, f"a re-save moved {wire.body_bytes} bytes of bodies"


def replace_with_recording(server: LiveServer, tmp_path: Path) -> None:
    """`flask import-gpx --replace lares-a` on the running server's database."""
    gpx = tmp_path / "lares-a-recorded.gpx"
    gpx.write_bytes(recorded_lares_a())
    script = (
        "import json, os, sys\n"
        "from laresapp import create_app\n"
        "app = create_app(json.loads(os.environ['CFG']))\n"
        "r = app.test_cli_runner().invoke(args=['import-gpx', sys.argv[1], '--replace', 'lares-a'])\n"
        "print(r.output)\n"
        "sys.exit(r.exit_code)\n"
    )
    env = {**os.environ, "CFG": json.dumps(server.config)}
    subprocess.run([sys.executable, "-c", script, str(gpx)], env=env, check=True, cwd=REPO)
    time.sleep(STAMP_TTL_S + 0.2)  # the server process notices within a second


def test_a_newer_version_replaces_only_what_changed_and_never_mixes_versions(
    page: Page, context: BrowserContext, server: LiveServer, tmp_path: Path
) -> None:
    first = save_trek_for_offline(page, server, "lares-a")
    replace_with_recording(server, tmp_path)
    wire = Wire(context, server)
    page.reload()
    wait_for_worker(page)
    # Until the new version is saved whole, the phone keeps showing the old one.
    expect(page.locator(".notice.sketch").first).to_be_visible()
    page.get_by_role("button", name=re.compile("Save again")).click()
    status = page.locator("section[data-save-offline] [data-save-status]")
    expect(status).to_contain_text("pages updated", timeout=30_000)
    total = len(first["urls"])
    expect(status).to_contain_text(f"Ready offline — {total} pages")
    updated = int(re.search(r"(\d+) pages updated", status.inner_text()).group(1))  # type: ignore[union-attr]
    assert 0 < updated < total, "every file was fetched again, or none"
    assert wire.statuses[200] == updated and wire.statuses[304] == total - updated, wire.statuses

    names = page.evaluate("caches.keys()")
    new = json.loads(page.evaluate("fetch('/treks/lares-a/offline.json').then(r => r.text())"))
    assert new["version"] > first["version"]
    assert new["cache"] in names and first["cache"] not in names, names
    saved = page.evaluate(
        """async (c) => { const cache = await caches.open(c); const out = {};
             for (const r of await cache.keys()) {
               out[new URL(r.url).pathname] = (await cache.match(r)).headers.get('ETag');
             }
             return out; }""",
        new["cache"],
    )
    assert {urlsplit(u).path for u in new["urls"]} <= set(saved)
    # Every saved copy is the new version's: its ETag is what the server has now.
    for url in new["urls"]:
        now = page.evaluate(
            "(u) => fetch(u, {headers: {'X-Lares-Fresh': '1'}}).then(r => r.headers.get('ETag'))", url
        )
        assert saved[urlsplit(url).path] == now, url

    airplane_mode(server, context)
    page.goto(server.url + "/treks/lares-a/")
    expect(page.locator(".notice.sketch")).to_have_count(0)

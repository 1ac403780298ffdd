"""Ticks made in airplane mode survive a browser restart, reach the server exactly once,
survive a failing server, and two phones converge on the later change."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from laresapp.core.planning.sun import PERU_TZ
from tests.browser_helpers import (
    PHONE,
    LiveServer,
    airplane_mode,
    block_internet,
    create_trip,
    persistent_context,
    save_trip,
    wait_for_worker,
)


def db_counts(db_path: Path) -> tuple[int, int]:
    with sqlite3.connect(db_path) as conn:
        ticks = conn.execute("SELECT count(*) FROM tick").fetchone()[0]
        ops = conn.execute("SELECT count(*) FROM applied_op").fetchone()[0]
    return ticks, ops


def server_state(server: LiveServer, token: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(f"{server.url}/t/{token}/state.json") as resp:
        return json.loads(resp.read())  # type: ignore[no-any-return]


def tick(page: Page, target: str) -> None:
    page.locator(f'form[data-tick][data-target="{target}"] button').click()


def expect_pending(page: Page, target: str, done: bool = True) -> None:
    form = page.locator(f'form[data-tick][data-target="{target}"]')
    expect(form).to_have_attribute("data-pending", "true")
    expect(form.locator("[data-tick-state]")).to_have_text(
        ("Done" if done else "Not done") + " — waiting to sync"
    )
    expect(form.locator("button")).to_have_attribute("aria-pressed", "true" if done else "false")


def expect_synced(page: Page, target: str, done: bool) -> None:
    form = page.locator(f'form[data-tick][data-target="{target}"]')
    expect(form).to_have_attribute("data-pending", "false")
    expect(form.locator("button")).to_have_attribute("aria-pressed", "true" if done else "false")


THREE = ["stage:1", "wp:huacahuasi", "wp:ipsayjasa-camp"]


def test_offline_ticks_survive_a_restart_and_reach_the_server_once(
    playwright_instance: Playwright,
    htmx_bytes: bytes,
    server: LiveServer,
    db_path: Path,
    tmp_path: Path,
) -> None:
    token = create_trip(server)
    profile = tmp_path / "profile"
    ctx = persistent_context(playwright_instance, profile, htmx_bytes)
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    save_trip(page, server, token)
    manifest_href = page.locator('link[rel="manifest"]').get_attribute("href")
    start_url = page.evaluate(f"fetch({json.dumps(manifest_href)}).then(r => r.json())")["start_url"]
    assert start_url == f"/t/{token}/"

    airplane_mode(server, ctx)
    page.goto(server.url + start_url)  # the installed app's start page, from the cache
    expect(page.locator("h1")).to_contain_text("Day 1:")
    for target in THREE:
        tick(page, target)
        expect_pending(page, target)
    expect(page.locator("#outbox-count")).to_have_text("3")
    ctx.close()  # the browser is closed (the phone could reboot here)

    ctx = persistent_context(playwright_instance, profile, htmx_bytes)
    ctx.set_offline(True)
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    page.goto(server.url + start_url)
    wait_for_worker(page)
    for target in THREE:
        expect_pending(page, target)
    expect(page.locator("#outbox-count")).to_have_text("3")
    sent = page.evaluate("LaresOutbox.listOps()")
    assert db_counts(db_path) == (0, 0)

    server.start()
    ctx.set_offline(False)
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#outbox-count")).to_have_text("0")
    for target in THREE:
        expect_synced(page, target, True)
    assert db_counts(db_path) == (3, 3)
    assert set(server_state(server, token)["ticks"]) == set(THREE)

    # Force a second replay of the very same operations: nothing more is stored.
    report = page.evaluate(
        "async (ops) => { for (const op of ops) await LaresOutbox.addOp(op); return LaresOutbox.flush(); }",
        sent,
    )
    assert report["acked"] == 3 and report["refused"] == 0
    assert db_counts(db_path) == (3, 3)
    ctx.close()


def test_a_failing_server_keeps_the_operations_for_the_next_replay(
    page: Page, context: BrowserContext, server: LiveServer, db_path: Path
) -> None:
    token = create_trip(server)
    page.goto(f"{server.url}/t/{token}/")
    wait_for_worker(page)
    context.set_offline(True)
    tick(page, "stage:1")
    tick(page, "wp:huacahuasi")
    expect(page.locator("#outbox-count")).to_have_text("2")

    calls: list[int] = []

    def fail(route):  # type: ignore[no-untyped-def]
        calls.append(1)
        route.fulfill(status=500, body="boom")

    context.route(re.compile(r".*/ops$"), fail)
    context.set_offline(False)
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#outbox-count")).to_have_text("2")
    page.wait_for_function("() => !document.querySelector('#sync-now').disabled")
    page.evaluate("window.laresSynced")
    assert calls and db_counts(db_path) == (0, 0)
    expect_pending(page, "stage:1")

    # A redirect is not an acknowledgement either.
    context.unroute(re.compile(r".*/ops$"))
    context.route(re.compile(r".*/ops$"), lambda route: route.fulfill(status=302, headers={"Location": "/"}))
    page.evaluate("LaresOutbox.flush()")
    expect(page.locator("#outbox-count")).to_have_text("2")
    assert db_counts(db_path) == (0, 0)

    context.unroute(re.compile(r".*/ops$"))
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#outbox-count")).to_have_text("0")
    expect_synced(page, "stage:1", True)
    assert db_counts(db_path) == (2, 2)


def test_a_refused_operation_is_set_aside_and_shown(
    page: Page, context: BrowserContext, server: LiveServer, db_path: Path
) -> None:
    token = create_trip(server)
    page.goto(f"{server.url}/t/{token}/")
    wait_for_worker(page)
    page.evaluate(
        "(op) => LaresOutbox.addOp(op).then(() => LaresOutbox.flush())",
        {
            "op_id": "7d0c2f0e-4a57-4f8e-9a55-5f0a8c6f3c21",
            "trip": token,
            "kind": "tick",
            "target": "wp:atlantis",
            "done": True,
            "at": datetime.now(PERU_TZ).isoformat(timespec="milliseconds"),
            "label": "Atlantis",
        },
    )
    # Nothing waits now, so there is no sync bar; the refused change is shown on its own.
    page.reload()
    expect(page.locator("#outbox-bar")).to_be_hidden()
    refused = page.locator("#outbox-refused")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text("Tick “Atlantis”")
    expect(refused).to_contain_text("nothing called “wp:atlantis”")
    expect(page.locator("#outbox-count")).to_have_text("0")
    refused.get_by_role("button", name=re.compile("Dismiss")).click()
    expect(refused).to_be_hidden()
    assert db_counts(db_path) == (0, 0)


def test_two_phones_converge_on_the_later_change(
    browser: Browser, htmx_bytes: bytes, server: LiveServer
) -> None:
    token = create_trip(server)
    phones = []
    for _ in range(2):
        ctx = browser.new_context(service_workers="allow", **PHONE)
        block_internet(ctx, htmx_bytes)
        page = ctx.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{server.url}/t/{token}/")
        wait_for_worker(page)
        ctx.set_offline(True)
        phones.append((ctx, page))
    (ctx_a, father), (ctx_b, son) = phones
    target = "wp:huacahuasi"
    tick(father, target)  # done, earlier
    expect_pending(father, target, True)
    son.wait_for_timeout(50)  # a later clock reading on the second phone
    tick(son, target)
    expect_pending(son, target, True)
    tick(son, target)  # not done, latest
    expect_pending(son, target, False)

    for ctx, page in ((ctx_b, son), (ctx_a, father)):
        ctx.set_offline(False)  # back online: the page sends its outbox by itself
        expect(page.locator("#outbox-bar")).to_be_hidden()
        expect(page.locator("#outbox-count")).to_have_text("0")
    # Nothing waits now, so there is no sync bar: opening the trip again pulls the state.
    for page in (father, son):
        expect(page.locator("#outbox-bar")).to_be_hidden()
        page.reload()
    for page in (father, son):
        expect_synced(page, target, False)
        page.reload()
        expect_synced(page, target, False)
    assert server_state(server, token)["ticks"][target]["done"] is False
    for ctx, _ in phones:
        ctx.close()

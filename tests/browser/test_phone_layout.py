"""Every page on a small phone, online and in airplane mode: nothing wider than the screen,
every control big enough for a thumb, no text too small to read in sunlight.

The pages are the ones "Save for offline" keeps (both treks' offline lists and the trip's),
plus the home page and the new-trip form, at 360 × 640 and 390 × 844 CSS px. Screenshots of
Today, a stage, the overview and the checklist go to tests/browser/.shots/ (git-ignored) to
be looked at, never compared pixel by pixel.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import Browser, Page

from tests.browser_helpers import (
    LiveServer,
    airplane_mode,
    block_internet,
    create_trip,
    save_trek_for_offline,
    save_trip,
)
from tests.helpers import REPO

SHOTS = REPO / "tests" / "browser" / ".shots"
SIZES = [(360, 640), (390, 844)]
MIN_TARGET = 44
MIN_TEXT = 12

# One pass over the page in the browser: returns a list of human-readable problems.
CHECK_JS = (
    "(args) => {\n"
    + (REPO / "tests" / "browser" / "phone_checks.js").read_text()
    + "\nreturn phoneChecks(args);\n}"
)


def page_urls(server: LiveServer, token: str) -> list[str]:
    urls = ["/", "/trips/new"]
    for manifest in (
        "/treks/lares-a/offline.json",
        "/treks/lares-b/offline.json",
        f"/t/{token}/offline.json",
    ):
        with urllib.request.urlopen(server.url + manifest) as resp:
            urls += json.loads(resp.read())["urls"]
    pages = [u for u in dict.fromkeys(urls) if not u.endswith(".json") and "/static/" not in u]
    assert len(pages) > 40, pages
    return pages


def check_pages(page: Page, server: LiveServer, urls: list[str], label: str) -> list[str]:
    """Each page loaded once on the smaller screen, checked, then checked again on the larger
    one (a resize, as a phone turned or a bigger phone lays it out: the page's CSS and its
    scripts' layout answer the new width)."""
    problems = []
    for url in urls:
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        resp = page.goto(server.url + url)
        assert resp is not None and resp.ok, (label, url)
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            for p in page.evaluate(CHECK_JS, [MIN_TARGET, MIN_TEXT]):
                problems.append(f"{label} {width}px {url}: {p}")
    return problems


def shoot(page: Page, server: LiveServer, token: str, tag: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for name, url in [
            ("today", f"/t/{token}/"),
            ("stage", "/treks/lares-a/stages/2"),
            ("overview", "/treks/lares-a/"),
            ("checklist", f"/t/{token}/checklist"),
            ("plan", f"/t/{token}/plan"),
            ("home", "/"),
        ]:
            page.goto(server.url + url)
            page.wait_for_load_state("load")
            page.screenshot(path=str(SHOTS / f"{name}-{width}-{tag}.png"), full_page=False)
            page.screenshot(path=str(SHOTS / f"{name}-{width}-{tag}-full.png"), full_page=True)


@pytest.fixture()
def phone(browser: Browser, htmx_bytes: bytes):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(
        service_workers="allow", viewport={"width": 390, "height": 844}, device_scale_factor=1, has_touch=True
    )
    block_internet(ctx, htmx_bytes)
    yield ctx
    ctx.close()


def test_every_page_fits_a_small_phone_online_and_offline(phone, server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone.new_page()
    page.set_default_timeout(60_000)
    token = create_trip(server)
    save_trip(page, server, token)
    save_trek_for_offline(page, server, "lares-b")
    urls = page_urls(server, token)

    problems = check_pages(page, server, urls, "online")
    shoot(page, server, token, "online")

    airplane_mode(server, phone)
    problems += check_pages(page, server, [u for u in urls if u != "/trips/new"], "offline")
    (SHOTS / "problems.txt").write_text("\n".join(problems))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])

"""Today on a 360 × 640 phone in airplane mode: what a hiker needs is on the first screen
(sunset and latest start, tonight's camp, the next place ahead once "Where am I?" runs),
the ahead rows come nearest first without repeats, and sharing works without Web Share."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.test_phone_layout import CHECK_JS
from tests.browser_helpers import LiveServer, airplane_mode, create_trip, save_trip
from tests.helpers import REPO

SHOTS = REPO / "tests" / "browser" / ".shots"

HUACAHUASI = {"latitude": -13.135, "longitude": -72.115, "accuracy": 10}


def bottom(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"] + box["height"])


def test_today_first_screen_offline(page: Page, context: BrowserContext, server: LiveServer) -> None:
    token = create_trip(server)
    save_trip(page, server, token)
    airplane_mode(server, context)
    context.grant_permissions(["geolocation"])
    context.set_geolocation(HUACAHUASI)
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{server.url}/t/{token}/")

    glance = page.locator(".glance")
    expect(glance.locator(".sunline")).to_contain_text("Sunset")
    expect(glance.locator(".sunline")).to_contain_text("start by")
    expect(glance.locator(".campline")).to_contain_text("Ipsayjasa Pass camp, 3,960\u00a0m")
    expect(glance.locator("[data-tick-progress]")).to_have_text("0 of 7")
    expect(page.locator("#outbox-bar")).to_be_hidden()  # nothing waiting: no sync bar
    expect(page.locator(".key-notice")).to_have_count(0)  # the key notice lives on Share
    assert bottom(page, "[data-where-start]") <= 640

    page.locator("[data-where-start]").click()
    rows = page.locator("[data-where-row]:not([hidden])")
    expect(rows.first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "today-gps-360.png"))
    assert bottom(page, ".sunline") <= 640
    assert bottom(page, "[data-where-row]:not([hidden])") <= 640, "the next place is below the first screen"
    # The end of the day against tonight's sunset, at the party's pace (offline, from the page).
    sun = page.locator("[data-where-sunset]")
    expect(sun).to_contain_text(re.compile(r"At the plan's pace \(1\.5× the model\): the end of the day in"))
    expect(sun).to_contain_text(re.compile(r"(before|after) sunset \(\d\d:\d\d\)"))

    # With the rows shown, the page still fits the screen (the same checks as every page).
    # (Targets and text sizes exactly; width: no element past the screen's edge. The page's
    # scrollWidth reads 361 here from sub-pixel layout with no element beyond 360.01 px.)
    problems = page.evaluate(CHECK_JS, [44, 12])
    assert [p for p in problems if not p.startswith("page is 361 px wide on a 360 px screen: ")] == [], (
        problems
    )
    assert page.evaluate(
        "[...document.querySelectorAll('*')].every(e => e.getBoundingClientRect().right <= 360.5)"
    )
    within = "e => e.getBoundingClientRect().right <= e.closest('[data-where]').getBoundingClientRect().right"
    assert all(rows.evaluate_all(f"rs => rs.flatMap(r => [...r.cells].map({within}))"))
    distances = [float(d) for d in rows.evaluate_all("rs => rs.map(r => r.dataset.distanceM)")]
    assert distances == sorted(distances), distances
    labels = rows.evaluate_all("rs => rs.map(r => r.innerText)")
    assert not any("Next camp" in x for x in labels), labels  # the camp is the end of day 1
    assert any("End of day 1" in x and "Ipsayjasa Pass camp" in x for x in labels), labels

    exit_line = page.locator("[data-where-exit]")
    expect(exit_line).to_contain_text("Nearest way out: ")
    expect(exit_line).to_contain_text("Huacahuasi")
    exit_line.get_by_role("link", name="Emergency numbers and ways out").click()
    expect(page.locator("h1")).to_have_text("Emergency")  # saved with the trip, offline
    expect(page.locator(".numbers")).to_contain_text("105")
    expect(page.locator(".notice.check")).to_contain_text("Check before you go")
    page.go_back()

    # A tick counts at once, offline.
    page.locator('form[data-tick][data-target="wp:huacahuasi"] button').click()
    expect(glance.locator("[data-tick-progress]")).to_have_text("1 of 7")
    expect(page.locator("#outbox-bar")).to_be_visible()


def test_share_falls_back_to_copy_without_web_share(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    context.add_init_script("delete Navigator.prototype.share; delete Navigator.prototype.canShare;")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    token = create_trip(server)
    page.goto(f"{server.url}/t/{token}/share?new=1")
    expect(page.locator(".key-notice")).to_contain_text("This link is the key to your trip")
    expect(page.get_by_role("button", name="Share this trip")).to_be_hidden()
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("[data-share-status]")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{server.url}/t/{token}/"


def test_share_uses_the_phones_share_sheet(page: Page, context: BrowserContext, server: LiveServer) -> None:
    context.add_init_script(
        "Navigator.prototype.share = function (d) { window.sharedWith = d; return Promise.resolve(); };"
        "Navigator.prototype.canShare = function () { return true; };"
    )
    token = create_trip(server)
    page.goto(f"{server.url}/t/{token}/share")
    page.get_by_role("button", name="Share this trip").click()
    expect(page.locator("[data-share-status]")).to_have_text("Shared.")
    assert page.evaluate("window.sharedWith.url") == f"{server.url}/t/{token}/"


def test_home_lists_what_is_saved_on_this_phone_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    token = create_trip(server)
    save_trip(page, server, token)
    airplane_mode(server, context)
    page.goto(f"{server.url}/")
    saved = page.locator("[data-saved-list] li")
    expect(saved).to_have_count(1)
    expect(saved.first).to_contain_text("Trip “Father and son”")
    expect(saved.first).to_contain_text("Ready offline")
    # The browser evicts one page: the home page says so instead of promising it.
    page.evaluate(
        f"caches.keys().then(ks => caches.open(ks.find(k => k.startsWith('trip-{token}'))))"
        f".then(c => c.delete('/t/{token}/plan'))"
    )
    page.reload()
    expect(saved.first).to_contain_text("Incomplete: 1 of")
    saved.first.get_by_role("link").click()
    expect(page).to_have_url(f"{server.url}/t/{token}/")
    expect(page.locator("h1")).to_contain_text("Today: Day 1:")


def test_the_profile_reads_out_where_the_finger_is(page: Page, server: LiveServer) -> None:
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{server.url}/treks/lares-a/stages/2")
    chart = page.locator("svg[data-profile-chart]")
    readout = page.locator(".chart-readout")
    expect(readout).to_have_text("Touch the profile to read it.")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.6)
    expect(readout).to_have_text(
        re.compile(r"^km \d+\.\d · [\d,]+\s?m · .+(Pass|camp|Lake|lake|stream|Stream|view)")
    )
    km = float(readout.inner_text().split()[1])
    assert 12.9 < km < 29.0  # day 2 runs from km 12.9 to km 29.0

""" "Where am I?" on a sketch trek: the straight line to each place leads, the along-track
figures follow as estimates; on a recorded trek the rows are as they always were.

The trip's Today page is used offline (saved, server stopped), since that is where a hiker
looks on the trail; the expected bearings come from the Python twin
(``initial_bearing_deg``) on the positions in the very profile.json the phone saved.
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, expect

from laresapp.core.track.snap import initial_bearing_deg
from tests.browser.test_where import Phone, mark_recorded, point_at
from tests.browser_helpers import LiveServer, airplane_mode, create_trip, save_trip

STRAIGHT = re.compile(r"^[\d.]+\s(k?m) away, bearing \d{1,3}° \((N|S|E|W|NE|NW|SE|SW)\)$")


def profile(server: LiveServer) -> dict[str, Any]:
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        return json.load(resp)  # type: ignore[no-any-return]


def top(loc: Locator) -> float:
    box = loc.bounding_box()
    assert box is not None
    return box["y"]


def font_px(loc: Locator) -> float:
    return float(loc.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def label(loc: Locator) -> str:
    return str(loc.evaluate("e => getComputedStyle(e, '::before').content"))


def test_on_a_sketch_today_leads_with_the_straight_line_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    data = profile(server)
    assert data["data_quality"] == "sketch"
    token = create_trip(server)  # starts today: Today is day 1
    save_trip(page, server, token)
    airplane_mode(server, context)
    page.goto(f"{server.url}/t/{token}/")
    expect(page.locator("h1")).to_contain_text("Day 1")
    context.grant_permissions(["geolocation"])
    phone = Phone(page, context, data, 1)
    s = phone.stage
    here = point_at(phone.profile, s.start_m + 0.4 * (s.end_m - s.start_m))
    context.set_geolocation({"latitude": here[0], "longitude": here[1], "accuracy": 10})
    page.get_by_role("button", name="Where am I?").click()
    expect(phone.root).to_have_attribute("data-state", "fresh")

    rows = phone.root.locator("tr[data-where-row]:visible")
    assert rows.count() >= 2
    places = {w["slug"]: w for w in data["waypoints"]}
    by_name = {w["name"]: w for w in data["waypoints"]}
    for k in range(rows.count()):
        tr = rows.nth(k)
        straight = tr.locator('[data-field="straight"]')
        along = tr.locator('[data-field="distance"]')
        expect(straight).to_be_visible()
        expect(straight).to_have_text(STRAIGHT)
        # First on the screen and bigger: the straight line leads, the estimate follows.
        assert top(straight) < top(along), tr.inner_text()
        assert font_px(straight) > font_px(along)
        expect(along).to_have_text(re.compile(r"^≈\s[\d.]+\s(k?m)$"))
        # The bearing is the great circle from the fix to the place the row names.
        name = (
            tr.locator('[data-field="name"]').inner_text() or tr.locator('[data-field="label"]').inner_text()
        )
        wp = by_name.get(name) or next((w for w in places.values() if w["name"] in tr.inner_text()), None)
        assert wp is not None, tr.inner_text()
        want = initial_bearing_deg(here[0], here[1], wp["lat"], wp["lon"])
        got = float(tr.get_attribute("data-bearing-deg") or "nan")
        assert abs((got - want + 180) % 360 - 180) <= 0.5, (name, got, want)
        assert f"bearing {round(want) % 360}°" in straight.inner_text()
    expect(phone.root.locator(".where-estimates")).to_contain_text("estimates along the sketched line")
    # The progress along the day is an along-track estimate too: it follows the rows.
    assert top(phone.root.locator("[data-where-progress]")) > top(rows.last)
    # The nearest way out says the straight line before the along-track estimate.
    exit_text = phone.root.locator("[data-where-exit]").inner_text()
    assert re.search(
        r"^Nearest way out: .+, [\d.]+\sk?m away, bearing \d+° \(\w+\); "
        r"≈\s[\d.]+\sk?m (back|ahead) along the estimated line, ≈",
        exit_text,
    ), exit_text


def test_on_a_recorded_trek_the_rows_are_unchanged(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    mark_recorded(server, "lares-a")
    data = profile(server)
    assert data["data_quality"] == "recorded"
    page.goto(f"{server.url}/treks/lares-a/stages/1")
    context.grant_permissions(["geolocation"])
    phone = Phone(page, context, data, 1)
    s = phone.stage
    here = point_at(phone.profile, s.start_m + 0.4 * (s.end_m - s.start_m))
    context.set_geolocation({"latitude": here[0], "longitude": here[1], "accuracy": 10})
    page.get_by_role("button", name="Where am I?").click()
    expect(phone.root).to_have_attribute("data-state", "fresh")
    rows = phone.root.locator("tr[data-where-row]:visible")
    assert rows.count() >= 2
    expect(phone.root.locator('[data-field="straight"]')).to_have_count(0)
    expect(phone.root.locator(".where-estimates")).to_have_count(0)
    assert top(phone.root.locator("[data-where-progress]")) < top(rows.first)
    for k in range(rows.count()):
        along = rows.nth(k).locator('[data-field="distance"]')
        expect(along).to_have_text(re.compile(r"^[\d.]+\s(k?m)$"))  # no "≈": a recording is not an estimate
        assert "Distance" in label(along)
    expect(phone.root.locator("[data-where-exit]")).not_to_contain_text("bearing")

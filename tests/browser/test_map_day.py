"""The day's map on a stage page, offline: loaded only when the hiker scrolls to it, opened on
a junction from the junction's own page, and places too close to tap apart sharing a marker."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import BrowserContext, Page, expect

from laresapp import config as defaults
from tests.browser_helpers import LiveServer, airplane_mode, save_trek_for_offline


def saved_and_offline(page: Page, context: BrowserContext, server: LiveServer) -> dict[str, dict]:  # type: ignore[type-arg]
    """Trek A saved on the phone, then airplane mode; its places by slug, read beforehand."""
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        wps = {w["slug"]: w for w in json.loads(resp.read())["waypoints"]}
    save_trek_for_offline(page, server, "lares-a")
    airplane_mode(server, context)
    return wps


def test_the_day_map_loads_its_library_only_when_scrolled_to(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    saved_and_offline(page, context, server)
    asked: list[str] = []
    page.on("request", lambda req: asked.append(req.url))
    page.goto(f"{server.url}/treks/lares-a/stages/2")
    root = page.locator("[data-map]")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    # The stage's text is there at once; the map's 140 KB library is not fetched yet.
    expect(page.get_by_role("heading", name="On the way")).to_be_visible()
    assert defaults.LEAFLET_URL not in asked
    expect(root).to_have_attribute("data-state", "loading")
    root.scroll_into_view_if_needed()
    expect(root).to_have_attribute("data-state", "ready")
    assert defaults.LEAFLET_URL in asked
    assert page.evaluate("typeof window.L") == "object"
    assert int(root.get_attribute("data-line-days") or "0") >= 2


def test_a_junction_link_opens_the_day_map_on_the_junction_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    wps = saved_and_offline(page, context, server)
    page.goto(f"{server.url}/treks/lares-a/waypoints/ipsayjasa-junction")
    page.locator("[data-advice-map]").get_by_role("link", name="Day 2 map").click()
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-state", "ready")
    expect(root).to_have_attribute("data-linked-place", "ipsayjasa-junction")
    expect(root).to_be_in_viewport()
    # Zoomed in on the junction (not the whole day), its marker on screen, its popup open
    # (which pans the map a little to fit the popup).
    assert page.evaluate("() => document.querySelector('[data-map]').laresMap.getZoom()") >= 15
    junction = wps["ipsayjasa-junction"]
    canvas = page.locator("[data-map-canvas]").bounding_box()
    mark = page.locator('.leaflet-marker-icon[data-wp="ipsayjasa-junction"]').bounding_box()
    assert canvas and mark
    assert canvas["x"] <= mark["x"] and mark["x"] + mark["width"] <= canvas["x"] + canvas["width"]
    assert canvas["y"] <= mark["y"] and mark["y"] + mark["height"] <= canvas["y"] + canvas["height"]
    popup = page.locator(".map-popup")
    expect(popup.locator(".map-popup-name")).to_have_text(junction["name"])

    # An unknown or mangled place in the address: the day's map, whole and working.
    for bad in ["map-at-no-such-place", "map-at-%E0%A4%A"]:
        page.goto(f"{server.url}/treks/lares-a/stages/2#{bad}")
        page.reload()
        root.scroll_into_view_if_needed()
        expect(root).to_have_attribute("data-state", "ready")
        assert root.get_attribute("data-linked-place") is None
        expect(root.locator("[data-map-controls]")).to_be_visible()


def test_places_too_close_to_tap_apart_share_one_marker(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    wps = saved_and_offline(page, context, server)
    page.goto(f"{server.url}/treks/lares-a/map")
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-state", "ready")
    # Zoomed out on the whole trek, the junction and its camp are a few pixels apart.
    shown = page.locator(".leaflet-marker-icon[data-wp]:not(.map-wp-crowded)")
    boxes = [b for b in (shown.nth(i).bounding_box() for i in range(shown.count())) if b]
    for i, a in enumerate(boxes):  # no two visible targets overlap
        for b in boxes[i + 1 :]:
            apart = abs(a["x"] - b["x"]) >= a["width"] or abs(a["y"] - b["y"]) >= a["height"]
            assert apart, (a, b)
    assert page.locator(".leaflet-marker-icon.map-wp-crowded").count() > 0
    # The junction keeps its marker and says what else is there; its popup links the camp.
    junction = page.locator('.leaflet-marker-icon[data-wp="ipsayjasa-junction"]')
    expect(junction).to_be_visible()
    expect(junction.locator(".map-wp-more")).to_have_text("+1")
    expect(page.locator('.leaflet-marker-icon[data-wp="ipsayjasa-camp"]')).to_be_hidden()
    junction.locator(".map-wp-sym").click()
    camp = page.locator(".map-popup-others").get_by_role(
        "link", name=wps["ipsayjasa-camp"]["name"], exact=False
    )
    expect(camp).to_be_visible()
    box = camp.bounding_box()
    assert box is not None and box["height"] >= 44
    # Zoomed right in, they come apart: both have their own marker again.
    page.evaluate(
        "([lat, lon]) => document.querySelector('[data-map]').laresMap"
        ".setView([lat, lon], 18, {animate: false})",
        [wps["ipsayjasa-camp"]["lat"], wps["ipsayjasa-camp"]["lon"]],
    )
    expect(page.locator('.leaflet-marker-icon[data-wp="ipsayjasa-camp"]')).to_be_visible()

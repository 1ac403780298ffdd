"""The map in airplane mode: trek A saved, server stopped, GPS mocked.

Expected screen positions come from our own Web Mercator arithmetic (not Leaflet's), and
expected bearings from the spherical formula worked out here, so the page is checked
against numbers it did not produce.
"""

from __future__ import annotations

import json
import math
import re
import urllib.request

from playwright.sync_api import BrowserContext, Page, Route, expect

from laresapp import config as defaults
from tests.browser_helpers import LiveServer, airplane_mode, save_trek_for_offline

COMPASS = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"]


def mercator(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """World pixel coordinates (256-px tiles), by the slippy-map tile formula."""
    n = 256 * 2**zoom
    phi = math.radians(lat)
    return n * (lon + 180) / 360, n * (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360


def angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def turn_of(style: str) -> float:
    """The angle in an element's ``transform: rotate(Ndeg)``."""
    return float(style.split("rotate(")[1].split("deg")[0])


def profile(server: LiveServer) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        return json.loads(resp.read())  # type: ignore[no-any-return]


def junction(data: dict) -> dict:  # type: ignore[type-arg]
    return next(w for w in data["waypoints"] if w["slug"] == "ipsayjasa-junction")


def test_map_offline_draws_line_waypoints_you_and_the_way(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    data = profile(server)
    names = [w["name"] for w in data["waypoints"]]
    assert len(names) >= 15
    save_trek_for_offline(page, server, "lares-a")
    airplane_mode(server, context)

    page.goto(f"{server.url}/treks/lares-a/")
    page.get_by_role("link", name="Map", exact=True).click()
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-state", "ready")
    # The line: one coloured, dashed (sketch) path per day, and every waypoint with its name.
    lines = page.locator("path.map-line")
    expect(lines).to_have_count(3)
    for i in range(3):
        assert lines.nth(i).get_attribute("stroke-dasharray"), "a sketch's line is dashed"
        box = lines.nth(i).bounding_box()
        assert box is not None and box["width"] * box["height"] > 100
    expect(page.locator(".leaflet-marker-icon[data-wp]")).to_have_count(len(names))
    shown = page.locator(".map-wp-name").all_inner_texts()
    assert sorted(shown) == sorted(names)
    expect(page.locator(".leaflet-control-scale-line")).to_be_visible()
    expect(page.get_by_role("img", name="North is up")).to_be_visible()
    expect(page.locator("[data-map]").get_by_text("≈ approximate line")).to_be_visible()

    # You: a mocked fix near the junction; the marker sits where Web Mercator puts it.
    target = junction(data)
    here = (target["lat"] + 0.0041, target["lon"] + 0.0052)  # about 720 m north-east of it
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": here[0], "longitude": here[1], "accuracy": 15})
    page.get_by_role("button", name="Centre on me").click()
    expect(root).to_have_attribute("data-fix-count", "1")
    page.wait_for_timeout(500)  # the map pans to you
    view = page.evaluate(
        "() => { const m = document.querySelector('[data-map]').laresMap; const c = m.getCenter();"
        " return {lat: c.lat, lon: c.lng, zoom: m.getZoom()}; }"
    )
    canvas = page.locator("[data-map-canvas]").bounding_box()
    me = page.locator(".map-me-dot").bounding_box()
    assert canvas is not None and me is not None
    cx, cy = mercator(view["lat"], view["lon"], view["zoom"])
    px, py = mercator(here[0], here[1], view["zoom"])
    want_x = canvas["x"] + 2 + canvas["width"] / 2 - 2 + (px - cx)  # 2-px border on each side
    want_y = canvas["y"] + 2 + canvas["height"] / 2 - 2 + (py - cy)
    assert abs(me["x"] + me["width"] / 2 - want_x) < 3
    assert abs(me["y"] + me["height"] / 2 - want_y) < 3
    assert page.locator(".map-accuracy").count() == 1

    # Tap the junction: its name, km, elevation, a link, and the way to it from you.
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(400)
    page.locator('.leaflet-marker-icon[data-wp="ipsayjasa-junction"] .map-wp-sym').click()
    popup = page.locator(".map-popup")
    expect(popup).to_contain_text(target["name"])
    expect(popup).to_contain_text(f"km {target['along_m'] / 1000:.1f}")
    expect(popup).to_contain_text(f"{round(target['elevation_m']):,} m")
    want = bearing(here[0], here[1], target["lat"], target["lon"])
    text = popup.locator("[data-popup-way]").inner_text()
    deg = int(text.split("bearing ")[1].split("°")[0])
    assert angle_diff(deg, want) <= 1, (text, want)
    assert COMPASS[round(want / 45) % 8] in text
    link = popup.get_by_role("link", name="Open this place")
    expect(link).to_have_attribute("href", "/treks/lares-a/waypoints/ipsayjasa-junction")
    page.wait_for_timeout(400)  # the popup pans into view first
    link.click()
    expect(page.locator("h1")).to_have_text(target["name"], timeout=15_000)


def test_waypoint_page_gives_bearing_and_distance_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    target = junction(profile(server))
    save_trek_for_offline(page, server, "lares-a")
    airplane_mode(server, context)
    here = (target["lat"] + 0.006, target["lon"] + 0.008)  # north-east of the junction, about 1 km
    # Location, and the motion sensors Chromium's DeviceOrientationEvent.requestPermission() asks for.
    context.grant_permissions(["geolocation", "accelerometer", "gyroscope", "magnetometer"])
    context.set_geolocation({"latitude": here[0], "longitude": here[1], "accuracy": 12})
    page.goto(f"{server.url}/treks/lares-a/waypoints/ipsayjasa-junction")
    page.get_by_role("button", name="Which way is it?").click()
    section = page.locator("[data-bearing]")
    expect(section.locator("[data-bearing-text]")).to_contain_text("away, bearing")
    want = bearing(here[0], here[1], target["lat"], target["lon"])
    got = float(section.get_attribute("data-bearing-deg") or "nan")
    assert angle_diff(got, want) <= 1
    text = section.locator("[data-bearing-text]").inner_text()
    assert f"bearing {round(want) % 360}°" in text and f"({COMPASS[round(want / 45) % 8]})" in text
    km = float(re.split(r"\s", text.split("It is ")[1])[0])  # "1.1\u00a0km": a no-break space
    dist = 6371008.8 * math.acos(
        math.sin(math.radians(here[0])) * math.sin(math.radians(target["lat"]))
        + math.cos(math.radians(here[0]))
        * math.cos(math.radians(target["lat"]))
        * math.cos(math.radians(target["lon"] - here[1]))
    )
    assert abs(km - dist / 1000) <= 0.051
    # Headless Chromium has no compass (its one reading is empty): the arrow is north-up.
    arrow = section.locator("[data-bearing-arrow]")
    assert arrow.get_attribute("data-mode") == "north-up"
    assert angle_diff(turn_of(arrow.get_attribute("style") or ""), want) <= 1
    # A compass reading (the phone's top facing west: alpha 90 anticlockwise) turns it by the heading.
    # A real compass reads many times a second, and so does this one: the listener is
    # attached once the sensor permission resolves, and Chromium's own empty first reading
    # may come after ours (a single reading of ours could then be undone before the checks).
    page.evaluate(
        "() => { const type = 'ondeviceorientationabsolute' in window ? 'deviceorientationabsolute'"
        " : 'deviceorientation'; window.__compass = setInterval(() => window.dispatchEvent("
        "new DeviceOrientationEvent(type, {alpha: 90, beta: 0, gamma: 0, absolute: true})), 50); }"
    )
    page.wait_for_timeout(500)
    expect(arrow).to_have_attribute("data-mode", "compass")
    assert angle_diff(turn_of(arrow.get_attribute("style") or ""), (want - 270) % 360) <= 1
    expect(section.locator("[data-bearing-mode]")).to_contain_text("turns with the phone")
    page.evaluate("() => clearInterval(window.__compass)")


def test_tampered_map_library_is_refused_and_the_places_stay_listed(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    original = urllib.request.urlopen  # noqa: F841 - nothing fetched from the internet here

    def tampered(route: Route) -> None:
        route.fulfill(
            status=200,
            body=b"window.L = {tampered: true};",
            headers={"Content-Type": "application/javascript", "Access-Control-Allow-Origin": "*"},
        )

    context.route(defaults.LEAFLET_URL, tampered)
    page.goto(f"{server.url}/treks/lares-a/map")
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-state", "no-library")
    expect(root.locator("[data-map-status]")).to_contain_text("could not be loaded")
    assert page.evaluate("typeof window.L") == "undefined", "SRI refused the changed file"
    items = root.locator("[data-map-list] li.wp")
    assert items.count() == len(profile(server)["waypoints"])
    expect(items.first.locator(".wp-name")).to_be_visible()


def test_where_am_i_on_a_sketch_gives_straight_lines_beside_along_track(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    data = profile(server)
    target = junction(data)
    stream = next(w for w in data["waypoints"] if w["slug"] == "stream-above-huacahuasi")
    here = (stream["lat"] + 0.0003, stream["lon"])
    save_trek_for_offline(page, server, "lares-a")
    airplane_mode(server, context)
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": here[0], "longitude": here[1], "accuracy": 10})
    page.goto(f"{server.url}/treks/lares-a/stages/1")
    page.get_by_role("button", name="Where am I?").click()
    row = page.locator('[data-where-row="junction"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text(target["name"])
    cell = row.locator('[data-field="straight"]')
    expect(cell).to_contain_text(" away, bearing ")
    want = bearing(here[0], here[1], target["lat"], target["lon"])
    assert angle_diff(float(row.get_attribute("data-bearing-deg") or "nan"), want) <= 1
    # The along-track distance is still there, and differs from the straight line.
    along = float(row.get_attribute("data-distance-m") or "nan")
    straight = float(row.get_attribute("data-straight-m") or "nan")
    assert along > straight > 0

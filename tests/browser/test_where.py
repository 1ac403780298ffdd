""" "Where am I?" in airplane mode: trek A saved, server stopped, GPS mocked along the track.

The expected numbers come from the Python twin (``where_am_i`` on the very profile.json
the phone downloaded), so this checks the whole chain — the saved JSON, where.js, the
stage scoping and the page — against the server's own arithmetic.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import urllib.request
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from laresapp.core.track.profile import Profile
from laresapp.core.track.snap import initial_bearing_deg, snap_to_track
from laresapp.core.track.timing import walking_time_s
from laresapp.core.track.where import PlacedStage
from tests.browser_helpers import LiveServer, airplane_mode, save_trek_for_offline
from tests.core.oracles import NoFixError, profile_from_compact, where_am_i

K = 6371008.8 * math.pi / 180
COMPASS = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"]


def point_at(profile: Profile, along_m: float) -> tuple[float, float]:
    d = profile.distance_m
    i = max(k for k in range(len(d) - 1) if d[k] <= along_m)
    t = (along_m - d[i]) / (d[i + 1] - d[i])
    return (
        profile.lat_deg[i] + t * (profile.lat_deg[i + 1] - profile.lat_deg[i]),
        profile.lon_deg[i] + t * (profile.lon_deg[i + 1] - profile.lon_deg[i]),
    )


def offset_point(profile: Profile, along_m: float, metres: float) -> tuple[float, float]:
    """A point ``metres`` to the left of the track's direction at ``along_m``."""
    a = point_at(profile, along_m - 30)
    b = point_at(profile, along_m + 30)
    lat, lon = point_at(profile, along_m)
    kx = K * math.cos(math.radians(lat))
    dx, dy = (b[1] - a[1]) * kx, (b[0] - a[0]) * K
    n = math.hypot(dx, dy)
    return lat + (dx / n) * metres / K, lon + (-dy / n) * metres / kx


def clear_side(profile: Profile, start_m: float) -> tuple[float, float]:
    """An along-track spot and side (±1) where a point 500 m off is 500 m from all the track
    (the sketch line meanders, so not every spot qualifies)."""
    for k in range(200):
        along = start_m + 50 * k
        for side in (1.0, -1.0):
            if all(
                480 < snap_to_track(profile, *offset_point(profile, along + dd, 500 * side)).offset_m < 520
                for dd in (0, 20, 30)
            ):
                return along, side
    raise AssertionError("no stretch of track with open ground 500 m to one side")


def within(actual: float, expected: float, rel: float = 0.01, floor: float = 1.0) -> bool:
    return abs(actual - expected) <= max(rel * abs(expected), floor)


class Phone:
    """The widget on a page, and the Python expectation for each fix it gets."""

    def __init__(self, page: Page, context: BrowserContext, data: dict[str, Any], stage_no: int):
        self.page, self.context = page, context
        self.profile, self.wps, stages = profile_from_compact(data)
        self.stage: PlacedStage = next(s for s in stages if s.number == stage_no)
        self.stages = stages
        self.root = page.locator("section[data-where]")
        self.fixes = 0
        self.hint: float | None = None

    def fix(self, lat: float, lon: float, accuracy: float = 10.0) -> Any:
        self.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": accuracy})
        self.fixes += 1
        self.page.wait_for_function(
            f"Number(document.querySelector('[data-where]').dataset.fixCount) >= {self.fixes}"
        )
        try:
            r = where_am_i(self.profile, self.wps, self.stages, lat, lon, accuracy, hint_along_m=self.hint)
        except NoFixError:
            return None  # the phone keeps its last hint too
        self.hint = r.along_m
        return r

    def row(self, kind: str) -> dict[str, Any]:
        tr = self.root.locator(f'tr[data-where-row="{kind}"]')
        expect(tr).to_be_visible()
        return {
            "distance_m": float(tr.get_attribute("data-distance-m") or "nan"),
            "ascent_m": float(tr.get_attribute("data-ascent-m") or "nan"),
            "time_s": float(tr.get_attribute("data-time-s") or "nan"),
            "text": tr.inner_text(),
            "distance_text": tr.locator('[data-field="distance"]').inner_text(),
        }


def test_where_am_i_offline_along_trek_a(page: Page, context: BrowserContext, server: LiveServer) -> None:
    save_trek_for_offline(page, server, "lares-a")
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        data = json.load(resp)
    airplane_mode(server, context)

    page.goto(f"{server.url}/treks/lares-a/stages/2")
    expect(page.locator("h1")).to_contain_text("Day 2")
    context.grant_permissions(["geolocation"])
    phone = Phone(page, context, data, 2)
    junction = next(w for w in phone.wps if w.slug == "ipsayjasa-junction")
    assert junction.type == "junction" and junction.advice and "LEFT" in junction.advice
    s = phone.stage
    lat, lon = point_at(phone.profile, s.start_m + 1000)
    context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 10})
    page.get_by_role("button", name="Where am I?").click()
    expect(phone.root.locator("[data-where-status]")).not_to_have_text("")

    chart = phone.root.locator("svg[data-profile-chart]")
    x0, x1 = (float(chart.get_attribute(a) or "nan") for a in ("data-plot-x0", "data-plot-x1"))
    marker = chart.locator("[data-where-marker]")

    # Several points along the track: the junction ahead, mid-climb, past the pass, near camp.
    for along in (junction.along_m - 280, s.start_m + 3000, s.start_m + 8000, s.end_m - 1500):
        r = phone.fix(*point_at(phone.profile, along))
        expect(phone.root).to_have_attribute("data-state", "fresh")
        assert within(float(phone.root.get_attribute("data-along-m") or "nan"), r.along_m)
        for a in r.ahead:
            if a.kind == "stage_end":
                continue
            if a.kind != "junction" and abs(a.distance_m - (s.end_m - r.along_m)) <= 25:
                # The day ends at this place: one row, "End of day 2", named after it.
                expect(phone.root.locator(f'tr[data-where-row="{a.kind}"]')).to_be_hidden()
                assert a.name in phone.row("stage_end")["text"]
                continue
            shown = phone.row(a.kind)
            assert within(shown["distance_m"], a.distance_m), (a.kind, shown, a)
            assert a.ascent_m is not None and within(shown["ascent_m"], a.ascent_m), (a.kind, shown)
            assert within(shown["time_s"], a.time_s, floor=5), (a.kind, shown, a)
            assert a.name in shown["text"]
        # "End of day 2" is this page's stage end, whatever the position.
        end = phone.row("stage_end")
        assert within(end["distance_m"], s.end_m - r.along_m)
        assert within(end["time_s"], walking_time_s(phone.profile, r.along_m, s.end_m), floor=5)
        assert "End of day 2" in end["text"]
        km = float(re.search(r"([\d.]+)\s*km", end["distance_text"]).group(1))  # type: ignore[union-attr]
        assert abs(km - (s.end_m - r.along_m) / 1000) <= 0.051
        # The marker sits on the chart at the right fraction of the day.
        expect(marker).to_have_attribute("visibility", "visible")
        frac = (r.along_m - s.start_m) / (s.end_m - s.start_m)
        assert within(float(marker.get_attribute("data-x") or "nan"), x0 + frac * (x1 - x0), floor=0.5)
        advice = phone.root.locator("[data-where-advice]")
        if along < junction.along_m:
            expect(advice).to_be_visible()
            expect(advice).to_contain_text("LEFT")
            expect(advice).to_have_text(re.compile(r"^In ≈\s\d+\sm: Keep LEFT"))  # a sketch: an estimate
            assert advice.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 22
        else:
            expect(advice).to_be_hidden()
        expect(phone.root.locator("[data-where-fix]")).to_contain_text("accurate to ±10 m")
        expect(phone.root.locator("[data-where-progress]")).to_contain_text("Day 2:")

    # 500 m off a sketch's line is inside its stated uncertainty: no alarm, however many fixes.
    alert = phone.root.locator("[data-where-offroute]")
    along, side = clear_side(phone.profile, s.start_m + 9000)
    for k in range(3):
        phone.fix(*offset_point(phone.profile, along + 10 * k, 500 * side))
    expect(alert).to_be_hidden()

    # Far from the trek: no numbers at all.
    phone.fix(-13.5, -71.9)
    expect(phone.root.locator("[data-where-status]")).to_contain_text("not near this trek")
    expect(phone.root.locator("[data-where-result]")).to_be_hidden()
    expect(marker).to_be_hidden()

    # A fix too rough to use: waiting, and the old numbers are not refreshed.
    assert phone.fix(*point_at(phone.profile, along), accuracy=2000) is None
    expect(phone.root.locator("[data-where-status]")).to_contain_text("too rough")
    expect(phone.root.locator("[data-where-result]")).to_be_hidden()

    page.get_by_role("button", name="Stop GPS").click()
    expect(page.get_by_role("button", name="Where am I?")).to_be_visible()


def test_denied_location_is_explained(page: Page, context: BrowserContext, server: LiveServer) -> None:
    page.goto(f"{server.url}/treks/lares-a/stages/1")
    context.clear_permissions()
    page.get_by_role("button", name="Where am I?").click()
    status = page.locator("[data-where-status]")
    expect(status).to_contain_text("Location is not allowed")
    expect(status).to_contain_text("allow location")
    expect(page.locator("section[data-where]")).to_have_attribute("data-state", "denied")
    expect(page.locator("tr[data-where-row]:visible")).to_have_count(0)


def mark_recorded(server: LiveServer, slug: str) -> None:
    """The same line, stored as a recorded track (as after an organiser's GPX replace)."""
    server.stop()
    with sqlite3.connect(server.db_path) as db:
        db.execute("UPDATE trek SET data_quality = 'recorded' WHERE slug = ?", (slug,))
    server.start()


def test_off_route_is_an_alarm_on_a_recording_and_calm_words_on_a_sketch(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    context.grant_permissions(["geolocation"])
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        data = json.load(resp)

    # The sketch: 3.5 km off (past its stated 3 km) is said calmly, never as the red alarm.
    page.goto(f"{server.url}/treks/lares-a/stages/2")
    phone = Phone(page, context, data, 2)
    alert = phone.root.locator("[data-where-offroute]")
    s = phone.stage
    along = s.start_m + 3000
    context.set_geolocation(dict(zip(("latitude", "longitude"), point_at(phone.profile, along), strict=True)))
    page.get_by_role("button", name="Where am I?").click()
    far = next(
        pt
        for k in range(100)
        for sd in (1.0, -1.0)
        for dist in (3500, 4000, 4500)
        if 3200
        < snap_to_track(
            phone.profile, *(pt := offset_point(phone.profile, along + 100 * k, dist * sd))
        ).offset_m
        < 4800
    )
    phone.fix(*far)
    phone.fix(*far)
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("data-kind", "sketch")
    expect(alert).to_contain_text("from the estimated line")
    expect(alert).not_to_contain_text("off the route")
    assert alert.get_attribute("role") == "status"

    # The same line as a recording: 500 m off raises the alarm after a second fix.
    mark_recorded(server, "lares-a")
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        data = json.load(resp)
    assert data["data_quality"] == "recorded"
    page.goto(f"{server.url}/treks/lares-a/stages/2")
    phone = Phone(page, context, data, 2)
    alert = phone.root.locator("[data-where-offroute]")
    context.set_geolocation(dict(zip(("latitude", "longitude"), point_at(phone.profile, along), strict=True)))
    page.get_by_role("button", name="Where am I?").click()
    # 500 m off the track: one fix is only a verdict; the alarm needs a second.
    along, side = clear_side(phone.profile, s.start_m + 9000)
    phone.fix(*point_at(phone.profile, along))
    off = phone.fix(*offset_point(phone.profile, along, 500 * side))
    assert off.off_route and 450 < off.offset_m < 550
    expect(alert).to_be_hidden()
    phone.fix(*point_at(phone.profile, along + 10))  # back on track: the outlier is forgotten
    expect(alert).to_be_hidden()
    phone.fix(*offset_point(phone.profile, along + 20, 500 * side))
    expect(alert).to_be_hidden()
    lat, lon = offset_point(phone.profile, along + 30, 500 * side)
    second = phone.fix(lat, lon)
    expect(alert).to_be_visible()
    bearing = initial_bearing_deg(lat, lon, *point_at(phone.profile, second.along_m))
    word = COMPASS[round(bearing / 45) % 8]
    expect(alert).to_have_text(
        re.compile(rf"^You are about (4[5-9]0|5[0-4]0)\sm off the route — the track is to the {word}\.$")
    )

    expect(alert).to_have_attribute("data-kind", "route")

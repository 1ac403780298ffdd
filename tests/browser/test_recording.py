"""Record my walk, in airplane mode: a fake GPS walks 2 km of trek A with noise at exactly
1.5 × the model's time; the recording survives closing and reopening the browser, sums to
the distance walked, measures the pace, exports valid GPX 1.1 and finds the way back to
the route."""

from __future__ import annotations

import json
import math
import random
import re
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any

import xmlschema
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from laresapp import create_app
from laresapp.core.track.geometry import haversine_m, initial_bearing_deg
from laresapp.core.track.profile import Profile
from laresapp.core.track.snap import snap_to_track
from laresapp.core.track.timing import tobler_speed_m_s
from tests.browser_helpers import (
    LiveServer,
    airplane_mode,
    create_trip,
    persistent_context,
    save_trek_for_offline,
    save_trip,
    wait_for_worker,
)
from tests.core.oracles import profile_from_compact
from tests.helpers import make_config, xsd_or_fail

K = 6371008.8 * math.pi / 180

# A stand-in for navigator.geolocation that the test drives: window.__gps.push(fix) hands a
# position, with the time the test chooses, to every watcher. Installed before any script.
FAKE_GPS = """
(() => {
  const watchers = new Map();
  let next = 1;
  const geo = {
    watchPosition(ok) { const id = next++; watchers.set(id, ok); return id; },
    clearWatch(id) { watchers.delete(id); },
    getCurrentPosition(ok) { ok(window.__gps.last); },
  };
  Object.defineProperty(navigator, 'geolocation', { value: geo, configurable: true });
  window.__gps = {
    last: null,
    watching: () => watchers.size,
    push(f) {
      const pos = { timestamp: f.t, coords: { latitude: f.lat, longitude: f.lon, accuracy: f.acc,
        altitude: f.ele, altitudeAccuracy: null, heading: null, speed: null } };
      window.__gps.last = pos;
      for (const ok of watchers.values()) ok(pos);
    },
  };
})();
"""


def point_at(profile: Profile, along_m: float) -> tuple[float, float, float]:
    d = profile.distance_m
    i = max(k for k in range(len(d) - 1) if d[k] <= along_m)
    t = (along_m - d[i]) / (d[i + 1] - d[i])
    ele = profile.elevation_m
    assert ele is not None
    return (
        profile.lat_deg[i] + t * (profile.lat_deg[i + 1] - profile.lat_deg[i]),
        profile.lon_deg[i] + t * (profile.lon_deg[i + 1] - profile.lon_deg[i]),
        ele[i] + t * (ele[i + 1] - ele[i]),
    )


def walk(
    profile: Profile, start_m: float, metres: float, t0_ms: int, step_m: float = 12.0
) -> tuple[list[dict[str, Any]], float]:
    """Fixes every ``step_m`` along the line at 1.5 × Tobler, ±2 m of noise; and the true length."""
    rng = random.Random(7)
    fixes: list[dict[str, Any]] = []
    t = float(t0_ms)
    prev = point_at(profile, start_m)
    true_m = 0.0
    for k in range(int(metres / step_m) + 1):
        lat, lon, ele = point_at(profile, min(start_m + step_m * k, profile.length_m))
        step = haversine_m(prev[0], prev[1], lat, lon)
        if k:
            t += 1000 * 1.5 * step / tobler_speed_m_s((ele - prev[2]) / step)
        true_m += step
        prev = (lat, lon, ele)
        kx = K * math.cos(math.radians(lat))
        fixes.append(
            {
                "t": round(t),
                "lat": lat + rng.gauss(0, 2) / K,
                "lon": lon + rng.gauss(0, 2) / kx,
                "acc": 8,
                "ele": ele,
            }
        )
    return fixes, true_m


def recorder(page: Page) -> Any:
    return page.locator("section[data-record]")


def test_a_recorded_walk_survives_a_browser_restart_offline(
    playwright_instance: Playwright, server: LiveServer, tmp_path: Path, htmx_bytes: bytes
) -> None:
    profile_dir = tmp_path / "phone"
    ctx = persistent_context(playwright_instance, profile_dir, htmx_bytes)
    ctx.add_init_script(FAKE_GPS)
    page = ctx.new_page()
    save_trek_for_offline(page, server, "lares-a")
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        profile, _wps, stages = profile_from_compact(json.load(resp))
    airplane_mode(server, ctx)

    page.goto(f"{server.url}/treks/lares-a/stages/1")
    wait_for_worker(page)
    rec = recorder(page)
    expect(rec).to_have_attribute("data-recording", "off")
    rec.get_by_role("button", name="Start recording").click()
    expect(rec).to_have_attribute("data-recording", "on")
    page.wait_for_function("window.__gps.watching() > 0")

    now_ms = int(page.evaluate("Date.now()"))
    # An hour ago, but never before midnight on the trail's calendar: "walked today" is a day.
    day_ms = 86_400_000
    peru_midnight = (now_ms - 5 * 3_600_000) // day_ms * day_ms + 5 * 3_600_000
    start = stages[0].start_m + 500
    first, true_first = walk(profile, start, 1000, max(now_ms - 3_600_000, peru_midnight + 60_000))
    page.evaluate("fixes => fixes.forEach((f) => window.__gps.push(f))", first)
    expect(rec).to_have_attribute("data-pending", "0")
    expect(rec.locator("[data-record-status]")).to_contain_text("Recording")
    kept_before = int(rec.get_attribute("data-fixes") or "0")
    assert kept_before > 50

    # The browser is closed mid-walk and opened again, still in airplane mode.
    ctx.close()
    ctx = persistent_context(playwright_instance, profile_dir, htmx_bytes)
    ctx.add_init_script(FAKE_GPS)
    ctx.set_offline(True)
    page = ctx.new_page()
    page.goto(f"{server.url}/treks/lares-a/stages/1")
    rec = recorder(page)
    expect(rec).to_have_attribute("data-fixes", str(kept_before))
    expect(rec).to_have_attribute("data-recording", "on")  # it resumes by itself
    page.wait_for_function("window.__gps.watching() > 0")
    second, true_second = walk(profile, start + 1000, 1000, first[-1]["t"] + 20 * 60 * 1000)
    page.evaluate("fixes => fixes.forEach((f) => window.__gps.push(f))", second[1:])
    expect(rec).to_have_attribute("data-pending", "0")
    expect(rec).not_to_have_attribute("data-fixes", str(kept_before))

    # 2 km walked in two pieces (the 20 minutes closed are a gap, not a line).
    walked = float(rec.get_attribute("data-walked-m") or "nan")
    expected = true_first + true_second
    assert abs(walked - expected) <= 0.03 * expected, (walked, expected)
    expect(rec.locator("[data-record-walked]")).to_contain_text("Walked today: 2.0 km")
    expect(rec.locator("[data-record-walked]")).to_contain_text("2 pieces")
    pace = float(rec.get_attribute("data-pace") or "nan")
    assert abs(pace - 1.5) <= 0.1, pace

    # The GPX comes from the phone, offline, and is valid GPX 1.1 with the gap kept.
    rec.get_by_role("button", name="Pause recording").click()
    with page.expect_download() as dl:
        rec.get_by_role("button", name="Download my recording (GPX)").click()
    path = dl.value.path()
    xmlschema.XMLSchema(str(xsd_or_fail())).validate(str(path))
    text = Path(path).read_text(encoding="utf-8")
    assert text.count("<trkseg>") == 2
    assert text.count("<trkpt ") == int(rec.get_attribute("data-fixes") or "0")
    ctx.close()


def test_back_to_the_route_points_at_the_last_place_on_it(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    context.add_init_script(FAKE_GPS)
    page.goto(f"{server.url}/treks/lares-a/stages/1")
    wait_for_worker(page)
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        profile, _wps, stages = profile_from_compact(json.load(resp))
    rec = recorder(page)
    rec.get_by_role("button", name="Start recording").click()
    page.wait_for_function("window.__gps.watching() > 0")
    now_ms = int(page.evaluate("Date.now()"))
    on_line, _ = walk(profile, stages[0].start_m + 200, 300, now_ms - 600_000)
    last = on_line[-1]
    # Then straight east, away from the line, 4 km (past the sketch's 3 km uncertainty).
    kx = K * math.cos(math.radians(last["lat"]))
    away = [
        {**last, "t": last["t"] + 10_000 * k, "lon": last["lon"] + 25 * k / kx, "lat": last["lat"]}
        for k in range(1, 161)
    ]
    page.evaluate("fixes => fixes.forEach((f) => window.__gps.push(f))", on_line + away)
    back = rec.locator("[data-record-back]")
    expect(back).to_be_visible()
    expect(back).to_contain_text("Back to the route")
    # The oracle: the last fix within the sketch's stated 3 km of the line.
    fixes = on_line + away
    near = [f for f in fixes if snap_to_track(profile, f["lat"], f["lon"]).offset_m <= 3000][-1]
    want_m = haversine_m(fixes[-1]["lat"], fixes[-1]["lon"], near["lat"], near["lon"])
    want_deg = initial_bearing_deg(fixes[-1]["lat"], fixes[-1]["lon"], near["lat"], near["lon"])
    assert want_m > 500
    assert abs(float(back.get_attribute("data-distance-m") or "nan") - want_m) < 1
    assert abs(float(back.get_attribute("data-bearing") or "nan") - want_deg) < 0.5
    expect(back).to_contain_text("west")  # back the way they came


def test_a_recording_sent_offline_reaches_the_organiser_once_and_improves_the_route(
    page: Page, context: BrowserContext, db_path: Path
) -> None:
    server = LiveServer(db_path, ORGANISER_PASSWORD="pw")
    server.start()
    try:
        context.add_init_script(FAKE_GPS)
        token = create_trip(server)
        save_trip(page, server, token)
        with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
            profile, _wps, stages = profile_from_compact(json.load(resp))
        airplane_mode(server, context)

        page.goto(f"{server.url}/t/{token}/")
        rec = recorder(page)
        rec.get_by_role("button", name="Start recording").click()
        page.wait_for_function("window.__gps.watching() > 0")
        now_ms = int(page.evaluate("Date.now()"))
        # The whole trek, a fix every 60 m: a recording that can replace the sketch.
        fixes, _ = walk(profile, 0.0, profile.length_m, now_ms - 12 * 3_600_000, step_m=60.0)
        page.evaluate("fixes => fixes.forEach((f) => window.__gps.push(f))", fixes)
        expect(rec).to_have_attribute("data-pending", "0")
        rec.get_by_role("button", name="Pause recording").click()

        # A waypoint ticked on the way is in the GPX, as a waypoint with the time of the tick.
        tick = page.locator('form[data-tick][data-target^="wp:"]').first
        place = tick.get_attribute("data-label") or ""
        tick.locator("button").click()
        expect(tick).to_have_attribute("data-pending", "true")
        with page.expect_download() as dl:
            rec.get_by_role("button", name="Download my recording (GPX)").click()
        gpx = Path(dl.value.path()).read_text(encoding="utf-8")
        assert gpx.count("<wpt ") == 1 and f"<name>{place}</name>" in gpx, place

        send = rec.locator("[data-record-send]")
        send.locator("summary").click()
        rec.get_by_label("Leave out the last (km)").fill("0.2")
        preview = rec.locator("[data-record-preview]")
        expect(preview).to_contain_text("Will send")
        points = int(preview.inner_text().split("Will send ")[1].split(" ")[0])
        assert points < int(rec.get_attribute("data-fixes") or "0")
        rec.get_by_role("button", name="Send it").click()
        expect(preview).to_contain_text("Queued")
        expect(page.locator("#outbox-count")).to_have_text("2")  # the tick and the recording

        # Signal again: sent once; a second tap on the same points adds nothing.
        server.start()
        context.set_offline(False)
        sync = page.get_by_role("button", name="Sync now")
        if sync.is_visible():  # the page may have replayed on "online" already
            sync.click()
        expect(page.locator("#outbox-count")).to_have_text("0")
        rec.get_by_role("button", name="Send it").click()  # queued again, and sent at once
        expect(preview).to_contain_text("already queued or sent")
        page.evaluate("LaresOutbox.flush()")
        expect(page.locator("#outbox-count")).to_have_text("0")
        with sqlite3.connect(db_path) as db:
            rows = db.execute("SELECT fix_count, status FROM contribution").fetchall()
        assert rows == [(points, "new")]

        # The plan takes the measured pace back in one tap (walked at 1.5 × the model).
        page.goto(f"{server.url}/t/{token}/plan")
        page.get_by_label("Pace factor", exact=False).fill("1")
        page.get_by_role("button", name="Update the plan").click()
        expect(page.locator(".settings-now")).to_contain_text("Pace 1×")
        offer = page.get_by_role("button", name=re.compile(r"Use my measured pace: 1\.[456]\d×"))
        offer.click()
        expect(page.locator(".settings-now")).to_contain_text(re.compile(r"Pace 1\.[456]\d?×"))
        server.stop()

        # The organiser applies it: the trek becomes recorded, its junction advice kept.
        app = create_app(make_config(db_path, ORGANISER_PASSWORD="pw"))
        client = app.test_client()
        client.post("/organiser/sign-in", data={"password": "pw", "next": "/organiser/"})
        html = client.get("/organiser/contributions").get_data(as_text=True)
        cid = html.split('data-contribution="')[1].split('"')[0]
        assert client.post(f"/organiser/contributions/{cid}/apply").status_code == 303
        with sqlite3.connect(db_path) as db:
            assert db.execute("SELECT data_quality FROM trek WHERE slug = 'lares-a'").fetchone() == (
                "recorded",
            )
            assert db.execute("SELECT count(*) FROM waypoint WHERE advice LIKE '%LEFT%'").fetchone()[0] >= 1

        # The phone that saved the trip is told a better line exists.
        server.start()
        page.goto(f"{server.url}/t/{token}/")
        expect(page.locator("section[data-save-offline] [data-save-status]").first).to_contain_text(
            "A newer version"
        )
    finally:
        server.stop()


def test_the_recording_shows_on_the_map_as_a_breadcrumb_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    context.add_init_script(FAKE_GPS)
    save_trek_for_offline(page, server, "lares-a")
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        profile, _wps, stages = profile_from_compact(json.load(resp))
    airplane_mode(server, context)

    page.goto(f"{server.url}/treks/lares-a/map")
    canvas = page.locator("[data-map-canvas]")
    expect(page.locator("section[data-map]")).to_have_attribute("data-state", "ready")
    rec = recorder(page)
    rec.get_by_role("button", name="Start recording").click()
    page.wait_for_function("window.__gps.watching() > 0")
    now_ms = int(page.evaluate("Date.now()"))
    fixes, _ = walk(profile, stages[0].start_m + 300, 800, now_ms - 1_800_000)
    page.evaluate("fixes => fixes.forEach((f) => window.__gps.push(f))", fixes)
    expect(rec).to_have_attribute("data-pending", "0")
    kept = rec.get_attribute("data-fixes")
    expect(canvas).to_have_attribute("data-crumb-fixes", kept or "")
    assert canvas.locator("path.map-crumb").count() == 1

    # Opened again (the recording still on): the breadcrumb comes back from the phone.
    page.reload()
    expect(page.locator("section[data-map]")).to_have_attribute("data-state", "ready")
    expect(canvas).to_have_attribute("data-crumb-fixes", kept or "")
    crumb = canvas.locator("path.map-crumb").first
    box = crumb.bounding_box()
    assert box is not None and box["width"] + box["height"] > 20  # drawn, not a dot

    # Walking away from the line: the way back is drawn to the last place on it.
    page.wait_for_function("window.__gps.watching() > 0")
    last = fixes[-1]
    kx = K * math.cos(math.radians(last["lat"]))
    away = [
        {**last, "t": last["t"] + 10_000 * k, "lon": last["lon"] + 25 * k / kx, "lat": last["lat"]}
        for k in range(1, 161)
    ]
    page.evaluate("fixes => fixes.forEach((f) => window.__gps.push(f))", away)
    expect(canvas.locator("path.map-back")).to_have_count(1)
    expect(rec.locator("[data-record-back]")).to_be_visible()

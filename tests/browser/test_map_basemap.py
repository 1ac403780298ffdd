"""An organiser's base map, saved as one file and drawn under the line in airplane mode; a
damaged saved copy loses only the base map."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from laresapp import create_app
from laresapp.extensions import db
from laresapp.maps import basemap
from laresapp.treks.models import Trek
from tests.browser.test_csp import LISTEN, Violations
from tests.browser_helpers import PHONE, LiveServer, airplane_mode, block_internet, save_trek_for_offline
from tests.helpers import make_config
from tests.maps.archive import ATTRIBUTION, TREK_A_BOUNDS, write_archive, write_vector_archive

MAGENTA = [255, 0, 255]


def serve_with_basemap(db_path: Path, tmp_path: Path, archive: Path) -> LiveServer:
    folder = tmp_path / "basemaps"
    app = create_app(make_config(db_path, BASEMAP_FOLDER=str(folder)))
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        with archive.open("rb") as f:
            basemap.store(trek, f)
        db.engine.dispose()
    srv = LiveServer(db_path, BASEMAP_FOLDER=str(folder), BASEMAP_ASK_BYTES=100)
    srv.start()
    return srv


@pytest.fixture()
def map_server(db_path: Path, tmp_path: Path) -> Iterator[LiveServer]:
    srv = serve_with_basemap(db_path, tmp_path, write_archive(tmp_path / "corridor.pmtiles", TREK_A_BOUNDS))
    yield srv
    srv.stop()


@pytest.fixture()
def vector_server(db_path: Path, tmp_path: Path) -> Iterator[LiveServer]:
    srv = serve_with_basemap(db_path, tmp_path, write_vector_archive(tmp_path / "v.pmtiles", TREK_A_BOUNDS))
    yield srv
    srv.stop()


def save_basemap(page: Page) -> None:
    section = page.locator("[data-basemap-save]")
    expect(section).to_contain_text(" KB")  # the size, shown before saving
    section.get_by_role("button", name="Save the base map").click()
    # Larger than BASEMAP_ASK_BYTES (100 bytes here): it asks first.
    section.get_by_role("button", name="Yes, save").click()
    expect(section.locator("[data-basemap-status]")).to_contain_text("Saved on this phone")


TILE_COLOUR = """() => {
  const img = [...document.querySelectorAll('.map-base img')]
    .find((i) => i.complete && i.naturalWidth === 256);
  if (!img) return null;
  const c = document.createElement('canvas'); c.width = 256; c.height = 256;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  return [...g.getImageData(128, 128, 1, 1).data.slice(0, 3)];
}"""

UNDER_THE_LINE = """() => {
  // For points along each day's line: is there a loaded base-map tile under it, in a pane
  // drawn below the line's? (Leaflet's panes are stacked by z-index: tiles 200, lines 400.)
  const z = (sel) => Number(getComputedStyle(document.querySelector(sel)).zIndex);
  // Raster tiles are <img>, vector ones <canvas>: Leaflet marks both loaded once drawn.
  const tiles = [...document.querySelectorAll('.map-base .leaflet-tile-loaded')];
  let covered = 0, total = 0;
  for (const line of document.querySelectorAll('path.map-line')) {
    for (let f = 0.05; f < 1; f += 0.1) {
      const p = line.getPointAtLength(line.getTotalLength() * f);
      const pt = line.ownerSVGElement.createSVGPoint();
      pt.x = p.x; pt.y = p.y;
      const s = pt.matrixTransform(line.getScreenCTM());
      total += 1;
      if (tiles.some((t) => { const r = t.getBoundingClientRect();
        return s.x >= r.left && s.x <= r.right && s.y >= r.top && s.y <= r.bottom; })) covered += 1;
    }
  }
  return {covered, total, tilePane: z('.leaflet-tile-pane'), linePane: z('.leaflet-overlay-pane'),
    lineInOverlay: !!document.querySelector('.leaflet-overlay-pane path.map-line'),
    tileInTilePane: !!document.querySelector('.leaflet-tile-pane .map-base .leaflet-tile-loaded')};
}"""


def open_saved_map_offline(page: Page, context: BrowserContext, server: LiveServer, tiles: str) -> None:
    """Saves trek A and its base map (one Cache entry), goes into airplane mode, taps "Map" and
    waits for the base map's tiles (the CSS selector `tiles`) to be drawn."""
    save_trek_for_offline(page, server, "lares-a")
    save_basemap(page)
    entries = page.evaluate(
        "caches.open('basemap-lares-a').then((c) => c.keys()).then((k) => k.map((r) => r.url))"
    )
    archives = [u for u in entries if ".pmtiles" in u]
    assert len(archives) == 1, "one file, not one entry per range"
    # Beside it, the base map's own code, which the app shell leaves out.
    assert sorted(u.split("/static/")[1].split("?")[0] for u in entries if u not in archives) == sorted(
        basemap.CODE
    )
    airplane_mode(server, context)
    page.goto(f"{server.url}/treks/lares-a/")
    page.get_by_role("link", name="Map", exact=True).click()
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-state", "ready")
    expect(root).to_have_attribute("data-basemap", "saved")
    page.wait_for_function("(sel) => document.querySelectorAll(sel).length > 0", arg=tiles)
    page.wait_for_timeout(500)


def assert_tiles_under_the_line(page: Page) -> None:
    """On the line's middle the line is on top; beside it, the base map's tile."""
    under = page.evaluate(UNDER_THE_LINE)
    assert under["covered"] == under["total"] == 30, under
    assert under["lineInOverlay"] and under["tileInTilePane"] and under["tilePane"] < under["linePane"], under


def test_base_map_is_saved_whole_and_drawn_under_the_line_offline(
    page: Page, context: BrowserContext, map_server: LiveServer
) -> None:
    open_saved_map_offline(page, context, map_server, ".map-base img[src^='blob:']")
    assert page.evaluate(TILE_COLOUR) == MAGENTA
    assert_tiles_under_the_line(page)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(ATTRIBUTION)
    expect(page.locator(".leaflet-marker-icon[data-wp]").first).to_be_visible()


def test_a_base_map_not_saved_is_said_and_its_code_was_never_downloaded(
    page: Page, context: BrowserContext, map_server: LiveServer
) -> None:
    """The trek has a base map but this phone saved only the trek: the app shell left out the
    base map's code, so offline the map says the base map is not saved and draws the rest."""
    save_trek_for_offline(page, map_server, "lares-a")
    kept = page.evaluate(
        "caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))"
        ".then((all) => all.flat().map((r) => r.url))"
    )
    assert not [u for u in kept if any(name in u for name in basemap.CODE)], kept
    airplane_mode(map_server, context)
    page.goto(f"{map_server.url}/treks/lares-a/map")
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-basemap", "not-saved")
    expect(root.locator("[data-map-status]")).to_contain_text("base map is not saved on this phone")
    expect(page.locator("path.map-line")).to_have_count(3)
    assert page.locator(".leaflet-marker-icon[data-wp]").count() >= 15


def test_a_damaged_saved_base_map_leaves_line_places_and_you(
    page: Page, context: BrowserContext, map_server: LiveServer
) -> None:
    save_trek_for_offline(page, map_server, "lares-a")
    save_basemap(page)
    # The phone's copy is cut short (a storage fault, an interrupted write).
    page.evaluate(
        """async () => {
          const cache = await caches.open('basemap-lares-a');
          const req = (await cache.keys()).find((r) => r.url.includes('.pmtiles'));
          const whole = await (await cache.match(req)).arrayBuffer();
          await cache.put(req, new Response(whole.slice(0, 60)));
        }"""
    )
    airplane_mode(map_server, context)
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": -13.2, "longitude": -72.16, "accuracy": 20})
    page.goto(f"{map_server.url}/treks/lares-a/map")
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-basemap", "unreadable")
    expect(root.locator("[data-map-status]")).to_contain_text("base map could not be read")
    expect(page.locator("path.map-line")).to_have_count(3)
    assert page.locator(".leaflet-marker-icon[data-wp]").count() >= 15
    page.get_by_role("button", name="Centre on me").click()
    expect(page.locator(".map-me-dot")).to_be_visible()
    # Far from the trek, the map says so rather than showing a dot in the void.
    context.set_geolocation({"latitude": -13.5, "longitude": -71.9, "accuracy": 20})
    expect(root.locator("[data-map-status]")).to_contain_text("km from this trek's line")


# static/js/map-style.js: the lake's fill and the road's colour.
WATER = [0x3F, 0x8F, 0xD2]
VECTOR_TILES = """() => {
  // The drawn vector tiles (canvases): each one's centre colour, and whether the road (dark
  // grey) was drawn anywhere on one.
  const tiles = [...document.querySelectorAll('.map-base canvas.leaflet-tile-loaded')];
  const px = (c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const centre = (c) => [...c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data]
    .slice(0, 3);
  const dark = (d) => { for (let i = 0; i < d.length; i += 4) {
    if (d[i] === 0x20 && d[i + 1] === 0x20 && d[i + 2] === 0x20) return true; } return false; };
  return {count: tiles.length, centres: tiles.map(centre), road: tiles.some((c) => dark(px(c)))};
}"""


def test_vector_base_map_is_drawn_with_our_style_under_the_line_offline(
    page: Page, context: BrowserContext, vector_server: LiveServer
) -> None:
    open_saved_map_offline(page, context, vector_server, ".map-base canvas.leaflet-tile-loaded")
    drawn = page.evaluate(VECTOR_TILES)
    assert drawn["count"] > 0 and all(c == WATER for c in drawn["centres"]), drawn["centres"]
    assert drawn["road"], "the road layer is drawn too"
    assert_tiles_under_the_line(page)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(ATTRIBUTION)
    expect(page.locator(".leaflet-marker-icon[data-wp]").first).to_be_visible()
    expect(page.locator("path.map-line")).to_have_count(3)


def test_a_base_map_the_browser_deleted_is_reported_and_offered_again(
    page: Page, context: BrowserContext, map_server: LiveServer
) -> None:
    save_trek_for_offline(page, map_server, "lares-a")
    save_basemap(page)
    # The browser evicts the base map's cache (storage pressure); the trek's pages stay.
    assert page.evaluate("caches.delete('basemap-lares-a')")
    airplane_mode(map_server, context)

    page.goto(f"{map_server.url}/")
    banner = page.locator("#evicted-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("removed the base map of Lares A from this phone")
    expect(banner).not_to_contain_text("removed part of your saved")  # the pages are all there

    page.goto(f"{map_server.url}/treks/lares-a/map")
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-basemap", "evicted")
    expect(root.locator("[data-map-status]")).to_contain_text("base map is no longer on this phone")
    again = root.get_by_role("link", name="Save the base map again")
    expect(again).to_be_visible()
    expect(page.locator("path.map-line")).to_have_count(3)  # the line and places stay
    assert page.locator(".leaflet-marker-icon[data-wp]").count() >= 15

    # Back with signal, the link leads to the saving section, which says why and saves again.
    map_server.start()
    context.set_offline(False)
    again.click()
    section = page.locator("[data-basemap-save]")
    expect(section.locator("[data-basemap-status]")).to_contain_text("browser removed this base map")
    save_basemap(page)
    page.goto(f"{map_server.url}/")
    expect(page.locator("#evicted-banner")).to_be_hidden()


def test_a_vector_base_map_draws_under_the_real_csp(
    browser: Browser, htmx_bytes: bytes, vector_server: LiveServer
) -> None:
    """protomaps-leaflet from the CDN, the style module and the canvas tiles: no CSP violation."""
    strict = browser.new_context(service_workers="allow", **PHONE)  # keeps the page's CSP
    block_internet(strict, htmx_bytes)
    strict.add_init_script(LISTEN)
    try:
        page = strict.new_page()
        seen = Violations(page)
        save_trek_for_offline(page, vector_server, "lares-a")
        save_basemap(page)
        page.goto(f"{vector_server.url}/treks/lares-a/map")
        expect(page.locator("[data-map]")).to_have_attribute("data-basemap", "saved")
        expect(page.locator(".map-base canvas.leaflet-tile-loaded").first).to_be_attached()
        assert seen.collect("vector map") == []
    finally:
        strict.close()

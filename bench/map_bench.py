"""What the map costs: bytes it adds to "Save for offline" (no base map), time from tapping
the map link offline to the line drawn on a phone-sized Chromium with 4× CPU slowdown, and
the map page's memory. Prints numbers; asserts nothing.

Usage: .venv/bin/python bench/map_bench.py [runs]   (needs tests/run.sh to have installed
Leaflet and pmtiles into tests/browser/.maplib/, and /usr/bin/chromium)
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

import brotli

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from laresapp import create_app  # noqa: E402
from laresapp.config import PMTILES_URL, PROTOMAPS_LEAFLET_URL  # noqa: E402
from laresapp.core.track.where import compact_profile_json  # noqa: E402
from laresapp.maps import basemap  # noqa: E402
from laresapp.treks.models import Trek  # noqa: E402
from laresapp.treks.profile import trek_profile  # noqa: E402
from laresapp.web import static_build  # noqa: E402
from tests.browser_helpers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    LiveServer,
    airplane_mode,
    block_internet,
    htmx_copy,
    maplib_files,
    save_trek_for_offline,
)
from tests.helpers import make_config  # noqa: E402

# Every static file the map brings to the app shell (precached by every phone); the base
# map's own code (laresapp/maps/basemap.py CODE) is saved only with a base map.
MAP_STATIC = [
    "js/map.js",
    "js/map-geo.js",
    "js/map-bearing.js",
    "js/map-breadcrumb.js",
    "js/map-crowd.js",
    "js/map-names.js",
    "js/map-saved.js",
    "js/gps-watch.js",
    "js/sw-map.js",
    "css/map.css",
]
LAZY = {PMTILES_URL, PROTOMAPS_LEAFLET_URL}  # kept only with a base map (sw-map.js: lazy)
NAV_TIMES = """() => { const n = performance.getEntriesByType('navigation')[0];
  const lib = document.querySelector('script[src*=leaflet]').src;
  return {start: performance.timeOrigin, response: n.responseEnd, dcl: n.domContentLoadedEventEnd,
    drawn: performance.getEntriesByName('lares-map-drawn')[0].startTime,
    leaflet: (performance.getEntriesByName(lib)[0] || {}).responseEnd}; }"""


def gz(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def br(body: bytes) -> int:
    """Brotli, as this server sends text to a browser that takes it (and as jsDelivr does)."""
    return len(brotli.compress(body, quality=11))


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def bytes_added(db: Path) -> None:
    app = create_app(make_config(db))
    client = app.test_client()
    rows: list[tuple[str, int, int]] = []
    whole: list[bytes] = []  # the files counted whole
    lib = maplib_files()
    for url, (body, _type) in lib.items():
        if url not in LAZY:
            rows.append((url.rsplit("/", 1)[1], len(body), gz(body)))
            whole.append(body)
    for name in MAP_STATIC:
        body = static_build.build(REPO / "static" / name).body  # as served: built, and gzipped
        rows.append((name, len(body), len(static_build.compress(body, "gzip"))))  # as this server does
        whole.append(body)
    pages = [u for u in client.get("/treks/lares-a/offline.json").get_json()["urls"] if u.endswith("/map")]
    for url in pages:
        body = client.get(url).data
        rows.append((url, len(body), gz(body)))
        whole.append(body)
    # The map on each stage page: the partial's markup, as the page carries it.
    for n in (1, 2, 3):
        html = client.get(f"/treks/lares-a/stages/{n}").data
        part = re.search(rb'<section class="map".*?</section>', html, re.S)
        assert part is not None
        rows.append(
            (f"map on stage page {n}", len(part.group(0)), gz(html) - gz(html.replace(part.group(0), b"")))
        )
    with app.app_context():
        session = app.extensions["sqlalchemy"].session
        trek = session.scalar(app.extensions["sqlalchemy"].select(Trek).where(Trek.slug == "lares-a"))
        tp = trek_profile(trek)
        bare = [w.__class__(w.slug, w.name, w.type, w.along_m, w.stage, w.advice) for w in tp.waypoints]
        without = json.dumps(
            compact_profile_json(tp.profile, bare, tp.stages), separators=(",", ":")
        ).encode()
        extra_raw, extra_gz = len(tp.json_bytes) - len(without), gz(tp.json_bytes) - gz(without)
    rows.append(("profile.json: waypoint lat/lon/elevation", extra_raw, extra_gz))
    for name, raw, z in rows:
        print(f"  {name:<48} {kb(raw):>10} raw {kb(z):>9} gzip")
    cdn = sum(z for n, _r, z in rows if n.startswith("leaflet"))
    total_raw, total_gz = sum(r for _n, r, _z in rows), sum(z for _n, _r, z in rows)
    print(
        f"map, no base map, trek A: {kb(total_raw)} raw, {kb(total_gz)} gzip "
        f"(Leaflet {kb(cdn)} gzip; aim ≤ 60 KB)"
    )
    # Brotli: what a phone downloads (this server and jsDelivr send it to browsers that take it);
    # the stage pages' and profile's shares stay at their gzip estimate.
    shares = sum(z for n, _r, z in rows if n.startswith(("map on", "profile")))
    print(f"the same in brotli: {kb(sum(br(b) for b in whole) + shares)}")
    reader, renderer = lib[PMTILES_URL][0], lib[PROTOMAPS_LEAFLET_URL][0]
    code = sum(gz(static_build.build(REPO / "static" / name).body) for name in basemap.CODE)
    print(
        f"with a base map: + its code {kb(code)} gzip + the PMTiles reader {kb(gz(reader))} gzip "
        f"(+ protomaps-leaflet {kb(gz(renderer))} gzip for a vector one) + the archive itself"
    )


def timings(db: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    server = LiveServer(db)
    server.start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # bypass_csp: wait_for_function evaluates strings, which the app's CSP refuses.
            context = browser.new_context(service_workers="allow", bypass_csp=True, **PHONE)
            block_internet(context, htmx_copy())
            page = context.new_page()
            save_trek_for_offline(page, server, "lares-a")
            airplane_mode(server, context)
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            cdp.send("Performance.enable")
            times, heaps, nodes, breakdown = [], [], [], []
            for _ in range(runs):
                page.goto(f"{server.url}/treks/lares-a/")
                page.wait_for_load_state("load")
                # The tap's own time, taken by the page (not Playwright's, which waits before clicking).
                page.evaluate(
                    "() => document.addEventListener('click',"
                    " () => sessionStorage.setItem('tap', String(Date.now())), {capture: true})"
                )
                page.get_by_role("link", name="Map", exact=True).click()
                page.wait_for_function(
                    "performance.getEntriesByName('lares-map-drawn').length > 0", timeout=30_000
                )
                drawn = page.evaluate(
                    "() => performance.timeOrigin"
                    " + performance.getEntriesByName('lares-map-drawn')[0].startTime"
                )
                tapped = float(page.evaluate("() => sessionStorage.getItem('tap')"))
                times.append(drawn - tapped)
                parts = page.evaluate(NAV_TIMES)
                breakdown.append(parts | {"tap_to_start": parts["start"] - tapped})
                page.wait_for_timeout(500)
                # After a collection, so what earlier visits left behind is not counted; the page's
                # own elements (the "Nodes" metric also counts detached ones of earlier pages).
                cdp.send("HeapProfiler.collectGarbage")
                metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                heaps.append(metrics["JSHeapUsedSize"])
                nodes.append(page.evaluate("() => document.getElementsByTagName('*').length"))
            browser.close()
    finally:
        server.stop()
    print(
        f"tap 'Map' offline → line drawn, 4× CPU slowdown, 390×844: median {statistics.median(times):.0f} ms,"
        f" max {max(times):.0f} ms over {runs} runs (aim ≤ 1000 ms)"
    )
    for b in breakdown:
        print(
            f"  tap→navigation start {b['tap_to_start']:.0f} ms, response {b['response']:.0f}, "
            f"Leaflet fetched {b['leaflet'] or 0:.0f}, DOMContentLoaded {b['dcl']:.0f}, "
            f"line drawn {b['drawn']:.0f} ms"
        )
    print(
        f"map page memory: JS heap used {statistics.median(heaps) / 2**20:.1f} MB (after a collection), "
        f"{statistics.median(nodes):.0f} elements in the page"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        bytes_added(db)
        timings(db, runs)


if __name__ == "__main__":
    main()

"""What a long recording costs the map: time to draw a 10,000-fix breadcrumb (read from the
phone's IndexedDB and drawn by static/js/map-breadcrumb.js) on a phone-sized Chromium, with
and without a 4× CPU slowdown, and the page's JS heap. Prints numbers; asserts nothing.

Usage: .venv/bin/python bench/breadcrumb_bench.py [runs]   (after tests/run.sh has installed
Leaflet into tests/browser/.maplib/)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser_helpers import CHROMIUM, CHROMIUM_ARGS, PHONE, LiveServer, block_internet, htmx_copy  # noqa: E402

FIXES = 10_000
FILL = """async (n) => {
  const store = await import('/static/js/record-store.js');
  const t0 = Date.now() - n * 12000;
  for (let i = 0; i < n; i++) {
    await store.addFix({ rec: 'lares-a', t: t0 + i * 12000, lat: -13.1 - i * 2e-5,
      lon: -72.05 + 1e-3 * Math.sin(i / 300), acc: 8, ele: 3500 + i / 50,
      session: 1 + Math.floor(i / 2500), off: 20 });
  }
}"""
MEASURE = """() => {
  const crumb = performance.getEntriesByName('lares-crumb-drawn')[0];
  const start = performance.getEntriesByName('lares-crumb-start')[0];
  return [crumb.startTime - start.startTime, performance.memory ? performance.memory.usedJSHeapSize : 0];
}"""


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        server = LiveServer(Path(tmp) / "bench.sqlite")
        server.start()
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(**PHONE)
            block_internet(ctx, htmx_copy())
            page = ctx.new_page()
            page.goto(f"{server.url}/treks/lares-a/map")
            page.evaluate(FILL, FIXES)
            cdp = ctx.new_cdp_session(page)
            for rate in (1, 4):
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                times, heaps = [], []
                for _ in range(runs):
                    page.reload()
                    page.wait_for_selector(f'[data-map-canvas][data-crumb-fixes="{FIXES}"]', timeout=120_000)
                    ms, heap = page.evaluate(MEASURE)
                    times.append(ms)
                    heaps.append(heap)
                print(
                    f"{FIXES:,}-fix breadcrumb, CPU ×{rate}: median {statistics.median(times):.0f} ms "
                    f"(min {min(times):.0f}, max {max(times):.0f}) to read it from IndexedDB and draw it; "
                    f"JS heap {statistics.median(heaps) / 2**20:.1f} MB"
                )
            browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

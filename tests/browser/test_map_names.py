"""Place names on the map stay on the screen: a name that would run off the right edge of a
small phone is written to the left of its symbol (static/js/map.js, placeNames)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_helpers import LiveServer

SHOTS = Path(__file__).resolve().parents[2] / "tests" / "browser" / ".shots"

NAMES_OFF_THE_MAP = """() => {
  const canvas = document.querySelector('[data-map-canvas]').getBoundingClientRect();
  return [...document.querySelectorAll('.map-wp-name')]
    .filter((n) => n.getClientRects().length && getComputedStyle(n).visibility !== 'hidden')
    .map((n) => {  // the text itself, which may overflow its box
      const text = document.createRange();
      text.selectNodeContents(n);
      return { name: n.textContent, box: text.getBoundingClientRect() };
    })
    .filter(({ box }) => box.left < canvas.left - 1 || box.right > canvas.right + 1)
    .map(({ name, box }) => `${name} (${Math.round(box.left)}–${Math.round(box.right)})`);
}"""


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("trek", ["lares-a", "lares-b"])
def test_every_place_name_on_the_map_is_inside_it(
    page: Page, server: LiveServer, trek: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(f"{server.url}/treks/{trek}/map")
    expect(page.locator("[data-map]")).to_have_attribute("data-state", "ready")
    assert page.locator(".map-wp-name:visible").count() >= 3
    assert page.evaluate(NAMES_OFF_THE_MAP) == []
    # Panned so that places sit at the right edge: they turn their names to the left.
    page.evaluate("() => document.querySelector('[data-map]').laresMap.panBy([-120, 0], { animate: false })")
    page.wait_for_timeout(100)
    assert page.evaluate(NAMES_OFF_THE_MAP) == []
    if page.locator(".map-wp-left").count() == 0:
        pytest.fail("no name was turned to the left after panning places to the right edge")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"map-names-{trek}-{width}.png"))

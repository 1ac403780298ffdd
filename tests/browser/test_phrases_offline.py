"""The phrase card in airplane mode, on a small phone: reached from the trek's tabs and from
the trip's menu with the server stopped, every group a thumb's tap away, nothing wider than
the screen, no target under 44 px, no text under 12 px."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.test_phone_layout import CHECK_JS, MIN_TARGET, MIN_TEXT
from tests.browser_helpers import LiveServer, airplane_mode, create_trip, save_trek_for_offline, save_trip


def phone_problems(page: Page) -> list[str]:
    problems = []
    for width, height in ((360, 640), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        problems += [f"{width}px: {p}" for p in page.evaluate(CHECK_JS, [MIN_TARGET, MIN_TEXT])]
    return problems


def test_the_phrase_card_opens_from_the_trek_tabs_in_airplane_mode(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    save_trek_for_offline(page, server, "lares-b")
    airplane_mode(server, context)

    page.goto(f"{server.url}/treks/lares-b/")
    expect(page.locator("#net-status")).to_have_text("Offline")
    page.locator("nav.tripbar").get_by_role("link", name="Phrases", exact=True).click()
    expect(page.locator("h1")).to_have_text("Spanish phrases")
    expect(page.get_by_text("Bájeme en Quishuarani, por favor.")).to_be_visible()
    for group in ("En el colectivo", "Preguntar el camino", "Agua", "Acampar", "Comprar en el pueblo"):
        expect(page.locator("section.phrases h2").filter(has_text=group)).to_have_count(1)
    # The jump list takes a thumb to the emergency phrases.
    page.locator(".phrase-jump a", has_text="Salud y emergencias").click()
    expect(page.get_by_text("¡Ayuda! Necesitamos ayuda.")).to_be_in_viewport()
    assert phone_problems(page) == []


def test_the_phrase_card_opens_from_the_trip_menu_in_airplane_mode(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    token = create_trip(server)
    save_trip(page, server, token)
    airplane_mode(server, context)

    page.goto(f"{server.url}/t/{token}/")
    page.locator("nav.tripbar summary").click()
    page.get_by_role("link", name="Spanish phrases").click()
    expect(page.locator("h1")).to_have_text("Spanish phrases")
    expect(page.get_by_text("¿Va a Calca?", exact=True)).to_be_visible()
    expect(page.locator("section#transport .fares")).to_contain_text("Source: machupicchuterra.com")
    assert phone_problems(page) == []

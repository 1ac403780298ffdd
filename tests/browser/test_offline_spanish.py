"""Saved offline in the hiker's language: a trek saved from its Spanish pages opens in Spanish
in airplane mode, from the app's start URL (``/``), and switching to English offline says, in
English, that the English pages are not saved on this phone — or shows them once they are."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_helpers import LiveServer, airplane_mode, wait_for_worker


def save_here(page: Page, name: str, other: bool = False) -> None:
    """Tap the save button called ``name`` (in the page's language's section, or in the one
    offering the other language) and wait until the copy is complete."""
    section = page.locator(".save-other" if other else "section.save-offline[data-save-offline]")
    button = section.get_by_role("button", name=name)
    expect(button).to_be_enabled()
    button.click()
    expect(section).to_have_attribute("data-saved", "true", timeout=60_000)


def test_a_trek_saved_in_spanish_opens_in_spanish_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    page.goto(server.url + "/es/")
    wait_for_worker(page)
    page.get_by_role("link", name="De las aguas termales de Lares a Yanahuara").first.click()
    expect(page).to_have_url(f"{server.url}/es/treks/lares-a/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    wait_for_worker(page)
    save_here(page, "Guardar esta ruta sin conexión")

    airplane_mode(server, context)

    page.goto(server.url + "/")  # the manifest's start_url
    expect(page).to_have_url(f"{server.url}/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_have_text("El Lares Trek, en tu celular")
    page.locator('a[href="/es/treks/lares-a/"]').first.click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("Aproximado: para planificar, no para navegar.")).to_be_visible()
    page.get_by_role("link", name="Día 2", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Día 2:")
    # The trek's own text is in Spanish offline too, with no English fallback on the page.
    expect(page.locator("h1")).to_contain_text("Por el abra Huacahuasijasa hasta el bosque de neblina")
    expect(page.locator("small.lang-fallback")).to_have_count(0)
    expect(page.locator(".stats")).to_contain_text("Subida")

    # To English, offline: not saved in English, said in English.
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{server.url}/treks/lares-a/stages/2")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("No connection")
    expect(page.locator("main")).to_contain_text("It was never saved on this phone in this language")
    # Its language link leads back to the saved Spanish pages (their home).
    page.get_by_role("link", name="Español").click()
    expect(page.locator("h1")).to_have_text("El Lares Trek, en tu celular")
    # The start URL still opens Spanish: the "no connection" page was not a choice.
    page.goto(server.url + "/")
    expect(page).to_have_url(f"{server.url}/es/")


def test_both_languages_saved_switch_offline(page: Page, context: BrowserContext, server: LiveServer) -> None:
    page.goto(server.url + "/es/treks/lares-b/")
    wait_for_worker(page)
    page.reload()
    wait_for_worker(page)
    save_here(page, "Guardar esta ruta sin conexión")
    save_here(page, "Guardar también en inglés", other=True)  # the other language, offered beside it

    airplane_mode(server, context)

    page.goto(server.url + "/es/treks/lares-b/stages/1")
    expect(page.locator("h1")).to_contain_text("Día 1:")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Day 1:")
    # English opened last: the start URL now opens English.
    page.goto(server.url + "/")
    expect(page).to_have_url(f"{server.url}/")
    expect(page.locator("h1")).to_have_text("The Lares Trek, on your phone")

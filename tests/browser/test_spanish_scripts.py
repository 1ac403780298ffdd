"""The scripts speak Spanish on the Spanish pages, offline (issue 13, item 3): "Save for offline"
says its progress in Spanish, and in airplane mode with the server stopped the outbox, "Where
am I?" and the map say theirs, with Spanish numbers ("1 de 7", "2,4 km", "1,5×", "3.960 m").
The language is the page's own ``<html lang>`` (static/js/i18n.js): the /es/ pages."""

from __future__ import annotations

import json
import re
import urllib.request

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_helpers import LiveServer, airplane_mode, create_trip, wait_for_worker
from tests.helpers import REPO

SHOTS = REPO / "tests" / "browser" / ".shots"
HUACAHUASI = {"latitude": -13.135, "longitude": -72.115, "accuracy": 10}


def test_outbox_and_where_am_i_speak_spanish_offline(
    page: Page, context: BrowserContext, server: LiveServer
) -> None:
    token = create_trip(server)
    page.goto(f"{server.url}/es/t/{token}/")
    wait_for_worker(page)
    assert page.evaluate("document.documentElement.lang") == "es"
    page.get_by_role("button", name="Guardar este viaje sin conexión").click()
    status = page.locator("[data-save-status]").first
    expect(status).to_contain_text(
        re.compile(r"Listo sin conexión — \d+ páginas, [\d.]+ KB\."), timeout=60_000
    )

    airplane_mode(server, context)
    context.grant_permissions(["geolocation"])
    context.set_geolocation(HUACAHUASI)
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{server.url}/es/t/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#net-status")).to_have_text("Sin conexión")
    glance = page.locator(".glance")
    expect(glance.locator("[data-tick-progress]")).to_have_text("0 de 7")

    # The outbox: a tick made offline waits, in Spanish, and the bar counts it.
    form = page.locator('form[data-tick][data-target="wp:huacahuasi"]')
    form.locator("button").click()
    expect(form.locator("[data-tick-state]")).to_have_text("Hecho — esperando para sincronizar")
    expect(glance.locator("[data-tick-progress]")).to_have_text("1 de 7")
    expect(page.locator("#outbox-bar")).to_be_visible()
    expect(page.locator("#outbox-count")).to_have_text("1")
    expect(page.locator("#outbox-text")).to_have_text("cambio esperando para sincronizar")
    page.locator('form[data-tick][data-target="stage:1"] button').click()
    expect(page.locator("#outbox-text")).to_have_text("cambios esperando para sincronizar")

    # "Where am I?" from the saved profile, its words and numbers in Spanish.
    page.get_by_role("button", name="¿Dónde estoy?").click()
    where = page.locator("[data-where]")
    expect(where.locator("[data-where-status]")).to_have_text("GPS encendido.")
    expect(where.locator("[data-where-fix]")).to_have_text(
        re.compile(r"^Posición GPS (ahora mismo|hace \d+ s), con precisión de ±10\u00a0m[.;]")
    )
    rows = where.locator("[data-where-row]:not([hidden])")
    expect(rows.first).to_be_visible()
    labels = rows.evaluate_all("rs => rs.map(r => r.innerText)")
    assert any("Fin del día 1" in x for x in labels), labels
    assert all(re.search(r"\d+(,\d)?\u00a0(km|m)", x) for x in labels), labels
    assert not any(re.search(r"\d\.\d\u00a0km|Next |End of day", x) for x in labels), labels
    expect(where.locator("[data-where-exit]")).to_contain_text("Salida más cercana: ")
    expect(where.locator("[data-where-sunset]")).to_contain_text(
        re.compile(
            r"Al ritmo del plan \(1,5× el modelo\): el final del día en .* "
            r"(antes|después) de la puesta de sol \(\d\d:\d\d\)"
        )
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "today-es-360.png"), full_page=True)

    # Switching the GPS off says so in Spanish, and the numbers stay, marked as the last position.
    page.locator("[data-where-stop]").click()
    expect(where.locator("[data-where-status]")).to_have_text(
        "GPS apagado. Los números de abajo son de tu última posición."
    )


def test_the_map_speaks_spanish_offline(page: Page, context: BrowserContext, server: LiveServer) -> None:
    with urllib.request.urlopen(f"{server.url}/treks/lares-a/profile.json") as resp:
        data = json.load(resp)
    page.goto(f"{server.url}/es/treks/lares-a/")
    wait_for_worker(page)
    page.get_by_role("button", name="Guardar esta ruta sin conexión").click()
    expect(page.locator("[data-save-status]").first).to_contain_text("Listo sin conexión", timeout=60_000)
    airplane_mode(server, context)

    page.goto(f"{server.url}/es/treks/lares-a/map")
    root = page.locator("[data-map]")
    expect(root).to_have_attribute("data-state", "ready")
    status = root.locator("[data-map-status]")
    expect(status).to_have_text("Línea discontinua: una ruta aproximada, un esbozo — no un track grabado.")
    expect(page.get_by_role("img", name="El norte está arriba")).to_be_visible()
    expect(page.locator(".map-day-tag").first).to_have_text("Día 1")

    target = next(w for w in data["waypoints"] if w["slug"] == "ipsayjasa-junction")
    context.grant_permissions(["geolocation"])
    context.set_geolocation(
        {"latitude": target["lat"] + 0.0041, "longitude": target["lon"] + 0.0052, "accuracy": 15}
    )
    page.get_by_role("button", name="Centrar en mí").click()
    expect(status).to_have_text("Siguiendo tu posición. Precisión de 20\u00a0m.")
    page.get_by_role("button", name="Acercar").click()
    page.wait_for_timeout(400)
    page.locator('.leaflet-marker-icon[data-wp="ipsayjasa-junction"] .map-wp-sym').click()
    popup = page.locator(".map-popup")
    km = f"{target['along_m'] / 1000:.1f}".replace(".", ",")
    expect(popup).to_contain_text(f"km {km}")
    expect(popup).to_contain_text(f"{round(target['elevation_m']):,} m".replace(",", "."))  # "3.960 m"
    expect(popup.locator("[data-popup-way]")).to_have_text(
        re.compile(
            r"^Está a \d+\u00a0m, rumbo \d+° "
            r"\((noreste|este|sureste|sur|suroeste|oeste|noroeste|norte)\) en línea recta\.$"
        )
    )
    expect(popup.get_by_role("link", name="Abrir este lugar")).to_be_visible()
    expect(page.get_by_role("button", name="Cerrar")).to_be_visible()

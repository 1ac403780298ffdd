"""Every page a hiker or organiser reads, in English and in Spanish: the right ``lang``, the
language switch to the same page, ``hreflang`` alternates, and no English left in the
Spanish page's own words (any message of the catalogue, in English, found in the Spanish
page is a string that escaped translation). ``/`` picks the language by the remembered
choice, then ``Accept-Language``."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import REPO, create_trip

PO = REPO / "laresapp" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
TREK_PAGES = [
    "/treks/lares-a/",
    "/treks/lares-a/stages/2",
    "/treks/lares-a/waypoints/ipsayjasa-junction",
    "/treks/lares-a/logistics",
    "/treks/lares-a/tips",
    "/treks/lares-a/gear",
    "/treks/lares-a/emergency",
    "/treks/lares-a/map",
    "/treks/lares-a/phrases",
    "/treks/lares-b/",
    "/",
    "/trips/new",
    "/offline",
    "/offline/not-found",
    "/organiser/sign-in",
]
TRIP_PAGES = ["/t/{token}/", "/t/{token}/days/2", "/t/{token}/share", "/t/{token}/gear", "/t/{token}/plan",
              "/t/{token}/checklist", "/t/{token}/ticks/stage:1"]  # fmt: skip


def english_fragments() -> list[str]:
    """Pieces of the app's English messages long enough that finding one in a Spanish page
    means it was left untranslated (the text around each ``%(name)s`` and tag). Pieces that
    the bundled treks' own text also uses are left out: the treks' text has its own test."""
    trek_text = " ".join(p.read_text() for p in (REPO / "laresapp" / "treks" / "data").glob("*.json"))
    with PO.open("rb") as f:
        catalogue = read_po(f, locale="es")
    out: set[str] = set()
    for m in catalogue:
        if not m.id:
            continue
        for msgid, spanish in zip(
            m.id if isinstance(m.id, tuple) else (m.id,),
            m.string if isinstance(m.string, tuple) else (m.string,),
            strict=False,
        ):
            for piece in re.split(r"%\([a-z_]+\)[sd]|<[^>]+>", msgid):
                piece = piece.strip(" .,:;()—·")
                if len(piece) >= 14 and piece not in spanish and piece not in trek_text:
                    out.add(piece)
    return sorted(out)


def visible_text(html: bytes) -> str:
    page = BeautifulSoup(html, "html.parser")
    for tag in page(["script", "style"]):
        tag.decompose()
    labels = " ".join(
        str(t.get(a))
        for a in ("aria-label", "title", "content", "data-label")
        for t in page.find_all(attrs={a: True})
    )
    return (page.get_text(" ") + " " + labels).replace("\xa0", " ")


@pytest.fixture()
def pages(app: Flask, client: FlaskClient) -> list[str]:
    token = create_trip(client, start="2030-07-10")
    return TREK_PAGES + [p.format(token=token) for p in TRIP_PAGES]


def test_every_page_in_both_languages_has_its_lang_switch_and_alternates(
    client: FlaskClient, pages: list[str]
) -> None:
    for path in pages:
        for lang, url, other, other_url in (
            ("en", path, "es", f"/es{path}"),
            ("es", f"/es{path}", "en", path),
        ):
            client.set_cookie("lang", lang)
            resp = client.get(url)
            assert resp.status_code == 200, url
            page = BeautifulSoup(resp.data, "html.parser")
            assert page.html["lang"] == lang, url
            assert resp.headers["Content-Language"] == lang
            switch = page.select_one("[data-lang-switch]")
            assert switch is not None and switch["hreflang"] == other and switch["lang"] == other, url
            if path.startswith("/offline"):  # stands in for any page: its switch goes home
                other_url = "/es/" if other == "es" else "/"
            assert switch["href"] == other_url, url
            alternates = {a["hreflang"]: a["href"] for a in page.select('link[rel="alternate"][hreflang]')}
            assert alternates == {"en": f"http://localhost{path}", "es": f"http://localhost/es{path}"}, url


def test_no_english_left_in_the_spanish_pages(client: FlaskClient, pages: list[str]) -> None:
    fragments = english_fragments()
    assert len(fragments) > 150
    left = {}
    for path in pages:
        text = visible_text(client.get(f"/es{path}").data)
        found = [f for f in fragments if f in text]
        if found:
            left[path] = found
    assert not left, left


def test_links_on_a_spanish_page_stay_in_spanish(client: FlaskClient) -> None:
    page = BeautifulSoup(client.get("/es/treks/lares-a/").data, "html.parser")
    links = [a["href"] for a in page.select("main a[href^='/']")]
    assert links and all(h.startswith("/es/") or h.endswith(".gpx") for h in links), links
    manifest = client.get(page.select_one("[data-save-offline]")["data-manifest"]).get_json()
    assert manifest["cache"].startswith("es:trek-lares-a-v") and manifest["slug"] == "es:lares-a"
    assert all(u.startswith("/es/") or u.endswith(".json") for u in manifest["urls"])
    assert "/treks/lares-a/profile.json" in manifest["urls"]  # machine files have one URL
    # The English list is as it was: copies saved before Spanish existed stay valid.
    english = client.get("/treks/lares-a/offline.json").get_json()
    assert english["cache"].startswith("trek-lares-a-v") and english["slug"] == "lares-a"
    assert not any(u.startswith("/es/") for u in english["urls"])


def test_home_follows_the_remembered_choice_then_accept_language(client: FlaskClient) -> None:
    resp = client.get("/", headers={"Accept-Language": "es-PE,es;q=0.9,en;q=0.5"})
    assert resp.status_code == 302 and resp.location == "/es/"
    assert {"Cookie", "Accept-Language"} <= set(resp.vary)
    resp = client.get("/", headers={"Accept-Language": "de, en;q=0.5"})
    assert resp.status_code == 200 and b'<html lang="en"' in resp.data
    client.get("/es/treks/lares-a/")  # a page opened in Spanish is the choice remembered
    assert client.get_cookie("lang").value == "es"
    resp = client.get("/", headers={"Accept-Language": "en"})
    assert resp.status_code == 302 and resp.location == "/es/"
    client.get("/treks/lares-a/")  # switching back to English
    resp = client.get("/", headers={"Accept-Language": "es"})
    assert resp.status_code == 200 and b'<html lang="en"' in resp.data


def test_saving_pages_does_not_change_the_remembered_language(client: FlaskClient) -> None:
    """ "Save for offline" fetches the other language's pages too: a fetch is not a choice."""
    client.get("/es/treks/lares-a/")
    client.get("/treks/lares-a/", headers={"Sec-Fetch-Mode": "cors"})
    assert client.get_cookie("lang").value == "es"
    # ...and the English copy's "/" is the English home, not a redirect to the Spanish one.
    resp = client.get("/", headers={"Sec-Fetch-Mode": "cors"})
    assert resp.status_code == 200 and b'<html lang="en"' in resp.data


def test_a_spanish_404_is_in_spanish(client: FlaskClient) -> None:
    resp = client.get("/es/treks/no-such-trek/")
    assert resp.status_code == 404
    page = BeautifulSoup(resp.data, "html.parser")
    assert page.html["lang"] == "es" and page.h1.get_text() == "No encontrado"
    assert client.get("/en/treks/lares-a/").status_code == 404  # English has no prefix


def test_the_plan_in_spanish_format(app: Flask, client: FlaskClient) -> None:
    """Dates, numbers, durations and the core's warnings on the plan, as a Spanish reader writes
    them: "mié 10 jul 2030", "4.660 m", "1,5×", "6 h 05 min"."""
    token = create_trip(client, start="2030-07-10")
    client.post(
        f"/t/{token}/plan",
        data={"pace_factor": "1,5", "sunset_margin_min": "60", "acclimatisation_days": "0"},
    )
    es = BeautifulSoup(client.get(f"/es/t/{token}/plan").data, "html.parser")
    en = BeautifulSoup(client.get(f"/t/{token}/plan").data, "html.parser")
    es_rows = [
        r.get_text(" ", strip=True).replace("\xa0", " ") for r in es.select("table.plan-days tbody tr")
    ]
    en_rows = [
        r.get_text(" ", strip=True).replace("\xa0", " ") for r in en.select("table.plan-days tbody tr")
    ]
    assert es_rows[0].startswith("Día 1 mié 10 jul 2030") and en_rows[0].startswith("Day 1 Wed 10 Jul 2030")
    high = re.search(r"(\d)[.,](\d{3}) m", en_rows[1])
    assert (
        high is not None and f"{high[1]}.{high[2]} m" in es_rows[1] and f"{high[1]},{high[2]} m" in en_rows[1]
    )
    walk = re.search(r"(\d+ h \d\d min) walking", en_rows[0])
    assert walk is not None and f"{walk[1]} caminando" in es_rows[0]
    caption = es.select_one("table.plan-days caption").get_text()
    assert "1,5× el ritmo del modelo" in caption
    # The core's warnings (no days in Cusco) in Spanish, with their numbers in Spanish format.
    warnings = es.select_one(".warnings").get_text(" ", strip=True).replace("\xa0", " ")
    assert "Ningún día para aclimatarse antes del primer campamento" in warnings
    assert "Tu plan tiene ningún día en Cusco (3.399 m)" in warnings
    assert "ningún" not in en.select_one(".warnings").get_text()
    # A refused setting says why in Spanish.
    resp = client.post(
        f"/es/t/{token}/plan",
        data={"pace_factor": "x", "sunset_margin_min": "60", "acclimatisation_days": "2"},
    )
    assert resp.status_code == 422
    assert "Factor de ritmo: «x» no es un número." in resp.get_data(as_text=True)

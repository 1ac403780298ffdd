"""The phrase card (issue 13, item 6): every group in Spanish with its English, the trek's
own places in the phrases, fares only with their source, linked from the trek and the trip,
and saved with the trek for offline."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from laresapp.treks.models import Trek
from laresapp.treks.phrases import phrase_card
from tests.helpers import create_trip

GROUPS = {
    "transport": "On the colectivo",
    "way": "Asking the way",
    "water": "Water",
    "camp": "Camping",
    "buying": "Buying in the village",
    "help": "Health and emergencies",
}


def card(client: FlaskClient, slug: str) -> BeautifulSoup:
    resp = client.get(f"/treks/{slug}/phrases")
    assert resp.status_code == 200
    return BeautifulSoup(resp.data, "html.parser")


def lines(page: BeautifulSoup, group: str) -> list[tuple[str, str]]:
    """(Spanish, English) of every phrase in a group, as the page shows them."""
    out = []
    for li in page.select(f"section#{group} .phrase-list li"):
        es, en = li.select_one(".phrase-es"), li.select_one(".phrase-en")
        assert es is not None and en is not None, li
        assert es["lang"] == "es" and en["lang"] == "en"
        out.append((es.get_text(strip=True), en.get_text(strip=True)))
    return out


@pytest.mark.parametrize("slug", ["lares-a", "lares-b"])
def test_every_group_is_in_spanish_with_its_english(client: FlaskClient, slug: str) -> None:
    page = card(client, slug)
    assert page.h1 is not None and page.h1.get_text(strip=True) == "Spanish phrases"
    for key, english in GROUPS.items():
        heading = page.select_one(f"section#{key} h2")
        assert heading is not None and english in heading.get_text(), key
        assert heading.select_one('[lang="es"]') is not None
        phrases = lines(page, key)
        assert len(phrases) >= 5, key
        for es, en in phrases:
            assert es and en and es != en, (key, es, en)
    # The jump list reaches every group, each a thumb-sized link (CSS checked in the browser test).
    assert [a["href"] for a in page.select(".phrase-jump a")] == [f"#{k}" for k in GROUPS]
    text = page.get_text(" ")
    for asked in (
        "¿Cuánto cuesta el pasaje",
        "¿Hay agua por aquí?",
        "¿Se puede tomar?",
        "¿Podemos acampar aquí?",
    ):
        assert asked in text
    for asked in (
        "¿A quién le pedimos permiso?",
        "Necesitamos ayuda",
        "Llame a la policía",
        "soroche",
        "arriero",
    ):
        assert asked in text


def test_lares_a_names_its_own_towns_and_gives_sourced_fares(client: FlaskClient) -> None:
    page = card(client, "lares-a")
    transport = dict(lines(page, "transport"))
    assert transport["¿Va a Calca?"] == "Is this going to Calca?"
    assert (
        transport["Bájeme en los baños termales de Lares, por favor."]
        == "Let me off at the Lares hot springs, please."
    )
    assert "¿Hay carro a Ollantaytambo desde Yanahuara?" in transport
    assert "¿Por dónde se va a Huacahuasi?" in dict(lines(page, "way"))
    fares = [li.get_text(" ", strip=True) for li in page.select("section#transport .fares li")]
    assert any("Cusco – Calca: about S/5" in f and "Source: machupicchuterra.com" in f for f in fares)
    assert all("Source:" in f for f in fares)
    assert "they may have changed" in page.get_text()


def test_lares_b_names_its_villages_as_locals_write_them_and_asks_for_fares(client: FlaskClient) -> None:
    page = card(client, "lares-b")
    transport = dict(lines(page, "transport"))
    assert "¿Va a Lares?" in transport
    assert "Bájeme en Quishuarani, por favor." in transport
    assert "¿Por dónde se va a Cuncani?" in dict(lines(page, "way"))
    places = page.select_one("section#places")
    assert places is not None
    assert "Quishuarani" in places.get_text() and "written “Kiswarani” in this guide" in places.get_text()
    names = places.select_one(".place-names")
    assert names is not None
    assert names.get_text() == "Ollantaytambo · Lares · Patacancha"
    # No figure in the sources for this trek's rides: no price on the card, only "ask".
    assert page.select(".fares") == [] and "S/" not in page.get_text()
    assert "ask the price and agree it before you get in" in page.get_text()


def test_no_quechua_greeting_is_invented_and_the_page_says_so(client: FlaskClient) -> None:
    page = card(client, "lares-a")
    quechua = page.select_one("section#quechua")
    assert quechua is not None
    assert "no Quechua greetings" in quechua.get_text()
    assert [s.get_text() for s in page.select('[lang="qu"]')] == ["qocha", "q'asa", "jasa"]


def test_a_trek_the_card_does_not_know_gets_blanks_and_its_own_places() -> None:
    wps = [
        SimpleNamespace(name=n, type=t)
        for n, t in [("Pueblo", "village"), ("Abra", "pass"), ("Pista", "road")]
    ]
    made = phrase_card(cast(Trek, SimpleNamespace(slug="elsewhere", waypoints=wps)))
    transport = {p.es: p.en for p in made.groups[0].phrases}
    assert transport["¿Va a …?"] == "Is this going to …?"
    assert not any("Calca" in p.es for g in made.groups for p in g.phrases)
    assert made.names == ("Pueblo", "Pista") and not made.named


def test_the_card_is_linked_from_the_trek_and_the_trip_and_saved_offline(client: FlaskClient) -> None:
    for slug in ("lares-a", "lares-b"):
        url = f"/treks/{slug}/phrases"
        for page in (f"/treks/{slug}/", f"/treks/{slug}/emergency", url):
            nav = BeautifulSoup(client.get(page).data, "html.parser").select_one("nav.tripbar")
            assert nav is not None and nav.find("a", href=url, string="Phrases"), page
        assert url in client.get(f"/treks/{slug}/offline.json").get_json()["urls"]
    token = create_trip(client)
    today = BeautifulSoup(client.get(f"/t/{token}/").data, "html.parser")
    assert today.find("a", href="/treks/lares-a/phrases", string="Spanish phrases")
    assert "/treks/lares-a/phrases" in client.get(f"/t/{token}/offline.json").get_json()["urls"]


def test_an_unknown_trek_has_no_phrase_card(client: FlaskClient) -> None:
    assert client.get("/treks/no-such-trek/phrases").status_code == 404

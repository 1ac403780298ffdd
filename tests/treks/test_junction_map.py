"""Junction pages link the map that exists (issue 12, item 9): every waypoint page with
junction advice, on both treks, links its day's map (on the stage page) and the trek's map,
and both links lead to a page that has the map."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from laresapp.extensions import db
from laresapp.treks.models import Trek


def test_every_junction_page_with_advice_links_the_day_map_and_the_trek_map(
    client: FlaskClient, app: Flask
) -> None:
    with app.app_context():
        treks = db.session.scalars(db.select(Trek)).all()
        with_advice = [(t.slug, w.slug, w.stage.number) for t in treks for w in t.waypoints if w.advice]
    assert len(with_advice) >= 2, "Lares A has junction advice"
    for slug, wp_slug, day in with_advice:
        resp = client.get(f"/treks/{slug}/waypoints/{wp_slug}")
        assert resp.status_code == 200
        page = BeautifulSoup(resp.data, "html.parser")
        block = page.select_one("[data-advice-map]")
        assert block is not None, wp_slug
        hrefs = [a["href"] for a in block.select("a")]
        # The day's map, opened on this junction (static/js/map.js reads the #map-at-…).
        assert f"/treks/{slug}/stages/{day}#map-at-{wp_slug}" in hrefs, (wp_slug, hrefs)
        assert f"/treks/{slug}/map" in hrefs, (wp_slug, hrefs)
        # The advice comes first, the links right after it.
        advice = page.select_one(".advice.big")
        assert advice is not None and advice.find_next_sibling("p") is block
        for href in hrefs:
            target = client.get(href.split("#")[0])
            assert target.status_code == 200
            assert BeautifulSoup(target.data, "html.parser").select_one("[data-map] #map-h"), href


def test_a_place_without_advice_has_no_junction_map_links(client: FlaskClient) -> None:
    page = BeautifulSoup(client.get("/treks/lares-a/waypoints/lares-hot-springs").data, "html.parser")
    assert page.select_one("h1") is not None
    assert page.select_one("[data-advice-map]") is None

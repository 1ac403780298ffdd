"""Every page a hiker reads renders, with the content they came for."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from laresapp.extensions import db
from laresapp.treks.models import Trek


def soup(resp) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(resp.data, "html.parser")


def test_home_lists_both_treks(client: FlaskClient) -> None:
    page = soup(client.get("/"))
    links = {a["href"] for a in page.select(".cards h3 a")}
    assert links == {"/treks/lares-a/", "/treks/lares-b/"}
    assert page.find(string="Approximate line")


@pytest.mark.parametrize("slug", ["lares-a", "lares-b"])
def test_overview_table_has_a_row_per_day(client: FlaskClient, app: Flask, slug: str) -> None:
    resp = client.get(f"/treks/{slug}/")
    assert resp.status_code == 200
    page = soup(resp)
    rows = page.select("table.stages tbody tr")
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
        assert trek is not None
        assert len(rows) == len(trek.stages) == 3
        for row, stage in zip(rows, trek.stages, strict=True):
            cells = [c.get_text(" ", strip=True).replace("\xa0", " ") for c in row.find_all(["th", "td"])]
            assert f"Day {stage.number}" in cells[0]
            assert f"{stage.distance_m / 1000:.1f} km" in cells[1]
            assert stage.end_waypoint is not None
            assert stage.end_waypoint.name in cells[3]
            assert f"top {stage.high_point_m:,.0f} m" in cells[2]
    assert "Approximate — for planning, not navigation." in page.get_text()
    assert page.select_one("[data-save-offline]")["data-manifest"] == f"/treks/{slug}/offline.json"


def test_every_url_of_the_offline_manifest_renders(client: FlaskClient) -> None:
    for slug in ("lares-a", "lares-b"):
        manifest = client.get(f"/treks/{slug}/offline.json").get_json()
        assert manifest["cache"].startswith(f"trek-{slug}-v")
        assert len(manifest["urls"]) == len(set(manifest["urls"]))
        for url in manifest["urls"]:
            resp = client.get(url)
            assert resp.status_code == 200, url
            if "/stages/" in url or "/waypoints/" in url:
                assert b"Approximate" in resp.data, f"{url} shows positions without the sketch label"


def test_stage_page_lists_waypoints_in_order_and_junction_advice_stands_out(
    client: FlaskClient, app: Flask
) -> None:
    page = soup(client.get("/treks/lares-a/stages/2"))
    kms = [float(li.select_one(".wp-km").get_text().split()[0]) for li in page.select("li.wp")]
    assert kms == sorted(kms) and len(kms) >= 3
    advice = page.select(".advice")
    assert advice, "day 2 of Lares A starts at the Ipsayjasa junction"
    assert "LEFT" in advice[0].get_text()
    assert page.select_one("section.camp"), "a night out has camp notes"


def test_waypoint_page_shows_position_estimate_and_neighbours(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek is not None
        wp = trek.waypoints[1]
        first = trek.waypoints[0]
    page = soup(client.get(f"/treks/lares-a/waypoints/{wp.slug}"))
    assert page.h1.get_text() == wp.name
    assert "estimated" in page.select_one(".stats").get_text() or wp.confidence != "estimate"
    prev = page.select_one('a[rel="prev"]')
    assert prev is not None and prev["href"] == f"/treks/lares-a/waypoints/{first.slug}"


@pytest.mark.parametrize("path", ["logistics", "tips", "gear"])
def test_reading_pages_have_content(client: FlaskClient, path: str) -> None:
    for slug in ("lares-a", "lares-b"):
        page = soup(client.get(f"/treks/{slug}/{path}"))
        assert len(page.select("main section h2")) >= 1
        assert len(page.select("main p, main li")) >= 3


def test_logistics_mention_what_a_hiker_must_not_forget(client: FlaskClient) -> None:
    text = soup(client.get("/treks/lares-a/logistics")).get_text().lower()
    assert "passport" in text and "colectivo" in text


@pytest.mark.parametrize(
    "url",
    [
        "/treks/no-such-trek/",
        "/treks/lares-a/stages/9",
        "/treks/lares-a/stages/0",
        "/treks/lares-a/waypoints/nowhere",
        "/treks/lares-a/offline.json/x",
        "/treks/no-such-trek/offline.json",
    ],
)
def test_unknown_ids_are_404_pages(client: FlaskClient, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 404
    if resp.mimetype == "text/html":
        assert "Not found" in soup(resp).h1.get_text()
    else:
        assert resp.get_json()["error"] == "Not Found"


def test_pages_work_without_javascript_controls(client: FlaskClient) -> None:
    """Every control is a link or a form: no button outside a form except JS-only extras
    that are disabled until the script enables them."""
    page = soup(client.get("/treks/lares-a/"))
    for button in page.find_all("button"):
        assert (
            button.find_parent("form")
            or button.has_attr("disabled")
            or button.find_parent(attrs={"hidden": True})
        ), button


def test_htmx_is_loaded_from_the_cdn_with_sri(client: FlaskClient, app: Flask) -> None:
    page = soup(client.get("/"))
    script = page.find("script", src=app.config["HTMX_URL"])
    assert script is not None
    assert script["integrity"].startswith("sha384-")
    assert script["crossorigin"] == "anonymous"
    assert "@2.0." in script["src"]


def test_a_day_without_junction_advice_says_so(client: FlaskClient) -> None:
    b = BeautifulSoup(client.get("/treks/lares-b/stages/1").data, "html.parser")
    assert "The source describes no junctions on this day" in b.get_text()
    a = BeautifulSoup(client.get("/treks/lares-a/stages/2").data, "html.parser")
    assert a.select_one(".no-advice") is None and a.select_one(".advice")

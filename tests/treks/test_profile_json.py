"""profile.json (what the phone's "Where am I?" works from) and the server-drawn chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from laresapp.core.track.chart import ChartLabels, render_profile_svg
from laresapp.core.track.profile import build_profile
from laresapp.core.track.where import PlacedWaypoint
from laresapp.extensions import db
from laresapp.treks.models import Trek
from tests.core.oracles import profile_from_compact, where_am_i

SVG = "{http://www.w3.org/2000/svg}"


def get_trek(slug: str) -> Trek:
    trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
    assert trek is not None
    return trek


@pytest.mark.parametrize("slug", ["lares-a", "lares-b"])
def test_profile_json_matches_the_stored_trek(client: FlaskClient, app: Flask, slug: str) -> None:
    resp = client.get(f"/treks/{slug}/profile.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    data = resp.get_json()
    assert data["v"] == 1 and data["slug"] == slug and data["data_quality"] == "sketch"
    assert data["has_elevation"] is True
    assert all(len(p) == 4 for p in data["points"])
    with app.app_context():
        trek = get_trek(slug)
        assert len(data["points"]) == trek.point_count
        assert data["points"][-1][3] == pytest.approx(trek.length_m, abs=0.1)
        by_slug = {w["slug"]: w for w in data["waypoints"]}
        for w in trek.waypoints:
            assert by_slug[w.slug]["along_m"] == pytest.approx(w.distance_m, abs=0.05)
            assert by_slug[w.slug]["stage"] == w.stage.number
            assert by_slug[w.slug]["advice"] == w.advice
        for s, js in zip(trek.stages, data["stages"], strict=True):
            assert js["number"] == s.number
            assert js["start_m"] == pytest.approx(s.start_m, abs=0.05)
            assert js["end_m"] == pytest.approx(s.end_m, abs=0.05)
    # The phone reads back the same numbers the stage table shows.
    profile, wps, stages = profile_from_compact(data)
    wp = wps[len(wps) // 2]
    r = where_am_i(profile, wps, stages, profile.lat_deg[100], profile.lon_deg[100], 10.0)
    assert r.offset_m < 2 and r.stage_number in {s.number for s in stages}
    assert wp.along_m > 0


def test_profile_json_is_saved_for_offline_and_unknown_trek_is_404(client: FlaskClient) -> None:
    urls = client.get("/treks/lares-a/offline.json").get_json()["urls"]
    assert "/treks/lares-a/profile.json" in urls
    assert client.get("/treks/no-such-trek/profile.json").status_code == 404


def parse_chart(html: bytes) -> ET.Element:
    svg = BeautifulSoup(html, "html.parser").select_one("svg[data-profile-chart]")
    assert svg is not None, "no elevation chart on the page"
    return ET.fromstring(str(svg))


def test_stage_page_has_widget_and_an_accessible_chart_of_its_range(client: FlaskClient, app: Flask) -> None:
    html = client.get("/treks/lares-a/stages/2").data
    page = BeautifulSoup(html, "html.parser")
    widget = page.select_one("section[data-where]")
    assert widget is not None
    assert widget["data-profile-url"] == "/treks/lares-a/profile.json"
    assert widget["data-stage"] == "2"
    button = widget.find("button", string="Where am I?")
    assert button is not None and button["type"] == "button"
    assert "needs JavaScript" in widget.find("noscript").get_text()
    assert widget.select_one("[data-where-out]")["aria-live"] == "polite"
    assert widget.select_one('script[type="module"]')["src"].startswith("/static/js/where-ui.js?v=")
    svg = parse_chart(html)
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and "day 2" in (title.text or "")
    assert desc is not None and "high point" in (desc.text or "")
    assert "Huacahuasijasa Pass" in (desc.text or "") and "Climb +" in (desc.text or "")
    with app.app_context():
        stage = get_trek("lares-a").stage(2)
        assert stage is not None
        assert float(svg.get("data-start-m", "")) == pytest.approx(stage.start_m, abs=0.1)
        assert float(svg.get("data-end-m", "")) == pytest.approx(stage.end_m, abs=0.1)
        marked = {g.get("data-wp") for g in svg.iter(f"{SVG}g") if g.get("data-wp")}
        assert {w.slug for w in stage.waypoints} <= marked
    line = svg.find(f"{SVG}polyline")
    assert line is not None and 250 <= len(line.get("points", "").split()) <= 320
    assert svg.find(f".//{SVG}g[@data-where-marker]") is not None
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "lbl"]
    assert any(lbl and lbl.startswith("Huacahuasijasa") for lbl in labels)


def test_overview_shows_the_whole_trek_profile(client: FlaskClient, app: Flask) -> None:
    svg = parse_chart(client.get("/treks/lares-a/").data)
    with app.app_context():
        trek = get_trek("lares-a")
        assert float(svg.get("data-end-m", "")) == pytest.approx(trek.length_m, abs=0.1)
        assert len([g for g in svg.iter(f"{SVG}g") if g.get("data-wp")]) == len(trek.waypoints)
    assert len(str(ET.tostring(svg))) < 20_000


def test_chart_of_a_track_without_elevation_says_so() -> None:
    profile = build_profile([(-13.1, -72.0, None), (-13.11, -72.01, None), (-13.12, -72.0, None)])
    wps = [PlacedWaypoint("a", "A & <B>", "pass", 500.0, 1)]
    svg = ET.fromstring(render_profile_svg(profile, wps, 0, profile.length_m, ChartLabels("Profile", "p")))
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and "No elevation data" in (desc.text or "")
    assert svg.get("data-has-elevation") == "false"
    assert svg.find(f"{SVG}polyline") is None
    assert [g.get("data-wp") for g in svg.iter(f"{SVG}g") if g.get("data-wp")] == ["a"]


def test_chart_distance_labels_never_run_together(client: FlaskClient) -> None:
    for url in ["/treks/lares-a/", "/treks/lares-a/stages/1", "/treks/lares-b/stages/2", "/treks/lares-b/"]:
        svg = parse_chart(client.get(url).data)
        labels = []
        for t in svg.iter(f"{SVG}text"):
            if (
                t.text
                and (t.text.endswith("km") or t.text.replace(".", "").isdigit())
                and float(t.get("y", 0)) > 200
            ):
                x, w = float(t.get("x", 0)), 8.6 * len(t.text)
                left = {"start": x, "end": x - w}.get(t.get("text-anchor", "start"), x - w / 2)
                labels.append((left, left + w, t.text))
        assert len(labels) >= 3, (url, labels)  # both ends and at least one tick between
        labels.sort()
        for (_, right, a), (left, _, b) in zip(labels, labels[1:], strict=False):
            assert right <= left, f"{url}: {a!r} runs into {b!r}"


def test_a_spanish_page_chart_reads_in_spanish(client: FlaskClient) -> None:
    """Axis numbers in Spanish format ("4.000", "12,9 km") and the description in Spanish."""
    es = parse_chart(client.get("/es/treks/lares-a/stages/2").data)
    en = parse_chart(client.get("/treks/lares-a/stages/2").data)
    es_desc, en_desc = es.find(f"{SVG}desc"), en.find(f"{SVG}desc")
    assert es_desc is not None and en_desc is not None
    assert "punto más alto" in (es_desc.text or "") and "Subida +" in (es_desc.text or "")
    assert "Abras:" in (es_desc.text or "") and "high point" not in (es_desc.text or "")
    assert "high point" in (en_desc.text or "")
    es_axis = [t.text or "" for g in es.iter(f"{SVG}g") if g.get("class") == "axis" for t in g]
    en_axis = [t.text or "" for g in en.iter(f"{SVG}g") if g.get("class") == "axis" for t in g]
    assert any("." in t and t.replace(".", "").isdigit() for t in es_axis)  # "4.200"
    assert any("," in t and t.replace(",", "").isdigit() for t in en_axis)  # "4,200"
    assert any(t.endswith(" km") and "," in t for t in es_axis)  # "12,9 km"
    assert not any(t.endswith(" km") and "." in t for t in es_axis)
    # A place's hover title names its kind in the page's language: "(abra, 20,1 km)".
    es_titles = [t.text or "" for t in es.iter(f"{SVG}title")]
    assert any("(abra, " in t for t in es_titles), es_titles
    assert not any("(pass, " in t for t in es_titles)
    assert any("(pass, " in t for t in (t.text or "" for t in en.iter(f"{SVG}title")))

"""The treks' text in both languages: stored with every language, shown in the page's
language by ``tr()``, a missing translation shown in the other language *marked* (its own
``lang`` and "(en inglés)"), and both bundled treks complete in English and Spanish."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask, g, render_template
from flask_babel import refresh

from laresapp.core.local_text import LANGS
from laresapp.core.trek_doc import parse_trek_doc
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.treks.profile import profile_chart
from laresapp.treks.store import BUNDLED_FILES, bundled_path, read_bundled, store_trek
from laresapp.web.trek_text import trek_text

TEXT_KEYS = {
    "trek": ("name", "short_name", "summary", "difficulty", "quality_note"),
    "stage": ("title", "summary"),
    "waypoint": ("name", "notes"),
    "gear": ("group", "item", "why"),
}


def _texts(raw: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every text field of a bundled document, with where it is."""
    for k in TEXT_KEYS["trek"]:
        yield k, raw[k]
    yield "source.note", raw["source"]["note"]
    for s in raw["stages"]:
        for k in TEXT_KEYS["stage"]:
            yield f"stage {s['number']} {k}", s[k]
        if s.get("camp_notes"):
            yield f"stage {s['number']} camp_notes", s["camp_notes"]
    for w in raw["waypoints"]:
        for k in TEXT_KEYS["waypoint"]:
            yield f"{w['slug']} {k}", w[k]
        if w.get("advice"):
            yield f"{w['slug']} advice", w["advice"]
    for key, items in raw["sections"].items():
        for i, sec in enumerate(items):
            yield f"{key}[{i}] title", sec["title"]
            for j, para in enumerate(sec["body"]):
                yield f"{key}[{i}] body[{j}]", para
    for name in ("gear", "checklist"):
        for item in raw[name]:
            for k in TEXT_KEYS["gear"]:
                yield f"{name} {item['key']} {k}", item[k]


@pytest.mark.parametrize("name", BUNDLED_FILES)
def test_every_text_field_of_the_bundled_treks_is_in_english_and_spanish(name: str) -> None:
    raw = json.loads(bundled_path(name).read_text("utf-8"))
    missing = []
    for where, value in _texts(raw):
        if not isinstance(value, dict) or any(not (value.get(lang) or "").strip() for lang in LANGS):
            missing.append(where)
        elif value["en"] == value["es"] and len(value["en"]) > 30:
            missing.append(f"{where} (the Spanish is the English)")
    assert missing == [], f"{name}: text without both languages: {missing}"
    assert len(list(_texts(raw))) > 100


def test_the_pass_junction_points_to_the_apps_own_map() -> None:
    raw = json.loads(bundled_path("lares-a.json").read_text("utf-8"))
    junction = next(w for w in raw["waypoints"] if w["slug"] == "ipsayjasa-junction")
    words = json.dumps(raw, ensure_ascii=False)
    assert "Check your offline map before you commit" not in words
    assert "Open the map" in junction["notes"]["en"] and "Abre el mapa" in junction["notes"]["es"]
    checks = json.dumps(raw["checklist"], ensure_ascii=False).lower()
    assert "download an offline map" not in checks


def _half_translated(app: Flask) -> None:
    """lares-a with the Spanish taken off one waypoint's notes and a stage's summary."""
    doc = read_bundled("lares-a.json")
    raw = doc.to_json()
    raw["version"] += 1
    raw["stages"][0]["summary"] = raw["stages"][0]["summary"]["en"]
    raw["waypoints"][1]["notes"] = {"en": raw["waypoints"][1]["notes"]["en"]}
    with app.app_context():
        store_trek(parse_trek_doc(raw))
        db.session.commit()


def _render(app: Flask, lang: str, template: str, **names: Any) -> BeautifulSoup:
    with app.test_request_context("/"):
        g.lang = lang
        refresh()  # Flask-Babel keeps the locale per request
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek is not None
        context = {k: v(trek) for k, v in names.items()}
        return BeautifulSoup(render_template(template, trek=trek, **context), "html.parser")


def test_the_store_keeps_both_languages(app: Flask) -> None:
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek is not None
        assert trek.lang == "en"
        assert trek.name == trek.local("name").texts["en"]  # the column: the document's language
        assert set(trek.local("summary").texts) == {"en", "es"}
        assert set(trek.stages[0].local("camp_notes").texts) == {"en", "es"}
        junction = next(w for w in trek.waypoints if w.advice)
        assert set(junction.local("advice").texts) == {"en", "es"}
        stored = json.loads(trek.document_json)
        assert stored["format"] == 2 and stored["lang"] == "en"
        assert set(stored["gear"][0]["item"]) == {"en", "es"}


def test_a_stage_page_in_spanish_shows_the_spanish_and_marks_a_fallback(app: Flask) -> None:
    _half_translated(app)
    page = _render(app, "es", "treks/stage.html", stage=lambda t: t.stages[1])
    with app.app_context():
        t = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert t is not None
        es_title = t.stages[1].local("title").texts["es"]
        es_camp = t.stages[1].local("camp_notes").texts["es"]
    assert es_title in page.h1.get_text()
    assert es_camp in page.get_text()
    assert page.main.find(attrs={"lang": "en"}) is None, "day 2 is all in Spanish: nothing marked"

    first = _render(app, "es", "treks/stage.html", stage=lambda t: t.stages[0])
    shown = first.find("span", attrs={"lang": "en"})
    assert shown is not None and shown.get_text().strip(), "the English summary, not an empty block"
    mark = shown.find_next_sibling("small")
    assert mark is not None and mark.get_text() == "(en inglés)"


def _junction(t: Trek) -> Any:
    return next(w for w in t.waypoints if w.advice)


def test_a_waypoint_page_in_spanish(app: Flask) -> None:
    _half_translated(app)
    page = _render(
        app,
        "es",
        "treks/waypoint.html",
        wp=lambda t: t.waypoints[1],
        prev_wp=lambda t: None,
        next_wp=lambda t: None,
    )
    notes = page.find("span", attrs={"lang": "en"})
    assert notes is not None and "(en inglés)" in notes.parent.get_text()
    with app.app_context():
        t = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert t is not None
        es_advice = _junction(t).local("advice").texts["es"]
    page = _render(
        app,
        "es",
        "treks/waypoint.html",
        wp=_junction,
        prev_wp=lambda t: None,
        next_wp=lambda t: None,
    )
    advice = page.select_one("p.advice")
    assert advice is not None and es_advice in advice.get_text()
    assert page.main.find(attrs={"lang": "en"}) is None


def test_an_english_page_stays_english(app: Flask) -> None:
    page = _render(app, "en", "treks/overview.html")
    with app.app_context():
        t = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert t is not None
        assert page.h1.get_text().strip() == t.local("name").texts["en"]
        assert t.local("summary").texts["en"] in page.get_text()
        assert t.local("summary").texts["es"] not in page.get_text()
    assert page.select("small.lang-fallback") == []  # no text shown in the other language


def test_gear_and_sections_in_spanish(app: Flask) -> None:
    raw = json.loads(bundled_path("lares-a.json").read_text("utf-8"))
    gear = _render(app, "es", "treks/gear.html")
    assert [h.get_text() for h in gear.select("section.prose h2")] == list(
        dict.fromkeys(g["group"]["es"] for g in raw["gear"])
    )
    assert raw["gear"][0]["item"]["es"] in gear.get_text()
    tips = _render(app, "es", "treks/tips.html")
    assert raw["sections"]["tips"][0]["title"]["es"] in tips.get_text()
    assert raw["sections"]["tips"][0]["body"][0]["es"] in tips.get_text()
    assert tips.main.find(attrs={"lang": "en"}) is None


def test_the_helper_marks_a_fallback_in_plain_text_for_titles(app: Flask) -> None:
    with app.test_request_context("/"):
        g.lang = "es"
        refresh()  # Flask-Babel keeps the locale per request
        assert trek_text({"item": {"en": "Tent"}}, "item", plain=True) == "Tent (en inglés)"
        assert str(trek_text({"item": {"en": "<b>Tent</b>"}}, "item")) == (
            '<span lang="en">&lt;b&gt;Tent&lt;/b&gt;</span> <small class="lang-fallback">(en inglés)</small>'
        )
        g.lang = "en"
        refresh()  # Flask-Babel keeps the locale per request
        assert str(trek_text({"item": {"es": "Carpa"}}, "item")).endswith("(in Spanish)</small>")
        assert trek_text({"item": "Tent"}, "item") == "Tent"
        assert trek_text({}, "item") == ""


def test_the_json_export_is_the_bilingual_document_as_stored(client: Any) -> None:
    resp = client.get("/treks/lares-b/export.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert 'filename="lares-b.json"' in resp.headers["Content-Disposition"]
    doc = parse_trek_doc(resp.get_json())
    assert doc.lang == "en" and doc.version == 4
    raw = resp.get_json()
    assert raw["waypoints"][0]["name"] == {"en": "Kiswarani", "es": "Quishuarani"}
    assert client.get("/treks/nowhere/export.json").status_code == 404


def test_the_profile_carries_waypoint_texts_and_the_chart_speaks_the_page_language(
    app: Flask, client: Any
) -> None:
    data = client.get("/treks/lares-b/profile.json").get_json()
    assert data["lang"] == "en"
    first = next(iter(data["waypoint_texts"].values()))
    assert first["name"] == {"en": "Kiswarani", "es": "Quishuarani"}
    with app.test_request_context("/"):
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-b"))
        assert trek is not None
        g.lang = "es"
        refresh()  # Flask-Babel keeps the locale per request
        es_chart = profile_chart(trek, trek.stages[0])
        g.lang = "en"
        refresh()  # Flask-Babel keeps the locale per request
        en_chart = profile_chart(trek, trek.stages[0])
    assert "Quishuarani" in es_chart and "Quishuarani" not in en_chart
    assert "Kiswarani" in en_chart

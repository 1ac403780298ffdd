"""Trek text in two languages (format 2): both shapes, the visible fallback, bad values
refused with a message naming the field, format 1 documents read unchanged."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.local_text import LocalText, local_text, parse_local_text, pick
from laresapp.core.trek_doc import FORMAT_VERSION, migrate_document, parse_trek_doc


def _doc(**extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": 2,
        "slug": "tiny",
        "version": 1,
        "name": {"en": "Tiny trek", "es": "Ruta pequeña"},
        "short_name": "Tiny",
        "summary": {"en": "Up and down.", "es": "Subida y bajada."},
        "data_quality": "sketch",
        "stages": [
            {"number": 1, "title": {"en": "To the pass", "es": "Hasta el abra"}, "end_waypoint": "b"},
        ],
        "waypoints": [
            {"slug": "a", "name": "Cuncani", "type": "village", "lat": -13.1, "lon": -72.0, "stage": 1},
            {
                "slug": "b",
                "name": {"en": "The pass", "es": "El abra"},
                "type": "pass",
                "lat": -13.11,
                "lon": -72.01,
                "stage": 1,
                "notes": {"en": "Windy."},
                "advice": {"en": "Keep left", "es": "Sigue por la izquierda"},
            },
        ],
        "track": {"points": [[-13.1, -72.0, 3800], [-13.11, -72.01, 4400]]},
        "sections": {
            "tips": [{"title": {"en": "Water", "es": "Agua"}, "body": ["Boil it.", {"es": "Hiérvela."}]}]
        },
        "gear": [{"key": "tent", "group": {"en": "Shelter", "es": "Refugio"}, "item": "Tent", "why": ""}],
        "checklist": [{"key": "cash", "group": "Cusco", "item": {"en": "Cash", "es": "Efectivo"}}],
    }
    doc.update(extra)
    return doc


def test_both_shapes_parse_and_a_string_is_the_documents_own_language() -> None:
    doc = parse_trek_doc(_doc())
    assert FORMAT_VERSION == 2 and doc.lang == "en"
    assert doc.name == "Tiny trek"  # as a string: the document's language
    assert pick(doc.name, "es") == ("Ruta pequeña", "es")
    assert pick(doc.waypoints[0].name, "es") == ("Cuncani", "en")  # one name in both: shown, marked en
    assert pick(doc.stages[0].title, "es") == ("Hasta el abra", "es")
    assert pick(doc.sections["tips"][0].body[1], "en") == ("Hiérvela.", "es")
    assert pick(doc.checklist[0].item, "es") == ("Efectivo", "es")


def test_a_missing_language_falls_back_to_the_other_and_says_which() -> None:
    doc = parse_trek_doc(_doc())
    assert pick(doc.waypoints[1].notes, "es") == ("Windy.", "en")
    only_es = parse_local_text({"es": "Solo en castellano"}, "x", "en")
    assert str(only_es) == "Solo en castellano"  # never an empty string when a language has text
    assert pick(only_es, "en") == ("Solo en castellano", "es")
    assert pick(LocalText({}), "es") == ("", "es")


def test_a_spanish_document_keeps_its_plain_strings_in_spanish() -> None:
    doc = parse_trek_doc(_doc(lang="es", short_name="Corta"))
    assert pick(doc.short_name, "es") == ("Corta", "es")
    assert pick(doc.short_name, "en") == ("Corta", "es")
    assert doc.to_json()["short_name"] == "Corta"
    assert doc.to_json()["lang"] == "es"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("name",), {"en": "A", "fr": "B"}, "trek: 'name': unknown language 'fr'"),
        (("name",), 7, "trek: 'name': must be text or an object"),
        (("stages", 0, "summary"), {"es": 3}, "stage 1: 'summary': the 'es' text must be a string"),
        (("waypoints", 1, "advice"), ["Keep left"], "waypoint 'b': 'advice': must be text"),
        (("sections", "tips", 0, "body", 0), {"de": "x"}, "sections.tips[0].body[0]: unknown language 'de'"),
        (("gear", 0, "item"), None, "gear[0]: 'item' is missing"),
        (("lang",), "fr", "trek: 'lang' must be one of en, es"),
    ],
)
def test_bad_text_is_refused_with_a_message_naming_the_field(
    path: tuple[str | int, ...], value: Any, message: str
) -> None:
    doc = _doc()
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    with pytest.raises(RouteError) as err:
        parse_trek_doc(doc)
    assert message in str(err.value)


def test_the_document_round_trips_with_every_language() -> None:
    raw = _doc()
    doc = parse_trek_doc(raw)
    out = doc.to_json()
    assert out["format"] == 2
    assert out["name"] == {"en": "Tiny trek", "es": "Ruta pequeña"}
    assert out["waypoints"][0]["name"] == "Cuncani"  # one language, the document's: a plain string
    assert out["waypoints"][1]["notes"] == "Windy."
    assert out["sections"]["tips"][0]["body"] == ["Boil it.", {"es": "Hiérvela."}]
    again = parse_trek_doc(out)
    assert again.to_json() == out


def test_a_format_1_document_loads_unchanged_in_english() -> None:
    old = _doc(format=1, name="Old trek", summary="Plain English.")
    for w in old["waypoints"]:
        w.pop("notes", None)
        w.pop("advice", None)
        w["name"] = "A place"
    old["stages"][0]["title"] = "Day one"
    old["sections"] = {}
    old["gear"] = []
    old["checklist"] = []
    before = copy.deepcopy(old)
    assert migrate_document(old)["format"] == 2 and migrate_document(old)["lang"] == "en"
    assert old == before  # the caller's document is not changed
    doc = parse_trek_doc(old)
    assert doc.lang == "en"
    assert pick(doc.name, "es") == ("Old trek", "en")
    assert pick(doc.stages[0].title, "en") == ("Day one", "en")


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(RouteError, match="unsupported trek format 3"):
        parse_trek_doc(_doc(format=3))


def test_local_text_reads_stored_values_leniently() -> None:
    assert pick(local_text({"es": "Hola", "xx": 3}, "en"), "en") == ("Hola", "es")
    assert pick(local_text(None), "en") == ("", "en")
    assert pick(local_text("Hello"), "es") == ("Hello", "en")

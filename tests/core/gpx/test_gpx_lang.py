"""GPX keeps the language it was given: a Spanish trek exported and imported again is
still Spanish, with its text as it was; a bilingual trek exports its own language."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from laresapp.core.gpx.read import read_gpx
from laresapp.core.gpx.to_trek import gpx_to_trek
from laresapp.core.gpx.write import trek_to_gpx
from laresapp.core.local_text import pick
from laresapp.core.trek_doc import parse_trek_doc
from tests.core.gpx.test_gpx_roundtrip import NS, TREKS, make_trek


def test_a_spanish_trek_comes_back_spanish() -> None:
    raw = make_trek().to_json()
    raw["lang"] = "es"
    raw["name"] = "Travesía de prueba"
    raw["waypoints"][1]["name"] = "Agua del riachuelo"
    raw["stages"][0]["title"] = "Hasta el campamento del abra"
    doc = parse_trek_doc(raw)
    xml = trek_to_gpx(doc)
    keywords = ET.fromstring(xml).findtext(f"{NS}metadata/{NS}keywords") or ""
    assert "laresapp:lang=es" in keywords.split()
    back = gpx_to_trek(read_gpx(xml.encode("utf-8")), slug="prueba")
    assert back.lang == "es"
    assert back.name == "Travesía de prueba"
    assert back.waypoints[1].name == "Agua del riachuelo"
    assert back.stages[0].title == "Hasta el campamento del abra"
    again = parse_trek_doc(back.to_json())
    assert pick(again.name, "es") == ("Travesía de prueba", "es")
    assert pick(again.name, "en") == ("Travesía de prueba", "es")  # shown, marked as Spanish


def test_a_bilingual_bundled_trek_exports_its_own_language() -> None:
    doc = parse_trek_doc(json.loads(TREKS[0].read_text("utf-8")))
    xml = trek_to_gpx(doc)
    root = ET.fromstring(xml)
    assert root.findtext(f"{NS}metadata/{NS}name") == doc.name == pick(doc.name, "en")[0]
    assert "laresapp:lang" not in (root.findtext(f"{NS}metadata/{NS}keywords") or "")
    back = gpx_to_trek(read_gpx(xml.encode("utf-8")), slug="again")
    assert back.lang == "en"
    assert [w.name for w in back.waypoints] == [pick(w.name, "en")[0] for w in doc.waypoints]


def test_a_foreign_file_keeps_its_text_in_the_default_language() -> None:
    gpx = (
        '<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">'
        "<metadata><name>Caminata a Cuncani</name><desc>Subida dura.</desc></metadata>"
        '<trk><name>Día 1</name><trkseg><trkpt lat="-13.10" lon="-72.00"><ele>3800</ele></trkpt>'
        '<trkpt lat="-13.12" lon="-72.02"><ele>4100</ele></trkpt></trkseg></trk></gpx>'
    )
    doc = gpx_to_trek(read_gpx(gpx.encode("utf-8")), slug="cuncani")
    assert doc.lang == "en"
    assert doc.name == "Caminata a Cuncani" and doc.summary == "Subida dura."
    assert parse_trek_doc(doc.to_json()).to_json()["name"] == "Caminata a Cuncani"

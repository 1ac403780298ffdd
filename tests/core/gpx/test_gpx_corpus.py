"""Every file of the shared real-world GPX corpus imports or is refused with a clear reason.

Parametrised over the directory listing, so a file added to the corpus is covered
without touching this test: it must import into a valid trek unless it is listed in
REFUSED (with the words its refusal must contain). Files we know well get a closer
look at what a hiker would notice: length, days, waypoints, elevation remarks.
"""

from __future__ import annotations

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.gpx.read import read_gpx
from laresapp.core.gpx.to_trek import gpx_to_trek
from laresapp.core.track.snap import TrackLine
from laresapp.core.trek_doc import TrekDoc, parse_trek_doc
from tests.helpers import CORPUS, needs_corpus
from tests.helpers import CORPUS_FILES as FILES
from tests.helpers import CORPUS_REFUSED as REFUSED

pytestmark = needs_corpus

# name: (length km, stages, waypoints including created ones, has elevation)
KNOWN: dict[str, tuple[float, int, int, bool]] = {
    "Mojstrovka.gpx": (2.70, 1, 2, True),
    "cerknicko-jezero.gpx": (13.67, 1, 7, True),
    "cerknicko-jezero-without-elevations.gpx": (13.67, 1, 7, False),
    "cerknicko-jezero-with-elevations-zero.gpx": (13.67, 1, 7, False),
    "korita-zbevnica.gpx": (27.61, 2, 4, True),
    "route.gpx": (6.68, 1, 2, False),
}


def _import(name: str) -> TrekDoc:
    doc = gpx_to_trek(read_gpx((CORPUS / name).read_bytes()), slug="corpus")
    parse_trek_doc(doc.to_json())  # the result is a valid trek document
    return doc


@pytest.mark.parametrize("name", FILES)
def test_corpus_file_imports_or_is_refused_clearly(name: str) -> None:
    if name in REFUSED:
        with pytest.raises(RouteError) as info:
            _import(name)
        for words in REFUSED[name]:
            assert words in str(info.value), f"{name}: {info.value}"
        return
    doc = _import(name)
    assert len(doc.track) >= 2
    length_m = TrackLine(doc.track).length_m
    assert length_m > 0
    assert doc.stages and doc.waypoints
    assert doc.data_quality == "recorded" and doc.version == 1
    slugs = {w.slug for w in doc.waypoints}
    assert all(s.end_waypoint in slugs for s in doc.stages)
    stages = [w.stage for w in doc.waypoints]
    assert stages == sorted(stages), "waypoints are in stage order"
    if name in KNOWN:
        km, n_stages, n_waypoints, has_elevation = KNOWN[name]
        assert length_m / 1000 == pytest.approx(km, rel=0.01)
        assert len(doc.stages) == n_stages
        assert len(doc.waypoints) == n_waypoints
        assert doc.has_elevation == has_elevation


def test_known_files_are_in_the_corpus() -> None:
    missing = (set(REFUSED) | set(KNOWN)) - set(FILES)
    assert not missing, f"expected corpus files are gone: {missing}"


def test_zero_elevations_are_treated_as_missing() -> None:
    doc = _import("cerknicko-jezero-with-elevations-zero.gpx")
    assert all(p[2] is None for p in doc.track)
    assert "elevations are all 0" in doc.quality_note
    assert "climbs and times ignore height" in doc.quality_note


def test_missing_elevations_are_said() -> None:
    doc = _import("cerknicko-jezero-without-elevations.gpx")
    assert "this file has no elevations" in doc.quality_note.lower()
    partial = _import("first_and_last_elevation.gpx")
    assert "Only 2 of 10 points have an elevation" in partial.quality_note


def test_garmin_restarts_on_one_day_are_one_stage() -> None:
    parsed = read_gpx((CORPUS / "cerknicko-jezero.gpx").read_bytes())
    assert len(parsed.tracks) > 3  # ACTIVE LOG #2, #3, ... minutes apart
    assert len(_import("cerknicko-jezero.gpx").stages) == 1


def test_far_waypoints_are_kept_with_a_note() -> None:
    doc = _import("cerknicko-jezero.gpx")
    far = [w for w in doc.waypoints if "m from the track" in w.notes]
    assert far and all("about" in w.notes.lower() for w in far)
    assert f"{len(far)} waypoint(s) lie more than 200 m from the track" in doc.quality_note


def test_route_only_file_says_it_is_a_plan() -> None:
    doc = _import("route.gpx")
    assert "route" in doc.quality_note and "planned" in doc.quality_note


def test_routes_and_tracks_both_read() -> None:
    parsed = read_gpx((CORPUS / "gpx1.1_with_all_fields.gpx").read_bytes())
    kinds = [p.kind for p in parsed.tracks]
    assert kinds == ["route", "route", "track"]
    assert [p.name for p in parsed.tracks] == ["example name", "second route", "example name t"]
    wpt = parsed.waypoints[0]
    assert (wpt.name, wpt.symbol, wpt.type, wpt.comment, wpt.description) == (
        "example name",
        "example sym",
        "example type",
        "example cmt",
        "example desc",
    )
    assert parsed.version == "1.1"
    assert read_gpx((CORPUS / "gpx1.0_with_all_fields.gpx").read_bytes()).version == "1.0"


def test_empty_segments_are_skipped() -> None:
    parsed = read_gpx((CORPUS / "track-with-empty-segment.gpx").read_bytes())
    assert [len(s) for s in parsed.tracks[0].segments] == [9]


def test_split_at_km() -> None:
    doc = gpx_to_trek(
        read_gpx((CORPUS / "korita-zbevnica.gpx").read_bytes()),
        slug="k",
        split_at_km=[5.0, 15.0],
        name="Korita",
    )
    assert doc.name == "Korita"
    assert len(doc.stages) == 3
    line = TrackLine(doc.track)
    ends = {w.slug: w for w in doc.waypoints}
    along = [line.project(ends[s.end_waypoint].lat, ends[s.end_waypoint].lon).along_m for s in doc.stages]
    assert along[0] == pytest.approx(5000, abs=250)
    assert along[1] == pytest.approx(15000, abs=250)

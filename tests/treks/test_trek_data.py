"""Checks on the bundled trek files and the script that draws their sketch tracks.

The app derives every distance from the track, so these tests hold the data to what a
hiker will read: each day as long as its source says, the line through every waypoint
in order, advice at every junction, a camp at the end of every night, water each day,
and a committed track that the sketch script reproduces exactly.
"""

from __future__ import annotations

import copy
import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import cumulative_distances_m, haversine_m
from laresapp.core.trek_doc import TrekDoc, parse_trek_doc
from tools import sketch

ROOT = Path(__file__).resolve().parents[2]
TREKS = ROOT / "laresapp" / "treks" / "data"
FILES = ["lares-a.json", "lares-b.json"]
SOURCED = {"lares-a": {"lares-hot-springs"}, "lares-b": set()}
"""The only places lares-facts.md gives a sourced position for, per trek."""


def _raw(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TREKS / name).read_text(encoding="utf-8"))
    return data


def _nearest(doc: TrekDoc, lat: float, lon: float) -> tuple[int, float]:
    best = min(range(len(doc.track)), key=lambda i: haversine_m(lat, lon, doc.track[i][0], doc.track[i][1]))
    return best, haversine_m(lat, lon, doc.track[best][0], doc.track[best][1])


def _stage_lengths_m(doc: TrekDoc) -> list[float]:
    cum = cumulative_distances_m((p[0], p[1]) for p in doc.track)
    where = {w.slug: _nearest(doc, w.lat, w.lon)[0] for w in doc.waypoints}
    start = _nearest(doc, doc.waypoints[0].lat, doc.waypoints[0].lon)[0]
    out = []
    for s in doc.stages:
        end = where[s.end_waypoint]
        out.append(cum[end] - cum[start])
        start = end
    return out


@pytest.fixture(params=FILES)
def name(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


def test_parses_and_is_a_small_sketch(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    assert doc.slug == name.removesuffix(".json")
    assert doc.version == 4
    assert doc.data_quality == "sketch"
    # A sketch states how far off its line may be ("several km" in the facts file).
    assert doc.line_uncertainty_m == 3000
    assert "estimate" in doc.quality_note and "GPX" in doc.quality_note
    assert (TREKS / name).stat().st_size < 100_000  # every text in English and Spanish
    assert doc.has_elevation


def test_each_stage_matches_its_target_within_1_percent(name: str) -> None:
    raw = _raw(name)
    doc = parse_trek_doc(raw)
    for stage, length in zip(raw["stages"], _stage_lengths_m(doc), strict=True):
        target = sketch.stage_target_m(stage)
        assert target is not None, f"stage {stage['number']} has no target length"
        assert abs(length - target) <= 0.01 * target, (stage["number"], length, target)


def test_total_matches_published_total(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    assert doc.published_distance_km is not None
    total = cumulative_distances_m((p[0], p[1]) for p in doc.track)[-1]
    assert abs(total - doc.published_distance_km * 1000) <= 0.01 * doc.published_distance_km * 1000


def test_stage_lengths_add_up_to_the_track(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    total = cumulative_distances_m((p[0], p[1]) for p in doc.track)[-1]
    assert sum(_stage_lengths_m(doc)) == pytest.approx(total, abs=1.0)


def test_track_passes_every_waypoint_in_order(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    indices = []
    for w in doc.waypoints:
        i, off = _nearest(doc, w.lat, w.lon)
        assert off <= 25.0, f"{w.slug} is {off:.0f} m from the track"
        indices.append(i)
    assert indices[0] == 0 and indices[-1] == len(doc.track) - 1
    assert all(a < b for a, b in itertools.pairwise(indices)), indices


def test_waypoint_stage_numbers_follow_the_stage_ends(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    stage = 1
    ends = {s.end_waypoint: s.number for s in doc.stages}
    for w in doc.waypoints:
        assert w.stage == stage, w.slug
        if ends.get(w.slug) == stage and stage < len(doc.stages):
            stage += 1
    assert doc.stages[-1].end_waypoint == doc.waypoints[-1].slug


def test_track_elevation_meets_each_waypoint(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    for w in doc.waypoints:
        ele = doc.track[_nearest(doc, w.lat, w.lon)[0]][2]
        assert w.elevation_m is not None and ele is not None
        assert abs(ele - w.elevation_m) <= 1.0, w.slug
    top = max(p[2] or 0.0 for p in doc.track)
    assert top == max(w.elevation_m or 0.0 for w in doc.waypoints)


def test_point_spacing(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    cum = cumulative_distances_m((p[0], p[1]) for p in doc.track)
    gaps = [b - a for a, b in itertools.pairwise(cum)]
    assert min(gaps) > 20.0 and max(gaps) < 70.0, (min(gaps), max(gaps))


def test_junctions_have_advice(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    for w in doc.waypoints:
        if w.type == "junction":
            assert w.advice and w.advice.strip(), w.slug


def test_nights_end_at_campsites_with_notes(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    types = {w.slug: w.type for w in doc.waypoints}
    for s in doc.stages[:-1]:
        assert types[s.end_waypoint] == "campsite", s.number
        assert len(s.camp_notes) > 40, s.number
    assert doc.stages[-1].camp_notes == ""


def test_every_stage_has_water_or_says_why_not(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    for s in doc.stages:
        has_water = any(w.type == "water" and w.stage == s.number for w in doc.waypoints)
        assert has_water or "no water" in s.summary.lower(), s.number


def test_confidence_is_sourced_only_where_the_facts_say(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    for w in doc.waypoints:
        assert w.confidence in ("sourced", "estimate"), w.slug
        assert (w.confidence == "sourced") == (w.slug in SOURCED[doc.slug]), w.slug


def test_reading_sections_and_gear_are_filled(name: str) -> None:
    doc = parse_trek_doc(_raw(name))
    for key in ("getting_there", "getting_away", "tips", "altitude"):
        assert doc.sections.get(key), key
        assert all(sec.title and sec.body and all(sec.body) for sec in doc.sections[key])
    assert "not medical advice" in " ".join(b for s in doc.sections["altitude"] for b in s.body)
    assert len(doc.gear) >= 15
    assert {"passport", "tent", "water-filter"} <= {g.key for g in doc.gear}
    assert all(g.why for g in doc.gear)


def test_sketch_reproduces_the_committed_file(name: str, tmp_path: Path) -> None:
    copy_path = tmp_path / name
    shutil.copy(TREKS / name, copy_path)
    subprocess.run(
        [sys.executable, "-m", "tools.sketch", str(copy_path)], cwd=ROOT, check=True, capture_output=True
    )
    assert json.loads(copy_path.read_text(encoding="utf-8"))["track"] == _raw(name)["track"]
    assert copy_path.read_bytes() == (TREKS / name).read_bytes()


# --- the sketch method itself, on small made-up treks -------------------------------


def _tiny(target_km: float | None, key: str = "published_distance_km") -> dict[str, Any]:
    return {
        "format": 1,
        "slug": "tiny",
        "version": 1,
        "name": "Tiny",
        "data_quality": "sketch",
        "stages": [{"number": 1, "title": "One", "end_waypoint": "c", key: target_km}],
        "waypoints": [
            {
                "slug": "a",
                "name": "A",
                "type": "trailhead",
                "lat": -13.0,
                "lon": -72.0,
                "elevation_m": 3000,
                "stage": 1,
            },
            {
                "slug": "b",
                "name": "B",
                "type": "pass",
                "lat": -13.02,
                "lon": -72.01,
                "elevation_m": None,
                "stage": 1,
            },
            {
                "slug": "c",
                "name": "C",
                "type": "campsite",
                "lat": -13.03,
                "lon": -72.03,
                "elevation_m": 4000,
                "stage": 1,
            },
        ],
        "track": {"points": []},
    }


def _length_m(points: list[list[float | None]]) -> float:
    return cumulative_distances_m((float(p[0] or 0), float(p[1] or 0)) for p in points)[-1]


@pytest.mark.parametrize("key", ["published_distance_km", "sketch_target_km"])
def test_sketch_hits_a_target_and_the_waypoints(key: str) -> None:
    doc = _tiny(7.0, key)
    points = sketch.sketch_track(doc)
    assert abs(_length_m(points) - 7000) < 35
    assert points[0][:2] == [-13.0, -72.0] and points[-1][:2] == [-13.03, -72.03]
    assert [-13.02, -72.01] in [p[:2] for p in points]
    elevations = [p[2] for p in points]
    assert elevations[0] == 3000 and elevations[-1] == 4000
    assert all(e is not None and 3000 <= e <= 4000 for e in elevations)
    assert sketch.sketch_track(copy.deepcopy(doc)) == points


def test_sketch_without_a_target_is_straight() -> None:
    points = sketch.sketch_track(_tiny(None))
    chord = haversine_m(-13.0, -72.0, -13.02, -72.01) + haversine_m(-13.02, -72.01, -13.03, -72.03)
    assert _length_m(points) == pytest.approx(chord, abs=5)


def test_sketch_refuses_stages_that_do_not_tile_the_waypoints() -> None:
    doc = _tiny(7.0)
    doc["stages"][0]["end_waypoint"] = "b"
    with pytest.raises(RouteError):
        sketch.sketch_track(doc)

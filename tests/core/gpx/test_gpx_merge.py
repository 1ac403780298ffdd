"""A recorded GPS track replaces a sketch's line and positions, keeping its words."""

from __future__ import annotations

import math

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.gpx.merge import merge_recorded, name_key
from laresapp.core.gpx.read import read_gpx
from laresapp.core.gpx.to_trek import gpx_to_trek
from laresapp.core.track.snap import TrackLine
from laresapp.core.trek_doc import GearDoc, SectionDoc, StageDoc, TrekDoc, WaypointDoc, parse_trek_doc


def _line(n: int, shift_deg: float = 0.0) -> list[tuple[float, float, float | None]]:
    return [
        (-13.10 - i * 0.0005 + shift_deg, -72.05 - i * 0.0002 + 0.001 * math.sin(i / 9), 3200.0 + 5 * i)
        for i in range(n)
    ]


def make_sketch() -> TrekDoc:
    track = _line(301)[::20]  # a coarse sketch of the same line

    def wp(slug: str, name: str, kind: str, i: int, stage: int, **kw: object) -> WaypointDoc:
        lat, lon, _ = _line(301)[i]
        return WaypointDoc(
            slug=slug,
            name=name,
            type=kind,
            lat=lat + 0.002,
            lon=lon,
            elevation_m=3000.0,
            stage=stage,
            confidence="estimate",
            **kw,
        )  # type: ignore[arg-type]

    waypoints = [
        wp("kiswarani", "Kiswarani", "trailhead", 0, 1, notes="Start here."),
        wp("kunkani-camp", "Kunkani camp", "campsite", 100, 1, notes="Windy."),
        wp("junction", "Trail junction", "junction", 130, 2, advice="Keep LEFT"),
        wp("huacahuasi", "Huacahuasi", "village", 160, 2),
        wp("ipsayqocha", "Ipsayqocha", "lake", 200, 2),
        wp("lake-camp", "Lake camp", "campsite", 210, 2, notes="Cold."),
        wp("lost-spring", "Lost spring", "water", 250, 3),
        wp("patacancha", "Patacancha", "village", 300, 3),
    ]
    stages = [
        StageDoc(1, "To Kunkani", "Day one.", "kunkani-camp", 5.0, "Camp by the school."),
        StageDoc(2, "Over the top", "Day two.", "lake-camp", 6.0, "Lake shore."),
        StageDoc(3, "Down", "Day three.", "patacancha", 4.0, ""),
    ]
    return TrekDoc(
        slug="lares-b",
        version=3,
        name="Kiswarani to Patacancha",
        short_name="B",
        summary="Sketch.",
        data_quality="sketch",
        quality_note="Estimates.",
        stages=stages,
        waypoints=waypoints,
        track=track,
        difficulty="hard",
        sections={"tips": [SectionDoc("Tip", ["Go slow."])]},
        gear=[GearDoc("tent", "Shelter", "Tent")],
    )


def recorded_gpx(shift_deg: float = 0.0, reverse: bool = False) -> bytes:
    line = _line(301, shift_deg)
    if reverse:
        line = line[::-1]
    wpts = [
        (0, "Quishuarani", "Trail Head"),
        (100, "Campamento Cuncani", "Campground"),
        (161, "Huacawasi", "City (Small)"),
        (199, "Laguna Ipsaycocha", ""),
        (212, "012", "Campground"),  # unnamed camp near the sketch's "Lake camp"
        (230, "Hot food stall", ""),  # only in the recording
        (300, "Patacancha", "City (Small)"),
    ]
    body = "".join(
        f'<wpt lat="{line[i][0]:.6f}" lon="{line[i][1]:.6f}"><ele>{line[i][2]:.1f}</ele>'
        f"<name>{name}</name>" + (f"<sym>{sym}</sym>" if sym else "") + "</wpt>\n"
        for i, name, sym in ([] if reverse else wpts)
    )
    pts = "".join(f'<trkpt lat="{a:.6f}" lon="{b:.6f}"><ele>{e:.1f}</ele></trkpt>\n' for a, b, e in line)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="phone" '
        f'xmlns="http://www.topografix.com/GPX/1/1">{body}<trk><name>walk</name><trkseg>'
        f"{pts}</trkseg></trk></gpx>"
    ).encode()


def recorded(**kw: object) -> TrekDoc:
    return gpx_to_trek(read_gpx(recorded_gpx(**kw)), slug="rec")  # type: ignore[arg-type]


def test_name_keys_ignore_spelling() -> None:
    for a, b in [
        ("Kiswarani", "Quishuarani"),
        ("Kunkani", "Cuncani"),
        ("Huacahuasi", "Huacawasi"),
        ("Ipsayqocha", "Ipsaycocha"),
        ("Ipsayjasa", "Ipsayqasa"),
        ("Millpo", "Milpo"),
        ("Ccorao", "Korao"),
    ]:
        assert name_key(a) == name_key(b), (a, b)
    assert name_key("Kunkani camp", core=True) == name_key("Campamento Cuncani", core=True)
    assert name_key("Lares") != name_key("Patacancha")


def test_merge_keeps_the_words_and_takes_the_line() -> None:
    sketch, rec = make_sketch(), recorded()
    merged = merge_recorded(sketch, rec)
    parse_trek_doc(merged.to_json())
    assert merged.slug == "lares-b" and merged.name == sketch.name
    assert merged.summary == "Sketch." and merged.difficulty == "hard"
    assert merged.version == 4 and merged.data_quality == "recorded"
    assert merged.track == rec.track
    assert [(s.title, s.summary, s.camp_notes, s.end_waypoint) for s in merged.stages] == [
        (s.title, s.summary, s.camp_notes, s.end_waypoint) for s in sketch.stages
    ]
    assert merged.sections == sketch.sections and merged.gear == sketch.gear
    assert "Track recorded on the ground" in merged.quality_note
    by = {w.slug: w for w in merged.waypoints}
    for slug, rec_name in [
        ("kiswarani", "Quishuarani"),
        ("kunkani-camp", "Campamento Cuncani"),
        ("huacahuasi", "Huacawasi"),
        ("ipsayqocha", "Laguna Ipsaycocha"),
        ("lake-camp", "012"),
        ("patacancha", "Patacancha"),
    ]:
        src = next(w for w in rec.waypoints if w.name == rec_name)
        assert (by[slug].lat, by[slug].lon) == (src.lat, src.lon), slug
        assert by[slug].confidence == "recorded"
        assert by[slug].elevation_m == src.elevation_m
    assert by["kiswarani"].notes == "Start here." and by["kunkani-camp"].notes == "Windy."
    assert by["junction"].advice == "Keep LEFT"
    # not in the recording: placed on the new track, still an estimate, with a note
    for slug in ("junction", "lost-spring"):
        assert by[slug].confidence == "estimate"
        assert "Not found in the recording" in by[slug].notes
        assert TrackLine(rec.track).project(by[slug].lat, by[slug].lon).offset_m < 1.0
    # only in the recording: added
    assert "hot-food-stall" in by and by["hot-food-stall"].confidence == "recorded"
    assert not any(w.name in ("Start", "End of the trek") for w in merged.waypoints)
    assert "2 keep positions estimated" in merged.quality_note


def test_merged_waypoints_follow_the_track_and_their_stages() -> None:
    merged = merge_recorded(make_sketch(), recorded())
    line = TrackLine(merged.track)
    along = [line.project(w.lat, w.lon).along_m for w in merged.waypoints]
    assert along == sorted(along)
    assert [w.stage for w in merged.waypoints] == sorted(w.stage for w in merged.waypoints)
    index = {w.slug: i for i, w in enumerate(merged.waypoints)}
    for stage in merged.stages:
        end = merged.waypoints[index[stage.end_waypoint]]
        assert end.stage == stage.number
        assert all(w.stage <= stage.number for w in merged.waypoints[: index[end.slug]])
    assert merged.waypoints[0].slug == "kiswarani"


def test_another_route_is_refused() -> None:
    with pytest.raises(RouteError, match="looks like another route"):
        merge_recorded(make_sketch(), recorded(shift_deg=0.5))


def test_a_reversed_recording_is_refused_with_advice() -> None:
    with pytest.raises(RouteError, match="runs the other way"):
        merge_recorded(make_sketch(), recorded(reverse=True))


def test_proximity_needs_the_same_kind() -> None:
    sketch = make_sketch()
    merged = merge_recorded(sketch, recorded(), match_radius_m=10.0)
    by = {w.slug: w for w in merged.waypoints}
    assert by["lake-camp"].confidence == "estimate"  # "012" is 220 m away: too far now
    assert by["huacahuasi"].confidence == "recorded"  # by name, whatever the distance

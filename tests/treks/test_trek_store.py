"""Stored treks agree with their lines: distances add up, waypoints in order, reloads keep ids."""

from __future__ import annotations

import pytest
from flask import Flask

from laresapp.core.track.profile import build_profile
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.treks.store import load_bundled_treks, read_bundled, store_trek


@pytest.mark.parametrize("slug", ["lares-a", "lares-b"])
def test_stages_cover_the_track_and_waypoints_are_ordered(app: Flask, slug: str) -> None:
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
        assert trek is not None
        assert trek.stages[0].start_m == 0
        for a, b in zip(trek.stages, trek.stages[1:], strict=False):
            assert a.end_m == b.start_m
        assert trek.stages[-1].end_m == pytest.approx(trek.length_m)
        assert sum(s.distance_m for s in trek.stages) == pytest.approx(trek.length_m)
        assert sum(s.ascent_m or 0 for s in trek.stages) == pytest.approx(trek.ascent_m or 0, abs=1)
        distances = [w.distance_m for w in trek.waypoints]
        assert distances == sorted(distances)
        for w in trek.waypoints:
            assert w.stage.start_m - 60 <= w.distance_m <= w.stage.end_m + 60
            assert w.offset_m < 50, f"{w.slug} is {w.offset_m:.0f} m off its own sketch line"
        for s in trek.stages:
            assert s.end_waypoint is not None
            assert s.walking_time_s > 0
        assert trek.is_sketch and trek.data_quality == "sketch"
        assert trek.high_point_m == max(s.high_point_m or 0 for s in trek.stages)


def test_published_distances_match_the_sketch(app: Flask) -> None:
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek is not None
        assert trek.length_m / 1000 == pytest.approx(trek.published_distance_km, rel=0.01)
        for s in trek.stages:
            assert s.distance_m / 1000 == pytest.approx(s.published_distance_km, rel=0.01)


def test_newer_bundled_version_replaces_stages_but_keeps_the_trek_row(app: Flask) -> None:
    with app.app_context():
        before = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert before is not None
        trek_id, version = before.id, before.version
        doc = read_bundled("lares-a.json")
        doc.version = version + 1
        doc.stages[0].title = "A renamed first day"
        store_trek(doc)
        db.session.commit()
        db.session.expire_all()
        after = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert after is not None
        assert after.id == trek_id and after.version == version + 1
        assert after.stages[0].title == "A renamed first day"
        assert len(after.waypoints) == len(doc.waypoints)


def test_imported_recording_is_not_overwritten_by_bundled_data(app: Flask) -> None:
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-b"))
        assert trek is not None
        trek.origin = "imported"
        trek.version = 0
        db.session.commit()
        assert "lares-b" not in load_bundled_treks()
        db.session.expire_all()
        kept = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-b"))
        assert kept is not None and kept.origin == "imported"


def test_profile_of_stored_document_matches_stored_length(app: Flask) -> None:
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-b"))
        assert trek is not None
        pts = [tuple(p) for p in trek.document["track"]["points"]]
        assert build_profile(pts).length_m == pytest.approx(trek.length_m)  # type: ignore[arg-type]

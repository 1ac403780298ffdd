"""An install from before issue 13 upgrades: its stored (format 1, English) treks keep
loading and showing, in English, on every page; the bundled ones are stored again with
both languages."""

from __future__ import annotations

import json
from pathlib import Path

from flask import g, render_template
from flask_babel import refresh
from flask_migrate import upgrade
from sqlalchemy import text

from laresapp import create_app
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.treks.store import load_bundled_treks
from tests.helpers import make_config

OLD_DOC = {
    "format": 1,
    "slug": "old-walk",
    "version": 1,
    "name": "An old walk",
    "short_name": "Old",
    "summary": "Stored before Spanish existed.",
    "data_quality": "recorded",
    "stages": [{"number": 1, "title": "The only day", "summary": "", "end_waypoint": "b"}],
    "waypoints": [
        {"slug": "a", "name": "Start", "type": "trailhead", "lat": -13.1, "lon": -72.0, "stage": 1},
        {"slug": "b", "name": "Finish", "type": "village", "lat": -13.11, "lon": -72.01, "stage": 1},
    ],
    "track": {"points": [[-13.1, -72.0, 3800.0], [-13.11, -72.01, 3900.0]]},
}


def _old_rows() -> None:
    doc = json.dumps(OLD_DOC)
    db.session.execute(
        text(
            "INSERT INTO trek (id, slug, version, name, short_name, summary, difficulty, data_quality,"
            " quality_note, source_name, source_note, origin, published_distance_km, has_elevation,"
            " length_m, ascent_m, descent_m, high_point_m, low_point_m, walking_time_s, point_count,"
            " document_json, updated_at) VALUES (900, 'old-walk', 1, 'An old walk', 'Old',"
            " 'Stored before Spanish existed.', '', 'recorded', '', '', '', 'imported', NULL, 1,"
            " 1500, 100, 0, 3900, 3800, 1800, 2, :doc, '2026-01-01 00:00:00')"
        ),
        {"doc": doc},
    )
    db.session.execute(
        text(
            "INSERT INTO stage (id, trek_id, number, title, summary, camp_notes, published_distance_km,"
            " start_m, end_m, ascent_m, descent_m, high_point_m, walking_time_s, end_waypoint_slug)"
            " VALUES (900, 900, 1, 'The only day', '', '', NULL, 0, 1500, 100, 0, 3900, 1800, 'b')"
        )
    )
    for i, (slug, name, kind, along) in enumerate(
        (("a", "Start", "trailhead", 0), ("b", "Finish", "village", 1500))
    ):
        db.session.execute(
            text(
                "INSERT INTO waypoint (id, trek_id, stage_id, position, slug, name, type, lat, lon,"
                " elevation_m, confidence, notes, advice, distance_m, offset_m) VALUES"
                " (:id, 900, 900, :pos, :slug, :name, :kind, -13.1, -72.0, NULL, 'sourced', '', NULL,"
                " :along, 0)"
            ),
            {"id": 900 + i, "pos": i, "slug": slug, "name": name, "kind": kind, "along": along},
        )
    db.session.commit()


def test_an_old_install_upgrades_and_its_treks_show_in_english(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path / "old.sqlite", AUTO_INIT=False))
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="c4e1d2a9b7f3")  # the schema before issue 13
        _old_rows()
        upgrade(directory=directory)
        load_bundled_treks()
        old = db.session.scalar(db.select(Trek).where(Trek.slug == "old-walk"))
        assert old is not None and old.lang == "en" and old.texts_json is None
        assert old.local("name").texts == {"en": "An old walk"}
        bundled = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert bundled is not None and bundled.version == 4
        assert set(bundled.local("name").texts) == {"en", "es"}
        db.engine.dispose()
    with app.test_request_context("/"):
        g.lang = "es"
        refresh()  # Flask-Babel keeps the locale per request
        old = db.session.scalar(db.select(Trek).where(Trek.slug == "old-walk"))
        page = render_template("treks/stage.html", trek=old, stage=old.stages[0])
        assert '<span lang="en">The only day</span> <small class="lang-fallback">(en inglés)</small>' in page
        db.engine.dispose()
    client = app.test_client()
    assert client.get("/treks/old-walk/").status_code == 200
    gpx = client.get("/treks/old-walk/export.gpx")
    assert gpx.status_code == 200 and b"<name>An old walk</name>" in gpx.data
    with app.app_context():
        db.engine.dispose()

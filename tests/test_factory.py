"""The app factory: configuration order, first start, and start-up refusing broken data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from laresapp import create_app
from laresapp.extensions import db
from laresapp.treks.models import Trek
from tests.helpers import REPO, make_config


def test_importing_the_package_touches_no_disk(tmp_path: Path) -> None:
    code = "import laresapp, laresapp.treks.views, laresapp.trips.views; print('ok')"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "ok"
    assert list(tmp_path.iterdir()) == []


def test_test_config_overrides_defaults(db_path: Path) -> None:
    app = create_app(make_config(db_path, HTMX_URL="http://127.0.0.1/htmx.js"))
    assert app.testing
    assert app.config["HTMX_URL"] == "http://127.0.0.1/htmx.js"
    assert app.config["MAX_CONTENT_LENGTH"] == 8 * 1024 * 1024


def test_environment_overrides_defaults(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LARESAPP_MAX_CONTENT_LENGTH", "1234")
    app = create_app(make_config(db_path))
    assert app.config["MAX_CONTENT_LENGTH"] == 1234


def test_first_start_creates_database_and_loads_both_treks(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    app = create_app(make_config(path))
    assert path.exists()
    with app.app_context():
        slugs = db.session.scalars(db.select(Trek.slug).order_by(Trek.slug)).all()
        assert slugs == ["lares-a", "lares-b"]
    # A second start changes nothing and keeps ids.
    with app.app_context():
        ids = dict(db.session.execute(db.select(Trek.slug, Trek.id)).tuples().all())
    again = create_app(make_config(path))
    with again.app_context():
        assert dict(db.session.execute(db.select(Trek.slug, Trek.id)).tuples().all()) == ids


def test_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    config = make_config(tmp_path / "a.sqlite")
    del config["SECRET_KEY"]
    instance = tmp_path / "instance"
    from flask import Flask

    original = Flask.__init__

    def with_instance(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["instance_path"] = str(instance)
        original(self, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(Flask, "__init__", with_instance)
    try:
        first = create_app(config).config["SECRET_KEY"]
        second = create_app(config).config["SECRET_KEY"]
    finally:
        mp.undo()
    assert first == second and len(first) == 64
    assert (instance / "secret_key").read_text().strip() == first


def _break_bundled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, content: str | None) -> None:
    """Point the loader at a copy of the bundled files with one of them changed."""
    src = REPO / "laresapp" / "treks" / "data"
    dest = tmp_path / "treks"
    dest.mkdir()
    for f in src.glob("*.json"):
        (dest / f.name).write_bytes(f.read_bytes())
    if content is None:
        (dest / name).unlink()
    else:
        (dest / name).write_text(content)
    import laresapp.treks.store as store

    monkeypatch.setattr(store, "bundled_dir", lambda: dest)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "laresapp/treks/data/lares-b.json is missing"),
        ("{ not json", "laresapp/treks/data/lares-b.json is not valid JSON"),
        (
            json.dumps({"format": 1, "slug": "lares-b", "version": 1}),
            "laresapp/treks/data/lares-b.json: trek: 'data_quality' is missing",
        ),
    ],
)
def test_broken_bundled_file_stops_start_up_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str | None, expected: str
) -> None:
    _break_bundled(monkeypatch, tmp_path, "lares-b.json", content)
    with pytest.raises(click.ClickException) as info:
        create_app(make_config(tmp_path / "x.sqlite"))
    assert expected in info.value.message


def test_waypoint_outside_its_stage_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = json.loads((REPO / "laresapp" / "treks" / "data" / "lares-a.json").read_text())
    data["waypoints"][-1]["stage"] = 1  # the last place of day 3 claimed for day 1
    _break_bundled(monkeypatch, tmp_path, "lares-a.json", json.dumps(data))
    with pytest.raises(click.ClickException) as info:
        create_app(make_config(tmp_path / "x.sqlite"))
    assert "lares-a.json" in info.value.message and "outside its stage 1" in info.value.message

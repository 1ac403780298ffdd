"""`flask import-gpx` / `flask export-gpx`: what an organiser at a terminal sees.

Every file either becomes a trek or is refused with a message naming the file and the
problem, a non-zero exit, and not one row written in any table (counted before and
after). Replacing the Lares A sketch with a recording keeps its words and its row.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from laresapp.core.gpx.read import MAX_BYTES_DEFAULT
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.treks.store import load_bundled_treks
from laresapp.trips.models import Trip
from tests.helpers import (
    CORPUS,
    CORPUS_FILES,
    HOSTILE,
    HOSTILE_EXPECTED,
    needs_corpus,
    recorded_lares_a,
    row_counts,
    run,
    trek,
)
from tests.helpers import CORPUS_REFUSED as REFUSED


def test_corpus_is_present() -> None:
    assert CORPUS_FILES, f"the shared GPX corpus is missing at {CORPUS}"


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_corpus_file_imports_or_is_refused_by_name(app: Flask, name: str) -> None:
    before = row_counts(app)
    result = run(app, "import-gpx", CORPUS / name, "--slug", "corpus")
    after = row_counts(app)
    if name in REFUSED:
        assert result.exit_code == 1, result.output
        assert f"{name}: not imported:" in result.output
        for words in REFUSED[name]:
            assert words in result.output
        assert after == before, "a refused file wrote rows"
        return
    assert result.exit_code == 0, result.output
    assert "stage(s)" in result.output and " km, " in result.output
    assert "elevation:" in result.output
    assert after["trek"] == before["trek"] + 1
    stored = trek(app, "corpus")
    assert stored is not None and stored.origin == "imported" and stored.stages


@pytest.mark.parametrize("name", sorted(HOSTILE_EXPECTED))
def test_hostile_files_are_refused_with_their_reason_and_nothing_written(app: Flask, name: str) -> None:
    before = row_counts(app)
    result = run(app, "import-gpx", HOSTILE / name)
    assert result.exit_code == 1
    assert f"{name}: not imported:" in result.output
    for words in HOSTILE_EXPECTED[name]:
        assert words in result.output, result.output
    assert "Traceback" not in result.output
    assert row_counts(app) == before


def test_an_over_size_file_is_refused_without_reading_it(app: Flask, tmp_path: Path) -> None:
    big = tmp_path / "huge.gpx"
    with big.open("wb") as f:  # sparse: the size is real, the bytes are never read
        f.truncate(MAX_BYTES_DEFAULT + 1)
    before = row_counts(app)
    result = run(app, "import-gpx", big)
    assert result.exit_code == 1
    assert "huge.gpx: not imported: the file is 20.0 MB, more than the 20 MB allowed" in result.output
    assert row_counts(app) == before


def test_a_missing_file_is_named(app: Flask, tmp_path: Path) -> None:
    result = run(app, "import-gpx", tmp_path / "nope.gpx")
    assert result.exit_code == 1
    assert "nope.gpx: not imported: there is no such file" in result.output


@needs_corpus
def test_a_failure_while_storing_rolls_everything_back(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows already flushed by store_trek must not survive a failure after it."""
    import laresapp.treks.gpx as service

    real_store = service.store_trek

    def store_then_fail(*args: object, **kwargs: object) -> object:
        real_store(*args, **kwargs)  # type: ignore[arg-type]
        db.session.flush()
        assert db.session.scalar(select(func.count()).select_from(Trek)) == 3
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(service, "store_trek", store_then_fail)
    before = row_counts(app)
    result = run(app, "import-gpx", CORPUS / "korita-zbevnica.gpx")
    assert result.exit_code != 0
    assert row_counts(app) == before


@needs_corpus
def test_many_files_each_all_or_nothing(app: Flask) -> None:
    before = row_counts(app)
    result = run(
        app,
        "import-gpx",
        CORPUS / "korita-zbevnica.gpx",
        HOSTILE / "billion_laughs.gpx",
        CORPUS / "Mojstrovka.gpx",
    )
    assert result.exit_code == 1
    assert "korita-zbevnica.gpx: Imported" in result.output
    assert "billion_laughs.gpx: not imported: the file declares a DTD/entities" in result.output
    assert "Mojstrovka.gpx: Imported" in result.output
    assert "1 of 3 file(s) not imported" in result.output
    assert row_counts(app)["trek"] == before["trek"] + 2


@needs_corpus
def test_an_existing_trek_is_never_overwritten_without_replace(app: Flask) -> None:
    assert run(app, "import-gpx", CORPUS / "Mojstrovka.gpx").exit_code == 0
    before = row_counts(app)
    again = run(app, "import-gpx", CORPUS / "Mojstrovka.gpx")
    assert again.exit_code == 1
    assert "a trek with the id 'mojstrovka' already exists" in again.output
    assert "--replace mojstrovka" in again.output
    taken = run(app, "import-gpx", CORPUS / "korita-zbevnica.gpx", "--slug", "lares-a")
    assert taken.exit_code == 1 and "'lares-a' already exists" in taken.output
    assert row_counts(app) == before


@needs_corpus
def test_options_slug_name_and_split(app: Flask) -> None:
    result = run(
        app,
        "import-gpx",
        CORPUS / "korita-zbevnica.gpx",
        "--slug",
        "korita",
        "--name",
        "Korita to Zbevnica",
        "--split-at-km",
        "5, 15",
    )
    assert result.exit_code == 0, result.output
    assert "Imported 'Korita to Zbevnica' (korita): 3 stage(s), 27.6 km" in result.output
    stored = trek(app, "korita")
    assert stored is not None and stored.name == "Korita to Zbevnica"
    assert [round(s.end_m / 1000) for s in stored.stages] == [5, 15, 28]


@needs_corpus
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--slug", "Not A Slug"], "must be lower-case letters, digits and dashes"),
        (["--split-at-km", "12,abc"], "'abc' is not a number"),
        (["--split-at-km", "99"], "cannot split at 99 km: the track is 27.6 km long"),
        (["--replace", "nowhere"], "there is no trek 'nowhere' to replace"),
    ],
)
def test_bad_options_are_explained(app: Flask, args: list[str], words: str) -> None:
    before = row_counts(app)
    result = run(app, "import-gpx", CORPUS / "korita-zbevnica.gpx", *args)
    assert result.exit_code != 0
    assert words in result.output.replace("\u00a0", " ")  # a unit stays on its number's line
    assert row_counts(app) == before


@needs_corpus
def test_file_without_names_is_named_after_the_file(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "my_walk-2024.gpx"
    path.write_bytes((CORPUS / "route.gpx").read_bytes())
    result = run(app, "import-gpx", path)
    assert result.exit_code == 0, result.output
    assert "Imported 'My walk 2024' (my-walk-2024)" in result.output


# ------------------------------------------------------------------ replacing a sketch


def test_replace_lares_a_keeps_its_words_row_and_trips(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    with app.app_context():
        old = db.session.scalar(select(Trek).where(Trek.slug == "lares-a"))
        assert old is not None and old.is_sketch
        old_id, old_version = old.id, old.version
        words = {w.slug: (w.notes, w.advice) for w in old.waypoints}
        stages = [(s.number, s.title, s.camp_notes, s.end_waypoint_slug) for s in old.stages]
        db.session.add(Trip(token="t" * 32, trek_id=old_id, start_date=date(2025, 6, 1)))
        db.session.commit()
    assert "Approximate — for planning" in client.get("/treks/lares-a/").get_data(as_text=True)

    path = tmp_path / "lares-recorded.gpx"
    path.write_bytes(recorded_lares_a())
    result = run(app, "import-gpx", path, "--replace", "lares-a")
    assert result.exit_code == 0, result.output
    assert "Replaced the line of 'Lares hot springs to Yanahuara' (lares-a): 3 stage(s)" in result.output

    with app.app_context():
        new = db.session.scalar(select(Trek).where(Trek.slug == "lares-a"))
        assert new is not None
        assert new.id == old_id, "the trek keeps its row, so trips keep pointing at it"
        assert new.version > old_version
        assert new.data_quality == "recorded" and new.origin == "imported"
        assert [(s.number, s.title, s.camp_notes, s.end_waypoint_slug) for s in new.stages] == stages
        kept = {w.slug: w for w in new.waypoints}
        for slug, (notes, advice) in words.items():
            assert slug in kept
            assert notes in kept[slug].notes  # unmatched ones get a sentence added
            assert kept[slug].advice == advice
        assert kept["huacahuasi"].confidence == "recorded"  # matched despite the spelling
        assert kept["huacahuasijasa-pass"].confidence == "recorded"
        assert "Huacawasi" not in {w.name for w in new.waypoints}
        trip = db.session.scalar(select(Trip).where(Trip.token == "t" * 32))
        assert trip is not None and trip.trek.slug == "lares-a"
        # Start-up must not put the bundled sketch back over the recording.
        assert "lares-a" not in load_bundled_treks()
        db.session.commit()

    for url in ("/treks/lares-a/", "/treks/lares-a/stages/1", "/treks/lares-a/waypoints/huacahuasi"):
        page = client.get(url).get_data(as_text=True)
        assert "Approximate — for planning" not in page, url
    assert "Recorded GPS track" in client.get("/").get_data(as_text=True)


def test_an_exported_sketch_cannot_replace_a_sketch(app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "lares-b.gpx"
    assert run(app, "export-gpx", "lares-b", "-o", out).exit_code == 0
    before = row_counts(app)
    result = run(app, "import-gpx", out, "--replace", "lares-a")
    assert result.exit_code == 1
    assert "is a sketch exported by this app, not a recording" in result.output
    assert row_counts(app) == before


@needs_corpus
def test_a_recording_of_another_route_is_refused(app: Flask) -> None:
    before = row_counts(app)
    result = run(app, "import-gpx", CORPUS / "korita-zbevnica.gpx", "--replace", "lares-a")
    assert result.exit_code == 1
    assert "it looks like another route" in result.output
    assert row_counts(app) == before


# ------------------------------------------------------------------ export


def test_export_to_a_file_and_to_standard_output(app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "a.gpx"
    result = run(app, "export-gpx", "lares-a", "-o", out)
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "<keywords>laresapp:data-quality=sketch</keywords>" in text
    stdout = run(app, "export-gpx", "lares-b")
    assert stdout.exit_code == 0 and "<name>Day 1:" in stdout.output


def test_export_of_an_unknown_trek_names_the_known_ones(app: Flask) -> None:
    result = run(app, "export-gpx", "nowhere")
    assert result.exit_code == 1
    assert "there is no trek 'nowhere' (known: lares-a, lares-b)" in result.output

"""GET /treks/<slug>/export.gpx: valid GPX 1.1 that imports back to the same trek."""

from __future__ import annotations

import pytest
import xmlschema
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from laresapp.extensions import db
from laresapp.treks.gpx import import_gpx
from laresapp.treks.models import Trek
from tests.helpers import CORPUS, needs_corpus, run, trek, xsd_or_fail


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(xsd_or_fail()))


def assert_same_trek(app: Flask, a_slug: str, b_slug: str) -> None:
    a, b = trek(app, a_slug), trek(app, b_slug)
    assert a is not None and b is not None
    assert b.data_quality == a.data_quality
    assert b.name == a.name
    assert [s.title for s in b.stages] == [s.title for s in a.stages]
    assert [(w.name, w.type, w.advice) for w in b.waypoints] == [
        (w.name, w.type, w.advice) for w in a.waypoints
    ]
    assert b.length_m == pytest.approx(a.length_m, rel=0.005)
    for sa, sb in zip(a.stages, b.stages, strict=True):
        assert sb.distance_m == pytest.approx(sa.distance_m, rel=0.01, abs=1.0)
    if a.ascent_m is not None:
        assert b.ascent_m == pytest.approx(a.ascent_m, rel=0.03)


@pytest.mark.parametrize("slug", ["lares-a", "lares-b"])
def test_bundled_treks_export_valid_gpx_that_reimports_the_same(
    app: Flask, client: FlaskClient, schema: xmlschema.XMLSchema, slug: str
) -> None:
    resp = client.get(f"/treks/{slug}/export.gpx")
    assert resp.status_code == 200
    assert resp.mimetype == "application/gpx+xml"
    assert resp.headers["Content-Disposition"] == f'attachment; filename="{slug}.gpx"'
    errors = [str(e) for e in schema.iter_errors(resp.get_data(as_text=True))]
    assert not errors, errors[:3]
    with app.app_context():
        import_gpx(resp.data, slug=f"{slug}-again")
    assert_same_trek(app, slug, f"{slug}-again")
    again = trek(app, f"{slug}-again")
    assert again is not None and again.is_sketch, "an exported sketch stays a sketch"
    assert "Approximate — for planning" in client.get(f"/treks/{slug}-again/").get_data(as_text=True)


@needs_corpus
def test_a_real_recording_round_trips(app: Flask, client: FlaskClient, schema: xmlschema.XMLSchema) -> None:
    assert run(app, "import-gpx", CORPUS / "korita-zbevnica.gpx", "--slug", "korita").exit_code == 0
    resp = client.get("/treks/korita/export.gpx")
    assert not list(schema.iter_errors(resp.get_data(as_text=True)))
    with app.app_context():
        import_gpx(resp.data, slug="korita-again")
    assert_same_trek(app, "korita", "korita-again")
    again = trek(app, "korita-again")
    assert again is not None and again.data_quality == "recorded"


def test_the_overview_links_to_the_download(client: FlaskClient) -> None:
    page = BeautifulSoup(client.get("/treks/lares-b/").data, "html.parser")
    link = page.find("a", string="Download GPX for Gaia, OsmAnd or Garmin")
    assert link is not None and link["href"] == "/treks/lares-b/export.gpx"
    assert "the file says it is a sketch" in page.get_text()


def test_unknown_trek_is_a_404(client: FlaskClient) -> None:
    assert client.get("/treks/nowhere/export.gpx").status_code == 404


def test_export_is_the_stored_document(app: Flask, client: FlaskClient) -> None:
    """The download follows the trek as stored (after a replace), not the bundled file."""
    with app.app_context():
        t = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert t is not None
        t.document_json = t.document_json.replace(
            '"Lares hot springs to Yanahuara"', '"Renamed on the server"', 1
        )
        db.session.commit()
    assert b"<name>Renamed on the server</name>" in client.get("/treks/lares-a/export.gpx").data

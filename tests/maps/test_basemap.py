"""An organiser's offline base map: checked with the pmtiles package, kept whole or not at all,
served with HTTP range requests; the map pages and their 404s."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pmtiles.tile import TileType

from laresapp import create_app
from laresapp.extensions import db
from tests.helpers import make_config, run
from tests.maps.archive import ATTRIBUTION, TREK_A_BOUNDS, write_archive, write_vector_archive

PASSWORD = "pass for maps"


@pytest.fixture()
def map_app(db_path: Path, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        make_config(db_path, BASEMAP_FOLDER=str(tmp_path / "basemaps"), ORGANISER_PASSWORD=PASSWORD)
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def stored(tmp_path: Path) -> list[str]:
    folder = tmp_path / "basemaps"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_import_basemap_stores_it_and_serves_ranges(map_app: Flask, tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "corridor.pmtiles", TREK_A_BOUNDS)
    result = run(map_app, "import-basemap", "lares-a", archive)
    assert result.exit_code == 0, result.output
    assert "base map of Lares A stored" in result.output
    assert stored(tmp_path) == ["lares-a.json", "lares-a.pmtiles"]
    client = map_app.test_client()
    page = client.get("/treks/lares-a/map").get_data(as_text=True)
    assert "data-basemap-url=" in page and ATTRIBUTION in page
    assert map_app.config["PMTILES_URL"] in page  # the reader is loaded only where there is a base map
    url = page.split('data-basemap-url="')[1].split('"')[0].replace("&amp;", "&")
    whole = client.get(url)
    assert whole.status_code == 200 and whole.data == archive.read_bytes()
    part = client.get(url, headers={"Range": "bytes=0-126"})
    assert part.status_code == 206 and part.data == archive.read_bytes()[:127]
    assert part.headers["Content-Range"] == f"bytes 0-126/{archive.stat().st_size}"
    # The stage page's map gets it too; a trek without one has no base map URL.
    assert "data-basemap-url=" in client.get("/treks/lares-a/stages/2").get_data(as_text=True)
    assert "data-basemap-url=" not in client.get("/treks/lares-b/map").get_data(as_text=True)
    assert client.get("/treks/lares-b/basemap.pmtiles").status_code == 404


def written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: written(p, b"<gpx>not a map</gpx>" * 10), "does not start with the PMTiles signature"),
        (lambda p: written(p, b""), "empty"),
        (lambda p: write_archive(p, (-72.10, -13.20, -72.00, -13.10)), "does not cover the trek"),
        (lambda p: write_archive(p, TREK_A_BOUNDS, tile_type=TileType.MLT), "its tiles are mlt"),
        # Vector tiles with nothing the phone's style draws (buildings only; no layers listed).
        (
            lambda p: write_vector_archive(
                p, TREK_A_BOUNDS, layers={"buildings": [{"geometry": "POINT (1 1)", "properties": {}}]}
            ),
            "vector layers (buildings) hold nothing the phone's map style draws",
        ),
        (
            lambda p: write_archive(p, TREK_A_BOUNDS, tile_type=TileType.MVT),
            "vector layers (none listed in its metadata)",
        ),
        (lambda p: write_vector_archive(p, (-72.10, -13.20, -72.00, -13.10)), "does not cover the trek"),
    ],
)
def test_refused_archives_leave_nothing(map_app: Flask, tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "bad.pmtiles")
    result = run(map_app, "import-basemap", "lares-a", path)
    assert result.exit_code != 0
    assert message in result.output and "Nothing was stored" in result.output
    assert stored(tmp_path) == []


def test_a_vector_archive_is_kept_and_loads_its_renderer_only_on_its_trek(
    map_app: Flask, tmp_path: Path
) -> None:
    archive = write_vector_archive(tmp_path / "corridor.pmtiles", TREK_A_BOUNDS)
    result = run(map_app, "import-basemap", "lares-a", archive)
    assert result.exit_code == 0, result.output
    assert stored(tmp_path) == ["lares-a.json", "lares-a.pmtiles"]
    client = map_app.test_client()
    renderer = map_app.config["PROTOMAPS_LEAFLET_URL"]
    page = client.get("/treks/lares-a/map").get_data(as_text=True)
    assert 'data-basemap-kind="vector"' in page and renderer in page
    assert map_app.config["PROTOMAPS_LEAFLET_INTEGRITY"] in page
    assert renderer in client.get("/treks/lares-a/").get_data(as_text=True)  # "Save the base map" keeps it
    assert renderer not in client.get("/treks/lares-b/map").get_data(as_text=True)
    # A raster base map does not load the vector renderer.
    assert (
        run(
            map_app, "import-basemap", "lares-a", write_archive(tmp_path / "r.pmtiles", TREK_A_BOUNDS)
        ).exit_code
        == 0
    )
    page = client.get("/treks/lares-a/map").get_data(as_text=True)
    assert 'data-basemap-kind="raster"' in page and renderer not in page


def test_a_truncated_archive_is_refused(map_app: Flask, tmp_path: Path) -> None:
    good = write_archive(tmp_path / "good.pmtiles", TREK_A_BOUNDS)
    cut = tmp_path / "cut.pmtiles"
    cut.write_bytes(good.read_bytes()[:100])
    result = run(map_app, "import-basemap", "lares-a", cut)
    assert result.exit_code != 0 and "not a PMTiles archive" in result.output
    assert "damaged or cut short" in result.output
    assert stored(tmp_path) == []


def test_oversized_archive_is_refused(db_path: Path, tmp_path: Path) -> None:
    app = create_app(make_config(db_path, BASEMAP_FOLDER=str(tmp_path / "basemaps"), BASEMAP_MAX_BYTES=500))
    archive = write_archive(tmp_path / "corridor.pmtiles", TREK_A_BOUNDS)
    assert archive.stat().st_size > 500
    result = run(app, "import-basemap", "lares-a", archive)
    assert result.exit_code != 0 and "larger than this server's limit of 0 MB" in result.output
    assert stored(tmp_path) == []
    assert run(app, "import-basemap", "no-such-trek", archive).exit_code != 0


def signed_in(app: Flask) -> FlaskClient:
    c = app.test_client()
    assert c.post("/organiser/sign-in", data={"password": PASSWORD}).status_code == 303
    return c


def test_organiser_uploads_a_basemap_or_is_told_why_not(map_app: Flask, tmp_path: Path) -> None:
    c = signed_in(map_app)
    page = c.get("/organiser/").get_data(as_text=True)
    assert "Offline base map" in page
    bad = c.post(
        "/organiser/basemap", data={"trek": "lares-a", "pmtiles": (io.BytesIO(b"hello"), "x.pmtiles")}
    )
    assert bad.status_code == 400 and "not a PMTiles archive" in bad.get_data(as_text=True)
    assert stored(tmp_path) == []
    archive = write_archive(tmp_path / "corridor.pmtiles", TREK_A_BOUNDS).read_bytes()
    ok = c.post("/organiser/basemap", data={"trek": "lares-a", "pmtiles": (io.BytesIO(archive), "a.pmtiles")})
    assert ok.status_code == 303
    assert "Base map of" in c.get("/organiser/").get_data(as_text=True)
    assert stored(tmp_path) == ["lares-a.json", "lares-a.pmtiles"]


def test_organiser_upload_over_the_limit_is_refused_before_reading(db_path: Path, tmp_path: Path) -> None:
    app = create_app(
        make_config(
            db_path,
            BASEMAP_FOLDER=str(tmp_path / "basemaps"),
            ORGANISER_PASSWORD=PASSWORD,
            BASEMAP_MAX_BYTES=1000,
        )
    )
    c = signed_in(app)
    big = io.BytesIO(b"\0" * (2**20 + 5000))
    resp = c.post("/organiser/basemap", data={"trek": "lares-a", "pmtiles": (big, "big.pmtiles")})
    assert resp.status_code == 413 and "too large" in resp.get_data(as_text=True)
    assert stored(tmp_path) == []


def test_map_pages_and_their_404s(client: FlaskClient) -> None:
    page = client.get("/treks/lares-a/map")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'integrity="sha384-' in html and 'crossorigin="anonymous"' in html
    assert "Trail junction at Ipsayjasa Pass" in html  # the list the page shows without JavaScript
    assert "≈ approximate line" in html
    # A day's map is on its stage page, centred on that day; an unknown day is the 404 page.
    day = client.get("/treks/lares-a/stages/2").get_data(as_text=True)
    assert "data-map" in day and 'data-stage="2"' in day
    assert client.get("/treks/lares-a/stages/9").status_code == 404
    assert client.get("/treks/no-such/map").status_code == 404
    assert client.get("/treks/lares-a/basemap.pmtiles").status_code == 404
    # Only map pages load Leaflet.
    assert "leaflet" not in client.get("/treks/lares-a/").get_data(as_text=True).lower()
    urls = client.get("/treks/lares-a/offline.json").get_json()["urls"]
    assert "/treks/lares-a/map" in urls

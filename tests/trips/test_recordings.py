"""A party's recording sent through its trip: stored once, trimmed with reasons, refused
with a clear 4xx and nothing written; listed for the organiser, who applies it (the trek
becomes recorded, notes and advice kept, version bumped) or rejects it."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from laresapp import create_app
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.trips import recordings
from tests.helpers import create_trip, make_config, row_counts

PASSWORD = "correct horse battery"


@pytest.fixture()
def org_app(db_path: Path) -> Iterator[Flask]:
    application = create_app(make_config(db_path, ORGANISER_PASSWORD=PASSWORD))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture()
def party(org_app: Flask) -> tuple[FlaskClient, str]:
    c = org_app.test_client()
    return c, create_trip(c)


def walk_of(app: Flask, slug: str = "lares-a", every: int = 1) -> list[dict[str, Any]]:
    """A recording that follows the trek's stored line point by point, at walking speed."""
    with app.app_context():
        points = db.session.scalar(db.select(Trek).where(Trek.slug == slug)).document["track"]["points"]
    t0 = (time.time() - 86_400) * 1000
    return [
        {"t": t0 + k * 60_000, "lat": p[0], "lon": p[1], "acc": 6, "ele": p[2], "session": 1}
        for k, p in enumerate(points[::every])
    ]


def send(c: FlaskClient, token: str, fixes: Any, op_id: str | None = None) -> Any:
    body = {
        "ops": [{"op_id": op_id or str(uuid.uuid4()), "kind": "recording", "trip": token, "fixes": fixes}]
    }
    return c.post(f"/t/{token}/recordings", data=json.dumps(body), content_type="application/json")


def test_a_recording_is_stored_once_and_a_resend_gets_the_same_answer(
    org_app: Flask, party: tuple[FlaskClient, str]
) -> None:
    c, token = party
    fixes = walk_of(org_app)
    op_id = str(uuid.uuid4())
    first = send(c, token, fixes, op_id)
    assert first.status_code == 200, first.json
    assert first.json["results"][0] == {"op_id": op_id, "code": 200, "status": "applied", "notes": []}
    assert first.headers["Cache-Control"] == "no-store"
    before = row_counts(org_app)
    again = send(c, token, fixes, op_id)
    assert again.status_code == 200 and again.json == first.json
    assert row_counts(org_app) == before
    other = send(c, token, fixes[:-5], op_id)
    assert other.status_code == 409
    assert "already used" in other.json["message"]


@pytest.mark.parametrize(("same_points", "code"), [(True, 200), (False, 409)])
def test_two_phones_sending_one_recording_id_at_once_store_it_once(
    org_app: Flask,
    party: tuple[FlaskClient, str],
    monkeypatch: pytest.MonkeyPatch,
    same_points: bool,
    code: int,
) -> None:
    """The other phone's send commits while this one is being checked: this one's insert
    fails on the op id, and it answers from the row that won, as for a resend."""
    c, token = party
    fixes = walk_of(org_app)
    op_id = str(uuid.uuid4())
    check = recordings._trimmed
    other: list[Any] = []

    def racing(trip: Any, checked_fixes: Any) -> Any:
        if not other:
            other.append(None)
            other[0] = send(org_app.test_client(), token, fixes, op_id)
        return check(trip, checked_fixes)

    monkeypatch.setattr(recordings, "_trimmed", racing)
    before = row_counts(org_app)
    late = send(c, token, fixes if same_points else fixes[:-5], op_id)
    assert other[0].status_code == 200, other[0].json
    assert late.status_code == code, late.json
    if same_points:
        assert late.json == other[0].json
    else:
        assert "already used" in late.json["message"]
    assert row_counts(org_app) == {**before, "contribution": before["contribution"] + 1}


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ("not json", 400, "not valid JSON"),
        ({"kind": "tick"}, 400, "Send one recording"),
        ({"op_id": "x", "kind": "recording", "fixes": []}, 400, "UUID"),
        ({"op_id": str(uuid.uuid4()), "kind": "recording", "fixes": []}, 422, "no GPS points"),
        ({"op_id": str(uuid.uuid4()), "kind": "recording", "fixes": [{"t": 1}]}, 422, "must be a number"),
        (
            {
                "op_id": str(uuid.uuid4()),
                "kind": "recording",
                "fixes": [
                    {"t": time.time() * 1000 - k * 60_000, "lat": 48.8, "lon": 2.3, "acc": 5}
                    for k in range(9)
                ],
            },
            422,
            "no stretch of this recording lies within",
        ),
    ],
)
def test_a_bad_recording_gets_a_clear_refusal_and_writes_nothing(
    org_app: Flask, party: tuple[FlaskClient, str], body: Any, code: int, words: str
) -> None:
    c, token = party
    before = row_counts(org_app)
    data = body if isinstance(body, str) else json.dumps(body)
    resp = c.post(f"/t/{token}/recordings", data=data, content_type="application/json")
    assert resp.status_code == code, resp.json
    assert words in resp.json["message"]
    assert row_counts(org_app) == before


def test_an_oversized_body_and_an_unknown_trip_are_refused(
    org_app: Flask, party: tuple[FlaskClient, str]
) -> None:
    c, token = party
    huge = b'{"fixes": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    assert c.post(f"/t/{token}/recordings", data=huge, content_type="application/json").status_code == 413
    assert send(c, "A" * 32, walk_of(org_app)).status_code == 404


def test_a_car_ride_is_trimmed_and_said(org_app: Flask, party: tuple[FlaskClient, str]) -> None:
    c, token = party
    fixes = walk_of(org_app)
    mid = len(fixes) // 2
    for f in fixes[mid : mid + 6]:  # six fixes a second apart: 100s of m/s
        f["t"] = fixes[mid - 1]["t"] + 1000 * (fixes.index(f) - mid + 1)
    resp = send(c, token, fixes)
    assert resp.status_code == 200
    assert any("faster than walking" in n for n in resp.json["results"][0]["notes"])


def sign_in(c: FlaskClient) -> None:
    resp = c.post("/organiser/sign-in", data={"password": PASSWORD, "next": "/organiser/"})
    assert resp.status_code == 303


def test_the_organiser_applies_a_recording_and_the_trek_becomes_recorded(
    org_app: Flask, party: tuple[FlaskClient, str]
) -> None:
    c, token = party
    assert send(c, token, walk_of(org_app)).status_code == 200
    assert c.get("/organiser/contributions").status_code == 303  # not signed in: sign in first
    sign_in(c)
    page = c.get("/organiser/contributions")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Father and son" in html and "<svg" in html and "new" in html
    with org_app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        version, advice = trek.version, [w.advice for w in trek.waypoints if w.advice]
        assert trek.data_quality == "sketch" and advice
    cid = int(html.split('data-contribution="')[1].split('"')[0])
    resp = c.post(f"/organiser/contributions/{cid}/apply")
    assert resp.status_code == 303
    with org_app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek.data_quality == "recorded"
        assert trek.version == version + 1
        assert [w.advice for w in trek.waypoints if w.advice] == advice
    assert "applied" in c.get("/organiser/contributions").get_data(as_text=True)
    assert c.post(f"/organiser/contributions/{cid}/apply").status_code == 409  # only once
    assert c.post(f"/organiser/contributions/{cid}/reject").status_code == 409


def test_a_rejected_recording_leaves_the_trek_as_it_was(
    org_app: Flask, party: tuple[FlaskClient, str]
) -> None:
    c, token = party
    assert send(c, token, walk_of(org_app, every=2)).status_code == 200
    sign_in(c)
    html = c.get("/organiser/contributions").get_data(as_text=True)
    cid = int(html.split('data-contribution="')[1].split('"')[0])
    assert c.post(f"/organiser/contributions/{cid}/reject").status_code == 303
    with org_app.app_context():
        assert db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a")).data_quality == "sketch"
    assert c.post("/organiser/contributions/99999/apply").status_code == 404

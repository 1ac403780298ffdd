"""The operations API: every tick applies once, phones converge, bad input writes nothing."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from laresapp.extensions import db
from laresapp.trips.tick_models import AppliedOp, Note, Tick
from tests.helpers import tick_op
from tests.helpers import trip_state as state


@pytest.fixture()
def app(db_app: Flask) -> Flask:
    """Every test here that takes ``app`` runs on SQLite and on PostgreSQL (tests/conftest.py)."""
    return db_app


def counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return (
            len(db.session.scalars(db.select(Tick)).all()),
            len(db.session.scalars(db.select(AppliedOp)).all()),
            len(db.session.scalars(db.select(Note)).all()),
        )


def test_a_tick_is_acknowledged_and_shows_in_the_state(client: FlaskClient, token: str) -> None:
    op = tick_op(token, "wp:huacahuasi")
    resp = client.post(f"/t/{token}/ops", json=op)
    assert resp.status_code == 200
    assert resp.get_json()["results"] == [{"op_id": op["op_id"], "status": "applied", "code": 200}]
    tick = state(client, token)["ticks"]["wp:huacahuasi"]
    assert tick["done"] is True and tick["op_id"] == op["op_id"]


def test_duplicate_operation_ids_apply_once(client: FlaskClient, app: Flask, token: str) -> None:
    first = tick_op(token, "stage:1", done=True, minutes=-5)
    ack = client.post(f"/t/{token}/ops", json=first).get_json()["results"][0]
    later = tick_op(token, "stage:1", done=False, minutes=-1)
    client.post(f"/t/{token}/ops", json=later)
    # The first one again, alone and twice in one batch: same acknowledgement, no change.
    again = client.post(f"/t/{token}/ops", json=first).get_json()["results"][0]
    batch = client.post(f"/t/{token}/ops", json={"ops": [first, first]}).get_json()["results"]
    assert again == ack and batch == [ack, ack]
    assert state(client, token)["ticks"]["stage:1"]["done"] is False
    assert counts(app)[:2] == (1, 2)


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_out_of_order_operations_converge_on_the_latest(
    client: FlaskClient, token: str, order: tuple[int, ...]
) -> None:
    ops = [
        tick_op(token, "gear:tent", done=d, minutes=m) for d, m in ((True, -30), (False, -20), (True, -10))
    ]
    for i in order:
        assert client.post(f"/t/{token}/ops", json=ops[i]).status_code == 200
    tick = state(client, token)["ticks"]["gear:tent"]
    assert (tick["done"], tick["op_id"]) == (True, ops[2]["op_id"])


def test_an_older_operation_is_acknowledged_as_superseded(client: FlaskClient, token: str) -> None:
    new, old = tick_op(token, done=False, minutes=-1), tick_op(token, done=True, minutes=-9)
    client.post(f"/t/{token}/ops", json=new)
    result = client.post(f"/t/{token}/ops", json=old).get_json()["results"][0]
    assert result["status"] == "superseded" and result["code"] == 200
    assert state(client, token)["ticks"]["stage:1"]["done"] is False


def test_a_batch_reports_each_operation(client: FlaskClient, app: Flask, token: str) -> None:
    good = tick_op(token, "wp:huacahuasi")
    bad = tick_op(token, "wp:atlantis")
    resp = client.post(f"/t/{token}/ops", json=[good, bad])
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert results[0]["status"] == "applied"
    assert results[1]["status"] == "refused" and results[1]["code"] == 422
    assert "atlantis" in results[1]["reason"]
    assert counts(app)[:2] == (1, 1)


def malformed(token: str) -> list[tuple[str, Any, str]]:
    op = tick_op(token)
    without = {k: {kk: v for kk, v in op.items() if kk != k} for k in op}
    return [
        ("missing op_id", without["op_id"], "no “op_id”"),
        ("missing target", without["target"], "no “target”"),
        ("missing done", without["done"], "no “done”"),
        ("missing at", without["at"], "no “at”"),
        ("op_id not a uuid", {**op, "op_id": "12345"}, "not a UUID"),
        ("op_id a number", {**op, "op_id": 12345}, "must be a UUID"),
        ("done as a string", {**op, "done": "yes"}, "true or false"),
        ("done as 1", {**op, "done": 1}, "true or false"),
        ("target a list", {**op, "target": ["stage:1"]}, "must be a string"),
        ("unknown target", {**op, "target": "stage:99"}, "nothing called"),
        ("unknown kind", {**op, "kind": "delete"}, "“kind”"),
        ("at not a date", {**op, "at": "yesterday"}, "not a date"),
        ("at without zone", {**op, "at": "2026-06-01T10:00:00"}, "time zone"),
        ("at before the trip", {**op, "at": "2001-01-01T00:00:00Z"}, "before this trip"),
        ("another trip", {**op, "trip": "A" * 32}, "another trip"),
        ("not an object", ["stage:1", True], "JSON object"),
        ("empty note", {**op, "kind": "note", "target": "wp:huacahuasi", "text": "  "}, "empty"),
        ("long note", {**op, "kind": "note", "target": "wp:huacahuasi", "text": "x" * 281}, "at most 280"),
        ("note on a gear item", {**op, "kind": "note", "target": "gear:tent", "text": "hi"}, "waypoint"),
        ("day out of range", {**op, "target": "setting:day", "value": 9}, "from 1 to 3"),
        ("note with a NUL", {**op, "kind": "note", "target": "wp:huacahuasi", "text": "a\x00b"}, "NUL"),
    ]


@pytest.mark.parametrize("case", range(21))
def test_malformed_operations_are_refused_and_write_nothing(
    client: FlaskClient, app: Flask, token: str, case: int
) -> None:
    name, op, words = malformed(token)[case]
    before = state(client, token)
    resp = client.post(f"/t/{token}/ops", json={"ops": [op]})
    result = resp.get_json()["results"][0]
    assert result["status"] == "refused" and result["code"] == 422, name
    assert words in result["reason"], (name, result["reason"])
    # Alone, the response's own status is the refusal's.
    if isinstance(op, dict):
        assert client.post(f"/t/{token}/ops", json=op).status_code == 422
    after = state(client, token)
    assert after["ticks"] == before["ticks"] and after["notes"] == before["notes"]
    assert after["day"] == before["day"]
    assert counts(app) == (0, 0, 0)


def test_reusing_an_operation_id_for_another_change_is_refused(
    client: FlaskClient, app: Flask, token: str
) -> None:
    op = tick_op(token, done=True)
    client.post(f"/t/{token}/ops", json=op)
    resp = client.post(f"/t/{token}/ops", json={**op, "done": False})
    assert resp.status_code == 409
    assert "already used" in resp.get_json()["results"][0]["reason"]
    assert state(client, token)["ticks"]["stage:1"]["done"] is True
    assert counts(app)[:2] == (1, 1)


def test_bodies_that_are_not_operations(client: FlaskClient, app: Flask, token: str) -> None:
    url = f"/t/{token}/ops"
    big = [tick_op(token, note="x" * 1000) for _ in range(80)]
    assert client.post(url, data=json.dumps(big), content_type="application/json").status_code == 413
    assert client.post(url, data="{not json", content_type="application/json").status_code == 400
    assert client.post(url, json=[]).status_code == 400
    assert client.post(url, json="stage:1").status_code == 400
    many = [tick_op(token) for _ in range(201)]
    assert client.post(url, json=many).status_code == 413
    assert counts(app) == (0, 0, 0)


@pytest.mark.parametrize("bad", ["short", "A" * 32, "A" * 31 + "!", "x" * 300])
def test_unknown_and_malformed_tokens_look_the_same(client: FlaskClient, bad: str) -> None:
    pages = [
        client.get(f"/t/{bad}/"),
        client.get(f"/t/{bad}/state.json"),
        client.post(f"/t/{bad}/ops", json=tick_op(bad)),
    ]
    assert [p.status_code for p in pages] == [404, 404, 404]
    unknown = client.get(f"/t/{'B' * 32}/state.json")
    assert pages[1].get_json() == unknown.get_json()


def test_the_api_needs_no_csrf_token_but_creating_a_trip_does(db_path: Any) -> None:
    from laresapp import create_app
    from tests.helpers import make_config

    app = create_app(make_config(db_path, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    refused = client.post("/trips", data={"trek": "lares-a", "start_date": "2026-06-01"})
    assert refused.status_code == 400
    with app.app_context():
        from laresapp.treks.models import Trek
        from laresapp.trips.models import Trip

        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek is not None
        from datetime import date

        trip = Trip(token="C" * 32, trek_id=trek.id, start_date=date(2026, 6, 1))
        db.session.add(trip)
        db.session.commit()
    assert client.post(f"/t/{'C' * 32}/ops", json=tick_op("C" * 32)).status_code == 200
    form = client.post(f"/t/{'C' * 32}/tick", data={"target": "stage:2", "done": "true"})
    assert form.status_code == 303
    with app.app_context():
        db.engine.dispose()


def test_trip_creation_is_rate_limited(db_path: Any) -> None:
    from laresapp import create_app
    from tests.helpers import make_config

    client = create_app(make_config(db_path, RATELIMIT_ENABLED=True)).test_client()
    codes = [
        client.post("/trips", data={"trek": "lares-a", "start_date": "2026-06-01"}).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [303] * 5 and codes[5:] == [429, 429]


def test_concurrent_writers_store_every_operation_once(app: Flask, client: FlaskClient, token: str) -> None:
    with app.app_context(), db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    targets = ["stage:1", "stage:2", "wp:huacahuasi", "gear:tent"]
    errors: list[str] = []
    sent: list[str] = []

    def worker(n: int) -> None:
        c = app.test_client()
        for i in range(15):
            op = tick_op(token, targets[(n + i) % 4], done=bool(i % 2), minutes=-(n * 15 + i) / 100)
            sent.append(op["op_id"])
            r = c.post(f"/t/{token}/ops", json={"ops": [op, op]})
            if r.status_code != 200 or r.get_json()["results"][0]["code"] != 200:
                errors.append(r.get_data(as_text=True))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with app.app_context():
        stored = db.session.scalars(db.select(AppliedOp.op_id)).all()
    assert sorted(stored) == sorted(sent)


def test_a_flood_of_operations_is_slowed_with_429_and_nothing_half_written(db_path: Any) -> None:
    import uuid
    from datetime import UTC, datetime

    from laresapp import create_app
    from laresapp.web.limits import TRIP_WRITE_LIMIT
    from tests.helpers import make_config

    app = create_app(make_config(db_path, RATELIMIT_ENABLED=True))
    client = app.test_client()
    created = client.post("/trips", data={"trek": "lares-a", "start_date": "2026-06-01"})
    tok = created.headers["Location"].split("/")[2]
    limit = int(TRIP_WRITE_LIMIT.split()[0])
    codes = []
    for i in range(limit + 2):
        op = {
            "op_id": str(uuid.uuid4()),
            "trip": tok,
            "target": "stage:1",
            "done": i % 2 == 0,
            "at": datetime.now(UTC).isoformat(),
        }
        codes.append(client.post(f"/t/{tok}/ops", json=op).status_code)
    assert set(codes[:limit]) <= {200, 201}
    assert codes[limit:] == [429, 429]
    resp = client.post(f"/t/{tok}/ops", json={"op_id": str(uuid.uuid4())})
    assert resp.status_code == 429 and resp.get_json()["message"].startswith("Too many requests")
    with app.app_context():
        from laresapp.extensions import db
        from laresapp.trips.tick_models import AppliedOp

        assert db.session.scalar(db.select(db.func.count()).select_from(AppliedOp)) == limit
        db.engine.dispose()


def test_a_refusal_is_said_in_the_language_the_page_asks_for(client: FlaskClient, token: str) -> None:
    """The outbox sends its page's ``<html lang>`` as ``Accept-Language``; the reason it shows
    comes back in that language, and the refusal is the same refusal (code, nothing written)."""
    op = tick_op(token, target="stage:99")
    es = client.post(f"/t/{token}/ops", json={"ops": [op]}, headers={"Accept-Language": "es"})
    reason = es.get_json()["results"][0]["reason"]
    assert es.get_json()["results"][0]["code"] == 422
    assert reason == "Este viaje no tiene nada llamado “stage:99” para marcar."
    op = tick_op(token, at="2026-06-01T10:00:00")
    en = client.post(f"/t/{token}/ops", json={"ops": [op]}, headers={"Accept-Language": "en"})
    assert "time zone" in en.get_json()["results"][0]["reason"]
    es = client.post(f"/t/{token}/ops", json={"ops": [op]}, headers={"Accept-Language": "es-PE,es;q=0.9"})
    assert "zona horaria" in es.get_json()["results"][0]["reason"]

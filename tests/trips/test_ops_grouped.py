"""Batches of one trip that wait for the write under way are written together (group
commit): each phone's answer is what writing the batches one after another would give,
and a replayed op id is answered as it was first, never stored twice.
On SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from laresapp.extensions import db
from laresapp.trips import op_rows
from laresapp.trips import ops as trip_ops
from laresapp.trips.models import Trip
from laresapp.trips.tick_models import AppliedOp
from tests.helpers import tick_op, wait_until
from tests.helpers import trip_state as state


@pytest.fixture()
def app(db_app: Flask) -> Flask:
    return db_app


def test_batches_written_as_one_group_answer_as_if_written_one_after_another(
    app: Flask, client: FlaskClient, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        key = (db.engine, db.session.scalar(db.select(Trip.id).where(Trip.token == token)))
    revision = state(client, token)["revision"]
    groups: list[int] = []
    started, release = threading.Event(), threading.Event()
    real = trip_ops._apply_jobs

    def held(trip: Trip, jobs: list[Any], *, recheck: bool) -> Any:
        groups.append(len(jobs))
        if len(groups) == 1:  # the first write waits until three more batches queue
            started.set()
            assert release.wait(10)
        return real(trip, jobs, recheck=recheck)

    monkeypatch.setattr(trip_ops, "_apply_jobs", held)
    a = tick_op(token, "stage:1", done=True, minutes=-10)
    b = tick_op(token, "stage:1", done=False, minutes=-5)
    older = tick_op(token, "stage:1", done=True, minutes=-20)
    b_changed = {**b, "done": True}
    tent = tick_op(token, "gear:tent", minutes=-1)
    batches = [[a], [b], [a, older], [b_changed, tent]]
    answers: dict[int, Any] = {}

    def send(n: int) -> None:
        answers[n] = app.test_client().post(f"/t/{token}/ops", json={"ops": batches[n]}).get_json()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(4)]
    threads[0].start()
    assert started.wait(10)
    for n, t in enumerate(threads[1:], start=1):
        t.start()
        wait_until(lambda n=n: trip_ops._GROUPS.waiting(key) >= n)  # type: ignore[misc]  # one at a time: the order they queue in
    release.set()
    for t in threads:
        t.join(10)

    # The three queued batches went in one write. It was tried twice: the first try took
    # every op id as new, met the replay of a on its unique key, and the second read the
    # group's ids under the lock.
    assert groups == [1, 3, 3]
    codes = {n: [(r["status"], r["code"]) for r in answers[n]["results"]] for n in range(4)}
    assert codes == {
        0: [("applied", 200)],
        1: [("applied", 200)],
        2: [("applied", 200), ("superseded", 200)],  # a's replay gets a's answer
        3: [("refused", 409), ("applied", 200)],  # b's id reused for another change
    }
    final = state(client, token)
    assert final["revision"] == revision + 2  # one per write, not per batch
    assert final["ticks"]["stage:1"]["op_id"] == b["op_id"] and final["ticks"]["stage:1"]["done"] is False
    assert final["ticks"]["gear:tent"]["op_id"] == tent["op_id"]
    for n in (1, 2, 3):  # each answer of the group carries the trip as the group left it
        assert answers[n]["state"]["ticks"] == final["ticks"]
    with app.app_context():
        stored = sorted(db.session.scalars(db.select(AppliedOp.op_id)).all())
    assert stored == sorted(op["op_id"] for op in (a, b, older, tent))


def test_a_replay_is_answered_as_first_and_stored_once_though_no_id_is_looked_up_first(
    app: Flask, client: FlaskClient, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    op = tick_op(token, "stage:2")
    other = tick_op(token, "stage:3")
    looks: list[set[str]] = []
    real = op_rows.applied

    def counted(ids: set[str]) -> op_rows.Known:
        looks.append(set(ids))
        return real(ids)

    monkeypatch.setattr(op_rows, "applied", counted)
    first = client.post(f"/t/{token}/ops", json=op).get_json()["results"]
    assert looks == []  # a new operation costs no lookup
    resp = client.post(f"/t/{token}/ops", json={"ops": [op, other]})  # the answer was lost: sent again
    assert resp.status_code == 200
    assert resp.get_json()["results"] == [
        *first,
        {"op_id": other["op_id"], "status": "applied", "code": 200},
    ]
    assert first == [{"op_id": op["op_id"], "status": "applied", "code": 200}]
    assert looks == [{op["op_id"], other["op_id"]}]  # read once, under the lock, after the unique key said no
    with app.app_context():
        stored = sorted(db.session.scalars(db.select(AppliedOp.op_id)).all())
    assert stored == sorted([op["op_id"], other["op_id"]])

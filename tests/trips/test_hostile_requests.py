"""The bugs an attack on a running copy found in the trip endpoints (issue 14, bugs 3, 4,
6, 7 and 8), each as a hiker or a phone would notice it."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient

from laresapp.trips import ops as trip_ops
from tests.helpers import row_counts, tick_op
from tests.helpers import trip_state as state


@pytest.fixture()
def app(db_app: Flask) -> Flask:
    """On SQLite and on PostgreSQL (which refuses NUL in text: bug 8)."""
    return db_app


def test_one_op_id_twice_in_a_batch_reports_the_applied_copy_as_applied(
    client: FlaskClient, token: str
) -> None:
    """Bug 3: the first copy was applied and committed, but both came back "refused", so
    the phone moved an applied tick to its "not accepted" list."""
    first = tick_op(token, "stage:1", done=True)
    other = {**first, "done": False}
    results = client.post(f"/t/{token}/ops", json={"ops": [first, other]}).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "refused"]
    assert results[1]["code"] == 409
    assert state(client, token)["ticks"]["stage:1"]["done"] is True


def test_a_phone_clock_hours_ahead_cannot_freeze_a_tick(client: FlaskClient, token: str) -> None:
    """Bug 6: a tick stamped 10 hours ahead beat the honest untick made after it."""
    fast = tick_op(token, "stage:1", done=True, minutes=10 * 60)
    assert client.post(f"/t/{token}/ops", json=fast).get_json()["results"][0]["status"] == "applied"
    honest = tick_op(token, "stage:1", done=False, minutes=0.05)
    result = client.post(f"/t/{token}/ops", json=honest).get_json()["results"][0]
    assert result["status"] == "applied"
    assert state(client, token)["ticks"]["stage:1"]["done"] is False
    # The fast phone's resend is the same operation: acknowledged, not refused, no change.
    again = client.post(f"/t/{token}/ops", json=fast).get_json()["results"][0]
    assert again["status"] == "applied" and again["code"] == 200
    assert state(client, token)["ticks"]["stage:1"]["done"] is False


def test_a_small_clock_skew_keeps_its_time(client: FlaskClient, token: str) -> None:
    ahead = tick_op(token, "stage:2", done=True, minutes=2)
    client.post(f"/t/{token}/ops", json=ahead)
    assert state(client, token)["ticks"]["stage:2"]["at"] == ahead["at"]


@pytest.mark.parametrize("digits", ["²", "١", "৩"])
def test_unicode_digits_in_day_and_acclimatisation_are_a_4xx(
    client: FlaskClient, token: str, digits: str
) -> None:
    """Bug 7: ``"²".isdigit()`` is true but ``int("²")`` fails: that was a 500."""
    resp = client.post(f"/t/{token}/day", data={"day": digits})
    assert resp.status_code == 422 and b"whole number" in resp.data
    resp = client.post(
        "/trips",
        data={"trek": "lares-a", "start_date": "2026-06-01", "acclimatisation_days": digits},
    )
    assert resp.status_code == 422 and b"number of days from 0 to 14" in resp.data


def test_deeply_nested_json_is_a_400(client: FlaskClient, app: Flask, token: str) -> None:
    before = row_counts(app)
    for body in ("[" * 30_000 + "]" * 30_000, '{"ops": ' + "[" * 5000 + "]" * 5000 + "}"):
        resp = client.post(f"/t/{token}/ops", data=body, content_type="application/json")
        assert resp.status_code == 400
        assert "nested" in resp.get_json()["message"]
    assert row_counts(app) == before


@pytest.mark.parametrize("nxt", ["/t/{token}/days/1\r\nSet-Cookie: x=1", "/t/{token}/\n", "//evil.example/"])
def test_a_bad_next_never_follows_a_committed_tick(client: FlaskClient, token: str, nxt: str) -> None:
    """Bug 7: a CR/LF in ``next`` broke the redirect after the tick was committed, so the
    hiker was told nothing changed when it had."""
    resp = client.post(
        f"/t/{token}/tick", data={"target": "stage:1", "done": "true", "next": nxt.format(token=token)}
    )
    assert resp.status_code == 303
    assert resp.headers["Location"] == f"/t/{token}/"
    assert state(client, token)["ticks"]["stage:1"]["done"] is True


@pytest.mark.parametrize("text", ["nul \x00 inside", "lone \ud800 surrogate", "escape \x1b[31m"])
def test_unstorable_text_refuses_that_note_only(client: FlaskClient, token: str, text: str) -> None:
    """Bug 8: one such note made the whole batch a 500, resent by the outbox forever."""
    bad = {**tick_op(token, "wp:huacahuasi"), "kind": "note", "text": text}
    good = tick_op(token, "stage:1")
    resp = client.post(f"/t/{token}/ops", json={"ops": [bad, good]})
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert results[0]["code"] == 422 and "note" in results[0]["reason"]
    assert results[1]["status"] == "applied"
    assert state(client, token)["notes"] == []


def test_unstorable_party_name_is_a_422(client: FlaskClient) -> None:
    resp = client.post("/trips", data={"trek": "lares-a", "start_date": "2026-06-01", "party_name": "a\x00b"})
    assert resp.status_code == 422 and b"NUL" in resp.data


def test_a_trip_holds_at_most_max_notes(
    client: FlaskClient, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bug 4: notes had no cap, so anyone with the link could grow every page of the trip."""
    monkeypatch.setattr(trip_ops, "MAX_NOTES_PER_TRIP", 3)
    notes = [
        {**tick_op(token, "wp:huacahuasi"), "kind": "note", "text": f"note {i}", "op_id": str(uuid.uuid4())}
        for i in range(5)
    ]
    results = client.post(f"/t/{token}/ops", json={"ops": notes}).get_json()["results"]
    assert [r["code"] for r in results] == [200, 200, 200, 409, 409]
    assert "3 notes" in results[3]["reason"]
    assert len(state(client, token)["notes"]) == 3

"""Small helpers shared by the trip tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient


def create_trip(client: FlaskClient, trek: str = "lares-a", start: str | None = None,
                party: str = "Father and son") -> str:
    start = start or datetime.now(UTC).date().isoformat()
    resp = client.post("/trips", data={"trek": trek, "start_date": start, "party_name": party,
                                       "acclimatisation_days": "2"})
    assert resp.status_code == 303, resp.data
    return resp.location.split("/")[2]


def at(minutes: float = 0) -> str:
    moment = datetime.now(UTC) + timedelta(minutes=minutes)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def tick_op(token: str, target: str = "stage:1", done: bool = True, minutes: float = 0,
            **extra: Any) -> dict[str, Any]:
    return {"op_id": str(uuid.uuid4()), "trip": token, "target": target, "done": done,
            "at": at(minutes), **extra}

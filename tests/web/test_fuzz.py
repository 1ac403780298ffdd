"""A fuzz test of every form and JSON endpoint: a few thousand generated inputs from a
fixed seed (strange digits, control characters, broken UTF-8, lone surrogates, huge and
nested values, CR/LF, wrong types). None may give a 500: anything unexpected is a 4xx
with a message, and the server keeps answering."""

from __future__ import annotations

import io
import json
import random
import urllib.parse
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from laresapp import create_app
from laresapp.extensions import db
from tests.helpers import create_trip, make_config

SEED = 14
PASSWORD = "fuzz password"
NASTY = [
    "",
    " ",
    "0",
    "1",
    "2",
    "-1",
    "14",
    "15",
    "²",
    "١٢",
    "৩",
    "1e308",
    "nan",
    "inf",
    "-inf",
    "1,5",
    "1.5",
    "9" * 40,
    "\x00",
    "\r\n",
    "a\rb",
    "\t",
    "\u202e",
    "\ufeff",
    "😀",
    "<script>x</script>",
    "%00",
    "true",
    "false",
    "null",
    "//evil.example/",
    "/\\evil",
    "stage:1",
    "wp:huacahuasi",
    "setting:day",
    "gear:x",
    "2026-06-01",
    "2026-13-45",
    "0000-00-00",
    "9999-12-31",
    "x" * 5000,
    "Ñuñu",
    "../../etc/passwd",
]


def _bytes_value(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(NASTY).encode("utf-8", "surrogatepass")
    if roll < 0.75:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))  # often not UTF-8
    if roll < 0.85:
        return "\ud800x".encode("utf-8", "surrogatepass")  # an encoded lone surrogate
    return "".join(chr(rng.randrange(1, 0x2FFFF)) for _ in range(rng.randrange(1, 30))).encode(
        "utf-8", "surrogatepass"
    )


def _form(rng: random.Random, fields: list[str], fixed: dict[str, str]) -> bytes:
    parts = []
    for name in fields:
        if rng.random() < 0.15:
            continue
        value = fixed[name].encode() if name in fixed and rng.random() < 0.4 else _bytes_value(rng)
        parts.append(f"{name}=" + urllib.parse.quote_from_bytes(value))
    return "&".join(parts).encode()


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if roll < 0.3 or depth > 3:
        return rng.choice(NASTY + ["\ud800", "\udfff\ud800"])
    if roll < 0.45:
        return rng.choice([0, -1, 1, 2, 10**30, 1.5, -0.0, True, False, None, 2**63])
    if roll < 0.6:
        return [_json_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if roll < 0.7:
        return {
            rng.choice(
                ["op_id", "trip", "target", "at", "kind", "text", "value", "done", "ops"]
            ): _json_value(rng, depth + 1)
        }
    return rng.choice(NASTY)


def _op(rng: random.Random, token: str) -> Any:
    now = datetime.now(UTC) + timedelta(minutes=rng.choice([0, -5, 3, 600, -(10**5)]))
    op: dict[str, Any] = {
        "op_id": str(uuid.uuid4()),
        "trip": token,
        "target": rng.choice(["stage:1", "wp:huacahuasi", "setting:day", "gear:x"]),
        "done": rng.choice([True, False]),
        "at": now.isoformat().replace("+00:00", "Z"),
        "kind": rng.choice(["tick", "note", "setting"]),
        "text": rng.choice(NASTY),
        "value": rng.choice([None, 1, 2, 3, 0, "1", 1.0]),
    }
    for key in rng.sample(sorted(op), rng.randrange(0, 4)):
        if rng.random() < 0.3:
            del op[key]
        else:
            op[key] = _json_value(rng)
    return op


def _json_body(rng: random.Random, token: str) -> bytes:
    roll = rng.random()
    if roll < 0.1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 60)))
    if roll < 0.15:
        n = rng.randrange(10, 3000)
        return ("[" * n + "]" * n).encode()
    if roll < 0.2:
        return json.dumps(_json_value(rng)).encode()
    ops = [_op(rng, token) for _ in range(rng.randrange(1, 6))]
    if rng.random() < 0.3:
        ops.append(dict(ops[0], done=not ops[0].get("done")))  # the same op id, other content
    body: Any = ops[0] if len(ops) == 1 else rng.choice([ops, {"ops": ops}])
    return json.dumps(body).encode()


@pytest.fixture()
def fuzz_app(db_path: Path) -> Iterator[Flask]:
    application = create_app(make_config(db_path, ORGANISER_PASSWORD=PASSWORD))
    yield application
    with application.app_context():
        db.engine.dispose()


def test_no_input_gives_a_500(fuzz_app: Flask) -> None:
    rng = random.Random(SEED)
    client: FlaskClient = fuzz_app.test_client()
    token = create_trip(client)
    t = f"/t/{token}"
    forms = [
        (
            "/trips",
            ["trek", "start_date", "party_name", "acclimatisation_days"],
            {"trek": "lares-a", "start_date": "2026-06-01"},
            200,
        ),
        (
            f"{t}/tick",
            ["target", "done", "next", "op_id", "at"],
            {"target": "stage:1", "done": "true", "next": f"{t}/gear"},
            300,
        ),
        (
            f"{t}/notes",
            ["target", "text", "next", "op_id", "at"],
            {"target": "wp:huacahuasi", "text": "hi"},
            300,
        ),
        (f"{t}/day", ["day", "op_id", "at"], {"day": "2"}, 250),
        (
            f"{t}/plan",
            ["pace_factor", "sunset_margin_min", "acclimatisation_days"],
            {"pace_factor": "1.5", "sunset_margin_min": "60", "acclimatisation_days": "2"},
            300,
        ),
        ("/organiser/sign-in", ["password", "next"], {"password": PASSWORD, "next": "/organiser/"}, 100),
    ]
    seen: dict[int, int] = {}
    for url, fields, fixed, count in forms:
        for _ in range(count):
            body = _form(rng, fields, fixed)
            resp = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
            seen[resp.status_code] = seen.get(resp.status_code, 0) + 1
            assert resp.status_code < 500, (url, body[:300], resp.data[:300])
    for _ in range(600):
        body = _json_body(rng, token)
        ctype = rng.choice(["application/json", "text/plain", "application/x-www-form-urlencoded"])
        resp = client.post(f"{t}/ops", data=body, content_type=ctype)
        seen[resp.status_code] = seen.get(resp.status_code, 0) + 1
        assert resp.status_code < 500, (body[:300], resp.data[:300])
    for _ in range(300):  # a party's recording: fixes of every odd shape
        fixes: Any = [
            {
                k: (
                    rng.choice([-13.1, -72.05, 1.7e12, 5, 3600, 1])
                    if rng.random() < 0.7
                    else _json_value(rng)
                )
                for k in rng.sample(["t", "lat", "lon", "acc", "ele", "session"], rng.randrange(7))
            }
            for _ in range(rng.randrange(4))
        ]
        op = {"op_id": rng.choice([str(uuid.uuid4()), "x", None]), "kind": "recording", "fixes": fixes}
        body = json.dumps(rng.choice([op, {"ops": [op]}, [op], _json_value(rng)])).encode()
        resp = client.post(f"{t}/recordings", data=body, content_type="application/json")
        seen[resp.status_code] = seen.get(resp.status_code, 0) + 1
        assert resp.status_code < 500, (body[:300], resp.data[:300])
    client.post("/organiser/sign-in", data={"password": PASSWORD})
    for cid in (0, 1, 2**40, -1):
        for verb in ("apply", "reject"):
            assert client.post(f"/organiser/contributions/{cid}/{verb}").status_code < 500
    for _ in range(100):
        fields = {k: _bytes_value(rng).decode("utf-8", "replace") for k in ("replace", "name", "split_at_km")}
        gpx = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 200)))
        if rng.random() < 0.5:
            gpx = b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/>' + gpx
        resp = client.post("/organiser/upload", data={**fields, "gpx": (io.BytesIO(gpx), "f.gpx")})
        seen[resp.status_code] = seen.get(resp.status_code, 0) + 1
        assert resp.status_code < 500, (fields, gpx[:100], resp.data[:300])
    assert client.get(f"{t}/").status_code == 200
    # The inputs reached the code behind the forms: acceptances and refusals both happened.
    assert seen.get(200, 0) + seen.get(303, 0) > 100 and seen.get(422, 0) + seen.get(400, 0) > 100, seen

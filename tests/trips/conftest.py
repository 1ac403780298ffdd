"""Fixtures of the trip tests. The modules that run on SQLite and on PostgreSQL say so
themselves, by an ``app`` fixture that returns ``db_app`` (tests/conftest.py)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.helpers import create_trip


@pytest.fixture()
def token(client: FlaskClient) -> str:
    """A new trip on Lares A, starting today, to send operations and requests to."""
    return create_trip(client)

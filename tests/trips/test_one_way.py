"""One trip lookup and one list of tick targets, shared by every trip view."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.trips import ops as trip_ops
from tests.helpers import create_trip

PAGES = ("", "days/1", "gear", "plan", "checklist", "state.json", "offline.json", "manifest.webmanifest")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("token", ["A" * 32, "A" * 16, "A" * 31, "not-a-token"])
def test_unknown_and_malformed_tokens_get_the_same_404(client: FlaskClient, token: str, page: str) -> None:
    assert client.get(f"/t/{token}/{page}").status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_real_token_opens_every_trip_page(client: FlaskClient, page: str) -> None:
    token = create_trip(client)
    assert client.get(f"/t/{token}/{page}").status_code == 200


def test_tick_targets_are_the_labelled_items_and_the_day_setting(app: Flask) -> None:
    with app.app_context():
        trek = db.session.scalars(db.select(Trek)).first()
        assert trek is not None
        labels = trip_ops.tick_labels(trek)
        assert trip_ops.tick_targets(trek) == set(labels) | {"setting:day"}

"""Shared fixtures, in the Flask tutorial's style: an app per test on its own SQLite file.

Migrating and loading the bundled treks takes a moment, so it is done once per session
into a template database that each test copies.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from laresapp import create_app
from tests.helpers import make_config


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.sqlite"
    create_app(make_config(path))  # migrates and loads the bundled treks
    return path


@pytest.fixture()
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "app.sqlite"
    shutil.copy(template_db, path)
    return path


@pytest.fixture()
def app(db_path: Path) -> Iterator[Flask]:
    application = create_app(make_config(db_path))
    yield application
    from laresapp.extensions import db

    with application.app_context():
        db.engine.dispose()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()

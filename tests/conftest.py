"""Shared fixtures, in the Flask tutorial's style: an app per test on its own SQLite file.

Migrating and loading the bundled treks takes a moment, so it is done once per session
into a template database that each test copies.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from laresapp import create_app
from tests.helpers import make_config
from tests.services import Postgres


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


# ------------------------------------------------------------------ PostgreSQL as well


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A throw-away PostgreSQL cluster for the session, with a migrated template database
    (bundled treks loaded) that each test copies. Its folder is outside pytest's private
    temporary folder, which the ``postgres`` user could not enter when tests run as root."""
    workdir = Path(tempfile.mkdtemp(prefix="laresapp-pg-"))
    server = Postgres(workdir)
    try:
        server.template = server.new_database()
        application = create_app({**make_config(Path("unused")), "SQLALCHEMY_DATABASE_URI": server.template})
        from laresapp.extensions import db

        with application.app_context():
            db.engine.dispose()
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_config(request: pytest.FixtureRequest, db_path: Path) -> dict[str, object]:
    """The test config on SQLite, then on PostgreSQL: database tests take this (or
    ``db_app``) to run on both."""
    config = make_config(db_path)
    if request.param == "postgresql":
        pg: Postgres = request.getfixturevalue("postgres")
        config["SQLALCHEMY_DATABASE_URI"] = pg.fresh_copy()
    return config


@pytest.fixture()
def db_app(db_config: dict[str, object]) -> Iterator[Flask]:
    application = create_app(db_config)
    yield application
    from laresapp.extensions import db

    with application.app_context():
        db.engine.dispose()

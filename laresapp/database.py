"""Database set-up: SQLite tuned for concurrent writers, schema upgrades, first data.

SQLite in WAL mode lets readers and one writer work together, and a busy timeout makes
a second writer wait instead of failing with "database is locked". Other databases
(PostgreSQL) need neither and are left alone.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy.engine import Engine

from laresapp.extensions import db
from laresapp.treks.store import BundledDataError, load_bundled_treks

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app: Flask) -> None:
    """Attach the SQLite pragmas to this app's engine when it is SQLite."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine: Engine = db.engine
        event.listen(engine, "connect", _sqlite_pragmas)


def initialise(app: Flask) -> None:
    """Bring the schema up to date and load the bundled treks (idempotent).

    A broken bundled file stops start-up with a message naming the file.
    """
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        try:
            load_bundled_treks()
        except BundledDataError as exc:
            raise click.ClickException(str(exc)) from None

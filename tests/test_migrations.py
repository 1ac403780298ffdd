"""The models and the Alembic migrations describe the same schema.

A fresh SQLite file is migrated from nothing (create_app with AUTO_INIT runs every
migration), then Alembic's autogenerate compares it with the models' metadata: any
difference is a model change without a migration, or a migration the models never
followed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import laresapp.organiser.models
import laresapp.treks.models
import laresapp.trips.models
import laresapp.trips.recording_models  # noqa: F401  (every table is on db.metadata)
import laresapp.trips.tick_models  # noqa: F401
from laresapp import create_app
from laresapp.extensions import db
from tests.helpers import make_config


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_the_migrated_schema_matches_the_models(
    tmp_path: Path, request: pytest.FixtureRequest, engine: str
) -> None:
    config = make_config(tmp_path / "fresh.sqlite", AUTO_INIT=True)
    if engine == "postgresql":
        config["SQLALCHEMY_DATABASE_URI"] = request.getfixturevalue("postgres").new_database()
    app = create_app(config)
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "compare_server_default": True}
                )
                diff = compare_metadata(context, db.metadata)
        finally:
            db.engine.dispose()
    assert diff == [], "models and migrations disagree:\n" + "\n".join(map(repr, diff))

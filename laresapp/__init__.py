"""laresapp: an offline-first guide for self-guided multi-day treks."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent


def _asset_dir(name: str) -> str:
    """``static/`` and ``templates/`` sit beside the package in the repository and inside
    it in a built wheel; use whichever exists."""
    inside = PACKAGE_DIR / name
    return str(inside if inside.is_dir() else PACKAGE_DIR.parent / name)


def _secret_key(instance_path: str) -> str:
    """A per-installation key kept in instance/, made on first start, so sessions
    survive restarts without anyone having to configure one."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults → instance/config.py → LARESAPP_* env → ``test_config``."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=_asset_dir("static"),
        template_folder=_asset_dir("templates"),
    )
    app.config.from_object("laresapp.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("LARESAPP")
    if test_config is not None:
        app.config.from_mapping(test_config)

    if app.config.get("STATIC_FOLDER"):
        # Another copy of static/ (a theme, or a test that changes an asset).
        app.static_folder = app.config["STATIC_FOLDER"]
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI",
        "sqlite:///" + os.path.join(app.instance_path, "laresapp.sqlite"),
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)

    from laresapp import cli, database
    from laresapp.extensions import csrf, db, limiter, migrate
    from laresapp.maps import views as map_views
    from laresapp.organiser import views as organiser_views
    from laresapp.pwa import views as pwa_views
    from laresapp.treks import home
    from laresapp.treks import views as trek_views
    from laresapp.trips import contribute, plan, sync
    from laresapp.trips import views as trip_views
    from laresapp.web import assets, compression, errors, i18n, jinja, limits, logs, security

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    database.init_app(app)
    i18n.init_app(app)
    assets.init_app(app)
    compression.init_app(app)
    errors.init_app(app)
    jinja.init_app(app)
    limits.init_app(app)
    security.init_app(app)
    logs.init_app(app)
    for bp in (
        home.bp,
        trek_views.bp,
        trip_views.bp,
        sync.bp,
        plan.bp,
        contribute.bp,
        organiser_views.bp,
        pwa_views.bp,
        map_views.bp,
    ):
        app.register_blueprint(bp)
    cli.init_app(app)

    if app.config["AUTO_INIT"]:
        database.initialise(app)
    return app

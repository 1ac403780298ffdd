"""Blueprints, one per module; ``register_blueprints`` is called by ``create_app``."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from .. import formatting
    from . import admin, export, main, plan, sync, treks, trips

    formatting.init_app(app)
    app.register_blueprint(main.bp)
    app.register_blueprint(treks.bp)
    app.register_blueprint(trips.bp)
    app.register_blueprint(sync.bp)
    app.register_blueprint(plan.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(export.bp)

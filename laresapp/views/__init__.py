"""Blueprints, one per module; ``register_blueprints`` is called by ``create_app``."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from .. import formatting
    from . import main, plan, treks

    formatting.init_app(app)
    app.register_blueprint(main.bp)
    app.register_blueprint(treks.bp)
    app.register_blueprint(plan.bp)

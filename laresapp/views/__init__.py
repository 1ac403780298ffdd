"""Blueprints, one per module; ``register_blueprints`` is called by ``create_app``."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from .. import formatting
    from . import main, treks

    formatting.init_app(app)
    app.register_blueprint(main.bp)
    app.register_blueprint(treks.bp)

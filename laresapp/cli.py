"""Command-line tools: ``flask --app laresapp <command>``."""

from __future__ import annotations

import click
from flask import Flask

from .trek_store import load_bundled_treks


@click.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the tables and load the bundled treks."""
    from flask import current_app
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)
    loaded = load_bundled_treks()
    click.echo(f"Database ready; loaded {', '.join(loaded) if loaded else 'nothing new'}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db_command)

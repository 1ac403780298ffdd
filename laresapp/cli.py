"""Command-line tools: ``flask --app laresapp <command>``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext

from laresapp.treks.store import load_bundled_treks
from laresapp.web.formatting import number
from laresapp.web.i18n import in_terminal_lang
from laresapp.web.labels import say


@click.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the tables and load the bundled treks."""
    from flask import current_app
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)
    loaded = load_bundled_treks()
    click.echo(f"Database ready; loaded {', '.join(loaded) if loaded else 'nothing new'}.")


def _split_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> list[float] | None:
    from laresapp.core.errors import RouteError
    from laresapp.treks.gpx import parse_split_at_km

    try:
        return parse_split_at_km(value)
    except RouteError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("import-gpx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--slug", help="Id of the new trek (its URL); default: from --name or the file name.")
@click.option("--name", help="Name of the trek; default: the name inside the GPX file.")
@click.option(
    "--split-at-km",
    "split_at_km",
    callback=_split_option,
    metavar="KM,KM",
    help="End the days at these distances, e.g. 12.9,29 (default: one day per "
    "track in the file, else at campsite waypoints).",
)
@click.option(
    "--replace",
    "replace_slug",
    metavar="SLUG",
    help="Put this recording in place of an existing trek's line, keeping its "
    "notes, advice and stages (e.g. --replace lares-a).",
)
@with_appcontext
@in_terminal_lang
def import_gpx_command(
    files: tuple[Path, ...],
    slug: str | None,
    name: str | None,
    split_at_km: list[float] | None,
    replace_slug: str | None,
) -> None:
    """Import GPX FILES, each as its own trek; a file that fails leaves nothing behind.

    Every file is tried; the command exits non-zero if any was refused.
    """
    from laresapp.core.errors import RouteError
    from laresapp.core.gpx.read import MAX_BYTES_DEFAULT
    from laresapp.treks.gpx import import_gpx

    if len(files) > 1 and (slug or name or replace_slug or split_at_km):
        raise click.UsageError(
            "--slug, --name, --split-at-km and --replace apply to one file: import the "
            "files one at a time to use them"
        )
    failed = 0
    for path in files:
        try:
            if not path.is_file():
                raise RouteError(gettext("there is no such file"))
            size = path.stat().st_size
            if size > MAX_BYTES_DEFAULT:  # refuse before reading it into memory
                raise RouteError(
                    f"the file is {size / 2**20:.1f} MB, more than the "
                    f"{MAX_BYTES_DEFAULT / 2**20:.0f} MB allowed"
                )
            result = import_gpx(
                path.read_bytes(),
                filename=path.name,
                slug=slug,
                name=name,
                split_at_km=split_at_km,
                replace_slug=replace_slug,
            )
        except (RouteError, OSError) as exc:
            failed += 1
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else say(exc.args[0])
            click.echo(gettext("%(file)s: not imported: %(why)s.", file=path, why=message), err=True)
            continue
        click.echo(f"{path}: {say(result.summary())}")
    if failed:
        click.echo(
            gettext(
                "%(failed)s of %(total)s file(s) not imported; nothing was written for them.",
                failed=failed,
                total=len(files),
            ),
            err=True,
        )
        sys.exit(1)


@click.command("export-gpx")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
@with_appcontext
@in_terminal_lang
def export_gpx_command(slug: str, output: Path | None) -> None:
    """Write the trek SLUG as GPX 1.1, for Gaia, OsmAnd or a Garmin."""
    from laresapp.extensions import db
    from laresapp.treks.gpx import export_gpx
    from laresapp.treks.models import Trek

    trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
    if trek is None:
        known = ", ".join(db.session.scalars(db.select(Trek.slug).order_by(Trek.slug)))
        raise click.ClickException(
            gettext(
                "there is no trek '%(slug)s' (known: %(known)s)", slug=slug, known=known or gettext("none")
            )
        )
    text = export_gpx(trek)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        size = number(len(text.encode("utf-8")) / 1024)
        click.echo(gettext("Wrote %(file)s (%(size)s KiB).", file=output, size=size), err=True)


def init_app(app: Flask) -> None:
    from laresapp.maps.cli import import_basemap_command

    app.cli.add_command(import_basemap_command)
    app.cli.add_command(init_db_command)
    app.cli.add_command(import_gpx_command)
    app.cli.add_command(export_gpx_command)

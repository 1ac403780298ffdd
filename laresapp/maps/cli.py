"""``flask --app laresapp import-basemap SLUG FILE.pmtiles``: give a trek its offline base map."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext

from laresapp.web.i18n import in_terminal_lang
from laresapp.web.labels import say


@click.command("import-basemap")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@in_terminal_lang
def import_basemap_command(slug: str, file: Path) -> None:
    """Check FILE (a raster or vector PMTiles archive covering the trek) and keep it as SLUG's base map."""
    from laresapp.extensions import db
    from laresapp.maps.basemap import BasemapError, store
    from laresapp.treks.models import Trek

    trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
    if trek is None:
        raise click.ClickException(gettext("there is no trek '%(slug)s'", slug=slug))
    try:
        with file.open("rb") as f:
            found = store(trek, f)
    except OSError as exc:
        raise click.ClickException(
            gettext("%(file)s: not imported: %(why)s.", file=file, why=exc.strerror or exc)
        ) from None
    except BasemapError as exc:
        raise click.ClickException(
            gettext("%(file)s: not imported: %(why)s. Nothing was stored.", file=file, why=say(exc.args[0]))
        ) from None
    click.echo(
        f"{file}: base map of {trek.short_name} stored ({found.size / 2**20:.1f} MB, zoom "
        f"{found.min_zoom}–{found.max_zoom}). Hikers get it with “Save for offline”."
    )

"""``flask --app laresapp import-basemap SLUG FILE.pmtiles``: give a trek its offline base map."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext

from laresapp.web.formatting import number
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
        gettext(
            "%(file)s: base map of %(trek)s stored (%(mb)s MB, zoom %(low)s–%(high)s). "
            "Hikers get it with “Save for offline”.",
            file=file,
            trek=trek.short_name,
            mb=number(found.size / 2**20, 1),
            low=found.min_zoom,
            high=found.max_zoom,
        )
    )

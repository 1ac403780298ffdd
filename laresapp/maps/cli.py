"""``flask --app laresapp import-basemap SLUG FILE.pmtiles``: give a trek its offline base map."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("import-basemap")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_basemap_command(slug: str, file: Path) -> None:
    """Check FILE (a raster or vector PMTiles archive covering the trek) and keep it as SLUG's base map."""
    from laresapp.extensions import db
    from laresapp.maps.basemap import BasemapError, store
    from laresapp.treks.models import Trek

    trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
    if trek is None:
        raise click.ClickException(f"there is no trek '{slug}'")
    try:
        with file.open("rb") as f:
            found = store(trek, f)
    except OSError as exc:
        raise click.ClickException(f"{file}: not imported: {exc.strerror or exc}") from None
    except BasemapError as exc:
        raise click.ClickException(f"{file}: not imported: {exc}. Nothing was stored.") from None
    click.echo(
        f"{file}: base map of {trek.short_name} stored ({found.size / 2**20:.1f} MB, zoom "
        f"{found.min_zoom}–{found.max_zoom}). Hikers get it with “Save for offline”."
    )

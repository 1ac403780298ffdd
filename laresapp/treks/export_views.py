"""GPX download of any trek, for Gaia GPS, OsmAnd, a Garmin or any other GPS app.

A blueprint of its own (not part of ``views/treks.py``) because it is a file download,
not a page: it is not in the offline cache and carries no templates. The file is
written from the stored trek document, so it matches the pages; a sketch says it is a
sketch inside the file (see ``route/gpx_write.py``).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort

from laresapp.extensions import db
from laresapp.treks.gpx import export_filename, export_gpx
from laresapp.treks.models import Trek

bp = Blueprint("export", __name__, url_prefix="/treks")


@bp.get("/<slug>/export.gpx")
def gpx(slug: str) -> Response:
    trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
    if trek is None:
        abort(404)
    resp = Response(export_gpx(trek).encode("utf-8"),
                    mimetype="application/gpx+xml")
    resp.headers["Content-Disposition"] = f'attachment; filename="{export_filename(trek)}"'
    resp.headers["Cache-Control"] = "no-cache"
    return resp

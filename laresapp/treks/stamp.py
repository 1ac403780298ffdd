"""What a trek page depends on, read without the trek's document: its stamp.

Every write of a trek's document goes through ``store_trek`` (bundled load, GPX import,
``--replace``), which sets ``updated_at``; with the version it identifies the stored
document as well as a digest of it would, and costs one small indexed read instead of
reading the document (an imported track can be tens of megabytes). Trek pages, fragments,
``profile.json`` and ``offline.json`` are rendered once per stamp (``web/render.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

from laresapp.extensions import db
from laresapp.treks.models import Trek

# The service worker reads it (static/js/sw.js): a background refresh never mixes versions.
VERSION_HEADER = "X-Trek-Version"


@dataclass(frozen=True)
class TrekStamp:
    slug: str
    version: int
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {VERSION_HEADER: str(self.version)}


def trek_stamp(slug: str) -> TrekStamp:
    """The stamp of the trek with this slug, or 404."""
    row = db.session.execute(db.select(Trek.version, Trek.updated_at).where(Trek.slug == slug)).first()
    if row is None:
        abort(404)
    version, stored_at = row
    return TrekStamp(slug, version, f"{slug}:v{version}:{stored_at.isoformat()}")


def stamp_of(trek: Trek) -> str:
    """The same stamp, from a trek already loaded."""
    return f"{trek.slug}:v{trek.version}:{trek.updated_at.isoformat()}"

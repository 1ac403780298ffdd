"""What a trek page depends on, read without the trek's document: its stamp.

Every write of a trek's document goes through ``store_trek`` (bundled load, GPX import,
``--replace``), which sets ``updated_at``; with the version it identifies the stored
document as well as a digest of it would, and costs one small indexed read instead of
reading the document (an imported track can be tens of megabytes). Trek pages, fragments,
``profile.json`` and ``offline.json`` are rendered once per stamp (``web/render.py``).

Even that read is most of a cached page's cost, so a stamp is kept for a second
(``STAMP_TTL_S``); storing a trek forgets them at once in its own process, and other
processes (gunicorn workers) see a new import within that second.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from threading import Lock

from flask import abort, current_app

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


STAMP_TTL_S = 1.0
_lock = Lock()


def _stamps() -> dict[str, tuple[float, TrekStamp]]:
    """This app's kept stamps (per app: tests run several apps, each on its own database)."""
    kept: dict[str, tuple[float, TrekStamp]] = current_app.extensions.setdefault("trek_stamps", {})
    return kept


def trek_stamp(slug: str) -> TrekStamp:
    """The stamp of the trek with this slug, or 404."""
    now = time.monotonic()
    with _lock:
        hit = _stamps().get(slug)
    if hit is not None and hit[0] > now:
        return hit[1]
    row = db.session.execute(db.select(Trek.version, Trek.updated_at).where(Trek.slug == slug)).first()
    if row is None:
        abort(404)
    version, stored_at = row
    stamp = TrekStamp(slug, version, f"{slug}:v{version}:{stored_at.isoformat()}")
    with _lock:
        _stamps()[slug] = (now + STAMP_TTL_S, stamp)
    return stamp


def forget_stamps() -> None:
    """Called whenever a trek is stored: the next page reads the new stamp."""
    with _lock:
        _stamps().clear()


def stamp_of(trek: Trek) -> str:
    """The same stamp, from a trek already loaded."""
    return f"{trek.slug}:v{trek.version}:{trek.updated_at.isoformat()}"

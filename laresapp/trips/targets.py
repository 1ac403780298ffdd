"""What a party can tick and where it can leave notes, per trek: the lists every operation
is checked against (laresapp/trips/ops.py) and the labels the trip pages show."""

from __future__ import annotations

from datetime import datetime

from laresapp.core.message import Msg
from laresapp.treks.models import Trek
from laresapp.web.trek_text import local_str

_TargetKey = tuple[int, int, datetime]
_targets_cache: dict[_TargetKey, tuple[frozenset[str], frozenset[str]]] = {}


def _targets(trek: Trek) -> tuple[frozenset[str], frozenset[str]]:
    """Tick and note targets of a trek, kept per trek version: building them reads the
    whole trek document, which would otherwise cost more than applying the operation."""
    key = (trek.id, trek.version, trek.updated_at)
    hit = _targets_cache.get(key)
    if hit is None:
        if len(_targets_cache) > 64:
            _targets_cache.clear()
        hit = (
            frozenset(tick_labels(trek)) | {"setting:day"},
            frozenset(f"wp:{w.slug}" for w in trek.waypoints),
        )
        _targets_cache[key] = hit
    return hit


def tick_targets(trek: Trek) -> frozenset[str]:
    """Everything a party can tick on this trek (plus the synced day setting).

    Keys are the trek's stable keys, so a new version of the trek keeps a party's ticks.
    """
    return _targets(trek)[0]


def tick_labels(trek: Trek) -> dict[str, str]:
    """Every tickable thing of a trek, target → what the page calls it: stages, waypoints,
    gear and checklist items. The one list both :func:`tick_targets` and the pages use."""
    doc = trek.document
    # A Msg: said in the page's language where it is shown (the labels are kept per trek).
    lang = trek.doc_lang()
    labels: dict[str, str] = {
        f"stage:{s.number}": Msg(
            "Day %(num)s: %(title)s", num=s.number, title=local_str(s.local("title"), lang)
        )
        for s in trek.stages
    }
    labels.update({f"wp:{w.slug}": local_str(w.local("name"), lang) for w in trek.waypoints})
    labels.update(
        {f"gear:{g['key']}": local_str(g["item"], lang) for g in doc.get("gear", []) if g.get("key")}
    )
    labels.update(
        {
            f"check:{c['key']}": local_str(c.get("item") or c.get("text") or c["key"], lang)
            for c in doc.get("checklist", [])
            if c.get("key")
        }
    )
    return labels


def note_targets(trek: Trek) -> frozenset[str]:
    """Notes go on places: any waypoint, campsites included."""
    return _targets(trek)[1]

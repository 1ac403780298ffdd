"""The track profile of a stored trek: the phone's ``profile.json`` and the page charts.

Waypoint and stage positions come from the database rows (``Waypoint.distance_m``,
``Stage.start_m``/``end_m``), not from snapping again, so the phone, the stage table
and the chart use the very same numbers. The profile itself is rebuilt from the stored
document's track with :func:`build_profile`, exactly as :func:`store_trek` did.

Building a profile costs a few milliseconds per page; it is kept per process, keyed
by the trek's slug and its stamp (version and when its document was stored,
``treks/stamp.py``), so a replaced track (an imported recording keeps the version number)
is never served stale, and checking costs no read of the document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from threading import Lock
from typing import Any

from flask_babel import gettext
from markupsafe import Markup

from laresapp.core.track.chart import ChartLabels, render_profile_svg
from laresapp.core.track.profile import Profile, build_profile
from laresapp.core.track.where import PlacedStage, PlacedWaypoint, compact_profile_json
from laresapp.treks.models import Stage, Trek
from laresapp.treks.stamp import stamp_of
from laresapp.web.formatting import number as local_number
from laresapp.web.labels import kind, say_text
from laresapp.web.trek_text import local_str, page_lang


@dataclass
class TrekProfile:
    profile: Profile
    waypoints: list[PlacedWaypoint]
    stages: list[PlacedStage]
    json_bytes: bytes
    charts: dict[tuple[int, str], str] = field(default_factory=dict)
    """Rendered SVG per stage number (0 = the whole trek) and page language."""


_cache: dict[tuple[str, int], tuple[str, TrekProfile]] = {}
_lock = Lock()


def trek_profile(trek: Trek) -> TrekProfile:
    """The cached profile of a trek, built on first use."""
    key = (trek.slug, trek.version)
    digest = stamp_of(trek)
    with _lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] == digest:
        return hit[1]
    built = _build(trek)
    with _lock:
        for k in [k for k in _cache if k[0] == trek.slug]:
            del _cache[k]
        _cache[key] = (digest, built)
    return built


def _build(trek: Trek) -> TrekProfile:
    points = [(p[0], p[1], p[2]) for p in trek.document["track"]["points"]]
    profile = build_profile(points)
    waypoints = [
        PlacedWaypoint(
            w.slug, w.name, w.type, w.distance_m, w.stage.number, w.advice, w.lat, w.lon, w.elevation_m
        )
        for w in trek.waypoints
    ]
    stages = [PlacedStage(s.number, s.start_m, s.end_m) for s in trek.stages]
    data: dict[str, Any] = compact_profile_json(profile, waypoints, stages)
    data.update(
        slug=trek.slug,
        version=trek.version,
        data_quality=trek.data_quality,
        line_uncertainty_m=trek.document.get("line_uncertainty_m"),
        lang=trek.doc_lang(),
    )
    # Waypoint names and advice in every language they have (``name``/``advice`` above are
    # in ``lang``, the document's): for the phone's messages in the page's language.
    data["waypoint_texts"] = {
        w.slug: {k: dict(w.local(k).texts) for k in ("name", "advice") if w.local(k).texts}
        for w in trek.waypoints
    }
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return TrekProfile(profile, waypoints, stages, raw)


def profile_chart(trek: Trek, stage: Stage | None = None) -> str:
    """Inline SVG elevation chart of the whole trek, or of one stage's range."""
    tp = trek_profile(trek)
    number = 0 if stage is None else stage.number
    lang = page_lang()
    svg = tp.charts.get((number, lang))
    if svg is None:
        doc_lang = trek.doc_lang()
        if stage is None:
            start, end = 0.0, tp.profile.length_m
            title = gettext(
                "Elevation profile of %(trek)s", trek=local_str(trek.local("short_name"), doc_lang)
            )
        else:
            start, end = stage.start_m, stage.end_m
            title = gettext(
                "Elevation profile of day %(num)s: %(title)s",
                num=stage.number,
                title=local_str(stage.local("title"), doc_lang),
            )
        names = {w.slug: local_str(w.local("name"), doc_lang) for w in trek.waypoints}
        svg = render_profile_svg(
            tp.profile,
            [replace(w, name=names.get(w.slug, w.name)) for w in tp.waypoints],
            start,
            end,
            ChartLabels(
                title=title,
                dom_id=f"profile-{trek.slug}-{number}",
                say=say_text,
                number=local_number,
                kind=kind,
            ),
        )
        tp.charts[(number, lang)] = svg
    return svg


def elevation_chart(trek: Trek, stage: Stage | None = None) -> Markup:
    """Inline SVG profile for any template (the widget, the overview, the Today page)."""
    return Markup(profile_chart(trek, stage))  # noqa: S704 - built from escaped parts

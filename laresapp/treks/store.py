"""Turn a validated trek document into database rows, and load the bundled treks.

Both the bundled JSON files and imported GPX files come through :func:`store_trek`, so
there is one place where along-track distances, climbs and times are derived from the
track (an import hands over the :class:`~laresapp.core.track.snap.TrackLine` it
measured, so the distances are not computed twice). A trek keeps its row (and id)
when it is replaced, so trips that point at it survive a new version; stages and
waypoints are rebuilt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from sqlalchemy import select

from laresapp.core.errors import RouteError
from laresapp.core.local_text import LocalText
from laresapp.core.track.profile import Profile, build_profile
from laresapp.core.track.snap import TrackLine
from laresapp.core.track.timing import section_summary
from laresapp.core.trek_doc import TrekDoc, parse_trek_doc
from laresapp.db_types import utcnow
from laresapp.extensions import db
from laresapp.treks.models import Stage, Trek, Waypoint
from laresapp.treks.stamp import forget_stamps

BUNDLED_FILES: tuple[str, ...] = ("lares-a.json", "lares-b.json")
STAGE_TOLERANCE_M = 60.0
"""How far a waypoint may sit outside the along-track range of its stage (a camp at the
very end of one day is also the start of the next)."""


class BundledDataError(RuntimeError):
    """A bundled trek file is missing or broken: the app refuses to start."""


@dataclass(frozen=True)
class PlacedWaypoint:
    """Where a stored waypoint lies: metres along the track and metres off it."""

    along_m: float
    offset_m: float


def place_waypoints(doc: TrekDoc, profile: Profile) -> list[PlacedWaypoint]:
    """Along-track position and distance from the line of each waypoint, in walking order
    (:meth:`TrackLine.in_order`: a track that doubles back does not send a later
    waypoint to an earlier pass)."""
    snaps = TrackLine.of(profile).in_order((wp.lat, wp.lon) for wp in doc.waypoints)
    return [PlacedWaypoint(along_m=s.along_m, offset_m=s.offset_m) for s in snaps]


def _stage_bounds(doc: TrekDoc, placed: list[PlacedWaypoint], length_m: float) -> list[tuple[float, float]]:
    by_slug = {wp.slug: p for wp, p in zip(doc.waypoints, placed, strict=True)}
    bounds: list[tuple[float, float]] = []
    start = 0.0
    for stage in doc.stages:
        last = stage.number == len(doc.stages)
        end = length_m if last else by_slug[stage.end_waypoint].along_m
        if end <= start:
            raise RouteError(f"stage {stage.number} ends before it starts: check its end_waypoint")
        bounds.append((start, end))
        start = end
    return bounds


def _texts_json(**fields: str | None) -> str:
    """Every language of a row's text fields, as ``texts_json`` (see ``LocalTexts``)."""
    texts = {k: dict(v.texts) for k, v in fields.items() if isinstance(v, LocalText) and v.texts}
    return json.dumps(texts, separators=(",", ":"), ensure_ascii=False)


def store_trek(doc: TrekDoc, *, origin: str = "bundled", line: TrackLine | None = None) -> Trek:
    """Insert or replace the trek with ``doc.slug``; the caller commits.

    ``line``: the :class:`TrackLine` of ``doc.track`` when the caller measured it already
    (an import); its distances and search index are reused, with the same numbers.
    """
    forget_stamps()
    profile = _profile_of(doc, line)
    placed = place_waypoints(doc, profile)
    bounds = _stage_bounds(doc, placed, profile.length_m)
    for wp, p in zip(doc.waypoints, placed, strict=True):
        lo, hi = bounds[wp.stage - 1]
        if not lo - STAGE_TOLERANCE_M <= p.along_m <= hi + STAGE_TOLERANCE_M:
            raise RouteError(
                f"waypoint '{wp.slug}' is {p.along_m / 1000:.1f} km along the track, "
                f"outside its stage {wp.stage} ({lo / 1000:.1f}–{hi / 1000:.1f} km)"
            )

    trek = db.session.scalar(select(Trek).where(Trek.slug == doc.slug))
    if trek is None:
        trek = Trek(slug=doc.slug)
        db.session.add(trek)
    else:
        # Waypoints first: they point at stages.
        trek.waypoints.clear()
        db.session.flush()
        trek.stages.clear()
        db.session.flush()
        trek.__dict__.pop("_document_cache", None)

    # One walk over the track per section (the whole, then each stage) for climb, high,
    # low and time: the same numbers as asking for each separately, a fraction of the
    # cost on a 100,000-point recording.
    whole = section_summary(profile, 0.0, profile.length_m)
    trek.version = doc.version
    trek.name = doc.name
    trek.short_name = doc.short_name
    trek.summary = doc.summary
    trek.difficulty = doc.difficulty
    trek.data_quality = doc.data_quality
    trek.quality_note = doc.quality_note
    trek.source_name = doc.source_name
    trek.source_note = doc.source_note
    trek.origin = origin
    trek.lang = doc.lang
    trek.texts_json = _texts_json(
        name=doc.name,
        short_name=doc.short_name,
        summary=doc.summary,
        difficulty=doc.difficulty,
        quality_note=doc.quality_note,
        source_note=doc.source_note,
    )
    trek.__dict__.pop("_texts_cache", None)
    trek.updated_at = utcnow()
    trek.published_distance_km = doc.published_distance_km
    trek.has_elevation = profile.elevation_m is not None
    trek.length_m = profile.length_m
    trek.ascent_m = whole.ascent_m
    trek.descent_m = whole.descent_m
    trek.high_point_m = whole.high_point_m
    trek.low_point_m = whole.low_point_m
    trek.walking_time_s = whole.walking_time_s
    trek.point_count = len(doc.track)
    # check_circular=False: to_json() gives a fresh tree of plain lists, so the same
    # text comes ~10 % sooner; this JSON is a fifth of storing a 100,000-point trek.
    trek.document_json = json.dumps(
        doc.to_json(), separators=(",", ":"), ensure_ascii=False, check_circular=False
    )

    stages: list[Stage] = []
    for sdoc, (start, end) in zip(doc.stages, bounds, strict=True):
        summary = section_summary(profile, start, end)
        stage = Stage(
            number=sdoc.number,
            title=sdoc.title,
            summary=sdoc.summary,
            camp_notes=sdoc.camp_notes,
            published_distance_km=sdoc.published_distance_km,
            start_m=start,
            end_m=end,
            ascent_m=summary.ascent_m,
            descent_m=summary.descent_m,
            high_point_m=summary.high_point_m,
            walking_time_s=summary.walking_time_s,
            end_waypoint_slug=sdoc.end_waypoint,
            texts_json=_texts_json(title=sdoc.title, summary=sdoc.summary, camp_notes=sdoc.camp_notes),
        )
        trek.stages.append(stage)
        stages.append(stage)
    for i, (wdoc, p) in enumerate(zip(doc.waypoints, placed, strict=True)):
        trek.waypoints.append(
            Waypoint(
                position=i,
                slug=wdoc.slug,
                name=wdoc.name,
                type=wdoc.type,
                lat=wdoc.lat,
                lon=wdoc.lon,
                elevation_m=wdoc.elevation_m,
                confidence=wdoc.confidence,
                notes=wdoc.notes,
                advice=wdoc.advice,
                distance_m=p.along_m,
                offset_m=p.offset_m,
                stage=stages[wdoc.stage - 1],
                texts_json=_texts_json(name=wdoc.name, notes=wdoc.notes, advice=wdoc.advice),
            )
        )
    db.session.flush()
    return trek


def _profile_of(doc: TrekDoc, line: TrackLine | None) -> Profile:
    if line is None or not (line.points is doc.track or line.points == doc.track):
        return build_profile(doc.track)
    profile = build_profile(doc.track, distance_m=line.distance_m)
    line.attach(profile)
    return profile


def read_bundled(name: str) -> TrekDoc:
    """Parse one bundled file; any problem becomes a :class:`BundledDataError` naming it."""
    path = bundled_dir().joinpath(name)
    label = f"laresapp/treks/data/{name}"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BundledDataError(f"bundled trek file {label} is missing") from None
    try:
        return parse_trek_doc(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundledDataError(f"bundled trek file {label} is not valid JSON: {exc}") from None
    except RouteError as exc:
        raise BundledDataError(f"bundled trek file {label}: {exc}") from None


def load_bundled_treks() -> list[str]:
    """Store each bundled trek that is missing or older than its file; return their slugs.

    A trek whose sketch was replaced by an imported recording is left alone: the file's
    newer prose must not overwrite a hiker's real track.
    """
    loaded: list[str] = []
    for name in BUNDLED_FILES:
        doc = read_bundled(name)
        existing = db.session.scalar(select(Trek).where(Trek.slug == doc.slug))
        if existing is not None and (existing.origin != "bundled" or existing.version >= doc.version):
            continue
        try:
            store_trek(doc, origin="bundled")
        except RouteError as exc:
            db.session.rollback()
            raise BundledDataError(f"bundled trek file laresapp/treks/data/{name}: {exc}") from None
        loaded.append(doc.slug)
    db.session.commit()
    return loaded


def bundled_dir() -> Traversable:
    """Where the bundled trek documents live: ``treks/data/`` inside the package."""
    return resources.files("laresapp.treks").joinpath("data")


def bundled_path(name: str) -> Path:
    """Filesystem path of a bundled file (for scripts and tests)."""
    return Path(str(bundled_dir().joinpath(name)))

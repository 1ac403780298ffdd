"""Step 4 of an import: a parsed GPX file → a :class:`~laresapp.core.trek_doc.TrekDoc`.

:func:`build_trek` runs named steps in order, each handing the next a typed value:
:func:`join_parts` (the file's parts → one :class:`JoinedLine`), :func:`place_file_waypoints`,
:func:`stage_boundaries`, :func:`choose_stage_ends`, then the walking-order stage
assignment (:func:`assign_stages`, shared with the merge) and the documents. It returns
an :class:`ImportedTrek`: the document and its :class:`TrackLine`, which storage reuses.

Decisions, and why:

* **One line** (:mod:`~laresapp.core.gpx.join`) and **stages and their ends**
  (:mod:`~laresapp.core.gpx.stages`) are steps of their own, with their reasons there.
* **Placing waypoints** uses the track's one nearest-point index
  (:class:`~laresapp.core.track.snap.TrackLine`, whose boxes storage searches too):
  a local equirectangular projection, segments searched in bounding boxes nearest
  first, so a 100,000-point track costs milliseconds per waypoint, not seconds. A
  file lists its waypoints in no particular order, so each is placed by the plain
  nearest point (:meth:`~laresapp.core.track.snap.TrackLine.project`); that order is
  the walking order storage then follows (:meth:`~laresapp.core.track.snap.TrackLine.in_order`).
  A waypoint far from the line is kept (it may be a hut off the trail) and its notes
  say "about N m from the track", since the trek format has no flag for it.
* **Our own exports of a sketch stay sketches.** The export's ``<keywords>`` say
  ``laresapp:data-quality=sketch``; such a file is read back as a sketch (waypoints
  "estimate", the original quality note), and the quality paragraph the export appended
  to the description is taken off the summary again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from laresapp.core.errors import RouteError
from laresapp.core.gpx.join import JoinedLine, join_parts
from laresapp.core.gpx.kinds import classify_waypoint
from laresapp.core.gpx.read import GpxWaypoint, ParsedGpx
from laresapp.core.gpx.stages import Placed, StageEnds, assign_stages, choose_stage_ends, stage_boundaries
from laresapp.core.gpx.wording import (
    exported_lang,
    exported_quality,
    far_note,
    join_notes,
    quality_note,
    split_exported_desc,
    waypoint_words,
)
from laresapp.core.local_text import DEFAULT_LANG
from laresapp.core.names import is_slug, unique_slug
from laresapp.core.track.snap import TrackLine
from laresapp.core.trek_doc import StageDoc, TrekDoc, WaypointDoc


@dataclass(frozen=True)
class ImportedTrek:
    """What an import hands storage: the document and the line measured for it."""

    doc: TrekDoc
    line: TrackLine


def gpx_to_trek(
    parsed: ParsedGpx,
    *,
    slug: str,
    name: str | None = None,
    split_at_km: list[float] | None = None,
    max_waypoint_offset_m: float = 200.0,
) -> TrekDoc:
    """Build a recorded :class:`TrekDoc` from a GPX file; see the module docstring."""
    return build_trek(
        parsed, slug=slug, name=name, split_at_km=split_at_km, max_waypoint_offset_m=max_waypoint_offset_m
    ).doc


def build_trek(
    parsed: ParsedGpx,
    *,
    slug: str,
    name: str | None = None,
    split_at_km: list[float] | None = None,
    max_waypoint_offset_m: float = 200.0,
) -> ImportedTrek:
    """The import's steps in order; see the module docstring."""
    if not is_slug(slug):
        raise RouteError(f"the trek id {slug!r} must be lower-case letters, digits and dashes")
    off = max_waypoint_offset_m
    joined = join_parts(parsed)
    placed = place_file_waypoints(parsed.waypoints, joined.line, off)
    far_count = sum(1 for p in placed if p.proj.offset_m > off)
    targets, titles = stage_boundaries(joined, placed, split_at_km, off)
    ends = choose_stage_ends(placed, targets, joined.line, off, titles)
    waypoints, stages = _documents(ends)
    doc = _trek_doc(
        parsed,
        joined,
        waypoints,
        stages,
        slug=slug,
        name=name,
        quality_note=quality_note(parsed, joined.parts, joined.dropped_routes, far_count, off),
    )
    return ImportedTrek(doc=doc, line=joined.line)


def place_file_waypoints(waypoints: Sequence[GpxWaypoint], line: TrackLine, off: float) -> list[Placed]:
    """The file's waypoints, each placed on the line, in file order."""
    return [_place_file_waypoint(w, i, line, off) for i, w in enumerate(waypoints)]


def _documents(ends: StageEnds) -> tuple[list[WaypointDoc], list[StageDoc]]:
    """Waypoints in walking order with their stages and slugs, and the stages."""
    placed = ends.placed
    ordered = assign_stages([p.proj.along_m for p in placed], [p.order for p in placed], ends.end_ids)
    taken: set[str] = set()
    waypoints: list[WaypointDoc] = []
    for k, stage in ordered:
        wp = placed[k]
        wp.stage = stage
        wp.slug = unique_slug(wp.name, taken)
        waypoints.append(
            WaypointDoc(
                slug=wp.slug,
                name=wp.name,
                type=wp.type,
                lat=wp.lat,
                lon=wp.lon,
                elevation_m=wp.elevation_m,
                stage=wp.stage,
                confidence="recorded",
                notes=wp.notes,
                advice=wp.advice,
            )
        )

    stages: list[StageDoc] = []
    titles = ends.titles
    start_name = waypoints[0].name
    for s, k in enumerate(ends.end_ids, start=1):
        end = placed[k]
        title = titles[s - 1] if titles and titles[s - 1] else ""
        stages.append(
            StageDoc(
                number=s,
                title=title or f"{start_name} to {end.name}",
                summary="",
                end_waypoint=end.slug,
            )
        )
        start_name = end.name
    return waypoints, stages


def _trek_doc(
    parsed: ParsedGpx,
    joined: JoinedLine,
    waypoints: list[WaypointDoc],
    stages: list[StageDoc],
    *,
    slug: str,
    name: str | None,
    quality_note: str,
) -> TrekDoc:
    """The trek's name, summary and data quality around its waypoints and stages."""
    parts = joined.parts
    trek_name = (
        name or parsed.name or next((p.name for p in parts if p.name), "") or "Imported route"
    ).strip()
    quality = "recorded"
    summary = parsed.description
    exported = exported_quality(parsed)
    if exported is not None:
        summary, old_note = split_exported_desc(parsed.description)
        if exported == "sketch":
            quality = "sketch"
            quality_note = old_note or "A sketch: positions are estimates, not a recording."
            waypoints = [replace(w, confidence="estimate") for w in waypoints]
    points = joined.line.points
    return TrekDoc(
        slug=slug,
        version=1,
        name=trek_name,
        short_name=trek_name[:40],
        summary=summary,
        data_quality=quality,
        quality_note=quality_note,
        stages=stages,
        waypoints=waypoints,
        track=points,
        source_name=parsed.creator or "GPX file",
        source_note=(
            f"Imported from a GPX {parsed.version} file: {len(points)} points in "
            f"{len(parts)} track/route part(s)."
        ),
        lang=exported_lang(parsed) or DEFAULT_LANG,
    )


def _place_file_waypoint(w: GpxWaypoint, index: int, line: TrackLine, off: float) -> Placed:
    kind = classify_waypoint(name=w.name, symbol=w.symbol, type_text=w.type)
    proj = line.project(w.lat, w.lon)
    notes, advice = waypoint_words(w, kind)
    if proj.offset_m > off:
        notes = join_notes(notes, far_note(proj.offset_m))
    ele = w.elevation_m
    if ele is None and proj.offset_m <= off:
        ele = proj.elevation_m
    return Placed(
        name=w.name or f"Waypoint {index + 1}",
        type=kind,
        proj=proj,
        lat=w.lat,
        lon=w.lon,
        elevation_m=ele,
        notes=notes,
        advice=advice,
        order=float(index),
    )

"""Step 4 of an import: a parsed GPX file → a :class:`~laresapp.core.trek_doc.TrekDoc`.

:func:`build_trek` runs named steps in order, each handing the next a typed value:
:func:`join_parts` (the file's parts → one :class:`JoinedLine`), :func:`place_file_waypoints`,
:func:`stage_boundaries`, :func:`choose_stage_ends`, then the walking-order stage
assignment (:func:`assign_stages`, shared with the merge) and the documents. It returns
an :class:`ImportedTrek`: the document and its :class:`TrackLine`, which storage reuses.

Decisions, and why:

* **One line.** A trek is one walk, so the file's tracks (or routes) are joined in file
  order; a gap between two GPS pieces is bridged by a straight line, as every GPS app
  does. When a file has *both* routes and a recorded track, only the track is used: a
  ``<rte>`` beside a recorded ``<trk>`` is almost always the plan of the same walk, and
  joining both would walk it twice. The quality note says when routes were dropped.
* **Stages.** An organiser's explicit ``split_at_km`` wins; else a file with several
  tracks is read as one track per day (how phones and exports write multi-day trips);
  else campsite waypoints lying on the line end the days; else it is one stage. A piece
  shorter than :data:`MIN_STAGE_M` never makes a day of its own: a GPS that restarts
  mid-walk leaves such stubs ("ACTIVE LOG #4", two points).
* **Stage ends are waypoints** (the trek format requires it): an existing waypoint on
  the line near the boundary is reused, otherwise one is created ("End of day 1",
  a campsite; "End of the trek" at the end). A "Start" is created when no waypoint
  marks the beginning, because the first waypoint is where stage 1 starts.
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

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from laresapp.core.errors import RouteError
from laresapp.core.gpx.kinds import classify_waypoint
from laresapp.core.gpx.read import GpxPart, GpxWaypoint, ParsedGpx
from laresapp.core.gpx.wording import (
    FINAL_END_NAME,
    START_NAME,
    exported_quality,
    far_note,
    join_notes,
    quality_note,
    split_exported_desc,
    strip_day_prefix,
    waypoint_words,
)
from laresapp.core.names import is_slug, unique_slug
from laresapp.core.track.snap import Projection, TrackLine
from laresapp.core.trek_doc import StageDoc, TrackPoint, TrekDoc, WaypointDoc

MIN_STAGE_M = 500.0
"""A stage shorter than this is a GPS restart or a duplicate end, not a day's walk."""

SAME_DAY_GAP_S = 6 * 3600.0
"""Two timed file parts closer than this in time belong to the same day."""

_FINAL_END_TYPES = ("trailhead", "town", "transport", "road", "village")


def spaced_boundaries(candidates: Sequence[float], total_m: float) -> list[float]:
    """Keep boundaries that leave every stage at least :data:`MIN_STAGE_M` long."""
    kept: list[float] = []
    for b in sorted(candidates):
        prev = kept[-1] if kept else 0.0
        if b - prev >= MIN_STAGE_M and total_m - b >= MIN_STAGE_M:
            kept.append(b)
    return kept


@dataclass
class _Placed:
    """A waypoint being built, with where it meets the line."""

    name: str
    type: str
    proj: Projection
    lat: float
    lon: float
    elevation_m: float | None
    notes: str
    advice: str | None
    order: float  # file order, for ties at the same along-track position
    slug: str = ""
    stage: int = 0


def _choose_parts(parsed: ParsedGpx) -> tuple[list[GpxPart], int]:
    tracks = [p for p in parsed.tracks if p.kind == "track"]
    routes = [p for p in parsed.tracks if p.kind == "route"]
    if tracks and routes and sum(p.point_count for p in tracks) >= 2:
        return tracks, len(routes)
    return list(parsed.tracks), 0


def assign_stages(along_m: Sequence[float], tie: Sequence[float],
                  end_ids: Sequence[int]) -> list[tuple[int, int]]:
    """Waypoints in walking order, each with its stage number: ``(index, stage)`` pairs.

    The one rule for import and merge: waypoints sort by along-track metres (``tie``,
    usually file order, breaks ties); stage ``s`` ends at waypoint ``end_ids[s - 1]``,
    and every waypoint after one stage's end belongs to the next stage. Storage then
    checks each stored waypoint against its stage's range (``store_trek``).
    """
    ordered = sorted(range(len(along_m)), key=lambda k: (along_m[k], tie[k]))
    end_of = {k: s for s, k in enumerate(end_ids, start=1)}
    n_stages = len(end_ids)
    stage = 1
    out: list[tuple[int, int]] = []
    for k in ordered:
        closes = end_of.get(k)
        out.append((k, closes if closes is not None else min(stage, n_stages)))
        if closes is not None:
            stage = closes + 1
    return out


@dataclass(frozen=True)
class JoinedLine:
    """The file's parts joined into the one line of the trek."""

    parts: list[GpxPart]
    dropped_routes: int
    line: TrackLine
    part_end_m: list[float]
    """Along-track metres of each part's last point."""


@dataclass(frozen=True)
class StageEnds:
    """The waypoints (file ones and created ones) and which of them end the stages."""

    placed: list[_Placed]
    end_ids: list[int]
    titles: list[str] | None


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
    return build_trek(parsed, slug=slug, name=name, split_at_km=split_at_km,
                      max_waypoint_offset_m=max_waypoint_offset_m).doc


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
    doc = _trek_doc(parsed, joined, waypoints, stages, slug=slug, name=name,
                    quality_note=quality_note(parsed, joined.parts, joined.dropped_routes,
                                               far_count, off))
    return ImportedTrek(doc=doc, line=joined.line)


def join_parts(parsed: ParsedGpx) -> JoinedLine:
    """The tracks (or routes) in file order as one line, repeated points dropped."""
    parts, dropped_routes = _choose_parts(parsed)
    points: list[TrackPoint] = []
    part_ends: list[int] = []  # index of each part's last point in ``points``
    for part in parts:
        for seg in part.segments:
            for p in seg:
                if not points or (p[0], p[1]) != (points[-1][0], points[-1][1]):
                    points.append(p)
        part_ends.append(len(points) - 1)
    if len(points) < 2:
        raise RouteError(
            f"the file has only one track point (at {points[0][0]:.5f}, {points[0][1]:.5f}): "
            "a trek needs a line of at least two points"
        )
    line = TrackLine(points)
    if line.length_m < 1.0:
        raise RouteError("all the track points are at the same place: there is no line to follow")
    return JoinedLine(parts=parts, dropped_routes=dropped_routes, line=line,
                      part_end_m=[line.distance_m[i] for i in part_ends])


def place_file_waypoints(waypoints: Sequence[GpxWaypoint], line: TrackLine,
                         off: float) -> list[_Placed]:
    """The file's waypoints, each placed on the line, in file order."""
    return [_place_file_waypoint(w, i, line, off) for i, w in enumerate(waypoints)]


def stage_boundaries(joined: JoinedLine, placed: list[_Placed], split_at_km: list[float] | None,
                     off: float) -> tuple[list[float], list[str] | None]:
    """Along-track metres where stages end (the last is the line's end), and titles."""
    total_m = joined.line.length_m
    parts = joined.parts
    titles: list[str] | None = None
    if split_at_km is not None:
        targets = _check_splits(split_at_km, total_m)
    elif len(parts) > 1 and (day_ends := _day_ends(parts, joined.part_end_m)):
        targets = spaced_boundaries(day_ends, total_m)
        titles = _titles_for(parts, joined.part_end_m, targets, total_m)
    else:
        camps = [p.proj.along_m for p in placed
                 if p.type == "campsite" and p.proj.offset_m <= off]
        targets = spaced_boundaries(camps, total_m)
    return [*targets, total_m], titles


def choose_stage_ends(placed: list[_Placed], targets: list[float], line: TrackLine,
                      off: float, titles: list[str] | None) -> StageEnds:
    """A waypoint for the start and for each stage's end: reused near the spot, else new.

    ``placed`` gains the created waypoints ("Start", "End of day 1", …)."""
    total_m = line.length_m

    def near(along_m: float, exclude: set[int]) -> list[int]:
        return [k for k, p in enumerate(placed)
                if k not in exclude and p.proj.offset_m <= off
                and abs(p.proj.along_m - along_m) <= off]

    used: set[int] = set()
    start_candidates = [k for k in near(0.0, used) if placed[k].proj.along_m <= off]
    if start_candidates:
        used.add(min(start_candidates, key=lambda k: (placed[k].proj.along_m, placed[k].order)))
    else:
        placed.append(_created(START_NAME, "trailhead", line.at(0.0), -1.0))
        used.add(len(placed) - 1)

    end_ids: list[int] = []
    previous_m = 0.0
    n_stages = len(targets)
    for s, target in enumerate(targets, start=1):
        final = s == n_stages
        options = [k for k in near(target, used) if placed[k].proj.along_m > previous_m]
        if final:
            options = [k for k in options if placed[k].proj.along_m >= total_m - off]
        if options:
            preferred = _FINAL_END_TYPES if final else ("campsite",)
            k = min(options, key=lambda k: (round(abs(placed[k].proj.along_m - target)),
                                            placed[k].type not in preferred,
                                            -placed[k].order))
        else:
            label = FINAL_END_NAME if final else f"End of day {s}"
            kind = "trailhead" if final else "campsite"
            placed.append(_created(label, kind, line.at(target), 10_000.0 + s))
            k = len(placed) - 1
        used.add(k)
        end_ids.append(k)
        previous_m = placed[k].proj.along_m
    return StageEnds(placed=placed, end_ids=end_ids, titles=titles)


def _documents(ends: StageEnds) -> tuple[list[WaypointDoc], list[StageDoc]]:
    """Waypoints in walking order with their stages and slugs, and the stages."""
    placed = ends.placed
    ordered = assign_stages([p.proj.along_m for p in placed], [p.order for p in placed],
                            ends.end_ids)
    taken: set[str] = set()
    waypoints: list[WaypointDoc] = []
    for k, stage in ordered:
        wp = placed[k]
        wp.stage = stage
        wp.slug = unique_slug(wp.name, taken)
        waypoints.append(WaypointDoc(
            slug=wp.slug, name=wp.name, type=wp.type, lat=wp.lat, lon=wp.lon,
            elevation_m=wp.elevation_m, stage=wp.stage, confidence="recorded",
            notes=wp.notes, advice=wp.advice,
        ))

    stages: list[StageDoc] = []
    titles = ends.titles
    start_name = waypoints[0].name
    for s, k in enumerate(ends.end_ids, start=1):
        end = placed[k]
        title = titles[s - 1] if titles and titles[s - 1] else ""
        stages.append(StageDoc(
            number=s, title=title or f"{start_name} to {end.name}", summary="",
            end_waypoint=end.slug,
        ))
        start_name = end.name
    return waypoints, stages


def _trek_doc(parsed: ParsedGpx, joined: JoinedLine, waypoints: list[WaypointDoc],
              stages: list[StageDoc], *, slug: str, name: str | None,
              quality_note: str) -> TrekDoc:
    """The trek's name, summary and data quality around its waypoints and stages."""
    parts = joined.parts
    trek_name = (name or parsed.name or next((p.name for p in parts if p.name), "")
                 or "Imported route").strip()
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
        slug=slug, version=1, name=trek_name, short_name=trek_name[:40],
        summary=summary, data_quality=quality, quality_note=quality_note,
        stages=stages, waypoints=waypoints, track=points,
        source_name=parsed.creator or "GPX file",
        source_note=(f"Imported from a GPX {parsed.version} file: {len(points)} points in "
                     f"{len(parts)} track/route part(s)."),
    )


def _place_file_waypoint(w: GpxWaypoint, index: int, line: TrackLine, off: float) -> _Placed:
    kind = classify_waypoint(name=w.name, symbol=w.symbol, type_text=w.type)
    proj = line.project(w.lat, w.lon)
    notes, advice = waypoint_words(w, kind)
    if proj.offset_m > off:
        notes = join_notes(notes, far_note(proj.offset_m))
    ele = w.elevation_m
    if ele is None and proj.offset_m <= off:
        ele = proj.elevation_m
    return _Placed(name=w.name or f"Waypoint {index + 1}", type=kind, proj=proj, lat=w.lat,
                   lon=w.lon, elevation_m=ele, notes=notes, advice=advice, order=float(index))


def _created(name: str, kind: str, at: Projection, order: float) -> _Placed:
    return _Placed(name=name, type=kind, proj=at, lat=at.lat, lon=at.lon,
                   elevation_m=at.elevation_m, notes="", advice=None, order=order)


def _day_ends(parts: list[GpxPart], part_end_m: list[float]) -> list[float]:
    """Along-track metres where one file part ends and the next is another day.

    Parts with times less than :data:`SAME_DAY_GAP_S` apart are one day cut by a GPS
    restart; parts without times (exports, plans) are taken as one part per day."""
    out: list[float] = []
    for k in range(len(parts) - 1):
        end_s, next_s = parts[k].end_time_s, parts[k + 1].start_time_s
        if end_s is not None and next_s is not None and next_s - end_s < SAME_DAY_GAP_S:
            continue
        out.append(part_end_m[k])
    return out


def _check_splits(split_at_km: list[float], total_m: float) -> list[float]:
    out: list[float] = []
    for km in split_at_km:
        if not math.isfinite(km) or not 0.0 < km * 1000.0 < total_m:
            raise RouteError(
                f"cannot split at {km:g} km: the track is {total_m / 1000:.1f} km long"
            )
        out.append(km * 1000.0)
    out.sort()
    for a, b in zip(out, out[1:], strict=False):
        if b - a < 1.0:
            raise RouteError(f"the split points {a / 1000:.3f} km and {b / 1000:.3f} km coincide")
    return out


def _titles_for(parts: list[GpxPart], part_end_m: list[float], targets: list[float],
                total_m: float) -> list[str]:
    """Each stage takes the name of its first file part (without a "Day N:" prefix)."""
    bounds = [*targets, total_m]
    titles: list[str] = []
    first_part = 0
    for b in bounds:
        titles.append(strip_day_prefix(parts[first_part].name) if first_part < len(parts) else "")
        while first_part < len(parts) and part_end_m[first_part] <= b + 1e-6:
            first_part += 1
    return titles

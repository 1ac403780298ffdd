"""Turn a parsed GPX file into a :class:`~.trek.TrekDoc`: one line, stages, placed waypoints.

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
* **Placing waypoints** uses the nearest point of the nearest segment in a local
  equirectangular projection: at trek scale (tens of km) its error is far below GPS
  error, and it needs no dependency. Segments are searched in blocks ordered by their
  bounding boxes, so a 100,000-point track costs milliseconds per waypoint, not seconds.
  A waypoint far from the line is kept (it may be a hut off the trail) and its notes
  say "about N m from the track", since the trek format has no flag for it.
* **Our own exports of a sketch stay sketches.** The export's ``<keywords>`` say
  ``laresapp:data-quality=sketch``; such a file is read back as a sketch (waypoints
  "estimate", the original quality note), and the quality paragraph the export appended
  to the description is taken off the summary again.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import EARTH_RADIUS_M, cumulative_distances_m, haversine_m
from laresapp.core.gpx.read import GpxPart, GpxWaypoint, ParsedGpx
from laresapp.core.gpx.kinds import classify_waypoint, fold
from laresapp.core.trek_doc import SLUG_RE, StageDoc, TrackPoint, TrekDoc, WaypointDoc

MIN_STAGE_M = 500.0
"""A stage shorter than this is a GPS restart or a duplicate end, not a day's walk."""

SAME_DAY_GAP_S = 6 * 3600.0
"""Two timed file parts closer than this in time belong to the same day."""

BLOCK = 128
"""Segments per bounding-box block in :class:`TrackLine`."""

QUALITY_KEYWORD = "laresapp:data-quality="
"""laresapp's exports write ``laresapp:data-quality=sketch`` (or ``=recorded``) into
``<metadata><keywords>``. A sketch exported and imported again stays a sketch: a line we
drew does not become a recording by a round trip through a file."""
QUALITY_PREFIX = "Data quality: "
"""Starts the quality paragraph that exports append to ``<metadata><desc>``."""

START_NAME = "Start"
FINAL_END_NAME = "End of the trek"
_DAY_END_RE = re.compile(r"^End of day \d+$")


def is_created_name(name: str) -> bool:
    """True for the names :func:`gpx_to_trek` gives waypoints it had to invent."""
    return name in (START_NAME, FINAL_END_NAME) or bool(_DAY_END_RE.match(name))


_FINAL_END_TYPES = ("trailhead", "town", "transport", "road", "village")


@dataclass(frozen=True)
class Projection:
    """Where a position meets a line: along-track metres, offset metres, the foot point."""

    along_m: float
    offset_m: float
    lat: float
    lon: float
    elevation_m: float | None


class TrackLine:
    """A polyline with cumulative distances and fast nearest-point search."""

    def __init__(self, points: Sequence[TrackPoint]) -> None:
        if len(points) < 2:
            raise RouteError("the track needs at least two points")
        self.points = list(points)
        self.cum_m = cumulative_distances_m((p[0], p[1]) for p in self.points)
        lat0 = math.radians(sum(p[0] for p in self.points) / len(self.points))
        self._kx = EARTH_RADIUS_M * math.cos(lat0) * math.pi / 180.0
        self._ky = EARTH_RADIUS_M * math.pi / 180.0
        self._xs = [p[1] * self._kx for p in self.points]
        self._ys = [p[0] * self._ky for p in self.points]
        self._blocks: list[tuple[int, int, float, float, float, float]] = []
        n = len(self.points)
        for start in range(0, n - 1, BLOCK):
            stop = min(start + BLOCK, n - 1)  # segments start..stop-1 use points start..stop
            xs = self._xs[start:stop + 1]
            ys = self._ys[start:stop + 1]
            self._blocks.append((start, stop, min(xs), max(xs), min(ys), max(ys)))

    @property
    def length_m(self) -> float:
        return self.cum_m[-1]

    def _foot(self, i: int, t: float) -> Projection:
        a, b = self.points[i], self.points[i + 1]
        lat = a[0] + (b[0] - a[0]) * t
        lon = a[1] + (b[1] - a[1]) * t
        ele = None if a[2] is None or b[2] is None else a[2] + (b[2] - a[2]) * t
        along = self.cum_m[i] + (self.cum_m[i + 1] - self.cum_m[i]) * t
        return Projection(along_m=along, offset_m=0.0, lat=lat, lon=lon, elevation_m=ele)

    def project(self, lat: float, lon: float) -> Projection:
        """The nearest point of the line to (lat, lon)."""
        px, py = lon * self._kx, lat * self._ky
        xs, ys = self._xs, self._ys

        def box_d2(block: tuple[int, int, float, float, float, float]) -> float:
            _s, _e, x0, x1, y0, y1 = block
            dx = x0 - px if px < x0 else (px - x1 if px > x1 else 0.0)
            dy = y0 - py if py < y0 else (py - y1 if py > y1 else 0.0)
            return dx * dx + dy * dy

        best_d2 = math.inf
        best_i = 0
        best_t = 0.0
        for d2_box, start, stop in sorted((box_d2(b), b[0], b[1]) for b in self._blocks):
            if d2_box > best_d2:
                break
            for i in range(start, stop):
                ax, ay = xs[i], ys[i]
                dx, dy = xs[i + 1] - ax, ys[i + 1] - ay
                seg2 = dx * dx + dy * dy
                t = 0.0 if seg2 == 0.0 else ((px - ax) * dx + (py - ay) * dy) / seg2
                t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
                ex, ey = ax + dx * t - px, ay + dy * t - py
                d2 = ex * ex + ey * ey
                if d2 < best_d2:
                    best_d2, best_i, best_t = d2, i, t
        foot = self._foot(best_i, best_t)
        offset = haversine_m(lat, lon, foot.lat, foot.lon)
        return Projection(foot.along_m, offset, foot.lat, foot.lon, foot.elevation_m)

    def locate(self, along_m: float) -> tuple[int, float]:
        """Segment index and fraction for ``along_m`` metres from the start."""
        along = min(max(along_m, 0.0), self.length_m)
        i = max(0, min(bisect.bisect_right(self.cum_m, along) - 1, len(self.points) - 2))
        seg = self.cum_m[i + 1] - self.cum_m[i]
        t = 0.0 if seg == 0.0 else (along - self.cum_m[i]) / seg
        return i, min(max(t, 0.0), 1.0)

    def at(self, along_m: float) -> Projection:
        """The point of the line ``along_m`` metres from its start."""
        return self._foot(*self.locate(along_m))


def slugify(name: str, taken: set[str]) -> str:
    """A unique [a-z0-9-] slug for ``name``; ``taken`` is updated."""
    base = "-".join(fold(name).split())[:60].strip("-") or "waypoint"
    slug = base
    n = 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def far_note(offset_m: float) -> str:
    """The words added to a waypoint's notes when it is off the line."""
    rounded = int(round(offset_m, -1)) if offset_m < 1000 else int(round(offset_m, -2))
    return f"about {rounded} m from the track"


def join_notes(*parts: str) -> str:
    """Sentences joined with full stops: "Water here." + "about 300 m from the track"."""
    out = []
    for part in parts:
        text = part.strip()
        if text:
            text = text[0].upper() + text[1:]
            out.append(text if text.endswith((".", "!", "?")) else text + ".")
    return " ".join(out)


_GARMIN_STAMP = re.compile(r"^\d{2}-[A-Z]{3}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$")
"""Garmin units write the creation time ("05-AUG-10 16:58:37") as the description."""


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


def exported_quality(parsed: ParsedGpx) -> str | None:
    """"sketch" or "recorded" when the file is a laresapp export that says so, else None."""
    for word in parsed.keywords.replace(",", " ").split():
        if word.startswith(QUALITY_KEYWORD):
            value = word[len(QUALITY_KEYWORD):]
            if value in ("sketch", "recorded"):
                return value
    return None


def _split_exported_desc(description: str) -> tuple[str, str]:
    """An export's description → (the trek's summary, its quality note)."""
    summary, sep, quality = description.rpartition(QUALITY_PREFIX)
    if not sep:
        return description, ""
    _word, _dot, note = quality.partition(".")
    return summary.strip(), note.strip()


def _choose_parts(parsed: ParsedGpx) -> tuple[list[GpxPart], int]:
    tracks = [p for p in parsed.tracks if p.kind == "track"]
    routes = [p for p in parsed.tracks if p.kind == "route"]
    if tracks and routes and sum(p.point_count for p in tracks) >= 2:
        return tracks, len(routes)
    return list(parsed.tracks), 0


def _strip_day_prefix(name: str) -> str:
    head, sep, tail = name.partition(":")
    words = head.strip().split()
    if sep and len(words) == 2 and words[0].lower() in ("day", "dia", "día") and words[1].isdigit():
        return tail.strip()
    return name.strip()


def _quality_note(parsed: ParsedGpx, parts: list[GpxPart], dropped_routes: int,
                  far_count: int, max_offset_m: float) -> str:
    if all(p.kind == "route" for p in parts):
        lines = ["A route from a GPX file: a planned line, possibly drawn on a map rather "
                 "than walked, so it may cut corners."]
    else:
        lines = ["A GPS track recorded on the ground: positions are as good as the device "
                 "was (usually within 10–30 m)."]
    total = sum(p.point_count for p in parts)
    have = sum(1 for p in parts for s in p.segments for pt in s if pt[2] is not None)
    if parsed.elevation == "all-zero":
        lines.append("This file's elevations are all 0 (the device recorded none), so they "
                     "were dropped: climbs and times ignore height.")
    elif have == 0:
        lines.append("This file has no elevations: climbs and times ignore height.")
    elif have < total:
        lines.append(f"Only {have} of {total} points have an elevation: climbs are incomplete.")
    if dropped_routes:
        lines.append(f"The file's {dropped_routes} planned route(s) were left out: the recorded "
                     "track is used instead.")
    if far_count:
        lines.append(f"{far_count} waypoint(s) lie more than {max_offset_m:.0f} m from the track.")
    return " ".join(lines)


def gpx_to_trek(
    parsed: ParsedGpx,
    *,
    slug: str,
    name: str | None = None,
    split_at_km: list[float] | None = None,
    max_waypoint_offset_m: float = 200.0,
) -> TrekDoc:
    """Build a recorded :class:`TrekDoc` from a GPX file; see the module docstring."""
    if not SLUG_RE.match(slug):
        raise RouteError(f"the trek id {slug!r} must be lower-case letters, digits and dashes")
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
    total_m = line.length_m
    if total_m < 1.0:
        raise RouteError("all the track points are at the same place: there is no line to follow")
    off = max_waypoint_offset_m

    # Waypoints from the file, placed on the line.
    placed: list[_Placed] = []
    far_count = 0
    for i, w in enumerate(parsed.waypoints):
        placed.append(_place_file_waypoint(w, i, line, off))
        if placed[-1].proj.offset_m > off:
            far_count += 1

    def near(along_m: float, exclude: set[int]) -> list[int]:
        return [k for k, p in enumerate(placed)
                if k not in exclude and p.proj.offset_m <= off
                and abs(p.proj.along_m - along_m) <= off]

    # Stage boundaries (along-track metres), before snapping to waypoints.
    if split_at_km is not None:
        targets = _check_splits(split_at_km, total_m)
        part_titles: list[str] | None = None
    elif len(parts) > 1 and (day_ends := _day_ends(parts, part_ends, line)):
        targets = spaced_boundaries(day_ends, total_m)
        part_titles = _titles_for(parts, [line.cum_m[i] for i in part_ends], targets, total_m)
    else:
        camps = [p.proj.along_m for p in placed
                 if p.type == "campsite" and p.proj.offset_m <= off]
        targets = spaced_boundaries(camps, total_m)
        part_titles = None
    targets.append(total_m)

    # The start: reuse a waypoint at the beginning, else create one.
    used: set[int] = set()
    start_candidates = [k for k in near(0.0, used) if placed[k].proj.along_m <= off]
    if start_candidates:
        used.add(min(start_candidates, key=lambda k: (placed[k].proj.along_m, placed[k].order)))
    else:
        placed.append(_created(START_NAME, "trailhead", line.at(0.0), -1.0))
        used.add(len(placed) - 1)

    # Each stage's end: the best waypoint near the boundary, else a new one.
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

    # Order along the track; file order breaks ties. A stage ends at its end waypoint.
    ordered = sorted(range(len(placed)), key=lambda k: (placed[k].proj.along_m, placed[k].order))
    end_set = set(end_ids)
    stage = 1
    for k in ordered:
        placed[k].stage = min(stage, n_stages)
        if k in end_set:
            stage += 1
    # An end waypoint could sort before a waypoint of its own stage only by a tie; the
    # loop above already closed the stage there, which is what the hiker sees.
    taken: set[str] = set()
    waypoints: list[WaypointDoc] = []
    for k in ordered:
        wp = placed[k]
        wp.slug = slugify(wp.name, taken)
        waypoints.append(WaypointDoc(
            slug=wp.slug, name=wp.name, type=wp.type, lat=wp.lat, lon=wp.lon,
            elevation_m=wp.elevation_m, stage=wp.stage, confidence="recorded",
            notes=wp.notes, advice=wp.advice,
        ))

    stages: list[StageDoc] = []
    start_name = waypoints[0].name
    for s, k in enumerate(end_ids, start=1):
        end = placed[k]
        title = part_titles[s - 1] if part_titles and part_titles[s - 1] else ""
        stages.append(StageDoc(
            number=s, title=title or f"{start_name} to {end.name}", summary="",
            end_waypoint=end.slug,
        ))
        start_name = end.name

    trek_name = (name or parsed.name or next((p.name for p in parts if p.name), "")
                 or "Imported route").strip()
    quality = "recorded"
    summary = parsed.description
    quality_note = _quality_note(parsed, parts, dropped_routes, far_count, off)
    exported = exported_quality(parsed)
    if exported is not None:
        summary, old_note = _split_exported_desc(parsed.description)
        if exported == "sketch":
            quality = "sketch"
            quality_note = old_note or "A sketch: positions are estimates, not a recording."
            waypoints = [replace(w, confidence="estimate") for w in waypoints]
    return TrekDoc(
        slug=slug, version=1, name=trek_name, short_name=trek_name[:40],
        summary=summary, data_quality=quality, quality_note=quality_note,
        stages=stages, waypoints=waypoints, track=line.points,
        source_name=parsed.creator or "GPX file",
        source_note=(f"Imported from a GPX {parsed.version} file: {len(points)} points in "
                     f"{len(parts)} track/route part(s)."),
    )


def _place_file_waypoint(w: GpxWaypoint, index: int, line: TrackLine, off: float) -> _Placed:
    kind = classify_waypoint(name=w.name, symbol=w.symbol, type_text=w.type)
    proj = line.project(w.lat, w.lon)
    description = "" if _GARMIN_STAMP.match(w.description) else w.description
    comment = "" if w.comment in (w.name, w.description) or _GARMIN_STAMP.match(w.comment) \
        else w.comment
    advice = (comment or None) if kind == "junction" else None
    notes = join_notes(description, "" if advice else comment)
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


def _day_ends(parts: list[GpxPart], part_ends: list[int], line: TrackLine) -> list[float]:
    """Along-track metres where one file part ends and the next is another day.

    Parts with times less than :data:`SAME_DAY_GAP_S` apart are one day cut by a GPS
    restart; parts without times (exports, plans) are taken as one part per day."""
    out: list[float] = []
    for k in range(len(parts) - 1):
        end_s, next_s = parts[k].end_time_s, parts[k + 1].start_time_s
        if end_s is not None and next_s is not None and next_s - end_s < SAME_DAY_GAP_S:
            continue
        out.append(line.cum_m[part_ends[k]])
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
        titles.append(_strip_day_prefix(parts[first_part].name) if first_part < len(parts) else "")
        while first_part < len(parts) and part_end_m[first_part] <= b + 1e-6:
            first_part += 1
    return titles

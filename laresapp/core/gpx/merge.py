"""Replace a sketched trek's line with a recorded one, keeping everything people wrote.

A sketch (``data_quality == "sketch"``) has good words — stage titles, camp notes,
junction advice, gear — and guessed positions. A GPS recording has true positions and
few words. Merging keeps the sketch's words and structure and takes the recording's
geometry, so an organiser who walks the route once can upgrade the trek without
retyping it, and the slugs stay stable (ticks on a trip refer to them).

Matching a sketch waypoint to a recorded one: first by name, compared after folding
away accents, generic words and the many spellings of Quechua names (Kiswarani =
Quishuarani, Kunkani = Cuncani, Huacahuasi = Huacawasi, Ipsayqocha = Ipsaycocha: the
same sounds written with Spanish or modern Quechua letters); else by proximity within
``match_radius_m`` **and the same kind** — a camp 800 m from a pass is not that pass.
Unmatched sketch waypoints are placed on the new track and stay "estimate", with a
note, because nobody confirmed where they are. Waypoints that ``gpx_to_trek`` invented
("Start", "End of day 1") are not carried over: the sketch has real names for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from laresapp.core.errors import RouteError
from laresapp.core.gpx.stages import assign_stages
from laresapp.core.gpx.wording import far_note, is_created_name, join_notes
from laresapp.core.message import Msg
from laresapp.core.names import fold, unique_slug
from laresapp.core.track.geometry import haversine_m
from laresapp.core.track.snap import Projection, TrackLine
from laresapp.core.trek_doc import TrekDoc, WaypointDoc

OTHER_ROUTE_KM = 20.0
"""Start and end both this far from the sketch's: the recording is another walk."""

REVERSED_MIN_KM = 2.0
"""Ends this far from the sketch's ends, but near the opposite ones: walked in reverse."""

_GENERIC_WORDS = frozenset(
    (
        "camp",
        "campsite",
        "campamento",
        "pass",
        "abra",
        "paso",
        "village",
        "pueblo",
        "comunidad",
        "community",
        "lake",
        "laguna",
        "lago",
        "the",
        "de",
        "del",
        "la",
        "el",
        "los",
        "las",
        "of",
        "at",
        "trail",
        "junction",
        "cruce",
        "view",
        "viewpoint",
        "mirador",
        "stream",
        "river",
        "rio",
        "high",
        "point",
        "town",
        "road",
        "carretera",
    )
)


def _spelling(word: str) -> str:
    """One spelling for the ways Quechua and Spanish place names get written."""
    w = word
    w = re.sub(r"qu(?=[ei])", "k", w)
    w = re.sub(r"gu(?=[ei])", "g", w)
    w = re.sub(r"(hu|gu)(?=[aeiou])", "w", w)
    w = w.replace("ch", "\0")  # keep "ch" as one sound while c and h are folded
    w = re.sub(r"c(?=[ei])", "s", w)
    w = w.replace("c", "k").replace("q", "k").replace("j", "k").replace("z", "s")
    w = w.replace("v", "b")
    w = re.sub(r"([kpt])h", r"\1", w)  # aspirated spellings: kh, ph, th
    w = w.replace("\0", "ch")
    w = w.replace("e", "i").replace("o", "u")  # Quechua has three vowels, written five ways
    w = re.sub(r"y$", "i", w)
    return re.sub(r"(.)\1+", r"\1", w)  # Ccorao = Korao, Millpo = Milpo


def name_key(name: str, *, core: bool = False) -> str:
    """A comparison key for a place name; ``core`` drops words like "camp" or "abra"."""
    words = fold(name).split()
    if core:
        words = [w for w in words if w not in _GENERIC_WORDS]
    return " ".join(_spelling(w) for w in words)


@dataclass
class _Item:
    """A waypoint of the merged trek, with its place on the new line."""

    doc: WaypointDoc
    along_m: float
    order: int


def _match(sketch: TrekDoc, recorded: list[WaypointDoc], radius_m: float) -> dict[int, int]:
    """Sketch waypoint index → recorded waypoint index."""
    matches: dict[int, int] = {}
    used: set[int] = set()
    for core in (False, True):
        keys: dict[str, list[int]] = {}
        for r, w in enumerate(recorded):
            key = name_key(w.name, core=core)
            if key and r not in used:
                keys.setdefault(key, []).append(r)
        for s, w in enumerate(sketch.waypoints):
            if s in matches:
                continue
            key = name_key(w.name, core=core)
            options = [
                r for r in keys.get(key, []) if r not in used and (not core or recorded[r].type == w.type)
            ]
            if options:
                best = min(options, key=lambda r: haversine_m(w.lat, w.lon, recorded[r].lat, recorded[r].lon))
                matches[s] = best
                used.add(best)
    pairs: list[tuple[float, int, int]] = []
    for s, w in enumerate(sketch.waypoints):
        if s in matches:
            continue
        for r, rw in enumerate(recorded):
            if r in used or rw.type != w.type:
                continue
            d = haversine_m(w.lat, w.lon, rw.lat, rw.lon)
            if d <= radius_m:
                pairs.append((d, s, r))
    for _d, s, r in sorted(pairs):
        if s not in matches and r not in used:
            matches[s] = r
            used.add(r)
    return matches


def _check_same_route(sketch: TrekDoc, recorded: TrekDoc) -> None:
    s0, s1 = sketch.track[0], sketch.track[-1]
    r0, r1 = recorded.track[0], recorded.track[-1]
    start_km = haversine_m(s0[0], s0[1], r0[0], r0[1]) / 1000.0
    end_km = haversine_m(s1[0], s1[1], r1[0], r1[1]) / 1000.0
    swapped_start = haversine_m(s0[0], s0[1], r1[0], r1[1]) / 1000.0
    swapped_end = haversine_m(s1[0], s1[1], r0[0], r0[1]) / 1000.0
    # Walked the other way: both ends lie far nearer the opposite ends of the sketch.
    if min(start_km, end_km) > REVERSED_MIN_KM and swapped_start + swapped_end < (start_km + end_km) / 4:
        raise RouteError(
            "the recorded track runs the other way (it starts near the sketch's end): "
            "reverse it in your GPS program, then upload it again"
        )
    if start_km <= OTHER_ROUTE_KM or end_km <= OTHER_ROUTE_KM:
        return
    raise RouteError(
        f"the recorded track starts {start_km:.0f} km from the start of '{sketch.name}' and "
        f"ends {end_km:.0f} km from its end: it looks like another route"
    )


def merge_recorded(
    sketch: TrekDoc, recorded: TrekDoc, *, match_radius_m: float = 1500.0, line: TrackLine | None = None
) -> TrekDoc:
    """The sketch's words and stages on the recorded line; see the module docstring.

    ``line`` is the recorded track's :class:`TrackLine` when the caller has it already
    (an import does), so the track is not measured again."""
    if len(recorded.track) < 2 or len(sketch.track) < 1:
        raise RouteError(Msg("the recorded trek has no line to use"))
    _check_same_route(sketch, recorded)
    if line is None:
        line = TrackLine(recorded.track)
    real_recorded = [w for w in recorded.waypoints if not is_created_name(w.name)]
    matches = _match(sketch, real_recorded, match_radius_m)

    items: list[_Item] = []
    unmatched = 0
    for s, w in enumerate(sketch.waypoints):
        if s in matches:
            rw = real_recorded[matches[s]]
            proj = line.project(rw.lat, rw.lon)
            ele = rw.elevation_m if rw.elevation_m is not None else proj.elevation_m
            doc = replace(
                w,
                lat=rw.lat,
                lon=rw.lon,
                confidence="recorded",
                elevation_m=ele if ele is not None else w.elevation_m,
            )
        else:
            unmatched += 1
            proj = line.project(w.lat, w.lon)
            doc = _placed_estimate(w, proj, match_radius_m)
        items.append(_Item(doc=doc, along_m=proj.along_m, order=s))

    taken = {w.slug for w in sketch.waypoints}
    matched_recorded = set(matches.values())
    for r, rw in enumerate(real_recorded):
        if r in matched_recorded:
            continue
        proj = line.project(rw.lat, rw.lon)
        doc = replace(rw, slug=unique_slug(rw.name, taken), confidence="recorded")
        items.append(_Item(doc=doc, along_m=proj.along_m, order=len(sketch.waypoints) + r))

    by_slug = {it.doc.slug: it for it in items}
    ends = [by_slug[st.end_waypoint] for st in sketch.stages]
    for k in range(1, len(ends)):
        if ends[k].along_m + 1.0 < ends[k - 1].along_m:
            raise RouteError(
                f"stage {k + 1} ends at '{ends[k].doc.name}', which the recorded track reaches "
                f"before '{ends[k - 1].doc.name}', the end of stage {k}: the recording does not "
                "follow the sketch's stages"
            )
    index = {id(it): k for k, it in enumerate(items)}
    walked = assign_stages(
        [it.along_m for it in items], [float(it.order) for it in items], [index[id(it)] for it in ends]
    )
    waypoints = [replace(items[k].doc, stage=number) for k, number in walked]

    matched = len(matches)
    note = [
        f"Track recorded on the ground by GPS. {matched} of {len(sketch.waypoints)} "
        "waypoints were matched to waypoints of the recording"
    ]
    if unmatched:
        note[0] += (
            f"; {unmatched} keep positions estimated from the earlier sketch, placed on the recorded track"
        )
    note[0] += "."
    have = sum(1 for p in recorded.track if p[2] is not None)
    if have == 0:
        note.append("The recording has no elevations: climbs and times ignore height.")
    elif have < len(recorded.track):
        note.append("Part of the recording has no elevations: climbs are incomplete.")
    return replace(
        sketch,
        version=sketch.version + 1,
        data_quality="recorded",
        quality_note=" ".join(note),
        track=list(recorded.track),
        waypoints=waypoints,
        stages=[replace(st) for st in sketch.stages],
        sections={k: [replace(s) for s in v] for k, v in sketch.sections.items()},
        gear=[replace(g) for g in sketch.gear],
    )


def _placed_estimate(w: WaypointDoc, proj: Projection, radius_m: float) -> WaypointDoc:
    """An unmatched sketch waypoint: onto the new line if near it, else left where it was."""
    if proj.offset_m <= radius_m:
        ele = proj.elevation_m if proj.elevation_m is not None else w.elevation_m
        note = (
            "Not found in the recording: position estimated from the earlier sketch "
            "and placed on the recorded track"
        )
        return replace(
            w,
            lat=proj.lat,
            lon=proj.lon,
            elevation_m=ele,
            confidence="estimate",
            notes=join_notes(w.notes, note),
        )
    note = (
        f"Not found in the recording: position estimated from the earlier sketch, {far_note(proj.offset_m)}"
    )
    return replace(w, confidence="estimate", notes=join_notes(w.notes, note))

"""Write a :class:`~laresapp.core.trek_doc.TrekDoc` as GPX 1.1, for phones, GPS units and other apps.

Why it is written by hand rather than through gpxpy: gpxpy 1.6.2's ``to_xml`` does give
schema-valid output for the fields used here (checked against the official XSD in the
tests), but building gpxpy objects for every point and serialising them costs several
times more than formatting strings, and we want full control over three details that
matter to other programs: numbers are never written in exponent notation (invalid in
``xsd:decimal``, the bug ``track-with-small-floats.gpx`` records), characters that XML 1.0
cannot carry are dropped instead of producing a file nobody can open, and a longitude
of exactly 180° is written as −180° (the schema excludes 180).

Shape: ``<metadata>`` names the trek and carries the data-quality note (so a hiker who
opens the file elsewhere still learns that positions may be estimates) and, in
``<keywords>``, a machine-readable ``laresapp:data-quality=sketch`` that the importer
honours (an exported sketch re-imported stays a sketch); each waypoint
carries its notes as ``<desc>``, junction advice as ``<cmt>``, our kind as ``<type>`` and
a Garmin ``<sym>`` so devices show a sensible icon; each stage is one ``<trk>`` named
"Day N: title" with one segment, and consecutive stages share their boundary point, so
nothing of the line is lost and :func:`~laresapp.core.gpx.to_trek.gpx_to_trek` reads one stage per track
back. Elements follow the order the GPX 1.1 schema requires.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from laresapp.core.gpx.wording import LANG_KEYWORD, QUALITY_KEYWORD, QUALITY_PREFIX
from laresapp.core.local_text import DEFAULT_LANG
from laresapp.core.track.recording import Fix
from laresapp.core.track.snap import TrackLine
from laresapp.core.trek_doc import TrackPoint, TrekDoc

GPX_NS = "http://www.topografix.com/GPX/1/1"
SCHEMA_LOCATION = f"{GPX_NS} http://www.topografix.com/GPX/1/1/gpx.xsd"

GARMIN_SYMBOLS: dict[str, str] = {
    "trailhead": "Trail Head",
    "village": "City (Small)",
    "pass": "Summit",
    "junction": "Crossing",
    "campsite": "Campground",
    "water": "Drinking Water",
    "lake": "Scenic Area",
    "viewpoint": "Scenic Area",
    "road": "Car",
    "town": "City (Medium)",
    "transport": "Ground Transportation",
}
"""Our kinds as Garmin symbol names (gpx_types reads them back)."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _num(value: float, decimals: int) -> str:
    """Fixed-point, trailing zeros trimmed, never "1e-07"."""
    out = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


def _pos(lat: float, lon: float) -> str:
    if lon >= 180.0:
        lon = -180.0
    return f'lat="{_num(lat, 7)}" lon="{_num(lon, 7)}"'


def _el(tag: str, value: str | None, indent: str) -> str:
    return f"{indent}<{tag}>{_text(value)}</{tag}>\n" if value else ""


def _stage_pieces(doc: TrekDoc) -> list[list[TrackPoint]]:
    """The track cut at each stage's end waypoint; neighbours share the cut point."""
    line = TrackLine(doc.track)
    by_slug = {w.slug: w for w in doc.waypoints}
    cuts: list[float] = []
    for stage in doc.stages[:-1]:
        end = by_slug[stage.end_waypoint]
        along = line.project(end.lat, end.lon).along_m
        cuts.append(max(along, cuts[-1] if cuts else 0.0))
    bounds = [0.0, *cuts, line.length_m]
    pieces: list[list[TrackPoint]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        first, last = line.at(a), line.at(b)
        piece: list[TrackPoint] = [(first.lat, first.lon, first.elevation_m)]
        i, _t = line.locate(a)
        j, _u = line.locate(b)
        for k in range(i + 1, j + 1):
            if a < line.distance_m[k] < b:
                piece.append(doc.track[k])
        piece.append((last.lat, last.lon, last.elevation_m))
        pieces.append(piece)
    return pieces


def trek_to_gpx(doc: TrekDoc, *, creator: str = "laresapp") -> str:
    """The trek as a GPX 1.1 document (a ``str``; encode as UTF-8 to save it)."""
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<gpx xmlns="{GPX_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{SCHEMA_LOCATION}" version="1.1" '
        f"creator={quoteattr(_NOT_XML.sub('', creator) or 'laresapp')}>\n",
        "  <metadata>\n",
        _el("name", doc.name, "    "),
    ]
    quality = f"{QUALITY_PREFIX}{doc.data_quality}."
    if doc.quality_note:
        quality += f" {doc.quality_note}"
    desc = f"{doc.summary}\n\n{quality}" if doc.summary else quality
    out.append(_el("desc", desc, "    "))
    keywords = f"{QUALITY_KEYWORD}{doc.data_quality}"
    if doc.lang != DEFAULT_LANG:
        keywords += f" {LANG_KEYWORD}{doc.lang}"
    out.append(_el("keywords", keywords, "    "))
    lats = [p[0] for p in doc.track]
    lons = [p[1] for p in doc.track]
    if lats:
        out.append(
            f'    <bounds minlat="{_num(min(lats), 7)}" minlon="{_num(min(lons), 7)}" '
            f'maxlat="{_num(max(lats), 7)}" maxlon="{_num(max(lons), 7)}"/>\n'
        )
    out.append("  </metadata>\n")

    for w in doc.waypoints:
        out.append(f"  <wpt {_pos(w.lat, w.lon)}>\n")
        if w.elevation_m is not None and math.isfinite(w.elevation_m):
            out.append(f"    <ele>{_num(w.elevation_m, 2)}</ele>\n")
        out.append(_el("name", w.name, "    "))
        out.append(_el("cmt", w.advice, "    "))
        out.append(_el("desc", w.notes, "    "))
        out.append(_el("sym", GARMIN_SYMBOLS.get(w.type), "    "))
        out.append(_el("type", w.type, "    "))
        out.append("  </wpt>\n")

    for stage, piece in zip(doc.stages, _stage_pieces(doc), strict=True):
        out.append("  <trk>\n")
        out.append(_el("name", f"Day {stage.number}: {stage.title}", "    "))
        out.append(_el("desc", stage.summary, "    "))
        out.append(f"    <number>{stage.number}</number>\n")
        out.append("    <trkseg>\n")
        for lat, lon, ele in piece:
            if ele is None or not math.isfinite(ele):
                out.append(f"      <trkpt {_pos(lat, lon)}/>\n")
            else:
                out.append(f"      <trkpt {_pos(lat, lon)}><ele>{_num(ele, 2)}</ele></trkpt>\n")
        out.append("    </trkseg>\n")
        out.append("  </trk>\n")
    out.append("</gpx>\n")
    return "".join(out)


def pieces_to_gpx(name: str, pieces: Sequence[Sequence[Fix]]) -> str:
    """A party's recording as GPX 1.1: one track, a segment per piece (gaps stay gaps),
    every point with its elevation and time, as the import pipeline reads it back."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<gpx xmlns="{GPX_NS}" version="1.1" creator="laresapp">\n',
        f"  <metadata>\n{_el('name', name, '    ')}  </metadata>\n",
        f"  <trk>\n{_el('name', name, '    ')}",
    ]
    for piece in pieces:
        out.append("    <trkseg>\n")
        for f in piece:
            ele = f"<ele>{_num(f.elevation_m, 1)}</ele>" if f.elevation_m is not None else ""
            when = datetime.fromtimestamp(f.t_s, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            out.append(f"      <trkpt {_pos(f.lat, f.lon)}>{ele}<time>{when}</time></trkpt>\n")
        out.append("    </trkseg>\n")
    out.append("  </trk>\n</gpx>\n")
    return "".join(out)

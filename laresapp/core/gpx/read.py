"""Step 3 of reading a GPX file: checked text → :class:`ParsedGpx`, plain typed data.

Why it exists: a trek needs only a little of what GPX can say; this step parses the text
with gpxpy (once, after :mod:`~laresapp.core.gpx.safety` has checked it) and keeps just
that, validated. :func:`read_gpx` is the whole reading pipeline in order:
``check_size`` → ``decode_gpx`` → ``check_safe`` → ``parse_gpx``.

* **Routes as well as tracks.** gpxpy's length and climb functions ignore ``<rte>``, so
  we read both into the same :class:`GpxPart` shape and the next step decides.
* **Elevation 0 everywhere means "no elevation".** Some programs write ``<ele>0</ele>``
  (in spellings such as ``0``, ``0.``, ``-.0``) for every point when the device recorded
  none (see the corpus file ``cerknicko-jezero-with-elevations-zero.gpx``: a walk around
  a lake at ~550 m, all 303 points at 0). A real walk never holds exactly 0.0 m at every
  fix, so when *every* point is 0 we drop them all (``None``) and say why in
  :attr:`ParsedGpx.elevation`; a single 0 among real values is kept as a value.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Literal

import gpxpy
import gpxpy.gpx

from laresapp.core.errors import RouteError
from laresapp.core.gpx.decode import decode_gpx
from laresapp.core.gpx.messages import gpx_error_message, syntax_message
from laresapp.core.gpx.safety import MAX_BYTES_DEFAULT, SafeGpx, check_safe, check_size
from laresapp.core.message import Msg
from laresapp.core.trek_doc import TrackPoint

__all__ = [
    "MAX_BYTES_DEFAULT",
    "ElevationKind",
    "GpxPart",
    "GpxWaypoint",
    "ParsedGpx",
    "parse_gpx",
    "read_gpx",
]

ElevationKind = Literal["full", "partial", "none", "all-zero"]
"""How much height the file carries: every point, some, none, or only zeros (= none)."""


@dataclass(frozen=True)
class GpxWaypoint:
    """A ``<wpt>``: a named place, not part of the line."""

    name: str
    lat: float
    lon: float
    elevation_m: float | None
    symbol: str = ""
    type: str = ""
    description: str = ""
    comment: str = ""


@dataclass(frozen=True)
class GpxPart:
    """One ``<trk>`` or ``<rte>``, kept whole so that a day's file part keeps its name."""

    kind: Literal["track", "route"]
    name: str
    segments: list[list[TrackPoint]] = field(default_factory=list)
    start_time_s: float | None = None
    """Unix time of the first timed point, if any: tells days apart from GPS restarts."""
    end_time_s: float | None = None

    @property
    def point_count(self) -> int:
        return sum(len(s) for s in self.segments)


@dataclass(frozen=True)
class ParsedGpx:
    """What a GPX file says, reduced to what a trek needs. Parts are in schema/file order
    (routes before tracks, as GPX requires)."""

    version: str
    creator: str
    name: str
    description: str
    tracks: list[GpxPart]
    waypoints: list[GpxWaypoint]
    elevation: ElevationKind
    keywords: str = ""
    """``<metadata><keywords>``: laresapp's exports mark their data quality there."""

    @property
    def point_count(self) -> int:
        return sum(p.point_count for p in self.tracks)


def _fmt(value: float) -> str:
    if math.isnan(value):
        return Msg("NaN (not a number)")
    if math.isinf(value):
        return Msg("infinite")
    return repr(value)


def _check_position(lat: float, lon: float, what: str) -> None:
    if not math.isfinite(lat) or not -90.0 <= lat <= 90.0:
        if math.isnan(lat):
            raise RouteError(Msg("%(what)s has latitude %(value)s", what=what, value=_fmt(lat)))
        raise RouteError(Msg("%(what)s has latitude %(value)s, outside −90…90", what=what, value=_fmt(lat)))
    if not math.isfinite(lon) or not -180.0 <= lon <= 180.0:
        if math.isnan(lon):
            raise RouteError(Msg("%(what)s has longitude %(value)s", what=what, value=_fmt(lon)))
        raise RouteError(
            Msg("%(what)s has longitude %(value)s, outside −180…180", what=what, value=_fmt(lon))
        )


def _ele(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _read_part(
    kind: Literal["track", "route"], number: int, name: str, raw_segments: list[list[Any]]
) -> GpxPart:
    if kind == "track":
        label = Msg("track %(n)s ('%(name)s')", n=number, name=name) if name else Msg("track %(n)s", n=number)
    else:
        label = Msg("route %(n)s ('%(name)s')", n=number, name=name) if name else Msg("route %(n)s", n=number)
    segments: list[list[TrackPoint]] = []
    n = 0
    first_time: datetime.datetime | None = None
    last_time: datetime.datetime | None = None
    for raw in raw_segments:
        seg: list[TrackPoint] = []
        for p in raw:
            n += 1
            if p.time is not None:
                last_time = p.time
                if first_time is None:
                    first_time = p.time
            lat, lon = p.latitude, p.longitude
            if not (
                math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
            ):
                _check_position(lat, lon, Msg("point %(n)s of %(part)s", n=n, part=label))
            e = p.elevation
            seg.append((lat, lon, e if e is None or math.isfinite(e) else None))
        if seg:  # empty <trkseg/> elements carry nothing
            segments.append(seg)
    return GpxPart(
        kind=kind, name=name, segments=segments, start_time_s=_epoch(first_time), end_time_s=_epoch(last_time)
    )


def _epoch(t: datetime.datetime | None) -> float | None:
    if t is None:
        return None
    if t.tzinfo is None:  # GPX times are UTC; some writers drop the "Z"
        t = t.replace(tzinfo=datetime.UTC)
    return t.timestamp()


def _classify_elevation(parts: list[GpxPart]) -> ElevationKind:
    have = 0
    zero = 0
    total = 0
    for part in parts:
        for seg in part.segments:
            for _lat, _lon, e in seg:
                total += 1
                if e is not None:
                    have += 1
                    if e == 0.0:
                        zero += 1
    if have == 0:
        return "none"
    if zero == have:
        return "all-zero"
    return "full" if have == total else "partial"


def _without_elevation(part: GpxPart) -> GpxPart:
    return GpxPart(
        kind=part.kind,
        name=part.name,
        segments=[[(lat, lon, None) for lat, lon, _e in seg] for seg in part.segments],
        start_time_s=part.start_time_s,
        end_time_s=part.end_time_s,
    )


def read_gpx(data: bytes, *, max_bytes: int = MAX_BYTES_DEFAULT) -> ParsedGpx:
    """Parse GPX 1.0/1.1 bytes; raise :class:`RouteError` with a hiker-readable reason."""
    check_size(data, max_bytes)
    return parse_gpx(check_safe(decode_gpx(data)))


def parse_gpx(safe: SafeGpx) -> ParsedGpx:
    """Checked text → :class:`ParsedGpx` (gpxpy parses it, once)."""
    text = safe.text
    try:
        gpx = gpxpy.parse(text)
    except gpxpy.gpx.GPXXMLSyntaxException as e:
        original = e.__cause__  # gpxpy keeps the ElementTree error there
        if isinstance(original, ET.ParseError):
            raise RouteError(syntax_message(text, original)) from None
        raise RouteError(Msg("the file is not well-formed XML: %(why)s", why=str(original))) from None
    except gpxpy.gpx.GPXException as e:
        raise RouteError(gpx_error_message(e)) from None
    except (ValueError, TypeError, OverflowError) as e:  # pragma: no cover - gpxpy internals
        raise RouteError(Msg("the GPX data is not valid: %(why)s", why=str(e))) from None

    parts: list[GpxPart] = []
    for i, rte in enumerate(gpx.routes, start=1):
        part = _read_part("route", i, _text(rte.name), [rte.points])
        if part.segments:
            parts.append(part)
    for i, trk in enumerate(gpx.tracks, start=1):
        part = _read_part("track", i, _text(trk.name), [s.points for s in trk.segments])
        if part.segments:
            parts.append(part)

    elevation = _classify_elevation(parts)
    if elevation == "all-zero":
        parts = [_without_elevation(p) for p in parts]

    waypoints: list[GpxWaypoint] = []
    for i, w in enumerate(gpx.waypoints, start=1):
        name = _text(w.name)
        _check_position(
            w.latitude,
            w.longitude,
            Msg("waypoint %(n)s ('%(name)s')", n=i, name=name) if name else Msg("waypoint %(n)s", n=i),
        )
        ele = _ele(w.elevation)
        if elevation in ("all-zero", "none") and ele == 0.0:
            ele = None
        waypoints.append(
            GpxWaypoint(
                name=name,
                lat=w.latitude,
                lon=w.longitude,
                elevation_m=ele,
                symbol=_text(w.symbol),
                type=_text(w.type),
                description=_text(w.description),
                comment=_text(w.comment),
            )
        )

    if not parts:
        if waypoints:
            raise RouteError(
                Msg(
                    "the file has no track or route points, only %(count)s waypoint(s): "
                    "a trek needs the line you walk",
                    count=len(waypoints),
                )
            )
        raise RouteError(Msg("the file has no track or route points"))

    return ParsedGpx(
        version=gpx.version or "1.0",
        creator=_text(gpx.creator),
        name=_text(gpx.name),
        description=_text(gpx.description),
        tracks=parts,
        waypoints=waypoints,
        elevation=elevation,
        keywords=_text(gpx.keywords),
    )

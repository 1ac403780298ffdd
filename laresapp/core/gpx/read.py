"""Read an uploaded GPX file into plain typed data, or refuse it with a clear message.

Why it is built this way:

* **Safety before parsing.** gpxpy 1.6.2 (``gpxpy/parser.py``) decodes bytes as UTF-8
  whatever the file declares, runs a few regular expressions over the whole text and
  then builds an ElementTree with the standard library's ``ElementTree.XML`` (expat; lxml
  is used only when installed, and it is not a dependency here). The standard parser
  expands internal entities, so a "billion laughs" file would reach it unchecked.
  So we first feed the text to defusedxml's expat-based parser with DTDs, entities and
  external references forbidden, and **stop it as soon as the root element starts**:
  XML allows a document type declaration only before the root element, so everything
  that could declare an entity has been seen by then, and a real XML parser (not a
  byte scan fooled by comments) has looked at it. That check costs microseconds, so
  the whole file is parsed only once, by gpxpy, and the import stays close to the speed
  of bare ``gpxpy.parse`` (see ``bench/gpx_import_bench.py``). An ``&name;`` reference in
  the body without a DTD is an "undefined entity" error in that one parse.
* **Honest decoding.** Because gpxpy ignores the declared encoding, we decode the bytes
  ourselves (byte-order mark, else the ``encoding=`` of the XML declaration, else UTF-8)
  and hand gpxpy a ``str``. A declaration that does not fit the bytes is refused with a
  message naming the line, rather than turned into mangled place names.
* **Routes as well as tracks.** gpxpy's length and climb functions ignore ``<rte>``, so
  we read both into the same :class:`GpxPart` shape and the caller decides.
* **Elevation 0 everywhere means "no elevation".** Some programs write ``<ele>0</ele>``
  (in spellings such as ``0``, ``0.``, ``-.0``) for every point when the device recorded
  none (see the corpus file ``cerknicko-jezero-with-elevations-zero.gpx``: a walk around
  a lake at ~550 m, all 303 points at 0). A real walk never holds exactly 0.0 m at every
  fix, so when *every* point is 0 we drop them all (``None``) and say why in
  :attr:`ParsedGpx.elevation`; a single 0 among real values is kept as a value.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import math
import pyexpat
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Literal

import defusedxml.ElementTree as _defused_et  # type: ignore[import-untyped]
import gpxpy
import gpxpy.gpx
from defusedxml import (
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from laresapp.core.errors import RouteError
from laresapp.core.trek_doc import TrackPoint

MAX_BYTES_DEFAULT = 20 * 2**20
"""20 MiB: a week of one-second GPS fixes is ~15 MB of GPX; larger is not a hike."""

ElevationKind = Literal["full", "partial", "none", "all-zero"]
"""How much height the file carries: every point, some, none, or only zeros (= none)."""

GPX_NAMESPACES = ("http://www.topografix.com/GPX/1/0", "http://www.topografix.com/GPX/1/1")


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


# --------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL_ENCODING_RE = re.compile(
    rb"""\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']""", re.ASCII
)
_DECL_RE = re.compile(r"""\s*<\?xml\b[^>]*\?>""")
_WIDE_ENCODINGS = ("utf-16", "utf-32")


def _sniff_binary(data: bytes) -> str | None:
    """A plain word for files that are clearly not XML text, so nobody sees an XML error."""
    if data.startswith(b"PK\x03\x04"):
        return "the file is a ZIP archive (a KMZ?), not a GPX file: unzip it and upload the .gpx"
    if data.startswith(b"\x1f\x8b"):
        return "the file is compressed (gzip): uncompress it and upload the .gpx inside"
    if data[8:12] == b".FIT":
        return "this is a Garmin FIT file, not GPX: export the activity as GPX and upload that"
    if b"\x00" in data[:1024]:
        return "the file is binary data, not text: a GPX file is XML text"
    return None


def _line_of(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def _decode(data: bytes) -> str:
    """Bytes → text, by BOM, then declaration, then UTF-8; refuse what does not fit."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                text = body.decode(enc)
            except UnicodeDecodeError as e:
                raise RouteError(
                    f"line {_line_of(body, e.start)}: the file starts with a {enc.upper()} "
                    f"byte-order mark but is not valid {enc.upper()} text"
                ) from None
            return text
    if data.startswith(b"<\x00?\x00"):
        return _decode(codecs.BOM_UTF16_LE + data)
    if data.startswith(b"\x00<\x00?"):
        return _decode(codecs.BOM_UTF16_BE + data)
    binary = _sniff_binary(data)
    if binary:
        raise RouteError(binary)

    match = _DECL_ENCODING_RE.match(data, 0, 400)
    declared = match.group(1).decode("ascii", "replace") if match else None
    codec_name = "utf-8"
    if declared is not None:
        try:
            codec_name = codecs.lookup(declared).name
        except LookupError:
            raise RouteError(
                f"the file declares the text encoding {declared!r}, which is unknown: "
                "save it again as UTF-8"
            ) from None
        if codec_name.startswith(_WIDE_ENCODINGS):
            raise RouteError(
                f"the file declares encoding {declared} but is written with one byte per "
                "letter: the declaration is wrong; save it again as UTF-8"
            )
    try:
        text = data.decode(codec_name)
    except UnicodeDecodeError as e:
        bad = data[e.start]
        said = (f"says its text is {declared}" if declared
                else "declares no encoding, so it must be UTF-8")
        raise RouteError(
            f"line {_line_of(data, e.start)}: the file {said}, but byte 0x{bad:02X} is not "
            f"valid {codec_name.upper()} (it may be Latin-1/Windows text): fix the encoding "
            "declaration or save the file again as UTF-8"
        ) from None
    if codec_name != "utf-8" and not data.isascii():
        # Latin-1 and friends decode any bytes, so a mislabelled UTF-8 file would pass as
        # mojibake ("Ã‘" for "Ñ"). Real Latin-1 text is almost never also valid UTF-8.
        try:
            as_utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            return text
        first = next(i for i, ch in enumerate(as_utf8) if ord(ch) > 127)
        line = as_utf8.count("\n", 0, first) + 1
        letter = as_utf8[first]
        misread = "".join(c for c in letter.encode("utf-8").decode(codec_name, "replace")
                          if c.isprintable())
        raise RouteError(
            f"line {line}: the file declares encoding {declared} but its text is UTF-8 "
            f"('{letter}' would read as '{misread}'): "
            "fix the encoding declaration or save the file again as UTF-8"
        )
    return text


# --------------------------------------------------------------------------- safety check


class _RootSeen(Exception):
    def __init__(self, tag: str) -> None:
        super().__init__(tag)
        self.tag = tag


class _StopAtRoot:
    """An ElementTree parser target that stops parsing at the root element."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootSeen(tag)

    def close(self) -> None:
        return None


_NOT_GPX_HINTS = {
    "kml": " (a KML file, e.g. from Google Earth: export it as GPX)",
    "trainingcenterdatabase": " (a Garmin TCX file: export the activity as GPX)",
    "html": " (a web page: the download may have failed or needed a login)",
}


def _check_prolog(text: str) -> str:
    """Refuse DTDs, entities and external references; return the root element's tag."""
    parser = _defused_et.DefusedXMLParser(
        target=_StopAtRoot(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        for start in range(0, len(text), 16384):
            parser.feed(text[start:start + 16384])
        parser.close()
    except _RootSeen as seen:
        return seen.tag
    except DTDForbidden as e:
        ref = e.sysid or e.pubid
        extra = f" and refers to an outside file ({ref})" if ref else ""
        raise RouteError(
            f"the file declares a DTD/entities{extra}, which are refused for safety: "
            "a GPX file needs none"
        ) from None
    except (EntitiesForbidden, ExternalReferenceForbidden):
        raise RouteError(
            "the file declares a DTD/entities, which are refused for safety: a GPX file needs none"
        ) from None
    except ET.ParseError as e:
        raise RouteError(_syntax_message(text, e)) from None
    raise RouteError("the file has no XML content")  # pragma: no cover - close() raises first


# --------------------------------------------------------------------------- XML errors

_ELEMENT_WORDS = {
    "trkpt": "a track point", "rtept": "a route point", "wpt": "a waypoint",
    "trkseg": "a track segment", "trk": "a track", "rte": "a route",
    "metadata": "the file's description", "gpx": "the GPX data",
}
_TRUNCATION_CODES = {
    pyexpat.errors.codes[pyexpat.errors.XML_ERROR_NO_ELEMENTS],
    pyexpat.errors.codes[pyexpat.errors.XML_ERROR_UNCLOSED_TOKEN],
    pyexpat.errors.codes[pyexpat.errors.XML_ERROR_PARTIAL_CHAR],
    pyexpat.errors.codes[pyexpat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION],
}
_CODE = pyexpat.errors.codes


def _open_elements(text: str) -> list[str]:
    """Elements still open where parsing fails; only called on the error path."""
    stack: list[str] = []
    p = pyexpat.ParserCreate()

    def start(name: str, _attrs: dict[str, str]) -> None:
        stack.append(name.rpartition(":")[2])

    def end(_name: str) -> None:
        if stack:
            stack.pop()

    p.StartElementHandler = start
    p.EndElementHandler = end
    with contextlib.suppress(pyexpat.ExpatError):
        p.Parse(text, True)
    return stack


def _syntax_message(text: str, err: ET.ParseError) -> str:
    line, column = err.position
    code = err.code
    where = f"line {line}"
    if not text.strip():
        return "the file is empty"
    if code in _TRUNCATION_CODES:
        stack = _open_elements(text)
        if not stack:
            return "the file has no XML content: it is not a GPX file"
        what = next((_ELEMENT_WORDS[n] for n in reversed(stack) if n in _ELEMENT_WORDS),
                    f"a <{stack[-1]}> element")
        return (f"{where}: the file ends in the middle of {what}: it was probably cut off "
                "while downloading or copying")
    if code == _CODE[pyexpat.errors.XML_ERROR_TAG_MISMATCH]:
        stack = _open_elements(text)
        inside = f" inside <{stack[-1]}>" if stack else ""
        return (f"{where}, column {column + 1}: a closing tag does not match the open "
                f"element{inside}: the file is damaged")
    if code == _CODE[pyexpat.errors.XML_ERROR_UNDEFINED_ENTITY]:
        return (f"{where}, column {column + 1}: the file uses an entity reference "
                "(like &name;) that is not part of XML; entities are refused for safety")
    if code == _CODE[pyexpat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]:
        return f"{where}: there is more content after the end of the GPX data: the file is damaged"
    if code == _CODE[pyexpat.errors.XML_ERROR_SYNTAX] and line == 1 and column == 0:
        return "the file is not XML, so it cannot be a GPX file"
    if code == _CODE[pyexpat.errors.XML_ERROR_INVALID_TOKEN] and line == 1 and column <= 1:
        return "the file is not XML, so it cannot be a GPX file"
    detail = pyexpat.ErrorString(code) if isinstance(code, int) else str(err)
    return f"{where}, column {column + 1}: the file is not well-formed XML ({detail})"


_GPX_VALUE_RE = re.compile(r"Invalid value for <([^>]*)>\.\.\. (.*?) \(")
_GPX_TIME_RE = re.compile(r"Invalid time: (.*)")
_GPX_MANDATORY_RE = re.compile(r"(\w+) is mandatory in (\w+)")


def _gpx_error_message(err: gpxpy.gpx.GPXException) -> str:
    """gpxpy's content errors, in words (it raises on the first bad value it meets)."""
    msg = str(err)
    if m := _GPX_VALUE_RE.search(msg):
        return (f"the file has an invalid value {m.group(2)!r} in <{m.group(1)}>: "
                "it must be a number")
    if m := _GPX_TIME_RE.search(msg):
        return (f"the file has an invalid time {m.group(1).strip()!r}: "
                "times must look like 2024-06-01T08:00:00Z")
    if m := _GPX_MANDATORY_RE.search(msg):
        return f"a point has no {m.group(1)}: every point needs lat and lon"
    return f"the GPX data is not valid: {msg}"


# --------------------------------------------------------------------------- reading


def _fmt(value: float) -> str:
    if math.isnan(value):
        return "NaN (not a number)"
    if math.isinf(value):
        return "infinite"
    return repr(value)


def _check_position(lat: float, lon: float, what: str) -> None:
    if not math.isfinite(lat) or not -90.0 <= lat <= 90.0:
        limits = "" if math.isnan(lat) else ", outside −90…90"
        raise RouteError(f"{what} has latitude {_fmt(lat)}{limits}")
    if not math.isfinite(lon) or not -180.0 <= lon <= 180.0:
        limits = "" if math.isnan(lon) else ", outside −180…180"
        raise RouteError(f"{what} has longitude {_fmt(lon)}{limits}")


def _ele(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _read_part(kind: Literal["track", "route"], number: int, name: str,
               raw_segments: list[list[Any]]) -> GpxPart:
    label = f"{kind} {number}" + (f" ('{name}')" if name else "")
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
            if not (math.isfinite(lat) and math.isfinite(lon)
                    and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
                _check_position(lat, lon, f"point {n} of {label}")
            e = p.elevation
            seg.append((lat, lon, e if e is None or math.isfinite(e) else None))
        if seg:  # empty <trkseg/> elements carry nothing
            segments.append(seg)
    return GpxPart(kind=kind, name=name, segments=segments,
                   start_time_s=_epoch(first_time), end_time_s=_epoch(last_time))


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
    return GpxPart(kind=part.kind, name=part.name,
                   segments=[[(lat, lon, None) for lat, lon, _e in seg] for seg in part.segments],
                   start_time_s=part.start_time_s, end_time_s=part.end_time_s)


def read_gpx(data: bytes, *, max_bytes: int = MAX_BYTES_DEFAULT) -> ParsedGpx:
    """Parse GPX 1.0/1.1 bytes; raise :class:`RouteError` with a hiker-readable reason."""
    if len(data) > max_bytes:
        raise RouteError(
            f"the file is {len(data) / 2**20:.1f} MB, more than the {max_bytes / 2**20:.0f} MB "
            "allowed: a multi-day hike is rarely over a few MB; simplify the track"
        )
    if not data.strip():
        raise RouteError("the file is empty")
    text = _decode(data)
    if not text.strip():
        raise RouteError("the file is empty")
    if not text.lstrip().startswith("<"):
        raise RouteError("the file is not XML, so it cannot be a GPX file")
    root = _check_prolog(text)
    local = root.rpartition("}")[2]
    if local != "gpx":
        hint = _NOT_GPX_HINTS.get(local.lower(), "")
        raise RouteError(f"this is not a GPX file: its main element is <{local}>, not <gpx>{hint}")
    # The XML declaration's encoding is already applied; drop it so nothing re-reads it.
    decl = _DECL_RE.match(text)
    if decl:
        text = text[decl.end():]
    try:
        gpx = gpxpy.parse(text)
    except gpxpy.gpx.GPXXMLSyntaxException as e:
        original = e.__cause__  # gpxpy keeps the ElementTree error there
        if isinstance(original, ET.ParseError):
            raise RouteError(_syntax_message(text, original)) from None
        raise RouteError(f"the file is not well-formed XML: {original}") from None
    except gpxpy.gpx.GPXException as e:
        raise RouteError(_gpx_error_message(e)) from None
    except (ValueError, TypeError, OverflowError) as e:  # pragma: no cover - gpxpy internals
        raise RouteError(f"the GPX data is not valid: {e}") from None

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
        _check_position(w.latitude, w.longitude,
                        f"waypoint {i}" + (f" ('{name}')" if name else ""))
        ele = _ele(w.elevation)
        if elevation in ("all-zero", "none") and ele == 0.0:
            ele = None
        waypoints.append(GpxWaypoint(
            name=name, lat=w.latitude, lon=w.longitude, elevation_m=ele,
            symbol=_text(w.symbol), type=_text(w.type),
            description=_text(w.description), comment=_text(w.comment),
        ))

    if not parts:
        if waypoints:
            raise RouteError(
                f"the file has no track or route points, only {len(waypoints)} waypoint(s): "
                "a trek needs the line you walk"
            )
        raise RouteError("the file has no track or route points")

    return ParsedGpx(
        version=gpx.version or "1.0", creator=_text(gpx.creator), name=_text(gpx.name),
        description=_text(gpx.description), tracks=parts, waypoints=waypoints,
        elevation=elevation, keywords=_text(gpx.keywords),
    )

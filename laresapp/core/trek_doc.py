"""A trek as a document: the one shape shared by bundled data, GPX import and export.

Bundled JSON files and imported GPX files both become a :class:`TrekDoc`; the web app
stores a ``TrekDoc`` and derives every distance from its track, so a number on a page
can never disagree with the line it came from. Validation lives here (not in the
database layer) so that a bad file is refused with a message naming the problem
before anything is written.

Text fields may be a plain string or ``{"en": "...", "es": "..."}`` (format 2,
:mod:`laresapp.core.local_text`); they are parsed into :class:`LocalText`, which is a
``str`` in the document's own language (``lang``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from laresapp.core.errors import RouteError
from laresapp.core.local_text import DEFAULT_LANG, LANGS, LocalText, parse_local_text
from laresapp.core.names import SLUG_RE
from laresapp.core.track.geometry import valid_position

FORMAT_VERSION = 2
"""2: any text field may be ``{"en": ..., "es": ...}``; the document's ``lang`` says
what a plain string is written in. Format 1 documents are read by :func:`migrate_document`."""
WAYPOINT_TYPES: tuple[str, ...] = (
    "trailhead",
    "village",
    "pass",
    "junction",
    "campsite",
    "water",
    "lake",
    "viewpoint",
    "road",
    "town",
    "transport",
)
DATA_QUALITIES: tuple[str, ...] = ("sketch", "recorded")
SECTION_KEYS: tuple[str, ...] = ("getting_there", "getting_away", "tips", "altitude")

TrackPoint = tuple[float, float, float | None]
"""(lat_deg, lon_deg, elevation_m or None)."""


@dataclass
class WaypointDoc:
    slug: str
    name: str
    type: str
    lat: float
    lon: float
    elevation_m: float | None
    stage: int
    confidence: str = "estimate"
    notes: str = ""
    advice: str | None = None


@dataclass
class StageDoc:
    number: int
    title: str
    summary: str
    end_waypoint: str
    published_distance_km: float | None = None
    camp_notes: str = ""


@dataclass
class SectionDoc:
    title: str
    body: list[str]


@dataclass
class GearDoc:
    key: str
    group: str
    item: str
    why: str = ""


@dataclass
class TrekDoc:
    slug: str
    version: int
    name: str
    short_name: str
    summary: str
    data_quality: str
    stages: list[StageDoc]
    waypoints: list[WaypointDoc]
    track: list[TrackPoint]
    difficulty: str = ""
    quality_note: str = ""
    source_name: str = ""
    source_note: str = ""
    published_distance_km: float | None = None
    line_uncertainty_m: float | None = None
    """How far the real path may lie from the drawn line, metres: a sketch states it, and
    the phone's "far from the line" check uses it instead of the recorded-track rule."""
    sections: dict[str, list[SectionDoc]] = field(default_factory=dict)
    gear: list[GearDoc] = field(default_factory=list)
    checklist: list[GearDoc] = field(default_factory=list)
    """Things to do before and on the trek (not things to pack: those are ``gear``)."""
    lang: str = DEFAULT_LANG
    """The language of the document's plain strings (and its first choice of text)."""

    @property
    def has_elevation(self) -> bool:
        """True when every track point carries an elevation."""
        return bool(self.track) and all(p[2] is not None for p in self.track)

    def to_json(self) -> dict[str, Any]:
        """The document as the bundled-file JSON shape (see docs/trek-format.md)."""
        out = {
            "format": FORMAT_VERSION,
            "lang": self.lang,
            "slug": self.slug,
            "version": self.version,
            "name": self.name,
            "short_name": self.short_name,
            "summary": self.summary,
            "difficulty": self.difficulty,
            "data_quality": self.data_quality,
            "quality_note": self.quality_note,
            "source": {"name": self.source_name, "note": self.source_note},
            "published_distance_km": self.published_distance_km,
            **(
                {"line_uncertainty_m": self.line_uncertainty_m} if self.line_uncertainty_m is not None else {}
            ),
            "stages": [vars(s).copy() for s in self.stages],
            "waypoints": [vars(w).copy() for w in self.waypoints],
            "track": {"points": [list(p) for p in self.track]},
            "sections": {k: [vars(s).copy() for s in v] for k, v in self.sections.items()},
            "gear": [vars(g).copy() for g in self.gear],
            "checklist": [vars(c).copy() for c in self.checklist],
        }
        return _plain(out, self.lang)  # type: ignore[no-any-return]


def _plain(value: Any, lang: str) -> Any:
    """``value`` with every :class:`LocalText` in its document form (string or object)."""
    if isinstance(value, LocalText):
        return value.to_json(lang)
    if isinstance(value, dict):
        return {k: _plain(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, lang) for v in value]
    return value


def _text(obj: dict[str, Any], key: str, where: str, lang: str, *, required: bool = False) -> LocalText:
    """A text field: a string or ``{"en": ..., "es": ...}`` (see ``local_text``)."""
    if required and key not in obj:
        raise RouteError(f"{where}: '{key}' is missing")
    return parse_local_text(obj.get(key), f"{where}: '{key}'", lang)


def migrate_document(data: dict[str, Any]) -> dict[str, Any]:
    """A format 1 document as format 2: the same text, in English (format 1 had no
    ``lang`` and plain strings only). Other formats are returned as they are."""
    if data.get("format") == 1:
        return {**data, "format": 2, "lang": data.get("lang") or DEFAULT_LANG}
    return data


def _req(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise RouteError(f"{where}: '{key}' is missing")
    value = obj[key]
    if isinstance(value, bool) and kind is not bool:
        raise RouteError(f"{where}: '{key}' has the wrong type")
    if not isinstance(value, kind):
        raise RouteError(f"{where}: '{key}' has the wrong type")
    return value


def _opt_num(obj: dict[str, Any], key: str, where: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RouteError(f"{where}: '{key}' must be a number")
    return float(value)


def _uncertainty(data: dict[str, Any]) -> float | None:
    value = _opt_num(data, "line_uncertainty_m", "trek")
    if value is not None and not 0 <= value <= 50_000:
        raise RouteError("trek: 'line_uncertainty_m' must be between 0 and 50,000 metres")
    return value


def _slug(value: Any, where: str) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise RouteError(f"{where}: slug {value!r} must be lower-case letters, digits and dashes")
    return value


def _items(data: dict[str, Any], name: str, lang: str) -> list[GearDoc]:
    """A list of tickable items ("gear" or "checklist"): stable, unique keys, since a
    trip's ticks refer to them across versions of the trek. Missing means empty, so
    documents written before a list existed still load."""
    raw = data.get(name)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RouteError(f"trek: '{name}' must be a list")
    items: list[GearDoc] = []
    keys: set[str] = set()
    for j, g in enumerate(raw):
        where = f"{name}[{j}]"
        if not isinstance(g, dict):
            raise RouteError(f"{where}: must be an object")
        key = _slug(g.get("key"), where)
        if key in keys:
            raise RouteError(f"{where}: key '{key}' is used twice")
        keys.add(key)
        items.append(
            GearDoc(
                key=key,
                group=_text(g, "group", where, lang, required=True),
                item=_text(g, "item", where, lang, required=True),
                why=_text(g, "why", where, lang),
            )
        )
    return items


def parse_trek_doc(data: Any) -> TrekDoc:
    """Validate a decoded trek JSON document; raise :class:`RouteError` naming the problem."""
    if not isinstance(data, dict):
        raise RouteError("the trek document must be a JSON object")
    data = migrate_document(data)
    fmt = data.get("format")
    if fmt != FORMAT_VERSION:
        raise RouteError(f"unsupported trek format {fmt!r} (expected 1 or {FORMAT_VERSION})")
    lang = data.get("lang", DEFAULT_LANG)
    if lang not in LANGS:
        raise RouteError(f"trek: 'lang' must be one of {', '.join(LANGS)}")
    slug = _slug(data.get("slug"), "trek")
    version = _req(data, "version", int, "trek")
    quality = _req(data, "data_quality", str, "trek")
    if quality not in DATA_QUALITIES:
        raise RouteError(f"trek: data_quality must be one of {', '.join(DATA_QUALITIES)}")
    source = data.get("source") or {}
    if not isinstance(source, dict):
        raise RouteError("trek: 'source' must be an object")

    raw_points = _req(_req(data, "track", dict, "trek"), "points", list, "track")
    track: list[TrackPoint] = []
    for i, p in enumerate(raw_points):
        if not isinstance(p, list) or len(p) not in (2, 3):
            raise RouteError(f"track point {i + 1}: expected [lat, lon, elevation]")
        lat, lon = p[0], p[1]
        ele = p[2] if len(p) == 3 else None
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
            raise RouteError(f"track point {i + 1}: latitude and longitude must be numbers")
        if not valid_position(float(lat), float(lon)):
            raise RouteError(f"track point {i + 1}: position {lat}, {lon} is not on Earth")
        if ele is not None and (
            isinstance(ele, bool) or not isinstance(ele, (int, float)) or not math.isfinite(ele)
        ):
            raise RouteError(f"track point {i + 1}: elevation must be a number or null")
        track.append((float(lat), float(lon), None if ele is None else float(ele)))
    if len(track) < 2:
        raise RouteError("the track needs at least two points")

    stages: list[StageDoc] = []
    for i, s in enumerate(_req(data, "stages", list, "trek")):
        where = f"stage {i + 1}"
        if not isinstance(s, dict):
            raise RouteError(f"{where}: must be an object")
        number = _req(s, "number", int, where)
        if number != i + 1:
            raise RouteError(f"{where}: stages must be numbered 1, 2, 3… in order (found {number})")
        stages.append(
            StageDoc(
                number=number,
                title=_text(s, "title", where, lang, required=True),
                summary=_text(s, "summary", where, lang),
                end_waypoint=_slug(s.get("end_waypoint"), f"{where} end_waypoint"),
                published_distance_km=_opt_num(s, "published_distance_km", where),
                camp_notes=_text(s, "camp_notes", where, lang),
            )
        )
    if not stages:
        raise RouteError("the trek has no stages")

    waypoints: list[WaypointDoc] = []
    seen: set[str] = set()
    for i, w in enumerate(_req(data, "waypoints", list, "trek")):
        where = f"waypoint {i + 1}"
        if not isinstance(w, dict):
            raise RouteError(f"{where}: must be an object")
        wslug = _slug(w.get("slug"), where)
        where = f"waypoint '{wslug}'"
        if wslug in seen:
            raise RouteError(f"{where}: the slug is used twice")
        seen.add(wslug)
        wtype = _req(w, "type", str, where)
        if wtype not in WAYPOINT_TYPES:
            raise RouteError(f"{where}: unknown type {wtype!r}")
        lat = _opt_num(w, "lat", where)
        lon = _opt_num(w, "lon", where)
        if lat is None or lon is None or not valid_position(lat, lon):
            raise RouteError(f"{where}: needs a valid lat and lon")
        stage = _req(w, "stage", int, where)
        if not 1 <= stage <= len(stages):
            raise RouteError(f"{where}: stage {stage} does not exist")
        advice = _text(w, "advice", where, lang)
        waypoints.append(
            WaypointDoc(
                slug=wslug,
                name=_text(w, "name", where, lang, required=True),
                type=wtype,
                lat=lat,
                lon=lon,
                elevation_m=_opt_num(w, "elevation_m", where),
                stage=stage,
                confidence=w.get("confidence") or "estimate",
                notes=_text(w, "notes", where, lang),
                advice=advice or None,
            )
        )
    if not waypoints:
        raise RouteError("the trek has no waypoints")
    for s in stages:
        if s.end_waypoint not in seen:
            raise RouteError(f"stage {s.number}: end_waypoint '{s.end_waypoint}' is not a waypoint")

    sections: dict[str, list[SectionDoc]] = {}
    raw_sections = data.get("sections") or {}
    if not isinstance(raw_sections, dict):
        raise RouteError("trek: 'sections' must be an object")
    for key, items in raw_sections.items():
        if key not in SECTION_KEYS:
            raise RouteError(f"sections: unknown section {key!r}")
        if not isinstance(items, list):
            raise RouteError(f"sections.{key}: must be a list")
        out: list[SectionDoc] = []
        for j, item in enumerate(items):
            where = f"sections.{key}[{j}]"
            body = _req(item, "body", list, where) if isinstance(item, dict) else None
            if body is None:
                raise RouteError(f"{where}: needs a title and a list of paragraphs")
            paras: list[str] = [parse_local_text(b, f"{where}.body[{k}]", lang) for k, b in enumerate(body)]
            out.append(SectionDoc(title=_text(item, "title", where, lang, required=True), body=paras))
        sections[key] = out

    gear = _items(data, "gear", lang)
    checklist = _items(data, "checklist", lang)
    name = _text(data, "name", "trek", lang, required=True)
    short_name = _text(data, "short_name", "trek", lang)

    return TrekDoc(
        slug=slug,
        version=version,
        name=name,
        short_name=short_name if short_name.texts else name,
        summary=_text(data, "summary", "trek", lang),
        data_quality=quality,
        stages=stages,
        waypoints=waypoints,
        track=track,
        difficulty=_text(data, "difficulty", "trek", lang),
        quality_note=_text(data, "quality_note", "trek", lang),
        source_name=str(source.get("name") or ""),
        source_note=_text(source, "note", "source", lang),
        published_distance_km=_opt_num(data, "published_distance_km", "trek"),
        line_uncertainty_m=_uncertainty(data),
        sections=sections,
        gear=gear,
        checklist=checklist,
        lang=lang,
    )

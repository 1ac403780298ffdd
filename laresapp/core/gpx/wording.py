"""The words an import reads and writes: notes, quality paragraphs, invented names.

Why a module of its own: the importer (:mod:`~laresapp.core.gpx.to_trek`), the merge
(:mod:`~laresapp.core.gpx.merge`) and the exporter (:mod:`~laresapp.core.gpx.write`)
must agree on these texts — an export's ``<keywords>`` marker is what the importer looks
for, a waypoint the importer invented ("End of day 1") is what the merge leaves out —
so each is written once, here.
"""

from __future__ import annotations

import re

from laresapp.core.gpx.read import GpxPart, GpxWaypoint, ParsedGpx
from laresapp.core.local_text import LANGS

QUALITY_KEYWORD = "laresapp:data-quality="
"""laresapp's exports write ``laresapp:data-quality=sketch`` (or ``=recorded``) into
``<metadata><keywords>``. A sketch exported and imported again stays a sketch: a line we
drew does not become a recording by a round trip through a file."""
LANG_KEYWORD = "laresapp:lang="
"""An export of a trek written in another language than English says so in
``<keywords>`` (``laresapp:lang=es``), so importing it again keeps its language; GPX
itself has no field for it. A file without it is in the importer's default, English."""
QUALITY_PREFIX = "Data quality: "
"""Starts the quality paragraph that exports append to ``<metadata><desc>``."""

START_NAME = "Start"
FINAL_END_NAME = "End of the trek"
_DAY_END_RE = re.compile(r"^End of day \d+$")


def is_created_name(name: str) -> bool:
    """True for the names :func:`gpx_to_trek` gives waypoints it had to invent."""
    return name in (START_NAME, FINAL_END_NAME) or bool(_DAY_END_RE.match(name))


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


def exported_quality(parsed: ParsedGpx) -> str | None:
    """ "sketch" or "recorded" when the file is a laresapp export that says so, else None."""
    for word in parsed.keywords.replace(",", " ").split():
        if word.startswith(QUALITY_KEYWORD):
            value = word[len(QUALITY_KEYWORD) :]
            if value in ("sketch", "recorded"):
                return value
    return None


def exported_lang(parsed: ParsedGpx) -> str | None:
    """The text's language when the file is a laresapp export that says it, else None."""
    for word in parsed.keywords.replace(",", " ").split():
        if word.startswith(LANG_KEYWORD) and word[len(LANG_KEYWORD) :] in LANGS:
            return word[len(LANG_KEYWORD) :]
    return None


def split_exported_desc(description: str) -> tuple[str, str]:
    """An export's description → (the trek's summary, its quality note)."""
    summary, sep, quality = description.rpartition(QUALITY_PREFIX)
    if not sep:
        return description, ""
    _word, _dot, note = quality.partition(".")
    return summary.strip(), note.strip()


def strip_day_prefix(name: str) -> str:
    head, sep, tail = name.partition(":")
    words = head.strip().split()
    if sep and len(words) == 2 and words[0].lower() in ("day", "dia", "día") and words[1].isdigit():
        return tail.strip()
    return name.strip()


def quality_note(
    parsed: ParsedGpx, parts: list[GpxPart], dropped_routes: int, far_count: int, max_offset_m: float
) -> str:
    if all(p.kind == "route" for p in parts):
        lines = [
            "A route from a GPX file: a planned line, possibly drawn on a map rather "
            "than walked, so it may cut corners."
        ]
    else:
        lines = [
            "A GPS track recorded on the ground: positions are as good as the device "
            "was (usually within 10–30 m)."
        ]
    total = sum(p.point_count for p in parts)
    have = sum(1 for p in parts for s in p.segments for pt in s if pt[2] is not None)
    if parsed.elevation == "all-zero":
        lines.append(
            "This file's elevations are all 0 (the device recorded none), so they "
            "were dropped: climbs and times ignore height."
        )
    elif have == 0:
        lines.append("This file has no elevations: climbs and times ignore height.")
    elif have < total:
        lines.append(f"Only {have} of {total} points have an elevation: climbs are incomplete.")
    if dropped_routes:
        lines.append(
            f"The file's {dropped_routes} planned route(s) were left out: the recorded track is used instead."
        )
    if far_count:
        lines.append(f"{far_count} waypoint(s) lie more than {max_offset_m:.0f} m from the track.")
    return " ".join(lines)


def waypoint_words(w: GpxWaypoint, kind: str) -> tuple[str, str | None]:
    """A file waypoint's notes and advice: Garmin's time stamps and repeats dropped; a
    junction's comment is its advice (which way to turn), anyone else's joins the notes."""
    description = "" if _GARMIN_STAMP.match(w.description) else w.description
    comment = "" if w.comment in (w.name, w.description) or _GARMIN_STAMP.match(w.comment) else w.comment
    advice = (comment or None) if kind == "junction" else None
    return join_notes(description, "" if advice else comment), advice

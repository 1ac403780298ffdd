"""Parser errors in a hiker's words: why a GPX file could not be read, and where.

Why it exists: both the safety check (defusedxml/expat, on the prolog) and the real
parse (gpxpy, on the whole file) fail with expat codes or gpxpy exceptions; both steps
turn them into the same sentences here ("the file ends in the middle of a track point:
it was probably cut off while downloading"), so a refusal reads the same whichever
step found it.
"""

from __future__ import annotations

import contextlib
import pyexpat
import re
import xml.etree.ElementTree as ET

import gpxpy.gpx

from laresapp.core.message import Msg

_ELEMENT_WORDS = {
    "trkpt": Msg("a track point"),
    "rtept": Msg("a route point"),
    "wpt": Msg("a waypoint"),
    "trkseg": Msg("a track segment"),
    "trk": Msg("a track"),
    "rte": Msg("a route"),
    "metadata": Msg("the file's description"),
    "gpx": Msg("the GPX data"),
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


def syntax_message(text: str, err: ET.ParseError) -> str:
    line, column = err.position
    code = err.code
    where = Msg("line %(line)s", line=line)
    at = Msg("line %(line)s, column %(column)s", line=line, column=column + 1)
    if not text.strip():
        return Msg("the file is empty")
    if code in _TRUNCATION_CODES:
        stack = _open_elements(text)
        if not stack:
            return Msg("the file has no XML content: it is not a GPX file")
        what = next(
            (_ELEMENT_WORDS[n] for n in reversed(stack) if n in _ELEMENT_WORDS),
            Msg("a <%(name)s> element", name=stack[-1]),
        )
        return Msg(
            "%(where)s: the file ends in the middle of %(what)s: it was probably cut off "
            "while downloading or copying",
            where=where,
            what=what,
        )
    if code == _CODE[pyexpat.errors.XML_ERROR_TAG_MISMATCH]:
        stack = _open_elements(text)
        if stack:
            return Msg(
                "%(at)s: a closing tag does not match the open element inside <%(name)s>: "
                "the file is damaged",
                at=at,
                name=stack[-1],
            )
        return Msg("%(at)s: a closing tag does not match the open element: the file is damaged", at=at)
    if code == _CODE[pyexpat.errors.XML_ERROR_UNDEFINED_ENTITY]:
        return Msg(
            "%(at)s: the file uses an entity reference (like &name;) that is not part of XML; "
            "entities are refused for safety",
            at=at,
        )
    if code == _CODE[pyexpat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]:
        return Msg(
            "%(where)s: there is more content after the end of the GPX data: the file is damaged", where=where
        )
    if code == _CODE[pyexpat.errors.XML_ERROR_SYNTAX] and line == 1 and column == 0:
        return Msg("the file is not XML, so it cannot be a GPX file")
    if code == _CODE[pyexpat.errors.XML_ERROR_INVALID_TOKEN] and line == 1 and column <= 1:
        return Msg("the file is not XML, so it cannot be a GPX file")
    detail = pyexpat.ErrorString(code) if isinstance(code, int) else str(err)
    return Msg("%(at)s: the file is not well-formed XML (%(detail)s)", at=at, detail=detail)


_GPX_VALUE_RE = re.compile(r"Invalid value for <([^>]*)>\.\.\. (.*?) \(")
_GPX_TIME_RE = re.compile(r"Invalid time: (.*)")
_GPX_MANDATORY_RE = re.compile(r"(\w+) is mandatory in (\w+)")


def gpx_error_message(err: gpxpy.gpx.GPXException) -> str:
    """gpxpy's content errors, in words (it raises on the first bad value it meets)."""
    msg = str(err)
    if m := _GPX_VALUE_RE.search(msg):
        return Msg(
            "the file has an invalid value %(value)s in <%(name)s>: it must be a number",
            value=repr(m.group(2)),
            name=m.group(1),
        )
    if m := _GPX_TIME_RE.search(msg):
        return Msg(
            "the file has an invalid time %(value)s: times must look like 2024-06-01T08:00:00Z",
            value=repr(m.group(1).strip()),
        )
    if m := _GPX_MANDATORY_RE.search(msg):
        return Msg("a point has no %(name)s: every point needs lat and lon", name=m.group(1))
    return Msg("the GPX data is not valid: %(detail)s", detail=msg)

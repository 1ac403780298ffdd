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
    "trkpt": "a track point",
    "rtept": "a route point",
    "wpt": "a waypoint",
    "trkseg": "a track segment",
    "trk": "a track",
    "rte": "a route",
    "metadata": "the file's description",
    "gpx": "the GPX data",
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
    where = f"line {line}"
    if not text.strip():
        return Msg("the file is empty")
    if code in _TRUNCATION_CODES:
        stack = _open_elements(text)
        if not stack:
            return Msg("the file has no XML content: it is not a GPX file")
        what = next(
            (_ELEMENT_WORDS[n] for n in reversed(stack) if n in _ELEMENT_WORDS), f"a <{stack[-1]}> element"
        )
        return (
            f"{where}: the file ends in the middle of {what}: it was probably cut off "
            "while downloading or copying"
        )
    if code == _CODE[pyexpat.errors.XML_ERROR_TAG_MISMATCH]:
        stack = _open_elements(text)
        inside = f" inside <{stack[-1]}>" if stack else ""
        return (
            f"{where}, column {column + 1}: a closing tag does not match the open "
            f"element{inside}: the file is damaged"
        )
    if code == _CODE[pyexpat.errors.XML_ERROR_UNDEFINED_ENTITY]:
        return (
            f"{where}, column {column + 1}: the file uses an entity reference "
            "(like &name;) that is not part of XML; entities are refused for safety"
        )
    if code == _CODE[pyexpat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]:
        return f"{where}: there is more content after the end of the GPX data: the file is damaged"
    if code == _CODE[pyexpat.errors.XML_ERROR_SYNTAX] and line == 1 and column == 0:
        return Msg("the file is not XML, so it cannot be a GPX file")
    if code == _CODE[pyexpat.errors.XML_ERROR_INVALID_TOKEN] and line == 1 and column <= 1:
        return Msg("the file is not XML, so it cannot be a GPX file")
    detail = pyexpat.ErrorString(code) if isinstance(code, int) else str(err)
    return f"{where}, column {column + 1}: the file is not well-formed XML ({detail})"


_GPX_VALUE_RE = re.compile(r"Invalid value for <([^>]*)>\.\.\. (.*?) \(")
_GPX_TIME_RE = re.compile(r"Invalid time: (.*)")
_GPX_MANDATORY_RE = re.compile(r"(\w+) is mandatory in (\w+)")


def gpx_error_message(err: gpxpy.gpx.GPXException) -> str:
    """gpxpy's content errors, in words (it raises on the first bad value it meets)."""
    msg = str(err)
    if m := _GPX_VALUE_RE.search(msg):
        return f"the file has an invalid value {m.group(2)!r} in <{m.group(1)}>: it must be a number"
    if m := _GPX_TIME_RE.search(msg):
        return (
            f"the file has an invalid time {m.group(1).strip()!r}: times must look like 2024-06-01T08:00:00Z"
        )
    if m := _GPX_MANDATORY_RE.search(msg):
        return f"a point has no {m.group(1)}: every point needs lat and lon"
    return f"the GPX data is not valid: {msg}"

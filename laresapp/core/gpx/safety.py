"""Step 2 of reading a GPX file: the safety checks before anything builds a tree.

Why it exists: gpxpy builds its tree with the standard library's expat parser, which
expands internal entities and recurses over deep trees, so one hostile file could eat
gigabytes ("billion laughs") or overflow the C stack and kill the server process. Here
the **whole** text that gpxpy will parse is first streamed through a bare expat parser
that builds nothing and stops at the first problem:

* any document type declaration, entity, notation, element or attribute-list
  declaration, anywhere, is refused (also by a plain search, so a parser trick cannot
  hide one), and so are external references;
* limits on nesting depth, element count, attributes per element, attribute size, name
  size and the size of one run of text (:class:`GpxLimits`).

The scan reads **exactly the string gpxpy builds its tree from**: gpxpy 1.6.2 first
deletes the first `` xmlns="…"`` it finds by a regular expression, wherever it is, which
can cut a comment or processing instruction open and reveal a DOCTYPE hidden inside it;
:func:`gpxpy_view` makes the same cut (a test holds it to gpxpy's own). The scan is one
``Parse`` call on the whole text, so a huge single token costs linear time, not the
quadratic re-scan of chunked feeding. The root element must be ``<gpx>``; KML, TCX and
HTML are named.
"""

from __future__ import annotations

import pyexpat
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from laresapp.core.errors import RouteError
from laresapp.core.gpx.decode import DecodedGpx
from laresapp.core.gpx.messages import syntax_message
from laresapp.core.message import Count, Msg

MAX_BYTES_DEFAULT = 20 * 2**20
"""20 MiB: a week of one-second GPS fixes is ~15 MB of GPX; larger is not a hike."""


@dataclass(frozen=True)
class GpxLimits:
    """What a real GPX file stays far inside (GPX nests 7 deep with extensions; a 20 MB
    file of track points holds about 600,000 elements)."""

    max_depth: int = 32
    max_elements: int = 1_000_000
    max_attributes: int = 32
    max_attribute_chars: int = 4096
    max_name_chars: int = 200
    max_text_chars: int = 65_536


DEFAULT_LIMITS = GpxLimits()

_DECL_RE = re.compile(r"""\s*<\?xml\s[^>]*\?>""")
_GPXPY_XMLNS_RE = re.compile(r"""\sxmlns=(['"])[^'"]+\1""")
"""gpxpy 1.6.2's ``GPXParser.parse`` removes the first match of this before parsing."""
_DECLARATION_RE = re.compile(r"<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.IGNORECASE)
_DTD_REFUSED = Msg("the file declares a DTD/entities, which are refused for safety: a GPX file needs none")


@dataclass(frozen=True)
class SafeGpx:
    """Text that passed the checks: no DTD or entities, within the limits, root ``<gpx>``;
    the XML declaration is taken off (its encoding is already applied)."""

    text: str


def check_size(data: bytes, max_bytes: int = MAX_BYTES_DEFAULT) -> None:
    """Refuse a file larger than ``max_bytes`` before reading a byte of it."""
    if len(data) > max_bytes:
        raise RouteError(
            f"the file is {len(data) / 2**20:.1f} MB, more than the {max_bytes / 2**20:.0f} MB "
            "allowed: a multi-day hike is rarely over a few MB; simplify the track"
        )


def gpxpy_view(text: str) -> str:
    """The string gpxpy 1.6.2 hands to ElementTree for ``text``."""
    return _GPXPY_XMLNS_RE.sub("", text, count=1)


class _Refused(Exception):
    """Raised from inside an expat handler to stop the scan at once."""


_NOT_GPX_HINTS = {
    "kml": Msg(" (a KML file, e.g. from Google Earth: export it as GPX)"),
    "trainingcenterdatabase": Msg(" (a Garmin TCX file: export the activity as GPX)"),
    "html": Msg(" (a web page: the download may have failed or needed a login)"),
}


class _Scan:
    """Expat handlers that count and refuse; nothing is kept but a few integers."""

    def __init__(self, limits: GpxLimits) -> None:
        self.limits = limits
        self.depth = 0
        self.elements = 0
        self.text = 0
        self.root = ""
        self.where = (0, 0)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        lim = self.limits
        self.depth += 1
        self.elements += 1
        self.text = 0
        if not self.root:
            self.root = name
        if self.depth > lim.max_depth:
            raise _Refused(
                Msg("elements are nested more than %(n)s deep; a GPX file needs under 10", n=lim.max_depth)
            )
        if self.elements > lim.max_elements:
            raise _Refused(
                Msg("the file has more than %(n)s elements: simplify the track", n=Count(lim.max_elements))
            )
        if len(name) > lim.max_name_chars:
            raise _Refused(Msg("an element name is longer than %(n)s characters", n=lim.max_name_chars))
        if len(attrs) > lim.max_attributes:
            raise _Refused(Msg("an element has more than %(n)s attributes", n=lim.max_attributes))
        for key, value in attrs.items():
            if len(key) > lim.max_name_chars or len(value) > lim.max_attribute_chars:
                raise _Refused(
                    Msg(
                        "an attribute of <%(name)s> is longer than %(n)s characters",
                        name=name[:40],
                        n=Count(lim.max_attribute_chars),
                    )
                )

    def end(self, _name: str) -> None:
        self.depth -= 1
        self.text = 0

    def chars(self, data: str) -> None:
        self.text += len(data)
        if self.text > self.limits.max_text_chars:
            raise _Refused(
                Msg(
                    "one piece of text is longer than %(n)s characters: "
                    "no name or description needs that much",
                    n=Count(self.limits.max_text_chars),
                )
            )


def _dtd(*_args: object) -> None:
    raise _Refused(_DTD_REFUSED)


def _external(_context: str, _base: str | None, _sysid: str | None, _pubid: str | None) -> int:
    raise _Refused(_DTD_REFUSED)


def _doctype(_name: str, sysid: str | None, pubid: str | None, _internal: int) -> None:
    ref = sysid or pubid
    if ref:
        raise _Refused(
            Msg(
                "the file declares a DTD/entities and refers to an outside file (%(ref)s), which are "
                "refused for safety: a GPX file needs none",
                ref=ref[:200],
            )
        )
    raise _Refused(_DTD_REFUSED)


def _scan(text: str, limits: GpxLimits) -> str:
    """Stream ``text`` through expat; return the root element's name or raise RouteError."""
    scan = _Scan(limits)
    parser = pyexpat.ParserCreate()
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.chars
    parser.StartDoctypeDeclHandler = _doctype
    parser.EntityDeclHandler = _dtd
    parser.UnparsedEntityDeclHandler = _dtd
    parser.NotationDeclHandler = _dtd
    parser.ElementDeclHandler = _dtd
    parser.AttlistDeclHandler = _dtd
    parser.ExternalEntityRefHandler = _external
    try:
        parser.Parse(text, True)
    except _Refused as refused:
        line = parser.CurrentLineNumber
        reason = refused.args[0]
        raise RouteError(
            reason
            if reason.startswith(_DTD_REFUSED[:30])
            else Msg("line %(line)s: %(why)s", line=line, why=reason)
        ) from None
    except pyexpat.ExpatError as e:
        err = ET.ParseError(str(e))
        err.code = e.code
        err.position = (e.lineno, e.offset)
        raise RouteError(syntax_message(text, err)) from None
    return scan.root


def check_safe(decoded: DecodedGpx, limits: GpxLimits = DEFAULT_LIMITS) -> SafeGpx:
    """The decoded text, checked; raise :class:`RouteError` with the reason otherwise."""
    text = decoded.text
    if not text.strip():
        raise RouteError(Msg("the file is empty"))
    if not text.lstrip().startswith("<"):
        raise RouteError(Msg("the file is not XML, so it cannot be a GPX file"))
    decl = _DECL_RE.match(text)
    if decl:
        _scan(text[: decl.end()] + "<gpx/>", limits)  # a malformed declaration is named
        text = text[decl.end() :]
    root = _scan(gpxpy_view(text), limits)
    if _DECLARATION_RE.search(text):  # hidden from this parser, perhaps not from another
        raise RouteError(_DTD_REFUSED)
    local = root.rpartition("}")[2].rpartition(":")[2]
    if local != "gpx":
        hint = _NOT_GPX_HINTS.get(local.lower(), "")
        raise RouteError(
            Msg(
                "this is not a GPX file: its main element is <%(root)s>, not <gpx>%(hint)s",
                root=local,
                hint=hint,
            )
        )
    return SafeGpx(text=text)

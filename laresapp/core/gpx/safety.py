"""Step 2 of reading a GPX file: the safety checks before the real parse.

Why it exists: gpxpy builds its tree with the standard library's expat parser, which
expands internal entities, so a "billion laughs" file would reach it unchecked. Here the
size is checked before anything else, and the decoded text is fed to defusedxml's
expat-based parser with DTDs, entities and external references forbidden, **stopping it
as soon as the root element starts**: XML allows a document type declaration only before
the root element, so everything that could declare an entity has been seen by then, by
a real XML parser (not a byte scan fooled by comments). That costs microseconds, so the
whole file is parsed only once, by gpxpy (see ``bench/gpx_import_bench.py``). An
``&name;`` reference in the body without a DTD is an "undefined entity" error in that
one parse. The root element must be ``<gpx>``; KML, TCX and HTML are named.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import defusedxml.ElementTree as _defused_et  # type: ignore[import-untyped]
from defusedxml import (
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from laresapp.core.errors import RouteError
from laresapp.core.gpx.decode import DecodedGpx
from laresapp.core.gpx.messages import syntax_message

MAX_BYTES_DEFAULT = 20 * 2**20
"""20 MiB: a week of one-second GPS fixes is ~15 MB of GPX; larger is not a hike."""

_DECL_RE = re.compile(r"""\s*<\?xml\b[^>]*\?>""")


@dataclass(frozen=True)
class SafeGpx:
    """Text that passed the checks: no DTD or entities, root ``<gpx>``; the XML
    declaration is taken off (its encoding is already applied), so nothing re-reads it."""

    text: str


def check_size(data: bytes, max_bytes: int = MAX_BYTES_DEFAULT) -> None:
    """Refuse a file larger than ``max_bytes`` before reading a byte of it."""
    if len(data) > max_bytes:
        raise RouteError(
            f"the file is {len(data) / 2**20:.1f} MB, more than the {max_bytes / 2**20:.0f} MB "
            "allowed: a multi-day hike is rarely over a few MB; simplify the track"
        )


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
            parser.feed(text[start : start + 16384])
        parser.close()
    except _RootSeen as seen:
        return seen.tag
    except DTDForbidden as e:
        ref = e.sysid or e.pubid
        extra = f" and refers to an outside file ({ref})" if ref else ""
        raise RouteError(
            f"the file declares a DTD/entities{extra}, which are refused for safety: a GPX file needs none"
        ) from None
    except (EntitiesForbidden, ExternalReferenceForbidden):
        raise RouteError(
            "the file declares a DTD/entities, which are refused for safety: a GPX file needs none"
        ) from None
    except ET.ParseError as e:
        raise RouteError(syntax_message(text, e)) from None
    raise RouteError("the file has no XML content")  # pragma: no cover - close() raises first


def check_safe(decoded: DecodedGpx) -> SafeGpx:
    """The decoded text, checked; raise :class:`RouteError` with the reason otherwise."""
    text = decoded.text
    if not text.strip():
        raise RouteError("the file is empty")
    if not text.lstrip().startswith("<"):
        raise RouteError("the file is not XML, so it cannot be a GPX file")
    root = _check_prolog(text)
    local = root.rpartition("}")[2]
    if local != "gpx":
        hint = _NOT_GPX_HINTS.get(local.lower(), "")
        raise RouteError(f"this is not a GPX file: its main element is <{local}>, not <gpx>{hint}")
    decl = _DECL_RE.match(text)
    if decl:
        text = text[decl.end() :]
    return SafeGpx(text=text)

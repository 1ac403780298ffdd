"""Step 1 of reading a GPX file: bytes → text, honestly decoded.

Why it exists: gpxpy 1.6.2 decodes bytes as UTF-8 whatever the file declares, so a
Latin-1 file would turn into mangled place names. We decode the bytes ourselves
(byte-order mark, else the ``encoding=`` of the XML declaration, else UTF-8) and hand
the next step a ``str``. A declaration that does not fit the bytes is refused with a
message naming the line; files that are plainly not text (ZIP, gzip, FIT) are named as
such, so nobody sees an XML error for a KMZ.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from laresapp.core.errors import RouteError
from laresapp.core.message import Msg


@dataclass(frozen=True)
class DecodedGpx:
    """The file's text, with its declared encoding already applied."""

    text: str


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL_ENCODING_RE = re.compile(rb"""\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']""", re.ASCII)
_WIDE_ENCODINGS = ("utf-16", "utf-32")
_KNOWN_ENCODINGS = re.compile(r"utf-8|ascii|latin-1|iso8859-\d+|cp125\d|mac-roman")
"""One-byte-per-letter encodings GPX writers use. Others (UTF-7, EBCDIC, shift-based
East Asian encodings) are refused: they can spell "<!DOCTYPE" with other bytes, and no
GPS program writes them."""


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
            body = data[len(bom) :]
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
                f"the file declares the text encoding {declared!r}, which is unknown: save it again as UTF-8"
            ) from None
        if not codec_name.startswith(_WIDE_ENCODINGS) and not _KNOWN_ENCODINGS.fullmatch(codec_name):
            raise RouteError(
                f"the file declares the text encoding {declared!r}, which GPX files do not use: "
                "save it again as UTF-8"
            )
        if codec_name.startswith(_WIDE_ENCODINGS):
            raise RouteError(
                f"the file declares encoding {declared} but is written with one byte per "
                "letter: the declaration is wrong; save it again as UTF-8"
            )
    try:
        text = data.decode(codec_name)
    except UnicodeDecodeError as e:
        bad = data[e.start]
        said = f"says its text is {declared}" if declared else "declares no encoding, so it must be UTF-8"
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
        misread = "".join(c for c in letter.encode("utf-8").decode(codec_name, "replace") if c.isprintable())
        raise RouteError(
            f"line {line}: the file declares encoding {declared} but its text is UTF-8 "
            f"('{letter}' would read as '{misread}'): "
            "fix the encoding declaration or save the file again as UTF-8"
        )
    return text


def decode_gpx(data: bytes) -> DecodedGpx:
    """Bytes → :class:`DecodedGpx`; raise :class:`RouteError` for empty or undecodable data."""
    if not data.strip():
        raise RouteError(Msg("the file is empty"))
    return DecodedGpx(text=_decode(data))

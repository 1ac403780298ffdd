"""A generated corpus of hostile GPX files (nothing big is committed): name → (bytes, a
phrase the refusal must contain). Used by tests/core/gpx/test_gpx_hostile_corpus.py, the
server test in tests/organiser/test_hostile_server.py and bench/gpx_hostile_bench.py."""

from __future__ import annotations

import codecs
from collections.abc import Callable

_HEAD = '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
_TRACK = '<trk><trkseg><trkpt lat="-13.1" lon="-72"/><trkpt lat="-13.2" lon="-72.1"/></trkseg></trk>'
_ENTITIES = (
    '<!DOCTYPE gpx [<!ENTITY a "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
)


def _gpx(body: str = "", prolog: str = "", head: str = _HEAD) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}{head}{body}{_TRACK}</gpx>'


def _wpt(desc: str) -> str:
    return f'<wpt lat="-13.15" lon="-72.05"><name>W</name><desc>{desc}</desc></wpt>'


def _deep(n: int) -> bytes:
    return (_gpx(_wpt("x") + "<extensions>" + "<a>" * n + "</a>" * n + "</extensions>")).encode()


def _utf16_no_bom() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-16"?>' + _ENTITIES + _HEAD + _wpt("&b;") + _TRACK + "</gpx>"
    ).encode("utf-16-le")


def _utf16_bom() -> bytes:
    return codecs.BOM_UTF16_BE + ('<?xml version="1.0"?>' + _ENTITIES + _HEAD + _TRACK + "</gpx>").encode(
        "utf-16-be"
    )


def _utf7() -> bytes:
    doctype = _ENTITIES.encode("utf-7")  # "<" becomes "+ADw-": no "<!DOCTYPE" in the bytes
    return b'<?xml version="1.0" encoding="UTF-7"?>' + doctype + _HEAD.encode() + _TRACK.encode() + b"</gpx>"


def _ebcdic() -> bytes:
    return b'<?xml version="1.0" encoding="cp500"?>' + (_ENTITIES + _HEAD + _TRACK + "</gpx>").encode("cp500")


HOSTILE_CASES: dict[str, tuple[Callable[[], bytes | str], str]] = {
    # 1. The crash: very deep nesting (gpxpy's copy of the tree recursed off the C stack).
    "deep-nesting-200k": (lambda: _deep(200_000), "nested more than"),
    "deep-nesting-40": (lambda: _deep(40), "nested more than"),
    # 2. Entity tricks, in every place the prolog allows text.
    "pi-hides-doctype-from-prescan": (
        lambda: _gpx(_wpt("&b;"), prolog='<?p ? xmlns="x">' + _ENTITIES + "<?q ?>\n", head=_HEAD),
        "DTD/entities",
    ),
    "pi-hides-doctype-single-quotes": (
        lambda: _gpx(_wpt("&b;"), prolog="<?p ? xmlns='x'>" + _ENTITIES + "<?q ?>\n"),
        "DTD/entities",
    ),
    "doctype-after-comment": (lambda: _gpx(_wpt("&b;"), prolog="<!-- hi -->" + _ENTITIES), "DTD/entities"),
    "doctype-after-pi": (lambda: _gpx(_wpt("&b;"), prolog="<?garmin x?>\n" + _ENTITIES), "DTD/entities"),
    "doctype-after-whitespace": (lambda: _gpx(_wpt("&b;"), prolog="\n\n\t " + _ENTITIES), "DTD/entities"),
    "doctype-inside-comment": (lambda: _gpx(_wpt("x"), prolog="<!-- " + _ENTITIES + " -->"), "DTD/entities"),
    "entity-decl-in-cdata": (lambda: _gpx(_wpt("<![CDATA[" + _ENTITIES + "]]>")), "DTD/entities"),
    "parameter-entity": (
        lambda: _gpx(prolog='<!DOCTYPE gpx [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'),
        "DTD/entities",
    ),
    "external-doctype": (
        lambda: _gpx(prolog='<!DOCTYPE gpx SYSTEM "http://127.0.0.1:9/x.dtd">'),
        "outside file",
    ),
    "undeclared-entity": (lambda: _gpx(_wpt("&lol9;")), "entity reference"),
    # 3. Encodings that hide a DOCTYPE from a byte search.
    "utf16-le-without-bom": (_utf16_no_bom, "DTD/entities"),
    "utf16-be-with-bom": (_utf16_bom, "DTD/entities"),
    "utf7-doctype": (_utf7, "GPX files do not use"),
    "ebcdic-doctype": (_ebcdic, "GPX files do not use"),
    # 4. Huge single tokens and counts.
    "huge-attribute-value": (
        lambda: _gpx(f'<wpt lat="-13" lon="-72" name="{"x" * 6_000_000}"/>').encode(),
        "attribute",
    ),
    "huge-element-name": (lambda: _gpx(f"<{'n' * 5_000_000}/>").encode(), "element name is longer"),
    "huge-text": (lambda: _gpx(_wpt("x" * 7_000_000)).encode(), "piece of text is longer"),
    "huge-attribute-count": (
        lambda: _gpx("<wpt " + " ".join(f'a{i}="1"' for i in range(20_000)) + ' lat="1" lon="2"/>').encode(),
        "more than 32 attributes",
    ),
    "million-elements": (lambda: _gpx("<e/>" * 1_100_000).encode(), "elements"),
}
"""Each builder returns the file's bytes (all under 8 MiB, the upload limit)."""


def hostile_bytes(name: str) -> bytes:
    data = HOSTILE_CASES[name][0]()
    return data if isinstance(data, bytes) else data.encode()

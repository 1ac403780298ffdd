"""Static text files as they are served: module imports addressed by content hash, and
gzip and brotli made once per content, not on every request.

Why rewrite imports: a page asks for ``app.js?v=<hash>``, but ``import './trips.js'`` inside
it would ask for ``/static/js/trips.js`` with no hash — a URL the service worker never
stored, so behind a failing proxy or on a stalled link the module graph did not start (and
a tick went out as a plain request instead of into the outbox). Each relative import is
rewritten to ``./trips.js?v=<hash of trips.js as served>``, and a module's own hash is taken
*after* the rewrite, so a change anywhere in the graph changes every URL above it. Django's
``ManifestStaticFilesStorage`` does the same for JS modules; there is still no build step:
this runs on first use and again only when a file's size or mtime changes.

Why minify: every static file is precached with the app shell and the map's are counted in
"Save for offline"; our comments are long on purpose (they say why), and a phone should not
carry them. ``rjsmin``/``rcssmin`` (small, well-kept, pure-Python jsmin/cssmin) strip comments
and spaces only — no renaming — so the served code is the same tokens as the file
(tests/web/test_minify.py checks that with ESLint's own parser for every file) and stays
readable enough to debug. Minified before imports are rewritten, so hashes are of what is served.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

import brotli
import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

# Served from here (compressed once); every other static file goes to Flask's own view.
TEXT_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".html": "text/html",
    ".txt": "text/plain",
    ".gpx": "application/gpx+xml",
    ".xml": "application/xml",
}
ENCODINGS = ("br", "gzip")  # preferred first when the client takes both equally
_IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.\.?/[^'"?#\s]+\.m?js)\2""")


@dataclass
class Built:
    """One static file as served."""

    body: bytes
    digest: str
    mimetype: str
    stamp: tuple[int, int]
    deps: tuple[tuple[Path, str], ...]
    """Imported files and their digests when this one was built."""
    static_deps: tuple[Path, ...] = ()
    """The files it imports with ``import … from`` / ``import '…'`` (not ``import()``): what
    the browser fetches before running it."""
    encoded: dict[str, bytes] = field(default_factory=dict)

    def encode(self, encoding: str) -> bytes:
        """The body in ``encoding`` ('br' or 'gzip'), compressed at most once."""
        hit = self.encoded.get(encoding)
        if hit is None:
            hit = compress(self.body, encoding)
            self.encoded[encoding] = hit
        return hit


def compress(body: bytes, encoding: str) -> bytes:
    """``body`` as 'br' or 'gzip', at the highest level (it is done once per content),
    a lower one past a megabyte so a large imported track does not stall its first request."""
    large = len(body) > 1_000_000
    if encoding == "br":
        return bytes(brotli.compress(body, quality=5 if large else 11))
    return gzip.compress(body, compresslevel=6 if large else 9, mtime=0)


_built: dict[Path, Built] = {}
_lock = Lock()


def is_text(path: Path) -> bool:
    return path.suffix in TEXT_TYPES


def mimetype_of(path: Path) -> str:
    return TEXT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def digest_of(path: Path) -> str:
    return build(path).digest


def build(path: Path, _stack: frozenset[Path] = frozenset()) -> Built:
    """The file as served, rebuilt only when it or a module it imports changed."""
    return _build(path.resolve(), _stack)


def _build(path: Path, _stack: frozenset[Path], checked: dict[Path, Built] | None = None) -> Built:
    """:func:`build` of a resolved path: imports are kept resolved, so checking that a
    module's imports are unchanged costs a ``stat`` each, not a ``realpath`` as well; and
    a module several others import is checked once per walk (``checked``), not once per path
    to it."""
    checked = {} if checked is None else checked
    if path in checked:
        return checked[path]
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    with _lock:
        hit = _built.get(path)
    if hit is not None and hit.stamp == stamp and _deps_fresh(hit, _stack | {path}, checked):
        checked[path] = hit
        return hit
    raw = path.read_bytes()
    deps: list[tuple[Path, str]] = []
    static: list[Path] = []
    body = minify(path.suffix, raw)
    if path.suffix in (".js", ".mjs"):
        body, deps, static = _rewrite_imports(path, body, _stack | {path})
    built = Built(
        body, hashlib.sha256(body).hexdigest()[:12], mimetype_of(path), stamp, tuple(deps), tuple(static)
    )
    with _lock:
        _built[path] = built
    return built


# rjsmin handles template literals but not one nested in another's ${…} (it would squeeze the
# inner one's spaces): such a file is served as written. tests/web/test_minify.py proves every
# file served minified has its original tokens.
_NESTED_TEMPLATE = re.compile(r"\$\{[^}`]*`")


def minify(suffix: str, raw: bytes) -> bytes:
    """JS and CSS without comments and spare whitespace; any other file as it is."""
    if suffix in (".js", ".mjs"):
        text = raw.decode("utf-8")
        return raw if _NESTED_TEMPLATE.search(text) else str(rjsmin.jsmin(text)).encode("utf-8")
    if suffix == ".css":
        return str(rcssmin.cssmin(raw.decode("utf-8"))).encode("utf-8")
    return raw


def _deps_fresh(hit: Built, stack: frozenset[Path], checked: dict[Path, Built]) -> bool:
    for dep, digest in hit.deps:
        if dep in stack or (dep not in checked and not dep.is_file()):
            continue
        if _build(dep, stack, checked).digest != digest:
            return False
    return True


def _rewrite_imports(
    path: Path, raw: bytes, stack: frozenset[Path]
) -> tuple[bytes, list[tuple[Path, str]], list[Path]]:
    deps: list[tuple[Path, str]] = []
    static: list[Path] = []
    text = raw.decode("utf-8")

    def hashed(m: re.Match[str]) -> str:
        target = (path.parent / m.group(3)).resolve()
        if not target.is_file():
            return m.group(0)  # a missing file: leave it as written
        if "(" not in m.group(1):
            static.append(target)
        if target in stack:
            return m.group(0)  # a cycle: leave it as written
        digest = _build(target, stack).digest
        deps.append((target, digest))
        return f"{m.group(1)}{m.group(2)}{m.group(3)}?v={digest}{m.group(2)}"

    return _IMPORT.sub(hashed, text).encode("utf-8"), deps, static


def static_imports(path: Path) -> list[Path]:
    """Every module ``path`` needs before it runs (its static imports, theirs, and so on),
    in the order first met, without ``path`` itself."""
    path = path.resolve()
    seen: dict[Path, None] = {}
    todo = [path]
    while todo:
        for dep in build(todo.pop(0)).static_deps:
            if dep != path and dep not in seen:
                seen[dep] = None
                todo.append(dep)
    return list(seen)

"""Static files addressed by content hash.

Every asset URL carries ``?v=<hash>``, so a changed file has a new URL: browsers may keep
the old one forever (``immutable``) and the service worker's precache list — built from
the same hashes — changes, which makes the browser install a new worker. Text files are
served as ``web/static_build.py`` builds them (module imports hashed, compressed once); the
hash of such a file is the hash of what is served.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, current_app, g, request, url_for
from werkzeug.security import safe_join

from laresapp.web import static_build
from laresapp.web.compression import encoded_response

SKIP_SUFFIXES = (".map", ".md", ".py")


@dataclass(frozen=True)
class _Entry:
    stamp: tuple[int, int]
    digest: str


_cache: dict[str, _Entry] = {}


def file_digest(path: Path) -> str:
    """Short content hash of a file as served, recomputed only when its mtime or size changes."""
    if static_build.is_text(path):
        return static_build.digest_of(path)
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    key = str(path)
    hit = _cache.get(key)
    if hit is None or hit.stamp != stamp:
        hit = _Entry(stamp, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
        _cache[key] = hit
    return hit.digest


def static_files() -> list[str]:
    """Every file under static/, as paths relative to it, sorted."""
    root = Path(current_app.static_folder or "static")
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.suffix not in SKIP_SUFFIXES
    )


def asset_url(filename: str) -> str:
    """URL of a static file with its content hash (noted for the render cache, which
    must render a page again when an asset it links changes)."""
    root = Path(current_app.static_folder or "static")
    return _hashed_url(filename, file_digest(root / filename))


def _hashed_url(filename: str, digest: str) -> str:
    used = g.get("assets_used")
    if used is not None:
        used.append((filename, digest))
    return url_for("static", filename=filename, v=digest)


_graphs: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}


def module_preloads(filename: str) -> list[str]:
    """URLs of every module the static module ``filename`` imports, directly or not, for
    ``<link rel="modulepreload">``: the browser fetches them all with the page, instead of
    finding them one level of imports (one round trip on a weak signal) after another.
    A module already preloaded by this page is not listed again.

    The graph is walked once per version of ``filename``: its served hash changes whenever
    any module below it changes (imports carry their hashes), so it keys the walk's result."""
    root = Path(current_app.static_folder or "static").resolve()
    key = (filename, file_digest(root / filename))
    graph = _graphs.get(key)
    if graph is None:
        deps = static_build.static_imports(root / filename)
        graph = _graphs[key] = tuple((d.relative_to(root).as_posix(), file_digest(d)) for d in deps)
    done = g.setdefault("modules_preloaded", set())  # once a page, whichever partial asks first
    wanted = [(name, digest) for name, digest in graph if name not in done]
    done.update(name for name, _digest in wanted)
    return [_hashed_url(name, digest) for name, digest in wanted]


def assets_unchanged(used: tuple[tuple[str, str], ...]) -> bool:
    """Whether every asset a page linked still has the hash it linked."""
    root = Path(current_app.static_folder or "static")
    try:
        return all(file_digest(root / name) == digest for name, digest in used)
    except OSError:
        return False


def shell_assets(skip: tuple[str, ...] = ()) -> list[str]:
    """URLs the service worker precaches as the app shell: every static file but ``skip``."""
    return [asset_url(name) for name in static_files() if name not in skip]


IMMUTABLE = "public, max-age=31536000, immutable"


def serve_static(filename: str) -> Response:
    """Flask's static view, but text files are sent as built, in the client's encoding.
    Only a URL whose ``v`` is the file's current hash may be kept forever (``immutable``):
    an old hash answered with today's file must be revalidated."""
    folder = current_app.static_folder or "static"
    found = safe_join(folder, filename)
    path = Path(found) if found else None
    if path is None or not path.is_file():
        return current_app.send_static_file(filename)  # its 404
    fresh = request.args.get("v") == file_digest(path)
    if not static_build.is_text(path):
        resp = current_app.send_static_file(filename)
        if fresh and resp.status_code == 200:
            resp.headers["Cache-Control"] = IMMUTABLE
        return resp
    built = static_build.build(path)
    return encoded_response(
        built.body, built.mimetype, built.digest, built.encode, IMMUTABLE if fresh else "no-cache"
    )


def init_app(app: Flask) -> None:
    app.view_functions["static"] = serve_static

"""Static files addressed by content hash.

Every asset URL carries ``?v=<hash>``, so a changed file has a new URL: browsers may keep
the old one forever (``immutable``) and the service worker's precache list — built from
the same hashes — changes, which makes the browser install a new worker.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

SKIP_SUFFIXES = (".map", ".md", ".py")


@dataclass(frozen=True)
class _Entry:
    stamp: tuple[int, int]
    digest: str


_cache: dict[str, _Entry] = {}


def file_digest(path: Path) -> str:
    """Short content hash of a file, recomputed only when its mtime or size changes."""
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
    """URL of a static file with its content hash."""
    root = Path(current_app.static_folder or "static")
    return url_for("static", filename=filename, v=file_digest(root / filename))


def shell_assets() -> list[str]:
    """URLs the service worker precaches as the app shell."""
    return [asset_url(name) for name in static_files()]


def _immutable(response: Response) -> Response:
    if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = 31_536_000
        response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    app.after_request(_immutable)

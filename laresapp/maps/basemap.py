"""An organiser's offline base map: one PMTiles archive per trek, kept under
``instance/basemaps/<slug>.pmtiles`` with a small JSON record beside it.

An archive is checked with the ``pmtiles`` package before anything is kept: it must be a
PMTiles v3 archive of raster tiles (the phone draws them with the PMTiles reader's Leaflet
layer), no larger than ``BASEMAP_MAX_BYTES``, and its bounds must cover every point of the
trek's line. It is written to a temporary file and renamed into place only once it passed,
so a refused file leaves nothing behind and a replaced one is swapped whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask import current_app
from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import Compression, MagicNumberNotFound, SpecVersionUnsupported, TileType

from laresapp.core.errors import RouteError
from laresapp.treks.models import Trek

RASTER_TYPES = {TileType.PNG: "png", TileType.JPEG: "jpg", TileType.WEBP: "webp", TileType.AVIF: "avif"}
CHUNK = 1 << 20


class BasemapError(RouteError):
    """A refused archive; the message says why, for the organiser."""


@dataclass(frozen=True)
class BasemapInfo:
    path: Path
    size: int
    digest: str
    attribution: str
    bounds: tuple[float, float, float, float]  # west, south, east, north
    min_zoom: int
    max_zoom: int

    def public(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "digest": self.digest,
            "attribution": self.attribution,
            "bounds": list(self.bounds),
            "min_zoom": self.min_zoom,
            "max_zoom": self.max_zoom,
        }


def _folder() -> Path:
    configured = current_app.config.get("BASEMAP_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "basemaps"


def info(slug: str) -> BasemapInfo | None:
    """The trek's base map, or None when it has none (or its record is unreadable)."""
    path = _folder() / f"{slug}.pmtiles"
    try:
        rec = json.loads((_folder() / f"{slug}.json").read_text())
        if not path.is_file():
            return None
        return BasemapInfo(
            path,
            int(rec["size"]),
            str(rec["digest"]),
            str(rec["attribution"]),
            (
                float(rec["bounds"][0]),
                float(rec["bounds"][1]),
                float(rec["bounds"][2]),
                float(rec["bounds"][3]),
            ),
            int(rec["min_zoom"]),
            int(rec["max_zoom"]),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _why(exc: Exception) -> str:
    if isinstance(exc, MagicNumberNotFound):
        return "it does not start with the PMTiles signature"
    if isinstance(exc, SpecVersionUnsupported):
        return "it is of a PMTiles version this server does not read (only version 3)"
    return "it is damaged or cut short"


def _read_archive(path: Path) -> dict[str, Any]:
    """Header and metadata of a PMTiles archive, or BasemapError saying it is not one."""
    try:
        with path.open("rb") as f:
            reader = Reader(MmapSource(f))
            header = dict(reader.header())
            metadata = reader.metadata() if header["metadata_length"] else {}
    except Exception as exc:  # noqa: BLE001 - any failure to read means "not a PMTiles archive"
        raise BasemapError(
            f"this is not a PMTiles archive (version 3) that can be read: {_why(exc)}. "
            "Make one with the protomaps tool `pmtiles extract` (see the README)"
        ) from None
    header["metadata"] = metadata if isinstance(metadata, dict) else {}
    return header


def _check(header: dict[str, Any], trek: Trek) -> None:
    tile_type = header["tile_type"]
    if tile_type not in RASTER_TYPES:
        name = getattr(tile_type, "name", str(tile_type)).lower()
        raise BasemapError(
            f"its tiles are {name}; the phone draws raster tiles (PNG, JPEG or WebP) only. "
            "Extract a raster base map for the corridor"
        )
    if header["tile_compression"] not in (Compression.NONE, Compression.UNKNOWN):
        raise BasemapError(
            "its raster tiles are compressed a second time; raster tiles must be stored as they are"
        )
    if header["addressed_tiles_count"] == 0:
        raise BasemapError("it holds no tiles")
    west, south = header["min_lon_e7"] / 1e7, header["min_lat_e7"] / 1e7
    east, north = header["max_lon_e7"] / 1e7, header["max_lat_e7"] / 1e7
    outside = [
        p for p in trek.document["track"]["points"] if not (west <= p[1] <= east and south <= p[0] <= north)
    ]
    if outside:
        raise BasemapError(
            f"it does not cover the trek: {len(outside)} of the line's points lie outside its bounds "
            f"({south:.4f}, {west:.4f} to {north:.4f}, {east:.4f}). "
            "Extract a corridor that contains the whole line"
        )


def _attribution(metadata: dict[str, Any]) -> str:
    text = metadata.get("attribution") or ""
    return str(text)[:300] if isinstance(text, (str, int, float)) else ""


def store(trek: Trek, source: IO[bytes]) -> BasemapInfo:
    """Check an archive and keep it as the trek's base map, or raise BasemapError (nothing kept)."""
    limit = int(current_app.config["BASEMAP_MAX_BYTES"])
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{trek.slug}-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise BasemapError(
                        f"it is larger than this server's limit of {limit / 2**20:.0f} MB "
                        "(BASEMAP_MAX_BYTES). Extract a narrower corridor or fewer zoom levels"
                    )
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise BasemapError("the file is empty")
        header = _read_archive(tmp)
        _check(header, trek)
        record = {
            "size": size,
            "digest": digest.hexdigest()[:16],
            "attribution": _attribution(header["metadata"]),
            "bounds": [
                header["min_lon_e7"] / 1e7,
                header["min_lat_e7"] / 1e7,
                header["max_lon_e7"] / 1e7,
                header["max_lat_e7"] / 1e7,
            ],
            "min_zoom": int(header["min_zoom"]),
            "max_zoom": int(header["max_zoom"]),
        }
        os.replace(tmp, folder / f"{trek.slug}.pmtiles")
        (folder / f"{trek.slug}.json").write_text(json.dumps(record))
    finally:
        tmp.unlink(missing_ok=True)
    found = info(trek.slug)
    assert found is not None
    return found


def remove(slug: str) -> bool:
    gone = False
    for suffix in (".json", ".pmtiles"):
        path = _folder() / f"{slug}{suffix}"
        if path.exists():
            path.unlink()
            gone = True
    return gone

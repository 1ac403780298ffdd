"""An organiser's offline base map: one PMTiles archive per trek, kept under
``instance/basemaps/<slug>.pmtiles`` with a small JSON record beside it.

An archive is checked with the ``pmtiles`` package before anything is kept: it must be a
PMTiles v3 archive of raster tiles (the phone draws them with the PMTiles reader's Leaflet
layer) or of vector tiles (MVT, drawn by protomaps-leaflet with our own outdoor style,
``static/js/map-style.js``: then its ``vector_layers`` must name at least one layer that style
draws), no larger than ``BASEMAP_MAX_BYTES``, and its bounds must cover every point of the
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
from laresapp.core.message import Count, Msg
from laresapp.treks.models import Trek

RASTER_TYPES = {TileType.PNG: "png", TileType.JPEG: "jpg", TileType.WEBP: "webp", TileType.AVIF: "avif"}
CHUNK = 1 << 20
# The base map's own code: not in the app shell every phone keeps, but saved with the base
# map by "Save the base map" (static/js/map-basemap-save.js), so a trek without one costs
# the phone none of it.
CODE = ("js/map-basemap.js", "js/map-style.js", "js/map-basemap-save.js")
# The vector layers the phone's style draws (static/js/map-style.js), by the names of the two
# common schemas (Protomaps basemap, OpenMapTiles) and of contour extracts. Keep them together.
DRAWN_LAYERS = frozenset(
    {
        "earth", "landcover", "landuse", "park", "natural",
        "water", "waterway",
        "roads", "transportation",
        "contour", "contours", "contour_line",
        "places", "place", "mountain_peak", "pois",
    }
)  # fmt: skip


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
    kind: str = "raster"  # or "vector" (MVT), drawn with protomaps-leaflet

    @property
    def vector(self) -> bool:
        return self.kind == "vector"

    def public(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "digest": self.digest,
            "attribution": self.attribution,
            "bounds": list(self.bounds),
            "min_zoom": self.min_zoom,
            "max_zoom": self.max_zoom,
            "kind": self.kind,
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
            "vector" if rec.get("kind") == "vector" else "raster",
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _why(exc: Exception) -> str:
    if isinstance(exc, MagicNumberNotFound):
        return Msg("it does not start with the PMTiles signature")
    if isinstance(exc, SpecVersionUnsupported):
        return Msg("it is of a PMTiles version this server does not read (only version 3)")
    return Msg("it is damaged or cut short")


def _read_archive(path: Path) -> dict[str, Any]:
    """Header and metadata of a PMTiles archive, or BasemapError saying it is not one."""
    try:
        with path.open("rb") as f:
            reader = Reader(MmapSource(f))
            header = dict(reader.header())
            metadata = reader.metadata() if header["metadata_length"] else {}
    except Exception as exc:  # noqa: BLE001 - any failure to read means "not a PMTiles archive"
        raise BasemapError(
            Msg(
                "this is not a PMTiles archive (version 3) that can be read: %(why)s. "
                "Make one with the protomaps tool `pmtiles extract` (see the README)",
                why=_why(exc),
            )
        ) from None
    header["metadata"] = metadata if isinstance(metadata, dict) else {}
    return header


def _layer_names(metadata: dict[str, Any]) -> list[str]:
    layers = metadata.get("vector_layers")
    if not isinstance(layers, list):
        return []
    return [str(layer["id"]) for layer in layers if isinstance(layer, dict) and "id" in layer]


def _check_tiles(header: dict[str, Any]) -> str:
    """The archive's kind ("raster" or "vector"), or BasemapError when the phone cannot draw it."""
    tile_type = header["tile_type"]
    compression = header["tile_compression"]
    if tile_type == TileType.MVT:
        if compression not in (Compression.NONE, Compression.GZIP, Compression.UNKNOWN):
            raise BasemapError(
                Msg(
                    "its vector tiles are compressed with brotli or zstd, which phones' browsers do not "
                    "unpack; extract it with gzip tile compression (the default)"
                )
            )
        names = _layer_names(header["metadata"])
        if not DRAWN_LAYERS.intersection(names):
            listed = ", ".join(names[:8]) or Msg("none listed in its metadata")
            raise BasemapError(
                Msg(
                    "its vector layers (%(layers)s) hold nothing the phone's map style draws: it needs "
                    "at least one of water, roads or transportation, contours, places, landuse or "
                    "landcover (the Protomaps or OpenMapTiles layer names)",
                    layers=listed,
                )
            )
        return "vector"
    if tile_type not in RASTER_TYPES:
        name = getattr(tile_type, "name", str(tile_type)).lower()
        raise BasemapError(
            Msg(
                "its tiles are %(kind)s; the phone draws raster tiles (PNG, JPEG or WebP) or vector "
                "tiles (MVT) only",
                kind=name,
            )
        )
    if compression not in (Compression.NONE, Compression.UNKNOWN):
        raise BasemapError(
            Msg("its raster tiles are compressed a second time; raster tiles must be stored as they are")
        )
    return "raster"


def _check(header: dict[str, Any], trek: Trek) -> str:
    """The archive's kind, or BasemapError saying why the phone cannot use it for this trek."""
    kind = _check_tiles(header)
    if header["addressed_tiles_count"] == 0:
        raise BasemapError(Msg("it holds no tiles"))
    west, south = header["min_lon_e7"] / 1e7, header["min_lat_e7"] / 1e7
    east, north = header["max_lon_e7"] / 1e7, header["max_lat_e7"] / 1e7
    outside = [
        p for p in trek.document["track"]["points"] if not (west <= p[1] <= east and south <= p[0] <= north)
    ]
    if outside:
        raise BasemapError(
            Msg(
                "it does not cover the trek: %(n)s of the line's points lie outside its bounds "
                "(%(bounds)s). Extract a corridor that contains the whole line",
                n=Count(len(outside)),
                bounds=f"{south:.4f}, {west:.4f} – {north:.4f}, {east:.4f}",
            )
        )
    return kind


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
                        Msg(
                            "it is larger than this server's limit of %(mb)s MB (BASEMAP_MAX_BYTES). "
                            "Extract a narrower corridor or fewer zoom levels",
                            mb=Count(round(limit / 2**20)),
                        )
                    )
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise BasemapError(Msg("the file is empty"))
        header = _read_archive(tmp)
        kind = _check(header, trek)
        record = {
            "kind": kind,
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

"""Small PMTiles archives for the tests, written with the ``pmtiles`` package's writer over a
box (the trek's corridor), at a few zoom levels: solid-colour PNG tiles, or vector (MVT) tiles
made with the ``mapbox-vector-tile`` encoder — a lake over the whole tile, a road and a path
across it and a named place."""

from __future__ import annotations

import gzip
import math
from pathlib import Path
from typing import Any

import mapbox_vector_tile
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from tools.make_icons import _png

ATTRIBUTION = "Test tiles © the laresapp test suite"


def solid_png(rgb: tuple[int, int, int], size: int = 256) -> bytes:
    """A PNG of one colour, by the icon maker's PNG writer (standard library only)."""
    return _png(size, [bytes(rgb) * size] * size)


def tile_xy(lat: float, lon: float, z: int) -> tuple[int, int]:
    n = 2**z
    phi = math.radians(lat)
    return int(n * (lon + 180) / 360), int(
        n * (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2
    )


def _tiles(bounds: tuple[float, float, float, float], zooms: range) -> list[int]:
    west, south, east, north = bounds
    ids = []
    for z in zooms:
        x0, y0 = tile_xy(north, west, z)
        x1, y1 = tile_xy(south, east, z)
        ids += [zxy_to_tileid(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    return sorted(ids)


def _write(
    path: Path,
    bounds: tuple[float, float, float, float],
    zooms: range,
    tile: bytes,
    header: dict[str, Any],
    metadata: dict[str, Any],
) -> Path:
    west, south, east, north = bounds
    with path.open("wb") as f:
        writer = Writer(f)
        for tile_id in _tiles(bounds, zooms):
            writer.write_tile(tile_id, tile)
        writer.finalize(
            {
                "min_lon_e7": int(west * 1e7),
                "min_lat_e7": int(south * 1e7),
                "max_lon_e7": int(east * 1e7),
                "max_lat_e7": int(north * 1e7),
                "center_zoom": zooms.start,
                "center_lon_e7": int((west + east) / 2 * 1e7),
                "center_lat_e7": int((south + north) / 2 * 1e7),
                **header,
            },
            {"attribution": ATTRIBUTION, "name": "test corridor", **metadata},
        )
    return path


def write_archive(
    path: Path,
    bounds: tuple[float, float, float, float],
    zooms: range = range(10, 15),
    rgb: tuple[int, int, int] = (255, 0, 255),
    tile_type: TileType = TileType.PNG,
) -> Path:
    """bounds = (west, south, east, north); every tile touching it at each zoom is written."""
    header = {"tile_type": tile_type, "tile_compression": Compression.NONE}
    return _write(path, bounds, zooms, solid_png(rgb), header, {})


# What every vector tile holds (tile coordinates, extent 4096, y down): the lake fills the tile.
VECTOR_LAYERS: dict[str, list[dict[str, Any]]] = {
    "water": [
        {"geometry": "POLYGON ((0 0, 0 4096, 4096 4096, 4096 0, 0 0))", "properties": {"kind": "lake"}}
    ],
    "roads": [
        {"geometry": "LINESTRING (0 600, 4096 600)", "properties": {"kind": "major_road"}},
        {"geometry": "LINESTRING (600 0, 600 4096)", "properties": {"kind": "path"}},
    ],
    "places": [{"geometry": "POINT (3000 3400)", "properties": {"name": "Testpampa", "kind": "locality"}}],
}


def write_vector_archive(
    path: Path,
    bounds: tuple[float, float, float, float],
    zooms: range = range(10, 15),
    layers: dict[str, list[dict[str, Any]]] | None = None,
) -> Path:
    """A vector (MVT) archive, its tiles gzip-compressed as `pmtiles extract` leaves them."""
    layers = VECTOR_LAYERS if layers is None else layers
    mvt = mapbox_vector_tile.encode(
        [{"name": name, "features": features} for name, features in layers.items()],
        default_options={"y_coord_down": True},
    )
    header = {"tile_type": TileType.MVT, "tile_compression": Compression.GZIP}
    metadata = {"vector_layers": [{"id": name, "fields": {}} for name in layers]}
    return _write(path, bounds, zooms, gzip.compress(mvt, mtime=0), header, metadata)


# Trek A's corridor with a margin (its line runs from about −13.11 to −13.29, −72.06 to −72.17).
TREK_A_BOUNDS = (-72.20, -13.31, -72.03, -13.09)

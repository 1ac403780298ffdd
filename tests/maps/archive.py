"""Small raster PMTiles archives for the tests, written with the ``pmtiles`` package's writer:
solid-colour PNG tiles over a box (the trek's corridor), at a few zoom levels."""

from __future__ import annotations

import math
from pathlib import Path

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


def write_archive(
    path: Path,
    bounds: tuple[float, float, float, float],
    zooms: range = range(10, 15),
    rgb: tuple[int, int, int] = (255, 0, 255),
    tile_type: TileType = TileType.PNG,
) -> Path:
    """bounds = (west, south, east, north); every tile touching it at each zoom is written."""
    west, south, east, north = bounds
    png = solid_png(rgb)
    tiles = []
    for z in zooms:
        x0, y0 = tile_xy(north, west, z)
        x1, y1 = tile_xy(south, east, z)
        tiles += [(zxy_to_tileid(z, x, y), (z, x, y)) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    with path.open("wb") as f:
        writer = Writer(f)
        for tile_id, _zxy in sorted(tiles):
            writer.write_tile(tile_id, png)
        writer.finalize(
            {
                "tile_type": tile_type,
                "tile_compression": Compression.NONE,
                "min_lon_e7": int(west * 1e7),
                "min_lat_e7": int(south * 1e7),
                "max_lon_e7": int(east * 1e7),
                "max_lat_e7": int(north * 1e7),
                "center_zoom": zooms.start,
                "center_lon_e7": int((west + east) / 2 * 1e7),
                "center_lat_e7": int((south + north) / 2 * 1e7),
            },
            {"attribution": ATTRIBUTION, "name": "test corridor"},
        )
    return path


# Trek A's corridor with a margin (its line runs from about −13.11 to −13.29, −72.06 to −72.17).
TREK_A_BOUNDS = (-72.20, -13.31, -72.03, -13.09)

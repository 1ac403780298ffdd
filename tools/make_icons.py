"""Draws the app icons (a white mountain with a pass on green) as PNGs, with only the
standard library, so the icons can be rebuilt and read: python tools/make_icons.py"""

import struct
import zlib
from pathlib import Path

GREEN = (20, 83, 45)
WHITE = (255, 255, 255)


def _png(size: int, pixels: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in pixels)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def draw(size: int, safe: float) -> bytes:
    """Two peaks and a saddle; ``safe`` shrinks the drawing into the maskable safe zone."""
    rows = []
    margin = size * (1 - safe) / 2
    inner = size * safe
    for y in range(size):
        row = bytearray()
        for x in range(size):
            u = (x - margin) / inner
            v = (y - margin) / inner
            ridge = min(abs(u - 0.32) * 1.6 + 0.22, abs(u - 0.70) * 1.5 + 0.30)
            inside = 0.0 <= u <= 1.0 and ridge <= v <= 0.82
            row += bytes(WHITE if inside else GREEN)
        rows.append(bytes(row))
    return _png(size, rows)


if __name__ == "__main__":
    here = Path(__file__).resolve().parents[1] / "static" / "icons"
    (here / "icon-192.png").write_bytes(draw(192, 0.9))
    (here / "icon-512.png").write_bytes(draw(512, 0.9))
    (here / "icon-maskable-512.png").write_bytes(draw(512, 0.6))

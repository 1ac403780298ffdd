"""A small map preview drawn by the server: the trek's current line and a recording over it,
so the organiser sees at a glance whether a sent recording follows the trek before applying
it. Plain SVG (no map library, no tiles): an equirectangular view of both lines' box."""

from __future__ import annotations

import math
from collections.abc import Sequence

WIDTH, HEIGHT, PAD = 320.0, 220.0, 8.0


def preview_svg(
    line: Sequence[tuple[float, float]], pieces: Sequence[Sequence[tuple[float, float]]], label: str
) -> str:
    """``line`` and each piece are (lat, lon) points; ``label`` is the SVG's accessible name."""
    points = [*line, *(p for piece in pieces for p in piece)]
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * kx, 1e-9)
    span_y = max(max(lats) - min(lats), 1e-9)
    scale = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)

    def path(pts: Sequence[tuple[float, float]]) -> str:
        return " ".join(
            f"{PAD + (lon - min(lons)) * kx * scale:.1f},{HEIGHT - PAD - (lat - min(lats)) * scale:.1f}"
            for lat, lon in pts
        )

    lines = [f'<polyline class="pv-line" points="{path(line)}"/>']
    lines += [f'<polyline class="pv-rec" points="{path(piece)}"/>' for piece in pieces if len(piece) > 1]
    title = label.replace("&", "&amp;").replace("<", "&lt;")
    return (
        f'<svg class="preview" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" role="img" aria-label="{title}">'
        + "".join(lines)
        + "</svg>"
    )

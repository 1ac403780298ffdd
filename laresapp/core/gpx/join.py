"""Step 4a of an import: the file's tracks (or routes) joined into the one line of the trek.

A trek is one walk, so the file's tracks (or routes) are joined in file order; a gap
between two GPS pieces is bridged by a straight line, as every GPS app does. When a file
has *both* routes and a recorded track, only the track is used: a ``<rte>`` beside a
recorded ``<trk>`` is almost always the plan of the same walk, and joining both would
walk it twice. The quality note says when routes were dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from laresapp.core.errors import RouteError
from laresapp.core.gpx.read import GpxPart, ParsedGpx
from laresapp.core.message import Msg
from laresapp.core.track.snap import TrackLine
from laresapp.core.trek_doc import TrackPoint


def _choose_parts(parsed: ParsedGpx) -> tuple[list[GpxPart], int]:
    tracks = [p for p in parsed.tracks if p.kind == "track"]
    routes = [p for p in parsed.tracks if p.kind == "route"]
    if tracks and routes and sum(p.point_count for p in tracks) >= 2:
        return tracks, len(routes)
    return list(parsed.tracks), 0


@dataclass(frozen=True)
class JoinedLine:
    """The file's parts joined into the one line of the trek."""

    parts: list[GpxPart]
    dropped_routes: int
    line: TrackLine
    part_end_m: list[float]
    """Along-track metres of each part's last point."""


def join_parts(parsed: ParsedGpx) -> JoinedLine:
    """The tracks (or routes) in file order as one line, repeated points dropped."""
    parts, dropped_routes = _choose_parts(parsed)
    points: list[TrackPoint] = []
    part_ends: list[int] = []  # index of each part's last point in ``points``
    for part in parts:
        for seg in part.segments:
            for p in seg:
                if not points or (p[0], p[1]) != (points[-1][0], points[-1][1]):
                    points.append(p)
        part_ends.append(len(points) - 1)
    if len(points) < 2:
        raise RouteError(
            f"the file has only one track point (at {points[0][0]:.5f}, {points[0][1]:.5f}): "
            "a trek needs a line of at least two points"
        )
    line = TrackLine(points)
    if line.length_m < 1.0:
        raise RouteError(Msg("all the track points are at the same place: there is no line to follow"))
    return JoinedLine(
        parts=parts,
        dropped_routes=dropped_routes,
        line=line,
        part_end_m=[line.distance_m[i] for i in part_ends],
    )

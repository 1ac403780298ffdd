"""Draw the sketch track of a bundled trek from its waypoints.

Run ``python tools/sketch.py laresapp/treks/data/lares-a.json`` to rewrite the
file's ``track`` in place; everything else in the file is kept as it is.

Why a sketch at all: no recorded GPS track of either Lares variant could be found,
only written descriptions with day distances and estimated positions. The app derives
every distance from the track, so the track must at least be as long as the days the
sources describe, or "12.9 km today" would show as 11 km. A straight line between the
estimated points is always too short (paths wind), so this script lengthens it in a
way anyone can read, rerun and replace:

* **Stage targets.** A stage's target length is its ``published_distance_km``; when
  the source gives none, the trek author's own split goes in the stage's extra key
  ``sketch_target_km`` (which :func:`laresapp.route.trek.parse_trek_doc` ignores). A
  stage with neither is drawn straight. A stage runs from the previous stage's
  ``end_waypoint`` (or the first waypoint) to its own ``end_waypoint``.
* **Legs.** The target is shared among the stage's legs (waypoint to waypoint) in
  proportion to their straight-line lengths, so no leg is bent much more than another
  and no waypoint is pulled towards its neighbour.
* **Shape.** Each leg is the straight chord plus a sideways sine offset that is zero
  at both ends, so the line passes exactly through every waypoint, in order. The
  number of half-waves grows with the chord (one per :data:`HALF_WAVE_M`), so a long,
  much-lengthened leg winds like a valley path instead of bulging kilometres off
  line. The amplitude is found by bisection: the length grows monotonically with it.
* **Spacing.** Points are spread at equal distances along the curve, about
  :data:`SPACING_M` apart, so the app's per-point work and the file stay small.
  The bisection measures the final rounded points with the app's own haversine, so
  the length the app computes is the length that was aimed for.
* **Elevation.** Cosine-eased between consecutive waypoints' elevations: flat at each
  waypoint and steepest midway, like a path levelling off at a pass or a valley
  floor, and never overshooting either end. Missing waypoint elevations are filled
  linearly from their neighbours along the line.

No randomness: the same file always gives the same track, so the committed track can
be checked by rerunning the script (the tests do).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import EARTH_RADIUS_M, haversine_m, track_length_m
from laresapp.core.trek_doc import parse_trek_doc

SPACING_M = 50.0
"""Aimed distance between track points: fine enough for the profile, small files."""
HALF_WAVE_M = 900.0
"""Chord length per half-wave of the meander (one bend each way every ~1.8 km)."""
DENSE_PER_POINT = 16
"""Curve samples per output point when measuring arc length for equal spacing."""
BISECTION_STEPS = 60
POINTS_PER_LINE = 5

Point = tuple[float, float, float | None]
"""(lat_deg, lon_deg, elevation_m or None)."""


def _round_point(lat: float, lon: float) -> tuple[float, float]:
    return round(lat, 5), round(lon, 5)


class _Leg:
    """One waypoint-to-waypoint piece of the line, in a local flat projection.

    A local equirectangular projection is exact enough over a few kilometres, and
    the lengths that matter are measured with haversine on the output anyway.
    """

    def __init__(self, a: tuple[float, float], b: tuple[float, float], target_m: float) -> None:
        self.a = _round_point(*a)
        self.b = _round_point(*b)
        self.m_per_deg_lat = math.radians(1.0) * EARTH_RADIUS_M
        self.m_per_deg_lon = self.m_per_deg_lat * math.cos(math.radians(self.a[0]))
        self.dx = (self.b[1] - self.a[1]) * self.m_per_deg_lon
        self.dy = (self.b[0] - self.a[0]) * self.m_per_deg_lat
        self.chord_m = math.hypot(self.dx, self.dy)
        self.target_m = target_m
        self.half_waves = max(1, round(self.chord_m / HALF_WAVE_M))
        self.n = max(1, math.ceil(max(target_m, self.chord_m) / SPACING_M))

    def _xy(self, t: float, amplitude_m: float) -> tuple[float, float]:
        """Position at parameter t (0..1): chord plus sideways sine offset."""
        off = amplitude_m * math.sin(self.half_waves * math.pi * t)
        if self.chord_m == 0.0:
            return 0.0, 0.0
        nx, ny = -self.dy / self.chord_m, self.dx / self.chord_m
        return self.dx * t + nx * off, self.dy * t + ny * off

    def _latlon(self, x: float, y: float) -> tuple[float, float]:
        return _round_point(self.a[0] + y / self.m_per_deg_lat, self.a[1] + x / self.m_per_deg_lon)

    def points(self, amplitude_m: float) -> list[tuple[float, float]]:
        """n+1 rounded points at equal arc length, ends exactly on the waypoints."""
        dense = self.n * DENSE_PER_POINT
        xy = [self._xy(j / dense, amplitude_m) for j in range(dense + 1)]
        cum = [0.0]
        for (x0, y0), (x1, y1) in itertools.pairwise(xy):
            cum.append(cum[-1] + math.hypot(x1 - x0, y1 - y0))
        total = cum[-1]
        out = [self.a]
        j = 0
        for k in range(1, self.n):
            s = total * k / self.n
            while cum[j + 1] < s:
                j += 1
            span = cum[j + 1] - cum[j]
            f = 0.0 if span == 0.0 else (s - cum[j]) / span
            out.append(self._latlon(*self._xy((j + f) / dense, amplitude_m)))
        out.append(self.b)
        return out

    def solve(self) -> list[tuple[float, float]]:
        """The points whose haversine length matches the leg's target."""
        if self.target_m <= self.chord_m or self.chord_m < 1.0:
            return self.points(0.0)
        lo, hi = 0.0, max(self.chord_m, 100.0)
        while track_length_m(self.points(hi)) < self.target_m:
            hi *= 2.0
            if hi > 1e6:
                raise RouteError("cannot lengthen a leg that much")
        for _ in range(BISECTION_STEPS):
            mid = (lo + hi) / 2.0
            if track_length_m(self.points(mid)) < self.target_m:
                lo = mid
            else:
                hi = mid
        return self.points((lo + hi) / 2.0)


def _fill_elevations(waypoints: Sequence[dict[str, Any]]) -> list[float | None]:
    """Waypoint elevations with gaps filled linearly along the straight line."""
    pos = [0.0]
    for w0, w1 in itertools.pairwise(waypoints):
        pos.append(pos[-1] + haversine_m(w0["lat"], w0["lon"], w1["lat"], w1["lon"]))
    raw: list[float | None] = [
        None if w.get("elevation_m") is None else float(w["elevation_m"]) for w in waypoints
    ]
    known = [i for i, e in enumerate(raw) if e is not None]
    if not known:
        return raw
    out: list[float | None] = []
    for i, e in enumerate(raw):
        if e is not None:
            out.append(e)
            continue
        before = [k for k in known if k < i]
        after = [k for k in known if k > i]
        if not before or not after:
            near = before[-1] if before else after[0]
            out.append(raw[near])
            continue
        k0, k1 = before[-1], after[0]
        e0, e1 = raw[k0], raw[k1]
        assert e0 is not None and e1 is not None
        span = pos[k1] - pos[k0]
        f = 0.0 if span == 0.0 else (pos[i] - pos[k0]) / span
        out.append(e0 + (e1 - e0) * f)
    return out


def stage_target_m(stage: dict[str, Any]) -> float | None:
    """The length a stage's sketch must have: published, else the author's split."""
    for key in ("published_distance_km", "sketch_target_km"):
        value = stage.get(key)
        if value is not None:
            return float(value) * 1000.0
    return None


def stage_bounds(doc: dict[str, Any]) -> list[tuple[int, int]]:
    """(first, last) waypoint index of each stage; stages must tile the waypoints."""
    index = {w["slug"]: i for i, w in enumerate(doc["waypoints"])}
    bounds: list[tuple[int, int]] = []
    start = 0
    for stage in doc["stages"]:
        end = index.get(stage["end_waypoint"])
        if end is None or end <= start:
            raise RouteError(
                f"stage {stage['number']}: end_waypoint must be a waypoint after the stage start"
            )
        bounds.append((start, end))
        start = end
    if start != len(doc["waypoints"]) - 1:
        raise RouteError("the last stage must end at the last waypoint")
    return bounds


def sketch_track(doc: dict[str, Any]) -> list[list[float | None]]:
    """The sketch track of a decoded trek document, as JSON-ready [lat, lon, ele] rows."""
    waypoints: list[dict[str, Any]] = doc["waypoints"]
    elevations = _fill_elevations(waypoints)
    out: list[list[float | None]] = []
    for stage, (first, last) in zip(doc["stages"], stage_bounds(doc), strict=True):
        legs = [
            _Leg(
                (waypoints[i]["lat"], waypoints[i]["lon"]),
                (waypoints[i + 1]["lat"], waypoints[i + 1]["lon"]),
                0.0,
            )
            for i in range(first, last)
        ]
        chord_total = sum(leg.chord_m for leg in legs)
        target = stage_target_m(stage)
        for offset, leg in enumerate(legs):
            i = first + offset
            share = 0.0 if chord_total == 0.0 else leg.chord_m / chord_total
            leg_target = leg.chord_m if target is None else target * share
            leg = _Leg(leg.a, leg.b, leg_target)
            pts = leg.solve()
            e0, e1 = elevations[i], elevations[i + 1]
            for k, (lat, lon) in enumerate(pts):
                if out and k == 0:
                    continue  # the previous leg already ends on this waypoint
                ele: float | None = None
                if e0 is not None and e1 is not None:
                    s = k / (len(pts) - 1)
                    ele = round(e0 + (e1 - e0) * (1.0 - math.cos(math.pi * s)) / 2.0, 1)
                out.append([lat, lon, ele])
    return out


def dumps_trek(doc: dict[str, Any]) -> str:
    """The document as text: readable indented JSON, with the track kept compact."""
    marker = "\u0000TRACK_POINTS\u0000"
    points: list[list[float | None]] = doc["track"]["points"]
    shell = dict(doc)
    shell["track"] = {**doc["track"], "points": marker}
    text = json.dumps(shell, indent=1, ensure_ascii=False)
    rows = [json.dumps(p, separators=(",", ":")) for p in points]
    lines = [",".join(rows[i : i + POINTS_PER_LINE]) for i in range(0, len(rows), POINTS_PER_LINE)]
    compact = "[\n" + ",\n".join(lines) + "\n]"
    return text.replace(json.dumps(marker), compact) + "\n"


def rewrite_file(path: Path) -> int:
    """Redraw the track of one trek file in place; return the number of points."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise RouteError(f"{path}: not a trek document")
    doc.setdefault("track", {})
    doc["track"]["points"] = sketch_track(doc)
    parse_trek_doc(doc)  # refuse to write a file the app would refuse to load
    path.write_text(dumps_trek(doc), encoding="utf-8")
    return len(doc["track"]["points"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("paths", nargs="+", type=Path, help="trek JSON files to rewrite")
    args = parser.parse_args(argv)
    for path in args.paths:
        try:
            n = rewrite_file(path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 1
        print(f"{path}: {n} track points")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Test oracles: Python twins of rules that only the phone runs, and direct definitions.

Why here and not in ``laresapp/``: nothing in the app calls these. They exist so that the
tests (and ``tools/make_where_vectors.py``) can state what the numbers must be:

* "where am I" — the rules ``static/js/where.js`` applies on the phone, in Python, to
  generate and check the shared vectors ``tests/vectors/where.json``. The original
  description of those rules follows.
* ``high_point_m`` / ``low_point_m`` — a section's extremes by the definition, to check
  :func:`laresapp.core.track.timing.section_summary`'s one-pass numbers.

"Where am I": from one GPS fix to the distance, climb and time to what lies ahead.

The phone does this offline in ``static/js/where.js`` from the compact profile
below; this Python twin renders the same numbers on the server and generates the
shared test vectors (``tests/vectors/where.json``) that keep the two in step.

Off route: a fix is off route when it is farther from the track than
2 × (30 m + reported accuracy), the rule OsmAnd uses for route recalculation
(OsmAnd ``RoutingHelper``: ``2 * (POSITION_TOLERANCE + accuracy)``, tolerance 30 m).
A single fix is only a verdict; :class:`OffRouteMonitor` raises the alarm only
after :data:`CONFIRM_FIXES` consecutive off-route verdicts, so one wild fix (a
reflection off a cliff, a cold start) never tells a hiker they are lost.

No fix: a fix is refused, with :class:`NoFixError` and one of these codes, rather
than turned into confident numbers:

* ``"bad_position"`` — latitude or longitude missing, NaN, infinite or out of range;
* ``"no_accuracy"`` — the accuracy is missing, NaN, infinite or negative;
* ``"too_inaccurate"`` — accuracy worse than :data:`MAX_ACCURACY_M` (a cell-tower
  or cold-start guess that could put the hiker in the wrong valley).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import valid_position
from laresapp.core.track.profile import Profile, ascent_descent_m, section_m
from laresapp.core.track.snap import TrackLine, snap_to_track
from laresapp.core.track.timing import walking_time_s
from laresapp.core.track.where import COMPACT_VERSION, PlacedStage, PlacedWaypoint
from laresapp.core.trek_doc import StageDoc, WaypointDoc

AHEAD_KINDS: tuple[str, ...] = ("pass", "junction", "campsite", "water")
AT_TOLERANCE_M = 25.0
"""A waypoint this far behind still counts as ahead (0 m away): standing at the pass."""
OFF_ROUTE_BASE_M = 30.0
MAX_ACCURACY_M = 500.0
CONFIRM_FIXES = 2


class NoFixError(RouteError):
    """A fix too poor to place the hiker; ``code`` says why (see module docstring)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Ahead:
    kind: str
    slug: str
    name: str
    distance_m: float
    ascent_m: float | None
    descent_m: float | None
    time_s: float
    advice: str | None


@dataclass
class WhereResult:
    along_m: float
    offset_m: float
    stage_number: int | None
    stage_progress: float | None
    ahead: list[Ahead]
    off_route: bool
    bearing_to_track_deg: float


def check_fix(lat_deg: float | None, lon_deg: float | None, accuracy_m: float | None) -> str | None:
    """The no-fix code for a fix, or None when it is good enough to use."""
    if lat_deg is None or lon_deg is None or not valid_position(lat_deg, lon_deg):
        return "bad_position"
    if accuracy_m is None or not math.isfinite(accuracy_m) or accuracy_m < 0:
        return "no_accuracy"
    if accuracy_m > MAX_ACCURACY_M:
        return "too_inaccurate"
    return None


def off_route_threshold_m(accuracy_m: float) -> float:
    return 2.0 * (OFF_ROUTE_BASE_M + accuracy_m)


def current_stage(stages: Sequence[PlacedStage], along_m: float) -> PlacedStage | None:
    """The stage being walked; the very end of the track belongs to the last stage."""
    for s in stages:
        if s.start_m <= along_m < s.end_m:
            return s
    for s in reversed(stages):
        if s.start_m <= along_m <= s.end_m:
            return s
    return None


def where_am_i(
    profile: Profile,
    waypoints: Sequence[PlacedWaypoint],
    stages: Sequence[PlacedStage],
    lat_deg: float,
    lon_deg: float,
    accuracy_m: float | None,
    *,
    hint_along_m: float | None = None,
    pace_factor: float = 1.0,
) -> WhereResult:
    if not (math.isfinite(pace_factor) and pace_factor > 0):
        raise RouteError("The pace factor must be a positive number.")
    code = check_fix(lat_deg, lon_deg, accuracy_m)
    if code is not None or accuracy_m is None:
        raise NoFixError(code or "no_accuracy", "Waiting for a usable GPS position.")
    snap = snap_to_track(profile, lat_deg, lon_deg, hint_along_m=hint_along_m)
    along = snap.along_m
    ahead: list[Ahead] = []
    ordered = sorted(waypoints, key=lambda w: w.along_m)
    for kind in AHEAD_KINDS:
        wp = next((w for w in ordered if w.type == kind and w.along_m > along - AT_TOLERANCE_M), None)
        if wp is not None:
            ahead.append(_ahead(profile, kind, wp.slug, wp.name, wp.advice, along, wp.along_m, pace_factor))
    stage = current_stage(stages, along)
    progress: float | None = None
    if stage is not None:
        span = stage.end_m - stage.start_m
        progress = 1.0 if span <= 0 else min(max((along - stage.start_m) / span, 0.0), 1.0)
        ahead.append(
            _ahead(
                profile,
                "stage_end",
                f"stage-{stage.number}-end",
                f"End of stage {stage.number}",
                None,
                along,
                stage.end_m,
                pace_factor,
            )
        )
    ahead.sort(key=lambda a: a.distance_m)
    return WhereResult(
        along_m=along,
        offset_m=snap.offset_m,
        stage_number=None if stage is None else stage.number,
        stage_progress=progress,
        ahead=ahead,
        off_route=snap.offset_m > off_route_threshold_m(accuracy_m),
        bearing_to_track_deg=snap.bearing_to_track_deg,
    )


def _ahead(
    profile: Profile,
    kind: str,
    slug: str,
    name: str,
    advice: str | None,
    from_m: float,
    to_m: float,
    pace_factor: float,
) -> Ahead:
    end = max(from_m, to_m)
    updown = ascent_descent_m(profile, from_m, end)
    return Ahead(
        kind=kind,
        slug=slug,
        name=name,
        distance_m=end - from_m,
        ascent_m=None if updown is None else updown[0],
        descent_m=None if updown is None else updown[1],
        time_s=walking_time_s(profile, from_m, end, pace_factor),
        advice=advice,
    )


class OffRouteMonitor:
    """Turns single-fix verdicts into an alarm that one bad fix cannot trigger.

    ``update(True)`` counts an off-route fix, ``update(False)`` clears the count
    and the alarm, ``update(None)`` (no usable fix) changes nothing.
    """

    def __init__(self, confirm_fixes: int = CONFIRM_FIXES) -> None:
        if confirm_fixes < 1:
            raise RouteError("Confirmation needs at least one fix.")
        self.confirm_fixes = confirm_fixes
        self.count = 0

    @property
    def alarm(self) -> bool:
        return self.count >= self.confirm_fixes

    def update(self, off_route: bool | None) -> bool:
        if off_route is True:
            self.count += 1
        elif off_route is False:
            self.count = 0
        return self.alarm


def place_waypoints(profile: Profile, docs: Sequence[WaypointDoc]) -> list[PlacedWaypoint]:
    """Put waypoints, listed in walking order, on the track (``TrackLine.in_order``)."""
    snaps = TrackLine.of(profile).in_order((w.lat, w.lon) for w in docs)
    return [
        PlacedWaypoint(w.slug, w.name, w.type, s.along_m, w.stage, w.advice)
        for w, s in zip(docs, snaps, strict=True)
    ]


def place_stages(
    profile: Profile, docs: Sequence[StageDoc], waypoints: Sequence[PlacedWaypoint]
) -> list[PlacedStage]:
    """Stages run end to end from the start of the track to their end waypoints."""
    by_slug = {w.slug: w.along_m for w in waypoints}
    out: list[PlacedStage] = []
    start = 0.0
    for i, s in enumerate(docs):
        end = profile.length_m if i == len(docs) - 1 else by_slug[s.end_waypoint]
        out.append(PlacedStage(s.number, start, max(start, end)))
        start = max(start, end)
    return out


def profile_from_compact(
    data: dict[str, Any],
) -> tuple[Profile, list[PlacedWaypoint], list[PlacedStage]]:
    """Read back a compact profile exactly as the phone sees it (rounded values)."""
    try:
        return _from_compact(data)
    except (KeyError, IndexError, TypeError, ValueError) as e:
        if isinstance(e, RouteError):
            raise
        raise RouteError("The track profile is damaged; download it again.") from e


def _from_compact(data: dict[str, Any]) -> tuple[Profile, list[PlacedWaypoint], list[PlacedStage]]:
    if data.get("v") != COMPACT_VERSION:
        raise RouteError("This track profile has a version the app does not know.")
    pts = data["points"]
    if len(pts) < 2:
        raise RouteError("The track needs at least two points.")
    dist = [float(p[3]) for p in pts]
    if _decreasing(dist):
        raise RouteError("The distances along the track go backwards.")
    ele = [float(p[2]) for p in pts] if data["has_elevation"] else None
    profile = Profile(
        lat_deg=[float(p[0]) for p in pts],
        lon_deg=[float(p[1]) for p in pts],
        distance_m=dist,
        elevation_m=ele,
        raw_elevation_m=list(ele) if ele is not None else [None] * len(pts),
    )
    wps = [
        PlacedWaypoint(w["slug"], w["name"], w["type"], float(w["along_m"]), int(w["stage"]), w.get("advice"))
        for w in data["waypoints"]
    ]
    stages = [PlacedStage(int(s["number"]), float(s["start_m"]), float(s["end_m"])) for s in data["stages"]]
    return profile, wps, stages


def _decreasing(values: list[float]) -> bool:
    return any(b < a for a, b in zip(values, values[1:], strict=False))


def high_point_m(profile: Profile, start_m: float, end_m: float) -> float | None:
    """Highest smoothed elevation of a section, metres; None without elevation."""
    _, elev = section_m(profile, start_m, end_m)
    return max(elev) if elev else None


def low_point_m(profile: Profile, start_m: float, end_m: float) -> float | None:
    """Lowest smoothed elevation of a section, metres; None without elevation."""
    _, elev = section_m(profile, start_m, end_m)
    return min(elev) if elev else None

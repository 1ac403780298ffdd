"""A hike's own recording: which GPS fixes to keep, how far and how long the party walked,
and how fast compared with the hiking-time model.

One set of rules, twinned in ``static/js/recording.js`` (the phone records and sums as it
walks; the server checks a recording a party sends) and kept in agreement by
``tests/vectors/recording.json``. Why these rules:

* **Keep what says something.** A fix worse than :data:`MAX_FIX_ACCURACY_M` is dropped; a
  fix closer to the last kept one than :data:`MIN_STEP_M` (or than its own accuracy: a
  move smaller than the GPS's own uncertainty is not a move) is dropped too, so standing
  at a viewpoint does not pile up points, except one every :data:`HEARTBEAT_S` that says
  the phone was still recording.
* **Gaps stay gaps.** Two kept fixes more than :data:`GAP_S` apart, or in different
  recording sessions (the app was closed or hidden), are in different segments; nothing is
  summed or drawn across a gap.
* **Not walking is not walking.** A step faster than :data:`MAX_WALK_SPEED_M_S`
  (10.8 km/h: a car, a horse at a trot, a GPS jump) counts for neither distance nor time.
  A step slower than :data:`MOVING_SPEED_M_S` is a stop: its distance counts, its time
  is not moving time.
* **Climb through the noise.** GPS heights wander by metres from fix to fix; climb and
  descent count only changes beyond :data:`CLIMB_HYSTERESIS_M` from the last turning point.
* **Pace against the model** (:func:`measured_pace`): the moving steps are grouped into
  stretches of at least :data:`PACE_STRETCH_M`, so a slope is measured over a distance the
  GPS height can resolve; each stretch's moving time is compared with Tobler's time for its
  length and slope. Below :data:`PACE_TRUST_MODEL_S` of modelled walking the figure is
  shown as not yet to be trusted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from laresapp.core.track.geometry import haversine_m
from laresapp.core.track.timing import tobler_speed_m_s

MAX_FIX_ACCURACY_M = 50.0
MIN_STEP_M = 10.0
HEARTBEAT_S = 120.0
GAP_S = 300.0
MAX_WALK_SPEED_M_S = 3.0
MOVING_SPEED_M_S = 0.25
CLIMB_HYSTERESIS_M = 5.0
PACE_STRETCH_M = 200.0
PACE_TRUST_MODEL_S = 1800.0


@dataclass(frozen=True)
class Fix:
    """One kept GPS fix: time in seconds since the epoch, position, accuracy, elevation,
    and the recording session it was taken in."""

    t_s: float
    lat: float
    lon: float
    accuracy_m: float
    elevation_m: float | None = None
    session: int = 0


@dataclass(frozen=True)
class WalkSummary:
    distance_m: float
    ascent_m: float | None
    descent_m: float | None
    moving_time_s: float
    elapsed_time_s: float
    segments: int
    fixes: int


@dataclass(frozen=True)
class Pace:
    """Measured time over the model's time for the same stretches (1.5 = 50 % slower)."""

    factor: float | None
    model_time_s: float
    moving_time_s: float
    trusted: bool


def keep_fix(last: Fix | None, fix: Fix) -> bool:
    """Whether a new fix is worth storing after ``last`` (the last one kept)."""
    if not math.isfinite(fix.accuracy_m) or fix.accuracy_m > MAX_FIX_ACCURACY_M:
        return False
    if last is None or last.session != fix.session:
        return True
    if fix.t_s - last.t_s >= HEARTBEAT_S:
        return True
    moved = haversine_m(last.lat, last.lon, fix.lat, fix.lon)
    return moved >= max(MIN_STEP_M, fix.accuracy_m)


def segments(fixes: Sequence[Fix]) -> list[list[Fix]]:
    """The kept fixes cut at every gap: a new session, or more than :data:`GAP_S` apart."""
    out: list[list[Fix]] = []
    for fix in fixes:
        if out and fix.session == out[-1][-1].session and 0 <= fix.t_s - out[-1][-1].t_s <= GAP_S:
            out[-1].append(fix)
        else:
            out.append([fix])
    return out


def _step(a: Fix, b: Fix) -> tuple[float, float, bool]:
    """Distance, seconds, and whether the step is walking at all (not too fast)."""
    dist = haversine_m(a.lat, a.lon, b.lat, b.lon)
    dt = b.t_s - a.t_s
    walking = dt > 0 and dist / dt <= MAX_WALK_SPEED_M_S
    return dist, dt, walking


def _climb(elevations: Sequence[float]) -> tuple[float, float]:
    """Ascent and descent with a hysteresis: only moves beyond the threshold count."""
    up = down = 0.0
    anchor = elevations[0]
    for e in elevations[1:]:
        if e - anchor >= CLIMB_HYSTERESIS_M:
            up += e - anchor
            anchor = e
        elif anchor - e >= CLIMB_HYSTERESIS_M:
            down += anchor - e
            anchor = e
    return up, down


def summarise(fixes: Sequence[Fix]) -> WalkSummary:
    """How far, how much climb and how long the recording walked (see the module rules)."""
    distance = moving = elapsed = 0.0
    ascent = descent = 0.0
    has_elevation = bool(fixes) and all(f.elevation_m is not None for f in fixes)
    segs = segments(fixes)
    for seg in segs:
        elapsed += seg[-1].t_s - seg[0].t_s
        for a, b in zip(seg, seg[1:], strict=False):
            dist, dt, walking = _step(a, b)
            if not walking:
                continue
            distance += dist
            if dist / dt >= MOVING_SPEED_M_S:
                moving += dt
        if has_elevation:
            up, down = _climb([f.elevation_m for f in seg if f.elevation_m is not None])
            ascent += up
            descent += down
    return WalkSummary(
        distance_m=distance,
        ascent_m=ascent if has_elevation else None,
        descent_m=descent if has_elevation else None,
        moving_time_s=moving,
        elapsed_time_s=elapsed,
        segments=len(segs),
        fixes=len(fixes),
    )


def measured_pace(fixes: Sequence[Fix]) -> Pace:
    """The party's pace factor against Tobler's model, from moving stretches only."""
    model = actual = 0.0
    for seg in segments(fixes):
        run = rise = spent = 0.0
        start_ele = seg[0].elevation_m
        for a, b in zip(seg, seg[1:], strict=False):
            dist, dt, walking = _step(a, b)
            if not walking or dist / dt < MOVING_SPEED_M_S:
                start_ele = b.elevation_m
                run = rise = spent = 0.0  # a stretch is continuous walking
                continue
            run += dist
            spent += dt
            if start_ele is not None and b.elevation_m is not None:
                rise = b.elevation_m - start_ele
            if run >= PACE_STRETCH_M:
                model += run / tobler_speed_m_s(rise / run)
                actual += spent
                start_ele = b.elevation_m
                run = rise = spent = 0.0
    factor = actual / model if model > 0 else None
    return Pace(factor=factor, model_time_s=model, moving_time_s=actual, trusted=model >= PACE_TRUST_MODEL_S)


def back_to_route(fixes: Sequence[Fix], offsets_m: Sequence[float], threshold_m: float) -> int | None:
    """Index of the last fix that was within ``threshold_m`` of the trek's line.

    ``offsets_m[i]`` is fix ``i``'s distance from the line (measured by the caller with the
    trek's one nearest-point search). ``None`` when the recording never was near it."""
    for i in range(min(len(fixes), len(offsets_m)) - 1, -1, -1):
        if offsets_m[i] <= threshold_m:
            return i
    return None

"""The one hiking-time model: Tobler's hiking function on the smoothed profile.

One model everywhere (stage table, planner, the phone's "time to the pass") so that
a hiker never sees two different times for the same stretch. Tobler (1993) fits
observed walking speeds to the slope and is published, simple and easy to
reproduce in JavaScript; its peak of 6 km/h at a 5 % descent and about 5 km/h on
the flat are close to what a loaded hiker manages at moderate altitude, and
``pace_factor`` lets a slower group scale it honestly.

Slopes are capped at ±:data:`MAX_SLOPE`: after ±100 m smoothing a steeper slope
on a hiking trail is almost always a glitch (a jump in the elevation data, or
points that nearly coincide), and Tobler's exponential would turn it into hours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from laresapp.core.errors import RouteError
from laresapp.core.message import Msg
from laresapp.core.track.profile import Profile, section_m

TOBLER_MAX_SPEED_KMH = 6.0
TOBLER_SLOPE_FACTOR = 3.5
TOBLER_SLOPE_OFFSET = 0.05
MAX_SLOPE = 0.5
"""Steepest rise (or fall) per metre the model believes: 50 %, about 27°."""

MODEL_DESCRIPTION = Msg(
    "Walking times use Tobler's hiking function (about 5 km/h on the flat, slower on "
    "climbs and steep descents), without breaks."
)


def tobler_speed_m_s(slope: float) -> float:
    """Walking speed, metres per second, on a slope given as rise over run."""
    s = min(max(slope, -MAX_SLOPE), MAX_SLOPE)
    kmh = TOBLER_MAX_SPEED_KMH * math.exp(-TOBLER_SLOPE_FACTOR * abs(s + TOBLER_SLOPE_OFFSET))
    return kmh / 3.6


def walking_time_s(profile: Profile, start_m: float, end_m: float, pace_factor: float = 1.0) -> float:
    """Time to walk a section, seconds, without breaks; pace_factor 1.5 = 50 % slower.

    Each segment of the smoothed profile is walked at Tobler's speed for its slope;
    a track without elevation is treated as flat.
    """
    if not (math.isfinite(pace_factor) and pace_factor > 0):
        raise RouteError("The pace factor must be a positive number.")
    dist, elev = section_m(profile, start_m, end_m)
    if not dist:
        a = min(max(start_m, 0.0), profile.length_m)
        b = min(max(end_m, 0.0), profile.length_m)
        return (b - a) / tobler_speed_m_s(0.0) * pace_factor
    total = 0.0
    for i in range(len(dist) - 1):
        run = dist[i + 1] - dist[i]
        if run <= 0:
            continue
        total += run / tobler_speed_m_s((elev[i + 1] - elev[i]) / run)
    return total * pace_factor


@dataclass(frozen=True)
class SectionSummary:
    """The numbers stored for a trek or a stage: climb, descent, high, low, time."""

    ascent_m: float | None
    descent_m: float | None
    high_point_m: float | None
    low_point_m: float | None
    walking_time_s: float


def section_summary(
    profile: Profile, start_m: float, end_m: float, pace_factor: float = 1.0
) -> SectionSummary:
    """:func:`~.profile.ascent_descent_m`, high and low point and :func:`walking_time_s`
    of one section, in one walk over it.

    Why: storing a 100,000-point trek asked for each of these separately for the whole
    track and for every stage, sectioning and walking the track seven times. The same
    sums are taken in the same order over the same section, so the numbers are exactly
    (bit for bit) those of the separate functions.
    """
    if not (math.isfinite(pace_factor) and pace_factor > 0):
        raise RouteError("The pace factor must be a positive number.")
    dist, elev = section_m(profile, start_m, end_m)
    if not elev:
        return SectionSummary(None, None, None, None, walking_time_s(profile, start_m, end_m, pace_factor))
    up = down = 0.0
    total = 0.0
    exp = math.exp
    for i in range(len(dist) - 1):
        e0 = elev[i]
        e1 = elev[i + 1]
        if e1 > e0:
            up += e1 - e0
        else:
            down += e0 - e1
        run = dist[i + 1] - dist[i]
        if run <= 0:
            continue
        # tobler_speed_m_s, written out: a call per segment was a third of the cost.
        slope = min(max((e1 - e0) / run, -MAX_SLOPE), MAX_SLOPE)
        kmh = TOBLER_MAX_SPEED_KMH * exp(-TOBLER_SLOPE_FACTOR * abs(slope + TOBLER_SLOPE_OFFSET))
        total += run / (kmh / 3.6)
    return SectionSummary(up, down, max(elev), min(elev), total * pace_factor)

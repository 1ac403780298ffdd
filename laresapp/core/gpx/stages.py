"""Step 4b of an import: where the days end, and which waypoint ends each of them.

* **Stages.** An organiser's explicit ``split_at_km`` wins; else a file with several
  tracks is read as one track per day (how phones and exports write multi-day trips);
  else campsite waypoints lying on the line end the days; else it is one stage. A piece
  shorter than :data:`MIN_STAGE_M` never makes a day of its own: a GPS that restarts
  mid-walk leaves such stubs ("ACTIVE LOG #4", two points).
* **Stage ends are waypoints** (the trek format requires it): an existing waypoint on
  the line near the boundary is reused, otherwise one is created ("End of day 1",
  a campsite; "End of the trek" at the end). A "Start" is created when no waypoint
  marks the beginning, because the first waypoint is where stage 1 starts.
* **Walking order** (:func:`assign_stages`) is the one rule import and merge share.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from laresapp.core.errors import RouteError
from laresapp.core.gpx.join import JoinedLine
from laresapp.core.gpx.read import GpxPart
from laresapp.core.gpx.wording import FINAL_END_NAME, START_NAME, strip_day_prefix
from laresapp.core.message import Km, Msg, Num
from laresapp.core.track.snap import Projection, TrackLine

MIN_STAGE_M = 500.0
"""A stage shorter than this is a GPS restart or a duplicate end, not a day's walk."""


SAME_DAY_GAP_S = 6 * 3600.0
"""Two timed file parts closer than this in time belong to the same day."""


_FINAL_END_TYPES = ("trailhead", "town", "transport", "road", "village")


def spaced_boundaries(candidates: Sequence[float], total_m: float) -> list[float]:
    """Keep boundaries that leave every stage at least :data:`MIN_STAGE_M` long."""
    kept: list[float] = []
    for b in sorted(candidates):
        prev = kept[-1] if kept else 0.0
        if b - prev >= MIN_STAGE_M and total_m - b >= MIN_STAGE_M:
            kept.append(b)
    return kept


@dataclass
class Placed:
    """A waypoint being built, with where it meets the line."""

    name: str
    type: str
    proj: Projection
    lat: float
    lon: float
    elevation_m: float | None
    notes: str
    advice: str | None
    order: float  # file order, for ties at the same along-track position
    slug: str = ""
    stage: int = 0


def assign_stages(
    along_m: Sequence[float], tie: Sequence[float], end_ids: Sequence[int]
) -> list[tuple[int, int]]:
    """Waypoints in walking order, each with its stage number: ``(index, stage)`` pairs.

    The one rule for import and merge: waypoints sort by along-track metres (``tie``,
    usually file order, breaks ties); stage ``s`` ends at waypoint ``end_ids[s - 1]``,
    and every waypoint after one stage's end belongs to the next stage. Storage then
    checks each stored waypoint against its stage's range (``store_trek``).
    """
    ordered = sorted(range(len(along_m)), key=lambda k: (along_m[k], tie[k]))
    end_of = {k: s for s, k in enumerate(end_ids, start=1)}
    n_stages = len(end_ids)
    stage = 1
    out: list[tuple[int, int]] = []
    for k in ordered:
        closes = end_of.get(k)
        out.append((k, closes if closes is not None else min(stage, n_stages)))
        if closes is not None:
            stage = closes + 1
    return out


@dataclass(frozen=True)
class StageEnds:
    """The waypoints (file ones and created ones) and which of them end the stages."""

    placed: list[Placed]
    end_ids: list[int]
    titles: list[str] | None


def stage_boundaries(
    joined: JoinedLine, placed: list[Placed], split_at_km: list[float] | None, off: float
) -> tuple[list[float], list[str] | None]:
    """Along-track metres where stages end (the last is the line's end), and titles."""
    total_m = joined.line.length_m
    parts = joined.parts
    titles: list[str] | None = None
    if split_at_km is not None:
        targets = _check_splits(split_at_km, total_m)
    elif len(parts) > 1 and (day_ends := _day_ends(parts, joined.part_end_m)):
        targets = spaced_boundaries(day_ends, total_m)
        titles = _titles_for(parts, joined.part_end_m, targets, total_m)
    else:
        camps = [p.proj.along_m for p in placed if p.type == "campsite" and p.proj.offset_m <= off]
        targets = spaced_boundaries(camps, total_m)
    return [*targets, total_m], titles


def choose_stage_ends(
    placed: list[Placed], targets: list[float], line: TrackLine, off: float, titles: list[str] | None
) -> StageEnds:
    """A waypoint for the start and for each stage's end: reused near the spot, else new.

    ``placed`` gains the created waypoints ("Start", "End of day 1", …)."""
    total_m = line.length_m

    def near(along_m: float, exclude: set[int]) -> list[int]:
        return [
            k
            for k, p in enumerate(placed)
            if k not in exclude and p.proj.offset_m <= off and abs(p.proj.along_m - along_m) <= off
        ]

    used: set[int] = set()
    start_candidates = [k for k in near(0.0, used) if placed[k].proj.along_m <= off]
    if start_candidates:
        used.add(min(start_candidates, key=lambda k: (placed[k].proj.along_m, placed[k].order)))
    else:
        placed.append(_created(START_NAME, "trailhead", line.at(0.0), -1.0))
        used.add(len(placed) - 1)

    end_ids: list[int] = []
    previous_m = 0.0
    n_stages = len(targets)
    for s, target in enumerate(targets, start=1):
        final = s == n_stages
        options = [k for k in near(target, used) if placed[k].proj.along_m > previous_m]
        if final:
            options = [k for k in options if placed[k].proj.along_m >= total_m - off]
        if options:
            preferred = _FINAL_END_TYPES if final else ("campsite",)
            k = min(
                options,
                key=lambda k: (
                    round(abs(placed[k].proj.along_m - target)),
                    placed[k].type not in preferred,
                    -placed[k].order,
                ),
            )
        else:
            label = FINAL_END_NAME if final else f"End of day {s}"
            kind = "trailhead" if final else "campsite"
            placed.append(_created(label, kind, line.at(target), 10_000.0 + s))
            k = len(placed) - 1
        used.add(k)
        end_ids.append(k)
        previous_m = placed[k].proj.along_m
    return StageEnds(placed=placed, end_ids=end_ids, titles=titles)


def _created(name: str, kind: str, at: Projection, order: float) -> Placed:
    return Placed(
        name=name,
        type=kind,
        proj=at,
        lat=at.lat,
        lon=at.lon,
        elevation_m=at.elevation_m,
        notes="",
        advice=None,
        order=order,
    )


def _day_ends(parts: list[GpxPart], part_end_m: list[float]) -> list[float]:
    """Along-track metres where one file part ends and the next is another day.

    Parts with times less than :data:`SAME_DAY_GAP_S` apart are one day cut by a GPS
    restart; parts without times (exports, plans) are taken as one part per day."""
    out: list[float] = []
    for k in range(len(parts) - 1):
        end_s, next_s = parts[k].end_time_s, parts[k + 1].start_time_s
        if end_s is not None and next_s is not None and next_s - end_s < SAME_DAY_GAP_S:
            continue
        out.append(part_end_m[k])
    return out


def _check_splits(split_at_km: list[float], total_m: float) -> list[float]:
    out: list[float] = []
    for km in split_at_km:
        if not math.isfinite(km) or not 0.0 < km * 1000.0 < total_m:
            raise RouteError(
                Msg("cannot split at %(at)s km: the track is %(length)s long", at=Num(km), length=Km(total_m))
            )
        out.append(km * 1000.0)
    out.sort()
    for a, b in zip(out, out[1:], strict=False):
        if b - a < 1.0:
            raise RouteError(Msg("the split points %(a)s and %(b)s coincide", a=Km(a), b=Km(b)))
    return out


def _titles_for(
    parts: list[GpxPart], part_end_m: list[float], targets: list[float], total_m: float
) -> list[str]:
    """Each stage takes the name of its first file part (without a "Day N:" prefix)."""
    bounds = [*targets, total_m]
    titles: list[str] = []
    first_part = 0
    for b in bounds:
        titles.append(strip_day_prefix(parts[first_part].name) if first_part < len(parts) else "")
        while first_part < len(parts) and part_end_m[first_part] <= b + 1e-6:
            first_part += 1
    return titles

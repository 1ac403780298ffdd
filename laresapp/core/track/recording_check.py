"""A recording a party sends to improve the route: read it strictly, then trim what is not
the trek, saying what was trimmed and why.

The phone already keeps fixes by the rules of :mod:`laresapp.core.track.recording`, but the
server trusts nothing it is sent: every fix is checked (finite numbers, a real position, a
time between :data:`EARLIEST_MS` and a day after now), and a recording is refused with a
sentence when there is nothing left to learn from. Trimming, in order:

1. fixes rougher than :data:`~laresapp.core.track.recording.MAX_FIX_ACCURACY_M`;
2. travel faster than walking (a car ride mixed in, a GPS jump): the line is cut at every
   step faster than :data:`~laresapp.core.track.recording.MAX_WALK_SPEED_M_S`, and the
   fixes inside a run of such steps (in the vehicle) are dropped;
3. fixes farther than ``far_m`` from the trek's current line (the drive from Cusco, the
   hotel): on a sketch that is its stated uncertainty plus a margin.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from laresapp.core.errors import RouteError
from laresapp.core.track.geometry import haversine_m, valid_position
from laresapp.core.track.recording import MAX_FIX_ACCURACY_M, MAX_WALK_SPEED_M_S, Fix, segments

MAX_FIXES = 50_000
"""About two weeks of walking at the phone's rate: more is not one trek's recording."""
EARLIEST_MS = 1_577_836_800_000  # 2020-01-01: older times are a broken clock
FUTURE_MS = 86_400_000


@dataclass(frozen=True)
class Trimmed:
    """Pieces of walking near the trek (each a line of its own: gaps stay gaps), and notes."""

    pieces: list[list[Fix]]
    notes: list[str]

    @property
    def fix_count(self) -> int:
        return sum(len(p) for p in self.pieces)


def _num(raw: dict[str, Any], key: str, i: int, *, optional: bool = False) -> float | None:
    value = raw.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RouteError(f"point {i + 1}: '{key}' must be a number")
    return float(value)


def read_fixes(raw: Any, now_ms: float) -> list[Fix]:
    """The sent fixes as :class:`Fix` values in time order, or a :class:`RouteError`."""
    if not isinstance(raw, list):
        raise RouteError("'fixes' must be a list of GPS points")
    if not raw:
        raise RouteError("the recording has no GPS points")
    if len(raw) > MAX_FIXES:
        raise RouteError(f"the recording has {len(raw):,} points; at most {MAX_FIXES:,} are taken")
    out: list[Fix] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise RouteError(f"point {i + 1} is not an object")
        t, lat, lon, acc = (_num(item, k, i) for k in ("t", "lat", "lon", "acc"))
        ele = _num(item, "ele", i, optional=True)
        session = item.get("session", 0)
        if isinstance(session, bool) or not isinstance(session, int) or not 0 <= session < 2**31:
            raise RouteError(f"point {i + 1}: 'session' must be a whole number")
        assert t is not None and lat is not None and lon is not None and acc is not None
        if not valid_position(lat, lon):
            raise RouteError(f"point {i + 1} is not a place on Earth ({lat}, {lon})")
        if not EARLIEST_MS <= t <= now_ms + FUTURE_MS:
            raise RouteError(f"point {i + 1} has a time the phone's clock cannot have had")
        if acc < 0 or (ele is not None and not -500 <= ele <= 9000):
            raise RouteError(f"point {i + 1} has an impossible accuracy or height")
        out.append(Fix(t / 1000.0, lat, lon, acc, ele, session))
    if len(out) < 2:
        raise RouteError("one GPS point is not a line: record a little more and send it again")
    out.sort(key=lambda f: f.t_s)
    return out


def _fast(a: Fix, b: Fix) -> bool:
    dt = b.t_s - a.t_s
    return dt <= 0 or haversine_m(a.lat, a.lon, b.lat, b.lon) / dt > MAX_WALK_SPEED_M_S


def _walking_pieces(segment: Sequence[Fix]) -> tuple[list[list[Fix]], int]:
    """The segment cut at every step faster than walking; fixes inside a fast run (in the
    vehicle) are dropped, the two ends of the run are kept as ends of walking pieces."""
    pieces: list[list[Fix]] = [[segment[0]]]
    dropped = 0
    for k in range(1, len(segment)):
        a, b = segment[k - 1], segment[k]
        if not _fast(a, b):
            pieces[-1].append(b)
            continue
        leaving_fast = k + 1 < len(segment) and _fast(b, segment[k + 1])
        if leaving_fast:
            dropped += 1  # in the vehicle (or a lone GPS jump)
            pieces.append([])
        else:
            pieces.append([b])
    return [p for p in pieces if p], dropped


def _split_where(pieces: list[list[Fix]], keep: Callable[[Fix], bool]) -> tuple[list[list[Fix]], int]:
    out: list[list[Fix]] = []
    dropped = 0
    for piece in pieces:
        current: list[Fix] = []
        for f in piece:
            if keep(f):
                current.append(f)
            else:
                dropped += 1
                if current:
                    out.append(current)
                current = []
        if current:
            out.append(current)
    return out, dropped


def trim(fixes: Sequence[Fix], offset_m: Callable[[Fix], float], far_m: float) -> Trimmed:
    """What is left of the recording for the route, and a sentence per kind of trimming."""
    notes: list[str] = []
    pieces, rough = _split_where(
        [list(s) for s in segments(fixes)], lambda f: f.accuracy_m <= MAX_FIX_ACCURACY_M
    )
    if rough:
        notes.append(f"{rough} points rougher than ±{MAX_FIX_ACCURACY_M:.0f} m were left out.")
    walking: list[list[Fix]] = []
    vehicle = 0
    for piece in pieces:
        cut, dropped = _walking_pieces(piece)
        walking.extend(cut)
        vehicle += dropped
    if vehicle:
        notes.append(f"{vehicle} points reached faster than walking (a vehicle?) were left out.")
    near, far = _split_where(walking, lambda f: offset_m(f) <= far_m)
    if far:
        notes.append(f"{far} points more than {far_m / 1000:.1f} km from the trek were left out.")
    lines = [p for p in near if len(p) >= 2]
    if not lines:
        raise RouteError(f"no stretch of this recording lies within {far_m / 1000:.1f} km of the trek")
    return Trimmed(lines, notes)

"""The fast smoothing, snapping and section summaries against straightforward references.

The fast paths exist only for speed (a 100,000-point GPX import); the numbers must stay
those of the plain definitions, because stored treks and the shared test vectors
(tests/vectors/where.json, also checked by the JavaScript tests) depend on them. The
references below are the code as it was before the fast paths, kept verbatim in spirit:
a direct sum over each smoothing window, and a scan of every segment for snapping.
Tracks are random but seeded, so a failure is reproducible.
"""

from __future__ import annotations

import bisect
import math
import random

import pytest

from laresapp.core.track.geometry import EARTH_RADIUS_M
from laresapp.core.track.profile import (
    SMOOTHING_HALF_WIDTH_M,
    Profile,
    _smooth,
    ascent_descent_m,
    build_profile,
    section_m,
)
from laresapp.core.track.snap import (
    EDGE_M,
    HINT_ACCEPT_M,
    HINT_WINDOW_M,
    TIE_M,
    Snap,
    _make_snap,
    snap_to_track,
)
from laresapp.core.track.timing import section_summary, walking_time_s
from tests.core.oracles import high_point_m, low_point_m

M_PER_DEG_LAT = EARTH_RADIUS_M * math.pi / 180
LAT0, LON0 = -13.1, -72.0
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(LAT0))
Points = list[tuple[float, float, float | None]]


# --- references: the definitions, summed and scanned directly -------------------------


def smooth_reference(distance_m: list[float], elevation_m: list[float]) -> list[float]:
    """The direct sum of the module docstring of profile.py, over every window."""
    n = len(distance_m)
    h = SMOOTHING_HALF_WIDTH_M
    cover = [(distance_m[min(j + 1, n - 1)] - distance_m[max(j - 1, 0)]) / 2 for j in range(n)]
    out: list[float] = []
    lo = 0
    for i in range(n):
        di = distance_m[i]
        while distance_m[lo] < di - h:
            lo += 1
        num = 0.0
        den = 0.0
        j = lo
        while j < n and distance_m[j] <= di + h:
            w = (1.0 - abs(distance_m[j] - di) / h) * cover[j]
            num += w * elevation_m[j]
            den += w
            j += 1
        out.append(num / den if den > 0 else elevation_m[i])
    return out


def search_reference(
    profile: Profile,
    lat_deg: float,
    lon_deg: float,
    lo_m: float,
    hi_m: float,
    hint_along_m: float | None,
) -> Snap:
    """Every segment of lo_m..hi_m scanned, then the tie rule of snap.py."""
    d = profile.distance_m
    lat = profile.lat_deg
    lon = profile.lon_deg
    last_seg = len(d) - 2
    i0 = min(max(bisect.bisect_right(d, lo_m) - 1, 0), last_seg)
    i1 = min(max(bisect.bisect_left(d, hi_m) - 1, i0), last_seg)
    ky = EARTH_RADIUS_M * math.pi / 180.0
    kx = ky * math.cos(math.radians(lat_deg))
    cand: list[tuple[float, int, float]] = []
    best_d2 = math.inf
    for i in range(i0, i1 + 1):
        ax = (lon[i] - lon_deg) * kx
        ay = (lat[i] - lat_deg) * ky
        bx = (lon[i + 1] - lon_deg) * kx
        by = (lat[i + 1] - lat_deg) * ky
        dx = bx - ax
        dy = by - ay
        seg2 = dx * dx + dy * dy
        t = 0.0 if seg2 <= 0 else -(ax * dx + ay * dy) / seg2
        span = d[i + 1] - d[i]
        t_lo = (lo_m - d[i]) / span if (span > 0 and d[i] < lo_m) else 0.0
        t_hi = (hi_m - d[i]) / span if (span > 0 and d[i + 1] > hi_m) else 1.0
        t = min(max(t, t_lo), t_hi)
        px = ax + t * dx
        py = ay + t * dy
        d2 = px * px + py * py
        cand.append((d2, i, t))
        best_d2 = min(best_d2, d2)
    limit = (math.sqrt(best_d2) + TIE_M) ** 2
    chosen: tuple[float, int, float] | None = None
    for k, (d2, i, t) in enumerate(cand):
        if d2 > limit:
            continue
        if (k > 0 and cand[k - 1][0] < d2) or (k + 1 < len(cand) and cand[k + 1][0] < d2):
            continue
        along = d[i] + t * (d[i + 1] - d[i])
        key = along if hint_along_m is None else abs(along - hint_along_m)
        if chosen is None or key < chosen[0]:
            chosen = (key, i, t)
    assert chosen is not None
    _, i, t = chosen
    return _make_snap(profile, lat_deg, lon_deg, i, t)


def snap_reference(
    profile: Profile,
    lat_deg: float,
    lon_deg: float,
    *,
    hint_along_m: float | None = None,
    min_along_m: float = 0.0,
) -> Snap:
    """snap_to_track's hint rule around the full-scan search."""
    d = profile.distance_m
    lo_m = min(max(min_along_m, 0.0), profile.length_m)
    if hint_along_m is not None:
        w_lo = max(lo_m, hint_along_m - HINT_WINDOW_M)
        w_hi = min(profile.length_m, hint_along_m + HINT_WINDOW_M)
        if w_hi >= w_lo:
            best = search_reference(profile, lat_deg, lon_deg, w_lo, w_hi, hint_along_m)
            at_edge = (best.along_m - w_lo <= EDGE_M and w_lo > lo_m) or (
                w_hi - best.along_m <= EDGE_M and w_hi < d[-1]
            )
            if best.offset_m <= HINT_ACCEPT_M and not at_edge:
                return best
    return search_reference(profile, lat_deg, lon_deg, lo_m, d[-1], hint_along_m)


# --- random tracks ---------------------------------------------------------------------


def at(north_m: float, east_m: float) -> tuple[float, float]:
    return LAT0 + north_m / M_PER_DEG_LAT, LON0 + east_m / M_PER_DEG_LON


def wander(rng: random.Random, n: int, step_m: tuple[float, float]) -> list[tuple[float, float]]:
    """A random walk in metres (north, east), each step in step_m, turning gently."""
    y = x = 0.0
    heading = rng.uniform(0, 2 * math.pi)
    out = [(y, x)]
    for _ in range(n - 1):
        heading += rng.gauss(0, 0.3)
        s = rng.uniform(*step_m)
        y += s * math.cos(heading)
        x += s * math.sin(heading)
        out.append((y, x))
    return out


def with_elevation(rng: random.Random, yx: list[tuple[float, float]], base_m: float) -> Points:
    e = base_m
    pts: Points = []
    for y, x in yx:
        e += rng.gauss(0, 4.0)
        pts.append((*at(y, x), e))
    return pts


def doubling_back(rng: random.Random, n: int) -> Points:
    """Out along a wandering line and back along the same points, with a little noise on
    the way back, as a recorded out-and-back walk is: every spot is passed twice."""
    out = wander(rng, n, (2.0, 12.0))
    back = [(y + rng.gauss(0, 1.5), x + rng.gauss(0, 1.5)) for y, x in reversed(out[:-1])]
    return with_elevation(rng, out + back, 3800.0)


def exact_out_and_back(n: int, step_m: float = 10.0) -> Points:
    """Straight out and back on exactly the same points: ties everywhere."""
    out: Points = [(*at(i * step_m, 0.0), 3000.0 + i) for i in range(n)]
    return out + out[-2::-1]


def uneven(rng: random.Random, n: int) -> Points:
    """Dense clusters (a rest stop: points that coincide), gaps of kilometres, and
    ordinary 3 m fixes, all in one track."""
    yx: list[tuple[float, float]] = [(0.0, 0.0)]
    while len(yx) < n:
        y, x = yx[-1]
        kind = rng.random()
        if kind < 0.05:
            yx.extend([(y, x)] * rng.randint(1, 6))  # standing still
        elif kind < 0.08:
            yx.append((y + rng.uniform(300, 3000), x + rng.uniform(-500, 500)))  # sketched gap
        elif kind < 0.2:
            yx.append((y + rng.uniform(0.01, 0.3), x))  # crawling
        else:
            yx.append((y + rng.uniform(1, 6), x + rng.uniform(-3, 3)))
    return with_elevation(rng, yx[:n], -50.0)


SEEDS = range(6)


def random_tracks() -> list[tuple[str, Points]]:
    tracks: list[tuple[str, Points]] = []
    for seed in SEEDS:
        rng = random.Random(seed)
        tracks.append((f"walk-{seed}", with_elevation(rng, wander(rng, 3000, (1.0, 8.0)), 4200.0)))
        tracks.append((f"back-{seed}", doubling_back(rng, 1500)))
        tracks.append((f"uneven-{seed}", uneven(rng, 3000)))
    tracks.append(("exact-out-and-back", exact_out_and_back(150)))
    rng = random.Random(99)
    tracks.append(("long-dense", with_elevation(rng, wander(rng, 20_000, (0.5, 4.0)), 5000.0)))
    return tracks


TRACKS = random_tracks()


# --- smoothing -----------------------------------------------------------------------


@pytest.mark.parametrize("name,points", TRACKS, ids=[t[0] for t in TRACKS])
def test_fast_smoothing_equals_the_direct_sum(name: str, points: Points) -> None:
    p = build_profile(points)
    assert p.elevation_m is not None
    raw = [e for e in p.raw_elevation_m if e is not None]
    want = smooth_reference(p.distance_m, raw)
    worst = max(abs(a - b) for a, b in zip(p.elevation_m, want, strict=True))
    assert worst <= 1e-7, f"{name}: smoothed elevations differ by {worst} m"


@pytest.mark.parametrize(
    "distance_m",
    [
        [0.0, 1e-4, 2e-4],  # a window with almost no track: the direct sum is used
        [0.0, 0.0, 0.0, 5.0, 5.0, 5.0],  # coinciding points, weights only at the ends
        [0.0, 100.0, 200.0, 300.0],  # points exactly on the window's edge
        [0.0, 50_000.0, 50_000.0, 150_000.0],  # far apart: each point alone
        [1e6 + k * 0.37 for k in range(2000)],  # far along a long trek, 0.37 m apart
    ],
)
def test_fast_smoothing_on_awkward_spacings(distance_m: list[float]) -> None:
    rng = random.Random(len(distance_m))
    ele = [rng.uniform(-400.0, 8800.0) for _ in distance_m]
    got = _smooth(distance_m, ele)
    want = smooth_reference(distance_m, ele)
    assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 1e-7


# --- snapping ------------------------------------------------------------------------


def fixes(rng: random.Random, p: Profile, count: int) -> list[tuple[float, float]]:
    """Fixes on, beside and far from the track, and on its vertices."""
    out: list[tuple[float, float]] = []
    for k in range(count):
        i = rng.randrange(len(p.lat_deg))
        spread_m = (0.0, 3.0, 30.0, 400.0, 5000.0)[k % 5]
        dlat = rng.gauss(0, spread_m) / M_PER_DEG_LAT
        dlon = rng.gauss(0, spread_m) / M_PER_DEG_LON
        out.append((p.lat_deg[i] + dlat, p.lon_deg[i] + dlon))
    return out


@pytest.mark.parametrize("name,points", TRACKS, ids=[t[0] for t in TRACKS])
def test_fast_snapping_equals_the_full_scan(name: str, points: Points) -> None:
    p = build_profile(points)
    rng = random.Random(name)
    for lat, lon in fixes(rng, p, 40):
        hint = rng.choice([None, rng.uniform(-100.0, p.length_m + 100.0)])
        floor = rng.choice([0.0, 0.0, rng.uniform(0.0, p.length_m), p.length_m])
        got = snap_to_track(p, lat, lon, hint_along_m=hint, min_along_m=floor)
        want = snap_reference(p, lat, lon, hint_along_m=hint, min_along_m=floor)
        assert got == want, f"{name}: fix ({lat}, {lon}) hint {hint} floor {floor}"


def test_ordered_waypoints_on_a_track_that_doubles_back() -> None:
    """Waypoints placed one after another (as trek_store.place_waypoints does) land on the
    same pass as the full scan puts them, on the way out and on the way back."""
    rng = random.Random(7)
    points = doubling_back(rng, 4000)
    p = build_profile(points)
    n_out = 4000
    picks = sorted(rng.sample(range(0, n_out), 8)) + sorted(rng.sample(range(0, n_out), 8), reverse=True)
    floor_fast = floor_ref = 0.0
    backs = 0
    for i in picks:
        lat, lon = p.lat_deg[i], p.lon_deg[i]
        fast = snap_to_track(p, lat, lon, min_along_m=floor_fast)
        ref = snap_reference(p, lat, lon, min_along_m=floor_ref)
        assert fast == ref
        floor_fast, floor_ref = fast.along_m, ref.along_m
        backs += fast.along_m > p.distance_m[n_out - 1]
    assert backs >= 7  # the second half really was placed on the way back


def test_exact_doubling_back_ties_resolve_to_the_first_pass_or_the_hint() -> None:
    p = build_profile(exact_out_and_back(300))
    half = p.distance_m[299]
    for m in (0.0, 5.0, 777.0, 1500.0, 2990.0):
        lat, lon = at(m, 2.0)
        assert snap_to_track(p, lat, lon) == snap_reference(p, lat, lon)
        assert snap_to_track(p, lat, lon).along_m == pytest.approx(m, abs=0.01)
        back = snap_to_track(p, lat, lon, hint_along_m=2 * half - m)
        assert back == snap_reference(p, lat, lon, hint_along_m=2 * half - m)
        assert back.along_m == pytest.approx(2 * half - m, abs=0.01)


# --- section summaries ---------------------------------------------------------------


@pytest.mark.parametrize("name,points", TRACKS[:6], ids=[t[0] for t in TRACKS[:6]])
def test_section_summary_is_bit_for_bit_the_separate_functions(name: str, points: Points) -> None:
    p = build_profile(points)
    flat = build_profile([(lat, lon, None) for lat, lon, _ in points])
    rng = random.Random(name)
    d = p.distance_m
    ranges = [(0.0, p.length_m), (-50.0, p.length_m + 50.0), (d[3], d[3]), (d[1], d[-2])]
    for _ in range(20):
        a, b = sorted((rng.uniform(0, p.length_m), rng.uniform(0, p.length_m)))
        ranges.append((a, b))
    for prof in (p, flat):
        for a, b in ranges:
            pace = rng.choice([1.0, 1.5])
            s = section_summary(prof, a, b, pace)
            updown = ascent_descent_m(prof, a, b)
            assert (s.ascent_m, s.descent_m) == (updown if updown else (None, None))
            assert s.high_point_m == high_point_m(prof, a, b)
            assert s.low_point_m == low_point_m(prof, a, b)
            assert s.walking_time_s == walking_time_s(prof, a, b, pace)


def test_section_is_the_vertices_strictly_inside_plus_the_ends() -> None:
    """section_m slices now; this is its loop definition, on vertices that repeat."""
    p = build_profile(uneven(random.Random(3), 500))
    assert p.elevation_m is not None
    d, e = p.distance_m, p.elevation_m
    cuts = [0.0, d[10], d[11], (d[40] + d[41]) / 2, d[-1]] + [d[k] for k in range(0, 500, 37)]
    for a in cuts:
        for b in cuts:
            if b < a:
                continue
            dist, elev = section_m(p, a, b)
            inside = [k for k in range(bisect.bisect_right(d, a), len(d)) if d[k] < b]
            assert dist[1:-1] == [d[k] for k in inside]
            assert elev[1:-1] == [e[k] for k in inside]
            assert (dist[0], dist[-1]) == (a, b)

"""The shared vectors (tests/vectors/where.json) plus hand-checked "where am I" rules.

The JavaScript twin runs the same file in tests/js/where.test.mjs; a change in
either implementation that moves a number by more than 0.5 % fails one of them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.track.profile import ascent_descent_m, build_profile
from laresapp.core.track.snap import snap_to_track
from laresapp.core.track.timing import walking_time_s
from laresapp.core.track.where import PlacedStage, PlacedWaypoint, compact_profile_json
from tests.core.oracles import (
    NoFixError,
    OffRouteMonitor,
    check_fix,
    off_route_threshold_m,
    profile_from_compact,
    where_am_i,
)

VECTORS = json.loads((Path(__file__).parents[2] / "vectors" / "where.json").read_text(encoding="utf-8"))
TOL = VECTORS["tolerance"]
PROFILE, WAYPOINTS, STAGES = profile_from_compact(VECTORS["profile"])


def num(v: Any) -> float | None:
    return None if v is None else float(v)


def close(actual: float | None, expected: float | None, floor: float) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return abs(actual - expected) <= max(float(TOL["relative"]) * abs(expected), floor)


@pytest.mark.parametrize("case", VECTORS["where"], ids=lambda c: c["name"])
def test_where_vectors(case: dict[str, Any]) -> None:
    r = where_am_i(
        PROFILE,
        WAYPOINTS,
        STAGES,
        case["lat"],
        case["lon"],
        case["accuracy_m"],
        hint_along_m=case["hint_along_m"],
    )
    e = case["expect"]
    m, s = TOL["absolute_m"], TOL["absolute_s"]
    assert close(r.along_m, e["along_m"], m)
    assert close(r.offset_m, e["offset_m"], m)
    assert r.stage_number == e["stage_number"]
    assert close(r.stage_progress, e["stage_progress"], 0.001)
    assert r.off_route == e["off_route"]
    if e["offset_m"] > 1.0:
        assert close(r.bearing_to_track_deg, e["bearing_to_track_deg"], TOL["absolute_deg"])
    assert [(a.kind, a.slug, a.advice) for a in r.ahead] == [
        (a["kind"], a["slug"], a["advice"]) for a in e["ahead"]
    ]
    for got, want in zip(r.ahead, e["ahead"], strict=True):
        assert close(got.distance_m, want["distance_m"], m)
        assert close(got.ascent_m, want["ascent_m"], m)
        assert close(got.descent_m, want["descent_m"], m)
        assert close(got.time_s, want["time_s"], s)


@pytest.mark.parametrize("case", VECTORS["snap"], ids=lambda c: c["name"])
def test_snap_vectors(case: dict[str, Any]) -> None:
    snap = snap_to_track(
        PROFILE, case["lat"], case["lon"], hint_along_m=case["hint_along_m"], min_along_m=case["min_along_m"]
    )
    assert close(snap.along_m, case["expect"]["along_m"], TOL["absolute_m"])
    assert close(snap.offset_m, case["expect"]["offset_m"], TOL["absolute_m"])


@pytest.mark.parametrize("case", VECTORS["sections"], ids=lambda c: f"{c['start_m']}-{c['end_m']}")
def test_section_vectors(case: dict[str, Any]) -> None:
    a, b = case["start_m"], case["end_m"]
    updown = ascent_descent_m(PROFILE, a, b)
    assert updown is not None
    assert close(updown[0], case["ascent_m"], TOL["absolute_m"])
    assert close(updown[1], case["descent_m"], TOL["absolute_m"])
    assert close(walking_time_s(PROFILE, a, b), case["time_s"], TOL["absolute_s"])
    assert close(walking_time_s(PROFILE, a, b, 1.5), case["time_s_pace_1_5"], TOL["absolute_s"])


@pytest.mark.parametrize("case", VECTORS["off_route_sequences"], ids=lambda c: c["name"])
def test_off_route_sequences(case: dict[str, Any]) -> None:
    monitor = OffRouteMonitor()
    hint: float | None = None
    verdicts: list[bool | None] = []
    alarms: list[bool] = []
    for lat, lon, acc in case["fixes"]:
        try:
            r = where_am_i(PROFILE, WAYPOINTS, STAGES, float(lat), float(lon), num(acc), hint_along_m=hint)
            hint = r.along_m
            verdicts.append(r.off_route)
        except NoFixError:
            verdicts.append(None)
        alarms.append(monitor.update(verdicts[-1]))
    assert verdicts == case["expect_off_route"]
    assert alarms == case["expect_alarm"]


def test_the_vectors_cover_what_matters() -> None:
    names = [c["name"] for c in VECTORS["off_route_sequences"]]
    assert any("wild" in n for n in names) and any("500 m" in n for n in names)
    wild = next(c for c in VECTORS["off_route_sequences"] if "wild" in c["name"])
    assert True in wild["expect_off_route"] and not any(wild["expect_alarm"])
    far = next(c for c in VECTORS["off_route_sequences"] if "500 m" in c["name"])
    assert any(far["expect_alarm"])


@pytest.mark.parametrize("case", VECTORS["no_fix"], ids=lambda c: c["code"])
def test_no_fix_vectors(case: dict[str, Any]) -> None:
    with pytest.raises(NoFixError) as err:
        where_am_i(
            PROFILE,
            WAYPOINTS,
            STAGES,
            num(case["lat"]),
            num(case["lon"]),  # type: ignore[arg-type]
            num(case["accuracy_m"]),
        )
    assert err.value.code == case["code"]
    assert isinstance(err.value, RouteError)


# Hand-checked rules, independent of the generated file.


def test_osmand_threshold() -> None:
    assert off_route_threshold_m(0.0) == 60.0
    assert off_route_threshold_m(20.0) == 100.0


def test_check_fix_codes() -> None:
    assert check_fix(-13.0, -72.0, 10.0) is None
    assert check_fix(-13.0, -72.0, 500.0) is None
    assert check_fix(-13.0, -72.0, 500.1) == "too_inaccurate"
    assert check_fix(math.nan, -72.0, 10.0) == "bad_position"
    assert check_fix(-13.0, -72.0, None) == "no_accuracy"


def test_monitor_needs_two_consecutive_off_route_fixes() -> None:
    m = OffRouteMonitor()
    assert [m.update(v) for v in (True, False, True, None, True, True, False)] == [
        False,
        False,
        False,
        False,
        True,
        True,
        False,
    ]


def _small_trek() -> tuple[Any, list[PlacedWaypoint], list[PlacedStage]]:
    # 2 km due north, 10 m steps, flat then +100 m over the second km.
    k = 6_371_008.8 * math.pi / 180
    pts: list[tuple[float, float, float | None]] = [
        (-13.0 + i * 10.0 / k, -72.0, 3000.0 + max(0.0, i * 10.0 - 1000.0) / 10.0) for i in range(201)
    ]
    p = build_profile(pts)
    wps = [
        PlacedWaypoint("pass", "Pass", "pass", 2000.0, 1),
        PlacedWaypoint("fork", "Fork", "junction", 500.0, 1, "Keep right."),
        PlacedWaypoint("tap", "Tap", "water", 300.0, 1),
    ]
    return p, wps, [PlacedStage(1, 0.0, p.length_m)]


def test_standing_at_a_waypoint_still_shows_it_at_zero() -> None:
    p, wps, stages = _small_trek()
    k = 6_371_008.8 * math.pi / 180
    r = where_am_i(p, wps, stages, -13.0 + 510.0 / k, -72.0, 5.0)
    fork = next(a for a in r.ahead if a.kind == "junction")
    assert fork.distance_m == 0.0 and fork.advice == "Keep right."
    assert all(a.kind != "water" for a in r.ahead)  # the tap is 210 m behind
    assert r.stage_number == 1 and r.stage_progress == pytest.approx(510.0 / p.length_m, abs=1e-3)
    top = next(a for a in r.ahead if a.kind == "pass")
    assert top.distance_m == pytest.approx(1490.0, abs=0.5)
    assert top.ascent_m == pytest.approx(100.0, abs=4.0)  # smoothing rounds the corners
    assert r.ahead == sorted(r.ahead, key=lambda a: a.distance_m)


def test_compact_profile_shape_and_round_trip() -> None:
    p, wps, stages = _small_trek()
    data = json.loads(json.dumps(compact_profile_json(p, wps, stages)))
    assert data["v"] == 1 and data["has_elevation"] is True
    lat, lon, ele, dist = data["points"][7]
    assert lat == round(lat, 5) and ele == round(ele, 1) and dist == round(dist, 1)
    assert data["waypoints"][1] == {
        "slug": "fork",
        "name": "Fork",
        "type": "junction",
        "along_m": 500.0,
        "stage": 1,
        "advice": "Keep right.",
    }
    assert data["stages"] == [{"number": 1, "start_m": 0.0, "end_m": round(p.length_m, 1)}]
    back, wps2, stages2 = profile_from_compact(data)
    assert back.length_m == pytest.approx(p.length_m, abs=0.1)
    assert wps2 == wps and len(stages2) == 1
    with pytest.raises(RouteError):
        profile_from_compact({**data, "v": 99})
    with pytest.raises(RouteError, match="damaged"):
        profile_from_compact({**data, "points": [[1, 2], [3, 4]]})

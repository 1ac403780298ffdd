"""Write tests/vectors/where.json from the Python route core and its test oracles.

Run: ``.venv/bin/python tools/make_where_vectors.py``. The synthetic track
(about 6.5 km near Lares: a climb to a pass, a junction with advice, a campsite
ending stage 1, an out-and-back spur to a viewpoint, then a second stage north)
is built here; it goes through the real pipeline (build_profile → placement →
compact JSON) and every expectation is computed from the compact profile read
back, exactly what the phone receives. Both test suites assert against the file.

Non-finite inputs are written as strings ("NaN", "Infinity") because JSON has no
NaN; the tests turn them back into numbers.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from laresapp.core.track.geometry import EARTH_RADIUS_M
from laresapp.core.track.profile import ascent_descent_m, build_profile
from laresapp.core.track.snap import snap_to_track
from laresapp.core.track.timing import walking_time_s
from laresapp.core.track.where import compact_profile_json
from laresapp.core.trek_doc import StageDoc, WaypointDoc
from tests.core.oracles import (
    NoFixError,
    OffRouteMonitor,
    place_stages,
    place_waypoints,
    profile_from_compact,
    where_am_i,
)

OUT = ROOT / "tests" / "vectors" / "where.json"
LAT0, LON0 = -13.10, -72.05
KY = EARTH_RADIUS_M * math.pi / 180
KX = KY * math.cos(math.radians(LAT0))
STEP_M = 20.0
# (heading_deg, length_m, elevation at start, elevation at end)
LEGS = [
    (0.0, 3000.0, 3600.0, 4050.0),  # climb to the pass at 3000 m
    (90.0, 1000.0, 4050.0, 3900.0),  # down past the junction to camp 1 at 4000 m
    (90.0, 500.0, 3900.0, 3950.0),  # spur out to the viewpoint at 4500 m
    (270.0, 500.0, 3950.0, 3900.0),  # and back on the same line
    (0.0, 1500.0, 3900.0, 4000.0),  # stage 2 north to camp 2
]


def xy_at(planned_m: float) -> tuple[float, float, float]:
    """Local (x east, y north) metres and heading at a planned distance."""
    x = y = 0.0
    left = planned_m
    for heading, length, _, _ in LEGS:
        step = min(left, length)
        x += step * math.sin(math.radians(heading))
        y += step * math.cos(math.radians(heading))
        left -= step
        if left <= 0:
            return x, y, heading
    return x, y, LEGS[-1][0]


def position(planned_m: float, right_m: float = 0.0) -> tuple[float, float]:
    """(lat, lon) at a planned distance, ``right_m`` to the right of the direction of travel."""
    x, y, heading = xy_at(planned_m)
    h = math.radians(heading + 90)
    x += right_m * math.sin(h)
    y += right_m * math.cos(h)
    return round(LAT0 + y / KY, 7), round(LON0 + x / KX, 7)


def track() -> list[tuple[float, float, float | None]]:
    pts: list[tuple[float, float, float | None]] = []
    start = 0.0
    for n, (_, length, e0, e1) in enumerate(LEGS):
        steps = int(length / STEP_M)
        for k in range(0 if n == 0 else 1, steps + 1):
            d = k * STEP_M
            i = len(pts)
            noise = 2.5 * math.sin(i * 1.7) + math.sin(i * 0.37)
            ele = None if i in (40, 41, 200) else e0 + (e1 - e0) * d / length + noise
            lat, lon = position(start + d)
            pts.append((lat, lon, None if ele is None else round(ele, 1)))
        start += length
    return pts


WAYPOINTS = [
    # slug, name, type, planned m, stage, advice
    ("trailhead", "Trailhead", "trailhead", 0.0, 1, None),
    ("stream", "Stream", "water", 1200.0, 1, None),
    ("high-pass", "High Pass", "pass", 3000.0, 1, None),
    ("fork", "Fork", "junction", 3500.0, 1, "Keep left, downhill towards the lake."),
    ("spring", "Spring", "water", 3800.0, 1, None),
    ("camp-one", "Camp One", "campsite", 4000.0, 1, None),
    ("lookout", "Lookout", "viewpoint", 4500.0, 2, None),
    ("spur-pool", "Pool", "water", 4750.0, 2, None),  # same spot as 4250 m: placed on the way back
    ("brook", "Brook", "water", 5400.0, 2, None),
    ("camp-two", "Camp Two", "campsite", 6500.0, 2, None),
]


def build() -> dict[str, Any]:
    profile = build_profile(track())
    docs = []
    for slug, name, kind, planned, stage, advice in WAYPOINTS:
        lat, lon = position(planned, 6.0)
        docs.append(WaypointDoc(slug, name, kind, lat, lon, None, stage, advice=advice))
    wps = place_waypoints(profile, docs)
    stages = place_stages(
        profile, [StageDoc(1, "One", "", "camp-one"), StageDoc(2, "Two", "", "camp-two")], wps
    )
    compact = compact_profile_json(profile, wps, stages)
    p, wps, stages = profile_from_compact(json.loads(json.dumps(compact)))

    def where_case(name: str, planned: float, right: float, acc: float, hint: float | None) -> dict[str, Any]:
        lat, lon = position(planned, right)
        r = where_am_i(p, wps, stages, lat, lon, acc, hint_along_m=hint)
        return {
            "name": name,
            "lat": lat,
            "lon": lon,
            "accuracy_m": acc,
            "hint_along_m": hint,
            "expect": {
                "along_m": r.along_m,
                "offset_m": r.offset_m,
                "stage_number": r.stage_number,
                "stage_progress": r.stage_progress,
                "off_route": r.off_route,
                "bearing_to_track_deg": r.bearing_to_track_deg,
                "ahead": [
                    {
                        "kind": a.kind,
                        "slug": a.slug,
                        "distance_m": a.distance_m,
                        "ascent_m": a.ascent_m,
                        "descent_m": a.descent_m,
                        "time_s": a.time_s,
                        "advice": a.advice,
                    }
                    for a in r.ahead
                ],
            },
        }

    where = [
        where_case("start", 0.0, 5.0, 8.0, None),
        where_case("climbing, hint", 1500.0, 20.0, 10.0, 1400.0),
        where_case("at the pass", 3000.0, 0.0, 5.0, 2990.0),
        where_case("just past the pass still shows it", 3012.0, 0.0, 5.0, 3000.0),
        where_case("well past the pass", 3150.0, -8.0, 5.0, 3100.0),
        where_case("before the junction", 3450.0, 3.0, 5.0, 3400.0),
        where_case("spur outbound, hint", 4250.0, 2.0, 5.0, 4200.0),
        where_case("spur return, hint", 4750.0, 2.0, 5.0, 4700.0),
        where_case("spur, no hint takes the earliest pass-by", 4750.0, 2.0, 5.0, None),
        where_case("stage 2, 40 m off, within threshold", 5800.0, 40.0, 10.0, 5750.0),
        where_case("stage 2, 200 m off", 5800.0, 200.0, 5.0, 5750.0),
        where_case("stale hint falls back to the whole track", 5800.0, 10.0, 5.0, 500.0),
        where_case("end of the track", 6500.0, 0.0, 5.0, 6400.0),
    ]
    snaps = []
    for name, planned, right, hint, min_along in [
        ("plain", 2000.0, 15.0, None, 0.0),
        ("min_along picks the return leg", 4250.0, 0.0, None, 4500.0),
        ("min_along after the point", 1000.0, 0.0, None, 1500.0),
        ("hint on the return leg", 4300.0, -3.0, 4800.0, 0.0),
    ]:
        lat, lon = position(planned, right)
        s = snap_to_track(p, lat, lon, hint_along_m=hint, min_along_m=min_along)
        snaps.append(
            {
                "name": name,
                "lat": lat,
                "lon": lon,
                "hint_along_m": hint,
                "min_along_m": min_along,
                "expect": {
                    "along_m": s.along_m,
                    "offset_m": s.offset_m,
                    "bearing_to_track_deg": s.bearing_to_track_deg,
                },
            }
        )
    sections = []
    for a, b in [
        (0.0, 3000.0),
        (3000.0, 4000.0),
        (4000.0, 5000.0),
        (0.0, p.length_m),
        (1234.5, 1234.5),
        (2987.3, 3411.9),
    ]:
        ud = ascent_descent_m(p, a, b)
        assert ud is not None
        sections.append(
            {
                "start_m": a,
                "end_m": b,
                "ascent_m": ud[0],
                "descent_m": ud[1],
                "time_s": walking_time_s(p, a, b),
                "time_s_pace_1_5": walking_time_s(p, a, b, 1.5),
            }
        )

    def sequence(name: str, fixes: list[tuple[Any, Any, Any]]) -> dict[str, Any]:
        mon = OffRouteMonitor()
        hint: float | None = None
        verdicts: list[bool | None] = []
        alarms: list[bool] = []
        for lat, lon, acc in fixes:
            try:
                r = where_am_i(
                    p,
                    wps,
                    stages,
                    float(lat),
                    float(lon),
                    None if acc is None else float(acc),
                    hint_along_m=hint,
                )
                hint = r.along_m
                verdicts.append(r.off_route)
            except NoFixError:
                verdicts.append(None)
            alarms.append(mon.update(verdicts[-1]))
        return {
            "name": name,
            "fixes": [list(f) for f in fixes],
            "expect_off_route": verdicts,
            "expect_alarm": alarms,
        }

    def fix(planned: float, right: float, acc: float = 5.0) -> tuple[Any, Any, Any]:
        lat, lon = position(planned, right)
        return (lat, lon, acc)

    sequences = [
        sequence(
            "one wild fix raises no alarm",
            [fix(1000, 3), fix(1020, -2), fix(1040, 800), fix(1060, 4), fix(1080, 1)],
        ),
        sequence(
            "500 m off is confirmed",
            [fix(5500, 2), fix(5520, 500), fix(5540, 500), fix(5560, 500), fix(5580, 0)],
        ),
        sequence(
            "no fix neither confirms nor clears",
            [
                fix(2000, 0),
                fix(2020, 300),
                ("NaN", "-72.05", 5.0),
                fix(2040, 300),
                fix(2060, 300, 900.0),
                fix(2080, 0),
            ],
        ),
        sequence(
            "poor accuracy widens the threshold",
            [fix(2500, 150, 100.0), fix(2520, 150, 100.0), fix(2540, 150, 10.0), fix(2560, 150, 10.0)],
        ),
    ]
    lat, lon = position(1000.0)
    no_fix = []
    for fl, fo, acc, code in [
        ("NaN", lon, 5.0, "bad_position"),
        (lat, "Infinity", 5.0, "bad_position"),
        (95.0, lon, 5.0, "bad_position"),
        (None, lon, 5.0, "bad_position"),
        (lat, lon, None, "no_accuracy"),
        (lat, lon, "NaN", "no_accuracy"),
        (lat, lon, -1.0, "no_accuracy"),
        (lat, lon, 600.0, "too_inaccurate"),
        (lat, lon, "Infinity", "no_accuracy"),
    ]:
        try:
            where_am_i(p, wps, stages, _num(fl), _num(fo), _num(acc))  # type: ignore[arg-type]
            raise AssertionError("expected no fix")
        except NoFixError as e:
            assert e.code == code, (e.code, code)
        no_fix.append({"lat": fl, "lon": fo, "accuracy_m": acc, "code": code})
    return {
        "about": "Shared vectors for laresapp/route (Python) and static/js/where.js; "
        "generated by tests/vectors/make_where_vectors.py, do not edit by hand.",
        "tolerance": {"relative": 0.005, "absolute_m": 0.5, "absolute_s": 1.0, "absolute_deg": 0.5},
        "profile": compact,
        "where": where,
        "snap": snaps,
        "sections": sections,
        "off_route_sequences": sequences,
        "no_fix": no_fix,
    }


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), indent=1, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")

"""The trip plan and checklist pages, as a hiker reads them (Flask test client)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import secrets

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from laresapp.core.planning.sun import sun_times
from laresapp.core.trek_doc import parse_trek_doc
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.treks.store import bundled_path, store_trek
from laresapp.trips.models import Trip


def soup(resp) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(resp.data, "html.parser")


def make_trip(app: Flask, slug: str = "lares-a", **fields: object) -> str:
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
        assert trek is not None
        values: dict[str, object] = {
            "start_date": dt.date(2030, 7, 10),
            "party_name": "Ana and Luis",
            **fields,
        }
        trip = Trip(token=secrets.token_urlsafe(24), trek=trek, **values)
        db.session.add(trip)
        db.session.commit()
        return trip.token


def rows(page: BeautifulSoup) -> list[list[str]]:
    return [
        [c.get_text(" ", strip=True).replace("\xa0", " ") for c in tr.find_all(["th", "td"])]
        for tr in page.select("table.plan-days tbody tr")
    ]


def test_plan_shows_each_day_with_dates_sun_and_latest_start(app: Flask, client: FlaskClient) -> None:
    token = make_trip(app, acclimatisation_days=2, pace_factor=1.0, sunset_margin_min=60)
    resp = client.get(f"/t/{token}/plan")
    assert resp.status_code == 200
    page = soup(resp)
    table = rows(page)
    assert [r[0].split(" ")[0:2] for r in table] == [
        ["Cusco", "day"],
        ["Cusco", "day"],
        ["Day", "1"],
        ["Day", "2"],
        ["Day", "3"],
    ]
    assert "Mon 8 Jul 2030" in table[0][0] and "Wed 10 Jul 2030" in table[2][0]
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek is not None
        for row, stage, day in zip(table[2:], trek.stages, range(10, 13), strict=True):
            end = stage.end_waypoint
            assert end is not None
            sun = sun_times(end.lat, end.lon, dt.date(2030, 7, day))
            assert sun is not None
            assert f"{stage.distance_m / 1000:.1f} km" in row[1]
            assert f"↓ {sun.sunset:%H:%M}" in row[5] and f"↑ {sun.sunrise:%H:%M}" in row[5]
            latest = sun.sunset - dt.timedelta(minutes=60, seconds=stage.walking_time_s)
            shown = dt.datetime.strptime(row[6][:5], "%H:%M").time()
            gap = dt.datetime.combine(sun.sunset.date(), latest.time()) - dt.datetime.combine(
                sun.sunset.date(), shown
            )
            assert dt.timedelta(0) <= gap < dt.timedelta(minutes=5)
        assert "Ipsayjasa Pass camp" in table[2][4] and "3,960 m" in table[2][4]
        assert "Off the trek" in table[4][4]
    text = page.get_text(" ", strip=True)
    assert "Tobler's hiking function" in text
    assert "Deep valleys lose the sun earlier" in text
    assert "UTC−5" in text
    assert page.select_one("table.plan-days th[scope=col]") is not None


def test_first_camp_rise_warning_names_the_guideline_and_what_to_do(app: Flask, client: FlaskClient) -> None:
    page = soup(client.get(f"/t/{make_trip(app)}/plan"))
    warnings = page.select(".warnings .warning")
    assert len(warnings) == 1
    text = warnings[0].get_text(" ", strip=True).replace("\xa0", " ")  # units: no-break space
    assert "Day 1: you sleep 561 m higher than the night before" in text
    assert "Wilderness Medical Society" in text
    assert "What to do:" in text and "Huacahuasi" in text


def test_no_acclimatisation_and_a_slow_pace_warn(app: Flask, client: FlaskClient) -> None:
    token = make_trip(
        app,
        "lares-b",
        acclimatisation_days=0,
        pace_factor=3.0,
        sunset_margin_min=180,
        start_date=dt.date(2030, 6, 21),
    )
    page = soup(client.get(f"/t/{token}/plan"))
    titles = [h.get_text(strip=True) for h in page.select(".warnings .warning h3")]
    assert titles[0] == "No days to acclimatise before the first camp"
    assert not any(r[0].startswith("Cusco") for r in rows(page))
    assert "Day 2: no time to spare for your margin" in titles  # 2.9 h × 3 + 3 h > daylight
    assert "before sunrise" in rows(page)[1][6]
    assert "is unusual" in page.get_text()


def test_lares_b_with_two_days_has_no_warnings(app: Flask, client: FlaskClient) -> None:
    page = soup(client.get(f"/t/{make_trip(app, 'lares-b')}/plan"))
    assert page.select(".warnings .warning") == []
    assert "No altitude or daylight warnings" in page.get_text()


def test_settings_are_saved_with_a_303(app: Flask, client: FlaskClient) -> None:
    token = make_trip(app)
    resp = client.post(
        f"/t/{token}/plan",
        data={"pace_factor": "1,25", "sunset_margin_min": "90", "acclimatisation_days": "3"},
    )
    assert resp.status_code == 303
    assert resp.headers["Location"].startswith(f"/t/{token}/plan")
    page = soup(client.get(f"/t/{token}/plan"))
    assert "Pace 1.25× the model · arrive 90 min before sunset · 3 days in Cusco" in page.get_text()
    assert len(rows(page)) == 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pace_factor": "0.2"}, "pace factor must be between 0.5 and 3"),
        ({"pace_factor": "nan"}, "“nan” is not a number"),
        ({"pace_factor": "fast"}, "“fast” is not a number"),
        ({"sunset_margin_min": "500"}, "between 0 and 180 minutes"),
        ({"sunset_margin_min": "12.5"}, "whole number"),
        ({"acclimatisation_days": "-1"}, "between 0 and 14"),
        ({"pace_factor": ""}, "Pace factor is missing"),
    ],
)
def test_bad_settings_are_refused_with_a_message_and_nothing_written(
    app: Flask, client: FlaskClient, data: dict[str, str], message: str
) -> None:
    token = make_trip(app, pace_factor=1.1, sunset_margin_min=45, acclimatisation_days=2)
    form = {"pace_factor": "1", "sunset_margin_min": "60", "acclimatisation_days": "2", **data}
    resp = client.post(f"/t/{token}/plan", data=form)
    assert resp.status_code == 422
    errors = soup(resp).select_one("#settings-errors")
    assert errors is not None and message in errors.get_text()
    assert "The plan was not changed" in errors.get_text()
    with app.app_context():
        trip = db.session.scalar(db.select(Trip).where(Trip.token == token))
        assert trip is not None
        assert (trip.pace_factor, trip.sunset_margin_min, trip.acclimatisation_days) == (1.1, 45, 2)


def test_unknown_and_malformed_tokens_get_the_same_404(client: FlaskClient) -> None:
    bodies = set()
    for token in (secrets.token_urlsafe(24), "x", "../etc", "a" * 200):
        for path in (f"/t/{token}/plan", f"/t/{token}/checklist"):
            resp = client.get(path)
            assert resp.status_code == 404
            bodies.add(soup(resp).select_one("main").get_text(" ", strip=True))
        assert client.post(f"/t/{token}/plan", data={"pace_factor": "1"}).status_code == 404
    assert len(bodies) == 1


@pytest.mark.parametrize("start", [dt.date(1950, 1, 1), dt.date(2999, 12, 1)])
def test_far_past_and_future_dates_still_plan(app: Flask, client: FlaskClient, start: dt.date) -> None:
    resp = client.get(f"/t/{make_trip(app, start_date=start)}/plan")
    assert resp.status_code == 200
    text = soup(resp).get_text(" ", strip=True)
    assert ("in the past" in text) if start.year < 2000 else ("more than a year away" in text)
    assert len(rows(soup(resp))) == 5


def test_a_date_at_the_calendar_edge_gives_a_message(app: Flask, client: FlaskClient) -> None:
    resp = client.get(f"/t/{make_trip(app, start_date=dt.date(1, 1, 1))}/plan")
    assert resp.status_code == 200
    assert "outside the calendar" in soup(resp).get_text()


def test_trek_without_elevations_plans_with_dashes_and_says_so(app: Flask, client: FlaskClient) -> None:
    raw = json.loads(bundled_path("lares-b.json").read_text(encoding="utf-8"))
    flat = copy.deepcopy(raw)
    flat["slug"] = "flat-test"
    flat["track"]["points"] = [p[:2] for p in raw["track"]["points"]]
    for w in flat["waypoints"]:
        w["elevation_m"] = None
    with app.app_context():
        store_trek(parse_trek_doc(flat), origin="imported")
        db.session.commit()
    page = soup(client.get(f"/t/{make_trip(app, 'flat-test')}/plan"))
    table = rows(page)
    assert len(table) == 5 and "–" in table[2][2]
    titles = [h.get_text(strip=True) for h in page.select(".warning h3")]
    assert "Day 1: sleeping elevation unknown" in titles


def test_checklist_groups_todo_and_gear_items(app: Flask, client: FlaskClient) -> None:
    page = soup(client.get(f"/t/{make_trip(app)}/checklist"))
    headings = [h.get_text(strip=True) for h in page.select("main h2, main h3")]
    assert headings[:3] == ["Before you go", "In Cusco", "On the trail"]
    assert "What to bring" in headings and "Documents" in headings
    targets = [li["data-target"] for li in page.select("li.check-item")]
    assert len(targets) == len(set(targets))
    for target in (
        "check:treats-huacahuasi",
        "check:treat-all-water",
        "check:acclimatise-two-days",
        "check:spare-baggage",
        "check:hot-springs-fee",
        "gear:passport",
        "gear:cash-small-notes",
        "gear:tent",
        "gear:water-filter",
    ):
        assert target in targets
    text = page.get_text(" ", strip=True)
    assert "children of Huacahuasi" in text and "hail" in text and "Passport" in text


def test_checklist_items_are_tickable_when_the_trips_component_exists(
    app: Flask, client: FlaskClient
) -> None:
    page = soup(client.get(f"/t/{make_trip(app)}/checklist"))
    item = page.select_one('li.check-item[data-target="check:break-notes"]')
    assert item is not None
    with app.app_context():
        has_component = "trips.tick" in app.view_functions
    if has_component:
        form = item.select_one("form[data-tick]")
        assert form is not None and form["data-target"] == "check:break-notes"
        assert form.select_one("button").get_text(" ", strip=True).startswith("✓") is False
    else:
        assert item.select_one(".check-label") is not None

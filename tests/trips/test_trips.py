"""Trip pages as a hiker without JavaScript sees them: create, today, tick, notes, day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from laresapp.core.planning.sun import PERU_TZ
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.trips import ops as trip_ops
from laresapp.trips import today as trip_today
from laresapp.trips.models import Trip
from tests.helpers import create_trip


def soup(resp) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(resp.data, "html.parser")


def test_home_links_to_planning_a_trip(client: FlaskClient) -> None:
    assert soup(client.get("/")).find("a", href="/trips/new", string="Plan a trip")
    form = soup(client.get("/trips/new")).find("form", class_="new-trip")
    for name in ("trek", "start_date", "party_name", "acclimatisation_days"):
        control = form.find(attrs={"name": name})
        assert form.find("label", attrs={"for": control["id"]}), name


def test_a_new_trip_gets_an_unguessable_link_that_says_it_is_the_key(client: FlaskClient) -> None:
    token = create_trip(client)
    other = create_trip(client)
    assert token != other and len(token) == 32  # 24 random bytes = 192 bits
    created = client.post(
        "/trips", data={"trek": "lares-a", "start_date": "2030-07-10", "acclimatisation_days": "2"}
    )
    assert created.status_code == 303 and created.location.endswith("/share?new=1")
    share = soup(client.get(created.location))
    assert "This link is the key to your trip" in share.get_text()  # shown in full once, after creating
    link = share.find("input", attrs={"data-share-link": True})["value"]
    assert link.endswith(created.location.split("/share")[0] + "/")
    page = soup(client.get(f"/t/{token}/"))
    assert "This link is the key to your trip" not in page.get_text()  # not on every Today
    assert page.find("a", href=f"/t/{token}/share")  # but one tap away, in the days menu
    assert page.find("link", rel="manifest")["href"] == f"/t/{token}/manifest.webmanifest"


def test_bad_trip_form_says_what_is_wrong(client: FlaskClient) -> None:
    resp = client.post("/trips", data={"trek": "nowhere", "start_date": "soon", "acclimatisation_days": "-3"})
    assert resp.status_code == 422
    errors = [p.get_text() for p in soup(resp).select("p.error")]
    assert errors == [
        "Choose one of the route variants.",
        "Give the first walking day as a date.",
        "Give a number of days from 0 to 14.",
    ]


def test_today_opens_on_the_day_from_the_calendar(client: FlaskClient) -> None:
    start = (datetime.now(PERU_TZ).date() - timedelta(days=1)).isoformat()
    token = create_trip(client, start=start)
    assert "Today: Day 2:" in soup(client.get(f"/t/{token}/")).h1.get_text()


def test_i_am_on_day_n_overrides_the_calendar(client: FlaskClient) -> None:
    token = create_trip(client)
    resp = client.post(f"/t/{token}/day", data={"day": "3"})
    assert resp.status_code == 303
    assert "Today: Day 3:" in soup(client.get(f"/t/{token}/")).h1.get_text()
    client.post(f"/t/{token}/day", data={"day": ""})
    assert "Today: Day 1:" in soup(client.get(f"/t/{token}/")).h1.get_text()


def test_today_for_each_phase(app: Flask) -> None:
    trip = Trip(token="x", trek_id=1, start_date=date(2026, 6, 10), acclimatisation_days=2)
    assert trip_today.today_for(trip, date(2026, 6, 1), 3).phase == "before"
    acclim = trip_today.today_for(trip, date(2026, 6, 9), 3)
    assert (acclim.phase, acclim.acclimatisation_day, acclim.day) == ("acclimatisation", 2, 1)
    assert trip_today.today_for(trip, date(2026, 6, 11), 3).day == 2
    assert trip_today.today_for(trip, date(2026, 6, 20), 3).phase == "after"
    trip.day_override, trip.day_override_at = 1, datetime(2026, 6, 12, 15, tzinfo=UTC)
    assert trip_today.today_for(trip, date(2026, 6, 13), 3).day == 2  # "day 1" said yesterday


def test_ticking_without_javascript(client: FlaskClient) -> None:
    token = create_trip(client)
    page = soup(client.get(f"/t/{token}/"))
    form = page.find("form", attrs={"data-target": "wp:huacahuasi"})
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    assert fields["done"] == "true"
    resp = client.post(form["action"], data=fields)
    assert resp.status_code == 303 and resp.location == f"/t/{token}/"
    again = client.post(form["action"], data=fields)  # the same form sent twice: applies once
    assert again.status_code == 303
    page = soup(client.get(f"/t/{token}/"))
    form = page.find("form", attrs={"data-target": "wp:huacahuasi"})
    assert form.button["aria-pressed"] == "true"
    assert form.find(attrs={"data-tick-state": True}).get_text().startswith("Done ")
    # Unticking is a new state with a new time, not a toggle of the old one.
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    assert fields["done"] == "false"
    client.post(form["action"], data=fields)
    form = soup(client.get(f"/t/{token}/")).find("form", attrs={"data-target": "wp:huacahuasi"})
    assert form.button["aria-pressed"] == "false"


def test_htmx_tick_returns_the_component_with_the_ack(client: FlaskClient) -> None:
    token = create_trip(client)
    resp = client.post(
        f"/t/{token}/tick",
        data={"target": "gear:tent", "done": "true", "op_id": "0b7e4c5e-7a43-4c39-9d1b-2f4f0f9f2b11"},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 200 and "HX-Request" in resp.headers["Vary"]
    assert resp.headers["X-Op-Ack"] == "0b7e4c5e-7a43-4c39-9d1b-2f4f0f9f2b11"
    fragment = soup(resp)
    assert fragment.form["hx-target"] == "this" and fragment.form["data-done"] == "true"
    assert fragment.find("html") is None
    gear = soup(client.get(f"/t/{token}/gear"))
    assert gear.find("form", attrs={"data-target": "gear:tent"})["data-done"] == "true"


def test_notes_are_text_everywhere(client: FlaskClient) -> None:
    token = create_trip(client)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> water is silty'
    resp = client.post(
        f"/t/{token}/notes", data={"target": "wp:ipsayjasa-camp", "text": evil, "next": f"/t/{token}/"}
    )
    assert resp.status_code == 303
    page = soup(client.get(f"/t/{token}/"))
    box = page.find(attrs={"data-notes": True, "data-target": "wp:ipsayjasa-camp"})
    assert box.find(class_="note-text").get_text() == evil
    assert box.find("script") is None and box.find("img") is None
    assert client.get(f"/t/{token}/state.json").get_json()["notes"][0]["text"] == evil


def test_tick_targets_cover_stages_waypoints_gear_checklist_and_the_day(app: Flask) -> None:
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek is not None
        targets = trip_ops.tick_targets(trek)
        assert {"stage:1", "stage:3", "wp:huacahuasi", "gear:tent", "setting:day"} <= targets
        for item in trek.document.get("checklist", []):
            assert f"check:{item['key']}" in targets


@pytest.mark.parametrize("path", ["offline.json", "manifest.webmanifest"])
def test_trip_offline_list_and_manifest(client: FlaskClient, app: Flask, path: str) -> None:
    token = create_trip(client)
    data = client.get(f"/t/{token}/{path}").get_json()
    if path == "manifest.webmanifest":
        assert data["start_url"] == f"/t/{token}/" and data["scope"] == "/"
        return
    urls = data["urls"]
    assert urls[0] == f"/t/{token}/" and f"/t/{token}/days/3" in urls
    assert "/treks/lares-a/stages/2" in urls and data["cache"] == f"trip-{token}-v{data['version']}"
    if "plan.plan" in app.view_functions:
        assert f"/t/{token}/plan" in urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_trip_months_ahead_does_not_say_today_is_day_1(client: FlaskClient) -> None:
    start = (datetime.now(PERU_TZ).date() + timedelta(days=190)).isoformat()
    token = create_trip(client, start=start)
    page = soup(client.get(f"/t/{token}/"))
    assert page.h1.find(attrs={"data-today-label": True}).has_attr("hidden")
    assert "Your trek starts in 190 days" in page.get_text()

"""The trip's tabs: every trip page marks its own tab as the current one."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tests.helpers import create_trip


def current_tabs(client: FlaskClient, url: str) -> list[str]:
    resp = client.get(url)
    assert resp.status_code == 200
    nav = BeautifulSoup(resp.data, "html.parser").find("nav", attrs={"aria-label": "This trip"})
    assert nav is not None
    # A day's link in the days menu reads "Day 2: <title>"; the tab name is before the colon.
    return [a.get_text(strip=True).split(":")[0] for a in nav.find_all("a", attrs={"aria-current": "page"})]


@pytest.mark.parametrize(
    ("page", "tab"),
    [
        ("", "Today"),
        ("days/2", "Day 2"),
        ("gear", "Gear"),
        ("share", "Share this trip"),
        ("plan", "Plan"),
        ("checklist", "Checklist"),
    ],
)
def test_each_trip_page_marks_its_own_tab_current(client: FlaskClient, page: str, tab: str) -> None:
    token = create_trip(client)
    assert current_tabs(client, f"/t/{token}/{page}") == [tab]


def test_plan_and_checklist_tabs_link_to_their_pages(client: FlaskClient) -> None:
    token = create_trip(client)
    nav = BeautifulSoup(client.get(f"/t/{token}/").data, "html.parser").find(
        "nav", attrs={"aria-label": "This trip"}
    )
    links = {a.get_text(strip=True): a["href"] for a in nav.find_all("a")}
    assert links["Plan"] == f"/t/{token}/plan"
    assert links["Checklist"] == f"/t/{token}/checklist"

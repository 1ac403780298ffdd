"""The organiser's upload page in a real browser, on a phone-sized screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_helpers import LiveServer
from tests.helpers import CORPUS, HOSTILE, needs_corpus

PASSWORD = "correct horse battery"


@pytest.fixture()
def org_server(db_path: Path) -> Iterator[LiveServer]:
    srv = LiveServer(db_path, ORGANISER_PASSWORD=PASSWORD, WTF_CSRF_ENABLED=True)
    srv.start()
    yield srv
    srv.stop()


@needs_corpus
def test_sign_in_upload_and_see_the_new_trek(page: Page, org_server: LiveServer) -> None:
    page.goto(org_server.url + "/organiser/")
    expect(page.get_by_role("heading", name="Organiser sign-in")).to_be_visible()

    page.get_by_label("Organiser password").fill("not it")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("That password is not right. Check it and try again.")

    page.get_by_label("Organiser password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Import a GPX track")).to_be_visible()

    page.get_by_label("GPX file").set_input_files(str(CORPUS / "korita-zbevnica.gpx"))
    page.get_by_label("Trek name (optional)").fill("Korita to Zbevnica")
    page.get_by_role("button", name="Import").click()

    expect(page).to_have_url(f"{org_server.url}/treks/korita-to-zbevnica/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Korita to Zbevnica")
    expect(page.locator("table.stages tbody tr")).to_have_count(2)
    expect(page.get_by_role("link", name="Download GPX for Gaia, OsmAnd or Garmin")).to_be_visible()

    page.goto(org_server.url + "/organiser/")
    expect(page.get_by_role("status").filter(has_text="Imported 'Korita to Zbevnica'")).to_be_visible()

    page.get_by_label("GPX file").set_input_files(str(HOSTILE / "billion_laughs.gpx"))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "billion_laughs.gpx: not imported: the file declares a DTD/entities, which are refused for safety"
    )
    expect(page.get_by_label("GPX file")).to_be_visible()


def test_not_signed_in_sees_the_sign_in_page(page: Page, org_server: LiveServer) -> None:
    page.goto(org_server.url + "/organiser/")
    expect(page).to_have_url(f"{org_server.url}/organiser/sign-in?next=/organiser/")
    expect(page.get_by_label("Organiser password")).to_be_visible()
    box = page.get_by_role("button", name="Sign in").bounding_box()
    assert box is not None and box["height"] >= 48

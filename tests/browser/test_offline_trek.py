"""A saved trek works in airplane mode: every stage and waypoint page, reached by clicking."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_helpers import LiveServer, airplane_mode, save_trek_for_offline


def expected_content(page: Page, server: LiveServer, slug: str) -> tuple[list[str], list[str]]:
    """Stage titles and waypoint names, read online from the overview and stage pages."""
    page.goto(f"{server.url}/treks/{slug}/")
    stages = page.locator("table.stages tbody th a").all_inner_texts()
    names: list[str] = []
    for n in range(1, len(stages) + 1):
        page.goto(f"{server.url}/treks/{slug}/stages/{n}")
        for name in page.locator("li.wp .wp-name").all_inner_texts():
            if name not in names:
                names.append(name)
    return stages, names


@pytest.mark.parametrize("slug", ["lares-a", "lares-b"])
def test_saved_trek_opens_and_navigates_in_airplane_mode(
    page: Page, context: BrowserContext, server: LiveServer, slug: str
) -> None:
    stages, waypoint_names = expected_content(page, server, slug)
    assert len(stages) == 3 and len(waypoint_names) >= 8
    save_trek_for_offline(page, server, slug)

    airplane_mode(server, context)

    page.goto(server.url + "/")  # the manifest's start_url
    expect(page.locator("#net-status")).to_have_text("Offline")
    page.locator(f'a[href="/treks/{slug}/"]').first.click()
    expect(page.locator("h1")).not_to_have_text("")
    expect(page.locator("table.stages tbody tr")).to_have_count(3)
    expect(page.get_by_text("Approximate — for planning, not navigation.")).to_be_visible()

    # Every stage, by its link in the table and then by the pager.
    page.get_by_role("link", name="Day 1", exact=True).click()
    for n in range(1, 4):
        expect(page.locator("h1")).to_contain_text(f"Day {n}:")
        expect(page.locator(".stats")).to_contain_text("km")
        expect(page.locator("li.wp").first).to_be_visible()
        if n < 3:
            page.get_by_role("link", name=f"Day {n + 1} →").click()

    # Every waypoint, from the first one on day 1, following "next" to the end.
    page.get_by_role("link", name="← Day 2").click()
    page.get_by_role("link", name="← Day 1").click()
    page.locator("li.wp .wp-link").first.click()
    seen = []
    while True:
        title = page.locator("h1").inner_text()
        seen.append(title)
        expect(page.locator(".stats")).to_contain_text("Elevation")
        nxt = page.locator('.pager a[rel="next"]')
        if nxt.count() == 0:
            break
        nxt.click()
        expect(page.locator("h1")).not_to_have_text(title)
    assert seen == waypoint_names

    # The reading pages, by their tabs.
    page.goto(f"{server.url}/treks/{slug}/")
    for tab, heading in (("Getting there", "Getting there"), ("Tips", "Tips"), ("Gear", "Gear")):
        page.get_by_role("link", name=tab, exact=True).click()
        expect(page.locator("h1")).to_contain_text(heading)
        expect(page.locator("main section h2").first).to_be_visible()

    # A page that does not exist is a 404 page, offline too.
    response = page.goto(f"{server.url}/treks/{slug}/waypoints/no-such-place")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    # A page outside any saved trek says it is not saved.
    page.goto(f"{server.url}/treks/another-trek/")
    expect(page.locator("h1")).to_have_text("No connection")
    expect(page.locator("main")).to_contain_text("It was never saved on this phone")


def test_evicted_trek_is_reported_at_launch(page: Page, context: BrowserContext, server: LiveServer) -> None:
    manifest = save_trek_for_offline(page, server, "lares-a")
    # Simulate the browser evicting part of the saved trek.
    page.evaluate(
        "async ([name, url]) => (await caches.open(name)).delete(url)",
        [manifest["cache"], manifest["urls"][1]],
    )
    page.goto(server.url + "/")
    banner = page.locator("#evicted-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("removed part of your saved Lares A")
    page.goto(f"{server.url}/treks/lares-a/")
    expect(page.locator("section[data-save-offline] [data-save-status]")).to_contain_text("1 of")

"""The trip plan in airplane mode, on a phone, and on paper.

Saving: when the trips module's "Save this trip for offline" exists (its list of pages,
``/t/<token>/offline.json``, includes the plan), the test presses that button on the trip
page. Until then it stores the plan in a ``trip-<token>`` cache through the Cache API
itself, which is what the button does; the service worker answers from any cache.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from laresapp import create_app
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.trips.models import Trip
from tests.browser_helpers import LiveServer, airplane_mode, wait_for_worker
from tests.helpers import make_config

A4_MM = (210, 297)
PRINT_MARGIN_MM = 12
PX_PER_MM = 96 / 25.4


def make_trip(db_path: Path, slug: str = "lares-a", **fields: object) -> str:
    app = create_app(make_config(db_path, AUTO_INIT=False))
    with app.app_context():
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == slug))
        assert trek is not None
        values: dict[str, object] = {
            "start_date": dt.date(2030, 7, 10),
            "party_name": "Ana and Luis",
            "acclimatisation_days": 2,
            **fields,
        }
        trip = Trip(token=secrets.token_urlsafe(24), trek=trek, **values)
        db.session.add(trip)
        db.session.commit()
        token = trip.token
        db.engine.dispose()
    return token


def save_plan_for_offline(page: Page, server: LiveServer, token: str) -> str:
    """Save the trip (or, failing the trips module, its plan pages); say which way."""
    listing = page.evaluate("url => fetch(url).then(r => r.ok ? r.json() : null)", f"/t/{token}/offline.json")
    plan_url = f"/t/{token}/plan"
    if listing and plan_url in listing["urls"]:
        page.goto(server.url + listing["urls"][0])
        wait_for_worker(page)
        button = page.get_by_role("button", name="Save this trip for offline")
        expect(button).to_be_enabled()
        button.click()
        expect(page.locator("section[data-save-offline] [data-save-status]")).to_contain_text(
            "Ready offline", timeout=60_000
        )
        return "trip button"
    page.evaluate(
        """async ([name, urls]) => {
             const cache = await caches.open(name);
             for (const url of urls) {
               const r = await fetch(url, {cache: 'no-store'});
               if (!r.ok) throw new Error(url + ' ' + r.status);
               await cache.put(url, r);
             }
           }""",
        [f"trip-{token}", [plan_url, f"/t/{token}/checklist"]],
    )
    return "cache api"


def test_plan_opens_in_airplane_mode_with_days_and_warnings(
    page: Page, context: BrowserContext, server: LiveServer, db_path: Path
) -> None:
    token = make_trip(db_path)
    page.goto(f"{server.url}/t/{token}/plan")
    wait_for_worker(page)
    days_online = page.locator("table.plan-days tbody tr").all_inner_texts()
    warning_online = page.locator(".warnings .warning h3").first.inner_text()
    assert len(days_online) == 5 and "561\xa0m" in warning_online  # units: no-break space
    # Readable on a 390 px phone: the table reflows, nothing is cut off sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    how = save_plan_for_offline(page, server, token)
    assert how in {"trip button", "cache api"}

    airplane_mode(server, context)

    page.goto(f"{server.url}/t/{token}/plan")
    expect(page.locator("#net-status")).to_have_text("Offline")
    expect(page.locator("h1")).to_have_text("Trip plan: Ana and Luis")
    expect(page.locator("table.plan-days tbody tr")).to_have_count(5)
    assert page.locator("table.plan-days tbody tr").all_inner_texts() == days_online
    expect(page.locator(".warnings .warning h3").first).to_have_text(warning_online)
    expect(page.get_by_text("What to do:").first).to_be_visible()
    expect(page.locator("table.plan-days").get_by_text("Ipsayjasa Pass camp")).to_be_visible()
    page.get_by_role("link", name="Checklist", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Checklist")
    expect(page.get_by_text("children of Huacahuasi")).to_be_visible()


def test_printed_plan_fits_a4_with_nothing_cut_off(
    page: Page, server: LiveServer, db_path: Path, tmp_path: Path
) -> None:
    token = make_trip(db_path, acclimatisation_days=0, pace_factor=1.5)
    width_px = int((A4_MM[0] - 2 * PRINT_MARGIN_MM) * PX_PER_MM)
    for path in (f"/t/{token}/plan", f"/t/{token}/checklist"):
        page.set_viewport_size({"width": width_px, "height": 1000})
        page.goto(server.url + path)
        page.emulate_media(media="print")
        expect(page.locator("header.bar")).to_be_hidden()
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('table, main, .warning')].map(el => ({
                 what: el.tagName + '.' + el.className,
                 right: el.getBoundingClientRect().right,
                 scroll: el.scrollWidth, client: el.clientWidth}))
               .filter(x => x.right > document.documentElement.clientWidth + 0.5
                            || x.scroll > x.client + 1)"""
        )
        assert overflow == [], overflow
        assert page.evaluate("document.documentElement.scrollWidth") <= width_px
        if path.endswith("/plan"):
            expect(page.locator(".plan-settings form")).to_be_hidden()
            expect(page.locator(".warnings .warning").first).to_be_visible()
            last_cells = page.locator("table.plan-days tbody td:last-child")
            expect(last_cells).to_have_count(3)
            for i in range(3):
                cell = last_cells.nth(i)
                expect(cell).to_be_visible()
                assert cell.inner_text().strip()[:2].isdigit()  # a time such as 12:25
                box = cell.bounding_box()
                assert box is not None and box["x"] + box["width"] <= width_px + 0.5
        pdf = page.pdf(
            format="A4",
            print_background=False,
            margin={side: f"{PRINT_MARGIN_MM}mm" for side in ("top", "right", "bottom", "left")},
        )
        assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
        (tmp_path / (path.rsplit("/", 1)[-1] + ".pdf")).write_bytes(pdf)

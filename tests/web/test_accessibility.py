"""Every page a hiker or organiser sees: one h1, a language, a label on every control, a
name on every button and link, and charts that describe themselves. Crawled, so a new
page is covered without a new test."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient


def trip_token(client: FlaskClient) -> str:
    resp = client.post(
        "/trips",
        data={
            "trek": "lares-a",
            "start_date": date.today().isoformat(),
            "party_name": "Test party",
            "acclimatisation_days": "2",
        },
    )
    assert resp.status_code == 303
    return resp.headers["Location"].split("/")[2]


def pages(client: FlaskClient) -> list[str]:
    token = trip_token(client)
    urls = {"/", "/trips/new", "/organiser/sign-in", "/offline", "/treks/nowhere/"}
    for slug in ("lares-a", "lares-b"):
        urls.update(client.get(f"/treks/{slug}/offline.json").get_json()["urls"])
    urls.update(client.get(f"/t/{token}/offline.json").get_json()["urls"])
    return sorted(u for u in urls if not u.endswith((".json", ".webmanifest")))


def accessible_name(el: Tag, soup: BeautifulSoup) -> str:
    if el.get("aria-label"):
        return str(el["aria-label"])
    if el.get("aria-labelledby"):
        ref = soup.find(id=el["aria-labelledby"])
        return ref.get_text(" ", strip=True) if ref else ""
    return el.get_text(" ", strip=True)


def test_every_page_is_labelled(client: FlaskClient, app: Flask) -> None:
    checked = 0
    for url in pages(client):
        resp = client.get(url)
        assert resp.status_code in (200, 404), url
        soup = BeautifulSoup(resp.data, "html.parser")
        where = f"{url}: "
        assert soup.html and soup.html.get("lang") == "en", where + "no lang"
        assert len(soup.find_all("h1")) == 1, where + "needs exactly one h1"
        assert soup.find("main"), where + "no <main>"
        for control in soup.find_all(["input", "select", "textarea"]):
            if control.get("type") in ("hidden", "submit", "button"):
                continue
            cid = control.get("id")
            labelled = (
                (cid and soup.find("label", attrs={"for": cid}))
                or control.find_parent("label")
                or control.get("aria-label")
                or control.get("aria-labelledby")
            )
            assert labelled, where + f"unlabelled control {control}"
        for button in soup.find_all("button"):
            assert accessible_name(button, soup), where + f"button without a name {button}"
        for link in soup.find_all("a", href=True):
            assert accessible_name(link, soup), where + f"link without text {link}"
        for svg in soup.find_all("svg", attrs={"role": "img"}):
            assert svg.find("title") or svg.get("aria-label"), where + "chart without a title"
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize("url", ["/", "/treks/lares-a/", "/treks/lares-a/stages/1"])
def test_tap_targets_are_large_in_the_stylesheet(client: FlaskClient, url: str) -> None:
    """Buttons, the navigation bar and list links get a 48 px minimum height from the stylesheet."""
    # As served: minified (laresapp/web/static_build.py), so no spaces around { and :.
    css = client.get("/static/css/app.css").get_data(as_text=True)
    for selector in (".btn{", ".tripbar summary{", ".wp-link{"):
        rule = css[css.index(selector) :]
        rule = rule[: rule.index("}")]
        assert "min-height:48px" in rule, selector
    page = BeautifulSoup(client.get(url).data, "html.parser")
    assert page.find("meta", attrs={"name": "viewport"})["content"].startswith("width=device-width")

"""What "Save for offline" fetches for a trek: every page and data file, in one list."""

from __future__ import annotations

from flask import url_for

from laresapp.treks.models import Trek


def trek_urls(trek: Trek) -> list[str]:
    """Every page and data file of a trek, for the offline cache."""
    return [
        url_for("treks.overview", slug=trek.slug),
        *(url_for("treks.stage", slug=trek.slug, number=s.number) for s in trek.stages),
        *(url_for("treks.waypoint", slug=trek.slug, wp_slug=w.slug) for w in trek.waypoints),
        url_for("maps.trek_map", slug=trek.slug),
        url_for("treks.logistics", slug=trek.slug),
        url_for("treks.tips", slug=trek.slug),
        url_for("treks.gear", slug=trek.slug),
        url_for("treks.emergency", slug=trek.slug),
        url_for("treks.phrases", slug=trek.slug),
        url_for("treks.profile_json", slug=trek.slug),
        url_for("main.home"),
    ]

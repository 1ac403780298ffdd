"""What "Save this trip for offline" fetches: every page of the trip, then its trek's."""

from __future__ import annotations

from flask import url_for

from laresapp.treks.offline import trek_urls
from laresapp.trips.models import Trip


def trip_urls(trip: Trip) -> list[str]:
    """Every page of the trip, then every page of its trek, for the offline cache."""
    token = trip.token
    urls = [
        url_for("trips.today", token=token),
        *(url_for("trips.day", token=token, number=s.number) for s in trip.trek.stages),
        url_for("trips.gear", token=token),
        url_for("sync.trip_manifest", token=token),
        url_for("plan.plan", token=token),
        url_for("plan.checklist", token=token),
        url_for("trips.share", token=token),
    ]
    return urls + [u for u in trek_urls(trip.trek) if u not in urls]

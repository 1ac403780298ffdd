"""Who a rate limit counts, behind a reverse proxy and across workers.

* **The client's address.** Behind the README's reverse proxy every request comes from
  the proxy, so every client shared one bucket: one flood gave 429 to everyone and locked
  the organiser out. ``TRUSTED_PROXIES`` (the number of proxies in front of the app,
  default 0) applies Werkzeug's ``ProxyFix``, which takes the client's address (and
  scheme) from that many ``X-Forwarded-For`` / ``X-Forwarded-Proto`` hops, and no more,
  so a client cannot forge its own address by sending the header itself.
* **The trip, where a trip is the unit.** Every write to a trip (ticks, notes, the day,
  the plan form and the outbox's operations) shares one bucket per trip: a leaked link
  cannot flood a trip from many addresses, and a flood on one trip leaves the others
  (and the organiser) alone.
* **A shared store.** Limits live in ``RATELIMIT_STORAGE_URI``; with several workers or
  servers that must be Redis (``redis://…``), or each worker counts alone.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from laresapp.extensions import limiter

TRIP_WRITE_LIMIT = "120 per minute; 2000 per hour"
"""A party ticking on the trail makes a few writes a minute; a phone back in signal sends
its whole outbox in a batch or two. A refused write stays in the outbox for later."""

trip_writes = limiter.shared_limit(
    lambda: TRIP_WRITE_LIMIT,
    scope="trip-writes",
    key_func=lambda: "trip:" + str((request.view_args or {}).get("token", "")),
)
"""Decorator for every view that writes to a trip: one bucket per trip token."""


def init_app(app: Flask) -> None:
    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

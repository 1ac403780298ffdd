"""Time to render trek pages from scratch (no kept copy), in English and in Spanish: what
the one text helper ``tr()`` costs a page. Medians of interleaved rounds, per page.
Run it on two checkouts to compare (``PYTHONPATH=<other checkout>``); a checkout without
languages renders English both times. Prints numbers; asserts nothing.
Usage: .venv/bin/python bench/trek_page_render.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time

from flask import g, render_template

from laresapp import create_app
from laresapp.extensions import db
from laresapp.treks.models import Trek

PAGES = ("overview", "stage", "waypoint", "gear", "tips")


def render(name: str, trek: Trek) -> str:
    if name == "overview":
        return render_template("treks/overview.html", trek=trek)
    if name == "stage":
        return render_template("treks/stage.html", trek=trek, stage=trek.stages[1])
    if name == "waypoint":
        wp = trek.waypoints[6]
        return render_template("treks/waypoint.html", trek=trek, wp=wp, prev_wp=None, next_wp=None)
    return render_template(f"treks/{name}.html", trek=trek)


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.sqlite",
                "SECRET_KEY": "b",
                "RATELIMIT_ENABLED": False,
            }
        )
        times: dict[tuple[str, str], list[float]] = {}
        with app.test_request_context("/"):
            trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
            assert trek is not None
            for _ in range(rounds):
                for lang in ("en", "es"):
                    g.lang = lang
                    for name in PAGES:
                        start = time.perf_counter()
                        for _ in range(20):
                            render(name, trek)
                        times.setdefault((name, lang), []).append((time.perf_counter() - start) / 20)
        print(f"{rounds} interleaved rounds of 20 renders; median ms per page:")
        for name in PAGES:
            en = statistics.median(times[(name, "en")]) * 1000
            es = statistics.median(times[(name, "es")]) * 1000
            print(f"  {name:9} en {en:6.2f} ms   es {es:6.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)

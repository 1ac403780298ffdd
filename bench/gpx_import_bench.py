"""How much the safe import costs over bare gpxpy parsing, on a 100,000-point file.

Run: .venv/bin/python bench/gpx_import_bench.py
Prints the best of three timings and the peak traced memory of ``gpxpy.parse`` alone and
of the import's parse and build (``read_gpx`` + ``gpx_to_trek``), and their ratio. The aim
is a ratio of at most 1.5: the safety check and our own work must not double the cost of
parsing. A last line times what ``flask import-gpx`` and the upload page really do,
``laresapp.treks.gpx.import_gpx``: parse, build, derive profile/stages/waypoints and write the rows
to a fresh SQLite database, committed (its ratio to the bare parse is printed too). That
ratio has the same aim, at most 1.5: storing a trek smooths the elevations, places the
waypoints and sums every stage, and each of these must stay linear and cheap (see
``route/profile.py:_smooth``, ``route/snap.py:_search``, ``route/timing.py:section_summary``).
Run it on a quiet machine: the timings are wall-clock.
"""

from __future__ import annotations

import math
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import gpxpy

from laresapp.core.gpx.read import read_gpx
from laresapp.core.gpx.to_trek import gpx_to_trek

POINTS = 100_000


def make_gpx(path: Path, n: int = POINTS) -> None:
    """A long recorded walk near Lares: one fix every ~3 m, times, elevations, 20 waypoints."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
        'xmlns="http://www.topografix.com/GPX/1/1">\n'
    ]
    for k in range(20):
        i = k * n // 20
        out.append(
            f'<wpt lat="{-13.1 - i * 3e-5:.6f}" lon="{-72.0 + 1e-3 * math.sin(i / 500):.6f}">'
            f"<name>Camp {k}</name><sym>Campground</sym></wpt>\n"
        )
    out.append("<trk><name>Bench</name><trkseg>\n")
    for i in range(n):
        lat = -13.1 - i * 3e-5
        lon = -72.0 + 1e-3 * math.sin(i / 500)
        secs = i * 2
        out.append(
            f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{3500 + 300 * math.sin(i / 1000):.1f}'
            f"</ele><time>2024-06-0{1 + secs // 86400}T{secs // 3600 % 24:02d}:"
            f"{secs // 60 % 60:02d}:{secs % 60:02d}Z</time></trkpt>\n"
        )
    out.append("</trkseg></trk></gpx>\n")
    path.write_text("".join(out), encoding="utf-8")


def best_of(runs: int, fn: Callable[[], object]) -> float:
    best = math.inf
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def peak_mib(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.gpx"
        make_gpx(path)
        data = path.read_bytes()

        def bare() -> object:
            return gpxpy.parse(data.decode("utf-8"))

        def whole() -> object:
            return gpx_to_trek(read_gpx(data), slug="bench", split_at_km=None)

        doc = gpx_to_trek(read_gpx(data), slug="bench")
        t_bare, t_whole = best_of(3, bare), best_of(3, whole)
        m_bare, m_whole = peak_mib(bare), peak_mib(whole)
        t_store, m_store = stored_import(Path(tmp), data)
    print(
        f"file: {POINTS:,} points, {len(data) / 2**20:.1f} MiB; trek: {len(doc.stages)} stages, "
        f"{len(doc.waypoints)} waypoints"
    )
    print(f"gpxpy.parse alone      : {t_bare:6.2f} s   peak {m_bare:6.1f} MiB")
    print(f"read_gpx + gpx_to_trek : {t_whole:6.2f} s   peak {m_whole:6.1f} MiB")
    print(f"ratio (whole / bare)   : {t_whole / t_bare:6.2f} time, {m_whole / m_bare:6.2f} memory")
    print(
        f"import_gpx, stored     : {t_store:6.2f} s   peak {m_store:6.1f} MiB   "
        f"({t_store / t_bare:.2f} x bare parse, aim <= 1.5; SQLite, committed)"
    )


def stored_import(tmp: Path, data: bytes) -> tuple[float, float]:
    """The whole import as the CLI runs it, into a fresh SQLite database: best time, peak."""
    from laresapp import create_app
    from laresapp.treks.gpx import import_gpx

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite'}", "SECRET_KEY": "bench"})
    runs = iter(range(100))
    with app.app_context():

        def once() -> object:
            return import_gpx(data, slug=f"bench-{next(runs)}")

        return best_of(3, once), peak_mib(once)


if __name__ == "__main__":
    main()

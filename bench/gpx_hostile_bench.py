"""Time and peak memory of refusing each file of the generated hostile GPX corpus
(tests/hostile_gpx.py). Each file is refused in a fresh child process, so its peak
resident memory (ru_maxrss) is its own; the traced Python peak is measured too.

Run: .venv/bin/python bench/gpx_hostile_bench.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHILD = """
import json, resource, sys, time, tracemalloc
from laresapp.core.errors import RouteError
from laresapp.core.gpx.read import read_gpx
from tests.hostile_gpx import hostile_bytes
data = hostile_bytes(sys.argv[1])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
try:
    read_gpx(data)
    verdict = "ACCEPTED"
except RouteError as e:
    verdict = str(e)[:70]
elapsed = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
try:
    read_gpx(data)
except RouteError:
    pass
peak = tracemalloc.get_traced_memory()[1]
out = {"bytes": len(data), "s": elapsed, "rss_kib": rss, "base_kib": base, "peak": peak}
print(json.dumps({**out, "verdict": verdict}))
"""


def main() -> None:
    from tests.hostile_gpx import HOSTILE_CASES

    print(f"{'file':34} {'size':>9} {'time':>8} {'maxrss':>9} {'+rss':>8} {'py peak':>9}  refusal")
    for name in sorted(HOSTILE_CASES):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, name], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
        r = json.loads(out)
        print(
            f"{name:34} {r['bytes'] / 2**20:7.2f}MB {r['s'] * 1000:6.0f}ms {r['rss_kib'] / 1024:7.0f}MB "
            f"{(r['rss_kib'] - r['base_kib']) / 1024:6.0f}MB {r['peak'] / 2**20:7.1f}MB  {r['verdict']}"
        )


if __name__ == "__main__":
    main()

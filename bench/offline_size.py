"""What "Save for offline" costs a phone: bytes for one trek, raw and gzip-compressed.

Counts the app shell the service worker precaches (CSS, JS, icons, offline pages, htmx)
plus every URL the trek's offline.json lists. Prints numbers; asserts nothing.
Usage: .venv/bin/python bench/offline_size.py [slug ...]
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

from laresapp import create_app
from laresapp.config import HTMX_VERSION

REPO = Path(__file__).resolve().parents[1]
HTMX_COPY = REPO / "tests" / "browser" / ".htmx" / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"


def sizes(body: bytes) -> tuple[int, int]:
    return len(body), len(gzip.compress(body, compresslevel=6))


def main(slugs: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
            }
        )
        client = app.test_client()
        with app.test_request_context():
            from laresapp.pwa.views import shell_urls

            shell = shell_urls()
        shell_raw = shell_gz = 0
        for url in shell:
            raw, gz = sizes(client.get(url).data)
            shell_raw += raw
            shell_gz += gz
        sw_raw, sw_gz = sizes(client.get("/sw.js").data)
        if HTMX_COPY.exists():
            htmx_raw, htmx_gz = sizes(HTMX_COPY.read_bytes())
        else:
            htmx_raw = htmx_gz = 0
            print(f"(htmx {HTMX_VERSION} copy not found: run tests/run.sh once to count it)")
        print(
            f"app shell: {len(shell)} files, {shell_raw / 1024:.1f} KB raw, "
            f"{shell_gz / 1024:.1f} KB gzip (+ sw.js {sw_raw / 1024:.1f}/{sw_gz / 1024:.1f} KB, "
            f"htmx {htmx_raw / 1024:.1f}/{htmx_gz / 1024:.1f} KB)"
        )
        for slug in slugs:
            manifest = client.get(f"/treks/{slug}/offline.json").get_json()
            total_raw = total_gz = 0
            largest = ("", 0)
            for url in manifest["urls"]:
                raw, gz = sizes(client.get(url).data)
                total_raw += raw
                total_gz += gz
                if raw > largest[1]:
                    largest = (url, raw)
            all_raw = total_raw + shell_raw + sw_raw + htmx_raw
            all_gz = total_gz + shell_gz + sw_gz + htmx_gz
            print(
                f"{slug}: {len(manifest['urls'])} pages/data files, {total_raw / 1024:.1f} KB raw, "
                f"{total_gz / 1024:.1f} KB gzip; largest {largest[0]} {largest[1] / 1024:.1f} KB"
            )
            print(
                f"{slug} + shell + htmx: {all_raw / 1024:.1f} KB raw, {all_gz / 1024:.1f} KB gzip "
                f"(aim: under 300 KB gzip)"
            )


if __name__ == "__main__":
    main(sys.argv[1:] or ["lares-a", "lares-b"])

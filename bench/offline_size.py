"""What "Save for offline" costs a phone: bytes for one trek, raw and gzip-compressed,
and what the app really sends: the first save and a re-save with nothing changed, as
Chromium asks (br) and as a gzip-only client asks, bodies and response headers.

Counts the app shell the service worker precaches (CSS, JS, icons, offline pages, htmx)
plus every URL the trek's offline.json lists, for the English and for the Spanish copy.
Prints numbers; asserts nothing.
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
# Each language's copy is saved on its own ("Save for offline" saves the page's language and
# offers the other): the numbers per language are what each save adds.
LANG_PREFIXES = {"en": "", "es": "/es"}
HTMX_COPY = REPO / "tests" / "browser" / ".htmx" / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"


def sizes(body: bytes) -> tuple[int, int]:
    return len(body), len(gzip.compress(body, compresslevel=6))


def header_bytes(resp) -> int:  # type: ignore[no-untyped-def]
    return len(f"HTTP/1.1 {resp.status}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in resp.headers.items()) + 2


def on_the_wire(client, urls: list[str], encoding: str) -> None:  # type: ignore[no-untyped-def]
    """The first save (shell + trek list + every file) and a re-save with the ETags the
    phone kept (the worker's shell is not fetched again: it only changes with a release)."""
    etags: dict[str, str] = {}
    first_body = first_head = 0
    for url in urls:
        resp = client.get(url, headers={"Accept-Encoding": encoding})
        first_body += len(resp.data)
        first_head += header_bytes(resp)
        if resp.headers.get("ETag"):
            etags[url] = resp.headers["ETag"]
    again_body = again_head = not_modified = 0
    for url in urls:
        headers = {"Accept-Encoding": encoding}
        if url in etags:
            headers["If-None-Match"] = etags[url]
        resp = client.get(url, headers=headers)
        not_modified += resp.status_code == 304
        again_body += len(resp.data)
        again_head += header_bytes(resp)
    print(
        f"  on the wire, Accept-Encoding {encoding!r}: first save {first_body / 1024:.1f} KB bodies "
        f"+ {first_head / 1024:.1f} KB headers; re-save {again_body / 1024:.2f} KB bodies + "
        f"{again_head / 1024:.1f} KB headers ({not_modified} of {len(urls)} answered 304)"
    )


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
            from laresapp.pwa.worker import shell_urls

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
        for slug, lang in [(slug, lang) for slug in slugs for lang in LANG_PREFIXES]:
            manifest = client.get(f"{LANG_PREFIXES[lang]}/treks/{slug}/offline.json").get_json()
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
                f"{slug} ({lang}): {len(manifest['urls'])} pages/data files, {total_raw / 1024:.1f} KB raw, "
                f"{total_gz / 1024:.1f} KB gzip; largest {largest[0]} {largest[1] / 1024:.1f} KB"
            )
            print(
                f"{slug} ({lang}) + shell + htmx: {all_raw / 1024:.1f} KB raw, {all_gz / 1024:.1f} KB gzip "
                f"(aim: under 300 KB gzip)"
            )
            listed = [f"{LANG_PREFIXES[lang]}/treks/{slug}/offline.json", *manifest["urls"]]
            print(f"{slug} ({lang}): what the app sends (htmx comes from its CDN and is not counted here)")
            for encoding in ("gzip, deflate, br, zstd", "gzip"):
                on_the_wire(client, [*shell, "/sw.js", *listed], encoding)


if __name__ == "__main__":
    main(sys.argv[1:] or ["lares-a", "lares-b"])

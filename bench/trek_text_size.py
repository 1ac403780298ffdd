"""What the treks' Spanish costs (issue 13, 13b): bytes it adds to the bundled documents,
and the bytes of a trek's "Save for offline" list rendered in English and in Spanish.

The documents are measured as shipped and with every ``"es"`` text taken out (what an
English-only file of the same content weighs). The pages are rendered with the page
language set as the app will set it (``g.lang``), at today's URLs; a language's offline
copy is one language's pages, so the other language costs nothing until it is saved too.
Prints numbers; asserts nothing. Usage: .venv/bin/python bench/trek_text_size.py
"""

from __future__ import annotations

import gzip
import json
import tempfile
from typing import Any

from flask import g

from laresapp import create_app
from laresapp.treks.store import BUNDLED_FILES, bundled_path


def sizes(body: bytes) -> tuple[int, int]:
    return len(body), len(gzip.compress(body, compresslevel=6))


def english_only(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) <= {"en", "es"} and "en" in value:
            return value["en"]
        return {k: english_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [english_only(v) for v in value]
    return value


def documents() -> None:
    for name in BUNDLED_FILES:
        text = bundled_path(name).read_bytes()
        raw = json.loads(text)
        en = json.dumps(english_only(raw), indent=1, ensure_ascii=False).encode("utf-8")
        both = json.dumps(raw, indent=1, ensure_ascii=False).encode("utf-8")
        (b_raw, b_gz), (e_raw, e_gz) = sizes(both), sizes(en)
        print(
            f"{name}: file {len(text) / 1024:.1f} KB; the Spanish adds {(b_raw - e_raw) / 1024:.1f} KB raw, "
            f"{(b_gz - e_gz) / 1024:.1f} KB gzip ({e_gz / 1024:.1f} → {b_gz / 1024:.1f} KB gzip, same layout)"
        )


def pages(lang: str, tmp: str) -> dict[str, tuple[int, int, int]]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench-{lang}.sqlite",
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "LANGUAGE": lang,
        }
    )

    @app.before_request
    def _lang() -> None:
        g.lang = lang

    client = app.test_client()
    out: dict[str, tuple[int, int, int]] = {}
    for slug in ("lares-a", "lares-b"):
        urls = client.get(f"/treks/{slug}/offline.json").get_json()["urls"]
        total_raw = total_gz = 0
        for url in urls:
            raw, gz = sizes(client.get(url).data)
            total_raw += raw
            total_gz += gz
        out[slug] = (len(urls), total_raw, total_gz)
    return out


def main() -> None:
    documents()
    with tempfile.TemporaryDirectory() as tmp:
        by_lang = {lang: pages(lang, tmp) for lang in ("en", "es")}
    for slug, (count, en_raw, en_gz) in by_lang["en"].items():
        _, es_raw, es_gz = by_lang["es"][slug]
        print(
            f"{slug} save list ({count} files): English {en_raw / 1024:.1f} KB raw / "
            f"{en_gz / 1024:.1f} KB gzip; "
            f"Spanish trek text {es_raw / 1024:.1f} KB / {es_gz / 1024:.1f} KB "
            f"({(es_gz - en_gz) / 1024:+.1f} KB gzip; UI words still English until 13a)"
        )


if __name__ == "__main__":
    main()

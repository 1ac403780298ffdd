"""Every module a page's widgets run ("Where am I?", the recorder, the map) is asked for with
the page (``<link rel="modulepreload">``), so on a weak signal they do not wait one round trip
per level of imports; each once, none that is only imported on demand."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tests.helpers import REPO

STATIC = REPO / "static"
IMPORT = re.compile(r"""^\s*import\s+(?:[^'"]*?\s+from\s+)?['"](\./[^'"]+\.js)['"]""", re.M)


def imports_of(name: str) -> set[str]:
    """The static imports of static/js/<name>, read here from the source (not the app's code)."""
    return {m.group(1)[2:] for m in IMPORT.finditer((STATIC / "js" / name).read_text())}


def needed(entries: list[str]) -> set[str]:
    todo, seen = list(entries), set()
    while todo:
        for dep in imports_of(todo.pop()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def preloads_and_modules(client: FlaskClient, url: str) -> tuple[list[str], list[str]]:
    page = BeautifulSoup(client.get(url).data, "html.parser")
    names = [Path(link["href"].split("?")[0]).name for link in page.select('link[rel="modulepreload"]')]
    modules = [Path(s["src"].split("?")[0]).name for s in page.select('script[type="module"]')]
    return names, modules


def test_a_page_preloads_every_module_its_scripts_import_once(client: FlaskClient) -> None:
    for url in [
        "/treks/lares-a/stages/2",
        "/treks/lares-a/map",
        "/treks/lares-a/",
        "/es/treks/lares-b/stages/1",
    ]:
        names, modules = preloads_and_modules(client, url)
        assert len(names) == len(set(names)), (url, names)
        widgets = [m for m in modules if m != "app.js"]  # app.js's graph: see docs/decisions.md
        assert set(names) == needed(widgets) - set(modules), url
    # Imported on demand only (a base map's code): not asked for on a trek without one.
    names, _ = preloads_and_modules(client, "/treks/lares-a/map")
    assert "map-basemap.js" not in names and "map-style.js" not in names
    assert imports_of("map-basemap.js") and "map-basemap.js" not in needed(["map.js"])

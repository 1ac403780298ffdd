"""Static JS and CSS are served minified (laresapp/web/static_build.py): smaller, and the same
program — every JS file's minified text has exactly the tokens of the file (espree, ESLint's
parser), so no string, template literal or regular expression was changed and nothing was
joined into a file that no longer parses; a served file's hash is of the minified body."""

from __future__ import annotations

import gzip
import json
import subprocess

from flask.testing import FlaskClient

from laresapp.web import static_build
from tests.helpers import REPO
from tests.test_js import node

STATIC = REPO / "static"


def test_every_script_is_served_minified_with_the_same_tokens() -> None:
    scripts = sorted(p for p in STATIC.rglob("*.js") if p.is_file())
    assert len(scripts) > 20
    pairs = [
        [str(p.relative_to(REPO)), p.read_text("utf-8"), static_build.minify(".js", p.read_bytes()).decode()]
        for p in scripts
    ]
    result = subprocess.run(
        [node(), str(REPO / "tests" / "js" / "same-tokens.mjs")],
        input=json.dumps(pairs),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    before = sum(len(gzip.compress(raw.encode())) for _n, raw, _m in pairs)
    after = sum(len(gzip.compress(mini.encode())) for _n, _r, mini in pairs)
    assert after < before * 0.85, (before, after)


def test_served_files_are_minified_and_hashed_as_served(client: FlaskClient) -> None:
    css = client.get("/static/css/map.css")
    assert css.status_code == 200
    body = css.get_data(as_text=True)
    assert "/*" not in body and ".map-canvas{" in body
    js = client.get("/static/js/map.js")
    text = js.get_data(as_text=True)
    assert "// The trek's map" not in text and "map-geo.js?v=" in text  # imports still rewritten
    built = static_build.build(STATIC / "js" / "map.js")
    assert built.body.decode() == text and built.digest in client.get("/treks/lares-a/map").get_data(
        as_text=True
    )

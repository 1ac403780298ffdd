"""The JavaScript checks, run inside pytest so one summary counts all: the unit tests
(``node --test tests/js/``), ESLint over static/js, tests/js and bench, and the worker
script ``/sw.js`` as the server renders it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import Flask

from laresapp import create_app
from laresapp.pwa.worker import WORKER_SCRIPT
from tests.helpers import REPO, make_config

ESLINT = REPO / "tests" / ".jstools" / "node_modules" / "eslint" / "bin" / "eslint.js"


def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail("node is needed for the JavaScript tests (Debian: apt-get install nodejs)")
    return path


def test_node_unit_tests_pass() -> None:
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "tests" / "js").glob("*.test.mjs"))
    assert files, "no JavaScript tests found in tests/js/"
    result = subprocess.run([node(), "--test", *files], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout, result.stdout


def test_eslint_finds_nothing() -> None:
    if not ESLINT.exists():
        pytest.fail("ESLint is not installed in tests/.jstools/: run bash tests/run.sh once")
    result = subprocess.run(
        [node(), str(ESLINT), "--max-warnings", "0", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, "ESLint findings:\n" + result.stdout + result.stderr


def test_js_files_stay_readable_in_one_sitting() -> None:
    files = [
        *(REPO / "static").rglob("*.js"),
        *(REPO / "tests" / "js").glob("*.mjs"),
        *(REPO / "bench").glob("*.mjs"),
    ]
    long = {str(p.relative_to(REPO)): n for p in files if (n := len(p.read_text().splitlines())) >= 400}
    assert not long, f"JavaScript files of 400 lines or more: {long}"


# Runs the rendered /sw.js in node with a stand-in `self` whose importScripts() reads the
# imported files from the static folder, and reports what the worker set up.
RUN_WORKER = r"""
const fs = require('node:fs');
const vm = require('node:vm');
const [source, staticDir, staticUrl] = JSON.parse(fs.readFileSync(0, 'utf8'));
const events = [];
const imported = [];
const self = {
  location: { origin: 'http://localhost' }, caches: {}, clients: {},
  fetch() {}, skipWaiting() {},
  addEventListener(type) { events.push(type); },
  importScripts(...urls) {
    for (const url of urls) {
      imported.push(url);
      const file = staticDir + '/' + url.slice(staticUrl.length).split('?')[0];
      vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
    }
  },
};
// As in a worker, `self` is the global object.
Object.assign(self, { self, console, URL, Response, Headers, setTimeout, clearTimeout });
const context = vm.createContext(self);
vm.runInContext(source, context, { filename: 'sw.js' });
console.log(JSON.stringify({
  config: self.LARES_SW_CONFIG, imported, events: events.sort(),
  outbox: typeof self.LaresOutbox, worker: typeof self.LaresWorker,
  spanish: self.LARES_I18N_ES && self.LARES_I18N_ES['Offline'],
}));
"""


def run_worker(app: Flask) -> dict:  # type: ignore[type-arg]
    response = app.test_client().get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    static = app.static_folder
    payload = json.dumps([response.get_data(as_text=True), static, "/static/"])
    result = subprocess.run(
        [node(), "-e", RUN_WORKER], input=payload, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_served_worker_is_its_config_and_imports_the_worker_module(app: Flask) -> None:
    ran = run_worker(app)
    cfg = ran["config"]
    # sw-map.js (the map library's keeper) adds its own install, activate and fetch listeners.
    assert ran["events"] == [
        "activate",
        "activate",
        "fetch",
        "fetch",
        "install",
        "install",
        "message",
        "sync",
    ]
    assert ran["outbox"] == "object" and ran["worker"] == "object"
    assert ran["spanish"] == "Sin conexión"  # the scripts' catalogue, for what the worker says
    assert [u.split("?")[0] for u in ran["imported"]] == [
        "/static/js/i18n-es.js",
        "/static/js/outbox.js",
        "/static/js/sw-map.js",
        "/static/js/sw-lang.js",
        "/static/js/sw.js",
    ]
    assert all("?v=" in u for u in ran["imported"])
    assert cfg["urls"] == {
        "offline": "/offline",
        "missing": "/offline/not-found",
        "worker": "/sw.js",
        "static": "/static/",
        "trek": "/treks/SLUG/",
    }
    assert cfg["slug"] == "SLUG"
    # The outbox replays from the worker with the same URL templates the pages carry.
    assert cfg["routes"] == {
        "worker": "/sw.js",
        "scope": "/",
        "tripOps": "/t/TOKEN/ops",
        "tripState": "/t/TOKEN/state.json",
        "tripRecordings": "/t/TOKEN/recordings",
        "token": "TOKEN",
    }
    assert "/offline" in cfg["shell"] and ran["imported"][-1] in cfg["shell"]
    # Each language's own pages, kept at install; Spanish pages are under /es/ (sw-lang.js).
    assert {"/es/offline", "/es/offline/not-found"} <= set(cfg["shell"])
    assert cfg["langs"] == {
        "default": "en",
        "prefixes": {"es": "/es"},
        "home": {"en": "/", "es": "/es/"},
        "offline": {"en": "/offline", "es": "/es/offline"},
        "missing": {"en": "/offline/not-found", "es": "/es/offline/not-found"},
    }
    assert [a["url"] for a in cfg["map"]["assets"]][:1] == [app.config["LEAFLET_URL"]]
    assert cfg["htmx"]["url"] == app.config["HTMX_URL"]
    # The logic lives in static/js/sw.js, not in the template.
    body = app.test_client().get("/sw.js").get_data(as_text=True)
    assert "addEventListener" not in body
    assert len((REPO / "templates" / "pwa" / "sw.js").read_text().splitlines()) < 10


def test_worker_version_changes_with_the_worker_module(db_path: Path, tmp_path: Path) -> None:
    static = tmp_path / "static"
    shutil.copytree(REPO / "static", static)
    app = create_app(make_config(db_path, STATIC_FOLDER=str(static)))
    before = run_worker(app)["config"]["version"]
    module = static / WORKER_SCRIPT
    module.write_text(module.read_text() + "\n'a new release';\n")  # code: a comment is minified away
    after = run_worker(app)["config"]
    assert after["version"] != before

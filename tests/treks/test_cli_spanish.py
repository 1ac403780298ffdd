"""The CLI speaks the terminal's language: Spanish under ``LANG=es_PE.UTF-8``, English by
default (``C``, unset, or a language the app has not)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from laresapp.web.i18n import terminal_lang
from tests.helpers import CORPUS, HOSTILE, needs_corpus, row_counts

SPANISH = {"LANG": "es_PE.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def run_in(app: Flask, env: dict[str, str], *args: str | Path):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=[str(a) for a in args], env=env)


def test_a_refused_import_in_a_spanish_terminal_says_why_in_spanish(app: Flask, tmp_path: Path) -> None:
    before = row_counts(app)
    result = run_in(app, SPANISH, "import-gpx", HOSTILE / "wrong_root.gpx", tmp_path / "nope.gpx")
    assert result.exit_code == 1
    assert "wrong_root.gpx: no se importó: esto no es un archivo GPX" in result.output
    assert "nope.gpx: no se importó: no existe ese archivo" in result.output
    assert "2 de 2 archivo(s) no se importaron" in result.output
    assert "not imported" not in result.output
    assert row_counts(app) == before


@needs_corpus
def test_an_import_summary_in_a_spanish_terminal(app: Flask) -> None:
    result = run_in(app, SPANISH, "import-gpx", CORPUS / "korita-zbevnica.gpx")
    assert result.exit_code == 0, result.output
    assert "korita-zbevnica.gpx: Se importó '" in result.output
    assert "2 día(s), 27,6 km" in result.output and "altitud:" in result.output
    assert "stage(s)" not in result.output


def test_the_same_refusal_in_an_english_terminal(app: Flask) -> None:
    result = run_in(
        app, {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}, "import-gpx", HOSTILE / "wrong_root.gpx"
    )
    assert result.exit_code == 1
    assert "wrong_root.gpx: not imported: this is not a GPX file" in result.output


def test_export_and_basemap_name_an_unknown_trek_in_spanish(app: Flask, tmp_path: Path) -> None:
    result = run_in(app, SPANISH, "export-gpx", "nowhere")
    assert result.exit_code != 0 and "no hay ninguna ruta 'nowhere' (conocidas: lares-a" in result.output
    result = run_in(app, SPANISH, "import-basemap", "nowhere", tmp_path / "x.pmtiles")
    assert result.exit_code != 0 and "no hay ninguna ruta 'nowhere'" in result.output


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "es_PE.UTF-8"}, "es"),
        ({"LC_ALL": "es_ES.UTF-8", "LANG": "en_GB.UTF-8"}, "es"),
        ({"LC_ALL": "C", "LANG": "es_PE.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_terminal_language_follows_posix_order(env: dict[str, str], lang: str) -> None:
    assert terminal_lang(env) == lang

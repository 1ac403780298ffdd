"""The Python checks, run inside pytest so the README's one test command holds the line:
ruff (lint and format), mypy over the package, ``mypy --strict`` over the Flask-free core,
and a length limit that keeps every Python file readable in one sitting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    tool = BIN / args[0]
    if not tool.exists():
        pytest.fail(f"{args[0]} is not installed beside {sys.executable}: run bash tests/run.sh once")
    return subprocess.run([str(tool), *args[1:]], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_check_finds_nothing() -> None:
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_would_change_nothing() -> None:
    result = run("ruff", "format", "--no-cache", "--check", ".")
    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr


def test_mypy_passes_on_the_package() -> None:
    result = run("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_the_core() -> None:
    result = run("mypy", "--strict", "--no-incremental", "laresapp/core")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_imports_nothing_from_flask_or_the_database() -> None:
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "laresapp" / "core").rglob("*.py")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import ", "from "))
        and any(
            f" {name}" in line or f" {name}." in line
            for name in ("flask", "flask_sqlalchemy", "sqlalchemy", "werkzeug", "laresapp.extensions")
        )
    ]
    assert not offenders, f"core modules importing Flask or the database: {offenders}"


def test_python_files_stay_readable_in_one_sitting() -> None:
    roots = ("laresapp", "tests", "tools", "bench")
    files = [p for root in roots for p in (REPO / root).rglob("*.py") if ".venv" not in p.parts]
    long = {str(p.relative_to(REPO)): n for p in files if (n := len(p.read_text().splitlines())) > 400}
    assert not long, f"Python files over 400 lines: {long}"

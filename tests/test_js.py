"""Runs the JavaScript unit tests (``node --test tests/js/``) as part of the pytest run."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.helpers import REPO


def test_node_unit_tests_pass() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the JavaScript tests (Debian: apt-get install nodejs)")
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "tests" / "js").glob("*.test.mjs"))
    assert files, "no JavaScript tests found in tests/js/"
    result = subprocess.run(
        [node, "--test", *files], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout, result.stdout

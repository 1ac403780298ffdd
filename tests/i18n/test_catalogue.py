"""The Spanish catalogue covers everything the app shows: messages are extracted from the
templates and the Python code here, in the test (``pybabel extract`` with the project's
``babel.cfg``), and every one must have a Spanish entry that is neither empty nor fuzzy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.helpers import REPO

PO = REPO / "laresapp" / "translations" / "es" / "LC_MESSAGES" / "messages.po"


def extracted(tmp_path: Path) -> list[str | tuple[str, ...]]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "N_", "-k", "Msg", "-o", str(pot), "."],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as f:
        return [m.id for m in read_po(f) if m.id]


def test_every_message_the_app_shows_has_spanish(tmp_path: Path) -> None:
    ids = extracted(tmp_path)
    assert len(ids) > 300, "the extraction found too few messages: is babel.cfg right?"
    with PO.open("rb") as f:
        spanish = read_po(f, locale="es")
    missing = []
    for msgid in ids:
        entry = spanish.get(msgid)
        strings = entry.string if entry is not None else ""
        forms = strings if isinstance(strings, tuple | list) else (strings,)
        if entry is None or entry.fuzzy or not all(forms):
            missing.append(msgid if isinstance(msgid, str) else msgid[0])
    assert not missing, f"{len(missing)} messages have no Spanish (empty, fuzzy or absent): {missing[:20]}"


def test_the_spanish_keeps_every_placeholder() -> None:
    """A translation that drops or renames ``%(name)s`` would break the page at run time."""
    with PO.open("rb") as f:
        spanish = read_po(f, locale="es")
    import re

    slot = re.compile(r"%\([a-z_]+\)[sd]")
    wrong = []
    for m in spanish:
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = set(slot.findall(ids[-1]))
        for s in strings:
            if set(slot.findall(s)) - want or (want - set(slot.findall(s)) and len(strings) == 1):
                wrong.append(ids[0])
    assert not wrong, wrong

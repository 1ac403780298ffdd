"""The generated hostile corpus (tests/hostile_gpx.py): every file is refused with a
message, in this very process (a crash would end the test run), within bounded memory,
and the scan reads exactly what gpxpy builds its tree from."""

from __future__ import annotations

import tracemalloc
from typing import Any

import gpxpy.parser
import pytest

from laresapp.core.errors import RouteError
from laresapp.core.gpx import safety
from laresapp.core.gpx.decode import DecodedGpx
from laresapp.core.gpx.read import read_gpx
from tests.hostile_gpx import HOSTILE_CASES, hostile_bytes


@pytest.mark.parametrize("name", sorted(HOSTILE_CASES))
def test_hostile_file_is_refused_in_process_with_bounded_memory(name: str) -> None:
    data = hostile_bytes(name)
    assert len(data) < 8 * 2**20, "each file fits the upload limit"
    tracemalloc.start()
    try:
        with pytest.raises(RouteError) as info:
            read_gpx(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert HOSTILE_CASES[name][1] in str(info.value), str(info.value)[:300]
    # The decoded text and the copies the scan makes are a few times the file; a tree
    # or an entity expansion would be many times more.
    assert peak < 6 * len(data) + 16 * 2**20, f"{name}: peak {peak / 2**20:.1f} MiB"


def test_the_prescan_reads_what_gpxpy_builds_its_tree_from(monkeypatch: pytest.MonkeyPatch) -> None:
    """gpxpy edits the text (drops the first xmlns="…") before ElementTree sees it: the
    safety scan must check that edited text, or a comment cut open hides a DOCTYPE."""
    seen: list[str] = []
    real = gpxpy.parser.mod_etree.XML

    def spy(text: str, *args: Any) -> Any:
        seen.append(text)
        return real(text, *args)

    monkeypatch.setattr(gpxpy.parser.mod_etree, "XML", spy)
    text = (
        '<?p a xmlns="x"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
        '<trk><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1.1" lon="2"/></trkseg></trk></gpx>'
    )
    with pytest.raises(RouteError, match="no track or route points"):  # the root kept its namespace
        read_gpx(text.encode())
    assert seen == [safety.gpxpy_view(text)]
    assert seen[0] != text


def test_limits_leave_real_files_alone() -> None:
    """A deep-ish extension (Garmin's TrackPointExtension nests 7 deep) and long names pass."""
    ext = "<extensions>" + "<x:e>" * 5 + "1" + "</x:e>" * 5 + "</extensions>"
    desc = "Camp near the lake. " * 2000
    text = (
        '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1" xmlns:x="urn:x">'
        f'<wpt lat="-13.1" lon="-72"><name>Camp</name><desc>{desc}</desc></wpt>'
        f'<trk><trkseg><trkpt lat="-13.1" lon="-72">{ext}</trkpt><trkpt lat="-13.2" lon="-72.1"/>'
        "</trkseg></trk></gpx>"
    )
    parsed = read_gpx(text.encode())
    assert parsed.waypoints[0].description == desc.strip()


def test_limits_are_parameters() -> None:
    text = '<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>'
    with pytest.raises(RouteError, match="nested more than 3 deep"):
        safety.check_safe(DecodedGpx(text=text), safety.GpxLimits(max_depth=3))


def test_scan_errors_read_like_parser_errors() -> None:
    with pytest.raises(RouteError, match="closing tag does not match"):
        read_gpx(b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"></trk></gpx>')

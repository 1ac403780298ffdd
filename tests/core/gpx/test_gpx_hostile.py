"""Hostile and broken GPX files are refused with a message that says what is wrong.

Each file in tests/data/hostile/ is small and hand-made; the over-size file is generated
here so that nothing big is committed.
"""

from __future__ import annotations

import time

import pytest

from laresapp.core.errors import RouteError
from laresapp.core.gpx.read import read_gpx
from laresapp.core.gpx.to_trek import gpx_to_trek
from tests.helpers import HOSTILE
from tests.helpers import HOSTILE_EXPECTED as EXPECTED


def test_every_hostile_file_has_an_expectation() -> None:
    on_disk = {p.name for p in HOSTILE.iterdir()}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_refused_with_a_clear_message(name: str) -> None:
    data = (HOSTILE / name).read_bytes()
    started = time.perf_counter()
    with pytest.raises(RouteError) as info:
        gpx_to_trek(read_gpx(data), slug="hostile")
    assert time.perf_counter() - started < 2.0, "refusing must be quick (no entity expansion)"
    message = str(info.value)
    for part in EXPECTED[name]:
        assert part in message, f"{name}: {message!r} lacks {part!r}"
    assert "Traceback" not in message and "Exception" not in message


def test_the_passwd_file_never_appears() -> None:
    with pytest.raises(RouteError) as info:
        read_gpx((HOSTILE / "external_entity_passwd.gpx").read_bytes())
    assert "root:" not in str(info.value)


def test_over_size_file_is_refused_before_parsing() -> None:
    point = b'<trkpt lat="-13.1" lon="-72.0"><ele>3200.0</ele></trkpt>\n'
    head = b'<?xml version="1.0"?><gpx version="1.1" creator="t"><trk><trkseg>\n'
    body = point * (21 * 2**20 // len(point) + 1)
    data = head + body + b"</trkseg></trk></gpx>"
    assert len(data) > 20 * 2**20
    started = time.perf_counter()
    with pytest.raises(RouteError, match=r"MB, more than the 20 MB allowed"):
        read_gpx(data)
    assert time.perf_counter() - started < 0.5


def test_size_limit_is_a_parameter() -> None:
    data = (HOSTILE / "lat_123.gpx").read_bytes()
    with pytest.raises(RouteError, match="more than"):
        read_gpx(data, max_bytes=100)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"   \n\t ", "the file is empty"),
        (b"hello, this is not xml", "not XML"),
        (b"PK\x03\x04" + b"\x00" * 40, "ZIP archive"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 40, "compressed"),
        (b'<?xml version="1.0" encoding="klingon-8"?><gpx/>', "'klingon-8', which is unknown"),
        (b'<?xml version="1.0" encoding="UTF-16"?><gpx/>', "declares encoding UTF-16"),
        (
            b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"></trk></gpx>',
            "closing tag does not match",
        ),
        (
            b'<gpx version="1.1"><trk><trkseg><trkpt lat="abc" lon="2"/></trkseg></trk></gpx>',
            "invalid value 'abc'",
        ),
        (b'<gpx version="1.1"><trk><trkseg><trkpt lon="2"/></trkseg></trk></gpx>', "no latitude"),
        (
            b'<gpx version="1.1"><wpt lat="91" lon="2"><name>Top</name></wpt></gpx>',
            "waypoint 1 ('Top') has latitude 91.0",
        ),
        (
            b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="inf"/></trkseg></trk></gpx>',
            "longitude infinite",
        ),
        (
            b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>junk',
            "more content after the end",
        ),
        (
            b'<gpx version="1.1"><trk><trkseg><trkpt lat="-13.1" lon="-72"/></trkseg></trk></gpx>',
            "only one track point",
        ),
        (b"<html><body>Please log in</body></html>", "a web page"),
    ],
)
def test_small_broken_inputs(data: bytes, expected: str) -> None:
    with pytest.raises(RouteError) as info:
        gpx_to_trek(read_gpx(data), slug="x")
    assert expected in str(info.value)


def test_utf16_with_bom_is_read() -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?><gpx version="1.1" creator="t">'
        '<trk><name>Ñuñu</name><trkseg><trkpt lat="-13.1" lon="-72"/>'
        '<trkpt lat="-13.2" lon="-72.1"/></trkseg></trk></gpx>'
    )
    parsed = read_gpx(text.encode("utf-16"))
    assert parsed.tracks[0].name == "Ñuñu"


def test_latin1_declared_and_latin1_is_read() -> None:
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><gpx version="1.1" creator="t">'
        '<wpt lat="-13.15" lon="-72.05"><name>Abra Ñuñu</name></wpt>'
        '<trk><trkseg><trkpt lat="-13.1" lon="-72"/>'
        '<trkpt lat="-13.2" lon="-72.1"/></trkseg></trk></gpx>'
    )
    parsed = read_gpx(text.encode("latin-1"))
    assert parsed.waypoints[0].name == "Abra Ñuñu"


def test_a_bad_time_is_ignored_not_fatal() -> None:
    """Times play no part in a trek; gpxpy drops a time it cannot read, and so do we."""
    data = (
        b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"><time>yesterday</time>'
        b'</trkpt><trkpt lat="1.01" lon="2"/></trkseg></trk></gpx>'
    )
    assert read_gpx(data).point_count == 2


def test_bad_split_points_are_refused() -> None:
    data = (HOSTILE.parent / "hostile" / "lat_123.gpx").read_bytes().replace(b"123.4", b"-13.3")
    parsed = read_gpx(data)
    with pytest.raises(RouteError, match="cannot split at 500 km"):
        gpx_to_trek(parsed, slug="x", split_at_km=[500.0])
    with pytest.raises(RouteError, match="lower-case letters"):
        gpx_to_trek(parsed, slug="Not A Slug")

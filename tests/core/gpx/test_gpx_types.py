"""Waypoint kinds from <type>, Garmin <sym> and names in English, Spanish and Quechua."""

from __future__ import annotations

import pytest

from laresapp.core.gpx.kinds import DEFAULT_TYPE, classify_waypoint, fold
from laresapp.core.trek_doc import WAYPOINT_TYPES


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Abra Ipsayjasa", "pass"),
        ("Paso Kiswarani", "pass"),
        ("Q'asa", "pass"),
        ("Huacahuasijasa Pass", "pass"),
        ("Ipsayjasa Pass camp", "campsite"),
        ("Campamento Cuncani", "campsite"),
        ("Campamento Laguna Ipsaycocha", "campsite"),
        ("Fuente de agua", "water"),
        ("Río Lares", "water"),
        ("Spring", "water"),
        ("Stream below Lake Millpo", "water"),
        ("Woodland streams and waterfalls", "water"),
        ("Cruce a la laguna", "junction"),
        ("Desvío", "junction"),
        ("Trail junction at Ipsayjasa Pass", "junction"),
        ("Fork", "junction"),
        ("Laguna Ipsayqocha", "lake"),
        ("Ipsaycocha", "lake"),
        ("Glacial lakes", "lake"),
        ("Small lake below the pass", "lake"),
        ("Pueblo de Lares", "village"),
        ("Comunidad Huacahuasi", "village"),
        ("Mirador", "viewpoint"),
        ("Lares hot springs", "viewpoint"),
        ("Carretera", "road"),
        ("End of the dirt road", "road"),
        ("Town", "town"),
        ("Bus to Cusco", "transport"),
        ("Paradero de colectivos", "transport"),
        ("Estación de tren", "transport"),
        ("Trailhead", "trailhead"),
        ("Inicio", "trailhead"),
        ("Mantanay", DEFAULT_TYPE),
        ("", DEFAULT_TYPE),
        ("001", DEFAULT_TYPE),
    ],
)
def test_names(name: str, expected: str) -> None:
    assert classify_waypoint(name=name) == expected


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        ("Campground", "campsite"),
        ("Drinking Water", "water"),
        ("Summit", "pass"),
        ("Trail Head", "trailhead"),
        ("Crossing", "junction"),
        ("City (Small)", "village"),
        ("City (Medium)", "town"),
        ("Scenic Area", "viewpoint"),
        ("Car", "road"),
        ("Ground Transportation", "transport"),
        ("Parking Area", "trailhead"),
    ],
)
def test_garmin_symbols(symbol: str, expected: str) -> None:
    assert classify_waypoint(name="Somewhere", symbol=symbol) == expected


def test_type_beats_symbol_beats_name() -> None:
    assert classify_waypoint(name="Laguna", symbol="Campground", type_text="junction") == "junction"
    assert classify_waypoint(name="Laguna", symbol="Campground") == "campsite"
    assert classify_waypoint(name="Laguna", symbol="Flag, Blue") == "lake"
    assert classify_waypoint(name="X", type_text="Water Source") == "water"


def test_every_kind_is_reachable_and_valid() -> None:
    for kind in WAYPOINT_TYPES:
        assert classify_waypoint(type_text=kind) == kind
    assert DEFAULT_TYPE in WAYPOINT_TYPES


def test_fold() -> None:
    assert fold("Q'asa Ñuñuchayoc — Río") == "qasa nunuchayoc rio"
    assert fold("  Abra   Ipsay’jasa ") == "abra ipsayjasa"

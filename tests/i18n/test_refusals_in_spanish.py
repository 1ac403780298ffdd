"""Refusals made below the views (the GPX reader in the core, the base-map check) reach a
Spanish organiser page in Spanish: they are messages (``Msg``) said at the web edge."""

from __future__ import annotations

import io

import pytest
from flask import Flask, g
from flask_babel import refresh

from laresapp.core.errors import RouteError
from laresapp.core.gpx.read import read_gpx
from laresapp.extensions import db
from laresapp.maps.basemap import BasemapError, store
from laresapp.treks.models import Trek
from laresapp.web.labels import say
from tests.hostile_gpx import hostile_bytes

GPX_HEAD = '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'


def _spanish(app: Flask):  # type: ignore[no-untyped-def]
    ctx = app.test_request_context("/es/organiser/upload")
    ctx.push()
    g.lang = "es"
    refresh()
    return ctx


def test_gpx_refusals_from_the_core_are_said_in_spanish(app: Flask) -> None:
    ctx = _spanish(app)
    try:
        with pytest.raises(RouteError) as deep:
            read_gpx(hostile_bytes("deep-nesting-40"))
        assert "anidados a más de" in str(say(deep.value.args[0]))
        bad_lat = f'{GPX_HEAD}<wpt lat="91" lon="-72"><name>Top</name></wpt></gpx>'.encode()
        with pytest.raises(RouteError) as lat:
            read_gpx(bad_lat)
        said = str(say(lat.value.args[0]))
        assert said == "el punto de paso 1 («Top») tiene latitud 91.0, fuera de −90…90", said
        assert str(lat.value.args[0]) == "waypoint 1 ('Top') has latitude 91.0, outside −90…90"
    finally:
        ctx.pop()


def test_a_refused_base_map_is_said_in_spanish(app: Flask) -> None:
    ctx = _spanish(app)
    try:
        trek = db.session.scalar(db.select(Trek).where(Trek.slug == "lares-a"))
        assert trek is not None
        with pytest.raises(BasemapError) as empty:
            store(trek, io.BytesIO(b""))
        assert str(say(empty.value.args[0])) == "el archivo está vacío"
        with pytest.raises(BasemapError) as junk:
            store(trek, io.BytesIO(b"this is not an archive" * 20))
        assert str(say(junk.value.args[0])).startswith("no es un archivo PMTiles (versión 3) legible: ")
    finally:
        ctx.pop()

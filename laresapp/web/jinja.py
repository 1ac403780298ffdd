"""Every Jinja filter and global, registered in one place. The functions live where they
belong (number and date formatting in :mod:`laresapp.web.formatting`); this module only
names them for the templates."""

from __future__ import annotations

from flask import Flask

from laresapp.pwa.save_list import save_key
from laresapp.treks.emergency import WAY_OUT_TYPES
from laresapp.treks.profile import elevation_chart
from laresapp.trips.pages import iso_time, new_op_id
from laresapp.web.assets import asset_url, module_preloads
from laresapp.web.client_routes import client_routes
from laresapp.web.formatting import FILTERS
from laresapp.web.labels import kind, label, say
from laresapp.web.trek_text import tr

GLOBALS = {
    "asset_url": asset_url,
    "module_preloads": module_preloads,
    "client_routes": client_routes,
    "elevation_chart": elevation_chart,
    "iso_time": iso_time,
    "new_op_id": new_op_id,
    "save_key": save_key,
    "tr": tr,
    "way_out_types": WAY_OUT_TYPES,
}


def init_app(app: Flask) -> None:
    for fn in (*FILTERS, kind, label, say):
        app.add_template_filter(fn)
    app.jinja_env.globals.update(GLOBALS)

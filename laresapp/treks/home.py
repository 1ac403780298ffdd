"""The home page: which treks there are."""

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.web.i18n import home_redirect, page_route

bp = Blueprint("main", __name__)


@page_route(bp, "/")
def home() -> ResponseReturnValue:
    """``/`` is also the installed app's start: it goes to the remembered language."""
    chosen = home_redirect()
    if chosen is not None:
        return chosen
    treks = db.session.scalars(db.select(Trek).order_by(Trek.slug)).all()
    return render_template("main/home.html", treks=treks)

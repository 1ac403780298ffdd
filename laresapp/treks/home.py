"""The home page: which treks there are."""

from flask import Blueprint, render_template

from laresapp.extensions import db
from laresapp.treks.models import Trek

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    treks = db.session.scalars(db.select(Trek).order_by(Trek.slug)).all()
    return render_template("main/home.html", treks=treks)

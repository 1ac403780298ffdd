"""Error pages that say what went wrong in a hiker's words, as HTML or JSON."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from laresapp.web.i18n import N_

MESSAGES = {
    400: N_("The request was not understood."),
    404: N_("There is no such page. The trek, stage or place may have been renamed."),
    405: N_("That action is not possible here."),
    413: N_(
        "That upload is too large for this server. Nothing was saved. A GPX track of a "
        "multi-day trek is rarely more than a few MB: simplify it (fewer points) and try again."
    ),
    429: N_("Too many requests in a short time. Wait a minute and try again."),
    500: N_("Something went wrong on the server. Nothing was changed; try again later."),
}
# The page titles: Werkzeug's names, in the page's language.
TITLES = {
    400: N_("Bad request"),
    403: N_("Forbidden"),
    404: N_("Not found"),
    405: N_("Not allowed"),
    409: N_("Conflict"),
    413: N_("Too large"),
    415: N_("Unsupported file type"),
    422: N_("Not accepted"),
    429: N_("Too many requests"),
    500: N_("Server error"),
    503: N_("Unavailable"),
}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.endswith(".json") or request.is_json or best == "application/json"


def handle_http_error(exc: HTTPException) -> tuple[Response | str, int]:
    code = exc.code or 500
    # Our own aborts carry a specific description; Werkzeug's defaults are replaced.
    default = type(exc).description
    message = exc.description if exc.description and exc.description != default else ""
    message = message or (gettext(MESSAGES[code]) if code in MESSAGES else exc.description or "")
    if code == 429:  # Flask-Limiter's description is the bare limit ("300 per 1 minute")
        message = gettext(
            "%(message)s (limit: %(limit)s)", message=gettext(MESSAGES[429]), limit=exc.description
        )
    if wants_json():
        return jsonify(error=exc.name, message=message), code
    template = "errors/404.html" if code == 404 else "errors/error.html"
    title = gettext(TITLES[code]) if code in TITLES else exc.name
    return render_template(template, code=code, title=title, message=message), code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)

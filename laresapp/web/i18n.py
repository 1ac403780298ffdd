"""Spanish and English: the language in the URL, Flask-Babel, and the catalogues.

English pages keep their unprefixed URLs (every link already shared and every copy already
saved offline points there); each page people read has a Spanish twin under ``/es/``. Each
language is then its own URL, so its own entry in the service worker's cache. A page route is
declared once with :func:`page_route`, which registers the rule twice (``lang`` defaulting to
``"en"``, and ``/<lang>/…`` restricted to the other languages); ``url_for`` fills ``lang`` from
the current request, so links stay in the page's language with no change to the templates.
Machine endpoints (static files, ``sw.js``, ``state.json``, ops, GPX, PMTiles) have no twin.

The ``.po`` catalogues live in ``laresapp/translations/``; the ``.mo`` files are compiled at
start-up into ``instance/translations/`` when missing or older than their ``.po`` (a wheel's
package directory may be read-only): see docs/decisions.md, "Languages".
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    has_app_context,
    redirect,
    request,
    url_for,
)
from flask.sansio.blueprints import BlueprintSetupState
from flask_babel import Babel, force_locale, gettext, refresh
from werkzeug.wrappers import Response as BaseResponse

LANGS = ("en", "es")
DEFAULT_LANG = "en"
OTHER_LANGS = tuple(code for code in LANGS if code != DEFAULT_LANG)
LANG_NAMES = {"en": "English", "es": "Español"}  # each in its own language: the switch


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; translated where it is shown
    (``gettext(MESSAGES[code])``), in the language of that request."""
    return message


# The languages' names inside a sentence of the page's language ("en inglés").
LANG_WORDS = {"en": N_("English"), "es": N_("Spanish")}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
SOURCE_DIR = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"

F = TypeVar("F", bound=Callable[..., Any])


def current_lang() -> str:
    """The language of the page being rendered, or of the terminal running a command
    (:func:`in_terminal_lang`); ``"en"`` elsewhere."""
    if not has_app_context():
        return DEFAULT_LANG
    lang = g.get("lang")
    return lang if lang in LANGS else DEFAULT_LANG


def terminal_lang(environ: Mapping[str, str]) -> str:
    """The language of a terminal, as POSIX reads it (``LC_ALL``, ``LC_MESSAGES``, ``LANG``):
    "es" for ``es_PE.UTF-8``; English for ``C``, unset or a language the app has not."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGS else DEFAULT_LANG
    return DEFAULT_LANG


def in_terminal_lang(command: F) -> F:
    """A CLI command (under ``with_appcontext``) that says its messages, numbers included,
    in the terminal's language."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        lang = terminal_lang(os.environ)
        g.lang = lang
        with force_locale(lang):
            return command(*args, **kwargs)

    return cast(F, run)


def page_route(bp: Blueprint, rule: str, methods: tuple[str, ...] = ("GET",)) -> Callable[[F], F]:
    """``bp.route`` for a page people read: the English rule as given, and its twin under
    ``/<lang>`` in front of the blueprint's prefix (``/es/treks/<slug>/``)."""

    def decorator(view: F) -> F:
        endpoint = view.__name__
        bp.add_url_rule(rule, endpoint, view, defaults={"lang": DEFAULT_LANG}, methods=methods)

        def twin(state: BlueprintSetupState) -> None:
            prefix = (state.url_prefix or "").rstrip("/")
            full = f"{prefix}{rule}" if rule.startswith("/") else f"{prefix}/{rule}"
            langs = ", ".join(f"'{code}'" for code in OTHER_LANGS)
            state.app.add_url_rule(
                f"/<any({langs}):lang>{full}", f"{state.name}.{endpoint}", view, methods=methods
            )

        bp.record(twin)
        return view

    return decorator


def _take_lang(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values is not None and "lang" in values:
        g.lang = values.pop("lang")


def _fill_lang(endpoint: str, values: dict[str, Any]) -> None:
    if "lang" not in values and expects_lang(endpoint):
        values["lang"] = current_lang()


def _lang_from_path() -> None:
    """Pages that matched no rule (a 404 under ``/es/``) still speak the path's language."""
    if "lang" not in g:
        first = request.path.lstrip("/").split("/", 1)[0]
        g.lang = first if first in OTHER_LANGS else DEFAULT_LANG


def use_header_lang() -> None:
    """A machine endpoint answering a page's script (the outbox sends its page's
    ``<html lang>`` as ``Accept-Language``): say its messages in that language."""
    g.lang = request.accept_languages.best_match(LANGS, default=DEFAULT_LANG) or DEFAULT_LANG
    refresh()  # Flask-Babel keeps the locale it chose first in a request


def remembered_lang() -> str:
    """The hiker's last language (the cookie), else the best of ``Accept-Language``."""
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGS:
        return cookie
    return request.accept_languages.best_match(LANGS, default=DEFAULT_LANG) or DEFAULT_LANG


def home_redirect() -> BaseResponse | None:
    """``/`` (the installed app's start) in the remembered language: a redirect to the
    Spanish home when that is the choice, else ``None`` (serve English). Only a navigation is
    redirected: "Save for offline" fetches ``/`` for the English copy whatever the choice."""
    if current_lang() != DEFAULT_LANG or request.path != "/" or not _is_navigation():
        return None
    lang = remembered_lang()
    if lang == DEFAULT_LANG:
        return None
    return redirect(url_for("main.home", lang=lang))


def _is_navigation() -> bool:
    """The browser opening a page (not a script's fetch); old browsers send no header."""
    return request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


def _remember(resp: Response) -> Response:
    """A page opened in a language is the language chosen: remembered for ``/``. Only on a
    navigation (not the fetches of "Save for offline", which may save the other language),
    and only when it changes, so a page's response rarely carries a cookie."""
    if resp.mimetype != "text/html":
        return resp
    resp.headers["Content-Language"] = current_lang()
    if request.path == "/" or request.path.rstrip("/") in {f"/{c}" for c in OTHER_LANGS}:
        resp.vary.update(("Cookie", "Accept-Language", "Sec-Fetch-Mode"))
    if (
        request.method == "GET"
        and resp.status_code == 200
        and request.endpoint
        and expects_lang(request.endpoint)
        and _is_navigation()
        and request.cookies.get(COOKIE) != current_lang()
    ):
        resp.set_cookie(COOKIE, current_lang(), max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return resp


# The service worker's own pages stand in for any page not saved: their switch goes to the
# other language's home (saved or not, the hiker can go on from there), not to their twin.
STAND_IN_PAGES = {"pwa.offline", "pwa.not_found_offline"}


def switch_url(lang: str) -> str:
    """This page in ``lang``, or that language's home when this page has no twin."""
    endpoint = request.endpoint
    if endpoint and endpoint not in STAND_IN_PAGES and request.method == "GET" and expects_lang(endpoint):
        args = {k: v for k, v in (request.view_args or {}).items() if k != "lang"}
        return url_for(endpoint, **args, lang=lang)
    return url_for("main.home", lang=lang)


def expects_lang(endpoint: str) -> bool:
    """Whether the endpoint is a page with a twin in every language."""
    return bool(current_app.url_map.is_endpoint_expecting(endpoint, "lang"))


def alternates() -> list[tuple[str, str]]:
    """``(lang, absolute URL)`` of this page in every language, for ``hreflang``."""
    endpoint = request.endpoint
    if not endpoint or request.method != "GET" or not expects_lang(endpoint):
        return []
    args = {k: v for k, v in (request.view_args or {}).items() if k != "lang"}
    return [(code, url_for(endpoint, **args, lang=code, _external=True)) for code in LANGS]


def compile_catalogues(target: Path) -> Path:
    """``.po`` → ``.mo`` under ``target`` for every language whose ``.mo`` is missing or
    older than its ``.po``; returns ``target`` (Flask-Babel's translation directory)."""
    for po_path in sorted(SOURCE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po_path.parent.parent.name
        mo_path = target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo_path)
    return target


def init_app(app: Flask) -> None:
    target = compile_catalogues(Path(app.instance_path) / "translations")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(target))
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "America/Lima")
    Babel(app, locale_selector=current_lang)
    app.url_value_preprocessor(_take_lang)
    app.url_defaults(_fill_lang)
    app.before_request(_lang_from_path)
    app.after_request(_remember)
    app.jinja_env.globals.update(
        current_lang=current_lang,
        switch_url=switch_url,
        lang_alternates=alternates,
        lang_names=LANG_NAMES,
        lang_word=lambda code: gettext(LANG_WORDS[code]),
        langs=LANGS,
    )

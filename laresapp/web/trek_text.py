"""The treks' own text in the page's language: the one Jinja helper ``tr`` (issue 13).

A trek's text (names, summaries, notes, sections, gear...) may be in English, Spanish or
both (``laresapp.core.local_text``). ``tr`` shows the page's language when the trek has
it; otherwise the other language, *marked*: wrapped in its own ``lang`` attribute with a
small "(en inglés)" / "(in Spanish)" after it, so a reader (and a screen reader) knows,
and a page is never left with an empty block.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from laresapp.core.local_text import DEFAULT_LANG, local_text, pick
from laresapp.web.i18n import N_, current_lang

# What a page says after text shown in another language: shown language → mark, said in
# the page's language ("(in English)" on a Spanish page: "(en inglés)").
FALLBACK_MARK: dict[str, str] = {"en": N_("in English"), "es": N_("in Spanish")}


def page_lang() -> str:
    """The language of the page being rendered."""
    return current_lang()


def local_str(value: object, doc_lang: str = DEFAULT_LANG) -> str:
    """A text value (string, ``{"en", "es"}`` or ``LocalText``) as one plain string in
    the page's language, the other language's when it has none (for labels in Python)."""
    return pick(local_text(value, doc_lang), page_lang(), doc_lang)[0]


def _doc_lang(obj: Any, ctx: Context | None) -> str:
    if hasattr(obj, "doc_lang"):
        return str(obj.doc_lang())
    trek = ctx.get("trek") if ctx is not None else None
    if trek is not None and hasattr(trek, "doc_lang"):
        return str(trek.doc_lang())
    return DEFAULT_LANG


def trek_text(obj: Any, field: str | None = None, *, plain: bool = False, doc_lang: str | None = None) -> str:
    """``obj.field`` (a stored trek, stage or waypoint, or an item of the trek document;
    with no ``field``, ``obj`` is the text) in the page's language. HTML (``Markup``) by
    default; ``plain=True`` for a ``<title>`` or an attribute."""
    if field is None:
        value: object = obj
    elif hasattr(obj, "local"):
        value = obj.local(field)
    elif isinstance(obj, dict):
        value = obj.get(field)
    else:
        value = getattr(obj, field, None)
    lang = page_lang()
    doc_lang = doc_lang or DEFAULT_LANG
    text, shown = pick(local_text(value, doc_lang), lang, doc_lang)
    if shown == lang:
        return text if plain else escape(text)
    mark = gettext(FALLBACK_MARK[shown]) if shown in FALLBACK_MARK else shown
    if plain:
        return f"{text} ({mark})"
    return Markup('<span lang="{}">{}</span> <small class="lang-fallback">({})</small>').format(
        shown, text, mark
    )


@pass_context
def tr(ctx: Context, obj: Any, field: str | None = None, plain: bool = False) -> str:
    """Jinja: ``{{ tr(stage, "summary") }}``, ``{{ tr(g, "item") }}``,
    ``{% block title %}{{ tr(wp, "name", plain=True) }}``."""
    return trek_text(obj, field, plain=plain, doc_lang=_doc_lang(obj, ctx))

"""Trek text in more than one language: a plain string, or ``{"en": "...", "es": "..."}``.

Why a ``str`` subclass: a trek's text is read in many places that want *a* string (the
GPX export, tick labels, the phone's data attributes, logs). A :class:`LocalText` is, as
a string, the text in the document's own language, so those places keep working
unchanged; the pages ask :func:`pick` for the reader's language instead. Anything that
builds a new string from it (``+``, ``.strip()``) gets a plain ``str``: only the pages
need the other languages, and they read them from here.

A missing language falls back to another one *visibly*: :func:`pick` says which language
it gave, so the page can mark it (``lang="en"`` and "(en inglés)"), never show a blank.
"""

from __future__ import annotations

from collections.abc import Mapping

from laresapp.core.errors import RouteError

LANGS: tuple[str, ...] = ("en", "es")
DEFAULT_LANG = "en"


class LocalText(str):
    """Text in one or more of :data:`LANGS`; ``str(self)`` is the ``primary`` language's."""

    texts: dict[str, str]
    primary: str

    def __new__(cls, texts: Mapping[str, str], primary: str = DEFAULT_LANG) -> LocalText:
        kept = {lang: texts[lang] for lang in LANGS if texts.get(lang)}
        shown = primary if primary in kept else next(iter(kept), primary)
        self = super().__new__(cls, kept.get(shown, ""))
        self.texts = kept
        self.primary = shown
        return self

    def to_json(self, doc_lang: str) -> str | dict[str, str]:
        """The document form: a plain string when the text is only in ``doc_lang``."""
        if not self.texts or set(self.texts) == {doc_lang}:
            return str(self)
        return dict(self.texts)


def local_text(value: object, doc_lang: str = DEFAULT_LANG) -> LocalText:
    """A stored (already validated) value as :class:`LocalText`; a plain string is in
    ``doc_lang``. Lenient: anything else is empty text."""
    if isinstance(value, LocalText):
        return value
    if isinstance(value, str):
        return LocalText({doc_lang: value}, doc_lang)
    if isinstance(value, dict):
        return LocalText({k: v for k, v in value.items() if isinstance(v, str)}, doc_lang)
    return LocalText({}, doc_lang)


def pick(text: str, lang: str, doc_lang: str = DEFAULT_LANG) -> tuple[str, str]:
    """The text to show a reader of ``lang`` and the language it is in.

    ``lang`` when the text has it, else the text's own language (the fallback the page
    must mark). A plain ``str`` is in ``doc_lang``. Empty text gives ``("", lang)``.
    """
    local = local_text(text, doc_lang)
    if lang in local.texts:
        return local.texts[lang], lang
    if not local.texts:
        return "", lang
    return str(local), local.primary


def parse_local_text(value: object, where: str, doc_lang: str) -> LocalText:
    """Validate a document's text field: a string, or an object from language code to
    string (``None`` is empty text). Raise :class:`RouteError` naming ``where`` and the
    problem."""
    if value is None:
        return LocalText({}, doc_lang)
    if isinstance(value, str):
        texts = {doc_lang: value}
    elif isinstance(value, dict):
        for key, text in value.items():
            if key not in LANGS:
                raise RouteError(f"{where}: unknown language {key!r} (use {', '.join(LANGS)})")
            if not isinstance(text, str):
                raise RouteError(f"{where}: the {key!r} text must be a string")
        texts = dict(value)
    else:
        raise RouteError(f'{where}: must be text or an object like {{"en": "...", "es": "..."}}')
    return LocalText(texts, doc_lang)

"""The list "Save for offline" fetches (``offline.json``), for a trek or a trip.

One shape for both, built here so the trek's and the trip's views share a service, not each
other: ``{slug, version, name, cache, urls}``. ``cache`` names the Cache Storage the phone
keeps it in; a newer ``version`` is saved into a new cache and replaces the old one whole.

Each language is saved on its own (its pages are other URLs): the Spanish copy of a trek is
kept under ``es:trek-<slug>-v<n>`` and remembered under the key ``es:<slug>``, beside the
English ``trek-<slug>-v<n>`` / ``<slug>`` (unchanged, so copies saved before there was a
Spanish one stay valid). static/js/sw.js reads the same prefix.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response

from laresapp.web.i18n import DEFAULT_LANG, LANG_NAMES, current_lang


def save_key(key: str, lang: str | None = None) -> str:
    """What a saved copy is remembered by on the phone: ``lares-a``, ``es:lares-a``."""
    lang = lang or current_lang()
    return key if lang == DEFAULT_LANG else f"{lang}:{key}"


def cache_name(kind: str, key: str, version: int, lang: str | None = None) -> str:
    """``trek-lares-a-v3`` (English), ``es:trek-lares-a-v3`` (Spanish)."""
    lang = lang or current_lang()
    prefix = "" if lang == DEFAULT_LANG else f"{lang}:"
    return f"{prefix}{kind}-{key}-v{version}"


def saved_name(name: str, lang: str | None = None) -> str:
    """The name the phone lists the copy by; the language is said when it is not English."""
    lang = lang or current_lang()
    return name if lang == DEFAULT_LANG else f"{name} ({LANG_NAMES[lang]})"


def save_list(*, slug: str, version: int, name: str, cache: str, urls: list[str]) -> dict[str, Any]:
    return {"slug": slug, "version": version, "name": name, "cache": cache, "urls": urls}


def save_list_json(**fields: Any) -> bytes:
    return json.dumps(save_list(**fields), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def save_list_response(**fields: Any) -> Response:
    """The list as a response that is always revalidated (it changes with the trek)."""
    resp = Response(save_list_json(**fields), mimetype="application/json")
    resp.headers["Cache-Control"] = "no-cache"
    return resp

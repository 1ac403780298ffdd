"""The list "Save for offline" fetches (``offline.json``), for a trek or a trip.

One shape for both, built here so the trek's and the trip's views share a service, not each
other: ``{slug, version, name, cache, urls}``. ``cache`` names the Cache Storage the phone
keeps it in; a newer ``version`` is saved into a new cache and replaces the old one whole.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response


def save_list(*, slug: str, version: int, name: str, cache: str, urls: list[str]) -> dict[str, Any]:
    return {"slug": slug, "version": version, "name": name, "cache": cache, "urls": urls}


def save_list_json(**fields: Any) -> bytes:
    return json.dumps(save_list(**fields), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def save_list_response(**fields: Any) -> Response:
    """The list as a response that is always revalidated (it changes with the trek)."""
    resp = Response(save_list_json(**fields), mimetype="application/json")
    resp.headers["Cache-Control"] = "no-cache"
    return resp

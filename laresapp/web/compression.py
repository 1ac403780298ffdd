"""Compressed responses, in the app itself (the README's run command has no proxy to do it).

Two paths, one rule for choosing (brotli if the client takes it, else gzip, else none):

- whatever is rendered per request (trip pages, JSON, GPX) is compressed by Flask-Compress
  (the field's well-kept extension) on its way out;
- bodies made once — static files (``web/static_build.py``) and trek pages from the render
  cache (``web/render.py``) — keep their compressed copies and go out through
  :func:`encoded_response`, already encoded, which Flask-Compress then leaves alone.

Every response says ``Vary: Accept-Encoding``. A compressed representation has its own
strong ETag (``"<tag>:br"``, Flask-Compress's convention); ``If-None-Match`` matches on
the tag whatever the suffix, since every encoding of one tag is the same content.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, request
from flask_compress import Compress

ENCODINGS = ("br", "gzip")
MIN_SIZE = 500  # smaller bodies gain nothing
MIMETYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "application/gpx+xml",
    "image/svg+xml",
]

VALIDATED = ("text/html", "application/json", "application/manifest+json", "text/javascript")

compress = Compress()


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", list(ENCODINGS))
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_SIZE)
    compress.init_app(app)
    app.after_request(_body_etag)  # registered after: runs before Flask-Compress's hook


def _body_etag(response: Response) -> Response:
    """Pages rendered per request (home, trip pages) get the honest validator: the hash of
    the body they carry. Pages whose body changes on every render (a trip page's forms carry
    a fresh operation id) simply never match; ``no-store`` answers get none."""
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.is_streamed
        or "ETag" in response.headers
        or "no-store" in response.headers.get("Cache-Control", "")
        or response.mimetype not in VALIDATED
    ):
        return response
    response.add_etag()
    response.make_conditional(request)  # turns it into a 304 in place
    return response


def chosen_encoding() -> str | None:
    """The encoding this request gets for a body made once: 'br', 'gzip' or None."""
    best = request.accept_encodings.best_match(ENCODINGS)
    return best if best in ENCODINGS else None


def etag_matches(tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` in any of its encodings."""
    inm = request.if_none_match
    if inm.star_tag:
        return True
    return any(t.split(":", 1)[0] == tag for t in inm.as_set(include_weak=True))


def not_modified(tag: str) -> Response:
    """304 for ``tag``, as the representation this request would get."""
    enc = chosen_encoding()
    resp = Response(status=304)
    resp.set_etag(f"{tag}:{enc}" if enc else tag)
    resp.vary.add("Accept-Encoding")
    return resp


def encoded_response(
    body: bytes, mimetype: str, tag: str, encode: Callable[[str], bytes], cache_control: str = "no-cache"
) -> Response:
    """A body made once, sent in the client's encoding with a strong ETag; 304 when the
    client already has it. ``encode(name)`` returns the body compressed (and keeps it)."""
    if etag_matches(tag):
        return not_modified(tag)
    enc = chosen_encoding() if len(body) >= MIN_SIZE else None
    data = encode(enc) if enc else body
    resp = Response(data, mimetype=mimetype)
    if enc:
        resp.headers["Content-Encoding"] = enc
    resp.set_etag(f"{tag}:{enc}" if enc else tag)
    resp.vary.add("Accept-Encoding")
    resp.headers["Cache-Control"] = cache_control
    return resp

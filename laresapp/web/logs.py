"""Access logs show trip URLs with the token masked.

A trip's token is the only key to the trip, and it is in every trip URL; an access log
that keeps it hands the trip to anyone who can read the log. :func:`mask_tokens` replaces
it (``/t/<32 characters>/`` → ``/t/[token]/``) in the Werkzeug development server's log
(a filter on the ``werkzeug`` logger, installed by ``create_app``) and in gunicorn's
access log (:class:`MaskingGunicornLogger`, named by ``laresapp/gunicorn_conf.py``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask
from gunicorn.glogging import Logger as GunicornLogger  # type: ignore[import-untyped]

_TOKEN_IN_PATH = re.compile(r"(/t/)[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])")


def mask_tokens(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\1[token]", text)


class MaskTokens(logging.Filter):
    """Masks tokens in a log record's message and arguments (keeps the record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_tokens(a) if isinstance(a, str) else a for a in record.args)
        return True


def init_app(app: Flask) -> None:
    log = logging.getLogger("werkzeug")
    if not any(isinstance(f, MaskTokens) for f in log.filters):
        log.addFilter(MaskTokens())


class MaskingGunicornLogger(GunicornLogger):  # type: ignore[misc]
    """gunicorn's logger with every access-log field's trip token masked."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {k: mask_tokens(v) if isinstance(v, str) else v for k, v in atoms.items()}

"""The one validation layer for what requests carry: form fields and JSON bodies.

Why it exists: each view used to read ``request.form`` its own way, and inputs nobody
expected became 500s: superscript digits pass ``str.isdigit()`` but not ``int()``,
deeply nested JSON overflows the decoder's recursion, a CR/LF in a ``next`` field broke
the redirect after the change was committed, and text a database cannot store failed
the whole write. Views read their inputs through these functions, which raise
:class:`InputError` (an HTTP 400/422 with a message in words, rendered by
``web/errors.py`` as HTML or JSON) for anything unexpected, before anything is written.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from laresapp.core.text import text_problem
from laresapp.web.labels import say

MAX_JSON_DEPTH = 16
_INT_RE = re.compile(r"[0-9]{1,6}")
_NUMBER_RE = re.compile(r"-?[0-9]{1,6}(?:[.,][0-9]{1,6})?")
_LOCAL_PATH_RE = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*")


class InputError(HTTPException):
    """A request whose input is refused; ``description`` says why, for people."""

    def __init__(self, message: str, code: int = 422) -> None:
        super().__init__(description=message)
        self.code = code


def clean_text(value: Any, label: str, max_chars: int) -> str:
    """A stripped string that a database can store and a page can show."""
    if not isinstance(value, str):
        raise InputError(gettext("%(label)s must be text.", label=label))
    value = value.strip()
    problem = text_problem(value)
    if problem:
        raise InputError(
            gettext("%(label)s %(problem)s: remove it and try again.", label=label, problem=say(problem))
        )
    if len(value) > max_chars:
        raise InputError(gettext("%(label)s can be at most %(num)s characters.", label=label, num=max_chars))
    return value


def form_text(name: str, label: str, max_chars: int, default: str = "") -> str:
    return clean_text(request.form.get(name, default), label, max_chars)


def parse_int(raw: str, label: str, low: int, high: int) -> int:
    """An integer written with the digits 0–9 only (``"²"`` is a digit to Python)."""
    raw = raw.strip()
    if not _INT_RE.fullmatch(raw) or not low <= int(raw) <= high:
        raise InputError(
            gettext(
                "%(label)s: give a whole number from %(low)s to %(high)s.", label=label, low=low, high=high
            )
        )
    return int(raw)


def parse_number(raw: str, label: str) -> float:
    """A plain decimal number (comma or point); no exponents, NaN or infinity."""
    raw = raw.strip()
    if not raw:
        raise InputError(gettext("%(label)s is missing.", label=label))
    if not _NUMBER_RE.fullmatch(raw):
        raise InputError(gettext("%(label)s: “%(raw)s” is not a number.", label=label, raw=raw[:20]))
    value = float(raw.replace(",", "."))
    assert math.isfinite(value)
    return value


def local_path(value: str, prefix: str, fallback: str) -> str:
    """``value`` when it is a path on this site under ``prefix``, else ``fallback``: never a
    redirect elsewhere, and never a header broken by CR/LF."""
    if value.startswith(prefix) and _LOCAL_PATH_RE.fullmatch(value) and "//" not in value:
        return value
    return fallback


def _depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` outside strings, found in one linear pass."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def read_json(max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The request body as JSON, whatever its Content-Type; 400 with a reason otherwise."""
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("The body is not UTF-8 text.", 400) from None
    if _depth(text) > max_depth:
        raise InputError(f"The JSON is nested more than {max_depth} levels deep.", 400)
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise InputError("The body is not valid JSON.", 400) from None

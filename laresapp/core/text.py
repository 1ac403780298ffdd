"""Text a database can store as it is, and a person can read.

Why it exists: a phone (or anyone with a trip link) can send strings that JSON and
Python accept but a database cannot store: a lone UTF-16 surrogate (``"\\ud800"``) cannot
be encoded as UTF-8 at all, and PostgreSQL refuses the NUL character in text. Stored
unchecked, one such note made the whole batch of operations fail with a 500, and the
phone's outbox would resend it forever. Every free text the app stores is checked here
first, so it is refused with a message (a 4xx) and nothing else in the batch is lost.
"""

from __future__ import annotations

import unicodedata

from laresapp.core.message import Msg

_ALLOWED_CONTROLS = frozenset("\n\t")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored, in words; ``None`` when it can."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return Msg("contains a broken character (a lone UTF-16 surrogate)")
    for ch in value:
        if ch in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs") and ch != "\r":
            if ch == "\x00":
                return Msg("contains a NUL character")
            return Msg("contains the control character U+%(code)s", code=f"{ord(ch):04X}")
    return None

"""Names as keys: folding place names for comparison, and the one way to make a slug.

Why one module: trek ids (from a file name or a trek's name), waypoint slugs (from a
waypoint's name) and download file names are all "the words of a name, folded to
[a-z0-9], joined by dashes"; the trek format checks them with :data:`SLUG_RE`. Keeping
the folding, the pattern and the slug maker together means a slug made anywhere passes
the check everywhere.
"""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""A slug: lower-case letters and digits, single dashes between words."""

SLUG_MAX = 60
"""Longest slug made from a name (a trek id or a waypoint slug)."""

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, accents and apostrophes removed, words separated by single spaces.

    "Q'asa Ñuñuchayoc" → "qasa nunuchayoc": the same place typed on a Spanish keyboard,
    an English one, or by a GPS that only has ASCII must compare equal.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.lower().replace("'", "").replace("\u2019", "").replace("`", "")
    return _NON_ALNUM.sub(" ", bare).strip()


def slug_of(text: str) -> str:
    """The slug of a text ("Abra Ipsayjasa" → "abra-ipsayjasa"); "" when nothing is left."""
    return "-".join(fold(text).split())[:SLUG_MAX].strip("-")


def is_slug(text: str) -> bool:
    """True when ``text`` is a valid slug (:data:`SLUG_RE`)."""
    return bool(SLUG_RE.match(text))


def unique_slug(name: str, taken: set[str], *, default: str = "waypoint") -> str:
    """A slug for ``name`` not in ``taken`` ("camp", "camp-2", …); ``taken`` is updated."""
    base = slug_of(name) or default
    slug = base
    n = 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def first_slug(*candidates: str | None, default: str = "imported-route") -> str:
    """A trek id from the first text that gives a valid slug: "Lares Trek 2024" →
    "lares-trek-2024"; ``default`` when none does."""
    for text in candidates:
        if not text:
            continue
        slug = slug_of(text)
        if slug and is_slug(slug):
            return slug
    return default

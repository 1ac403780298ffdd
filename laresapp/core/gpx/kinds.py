"""Guess a waypoint's kind (one of ``trek.WAYPOINT_TYPES``) from what a GPX file says.

A hiker's phone answers "how far to the next water / camp / pass", so the kind matters
more than the name. GPX has no fixed vocabulary for it: a ``<type>`` some programs fill,
a Garmin ``<sym>`` that people pick from a menu, and a name written in English, Spanish
or Quechua ("Abra Ipsayjasa", "Campamento", "Ipsayqocha"). We trust them in that order:
``<type>`` is the most deliberate, a symbol was chosen from a list, a name is free text.

The default for a point nobody described is **"viewpoint"**: it is the one kind that
promises nothing a tired hiker relies on (water, shelter, a turn to take, a bus), so a
wrong guess costs least. Quechua place names are compounds, so the Quechua words for
pass (*q'asa*, written jasa/qasa/kasa) and lake (*qocha*, cocha/kocha) also count when
they end a word ("Ipsayjasa", "Kelccacocha").
"""

from __future__ import annotations

from laresapp.core.names import fold
from laresapp.core.trek_doc import WAYPOINT_TYPES

DEFAULT_TYPE = "viewpoint"

# Garmin (and GPSBabel/OsmAnd) symbol names, folded (see :func:`fold`).
_SYMBOLS: dict[str, str] = {
    "campground": "campsite",
    "camping": "campsite",
    "camp": "campsite",
    "rv park": "campsite",
    "lodging": "campsite",
    "shelter": "campsite",
    "hut": "campsite",
    "tent": "campsite",
    "drinking water": "water",
    "water source": "water",
    "water hydrant": "water",
    "spring": "water",
    "water": "water",
    "summit": "pass",
    "mountain pass": "pass",
    "pass": "pass",
    "trail head": "trailhead",
    "trailhead": "trailhead",
    "parking area": "trailhead",
    "crossing": "junction",
    "junction": "junction",
    "fork": "junction",
    "lake": "lake",
    "fishing area": "lake",
    "swimming area": "lake",
    "city small": "village",
    "residence": "village",
    "church": "village",
    "school": "village",
    "building": "village",
    "village": "village",
    "city medium": "town",
    "city large": "town",
    "city capitol": "town",
    "shopping center": "town",
    "town": "town",
    "scenic area": "viewpoint",
    "viewpoint": "viewpoint",
    "overlook": "viewpoint",
    "car": "road",
    "gas station": "road",
    "truck stop": "road",
    "toll booth": "road",
    "road": "road",
    "ground transportation": "transport",
    "bus station": "transport",
    "bus stop": "transport",
    "train station": "transport",
    "airport": "transport",
    "car rental": "transport",
    "transport": "transport",
}

# Whole words (and short phrases) in a name or free text, in priority order: the first
# kind that matches wins, so "Campamento Laguna Ipsaycocha" is a campsite (where you
# sleep matters more than what you sleep beside) and "Junction at the pass" a junction.
_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "campsite",
        (
            "camp",
            "camps",
            "campsite",
            "campground",
            "camping",
            "campamento",
            "acampada",
            "acampar",
            "refugio",
            "shelter",
            "hut",
            "bivouac",
            "camp site",
        ),
    ),
    (
        "junction",
        (
            "junction",
            "cruce",
            "desvio",
            "fork",
            "intersection",
            "bifurcacion",
            "turnoff",
            "turn off",
            "split",
        ),
    ),
    (
        "pass",
        (
            "pass",
            "abra",
            "paso",
            "qasa",
            "jasa",
            "kasa",
            "collado",
            "portachuelo",
            "col",
            "saddle",
            "summit",
            "cumbre",
            "high point",
            "punto mas alto",
        ),
    ),
    (
        "transport",
        (
            "bus",
            "colectivo",
            "combi",
            "train",
            "tren",
            "estacion",
            "station",
            "paradero",
            "terminal",
            "taxi",
            "bus stop",
        ),
    ),
    (
        "trailhead",
        ("trailhead", "trail head", "inicio", "start", "comienzo", "trail start", "start of trail"),
    ),
    (
        "viewpoint",
        (
            "viewpoint",
            "mirador",
            "lookout",
            "view",
            "hot springs",
            "hot spring",
            "termales",
            "aguas termales",
            "banos termales",
        ),
    ),
    (
        "water",
        (
            "water",
            "agua",
            "fuente",
            "spring",
            "springs",
            "stream",
            "rio",
            "river",
            "creek",
            "brook",
            "manantial",
            "puquio",
            "pukyu",
            "mayu",
            "quebrada",
        ),
    ),
    ("lake", ("lake", "laguna", "lago", "qocha", "cocha", "kocha", "lagoon", "tarn")),
    ("road", ("road", "carretera", "highway", "pista", "trocha", "track road")),
    ("village", ("village", "pueblo", "comunidad", "community", "caserio", "ayllu", "hamlet", "aldea")),
    ("town", ("town", "ciudad", "city", "plaza de armas")),
)
# Quechua compounds: a word *ending* in these counts too ("Ipsayjasa", "Ipsayqocha").
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pass", ("qasa", "jasa", "kasa")),
    ("lake", ("qocha", "cocha", "kocha")),
)
# Spelled out so a "hot spring" is not mistaken for drinking water by the word "spring".
_PHRASE_FIRST = ("hot springs", "hot spring", "aguas termales", "banos termales", "termales")

_PREPOSITIONS = frozenset(
    (
        "at",
        "below",
        "above",
        "on",
        "in",
        "near",
        "to",
        "by",
        "from",
        "of",
        "beside",
        "under",
        "before",
        "after",
        "behind",
        "towards",
        "over",
        "de",
        "del",
        "en",
        "bajo",
        "cerca",
        "al",
        "a",
        "hacia",
        "junto",
        "sobre",
        "antes",
        "despues",
        "para",
        "por",
    )
)


def _type_from_words(text: str) -> str | None:
    """The kind named by the head of a name ("Small lake below the pass" is a lake),
    else by any word in it ("End of the dirt road" is on the road)."""
    words = fold(text).split()
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    if 0 < cut < len(words):
        head = _kind_in(" ".join(words[:cut]))
        if head:
            return head
    return _kind_in(" ".join(words))


def _kind_in(folded: str) -> str | None:
    if not folded:
        return None
    padded = f" {folded} "
    if any(f" {p} " in padded for p in _PHRASE_FIRST):
        return "viewpoint"
    words = folded.split()
    # plurals count as their singular: "Glacial lakes", "lagunas", "streams"
    singular = {w[:-1] for w in words if w.endswith("s") and len(w) > 3}
    singular |= {w[:-2] for w in words if w.endswith("es") and len(w) > 4}
    known = set(words) | singular
    for kind, vocabulary in _WORDS:
        for entry in vocabulary:
            if (" " in entry and f" {entry} " in padded) or entry in known:
                return kind
        for suffix_kind, suffixes in _SUFFIXES:
            if suffix_kind == kind and any(
                w.endswith(s) and len(w) > len(s) for w in words for s in suffixes
            ):
                return kind
    return None


def classify_waypoint(*, name: str = "", symbol: str = "", type_text: str = "") -> str:
    """The waypoint kind for a GPX ``<wpt>``: ``<type>``, then ``<sym>``, then the name."""
    folded_type = fold(type_text)
    if folded_type in WAYPOINT_TYPES:
        return folded_type
    if folded_type in _SYMBOLS:
        return _SYMBOLS[folded_type]
    from_type = _type_from_words(type_text)
    if from_type:
        return from_type
    folded_symbol = fold(symbol)
    if folded_symbol in _SYMBOLS:
        return _SYMBOLS[folded_symbol]
    return _type_from_words(symbol) or _type_from_words(name) or DEFAULT_TYPE

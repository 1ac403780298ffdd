"""The phrase card: Spanish a hiker needs on the Lares Trek, with English beside it.

One card for every trek, written once here; the trek's own places (the towns the colectivo
runs through, the trailhead, the villages, where the walk ends) are filled in per trek from
:data:`PLACES`, so "¿Va a Calca?" reads with the right town. A trek without an entry (an
imported one) gets the same card with "…" where a place goes, and the names of its own
villages and roads listed to fill in.

Both languages are content, shown on the English and the Spanish page alike. Fares appear
only where the project's facts file gives one, with its source; everywhere else the card
says to ask and agree first. No Quechua greetings: none is in this guide's sources, so none
is guessed (the page says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from laresapp.treks.emergency import WAY_OUT_TYPES
from laresapp.treks.models import Trek


@dataclass(frozen=True)
class Phrase:
    """One line of the card: the Spanish to say, and what it means."""

    es: str
    en: str


@dataclass(frozen=True)
class Group:
    key: str
    title: Phrase
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class Fare:
    what: str
    price: str
    source: str


@dataclass(frozen=True)
class Places:
    """The places one trek's phrases name, each as said in Spanish and in English."""

    start: Phrase  # the town the first ride leaves from
    change: Phrase  # where the ride goes or changes on the way to the trailhead
    trailhead: Phrase  # where to ask the driver to stop
    village: Phrase  # a village on the walk, to ask the way to
    end: Phrase  # where the walk comes out
    onward: Phrase  # the town a ride from the end goes to
    spellings: tuple[Phrase, ...] = ()  # es: as locals write it; en: as this guide spells it
    fares: tuple[Fare, ...] = ()


_FIELDS = ("start", "change", "trailhead", "village", "end", "onward")
"""The place fields, in the order a hiker meets them."""


def _same(name: str) -> Phrase:
    return Phrase(name, name)


_ASK = Phrase("…", "…")
_UNNAMED = Places(_ASK, _ASK, _ASK, _ASK, _ASK, _ASK)
"""A trek the card has no places for: "…" where a place goes, for the hiker to fill in."""

PLACES: dict[str, Places] = {
    "lares-a": Places(
        start=_same("Cusco"),
        change=_same("Calca"),
        trailhead=Phrase("los baños termales de Lares", "the Lares hot springs"),
        village=_same("Huacahuasi"),
        end=_same("Yanahuara"),
        onward=_same("Ollantaytambo"),
        fares=(
            Fare("Minivan Cusco – Calca", "about S/5", "machupicchuterra.com"),
            Fare("Minivan Calca – Lares", "about S/5", "machupicchuterra.com"),
            Fare(
                "Lares hot springs, entry for foreigners",
                "S/15",
                "hotspringsguides.com; older pages say S/5–10",
            ),
            Fare("Colectivo Yanahuara – Ollantaytambo", "a few soles", "the trek account this guide follows"),
        ),
    ),
    "lares-b": Places(
        start=_same("Ollantaytambo"),
        change=_same("Lares"),
        trailhead=_same("Quishuarani"),
        village=_same("Cuncani"),
        end=_same("Patacancha"),
        onward=_same("Ollantaytambo"),
        spellings=(Phrase("Quishuarani", "Kiswarani"), Phrase("Cuncani", "Kunkani")),
    ),
}


def _card(p: Places) -> tuple[Group, ...]:
    """Every group of the card, with this trek's places in its phrases."""

    def ph(es: str, en: str) -> Phrase:
        fill = {k: getattr(p, k) for k in _FIELDS}
        return Phrase(
            es.format(**{k: v.es for k, v in fill.items()}), en.format(**{k: v.en for k, v in fill.items()})
        )

    return (
        Group(
            "transport",
            Phrase("En el colectivo", "On the colectivo"),
            (
                ph("¿Va a {change}?", "Is this going to {change}?"),
                ph(
                    "¿De dónde sale el colectivo a {change}?",
                    "Where does the colectivo to {change} leave from?",
                ),
                ph("¿A qué hora sale?", "What time does it leave?"),
                ph("¿Cuánto cuesta el pasaje a {change}?", "How much is the fare to {change}?"),
                ph("Bájeme en {trailhead}, por favor.", "Let me off at {trailhead}, please."),
                ph("¿Me avisa cuando lleguemos?", "Will you tell me when we get there?"),
                ph("Aquí me bajo, gracias.", "I'll get off here, thanks."),
                ph("¿Puedo poner la mochila arriba?", "Can I put my pack on the roof?"),
                ph("¿Hay carro a {onward} desde {end}?", "Is there a ride to {onward} from {end}?"),
                ph("¿A qué hora pasa el último carro?", "When does the last ride come by?"),
            ),
        ),
        Group(
            "way",
            Phrase("Preguntar el camino", "Asking the way"),
            (
                ph("¿Por dónde se va a {village}?", "Which way to {village}?"),
                ph("¿Es este el camino a {end}?", "Is this the path to {end}?"),
                ph("¿Dónde está el abra?", "Where is the pass?"),
                ph("¿Está lejos?", "Is it far?"),
                ph("¿Cuántas horas de camino son?", "How many hours' walk is it?"),
                ph("a la izquierda · a la derecha · recto", "left · right · straight on"),
                ph("subiendo · bajando", "uphill · downhill"),
                ph("¿Se puede cruzar el río por aquí?", "Can we cross the river here?"),
                ph("Más despacio, por favor.", "Slower, please."),
            ),
        ),
        Group(
            "water",
            Phrase("Agua", "Water"),
            (
                ph("¿Hay agua por aquí?", "Is there water around here?"),
                ph("¿Se puede tomar?", "Is it safe to drink?"),
                ph("¿Hay agua más adelante?", "Is there water further on?"),
                ph("¿Dónde hay un manantial?", "Where is there a spring?"),
                ph("Igual la vamos a hervir o filtrar.", "We'll boil or filter it anyway."),
            ),
        ),
        Group(
            "camp",
            Phrase("Acampar", "Camping"),
            (
                ph("¿Podemos acampar aquí?", "May we camp here?"),
                ph("¿A quién le pedimos permiso?", "Whom should we ask for permission?"),
                ph("¿Hay que pagar? ¿Cuánto es?", "Do we need to pay? How much is it?"),
                ph("Solo una noche; salimos temprano.", "Just one night; we leave early."),
                ph("Nos llevamos toda la basura.", "We take all our rubbish with us."),
                ph(
                    "¿Dónde podemos acampar sin molestar a los animales?",
                    "Where can we camp without bothering the animals?",
                ),
            ),
        ),
        Group(
            "buying",
            Phrase("Comprar en el pueblo", "Buying in the village"),
            (
                ph("¿Cuánto cuesta?", "How much is it?"),
                ph("¿Vende pan, huevos o papas?", "Do you sell bread, eggs or potatoes?"),
                ph("Quiero dos, por favor.", "I'd like two, please."),
                ph("¿Tiene cambio?", "Do you have change?"),
                ph("¡Qué bonito!", "How lovely!"),
                ph("uno · dos · tres · cuatro · cinco", "1 · 2 · 3 · 4 · 5"),
                ph("diez · veinte · cincuenta · cien soles", "10 · 20 · 50 · 100 soles"),
                ph("Muchas gracias.", "Thank you very much."),
            ),
        ),
        Group(
            "help",
            Phrase("Salud y emergencias", "Health and emergencies"),
            (
                ph("¡Ayuda! Necesitamos ayuda.", "Help! We need help."),
                ph("Llame a la policía, por favor.", "Please call the police."),
                ph("Hay un herido. No puede caminar.", "Someone is hurt and cannot walk."),
                ph("Tiene soroche (mal de altura).", "He or she has altitude sickness (soroche)."),
                ph("Tenemos que bajar ahora.", "We have to go down now."),
                ph(
                    "¿Hay un caballo o un arriero que nos ayude a bajar?",
                    "Is there a horse or an arriero (muleteer) to help us down?",
                ),
                ph("¿Dónde hay un médico o una posta de salud?", "Where is a doctor or a health post?"),
                ph("¿Hay señal de teléfono por aquí?", "Is there phone signal around here?"),
                ph("Necesitamos llegar a Cusco.", "We need to get to Cusco."),
            ),
        ),
    )


@dataclass(frozen=True)
class Card:
    places: Places
    groups: tuple[Group, ...]
    names: tuple[str, ...]  # the places to say or show: the card's, else the trek's own stops
    named: bool  # False: the card has no place names for this trek, "…" stands in


def phrase_card(trek: Trek) -> Card:
    """The phrase card for this trek: its places filled in where the card knows them."""
    places = PLACES.get(trek.slug)
    if places is None:
        own = (w.name for w in trek.waypoints if w.type in WAY_OUT_TYPES)
        return Card(_UNNAMED, _card(_UNNAMED), tuple(dict.fromkeys(own)), False)
    spelled = {s.es for s in places.spellings}
    said = (getattr(places, k).es for k in _FIELDS)
    return Card(places, _card(places), tuple(n for n in dict.fromkeys(said) if n not in spelled), True)

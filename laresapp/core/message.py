"""Messages for people, made in the core and said in the reader's language at the web edge.

The core is Flask-free and knows no language: a message it makes for a hiker (a plan
warning, a refused setting) is a :class:`Msg`, an English ``str`` like any other (tests and
logs read it as one) that also keeps its template and values. The web edge
(``laresapp/web/labels.py``, filter ``say``) looks the template up in the catalogue and puts
the values in, themselves translated when they are messages, and metres formatted for the
language when they are :class:`Metres`. ``pybabel extract -k Msg`` finds the templates.
"""

from __future__ import annotations

from collections.abc import Mapping


class Metres(float):
    """A height or distance in metres inside a message: "4,660 m" here, "4.660 m" in Spanish."""

    def __str__(self) -> str:
        return f"{round(self):,} m"


class Count(int):
    """A whole count inside a message: "200,000" here, "200.000" in Spanish."""

    def __str__(self) -> str:
        return f"{int(self):,}"


class Km(float):
    """A distance in metres, said in kilometres: "12.9 km" here, "12,9 km" in Spanish."""

    def __str__(self) -> str:
        return f"{self / 1000:.1f} km"


class KmPost(float):
    """A place along the track, in metres from its start: "km 12.9" here, "km 12,9" in Spanish."""

    def __str__(self) -> str:
        return f"km {self / 1000:.1f}"


class Tenths(float):
    """A number with one decimal: "27.6" here, "27,6" in Spanish."""

    def __str__(self) -> str:
        return f"{float(self):.1f}"


class Num(float):
    """A plain number inside a message, as short as it is exact: "1.5" here, "1,5" in Spanish."""

    def __str__(self) -> str:
        return f"{float(self):g}"


class Msg(str):
    """English text that remembers its template (``%(name)s`` slots) and values."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, **values: object) -> Msg:
        text = template % {k: str(v) for k, v in values.items()} if values else template
        made = super().__new__(cls, text)
        made.template = template
        made.values = values
        return made

"""The elevation profile as a small inline SVG, drawn on the server.

Why on the server and inline: the chart is part of the page, so it is saved with the
page for offline use and shows without JavaScript; no chart library reaches the phone.
Why ~300 samples: a phone is ~400 CSS px wide, so more points add bytes, not detail.
The samples are taken at even distances along the *smoothed* profile — the same values
every climb and time in the app is computed from — so the chart cannot tell a different
story from the numbers beside it.

The plot area is published as ``data-*`` attributes (along-track range, elevation range
and the plot rectangle in viewBox units) so ``static/js/where-ui.js`` can place the
"you are here" marker with one linear mapping and no knowledge of how the chart was drawn.
A track without elevation gets a flat distance strip: the marker still works, and the
description says plainly that heights are unknown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from laresapp.core.message import Km, KmPost, Metres, Msg
from laresapp.core.track.profile import Profile, ascent_descent_m, elevation_at_m
from laresapp.core.track.where import PlacedWaypoint

WIDTH = 360.0
"""A phone's width in CSS px: on a 360 px screen one unit is drawn at about 0.8-0.9 px, so
the 16-unit font stays at 12 CSS px or more (checked in tests/browser/test_phone_layout.py)."""
HEIGHT = 244.0
FONT = 16.0
PLOT_X0 = 50.0
PLOT_X1 = 350.0
PLOT_Y0 = 82.0
"""Top of the plot; the band above it carries the waypoint labels (three rows)."""
PLOT_Y1 = 212.0
SAMPLES = 300
CHAR_W = 8.6
"""Approximate width of one label character at the chart's 16-unit font."""
LABEL_ROWS = 3
LABEL_KINDS = ("pass", "campsite")
"""Kinds that get a text label; the rest get a symbol only, to keep the chart readable."""
SYMBOL = {"pass": "▲", "campsite": "⌂", "junction": "◆", "water": "~"}
"""Glyphs every system font has (no emoji: a phone offline may lack the emoji font)."""


def _en_number(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}"


@dataclass(frozen=True)
class ChartLabels:
    """Words for the chart; ``dom_id`` keeps title/desc ids unique on a page.

    The core knows no language: the web edge passes ``say`` (a :class:`Msg` in the page's
    language) and ``number`` (value, decimals → "4.000" on a Spanish page); the defaults
    are English, for tests and scripts."""

    title: str
    dom_id: str
    say: Callable[[Msg], str] = str
    number: Callable[[float, int], str] = _en_number
    kind: Callable[[str], str] = str  # a waypoint kind code ("pass") as the reader says it

    def km(self, metres: float) -> str:
        return f"{self.number(metres / 1000, 1)} km"


def _label_forms(name: str) -> list[str]:
    """A waypoint's name as it may stand on the chart, longest first: whole, then without
    a parenthesis, then its first word ("Huacahuasijasa Pass" → "Huacahuasijasa"). Never
    cut mid-word: a cut name reads as another place."""
    forms = [name, name.split(" (")[0].strip(), name.split()[0] if name.split() else name]
    return list(dict.fromkeys(f for f in forms if f))


def _step(span: float, target: int, steps: Sequence[float]) -> float:
    """The smallest step from ``steps`` that cuts ``span`` into at most ``target`` parts."""
    return next((st for st in steps if span / st <= target), steps[-1])


def _nice_range(lo: float, hi: float) -> tuple[float, float]:
    """Round the elevation axis out to 50 m, with at least 200 m of span so a flat
    day does not look like a cliff."""
    lo_r = math.floor(lo / 50.0) * 50.0
    hi_r = math.ceil(hi / 50.0) * 50.0
    if hi_r - lo_r < 200.0:
        mid = (lo_r + hi_r) / 2
        lo_r, hi_r = mid - 100.0, mid + 100.0
    return lo_r, hi_r


def render_profile_svg(
    profile: Profile,
    waypoints: Sequence[PlacedWaypoint],
    start_m: float,
    end_m: float,
    labels: ChartLabels,
    *,
    samples: int = SAMPLES,
) -> str:
    """SVG markup of the profile between two along-track distances, waypoints marked."""
    start = min(max(start_m, 0.0), profile.length_m)
    end = min(max(end_m, start), profile.length_m)
    span = max(end - start, 1.0)
    n = max(samples, 2)
    dists = [start + span * k / (n - 1) for k in range(n)]
    has_ele = profile.has_elevation
    eles = [elevation_at_m(profile, d) or 0.0 for d in dists] if has_ele else []
    if has_ele:
        lo, hi = _nice_range(min(eles), max(eles))
    else:
        lo, hi = 0.0, 1.0

    def x(d: float) -> float:
        return PLOT_X0 + (d - start) / span * (PLOT_X1 - PLOT_X0)

    def y(e: float) -> float:
        if not has_ele:
            return (PLOT_Y0 + PLOT_Y1) / 2
        return PLOT_Y1 - (e - lo) / (hi - lo) * (PLOT_Y1 - PLOT_Y0)

    inside = [w for w in waypoints if start - 1.0 <= w.along_m <= end + 1.0]
    tid, did = f"{labels.dom_id}-title", f"{labels.dom_id}-desc"
    desc = _describe(profile, inside, start, end, labels.say)
    out: list[str] = [
        f'<svg class="profile-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" font-size="{FONT:g}" font-family="sans-serif" '
        f'role="img" aria-labelledby="{tid} {did}" '
        f'data-profile-chart="" data-start-m="{start:.1f}" data-end-m="{end:.1f}" '
        f'data-min-ele="{lo:.1f}" data-max-ele="{hi:.1f}" '
        f'data-has-elevation="{"true" if has_ele else "false"}" '
        f'data-plot-x0="{PLOT_X0:g}" data-plot-x1="{PLOT_X1:g}" '
        f'data-plot-y0="{PLOT_Y0:g}" data-plot-y1="{PLOT_Y1:g}">',
        f'<title id="{tid}">{escape(labels.title)}</title>',
        f'<desc id="{did}">{escape(desc)}</desc>',
    ]
    out.extend(_axes(start, end, lo, hi, has_ele, x, y, labels.number))
    if has_ele:
        line = " ".join(f"{x(d):.1f},{y(e):.1f}" for d, e in zip(dists, eles, strict=True))
        area = f"{PLOT_X0:g},{PLOT_Y1:g} {line} {PLOT_X1:g},{PLOT_Y1:g}"
        out.append(f'<polygon class="ground" points="{area}" aria-hidden="true"/>')
        out.append(f'<polyline class="line" points="{line}" aria-hidden="true"/>')
    else:
        mid = y(0.0)
        out.append(
            f'<line class="line" x1="{PLOT_X0:g}" y1="{mid:g}" x2="{PLOT_X1:g}" '
            f'y2="{mid:g}" aria-hidden="true"/>'
        )
        out.append(
            f'<text class="note" x="{(PLOT_X0 + PLOT_X1) / 2:g}" y="{mid + 24:g}" '
            f'text-anchor="middle">{escape(labels.say(Msg("No elevation data for this track")))}</text>'
        )
    # Waypoints: a tick at the track, a symbol, a short label for passes, camps, junctions.
    row_free = [0.0] * LABEL_ROWS  # first free x of each label row, to keep labels apart
    for w in inside:
        wx = x(w.along_m)
        wy = y(elevation_at_m(profile, w.along_m) or 0.0) if has_ele else y(0.0)
        sym = SYMBOL.get(w.type)
        out.append(
            f'<g class="wp wp-{escape(w.type)}" data-wp="{escape(w.slug)}" '
            f'data-along-m="{w.along_m:.1f}"><title>{escape(w.name)} '
            f"({escape(labels.kind(w.type))}, {labels.km(w.along_m)})</title>"
        )
        out.append(
            f'<line x1="{wx:.1f}" y1="{wy:.1f}" x2="{wx:.1f}" y2="{PLOT_Y0 - 4:g}"/>'
            f'<circle cx="{wx:.1f}" cy="{wy:.1f}" r="3.5"/>'
        )
        if sym is not None:
            out.append(
                f'<text class="sym" x="{wx:.1f}" y="{PLOT_Y0 - 6:g}" text-anchor="middle">{sym}</text>'
            )
        if w.type in LABEL_KINDS:
            placed = _place_label(w.name, wx, row_free)
            if placed is not None:  # no room in any row: the symbol and tooltip remain
                text, lx, row, anchor = placed
                out.append(
                    f'<text class="lbl" x="{lx:.1f}" y="{FONT + 20 * row:g}" '
                    f'text-anchor="{anchor}">{escape(text)}</text>'
                )
        out.append("</g>")
    out.append(
        '<g class="here" data-where-marker="" visibility="hidden" aria-hidden="true">'
        f'<line x1="0" y1="{PLOT_Y0:g}" x2="0" y2="{PLOT_Y1:g}"/>'
        '<circle cx="0" cy="0" r="7" data-where-dot=""/></g>'
    )
    out.append("</svg>")
    return "".join(out)


def _axes(
    start: float,
    end: float,
    lo: float,
    hi: float,
    has_ele: bool,
    x: Callable[[float], float],
    y: Callable[[float], float],
    number: Callable[[float, int], str],
) -> list[str]:
    """Grid lines and tick labels: elevation every 100-500 m, distance every 1-10 km."""
    out = ['<g class="axis" aria-hidden="true">']
    if has_ele:
        step = _step(hi - lo, 4, (100.0, 200.0, 250.0, 500.0, 1000.0))
        e = math.ceil(lo / step) * step
        while e <= hi + 0.5:
            out.append(
                f'<line class="grid" x1="{PLOT_X0:g}" y1="{y(e):.1f}" x2="{PLOT_X1:g}" y2="{y(e):.1f}"/>'
                f'<text x="{PLOT_X0 - 4:g}" y="{y(e) + 5:.1f}" text-anchor="end">{number(e, 0)}</text>'
            )
            e += step
        out.append(f'<text x="{PLOT_X0 - 4:g}" y="{PLOT_Y0 - 8:g}" text-anchor="end">m</text>')
    out.append(f'<line x1="{PLOT_X0:g}" y1="{PLOT_Y1:g}" x2="{PLOT_X1:g}" y2="{PLOT_Y1:g}"/>')
    span_km = (end - start) / 1000
    step_km = _step(span_km, 5, (1.0, 2.0, 5.0, 10.0, 20.0, 50.0))
    km = math.ceil(start / 1000 / step_km) * step_km
    ticks = [start / 1000]
    while km < end / 1000 - step_km * 0.45:
        if km - start / 1000 > step_km * 0.45:
            ticks.append(km)
        km += step_km
    ticks.append(end / 1000)
    first, last = f"{number(ticks[0], 1)} km", f"{number(ticks[-1], 1)} km"
    left_free = PLOT_X0 + CHAR_W * len(first) + 6  # the end labels take room; inner ones keep clear
    right_free = PLOT_X1 - CHAR_W * len(last) - 6
    for i, k in enumerate(ticks):
        tx = x(k * 1000)
        out.append(f'<line x1="{tx:.1f}" y1="{PLOT_Y1:g}" x2="{tx:.1f}" y2="{PLOT_Y1 + 5:g}"/>')
        if i in (0, len(ticks) - 1):
            anchor, label = ("start", first) if i == 0 else ("end", last)
        else:
            anchor, label = "middle", number(k, 0)
            half = CHAR_W * len(label) / 2
            if tx - half < left_free or tx + half > right_free:
                continue  # a tick without a number rather than two numbers run together
        out.append(f'<text x="{tx:.1f}" y="{HEIGHT - 10:g}" text-anchor="{anchor}">{label}</text>')
    out.append("</g>")
    return out


def _place_label(name: str, wx: float, row_free: list[float]) -> tuple[str, float, int, str] | None:
    """The longest form of a name that fits a free label row, inside the chart."""
    for text in _label_forms(name):
        width = CHAR_W * len(text)
        for anchor in ("start", "end"):
            left = wx - 3 if anchor == "start" else wx + 3 - width
            if left < 0 or left + width > WIDTH:
                continue
            for row, free in enumerate(row_free):
                if left >= free:
                    row_free[row] = left + width + 8
                    return text, (wx + 3 if anchor == "start" else wx - 3), row, anchor
    return None


def _describe(
    profile: Profile,
    inside: Sequence[PlacedWaypoint],
    start: float,
    end: float,
    say: Callable[[Msg], str],
) -> str:
    """A sentence a screen-reader user gets instead of the picture, in the page's language."""
    parts = [
        Msg(
            "%(length)s from %(start)s to %(end)s.",
            length=Km(end - start),
            start=KmPost(start),
            end=KmPost(end),
        )
    ]
    if profile.has_elevation:
        d0 = elevation_at_m(profile, start) or 0.0
        d1 = elevation_at_m(profile, end) or 0.0
        k = 400
        best_d, best_e = start, d0
        for i in range(k + 1):
            d = start + (end - start) * i / k
            e = elevation_at_m(profile, d) or 0.0
            if e > best_e:
                best_d, best_e = d, e
        updown = ascent_descent_m(profile, start, end) or (0.0, 0.0)
        near = min(inside, key=lambda w: abs(w.along_m - best_d), default=None)
        where: object = near.name if near is not None and abs(near.along_m - best_d) < 500 else KmPost(best_d)
        parts.append(
            Msg(
                "Starts at %(start)s, high point %(high)s at %(where)s, ends at %(end)s. "
                "Climb +%(up)s, descent −%(down)s.",
                start=Metres(d0),
                high=Metres(best_e),
                where=where,
                end=Metres(d1),
                up=Metres(updown[0]),
                down=Metres(updown[1]),
            )
        )
    else:
        parts.append(Msg("No elevation data for this track: climbs are unknown."))
    passes = [w.name for w in inside if w.type == "pass"]
    camps = [w.name for w in inside if w.type == "campsite"]
    if passes:
        parts.append(Msg("Passes: %(names)s.", names=", ".join(passes)))
    if camps:
        parts.append(Msg("Camps: %(names)s.", names=", ".join(camps)))
    return " ".join(say(p) for p in parts)

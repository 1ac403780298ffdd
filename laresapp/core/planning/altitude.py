"""The altitude rule: how fast the height you *sleep* at may rise.

Source: the Wilderness Medical Society's clinical practice guidelines for the prevention
and treatment of acute altitude illness (Luks et al., Wilderness & Environmental
Medicine; 2010, updated 2014, 2019 and 2024). In our words: above 3,000 m, do not raise
your sleeping elevation by more than about 500 m from one night to the next, and add a
rest night (no higher sleeping elevation) for every 1,000 m or so gained — the newer
wording is a rest day every three to four days. Where you walk in the day matters much
less than where you sleep.

How we read "about 500 m":

* Only height above 3,000 m counts: from 2,800 m to 3,400 m is a 400 m rise, because
  the guideline does not apply below 3,000 m.
* A rise of up to 550 m passes (:data:`RISE_TOLERANCE_M`). The guideline's own figure
  is a round number (500 m ≈ 1,640 ft; the CDC writes 1,600 ft, 488 m), and the camp
  heights on a sketched trek are estimates good to about ±50 m at best, so a warning
  for 510 m would be noise. Above 550 m we warn: a hiker deserves to know.
* Acclimatisation before the trek: the WMS counts as low risk only those who take two
  days or more to arrive at 2,500–3,000 m; Cusco is at 3,399 m, so anyone who flies in
  should spend at least :data:`RECOMMENDED_ACCLIMATISATION_DAYS` days there before the
  first camp.

This is general guidance for planning, not medical advice; the messages say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from laresapp.core.message import Metres, Msg

GUIDELINE_NAME = Msg("Wilderness Medical Society altitude illness guidelines")
GUIDELINE_CITATION = Msg(
    "Wilderness Medical Society Clinical Practice Guidelines for the Prevention, Diagnosis, "
    "and Treatment of Acute Altitude Illness (Luks et al., 2019; 2024 update)"
)
BEFORE_THE_TREK = Msg("Before the trek")
THRESHOLD_M = 3000.0
"""Sleeping elevation above which the rule applies."""
MAX_RISE_M = 500.0
"""The guideline's figure for the rise in sleeping elevation from one night to the next."""
RISE_TOLERANCE_M = 50.0
"""A rise up to MAX_RISE_M + this passes: see "How we read" above."""
GAIN_PER_REST_NIGHT_M = 1000.0
"""Counted gain after which the guideline adds a rest night."""
RECOMMENDED_ACCLIMATISATION_DAYS = 2


@dataclass(frozen=True)
class Night:
    """Where the party sleeps after ``day_label``, and how high."""

    day_label: str
    place: str
    elevation_m: float | None
    date: dt.date | None = None


@dataclass(frozen=True)
class AltitudeWarning:
    """A warning that explains itself: what, why (the guideline) and what to do."""

    kind: str  # "sleep-rise", "gain-without-rest", "acclimatisation", "unknown-elevation"
    day_label: str
    title: str
    explanation: str
    advice: str
    severity: str = "warning"  # "warning" or "caution"


def counted_rise_m(previous_m: float, tonight_m: float) -> float:
    """The part of tonight's rise in sleeping elevation that the rule counts (≥ 0)."""
    if tonight_m <= THRESHOLD_M:
        return 0.0
    return max(0.0, tonight_m - max(previous_m, THRESHOLD_M))


def _m(value: float) -> Metres:
    return Metres(value)


def check_nights(
    nights: Sequence[Night],
    start: Night,
    lower_camps: dict[str, list[tuple[str, float]]] | None = None,
) -> list[AltitudeWarning]:
    """Check each night against the night before; ``start`` is where the party sleeps
    before the first of ``nights`` (Cusco). ``lower_camps`` maps a day label to places on
    that day's way (name, elevation) that could serve as a lower camp."""
    warnings: list[AltitudeWarning] = []
    previous = start
    gain_since_rest_m = 0.0
    for night in nights:
        if previous.elevation_m is None and night.elevation_m is not None:
            # Last night's warning already said it could not be checked; nothing to compare.
            previous = night
            continue
        if night.elevation_m is None or previous.elevation_m is None:
            warnings.append(
                AltitudeWarning(
                    kind="unknown-elevation",
                    day_label=night.day_label,
                    severity="caution",
                    title=Msg("%(day)s: sleeping elevation unknown", day=night.day_label),
                    explanation=Msg(
                        "The trek data gives no elevation for %(place)s, so the "
                        "altitude rule cannot be checked for this night.",
                        place=night.place,
                    ),
                    advice=Msg("Find the camp's height on a map before you go and check it yourself."),
                )
            )
            previous = night
            gain_since_rest_m = 0.0
            continue
        rise = counted_rise_m(previous.elevation_m, night.elevation_m)
        if rise <= 0:
            gain_since_rest_m = 0.0  # a night no higher than the last is a rest night
        else:
            gain_since_rest_m += rise
        if rise > MAX_RISE_M + RISE_TOLERANCE_M:
            options = [
                (name, ele)
                for name, ele in (lower_camps or {}).get(night.day_label, [])
                if ele - max(previous.elevation_m, THRESHOLD_M) <= MAX_RISE_M + RISE_TOLERANCE_M
            ]
            rest = Msg(
                "or add a night on the way so that no night is more than about 500 m above the "
                "last. If you cannot, take it slowly, and do not go higher if anyone has a "
                "headache or feels sick."
            )
            advice = (
                Msg(
                    "Sleep lower that night — for example near %(place)s (about %(elev)s), %(rest)s",
                    place=options[-1][0],
                    elev=_m(options[-1][1]),
                    rest=rest,
                )
                if options
                else Msg("Sleep lower that night, %(rest)s", rest=rest)
            )
            warnings.append(
                AltitudeWarning(
                    kind="sleep-rise",
                    day_label=night.day_label,
                    title=Msg(
                        "%(day)s: you sleep %(rise)s higher than the night before",
                        day=night.day_label,
                        rise=_m(rise),
                    ),
                    explanation=Msg(
                        "From %(from_place)s (%(from_elev)s) to %(to_place)s (%(to_elev)s). The "
                        "%(guideline)s advise that, above 3,000 m, the height you sleep at should "
                        "rise by no more than about %(max_rise)s a night. Rising faster makes "
                        "altitude sickness more likely.",
                        from_place=previous.place,
                        from_elev=_m(previous.elevation_m),
                        to_place=night.place,
                        to_elev=_m(night.elevation_m),
                        guideline=GUIDELINE_NAME,
                        max_rise=_m(MAX_RISE_M),
                    ),
                    advice=advice,
                )
            )
        elif gain_since_rest_m > GAIN_PER_REST_NIGHT_M:
            warnings.append(
                AltitudeWarning(
                    kind="gain-without-rest",
                    day_label=night.day_label,
                    title=Msg(
                        "%(day)s: over %(gain)s gained without a rest night",
                        day=night.day_label,
                        gain=_m(GAIN_PER_REST_NIGHT_M),
                    ),
                    explanation=Msg(
                        "Your sleeping height has risen %(gain)s above 3,000 m since the last "
                        "night that was no higher than the one before. The %(guideline)s add a "
                        "rest night for about every 1,000 m gained.",
                        gain=_m(gain_since_rest_m),
                        guideline=GUIDELINE_NAME,
                    ),
                    advice=Msg("Add a rest night (two nights at the same height) before this one."),
                )
            )
            gain_since_rest_m = 0.0
        previous = night
    return warnings


def check_acclimatisation(days: int, base: Night, first_night: Night | None) -> AltitudeWarning | None:
    """Warn when the trip has fewer than the recommended days at ``base`` (Cusco) before
    the first night of the trek, if that night is above 3,000 m (or unknown)."""
    if days >= RECOMMENDED_ACCLIMATISATION_DAYS:
        return None
    if (
        first_night is not None
        and first_night.elevation_m is not None
        and first_night.elevation_m <= THRESHOLD_M
    ):
        return None
    camp = first_night.place if first_night else Msg("the first camp")
    if days <= 0:
        title = Msg("No days to acclimatise before the first camp")
        have = Msg("no days")
    elif days == 1:
        title = Msg("Only one day to acclimatise before the first camp")
        have = Msg("only one day")
    else:
        title = Msg("Only %(num)s days to acclimatise before the first camp", num=days)
        have = Msg("only %(num)s days", num=days)
    return AltitudeWarning(
        kind="acclimatisation",
        day_label=BEFORE_THE_TREK,
        title=title,
        explanation=Msg(
            "Your plan has %(have)s in %(place)s (%(elev)s) before %(camp)s. The %(guideline)s "
            "count an ascent as low-risk only when you take at least two days to reach "
            "2,500–3,000 m; %(place)s is already higher. %(recommended)s days there, doing "
            "little on the first, is the usual advice for this trek.",
            have=have,
            place=base.place,
            elev=_m(base.elevation_m or 0),
            camp=camp,
            guideline=GUIDELINE_NAME,
            recommended=RECOMMENDED_ACCLIMATISATION_DAYS,
        ),
        advice=Msg(
            "Add days in %(place)s so that you have at least %(recommended)s before you start "
            "walking (change the acclimatisation days below, or start the trek later).",
            place=base.place,
            recommended=RECOMMENDED_ACCLIMATISATION_DAYS,
        ),
    )

"""A match probability as a reviewer reads it: in words and in figures ("likely, 62%").

The words are the UK government's probability yardstick (the Professional Head of
Intelligence Assessment's scale, used across government for judgements of likelihood), each
gap between its ranges split at the middle, so every probability has one phrase.
"""

from __future__ import annotations

from django import template

register = template.Library()

# (upper bound, phrase): the yardstick's ranges are 0-5%, 10-20%, 25-35%, 40-50%, 55-75%,
# 80-90% and 95-100%.
YARDSTICK: tuple[tuple[float, str], ...] = (
    (0.075, "remote chance"),
    (0.225, "highly unlikely"),
    (0.375, "unlikely"),
    (0.525, "realistic possibility"),
    (0.775, "likely"),
    (0.925, "highly likely"),
)
ALMOST_CERTAIN = "almost certain"


@register.filter
def probability_in_words(probability: float) -> str:
    """The yardstick's phrase for a match probability (0 to 1)."""
    for upper, phrase in YARDSTICK:
        if probability < upper:
            return phrase
    return ALMOST_CERTAIN


@register.filter
def probability_percent(probability: float) -> str:
    """A match probability as a percentage that never rounds to a certainty it is not:
    one decimal place below 1% and above 99%, "less than 0.1%" and "more than 99.9%" at the
    ends (0.0004 is not "0%", 0.9996 is not "100%")."""
    if probability <= 0 or probability >= 1:
        return f"{probability * 100:.0f}%"
    percent = probability * 100
    if percent < 0.05:
        return "less than 0.1%"
    if percent >= 99.95:
        return "more than 99.9%"
    if percent < 1 or percent >= 99:
        return f"{percent:.1f}%"
    return f"{percent:.0f}%"

"""Clock lengths in templates, so that page text never repeats a statutory length.

``{% load timescales %}`` then ``within {% clock_length "contact_decision" %}`` gives
"within 1 working day", from ``timescales.clocks.CLOCKS``.
"""

from __future__ import annotations

from django import template

from safeguard.timescales.clocks import CLOCKS

register = template.Library()


@register.simple_tag
def clock_length(code: str) -> str:
    """The clock's length in words ("45 working days").

    Only for statutory clocks: a clock an authority sets locally (visits, CIN reviews) has
    its own length per authority, which the view must pass in.
    """
    clock = CLOCKS[code]
    if clock.setting is not None:
        raise template.TemplateSyntaxError(
            f"{code} is set per authority ({clock.setting}); pass its length from the view"
        )
    return str(clock.period)

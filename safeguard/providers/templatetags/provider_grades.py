"""A provider's Ofsted grade as the register shows it: Ofsted's words in a coloured tag."""

from __future__ import annotations

from django import template

from ..codes import Grade

register = template.Library()

_TAG_CLASSES = {
    Grade.OUTSTANDING: "govuk-tag--green",
    Grade.GOOD: "govuk-tag--turquoise",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
}


@register.filter
def grade_label(grade: str) -> str:
    """Ofsted's words for a grade; "Not graded" for none."""
    return Grade(grade).label if grade in Grade.values else "Not graded"


@register.filter
def grade_tag_class(grade: str) -> str:
    if grade not in Grade.values:
        return "govuk-tag--grey"
    return _TAG_CLASSES[Grade(grade)]

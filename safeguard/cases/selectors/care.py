"""Reads for the looked-after pages (`views/actions/care.py`), for a child a page has already
found through need to know and its permission (`child_get_for_action`)."""

from __future__ import annotations

from datetime import date

from safeguard.people.models import Person

from ..models import LookedAfterPeriod, Placement


def care_period_open_get(*, child: Person) -> LookedAfterPeriod | None:
    """The child's open period of care, if they are looked after now (one at a time)."""
    return LookedAfterPeriod.objects.filter(child=child, end_date__isnull=True).first()


def placement_current_get(*, period: LookedAfterPeriod) -> Placement | None:
    """The period's open SSDA903 episode: the placement and legal status the child has now."""
    return period.placements.filter(end_date__isnull=True).order_by("-start_date").first()


def care_review_dates_list(*, period: LookedAfterPeriod) -> list[date]:
    """When the period's looked-after reviews were held, oldest first."""
    return list(period.reviews.order_by("review_date").values_list("review_date", flat=True))

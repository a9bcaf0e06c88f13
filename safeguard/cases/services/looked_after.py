"""Looked-after children: periods of care, placements and reviews."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max

from safeguard.common import codes
from safeguard.people.models import Person

from ..models import (
    LookedAfterPeriod,
    LookedAfterReview,
    Placement,
    Referral,
)
from ..workflow import rules
from ..workflow.rules import check
from ._base import (
    _dates_ok,
    _lock_child,
    _save,
    _today,
)

__all__ = [
    "looked_after_end",
    "looked_after_review_record",
    "looked_after_start",
    "open_referral_for",
    "placement_change",
]


def looked_after_start(
    *,
    child: Person,
    start_date: date,
    category_of_need: str,
    legal_status: str,
    placement_type: str,
    provider: str,
    postcode: str = "",
) -> LookedAfterPeriod:
    with transaction.atomic():
        child = _lock_child(child)
        violations = _dates_ok(child, {"start_date": start_date}, pre_birth_work=False)
        violations += rules.one_open_care_period(
            LookedAfterPeriod.objects.filter(child=child, end_date__isnull=True).exists()
        )
        check(violations)
        period = LookedAfterPeriod(
            child=child, start_date=start_date, category_of_need=category_of_need
        )
        _save(period)
        _save(
            Placement(
                period=period,
                child=child,
                start_date=start_date,
                reason_new_episode=codes.ReasonNewEpisode.S,
                legal_status=legal_status,
                placement_type=placement_type,
                provider=provider,
                postcode=postcode,
            )
        )
        return period


def placement_change(
    *,
    period: LookedAfterPeriod,
    change_date: date,
    reason_new_episode: str,
    legal_status: str,
    placement_type: str,
    provider: str,
    postcode: str = "",
) -> Placement:
    """A change of placement or legal status ends the current SSDA903 episode and starts another."""
    with transaction.atomic():
        period = LookedAfterPeriod.objects.select_for_update().get(pk=period.pk)
        current = period.placements.filter(end_date__isnull=True).first()
        violations = rules.dates_not_in_future(_today(), {"start_date": change_date})
        violations += rules.placement_needs_open_period(period.end_date)
        violations += rules.placement_after_previous(
            current.start_date if current is not None else None, change_date
        )
        check(violations)
        if current is not None:
            current.end_date = change_date
            _save(current)
        placement = Placement(
            period=period,
            child=period.child,
            start_date=change_date,
            reason_new_episode=reason_new_episode,
            legal_status=legal_status,
            placement_type=placement_type,
            provider=provider,
            postcode=postcode,
        )
        _save(placement)
        return placement


def looked_after_end(
    *, period: LookedAfterPeriod, end_date: date, reason_ceased: str
) -> LookedAfterPeriod:
    with transaction.atomic():
        period = LookedAfterPeriod.objects.select_for_update().get(pk=period.pk)
        violations = rules.dates_not_in_future(_today(), {"end_date": end_date})
        latest_start = period.placements.aggregate(m=Max("start_date"))["m"] or period.start_date
        violations += rules.care_ends_after_last_placement(latest_start, end_date)
        violations += rules.care_period_ended_once(period.end_date)
        violations += rules.care_end_needs_reason(end_date, reason_ceased)
        check(violations)
        for placement in period.placements.filter(end_date__isnull=True):
            placement.end_date = end_date
            _save(placement)
        period.end_date = end_date
        period.reason_ceased = reason_ceased
        _save(period)
        return period


def looked_after_review_record(
    *, period: LookedAfterPeriod, review_date: date, participation: str = ""
) -> LookedAfterReview:
    with transaction.atomic():
        check(
            _dates_ok(period.child, {"review_date": review_date}, pre_birth_work=False),
            rules.care_review_within_period(period.start_date, review_date),
        )
        review = LookedAfterReview(
            period=period, child=period.child, review_date=review_date, participation=participation
        )
        _save(review)
        return review


def open_referral_for(child: Person) -> Referral | None:
    return Referral.objects.filter(child=child, closure_date__isnull=True).first()

"""Looked-after children: periods of care, placements, the care plan and reviews.

Each write follows the Care Planning, Placement and Case Review (England) Regulations 2010 and
records what the SSDA903 return reads (an episode per placement and legal status, the reason a
placement ended in a move, the home postcode, reviews and how the child took part).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max

from safeguard.common import codes
from safeguard.organisation.models import Worker
from safeguard.people.models import Person
from safeguard.timescales.working_days import add_months

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
    referral_facts,
)

__all__ = [
    "care_plan_record",
    "looked_after_end",
    "looked_after_review_record",
    "looked_after_start",
    "open_referral_for",
    "placement_change",
]


def _tidy(code: str) -> str:
    """A postcode or URN as the return writes it: capitals, single spaces, no ends."""
    return " ".join(code.split()).upper()


# A birthday, not a clock: named so the scan for clock lengths (test_one_source) tells it
# from the 12 months of the review health assessment.
_MONTHS_A_YEAR = 12


def _birthday(child: Person, years: int) -> date | None:
    born = child.date_of_birth
    return add_months(born, _MONTHS_A_YEAR * years) if born is not None else None


def looked_after_start(
    *,
    child: Person,
    start_date: date,
    category_of_need: str,
    legal_status: str,
    placement_type: str,
    provider: str,
    postcode: str = "",
    referral: Referral | None = None,
    urn: str = "",
    home_postcode: str = "",
    care_plan_date: date | None = None,
    visiting_plan: str = "standard",
    six_monthly_visits_agreed: bool = False,
) -> LookedAfterPeriod:
    """The child becomes looked after in their first placement: a period of care opens with
    its first SSDA903 episode (reason S), once at a time. Started from a referral (the page
    does), the day falls inside it: a looked-after child is a child in need. A care plan
    already agreed (before the placement, as reg. 4(2) of the Care Planning Regulations 2010
    prefers) is recorded with it; otherwise it is due within 10 working days
    (`care_plan_record`). The placement's plan sets its visits (reg. 28, `workflow.lac_visits`)."""
    postcode, urn, home_postcode = _tidy(postcode), _tidy(urn), _tidy(home_postcode)
    with transaction.atomic():
        child = _lock_child(child)
        if referral is not None and referral.child_id != child.pk:
            raise ValueError("the referral is about another child")
        violations = _dates_ok(child, {"start_date": start_date}, pre_birth_work=False)
        # A plan for a baby may be agreed before the birth (pre-birth planning).
        violations += _dates_ok(child, {"care_plan_date": care_plan_date})
        if referral is not None:
            violations += rules.within_open_referral(
                referral_facts(referral), "start_date", start_date
            )
        violations += rules.one_open_care_period(
            LookedAfterPeriod.objects.filter(child=child, end_date__isnull=True).exists()
        )
        violations += rules.placement_urn_format(urn)
        violations += rules.placement_urn_fits_type(placement_type, urn)
        violations += rules.placement_urn_required(placement_type, urn)
        violations += rules.placement_fits_legal_status(placement_type, legal_status)
        violations += rules.placement_six_monthly_visits_long_term_foster(
            visiting_plan, six_monthly_visits_agreed
        )
        check(violations)
        period = LookedAfterPeriod(
            child=child,
            start_date=start_date,
            category_of_need=category_of_need,
            care_plan_date=care_plan_date,
            home_postcode=home_postcode,
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
                urn=urn,
                visiting_plan=visiting_plan,
                six_monthly_visits_agreed=six_monthly_visits_agreed,
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
    urn: str = "",
    reason_place_change: str = "",
    move_planned: bool | None = None,
    visiting_plan: str = "standard",
    six_monthly_visits_agreed: bool = False,
) -> Placement:
    """A change of placement or legal status ends the current SSDA903 episode and starts
    another the same day, whose reason (RNE) says what changed and nothing else. A move
    records, on the episode that ended, why it ended (REASON_PLACE_CHANGE) and whether the
    move was planned."""
    postcode, urn = _tidy(postcode), _tidy(urn)
    with transaction.atomic():
        period = LookedAfterPeriod.objects.select_for_update().get(pk=period.pk)
        child = period.child
        current = period.placements.filter(end_date__isnull=True).first()
        violations = rules.dates_not_in_future(_today(), {"start_date": change_date})
        violations += rules.placement_needs_open_period(period.end_date)
        violations += rules.placement_after_previous(
            current.start_date if current is not None else None, change_date
        )
        temporary = placement_type in codes.TEMPORARY_PLACEMENT_TYPES
        if current is not None:
            was = (current.placement_type, current.provider, current.postcode, current.urn)
            violations += rules.episode_change_fits_reason(
                reason_new_episode,
                current_legal_status=current.legal_status,
                new_legal_status=legal_status,
                placement_changed=was != (placement_type, provider, postcode, urn),
            )
            temporary = temporary or current.placement_type in codes.TEMPORARY_PLACEMENT_TYPES
        violations += rules.placement_move_reason(
            reason_new_episode,
            reason_place_change,
            temporary=temporary,
            tenth_birthday=_birthday(child, 10),
            change_date=change_date,
        )
        violations += rules.placement_move_planned(reason_new_episode, move_planned)
        violations += rules.placement_urn_format(urn)
        violations += rules.placement_urn_fits_type(placement_type, urn)
        violations += rules.placement_urn_required(
            placement_type, urn, new_placement=reason_new_episode != codes.ReasonNewEpisode.L
        )
        violations += rules.placement_fits_legal_status(placement_type, legal_status)
        violations += rules.placement_six_monthly_visits_long_term_foster(
            visiting_plan, six_monthly_visits_agreed
        )
        check(violations)
        if current is not None:
            current.end_date = change_date
            current.reason_place_change = reason_place_change
            current.move_planned = move_planned
            _save(current)
        placement = Placement(
            period=period,
            child=child,
            start_date=change_date,
            reason_new_episode=reason_new_episode,
            legal_status=legal_status,
            placement_type=placement_type,
            provider=provider,
            postcode=postcode,
            urn=urn,
            visiting_plan=visiting_plan,
            six_monthly_visits_agreed=six_monthly_visits_agreed,
        )
        _save(placement)
        return placement


def looked_after_end(
    *, period: LookedAfterPeriod, end_date: date, reason_ceased: str
) -> LookedAfterPeriod:
    """The child stops being looked after: the period of care and its open episode end that
    day, with the reason (SSDA903 DEC and REC), once."""
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


def care_plan_record(*, period: LookedAfterPeriod, care_plan_date: date) -> LookedAfterPeriod:
    """The day the child's first care plan was agreed: before the first placement or, if that
    was not practicable, within 10 working days of its start (Care Planning, Placement and
    Case Review (England) Regulations 2010, reg. 4(2); its contents, reg. 5). Recorded once
    per period of care, never after care ended; a plan agreed late is recorded all the same
    and its clock (`lac_care_plan`) shows it met late."""
    with transaction.atomic():
        period = LookedAfterPeriod.objects.select_for_update().get(pk=period.pk)
        check(
            _dates_ok(period.child, {"care_plan_date": care_plan_date}),
            rules.care_plan_recorded_once(period.care_plan_date),
            rules.care_plan_before_care_ended(period.end_date, care_plan_date),
        )
        period.care_plan_date = care_plan_date
        _save(period)
        return period


def _is_iro(worker: Worker, on: date) -> bool:
    """An independent reviewing officer on the day: a conference chair (IRO) not yet left."""
    left = worker.left_on
    return worker.role == Worker.Role.CONFERENCE_CHAIR and (left is None or on <= left)


def looked_after_review_record(
    *,
    period: LookedAfterPeriod,
    review_date: date,
    participation: str = "",
    iro: Worker | None = None,
    iro_recommendations: str = "",
) -> LookedAfterReview:
    """A looked-after review (Care Planning Regulations 2010, Part 6: the first within 20
    working days of becoming looked after, the second within 3 months, then every 6 months),
    held while the child is looked after, chaired by the independent reviewing officer
    (reg. 36), with how the child took part (SSDA903 REVIEW_CODE, fitting their age) and the
    IRO's recommendations."""
    with transaction.atomic():
        period = LookedAfterPeriod.objects.select_for_update().get(pk=period.pk)
        child = period.child
        check(
            _dates_ok(child, {"review_date": review_date}, pre_birth_work=False),
            rules.care_review_within_period(period.start_date, review_date),
            rules.care_review_before_care_ended(period.end_date, review_date),
            rules.care_review_participation_fits_age(
                _birthday(child, 4), review_date, participation
            ),
            rules.care_review_chaired_by_iro(
                _is_iro(iro, review_date) if iro is not None else None
            ),
        )
        review = LookedAfterReview(
            period=period,
            child=child,
            review_date=review_date,
            participation=participation,
            iro=iro,
            iro_recommendations=iro_recommendations.strip(),
        )
        _save(review)
        return review


def open_referral_for(child: Person) -> Referral | None:
    return Referral.objects.filter(child=child, closure_date__isnull=True).first()

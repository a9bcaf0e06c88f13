"""Every write to a care leaver's record: keyword-only, validated against the named rules in
`care_leavers.rules` (and the record's own: nothing in the future, nothing before birth), all
or nothing, each row in the audit trail in the same transaction.

Sources: the Children Act 1989 as amended by the Children (Leaving Care) Act 2000 (Sch. 2
para. 19B, ss. 23A-23E); the Care Planning, Placement and Case Review (England) Regulations
2010, regs. 40-44; the Care Leavers (England) Regulations 2010; SSDA903 OC3.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.workflow import rules as case_rules
from safeguard.cases.workflow.rules import ChildFacts, Violation, check
from safeguard.people.models import Person

from . import rules
from .eligibility import entitlement_on
from .models import (
    CareLeaverContact,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
)
from .selectors import care_spells_by_child

__all__ = [
    "care_leaver_contact_record",
    "needs_assessment_record",
    "pathway_plan_record",
    "pathway_plan_review_record",
    "personal_adviser_appoint",
]


def _locked(child: Person) -> Person:
    # Serialises writes about one young person (a plan and its first review recorded at once).
    return Person.objects.select_for_update().get(pk=child.pk)


def date_checks(child: Person, field: str, on: date | None) -> list[Violation]:
    """The rules every care-leaver date keeps: not in the future, not before birth, and on a
    day the young person was entitled to leaving-care support. Recording work with someone of
    21 to 25 is itself the support that keeps them entitled (s. 23CZB), so it counts as such."""
    if on is None:
        return []
    facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, child.date_of_death)
    spells = care_spells_by_child([child.pk]).get(child.pk, [])
    entitlement = entitlement_on(child.date_of_birth, spells, on, receiving_support=True)
    return (
        case_rules.dates_not_in_future(timezone.localdate(), {field: on})
        + case_rules.dates_not_before_birth(facts, {field: on}, pre_birth_work=False)
        + rules.care_leaver_entitled(entitlement, on, field)
    )


def _save(instance: Model) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise case_rules.RuleViolation(case_rules.invalid_values(error.message_dict)) from error
    instance.save()
    audit_record(
        action=Action.CREATE,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        child_id=getattr(instance, "child_id", None),
    )


def needs_assessment_record(*, child: Person, completed_on: date, summary: str) -> NeedsAssessment:
    """The assessment of an eligible or relevant young person's needs (Care Planning
    Regulations 2010, reg. 42: within three months of 16 or of becoming eligible; Care Leavers
    Regulations 2010, reg. 5)."""
    with transaction.atomic():
        child = _locked(child)
        check(date_checks(child, "completed_on", completed_on))
        assessment = NeedsAssessment(
            child=child, completed_on=completed_on, summary=summary.strip()
        )
        _save(assessment)
        return assessment


def pathway_plan_record(*, child: Person, agreed_on: date, summary: str) -> PathwayPlan:
    """The pathway plan, built on the needs assessment (Care Planning Regulations 2010,
    reg. 43; Care Leavers Regulations 2010, reg. 6 and Sch. 1)."""
    with transaction.atomic():
        child = _locked(child)
        assessed = list(
            NeedsAssessment.objects.filter(child=child)
            .order_by("completed_on")
            .values_list("completed_on", flat=True)
        )
        # The latest assessment by the plan's day; failing that, the first, for the message.
        assessed_on = max(
            (d for d in assessed if d <= agreed_on), default=assessed[0] if assessed else None
        )
        check(
            date_checks(child, "agreed_on", agreed_on),
            rules.pathway_plan_after_needs_assessment(assessed_on, agreed_on),
        )
        plan = PathwayPlan(child=child, agreed_on=agreed_on, summary=summary.strip())
        _save(plan)
        return plan


def pathway_plan_review_record(
    *, plan: PathwayPlan, reviewed_on: date, notes: str = ""
) -> PathwayPlanReview:
    """A review of the pathway plan: at least every six months (Care Leavers Regulations
    2010, reg. 7; the `pathway_plan_review` clock)."""
    with transaction.atomic():
        child = _locked(plan.child)
        check(
            date_checks(child, "reviewed_on", reviewed_on),
            rules.pathway_review_after_plan(plan.agreed_on, reviewed_on),
        )
        review = PathwayPlanReview(
            child=child, plan=plan, reviewed_on=reviewed_on, notes=notes.strip()
        )
        _save(review)
        return review


def personal_adviser_appoint(
    *, child: Person, name: str, contact_details: str = "", appointed_on: date
) -> PersonalAdviser:
    """A personal adviser for an eligible, relevant or former relevant young person (Children
    Act 1989, Sch. 2 para. 19C, s. 23B(2), s. 23CZB to 25): the latest appointed is theirs."""
    with transaction.atomic():
        child = _locked(child)
        check(date_checks(child, "appointed_on", appointed_on))
        adviser = PersonalAdviser(
            child=child,
            name=name.strip(),
            contact_details=contact_details.strip(),
            appointed_on=appointed_on,
        )
        _save(adviser)
        return adviser


def care_leaver_contact_record(
    *,
    child: Person,
    contact_date: date,
    in_touch: str,
    accommodation: str = "",
    accommodation_suitable: bool | None = None,
    activity: str = "",
) -> CareLeaverContact:
    """A contact with a care leaver, or the attempt to reach them: in touch or not, where they
    live and whether it suits them, what they are doing (SSDA903 OC3 IN_TOUCH, ACCOM, ACTIV;
    the validator's rules 153, 344, 345)."""
    with transaction.atomic():
        child = _locked(child)
        if not accommodation:
            accommodation_suitable = None
        check(
            date_checks(child, "contact_date", contact_date),
            rules.care_leaver_contact_answers_fit(
                in_touch, accommodation, accommodation_suitable, activity
            ),
        )
        contact = CareLeaverContact(
            child=child,
            contact_date=contact_date,
            in_touch=in_touch,
            accommodation=accommodation,
            accommodation_suitable=accommodation_suitable,
            activity=activity,
        )
        _save(contact)
        return contact

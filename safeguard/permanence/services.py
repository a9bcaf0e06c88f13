"""Every write of a looked-after child's adoption journey and previous permanence:
keyword-only, validated against the named rules in `permanence.rules` (and the record's own:
nothing in the future, nothing before birth), all or nothing, each row in the audit trail in
the same transaction.

Sources: the Adoption and Children Act 2002 (placement for adoption, s.18-19; the adoption
order, s.46); the Adoption Agencies Regulations 2005 (the agency decision maker's decision,
reg. 19; the match, reg. 33); the DfE's SSDA903 guide (AD1, placed for adoption, previous
permanence).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.services import looked_after_end
from safeguard.cases.workflow import rules as case_rules
from safeguard.cases.workflow.rules import ChildFacts, Violation, check

from . import rules, selectors
from .models import AdoptionDecision, PermanencePlan, PreviousPermanence

__all__ = [
    "adoption_decision_record",
    "adoption_decision_reverse",
    "adoption_match_record",
    "adoption_order_record",
    "permanence_plan_record",
    "previous_permanence_record",
]


def _locked(period: LookedAfterPeriod) -> LookedAfterPeriod:
    # Serialises writes about one period, so two people cannot both open "the" decision.
    return LookedAfterPeriod.objects.select_related("child").select_for_update().get(pk=period.pk)


def _locked_decision(decision: AdoptionDecision) -> tuple[LookedAfterPeriod, AdoptionDecision]:
    period = _locked(decision.period)
    return period, AdoptionDecision.objects.select_for_update().get(pk=decision.pk)


def _dates_ok(period: LookedAfterPeriod, field: str, on: date) -> list[Violation]:
    child = period.child
    facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, child.date_of_death)
    return (
        case_rules.dates_not_in_future(timezone.localdate(), {field: on})
        + case_rules.dates_not_before_birth(facts, {field: on}, pre_birth_work=False)
        + rules.adoption_date_within_care_period(period.start_date, period.end_date, field, on)
    )


def _save(instance: Model, action: str = Action.CREATE) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise case_rules.RuleViolation(case_rules.invalid_values(error.message_dict)) from error
    instance.save()
    audit_record(
        action=action,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        child_id=getattr(instance, "child_id", None),
    )


def adoption_decision_record(*, period: LookedAfterPeriod, decision_date: date) -> AdoptionDecision:
    """The agency decision maker decided that the child should be placed for adoption
    (Adoption Agencies Regulations 2005, reg. 19; SSDA903 DATE_PLACED): made while the child
    is looked after, one decision standing at a time, after any earlier one was reversed."""
    with transaction.atomic():
        period = _locked(period)
        earlier = list(
            AdoptionDecision.objects.filter(child=period.child).values_list(
                "decision_date", "order_date", "no_longer_date"
            )
        )
        open_since = next((d for d, order, no in earlier if order is None and no is None), None)
        reversed_on = max((no for _, _, no in earlier if no is not None), default=None)
        check(
            _dates_ok(period, "decision_date", decision_date),
            rules.adoption_decision_one_open(open_since),
            rules.adoption_decision_after_previous(reversed_on, decision_date),
        )
        decision = AdoptionDecision(child=period.child, period=period, decision_date=decision_date)
        _save(decision)
        return decision


def adoption_match_record(
    *,
    decision: AdoptionDecision,
    match_date: date,
    adopters_sex: str,
    adopters_legal_status: str,
) -> AdoptionDecision:
    """The child was matched with prospective adopters (Adoption Agencies Regulations 2005,
    reg. 33; SSDA903 DATE_MATCH, with who the adopters are: SEX_ADOPTR, LS_ADOPTR and, from
    them, NB_ADOPTR). No names: the return asks none."""
    with transaction.atomic():
        period, decision = _locked_decision(decision)
        check(
            _dates_ok(period, "match_date", match_date),
            rules.adoption_decision_stands(decision.order_date, decision.no_longer_date),
            rules.adoption_match_recorded_once(decision.match_date),
            rules.adoption_match_after_decision(decision.decision_date, match_date),
            rules.adopters_fit_together(adopters_sex, adopters_legal_status),
        )
        decision.match_date = match_date
        decision.adopters_sex = adopters_sex
        decision.adopters_legal_status = adopters_legal_status
        _save(decision, Action.UPDATE)
        return decision


def adoption_order_checks(
    period: LookedAfterPeriod, decision: AdoptionDecision, order_date: date | None
) -> list[Violation]:
    """What the adoption order asks of the record, for the service and the page alike."""
    placement = selectors.placement_latest_get(period=period)
    placed_on = selectors.placed_for_adoption_on(period=period)
    return rules.adoption_order_needs_placement(
        placement.placement_type if placement else None, placed_on, decision.match_date
    ) + rules.adoption_order_after_match(decision.match_date, placed_on, order_date)


def adoption_order_record(
    *, decision: AdoptionDecision, order_date: date, reason_ceased: str
) -> AdoptionDecision:
    """The court made the adoption order (Adoption and Children Act 2002, s.46): the child,
    placed for adoption after the match, stops being looked after that day, adopted (SSDA903
    REC E11, application unopposed, or E12, consent dispensed with), through the one service
    that ends a period of care."""
    if reason_ceased not in {"E11", "E12"}:
        raise ValueError("an adoption order ends care with reason E11 or E12")
    with transaction.atomic():
        period, decision = _locked_decision(decision)
        check(
            _dates_ok(period, "order_date", order_date),
            rules.adoption_decision_stands(decision.order_date, decision.no_longer_date),
            adoption_order_checks(period, decision, order_date),
        )
        decision.order_date = order_date
        _save(decision, Action.UPDATE)
        looked_after_end(period=period, end_date=order_date, reason_ceased=reason_ceased)
        return decision


def adoption_decision_reverse(
    *, decision: AdoptionDecision, no_longer_date: date, reason: str
) -> AdoptionDecision:
    """The decision that the child should no longer be placed for adoption, with its reason
    (SSDA903 DATE_PLACED_CEASED, REASON_PLACED_CEASED RD1-RD4): on or after the decision it
    reverses, while the child is looked after."""
    with transaction.atomic():
        period, decision = _locked_decision(decision)
        check(
            _dates_ok(period, "no_longer_date", no_longer_date),
            rules.adoption_decision_stands(decision.order_date, decision.no_longer_date),
            rules.adoption_no_longer_after_decision(decision.decision_date, no_longer_date),
        )
        decision.no_longer_date = no_longer_date
        decision.no_longer_reason = reason
        _save(decision, Action.UPDATE)
        return decision


def previous_permanence_record(
    *,
    period: LookedAfterPeriod,
    option: str,
    authority_code: str = "",
    order_date: date | None = None,
) -> PreviousPermanence:
    """What permanence the child had before this period of care (SSDA903 PREV_PERM, LA_PERM,
    DATE_PERM), once per period: adopted, a special guardianship order or a child
    arrangements order, with the authority and the date of the order; or not known."""
    authority_code = authority_code.strip().upper()
    with transaction.atomic():
        period = _locked(period)
        recorded = (
            PreviousPermanence.objects.filter(period=period)
            .values_list("option", flat=True)
            .first()
        )
        check(
            rules.previous_permanence_once(recorded),
            case_rules.dates_not_in_future(timezone.localdate(), {"order_date": order_date}),
            rules.previous_permanence_fits(option, authority_code, order_date, period.start_date),
        )
        permanence = PreviousPermanence(
            child=period.child,
            period=period,
            option=option,
            authority_code=authority_code,
            order_date=order_date,
        )
        _save(permanence)
        return permanence


def permanence_plan_checks(
    period: LookedAfterPeriod, agreed_on: date | None, plan: str
) -> list[Violation]:
    """What a new permanence plan asks of the record, for the service and the page alike:
    agreed while the child is looked after, on or after the plan in force, and a change."""
    current = selectors.permanence_plan_current_get(period=period)
    return (
        case_rules.dates_not_in_future(timezone.localdate(), {"agreed_on": agreed_on})
        + rules.permanence_plan_within_care_period(period.start_date, period.end_date, agreed_on)
        + rules.permanence_plan_after_previous(current.agreed_on if current else None, agreed_on)
        + rules.permanence_plan_changed(current.plan if current else None, plan)
    )


def permanence_plan_record(
    *, period: LookedAfterPeriod, agreed_on: date, plan: str
) -> PermanencePlan:
    """The permanence plan agreed for the child on a day (Care Planning Regulations 2010,
    reg. 5(b)(i): the care plan's plan for permanence; in the SSD's codes, which Ofsted's
    Annex A list 8 reports). A change of plan is a new row: the earlier ones are its history."""
    with transaction.atomic():
        period = _locked(period)
        child = period.child
        facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, child.date_of_death)
        check(
            permanence_plan_checks(period, agreed_on, plan),
            case_rules.dates_not_before_birth(
                facts, {"agreed_on": agreed_on}, pre_birth_work=False
            ),
        )
        permanence_plan = PermanencePlan(child=child, period=period, agreed_on=agreed_on, plan=plan)
        _save(permanence_plan)
        return permanence_plan

"""Every write to the statutory case record.

Each service is keyword-only, checks the statutory rules in `workflow.rules` against facts read
from the database, validates the rows it writes, and writes all or nothing. Views, the partner
API and the generator call these; nothing else saves case models.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common import codes
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person

from .models import (
    Allocation,
    Assessment,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    CoreGroupMeeting,
    LookedAfterPeriod,
    LookedAfterReview,
    ManagementDecision,
    Placement,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from .workflow import rules
from .workflow.rules import ChildFacts, ConferenceFacts, ReferralFacts, Violation, check

ASSESSMENT_FACTOR_CODES = frozenset(codes.AssessmentFactor.values)


def _today() -> date:
    return timezone.localdate()


def _lock_child(child: Person) -> Person:
    # Serialises writes about one child, so two clerks cannot both open "the only" plan.
    return Person.objects.select_for_update().get(pk=child.pk)


def child_facts(child: Person) -> ChildFacts:
    return ChildFacts(
        date_of_birth=child.date_of_birth,
        expected_date_of_birth=child.expected_date_of_birth,
        date_of_death=child.date_of_death,
    )


def referral_facts(referral: Referral) -> ReferralFacts:
    return ReferralFacts(referral_date=referral.referral_date, closure_date=referral.closure_date)


def _dates_ok(
    child: Person, dates: dict[str, date | None], *, pre_birth_work: bool = True
) -> list[Violation]:
    return rules.dates_not_in_future(_today(), dates) + rules.dates_not_before_birth(
        child_facts(child), dates, pre_birth_work=pre_birth_work
    )


def _save(*instances: Model) -> None:
    """Validate and save; a field-level problem the rules did not catch still comes back as
    a RuleViolation naming the field, never as a half-written record."""
    for instance in instances:
        try:
            instance.full_clean()
        except ValidationError as error:
            raise rules.RuleViolation(
                Violation("invalid_value", " ".join(messages), (field,))
                for field, messages in error.message_dict.items()
            ) from error
        adding = instance._state.adding
        instance.save()
        # Every write to the record is in the audit trail, in the same transaction.
        audit_record(
            action=Action.CREATE if adding else Action.UPDATE,
            object_type=instance._meta.label_lower,
            object_id=instance.pk,
            child_id=getattr(instance, "child_id", None),
        )


def _needs_rationale(rationale: str, field: str = "rationale") -> list[Violation]:
    if rationale.strip():
        return []
    return [
        Violation(
            "decision_needs_rationale",
            "Give the reason for the decision, so the oversight can be audited.",
            (field,),
        )
    ]


def _decision(
    *,
    child: Person,
    kind: str,
    decision: str,
    rationale: str,
    decided_by: Worker,
    subject: Model,
) -> ManagementDecision:
    record = ManagementDecision(
        child=child,
        kind=kind,
        decision=decision[:200],
        rationale=rationale.strip(),
        decided_by=decided_by,
        decided_at=timezone.now(),
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
    )
    _save(record)
    return record


# --- Allocation -------------------------------------------------------------------------------


def allocation_allocate(
    *,
    child: Person,
    team: Team,
    worker: Worker | None,
    start_date: date,
    reason: str,
    allocated_by: Worker | None,
) -> Allocation:
    """Allocate the child's case to a team and (optionally) a worker, ending the current
    allocation on the same day so the history has no gaps."""
    with transaction.atomic():
        child = _lock_child(child)
        current = Allocation.objects.filter(child=child, end_date__isnull=True).first()
        violations = rules.dates_not_in_future(_today(), {"start_date": start_date})
        if current is not None:
            violations += rules.not_before(
                earlier=("start_date", current.start_date),
                later=("start_date", start_date),
                rule="allocation_not_before_current",
            )
        if allocated_by is not None:
            violations += _needs_rationale(reason)
        if worker is not None and worker.team_id != team.pk:
            violations.append(
                Violation(
                    "allocation_worker_in_team",
                    f"{worker.full_name} is not a member of {team.name}: choose a worker from "
                    "that team or allocate to the team only.",
                    ("worker",),
                )
            )
        check(violations)
        if current is not None:
            current.end_date = start_date
            _save(current)
        allocation = Allocation(
            child=child,
            team=team,
            worker=worker,
            start_date=start_date,
            reason=reason,
            allocated_by=allocated_by,
        )
        _save(allocation)
        if allocated_by is not None:
            _decision(
                child=child,
                kind=ManagementDecision.Kind.ALLOCATION,
                decision=f"Allocated to {worker.full_name if worker else team.name}",
                rationale=reason,
                decided_by=allocated_by,
                subject=allocation,
            )
        return allocation


# --- Front door -------------------------------------------------------------------------------


def contact_record(
    *,
    child: Person,
    received_at: datetime,
    source: str,
    referrer: str = "",
    concerns: str = "",
    team: Team | None = None,
) -> Contact:
    with transaction.atomic():
        child = _lock_child(child)
        check(_dates_ok(child, {"received_at": timezone.localtime(received_at).date()}))
        contact = Contact(
            child=child,
            received_at=received_at,
            source=source,
            referrer=referrer,
            concerns=concerns,
            team=team,
        )
        _save(contact)
        return contact


def contact_decide(
    *,
    contact: Contact,
    decision: str,
    decided_at: datetime,
    decided_by: Worker,
    rationale: str,
) -> Contact:
    """Record the front door's decision (Working Together: within 1 working day)."""
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        violations = rules.dates_not_in_future(
            _today(), {"decided_at": timezone.localtime(decided_at).date()}
        )
        if contact.decision:
            violations.append(
                Violation(
                    "contact_decided_once",
                    "This contact has already been decided.",
                    ("decision",),
                )
            )
        if decided_at < contact.received_at:
            violations.append(
                Violation(
                    "contact_decided_after_received",
                    "The decision cannot be made before the contact was received.",
                    ("decided_at",),
                )
            )
        violations += _needs_rationale(rationale, "decision_rationale")
        check(violations)
        contact.decision = decision
        contact.decided_at = decided_at
        contact.decided_by = decided_by
        contact.decision_rationale = rationale
        _save(contact)
        _decision(
            child=contact.child,
            kind=ManagementDecision.Kind.THRESHOLD,
            decision=contact.get_decision_display(),
            rationale=rationale,
            decided_by=decided_by,
            subject=contact,
        )
        return contact


# --- Referral ---------------------------------------------------------------------------------


def referral_open(
    *,
    child: Person,
    referral_date: date,
    source: str,
    team: Team,
    primary_need: str = codes.PrimaryNeed.N0,
    contact: Contact | None = None,
) -> Referral:
    """Open a children-in-need episode (census CINdetails)."""
    with transaction.atomic():
        child = _lock_child(child)
        violations = _dates_ok(child, {"referral_date": referral_date})
        open_referral = Referral.objects.filter(child=child, closure_date__isnull=True).first()
        if open_referral is not None:
            violations.append(
                Violation(
                    "one_open_referral",
                    f"The child already has an open referral from "
                    f"{open_referral.referral_date.day} {open_referral.referral_date:%B %Y}: "
                    "record the new concern inside it "
                    "or close it first (census rule 8820: episodes cannot overlap).",
                    ("referral_date",),
                )
            )
        last_closed = Referral.objects.filter(child=child, closure_date__isnull=False).aggregate(
            m=Max("closure_date")
        )["m"]
        if last_closed is not None and referral_date < last_closed:
            violations.append(
                Violation(
                    "referrals_do_not_overlap",
                    f"The child's previous referral closed on {last_closed.day} "
                    f"{last_closed:%B %Y}; a new referral cannot start before that "
                    "(census rule 8820: episodes cannot overlap).",
                    ("referral_date",),
                )
            )
        if contact is not None:
            if contact.child_id != child.pk:
                violations.append(
                    Violation(
                        "referral_contact_same_child",
                        "The contact is about another child.",
                        ("contact",),
                    )
                )
            elif contact.decision != codes.ContactDecision.REFERRAL:
                violations.append(
                    Violation(
                        "referral_needs_referral_decision",
                        "A referral opens from a contact only when the contact's decision was "
                        "referral to children's social care.",
                        ("contact",),
                    )
                )
        check(violations)
        referral = Referral(
            child=child,
            contact=contact,
            referral_date=referral_date,
            source=source,
            primary_need=primary_need,
            team=team,
        )
        _save(referral)
        return referral


def _open_work(referral: Referral) -> rules.OpenWork:
    latest = [
        referral.assessments.aggregate(m=Max("authorised_date"))["m"],
        referral.assessments.aggregate(m=Max("start_date"))["m"],
        referral.section47_enquiries.aggregate(m=Max("completed_date"))["m"],
        referral.conferences.aggregate(m=Max("conference_date"))["m"],
        referral.protection_plans.aggregate(m=Max("end_date"))["m"],
        referral.cin_plans.aggregate(m=Max("end_date"))["m"],
    ]
    return rules.OpenWork(
        assessments_unauthorised=referral.assessments.filter(authorised_date__isnull=True).count(),
        section47_enquiries_open=referral.section47_enquiries.filter(
            completed_date__isnull=True
        ).count(),
        protection_plans_open=referral.protection_plans.filter(end_date__isnull=True).count(),
        cin_plans_open=referral.cin_plans.filter(end_date__isnull=True).count(),
        latest_activity=max((d for d in latest if d is not None), default=None),
    )


def referral_close(
    *,
    referral: Referral,
    closure_date: date,
    closure_reason: str,
    closed_by: Worker | None = None,
    rationale: str = "",
) -> Referral:
    """Close the children-in-need episode once its work is finished. A manager's closure is
    a management decision and needs its rationale."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        check(
            rules.dates_not_in_future(_today(), {"closure_date": closure_date}),
            rules.referral_can_close(
                referral_facts(referral), closure_date, closure_reason, _open_work(referral)
            ),
            _needs_rationale(rationale) if closed_by is not None else [],
        )
        referral.closure_date = closure_date
        referral.closure_reason = closure_reason
        referral.no_further_action = closure_reason == codes.ReasonForClosure.RC8 and not (
            referral.assessments.exists()
        )
        _save(referral)
        if closed_by is not None:
            _decision(
                child=referral.child,
                kind=ManagementDecision.Kind.CLOSURE,
                decision=f"Closed: {referral.get_closure_reason_display()}",
                rationale=rationale,
                decided_by=closed_by,
                subject=referral,
            )
        return referral


# --- Assessment -------------------------------------------------------------------------------


def assessment_start(
    *, referral: Referral, start_date: date, worker: Worker | None = None
) -> Assessment:
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        child = referral.child
        violations = _dates_ok(child, {"start_date": start_date}) + rules.within_open_referral(
            referral_facts(referral), "start_date", start_date
        )
        if referral.assessments.filter(authorised_date__isnull=True).exists():
            violations.append(
                Violation(
                    "one_open_assessment",
                    "An assessment is already in progress in this referral (census rule 8839).",
                    ("start_date",),
                )
            )
        check(violations)
        assessment = Assessment(
            referral=referral, child=child, start_date=start_date, worker=worker
        )
        _save(assessment)
        return assessment


def assessment_submit(
    *,
    assessment: Assessment,
    submitted_date: date,
    child_seen_date: date | None,
    factors: Sequence[str],
    outcome: str,
    summary: str = "",
) -> Assessment:
    """The worker completes the assessment and sends it to their manager to authorise."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        child = assessment.child
        violations = _dates_ok(
            child, {"submitted_date": submitted_date, "child_seen_date": child_seen_date}
        )
        violations += rules.not_before(
            earlier=("start_date", assessment.start_date),
            later=("submitted_date", submitted_date),
            rule="assessment_completed_not_before_start",
        )
        violations += rules.assessment_factors_valid(factors, ASSESSMENT_FACTOR_CODES)
        if not factors:
            violations.append(
                Violation(
                    "assessment_factors_required",
                    "Choose the factors identified, or 'no factors identified' (census rule 8614).",
                    ("factors",),
                )
            )
        if assessment.authorised_date is not None:
            violations.append(
                Violation(
                    "assessment_already_authorised",
                    "This assessment has been authorised and can no longer change.",
                    ("submitted_date",),
                )
            )
        check(violations)
        assessment.submitted_date = submitted_date
        assessment.child_seen_date = child_seen_date
        assessment.factors = list(factors)
        assessment.outcome = outcome
        assessment.summary = summary
        _save(assessment)
        return assessment


def assessment_authorise(
    *, assessment: Assessment, authorised_date: date, authorised_by: Worker, rationale: str
) -> Assessment:
    """A manager authorises a completed assessment (census AssessmentAuthorisationDate)."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        violations = rules.dates_not_in_future(_today(), {"authorised_date": authorised_date})
        violations += rules.assessment_authorised_not_before_start(
            assessment.start_date, authorised_date
        )
        violations += rules.not_before(
            earlier=("submitted_date", assessment.submitted_date),
            later=("authorised_date", authorised_date),
            rule="assessment_authorised_after_completed",
        )
        if assessment.submitted_date is None:
            violations.append(
                Violation(
                    "assessment_authorised_after_completed",
                    "The assessment has not been completed yet, so it cannot be authorised.",
                    ("authorised_date",),
                )
            )
        if assessment.authorised_date is not None:
            violations.append(
                Violation(
                    "assessment_already_authorised",
                    "This assessment is already authorised.",
                    ("authorised_date",),
                )
            )
        violations += _needs_rationale(rationale)
        check(violations)
        assessment.authorised_date = authorised_date
        assessment.authorised_by = authorised_by
        _save(assessment)
        _decision(
            child=assessment.child,
            kind=ManagementDecision.Kind.AUTHORISATION,
            decision=f"Authorised: {assessment.get_outcome_display() or 'no outcome recorded'}",
            rationale=rationale,
            decided_by=authorised_by,
            subject=assessment,
        )
        return assessment


def assessment_return(*, assessment: Assessment, returned_by: Worker, rationale: str) -> Assessment:
    """A manager sends a completed assessment back to the worker for more work, saying why."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        violations = _needs_rationale(rationale)
        if assessment.authorised_date is not None or assessment.submitted_date is None:
            violations.append(
                Violation(
                    "assessment_return_needs_submitted",
                    "Only a completed assessment that is not yet authorised can be returned.",
                    ("assessment",),
                )
            )
        check(violations)
        assessment.submitted_date = None
        _save(assessment)
        _decision(
            child=assessment.child,
            kind=ManagementDecision.Kind.RETURN,
            decision="Returned to the worker",
            rationale=rationale,
            decided_by=returned_by,
            subject=assessment,
        )
        return assessment


# --- Child protection -------------------------------------------------------------------------


def strategy_discussion_record(
    *,
    referral: Referral,
    discussion_date: date,
    section47_started: bool,
    agencies_present: str = "",
    rationale: str = "",
) -> StrategyDiscussion:
    """Record a strategy discussion; if it starts a section 47 enquiry, the enquiry starts on
    the same day (census S47ActualStartDate)."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        child = referral.child
        violations = _dates_ok(child, {"discussion_date": discussion_date})
        if section47_started:
            violations += rules.section47_requires_open_referral(
                referral_facts(referral), discussion_date
            )
        else:
            violations += rules.within_open_referral(
                referral_facts(referral), "discussion_date", discussion_date
            )
        check(violations)
        discussion = StrategyDiscussion(
            referral=referral,
            child=child,
            discussion_date=discussion_date,
            section47_started=section47_started,
            agencies_present=agencies_present,
            rationale=rationale,
        )
        _save(discussion)
        if section47_started:
            enquiry = Section47Enquiry(
                referral=referral,
                child=child,
                strategy_discussion=discussion,
                start_date=discussion_date,
            )
            _save(enquiry)
        return discussion


def section47_complete(
    *,
    enquiry: Section47Enquiry,
    completed_date: date,
    outcome: str,
    conference_required: bool,
) -> Section47Enquiry:
    with transaction.atomic():
        enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        violations = rules.dates_not_in_future(_today(), {"completed_date": completed_date})
        violations += rules.not_before(
            earlier=("start_date", enquiry.start_date),
            later=("completed_date", completed_date),
            rule="section47_completed_not_before_start",
        )
        if enquiry.completed_date is not None:
            violations.append(
                Violation(
                    "section47_completed_once",
                    "This enquiry is already completed.",
                    ("completed_date",),
                )
            )
        check(violations)
        enquiry.completed_date = completed_date
        enquiry.outcome = outcome
        enquiry.conference_required = conference_required
        _save(enquiry)
        return enquiry


def initial_conference_record(
    *,
    enquiry: Section47Enquiry,
    conference_date: date,
    outcome: str,
    chair: Worker | None,
    category: str = "",
    is_transfer_in: bool = False,
) -> ChildProtectionConference:
    """Record an initial child protection conference; a 'plan' outcome starts the plan that day
    (Working Together 2023, ch. 2)."""
    with transaction.atomic():
        child = _lock_child(enquiry.child)
        enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        referral = enquiry.referral
        violations = _dates_ok(child, {"conference_date": conference_date})
        violations += rules.not_before(
            earlier=("start_date", enquiry.start_date),
            later=("conference_date", conference_date),
            rule="conference_not_before_section47",
        )
        violations += rules.within_open_referral(
            referral_facts(referral), "conference_date", conference_date
        )
        if outcome == ChildProtectionConference.Outcome.PLAN:
            open_plan = ChildProtectionPlan.objects.filter(
                child=child, end_date__isnull=True
            ).first()
            violations += rules.one_open_protection_plan(
                open_plan.start_date if open_plan else None
            )
            violations += rules.plan_starts_at_initial_conference(
                ConferenceFacts("initial", conference_date, outcome), conference_date
            )
            # The plan ends the open child in need plan on this date, which cannot be before
            # that plan started (without this, the end date breaks a check constraint).
            open_cin_plan = ChildInNeedPlan.objects.filter(
                child=child, end_date__isnull=True
            ).first()
            violations += rules.not_before(
                earlier=(
                    "child_in_need_plan_start",
                    open_cin_plan.start_date if open_cin_plan else None,
                ),
                later=("conference_date", conference_date),
                rule="protection_plan_not_before_cin_plan",
            )
            if category not in codes.CategoryOfAbuse.values:
                violations.append(
                    Violation(
                        "plan_needs_category",
                        "Choose the category of abuse for the plan.",
                        ("category",),
                    )
                )
        check(violations)
        conference = ChildProtectionConference(
            kind=ChildProtectionConference.Kind.INITIAL,
            referral=referral,
            child=child,
            section47_enquiry=enquiry,
            conference_date=conference_date,
            outcome=outcome,
            chair=chair,
            is_transfer_in=is_transfer_in,
        )
        _save(conference)
        if outcome == ChildProtectionConference.Outcome.PLAN:
            plan = ChildProtectionPlan(
                child=child,
                referral=referral,
                initial_conference=conference,
                start_date=conference_date,
                initial_category=category,
                latest_category=category,
            )
            _save(plan)
            # Census 4000s: a child in need plan does not run alongside a protection plan.
            for cin_plan in ChildInNeedPlan.objects.filter(child=child, end_date__isnull=True):
                cin_plan.end_date = conference_date
                _save(cin_plan)
        return conference


def review_conference_record(
    *,
    plan: ChildProtectionPlan,
    conference_date: date,
    outcome: str,
    chair: Worker | None,
    latest_category: str = "",
    rationale: str = "",
) -> ChildProtectionConference:
    """A review conference continues the plan (optionally with a new category) or ends it.
    Ending it is a step-down decision: with a chair named, its rationale is recorded."""
    with transaction.atomic():
        plan = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
        child = plan.child
        violations = _dates_ok(child, {"conference_date": conference_date})
        if plan.end_date is not None:
            violations.append(
                Violation(
                    "review_needs_open_plan",
                    f"This plan ended on {plan.end_date:%d %B %Y}; a review conference needs an "
                    "open plan.",
                    ("plan",),
                )
            )
        last = plan.review_conferences.aggregate(m=Max("conference_date"))["m"] or plan.start_date
        violations += rules.not_before(
            earlier=("previous_conference_date", last),
            later=("conference_date", conference_date),
            rule="review_after_previous_conference",
        )
        if latest_category and latest_category not in codes.CategoryOfAbuse.values:
            violations.append(
                Violation(
                    "plan_needs_category",
                    "Choose a category of abuse from the list.",
                    ("latest_category",),
                )
            )
        ending = outcome == ChildProtectionConference.Outcome.END_PLAN
        if ending and chair is not None:
            violations += _needs_rationale(rationale)
        check(violations)
        conference = ChildProtectionConference(
            kind=ChildProtectionConference.Kind.REVIEW,
            referral=plan.referral,
            child=child,
            plan=plan,
            conference_date=conference_date,
            outcome=outcome,
            chair=chair,
        )
        _save(conference)
        if latest_category:
            plan.latest_category = latest_category
        if ending:
            plan.end_date = conference_date
        _save(plan)
        if ending and chair is not None:
            _decision(
                child=child,
                kind=ManagementDecision.Kind.STEP_DOWN,
                decision="Child protection plan ended at review conference",
                rationale=rationale,
                decided_by=chair,
                subject=conference,
            )
        return conference


def core_group_record(
    *, plan: ChildProtectionPlan, meeting_date: date, notes: str = ""
) -> CoreGroupMeeting:
    with transaction.atomic():
        check(
            _dates_ok(plan.child, {"meeting_date": meeting_date}),
            rules.not_before(
                earlier=("start_date", plan.start_date),
                later=("meeting_date", meeting_date),
                rule="core_group_within_plan",
            ),
        )
        meeting = CoreGroupMeeting(
            plan=plan, child=plan.child, meeting_date=meeting_date, notes=notes
        )
        _save(meeting)
        return meeting


# --- Children in need -------------------------------------------------------------------------


def cin_plan_start(*, referral: Referral, start_date: date) -> ChildInNeedPlan:
    with transaction.atomic():
        child = _lock_child(referral.child)
        violations = _dates_ok(child, {"start_date": start_date}) + rules.within_open_referral(
            referral_facts(referral), "start_date", start_date
        )
        if ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).exists():
            violations.append(
                Violation(
                    "cin_plan_not_during_protection_plan",
                    "The child is on a child protection plan; a child in need plan starts when "
                    "that plan ends (census rule 4003).",
                    ("start_date",),
                )
            )
        if ChildInNeedPlan.objects.filter(child=child, end_date__isnull=True).exists():
            violations.append(
                Violation(
                    "one_open_cin_plan",
                    "The child already has an open child in need plan.",
                    ("start_date",),
                )
            )
        check(violations)
        plan = ChildInNeedPlan(referral=referral, child=child, start_date=start_date)
        _save(plan)
        return plan


def cin_plan_end(*, plan: ChildInNeedPlan, end_date: date) -> ChildInNeedPlan:
    with transaction.atomic():
        plan = ChildInNeedPlan.objects.select_for_update().get(pk=plan.pk)
        check(
            rules.dates_not_in_future(_today(), {"end_date": end_date}),
            rules.not_before(
                earlier=("start_date", plan.start_date),
                later=("end_date", end_date),
                rule="cin_plan_end_not_before_start",
            ),
        )
        plan.end_date = end_date
        _save(plan)
        return plan


def cin_plan_review_record(*, plan: ChildInNeedPlan, review_date: date) -> ChildInNeedPlanReview:
    with transaction.atomic():
        check(
            _dates_ok(plan.child, {"review_date": review_date}),
            rules.not_before(
                earlier=("start_date", plan.start_date),
                later=("review_date", review_date),
                rule="cin_review_within_plan",
            ),
        )
        review = ChildInNeedPlanReview(plan=plan, review_date=review_date)
        _save(review)
        return review


# --- Visits and notes -------------------------------------------------------------------------


def visit_record(
    *,
    child: Person,
    kind: str,
    visit_date: date,
    child_seen: bool,
    seen_alone: bool,
    not_seen_reason: str = "",
    visited_by: Worker | None,
    notes: str = "",
) -> Visit:
    """Record a visit. Only a visit where the child was seen meets a statutory visit clock."""
    with transaction.atomic():
        child = _lock_child(child)
        check(
            _dates_ok(child, {"visit_date": visit_date}),
            rules.visit_seen_consistent(
                child_seen=child_seen,
                seen_alone=seen_alone,
                not_seen_reason=not_seen_reason,
                child_born=child.date_of_birth is not None and child.date_of_birth <= visit_date,
            ),
        )
        visit = Visit(
            child=child,
            kind=kind,
            visit_date=visit_date,
            child_seen=child_seen,
            seen_alone=seen_alone,
            not_seen_reason=not_seen_reason,
            visited_by=visited_by,
            notes=notes,
        )
        _save(visit)
        return visit


def case_note_add(
    *, child: Person, written_by: Worker | None, event_date: date, subject: str, body: str
) -> CaseNote:
    with transaction.atomic():
        violations = _dates_ok(child, {"event_date": event_date})
        if not body.strip():
            violations.append(Violation("case_note_needs_text", "Write the case note.", ("body",)))
        check(violations)
        note = CaseNote(
            child=child, written_by=written_by, event_date=event_date, subject=subject, body=body
        )
        _save(note)
        return note


# --- Looked after -----------------------------------------------------------------------------


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
        if LookedAfterPeriod.objects.filter(child=child, end_date__isnull=True).exists():
            violations.append(
                Violation(
                    "one_open_care_period", "The child is already looked after.", ("start_date",)
                )
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
        if period.end_date is not None:
            violations.append(
                Violation(
                    "placement_needs_open_period",
                    "The child is no longer looked after.",
                    ("start_date",),
                )
            )
        if current is not None:
            violations += rules.not_before(
                earlier=("start_date", current.start_date),
                later=("start_date", change_date),
                rule="placement_after_previous",
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
        violations += rules.not_before(
            earlier=("start_date", latest_start),
            later=("end_date", end_date),
            rule="care_ends_after_last_placement",
        )
        if period.end_date is not None:
            violations.append(
                Violation(
                    "care_period_ended_once",
                    "This period of care has already ended.",
                    ("end_date",),
                )
            )
        if not reason_ceased:
            violations.append(
                Violation(
                    "care_end_needs_reason",
                    "Choose the reason the child stopped being looked after.",
                    ("reason_ceased",),
                )
            )
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
            rules.not_before(
                earlier=("start_date", period.start_date),
                later=("review_date", review_date),
                rule="care_review_within_period",
            ),
        )
        review = LookedAfterReview(
            period=period, child=period.child, review_date=review_date, participation=participation
        )
        _save(review)
        return review


def open_referral_for(child: Person) -> Referral | None:
    return Referral.objects.filter(child=child, closure_date__isnull=True).first()

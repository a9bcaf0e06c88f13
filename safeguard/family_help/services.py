"""Every write to family help: keyword-only, validated against the named rules in
`family_help.rules` (and the record's own: nothing in the future, nothing before birth), all
or nothing, each row in the audit trail in the same transaction.

The family's rows (assessment, plan, meeting, review) are about every child in it, so each
is audited once per child open in the family: a child's audit trail shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.agencies.models import PartnerUser
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import ChildInNeedPlan, Contact, Referral
from safeguard.cases.workflow import rules as case_rules
from safeguard.cases.workflow.rules import ChildFacts, Violation, check
from safeguard.common import codes
from safeguard.common.references import reference_new
from safeguard.front_door.services import ContactDecided, contact_receive
from safeguard.organisation.models import Team, Worker, in_post_q
from safeguard.people.models import Person
from safeguard.timescales.working_days import add_months

from . import rules, steps
from .models import (
    AssessedNeed,
    EarlyHelpEpisode,
    EndReason,
    FamilyHelpAssessment,
    FamilyHelpEpisode,
    FamilyPlan,
    FamilyPlanReview,
    LeadPractitioner,
    MeetingAttendee,
    OutcomeProgress,
    PlanAction,
    PlanOutcome,
    StepUp,
    TeamAroundFamilyMeeting,
)

__all__ = [
    "ActionAgreed",
    "AttendeeRecorded",
    "ChildJoining",
    "ChildSteppingDown",
    "NeedFound",
    "OutcomeAgreed",
    "ProgressRecorded",
    "family_help_assessment_complete",
    "family_help_assessment_start",
    "family_help_child_add",
    "family_help_child_leave",
    "family_help_close",
    "family_help_start",
    "family_help_start_from_contact",
    "family_help_step_down",
    "family_help_step_up",
    "family_help_stepped_up",
    "family_meeting_record",
    "family_plan_agree",
    "family_plan_review_record",
    "lead_practitioner_assign",
    "plan_action_done",
    "step_up_decided",
]

# Local policy, not statute: the family plan is reviewed at least every three months.
FAMILY_PLAN_REVIEW_MONTHS = 3
REFERENCE_PREFIX = "FH"


@dataclass(frozen=True)
class ChildJoining:
    child: Person
    # Why the child needs help (SSD earl_episode_reason).
    reason: str


@dataclass(frozen=True)
class ChildSteppingDown:
    child: Person
    # The referral social care closed with the step down (RC9, or RC7 after a CIN plan).
    referral: Referral
    # Why the child needs family help (SSD earl_episode_reason).
    reason: str


@dataclass(frozen=True)
class NeedFound:
    area: str
    description: str


@dataclass(frozen=True)
class ActionAgreed:
    who: str
    what: str
    agency: str = ""
    by_date: date | None = None


@dataclass(frozen=True)
class OutcomeAgreed:
    area: str
    what_will_change: str
    baseline: str = ""
    actions: Sequence[ActionAgreed] = field(default_factory=tuple)


@dataclass(frozen=True)
class AttendeeRecorded:
    name: str
    attendance: str
    role: str = ""
    agency: str = ""
    is_family_member: bool = False
    worker: Worker | None = None
    partner_user: PartnerUser | None = None


@dataclass(frozen=True)
class ProgressRecorded:
    outcome: PlanOutcome
    progress: str
    evidence: str = ""


# Shared steps ----------------------------------------------------------------------------


def _locked(family_help: FamilyHelpEpisode) -> FamilyHelpEpisode:
    # Serialises writes about one family, so two people cannot both add "the" open row.
    return FamilyHelpEpisode.objects.select_for_update().get(pk=family_help.pk)


def _open_child_ids(family_help: FamilyHelpEpisode) -> list[int]:
    return list(
        family_help.children.filter(end_date__isnull=True)
        .order_by("pk")
        .values_list("child_id", flat=True)
    )


def _not_in_future(dates: dict[str, date | None]) -> list[Violation]:
    return case_rules.dates_not_in_future(timezone.localdate(), dates)


def _within(family_help: FamilyHelpEpisode, name: str, on: date) -> list[Violation]:
    return (
        rules.family_help_open(family_help.ended_on)
        + _not_in_future({name: on})
        + rules.date_within_family_help(family_help.started_on, family_help.ended_on, name, on)
    )


def _save(instance: Model, child_ids: Iterable[int], action: str = Action.CREATE) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise case_rules.RuleViolation(case_rules.invalid_values(error.message_dict)) from error
    instance.save()
    _audit(instance, child_ids, action)


def _audit(instance: Model, child_ids: Iterable[int], action: str = Action.CREATE) -> None:
    for child_id in child_ids:
        audit_record(
            action=action,
            object_type=instance._meta.label_lower,
            object_id=instance.pk,
            child_id=child_id,
        )


def _reference_new() -> str:
    # A clash is about one in two million (common.references): draw again rather than fail.
    reference = reference_new(REFERENCE_PREFIX)
    while FamilyHelpEpisode.objects.filter(reference=reference).exists():
        reference = reference_new(REFERENCE_PREFIX)
    return reference


def _child_joins(
    family_help: FamilyHelpEpisode,
    joining: ChildJoining,
    start_date: date,
    stepped_down_from: Referral | None = None,
    source_contact: Contact | None = None,
) -> EarlyHelpEpisode:
    child = joining.child
    facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, child.date_of_death)
    open_since = (
        EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True)
        .values_list("start_date", flat=True)
        .first()
    )
    # An unborn child may join (help during a pregnancy); a born child joins after birth.
    unborn = child.date_of_birth is None
    check(
        case_rules.dates_not_before_birth(facts, {"start_date": start_date}, pre_birth_work=unborn),
        rules.one_open_early_help_per_child(open_since),
    )
    episode = EarlyHelpEpisode(
        family_help=family_help,
        child=child,
        start_date=start_date,
        reason=joining.reason,
        stepped_down_from=stepped_down_from,
        source_contact=source_contact,
        # Frozen now: the summary stays what social care had done when the child stepped down.
        social_care_summary=(
            steps.social_care_summary(stepped_down_from, timezone.localdate())
            if stepped_down_from is not None
            else {}
        ),
    )
    _save(episode, [child.pk])
    return episode


def _organisation_name(worker: Worker | None, partner_user: PartnerUser | None) -> str:
    if partner_user is not None:
        return partner_user.organisation.name
    assert worker is not None
    team = f", {worker.team.name}" if worker.team is not None else ""
    return f"{worker.authority.name}{team}"


# Starting and the children in it -----------------------------------------------------------


def family_help_start(
    *,
    team: Team,
    started_on: date,
    start_route: str,
    consent_given_on: date | None,
    consent_given_by: str,
    children: Sequence[ChildJoining],
    worker: Worker | None = None,
    partner_user: PartnerUser | None = None,
) -> FamilyHelpEpisode:
    """Family help for a family, with the consent it rests on, each child's own episode (the
    SSD row) and, when known, its lead practitioner (it may wait for one)."""
    return _family_help_new(
        team=team,
        started_on=started_on,
        start_route=start_route,
        consent_given_on=consent_given_on,
        consent_given_by=consent_given_by,
        children=[(joining, None) for joining in children],
        worker=worker,
        partner_user=partner_user,
    )


def _family_help_new(
    *,
    team: Team,
    started_on: date,
    start_route: str,
    consent_given_on: date | None,
    consent_given_by: str,
    children: Sequence[tuple[ChildJoining, Referral | None]],
    worker: Worker | None,
    partner_user: PartnerUser | None,
    source_contact: Contact | None = None,
) -> FamilyHelpEpisode:
    # Each child joins with the referral they stepped down from, if they did.
    check(
        _not_in_future({"started_on": started_on, "consent_given_on": consent_given_on}),
        rules.consent_before_start(consent_given_on, started_on),
        rules.family_help_keeps_a_child(len(children), 0),
    )
    assert consent_given_on is not None  # consent_before_start refused a start without it
    with transaction.atomic():
        family_help = FamilyHelpEpisode(
            reference=_reference_new(),
            team=team,
            started_on=started_on,
            start_route=start_route,
            consent_given_on=consent_given_on,
            consent_given_by=consent_given_by.strip(),
        )
        _save(family_help, [])
        for joining, stepped_down_from in children:
            from_contact = (
                source_contact
                if source_contact is not None and joining.child.pk == source_contact.child_id
                else None
            )
            _child_joins(family_help, joining, started_on, stepped_down_from, from_contact)
        _audit(family_help, _open_child_ids(family_help))
        if worker is not None or partner_user is not None:
            _lead_assign(family_help, started_on, worker, partner_user)
        return family_help


def family_help_child_add(
    *, family_help: FamilyHelpEpisode, joining: ChildJoining, start_date: date
) -> EarlyHelpEpisode:
    """A child joins the family's help (a baby born, a child moving in)."""
    with transaction.atomic():
        family_help = _locked(family_help)
        check(_within(family_help, "start_date", start_date))
        return _child_joins(family_help, joining, start_date)


def family_help_child_leave(
    *, child_episode: EarlyHelpEpisode, end_date: date, end_reason: str
) -> EarlyHelpEpisode:
    """A child's help ends while the family's goes on (they moved out, or stepped up)."""
    with transaction.atomic():
        family_help = _locked(child_episode.family_help)
        child_episode = EarlyHelpEpisode.objects.select_for_update().get(pk=child_episode.pk)
        open_children = len(_open_child_ids(family_help))
        leaving = 1 if child_episode.end_date is None else 0
        check(
            _within(family_help, "end_date", end_date),
            rules.date_within_family_help(child_episode.start_date, None, "end_date", end_date),
            rules.family_help_open(child_episode.end_date),
            rules.family_help_keeps_a_child(open_children, leaving),
        )
        child_episode.end_date = end_date
        child_episode.end_reason = end_reason
        _save(child_episode, [child_episode.child_id], Action.UPDATE)
        return child_episode


# The lead practitioner ---------------------------------------------------------------------


def _lead_assign(
    family_help: FamilyHelpEpisode,
    start_date: date,
    worker: Worker | None,
    partner_user: PartnerUser | None,
) -> LeadPractitioner:
    current = family_help.leads.select_for_update().filter(end_date__isnull=True).first()
    if partner_user is not None:
        active = partner_user.organisation.is_active
    elif worker is not None:
        active = Worker.objects.filter(in_post_q(start_date), pk=worker.pk).exists()
    else:
        active = False
    check(
        rules.lead_practitioner_fits((worker is not None) + (partner_user is not None), active),
        rules.lead_not_before_current(current.start_date if current else None, start_date),
    )
    child_ids = _open_child_ids(family_help)
    if current is not None:
        # The day of the handover is the new lead's: the old row ends the day before, unless
        # it started that same day (a correction).
        current.end_date = max(current.start_date, start_date - timedelta(days=1))
        _save(current, child_ids, Action.UPDATE)
    lead = LeadPractitioner(
        family_help=family_help,
        worker=worker,
        partner_user=partner_user,
        organisation_name=_organisation_name(worker, partner_user),
        start_date=start_date,
    )
    _save(lead, child_ids)
    family_help.lead_user_id = (
        partner_user.user_id if partner_user is not None else worker.user_id if worker else None
    )
    family_help.save(update_fields=["lead_user", "updated_at"])
    return lead


def lead_practitioner_assign(
    *,
    family_help: FamilyHelpEpisode,
    start_date: date,
    worker: Worker | None = None,
    partner_user: PartnerUser | None = None,
) -> LeadPractitioner:
    """A council worker or a partner's practitioner leads the family's help from a day; the
    one before them stops (the history is kept, as allocations are)."""
    with transaction.atomic():
        family_help = _locked(family_help)
        check(_within(family_help, "start_date", start_date))
        return _lead_assign(family_help, start_date, worker, partner_user)


# Assessment, plan, meetings and reviews ----------------------------------------------------


def family_help_assessment_start(
    *, family_help: FamilyHelpEpisode, start_date: date
) -> FamilyHelpAssessment:
    """The family help assessment starts (Annex A list 2's start date)."""
    with transaction.atomic():
        family_help = _locked(family_help)
        open_since = (
            family_help.assessments.filter(completed_on__isnull=True)
            .values_list("start_date", flat=True)
            .first()
        )
        check(
            _within(family_help, "start_date", start_date),
            rules.assessment_one_open(open_since),
        )
        assessment = FamilyHelpAssessment(family_help=family_help, start_date=start_date)
        _save(assessment, _open_child_ids(family_help))
        return assessment


def family_help_assessment_complete(
    *,
    assessment: FamilyHelpAssessment,
    completed_on: date,
    needs: Sequence[NeedFound],
    family_view: str = "",
    child_voice: str = "",
    analysis: str = "",
) -> FamilyHelpAssessment:
    """The assessment is complete with the needs it found; the organisation completing it is
    the lead's on that day (Annex A list 2), kept as it was named then."""
    with transaction.atomic():
        family_help = _locked(assessment.family_help)
        assessment = FamilyHelpAssessment.objects.select_for_update().get(pk=assessment.pk)
        check(
            _within(family_help, "completed_on", completed_on),
            rules.assessment_completed_after_start(
                assessment.start_date, completed_on, len(needs), assessment.completed_on
            ),
        )
        lead = (
            family_help.leads.filter(start_date__lte=completed_on)
            .order_by("-start_date", "-pk")
            .values_list("organisation_name", flat=True)
            .first()
        )
        assessment.completed_on = completed_on
        assessment.completed_by_organisation = lead or family_help.team.authority.name
        assessment.family_view = family_view.strip()
        assessment.child_voice = child_voice.strip()
        assessment.analysis = analysis.strip()
        child_ids = _open_child_ids(family_help)
        _save(assessment, child_ids, Action.UPDATE)
        for need in needs:
            _save(
                AssessedNeed(
                    assessment=assessment, area=need.area, description=need.description.strip()
                ),
                child_ids,
            )
        return assessment


def family_plan_agree(
    *, family_help: FamilyHelpEpisode, agreed_on: date, outcomes: Sequence[OutcomeAgreed]
) -> FamilyPlan:
    """The family agrees a plan: the outcomes they want (the Supporting Families headline
    outcomes) and who does what towards each."""
    with transaction.atomic():
        family_help = _locked(family_help)
        completed_on = (
            family_help.assessments.filter(completed_on__isnull=False)
            .order_by("completed_on")
            .values_list("completed_on", flat=True)
            .first()
        )
        check(
            _within(family_help, "agreed_on", agreed_on),
            rules.plan_needs_completed_assessment(completed_on, agreed_on),
            rules.plan_has_outcomes(len(outcomes)),
        )
        child_ids = _open_child_ids(family_help)
        plan = FamilyPlan(family_help=family_help, agreed_on=agreed_on)
        _save(plan, child_ids)
        for agreed in outcomes:
            outcome = PlanOutcome(
                plan=plan,
                area=agreed.area,
                what_will_change=agreed.what_will_change.strip(),
                baseline=agreed.baseline.strip(),
            )
            _save(outcome, child_ids)
            for action in agreed.actions:
                _save(
                    PlanAction(
                        outcome=outcome,
                        who=action.who.strip(),
                        agency=action.agency.strip(),
                        what=action.what.strip(),
                        by_date=action.by_date,
                    ),
                    child_ids,
                )
        return plan


def plan_action_done(*, action: PlanAction, done_on: date) -> PlanAction:
    """An action in the plan is done."""
    with transaction.atomic():
        family_help = _locked(action.outcome.plan.family_help)
        action = (
            PlanAction.objects.select_related("outcome__plan").select_for_update().get(pk=action.pk)
        )
        check(
            _within(family_help, "done_on", done_on),
            rules.action_done_once(action.done_on, action.outcome.plan.agreed_on, done_on),
        )
        action.done_on = done_on
        _save(action, _open_child_ids(family_help), Action.UPDATE)
        return action


def family_meeting_record(
    *,
    family_help: FamilyHelpEpisode,
    held_on: date,
    kind: str,
    attendees: Sequence[AttendeeRecorded],
    decisions: str = "",
) -> TeamAroundFamilyMeeting:
    """A team around the family meeting, who was asked and who came, and what it decided."""
    with transaction.atomic():
        family_help = _locked(family_help)
        check(_within(family_help, "held_on", held_on))
        child_ids = _open_child_ids(family_help)
        meeting = TeamAroundFamilyMeeting(
            family_help=family_help, held_on=held_on, kind=kind, decisions=decisions.strip()
        )
        _save(meeting, child_ids)
        for attendee in attendees:
            _save(
                MeetingAttendee(
                    meeting=meeting,
                    name=attendee.name.strip(),
                    role=attendee.role.strip(),
                    agency=attendee.agency.strip(),
                    is_family_member=attendee.is_family_member,
                    attendance=attendee.attendance,
                    worker=attendee.worker,
                    partner_user=attendee.partner_user,
                ),
                child_ids,
            )
        return meeting


def family_plan_review_record(
    *,
    plan: FamilyPlan,
    reviewed_on: date,
    progress: Sequence[ProgressRecorded],
    meeting: TeamAroundFamilyMeeting | None = None,
    next_review_due: date | None = None,
) -> FamilyPlanReview:
    """A review of the plan: progress towards each of its outcomes. The next review is due
    three months on unless the review sets an earlier or later date (local policy)."""
    with transaction.atomic():
        family_help = _locked(plan.family_help)
        plan = FamilyPlan.objects.get(pk=plan.pk)
        outcome_ids = list(plan.outcomes.values_list("pk", flat=True))
        check(
            _within(family_help, "reviewed_on", reviewed_on),
            rules.review_needs_plan(plan.agreed_on, reviewed_on),
            rules.review_meeting_of_the_family(
                meeting is None or meeting.family_help_id == plan.family_help_id
            ),
            rules.progress_on_plan_outcomes(outcome_ids, [p.outcome.pk for p in progress]),
        )
        child_ids = _open_child_ids(family_help)
        review = FamilyPlanReview(
            plan=plan,
            reviewed_on=reviewed_on,
            meeting=meeting,
            next_review_due=next_review_due or add_months(reviewed_on, FAMILY_PLAN_REVIEW_MONTHS),
        )
        _save(review, child_ids)
        for recorded in progress:
            _save(
                OutcomeProgress(
                    review=review,
                    outcome=recorded.outcome,
                    progress=recorded.progress,
                    evidence=recorded.evidence.strip(),
                ),
                child_ids,
            )
        return review


# Closing -----------------------------------------------------------------------------------


def family_help_close(
    *, family_help: FamilyHelpEpisode, ended_on: date, end_reason: str
) -> FamilyHelpEpisode:
    """Family help ends for the family: each child's episode ends with it (the SSD's end date
    and reason), and so does the lead's part."""
    with transaction.atomic():
        family_help = _locked(family_help)
        actions_open = PlanAction.objects.filter(
            outcome__plan__family_help=family_help, done_on__isnull=True
        ).count()
        latest_child_start = max(
            family_help.children.filter(end_date__isnull=True).values_list("start_date", flat=True),
            default=family_help.started_on,
        )
        check(
            _within(family_help, "ended_on", ended_on),
            rules.date_within_family_help(latest_child_start, None, "ended_on", ended_on),
            rules.close_needs_actions_done(end_reason, actions_open),
        )
        child_ids = _open_child_ids(family_help)
        for child_episode in family_help.children.filter(end_date__isnull=True):
            child_episode.end_date = ended_on
            child_episode.end_reason = end_reason
            _save(child_episode, [child_episode.child_id], Action.UPDATE)
        lead = family_help.leads.filter(end_date__isnull=True).first()
        if lead is not None:
            lead.end_date = max(lead.start_date, ended_on)
            _save(lead, child_ids, Action.UPDATE)
        family_help.ended_on = ended_on
        family_help.end_reason = end_reason
        # No one leads closed family help: the access filter reads the current lead.
        family_help.lead_user = None
        _save(family_help, child_ids, Action.UPDATE)
        return family_help


# Starting from the front door, stepping up and stepping down ---------------------------------


def family_help_start_from_contact(
    *,
    contact: Contact,
    team: Team,
    started_on: date,
    consent_given_on: date | None,
    consent_given_by: str,
    reason: str,
    also_joining: Sequence[ChildJoining] = (),
    worker: Worker | None = None,
    partner_user: PartnerUser | None = None,
) -> FamilyHelpEpisode:
    """The family help team takes up the front door's "early help" decision once the family
    agrees: family help for the contact's child (and any brothers and sisters joining), the
    child's episode linked to the contact. The decision itself starts nothing: early help is
    offered, and a family may decline it (Working Together 2023, ch. 1 and 3)."""
    with transaction.atomic():
        # Locked so two people taking up one decision at once start it once.
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        decided_on = timezone.localdate(contact.decided_at) if contact.decided_at else None
        started_already = EarlyHelpEpisode.objects.filter(source_contact=contact).exists()
        check(
            rules.family_help_from_early_help_decision(
                contact.decision, decided_on, started_on, started_already
            )
        )
        assert contact.child is not None  # a decided contact is about a child
        return _family_help_new(
            team=team,
            started_on=started_on,
            start_route=FamilyHelpEpisode.StartRoute.FRONT_DOOR,
            consent_given_on=consent_given_on,
            consent_given_by=consent_given_by,
            children=[(ChildJoining(contact.child, reason), None)]
            + [(joining, None) for joining in also_joining],
            worker=worker,
            partner_user=partner_user,
            source_contact=contact,
        )


def family_help_step_down(
    *,
    team: Team,
    started_on: date,
    consent_given_on: date | None,
    consent_given_by: str,
    children: Sequence[ChildSteppingDown],
    worker: Worker | None = None,
    partner_user: PartnerUser | None = None,
) -> FamilyHelpEpisode:
    """Children's social care steps a family down to family help: each child's referral
    closed "referred to early help" (census RC9) or when its child in need plan ended (RC7).
    Each child's episode keeps its referral and a summary of what social care did, frozen
    today, so the lead (who may be a partner) reads it without the social care record.
    Family help is still voluntary: the family's consent comes first (Working Together 2023,
    ch. 3)."""
    with transaction.atomic():
        referrals = {
            r.pk: r
            for r in Referral.objects.select_for_update().filter(
                pk__in=[c.referral.pk for c in children]
            )
        }
        ended_plans = set(
            ChildInNeedPlan.objects.filter(
                referral_id__in=referrals, end_date__isnull=False
            ).values_list("referral_id", flat=True)
        )
        violations: list[Violation] = []
        for stepping in children:
            referral = referrals[stepping.referral.pk]
            violations += rules.step_down_fits(
                referral_of_child=referral.child_id == stepping.child.pk,
                closure_date=referral.closure_date,
                closure_reason=referral.closure_reason,
                cin_plan_ended=referral.pk in ended_plans,
                started_on=started_on,
            )
        check(violations)
        return _family_help_new(
            team=team,
            started_on=started_on,
            start_route=FamilyHelpEpisode.StartRoute.STEP_DOWN,
            consent_given_on=consent_given_on,
            consent_given_by=consent_given_by,
            children=[
                (ChildJoining(c.child, c.reason), referrals[c.referral.pk]) for c in children
            ],
            worker=worker,
            partner_user=partner_user,
        )


def _lead_as_referrer(lead: LeadPractitioner) -> tuple[str, str, int | None]:
    """The lead as the contact's referrer (name, email, partner organisation), as any
    professional's referral names them, so the front door knows whom to call back; a
    partner's lead refers for their organisation, as its referrals do."""
    if lead.partner_user is not None:
        user = lead.partner_user.user
        name = user.get_full_name() or user.get_username()
        return name, user.email, lead.partner_user.organisation_id
    assert lead.worker is not None  # a lead is a worker or a partner's user
    return lead.worker.full_name, lead.worker.user.email if lead.worker.user else "", None


def family_help_step_up(
    *,
    family_help: FamilyHelpEpisode,
    child_episodes: Sequence[EarlyHelpEpisode],
    reason: str,
    consent: str,
    consent_reason: str = "",
    urgency: str = codes.ContactUrgency.ROUTINE,
    requested_at: datetime | None = None,
) -> list[StepUp]:
    """Family help asks children's social care to step in: a contact at the front door for
    each child, from the lead practitioner (census source 5D, "council: early help"), made by
    the front door's own `contact_receive`, with the family's help as it stands attached and
    shown on the contact page. The children's early help stays open until the front door
    decides: a referral ends it as stepped up (`family_help_stepped_up`); any other decision
    leaves the family's help going on (Working Together 2023, ch. 3: a practitioner who thinks
    a child may be in need refers to the local authority; ch. 2: the referrer is told)."""
    requested_at = requested_at or timezone.now()
    requested_on = timezone.localdate(requested_at)
    with transaction.atomic():
        family_help = _locked(family_help)
        lead = (
            family_help.leads.filter(end_date__isnull=True)
            .select_related("worker__user", "partner_user__user")
            .first()
        )
        wanted = {episode.pk for episode in child_episodes}
        episodes = list(
            family_help.children.filter(pk__in=wanted, end_date__isnull=True)
            .select_related("child")
            .order_by("pk")
        )
        waiting = (
            StepUp.objects.filter(child_episode__in=wanted, contact__decision="")
            .values("child_episode")
            .distinct()
            .count()
        )
        check(
            _within(family_help, "requested_at", requested_on),
            rules.step_up_fits(
                chosen=len(wanted),
                not_in_family=len(wanted) - len(episodes),
                waiting=waiting,
                has_lead=lead is not None,
                reason=reason,
            ),
        )
        assert lead is not None  # step_up_fits refused a family without a lead
        referrer, referrer_email, partner_organisation_id = _lead_as_referrer(lead)
        step_ups = []
        for episode in episodes:
            history = steps.family_help_history(family_help, episode)
            contact = contact_receive(
                route=codes.ContactRoute.PROFESSIONAL_FORM,
                source=codes.ReferralSource.LA_EARLY_HELP,
                concerns=reason.strip(),
                child=episode.child,
                received_at=requested_at,
                authority=family_help.team.authority,
                referrer_role="Lead practitioner, family help",
                referrer_organisation=lead.organisation_name,
                actions_taken=(
                    f"Family help {family_help.reference} since "
                    f"{family_help.started_on:%-d %B %Y}: the family help record is attached."
                ),
                consent=consent,
                consent_reason=consent_reason.strip(),
                urgency=urgency,
                submitted_by=family_help.lead_user,
                referrer=referrer,
                referrer_email=referrer_email,
                partner_organisation_id=partner_organisation_id,
            ).contact
            step_up = StepUp(
                child_episode=episode, contact=contact, requested_on=requested_on, history=history
            )
            _save(step_up, [episode.child_id])
            step_ups.append(step_up)
        return step_ups


def family_help_stepped_up(*, step_up: StepUp, on: date) -> EarlyHelpEpisode:
    """The front door decided a step up is a referral: the child's early help ends as stepped
    up on that day (SSD earl_episode_end_reason), and the family's help closes with it when no
    other child is left in it. Called by the front door's decision (`step_up_decided`)."""
    with transaction.atomic():
        family_help = _locked(step_up.child_episode.family_help)
        episode = EarlyHelpEpisode.objects.get(pk=step_up.child_episode_id)
        if episode.end_date is not None:
            # The child had already left the family's help: nothing more ends.
            return episode
        if len(_open_child_ids(family_help)) > 1:
            return family_help_child_leave(
                child_episode=episode, end_date=on, end_reason=EndReason.STEPPED_UP
            )
        family_help_close(family_help=family_help, ended_on=on, end_reason=EndReason.STEPPED_UP)
        return EarlyHelpEpisode.objects.get(pk=episode.pk)


def step_up_decided(decided: ContactDecided) -> None:
    """The front door's hook (`front_door.services.register_contact_decided`): a decision on
    a step up's contact that opened a referral ends the child's early help as stepped up."""
    if decided.referral is None:
        return
    step_up = (
        StepUp.objects.filter(contact_id=decided.contact.pk)
        .select_related("child_episode__family_help")
        .first()
    )
    if step_up is None:
        return
    assert decided.contact.decided_at is not None  # the contact was just decided
    family_help_stepped_up(step_up=step_up, on=timezone.localdate(decided.contact.decided_at))

"""Every write to family help: keyword-only, validated against the named rules in
`family_help.rules` (and the record's own: nothing in the future, nothing before birth), all
or nothing, each row in the audit trail in the same transaction.

The family's rows (assessment, plan, meeting, review) are about every child in it, so each
is audited once per child open in the family: a child's audit trail shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.agencies.models import PartnerUser
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.workflow import rules as case_rules
from safeguard.cases.workflow.rules import ChildFacts, Violation, check
from safeguard.common.references import reference_new
from safeguard.organisation.models import Team, Worker, in_post_q
from safeguard.people.models import Person
from safeguard.timescales.working_days import add_months

from . import rules
from .models import (
    AssessedNeed,
    EarlyHelpEpisode,
    FamilyHelpAssessment,
    FamilyHelpEpisode,
    FamilyPlan,
    FamilyPlanReview,
    LeadPractitioner,
    MeetingAttendee,
    OutcomeProgress,
    PlanAction,
    PlanOutcome,
    TeamAroundFamilyMeeting,
)

__all__ = [
    "ActionAgreed",
    "AttendeeRecorded",
    "ChildJoining",
    "NeedFound",
    "OutcomeAgreed",
    "ProgressRecorded",
    "family_help_assessment_complete",
    "family_help_assessment_start",
    "family_help_child_add",
    "family_help_child_leave",
    "family_help_close",
    "family_help_start",
    "family_meeting_record",
    "family_plan_agree",
    "family_plan_review_record",
    "lead_practitioner_assign",
    "plan_action_done",
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
    family_help: FamilyHelpEpisode, joining: ChildJoining, start_date: date
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
        family_help=family_help, child=child, start_date=start_date, reason=joining.reason
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
        for joining in children:
            _child_joins(family_help, joining, started_on)
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

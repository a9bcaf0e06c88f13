"""Every write to family group conferences and pre-proceedings: keyword-only, validated
against the named rules in `proceedings.rules` (and the record's own: nothing in the future,
nothing before a child's 40 weeks of pre-birth work), all or nothing, each row audited in the
same transaction once per child it is about.

A conference for a family in family help is about every child open in that family, so it is
audited once for each of them (as family help's own rows are); a conference for a child, and
everything of pre-proceedings, is about that child.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.agencies.models import PartnerUser
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.workflow import rules as case_rules
from safeguard.cases.workflow.rules import ChildFacts, Violation, check
from safeguard.cases.workflow.rules.core import violation
from safeguard.cases.workflow.rules.names import Rule
from safeguard.common.references import reference_new
from safeguard.family_help import rules as family_help_rules
from safeguard.family_help.models import FamilyHelpEpisode
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

from . import rules
from .models import (
    FamilyGroupConference,
    FamilyNetworkAttendee,
    GatewayOutcome,
    LegalPlanningMeeting,
    PreProceedings,
    PreProceedingsMeeting,
)

__all__ = [
    "NetworkAttendee",
    "family_group_conference_answer",
    "family_group_conference_hold",
    "family_group_conference_offer",
    "family_group_plan_agree",
    "legal_planning_meeting_record",
    "pre_proceedings_end",
    "pre_proceedings_letter_send",
    "pre_proceedings_meeting_record",
]

REFERENCE_PREFIX = "PLO"


@dataclass(frozen=True)
class NetworkAttendee:
    name: str
    # To the child, as the family says it ("maternal grandmother", "family friend").
    relationship: str


# Shared steps ----------------------------------------------------------------------------


def _not_in_future(dates: dict[str, date | None]) -> list[Violation]:
    return case_rules.dates_not_in_future(timezone.localdate(), dates)


def _child_dates(child: Person, dates: dict[str, date | None]) -> list[Violation]:
    # Pre-birth conferences and pre-proceedings are common (a baby at risk at birth).
    facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, child.date_of_death)
    return case_rules.dates_not_before_birth(facts, dates, pre_birth_work=True)


def _required(value: str, field: str, what: str) -> list[Violation]:
    if value.strip():
        return []
    return [violation(Rule.REQUIRED, f"Enter {what}.", field)]


def _save(instance: Model, child_ids: Iterable[int], action: str = Action.CREATE) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise case_rules.RuleViolation(case_rules.invalid_values(error.message_dict)) from error
    instance.save()
    for child_id in child_ids:
        audit_record(
            action=action,
            object_type=instance._meta.label_lower,
            object_id=instance.pk,
            child_id=child_id,
        )


def _conference_child_ids(conference: FamilyGroupConference) -> list[int]:
    ids: list[int] = []
    if conference.family_help_id is not None:
        ids += list(
            conference.family_help.children.filter(end_date__isnull=True)  # type: ignore[union-attr]
            .order_by("pk")
            .values_list("child_id", flat=True)
        )
    if conference.child_id is not None and conference.child_id not in ids:
        ids.append(conference.child_id)
    return ids


def _locked_conference(conference: FamilyGroupConference) -> FamilyGroupConference:
    # Two people recording the same step at once: the second sees the first's answer.
    return FamilyGroupConference.objects.select_for_update().get(pk=conference.pk)


def _locked_pre_proceedings(pre_proceedings: PreProceedings) -> PreProceedings:
    return PreProceedings.objects.select_for_update().get(pk=pre_proceedings.pk)


# Family group conferences -----------------------------------------------------------------


def family_group_conference_offer(
    *,
    offered_on: date,
    family_help: FamilyHelpEpisode | None = None,
    child: Person | None = None,
    offered_by: Worker | None = None,
    offered_by_partner: PartnerUser | None = None,
) -> FamilyGroupConference:
    """A family group conference is offered to a family in family help or about a child in
    social care (Families First Partnership programme guidance 2025: family group
    decision-making offered at the earliest point; the letter before proceedings offers one
    too, PLO pre-proceedings guidance)."""
    offerers = (offered_by is not None) + (offered_by_partner is not None)
    found = rules.conference_for_someone(family_help is not None, child is not None)
    found += _not_in_future({"offered_on": offered_on})
    if offerers != 1:
        found.append(
            violation(
                Rule.REQUIRED, "Choose the one person who offered the conference.", "offered_by"
            )
        )
    if child is not None:
        found += _child_dates(child, {"offered_on": offered_on})
    with transaction.atomic():
        if family_help is not None:
            family_help = FamilyHelpEpisode.objects.select_for_update().get(pk=family_help.pk)
            found += family_help_rules.family_help_open(family_help.ended_on)
            found += family_help_rules.date_within_family_help(
                family_help.started_on, family_help.ended_on, "offered_on", offered_on
            )
        check(found)
        conference = FamilyGroupConference(
            family_help=family_help,
            child=child,
            offered_on=offered_on,
            offered_by=offered_by,
            offered_by_partner=offered_by_partner,
        )
        _save(conference, [])
        _audit_conference(conference, Action.CREATE)
        return conference


def _audit_conference(conference: FamilyGroupConference, action: str) -> None:
    for child_id in _conference_child_ids(conference):
        audit_record(
            action=action,
            object_type=conference._meta.label_lower,
            object_id=conference.pk,
            child_id=child_id,
        )


def _conference_update(conference: FamilyGroupConference) -> None:
    try:
        conference.full_clean()
    except ValidationError as error:
        raise case_rules.RuleViolation(case_rules.invalid_values(error.message_dict)) from error
    conference.save()
    _audit_conference(conference, Action.UPDATE)


def family_group_conference_answer(
    *, conference: FamilyGroupConference, answer: str, answered_on: date
) -> FamilyGroupConference:
    """The family accepts or declines the offer: it is theirs to choose."""
    with transaction.atomic():
        conference = _locked_conference(conference)
        check(
            _not_in_future({"answered_on": answered_on}),
            rules.conference_step_in_order(
                conference.offered_on, conference.answered_on, "answered_on", answered_on, "answer"
            ),
        )
        conference.answer = answer
        conference.answered_on = answered_on
        _conference_update(conference)
        return conference


def family_group_conference_hold(
    *,
    conference: FamilyGroupConference,
    held_on: date,
    coordinator_name: str,
    coordinator_organisation: str,
    attendees: Sequence[NetworkAttendee],
) -> FamilyGroupConference:
    """The conference is held, prepared and chaired by an independent coordinator, with the
    family network named as they came."""
    with transaction.atomic():
        conference = _locked_conference(conference)
        check(
            _not_in_future({"held_on": held_on}),
            rules.conference_needs_acceptance(conference.answer),
            rules.conference_step_in_order(
                conference.answered_on, conference.held_on, "held_on", held_on, "conference"
            ),
            rules.conference_network_attended(
                sum(1 for a in attendees if a.name.strip() and a.relationship.strip())
            ),
            _required(coordinator_name, "coordinator_name", "the coordinator's name"),
        )
        conference.held_on = held_on
        conference.coordinator_name = coordinator_name.strip()
        conference.coordinator_organisation = coordinator_organisation.strip()
        _conference_update(conference)
        child_ids = _conference_child_ids(conference)
        for attendee in attendees:
            _save(
                FamilyNetworkAttendee(
                    conference=conference,
                    name=attendee.name.strip(),
                    relationship=attendee.relationship.strip(),
                ),
                child_ids,
            )
        return conference


def family_group_plan_agree(
    *, conference: FamilyGroupConference, agreed_on: date, plan: str, review_on: date | None
) -> FamilyGroupConference:
    """The family's plan, agreed at the conference (after the family's private time) and
    accepted by the council, with the day it will be reviewed."""
    with transaction.atomic():
        conference = _locked_conference(conference)
        check(
            _not_in_future({"plan_agreed_on": agreed_on}),
            rules.conference_step_in_order(
                conference.held_on, conference.plan_agreed_on, "plan_agreed_on", agreed_on, "plan"
            ),
            _required(plan, "family_plan", "what the family's plan says"),
            rules.plan_review_after_agreed(agreed_on, review_on),
        )
        conference.family_plan = plan.strip()
        conference.plan_agreed_on = agreed_on
        conference.plan_review_on = review_on
        _conference_update(conference)
        return conference


# Pre-proceedings --------------------------------------------------------------------------


def _reference_new() -> str:
    # A clash is about one in two million (common.references): draw again rather than fail.
    reference = reference_new(REFERENCE_PREFIX)
    while PreProceedings.objects.filter(plo_family_reference=reference).exists():
        reference = reference_new(REFERENCE_PREFIX)
    return reference


def legal_planning_meeting_record(
    *,
    child: Person,
    held_on: date,
    outcome: str,
    rationale: str,
    chaired_by: Worker,
    plo_family_reference: str = "",
) -> LegalPlanningMeeting:
    """A legal planning meeting's decision about a child (the legal gateway: Children Act 1989
    guidance volume 1, court orders and pre-proceedings). A decision to start pre-proceedings
    starts the child's period in the same transaction, on the meeting's day (census
    PPStartDate); brothers and sisters starting together share `plo_family_reference` (SSD
    prep_plo_family_id): give a sibling's, or a new one is made."""
    with transaction.atomic():
        # Serialises decisions about one child: two cannot both start "the" open period.
        Person.objects.select_for_update().filter(pk=child.pk).first()
        starts = outcome == GatewayOutcome.START_PRE_PROCEEDINGS
        open_since = (
            PreProceedings.objects.filter(child=child, outcome="")
            .values_list("started_on", flat=True)
            .first()
        )
        check(
            _not_in_future({"held_on": held_on}),
            _child_dates(child, {"held_on": held_on}),
            case_rules.decision_needs_rationale(rationale),
            rules.one_open_pre_proceedings_per_child(open_since) if starts else [],
        )
        meeting = LegalPlanningMeeting(
            child=child,
            held_on=held_on,
            outcome=outcome,
            rationale=rationale.strip(),
            chaired_by=chaired_by,
        )
        _save(meeting, [child.pk])
        if starts:
            _save(
                PreProceedings(
                    child=child,
                    decision=meeting,
                    plo_family_reference=plo_family_reference.strip() or _reference_new(),
                    started_on=held_on,
                ),
                [child.pk],
            )
        return meeting


def _within(pre_proceedings: PreProceedings, field: str, on: date) -> list[Violation]:
    return (
        rules.pre_proceedings_open(pre_proceedings.outcome)
        + _not_in_future({field: on})
        + rules.date_within_pre_proceedings(pre_proceedings.started_on, field, on)
    )


def pre_proceedings_letter_send(
    *,
    pre_proceedings: PreProceedings,
    sent_on: date,
    family_group_conference_offered: bool,
    parents_legally_represented: str = "",
) -> PreProceedings:
    """The letter before proceedings is sent to the parents: the concerns, what must change,
    the invitation to the pre-proceedings meeting (and with it, legal aid), and whether a
    family group conference is offered (census LBPSentDate and FGDMMeetingOffer)."""
    with transaction.atomic():
        pre_proceedings = _locked_pre_proceedings(pre_proceedings)
        check(
            _within(pre_proceedings, "sent_on", sent_on),
            rules.letter_once(pre_proceedings.letter_sent_on),
        )
        pre_proceedings.letter_sent_on = sent_on
        pre_proceedings.family_group_conference_offered = family_group_conference_offered
        pre_proceedings.parents_legally_represented = parents_legally_represented
        _save(pre_proceedings, [pre_proceedings.child_id], Action.UPDATE)
        return pre_proceedings


def pre_proceedings_meeting_record(
    *, pre_proceedings: PreProceedings, held_on: date, kind: str, summary: str = ""
) -> PreProceedingsMeeting:
    """A pre-proceedings meeting with the parents and their lawyers: the initial one, then
    reviews of the plan the letter set out."""
    with transaction.atomic():
        pre_proceedings = _locked_pre_proceedings(pre_proceedings)
        initial_on = (
            pre_proceedings.meetings.filter(kind=PreProceedingsMeeting.Kind.INITIAL)
            .values_list("held_on", flat=True)
            .first()
        )
        check(
            _within(pre_proceedings, "held_on", held_on),
            rules.meeting_after_letter(pre_proceedings.letter_sent_on, held_on),
            rules.initial_meeting_first(kind, initial_on, held_on),
        )
        meeting = PreProceedingsMeeting(
            pre_proceedings=pre_proceedings, held_on=held_on, kind=kind, summary=summary.strip()
        )
        _save(meeting, [pre_proceedings.child_id])
        return meeting


def pre_proceedings_end(
    *,
    pre_proceedings: PreProceedings,
    outcome: str,
    decided_on: date,
    court_application_on: date | None = None,
    care_proceedings_letter_on: date | None = None,
    court_reference: str = "",
) -> PreProceedings:
    """The decision that ends pre-proceedings: step down, or issue care proceedings (SSD
    prep_pre_pro_outcome and prep_agree_stepdown_issue_date; census StepDecisionDate), with
    the court application and the letter to the parents when proceedings are issued."""
    with transaction.atomic():
        pre_proceedings = _locked_pre_proceedings(pre_proceedings)
        check(
            _within(pre_proceedings, "decided_on", decided_on),
            _not_in_future(
                {
                    "court_application_on": court_application_on,
                    "care_proceedings_letter_on": care_proceedings_letter_on,
                }
            ),
            rules.court_dates_fit(
                outcome, decided_on, court_application_on, care_proceedings_letter_on
            ),
        )
        pre_proceedings.outcome = outcome
        pre_proceedings.outcome_decided_on = decided_on
        pre_proceedings.court_application_on = court_application_on
        pre_proceedings.care_proceedings_letter_on = care_proceedings_letter_on
        pre_proceedings.court_reference = court_reference.strip()
        _save(pre_proceedings, [pre_proceedings.child_id], Action.UPDATE)
        return pre_proceedings

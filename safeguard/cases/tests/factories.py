"""Factories for the statutory case record.

They write rows directly, without the services, so a test can set up any state the database
allows (including states the rules would refuse, to test that the rules refuse them). Every
factory keeps the child and the referral of related rows consistent: a plan's child is its
referral's child, and so on.

Dates default to early 2025, before the 14 March 2025 the service tests freeze time at:
referral Monday 6 January 2025, assessment started the same day, strategy discussion and
section 47 enquiry Monday 13 January, initial conference and plan Monday 3 February.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory
from factory.django import DjangoModelFactory

from safeguard.cases.models import (
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
    Placement,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from safeguard.common import codes
from safeguard.organisation.tests.factories import TeamFactory, WorkerFactory
from safeguard.people.tests.factories import ChildFactory


class AllocationFactory(DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    team = factory.SubFactory(TeamFactory)
    worker = factory.SubFactory(
        WorkerFactory,
        team=factory.SelfAttribute("..team"),
        authority=factory.SelfAttribute("..team.authority"),
    )
    start_date = date(2025, 1, 6)
    reason = "New referral"


class ContactFactory(DjangoModelFactory):
    """A contact received at the front door, not yet decided."""

    class Meta:
        model = Contact

    reference = factory.Sequence(lambda n: f"FD-T{n // 10000 % 1000:03d}-{n % 10000:04d}")
    child = factory.SubFactory(ChildFactory)
    received_at = datetime(2025, 1, 3, 10, 0, tzinfo=UTC)
    source = codes.ReferralSource.SCHOOL
    referrer = "Designated safeguarding lead"
    concerns = "Fictional concern for a test."

    class Params:
        referred = factory.Trait(
            decision=codes.ContactDecision.REFERRAL,
            decided_at=datetime(2025, 1, 6, 9, 0, tzinfo=UTC),
            decision_rationale="Meets the threshold for a referral.",
        )


class ReferralFactory(DjangoModelFactory):
    """An open children-in-need episode from Monday 6 January 2025."""

    class Meta:
        model = Referral

    child = factory.SubFactory(ChildFactory)
    referral_date = date(2025, 1, 6)
    source = codes.ReferralSource.SCHOOL
    primary_need = codes.PrimaryNeed.N1
    team = factory.SubFactory(TeamFactory)

    class Params:
        closed = factory.Trait(
            closure_date=date(2025, 2, 28), closure_reason=codes.ReasonForClosure.RC7
        )


def assessment_sections(**changes: str) -> dict[str, str]:
    """A fictional written assessment, one text per section (`rules.ASSESSMENT_SECTIONS`), as
    `assessment_submit` takes them; `changes` replaces some (a blank one is refused)."""
    return {
        "developmental_needs": "Fictional: meeting milestones; often late to school and tired.",
        "parenting_capacity": "Fictional: mother warm but struggling with routines since a move.",
        "family_and_environment": "Fictional: overcrowded flat; grandmother nearby and helps.",
        "childs_voice": "Fictional: said she likes school and wants her own bed.",
        "analysis": "Fictional: needs are met only in part; support should help the family.",
        "plan": "Fictional: family support worker weekly; housing referral; review in 3 months.",
        **changes,
    }


class AssessmentFactory(DjangoModelFactory):
    """An assessment in progress, started on the referral date; `submitted` and `authorised`
    ones are written in full."""

    class Meta:
        model = Assessment

    referral = factory.SubFactory(ReferralFactory)
    child = factory.SelfAttribute("referral.child")
    start_date = factory.SelfAttribute("referral.referral_date")

    class Params:
        submitted = factory.Trait(
            submitted_date=date(2025, 2, 10),
            child_seen_date=date(2025, 1, 8),
            factors=["16A"],
            outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
            **assessment_sections(),
        )
        authorised = factory.Trait(submitted=True, authorised_date=date(2025, 2, 12))


class StrategyDiscussionFactory(DjangoModelFactory):
    class Meta:
        model = StrategyDiscussion

    referral = factory.SubFactory(ReferralFactory)
    child = factory.SelfAttribute("referral.child")
    discussion_date = date(2025, 1, 13)
    agencies_present = "Social care, police, health"
    section47_started = True


class Section47EnquiryFactory(DjangoModelFactory):
    """An open section 47 enquiry, started at its strategy discussion."""

    class Meta:
        model = Section47Enquiry

    strategy_discussion = factory.SubFactory(StrategyDiscussionFactory)
    referral = factory.SelfAttribute("strategy_discussion.referral")
    child = factory.SelfAttribute("strategy_discussion.child")
    start_date = factory.SelfAttribute("strategy_discussion.discussion_date")

    class Params:
        completed = factory.Trait(
            completed_date=date(2025, 1, 24),
            outcome=codes.Section47Outcome.SUBSTANTIATED_AT_RISK,
            conference_required=True,
        )


class InitialConferenceFactory(DjangoModelFactory):
    """An initial child protection conference that decided on a plan."""

    class Meta:
        model = ChildProtectionConference

    kind = ChildProtectionConference.Kind.INITIAL
    section47_enquiry = factory.SubFactory(Section47EnquiryFactory, completed=True)
    referral = factory.SelfAttribute("section47_enquiry.referral")
    child = factory.SelfAttribute("section47_enquiry.child")
    conference_date = date(2025, 2, 3)
    outcome = codes.ConferenceOutcome.PLAN


class ChildProtectionPlanFactory(DjangoModelFactory):
    """An open plan starting on the day of the initial conference that decided it."""

    class Meta:
        model = ChildProtectionPlan

    initial_conference = factory.SubFactory(InitialConferenceFactory)
    child = factory.SelfAttribute("initial_conference.child")
    referral = factory.SelfAttribute("initial_conference.referral")
    start_date = factory.SelfAttribute("initial_conference.conference_date")
    initial_category = codes.CategoryOfAbuse.NEG
    latest_category = factory.SelfAttribute("initial_category")


class ReviewConferenceFactory(DjangoModelFactory):
    class Meta:
        model = ChildProtectionConference

    kind = ChildProtectionConference.Kind.REVIEW
    plan = factory.SubFactory(ChildProtectionPlanFactory)
    referral = factory.SelfAttribute("plan.referral")
    child = factory.SelfAttribute("plan.child")
    conference_date = date(2025, 3, 3)
    outcome = codes.ConferenceOutcome.CONTINUE_PLAN


class CoreGroupMeetingFactory(DjangoModelFactory):
    class Meta:
        model = CoreGroupMeeting

    plan = factory.SubFactory(ChildProtectionPlanFactory)
    child = factory.SelfAttribute("plan.child")
    meeting_date = date(2025, 2, 12)


class ChildInNeedPlanFactory(DjangoModelFactory):
    class Meta:
        model = ChildInNeedPlan

    referral = factory.SubFactory(ReferralFactory)
    child = factory.SelfAttribute("referral.child")
    start_date = date(2025, 2, 17)


class ChildInNeedPlanReviewFactory(DjangoModelFactory):
    class Meta:
        model = ChildInNeedPlanReview

    plan = factory.SubFactory(ChildInNeedPlanFactory)
    review_date = date(2025, 3, 10)


class VisitFactory(DjangoModelFactory):
    """A child protection visit at which the child was seen alone."""

    class Meta:
        model = Visit

    child = factory.SubFactory(ChildFactory)
    kind = codes.VisitKind.CP_VISIT
    visit_date = date(2025, 2, 10)
    child_seen = True
    seen_alone = True

    class Params:
        not_seen = factory.Trait(
            child_seen=False, seen_alone=False, not_seen_reason="No one answered the door."
        )


class CaseNoteFactory(DjangoModelFactory):
    class Meta:
        model = CaseNote

    child = factory.SubFactory(ChildFactory)
    event_date = date(2025, 2, 10)
    subject = "Phone call"
    body = "Fictional case note for a test."


class LookedAfterPeriodFactory(DjangoModelFactory):
    """An open period of care from Monday 3 February 2025 (placements: PlacementFactory)."""

    class Meta:
        model = LookedAfterPeriod

    child = factory.SubFactory(ChildFactory)
    start_date = date(2025, 2, 3)
    category_of_need = codes.PrimaryNeed.N1


class PlacementFactory(DjangoModelFactory):
    """The first placement of a period: foster care under section 20, from its start."""

    class Meta:
        model = Placement

    period = factory.SubFactory(LookedAfterPeriodFactory)
    child = factory.SelfAttribute("period.child")
    start_date = factory.SelfAttribute("period.start_date")
    reason_new_episode = codes.ReasonNewEpisode.S
    legal_status = codes.LegalStatus.V2
    placement_type = codes.PlacementType.U6
    provider = codes.PlacementProvider.PR1


class LookedAfterReviewFactory(DjangoModelFactory):
    class Meta:
        model = LookedAfterReview

    period = factory.SubFactory(LookedAfterPeriodFactory)
    child = factory.SelfAttribute("period.child")
    review_date = date(2025, 2, 28)
    participation = codes.ReviewParticipation.PN1

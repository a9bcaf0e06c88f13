"""Families for the access, selector and page tests: written as the services store them
(the factories' way), led by a council worker or a partner's practitioner."""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.family_help.models import (
    AssessedNeed,
    FamilyHelpEpisode,
    FamilyPlanReview,
    LeadPractitioner,
    MeetingAttendee,
    OutcomeProgress,
    TeamAroundFamilyMeeting,
)
from safeguard.family_help.tests.factories import (
    STARTED,
    EarlyHelpEpisodeFactory,
    FamilyHelpAssessmentFactory,
    FamilyHelpEpisodeFactory,
    FamilyPlanFactory,
    PlanActionFactory,
    PlanOutcomeFactory,
)


def family_led_by(lead_user: Any, *, team: Any, children: tuple[Any, ...]) -> FamilyHelpEpisode:
    """An open family overseen by `team`, its children in it, led by `lead_user` (a worker's
    or a partner's account; None: no lead yet)."""
    family: FamilyHelpEpisode = FamilyHelpEpisodeFactory(team=team, lead_user=lead_user)
    for child in children:
        EarlyHelpEpisodeFactory(family_help=family, child=child)
    if lead_user is not None:
        worker = getattr(lead_user, "worker", None)
        partner = None if worker is not None else lead_user.partner_membership
        LeadPractitioner.objects.create(
            family_help=family,
            worker=worker,
            partner_user=partner,
            organisation_name=partner.organisation.name if partner else "Family help",
            start_date=STARTED,
        )
    return family


def family_help_work(family: FamilyHelpEpisode) -> dict[str, Any]:
    """The family's help as far as a first review: an assessment with a need, a plan with an
    outcome and two actions (one done), a meeting with who came, and the review's progress."""
    assessment = FamilyHelpAssessmentFactory(
        family_help=family,
        completed_on=date(2025, 1, 27),
        completed_by_organisation="Personashire family help",
        family_view="We want the mornings to be calmer.",
    )
    AssessedNeed.objects.create(
        assessment=assessment, area="relationships", description="Arguments before school"
    )
    plan = FamilyPlanFactory(family_help=family)
    outcome = PlanOutcomeFactory(plan=plan, what_will_change="Calmer mornings before school")
    PlanActionFactory(
        outcome=outcome, who="Parent", what="Parenting course", done_on=date(2025, 3, 3)
    )
    PlanActionFactory(
        outcome=outcome, who="Class teacher", agency="School", what="Morning check-in"
    )
    meeting = TeamAroundFamilyMeeting.objects.create(
        family_help=family, held_on=date(2025, 4, 7), kind="review", decisions="Keep going."
    )
    MeetingAttendee.objects.create(
        meeting=meeting, name="Pat Example", is_family_member=True, attendance="attended"
    )
    MeetingAttendee.objects.create(
        meeting=meeting, name="Sam Teacher", role="Class teacher", attendance="apologies"
    )
    review = FamilyPlanReview.objects.create(
        plan=plan, reviewed_on=date(2025, 4, 7), meeting=meeting, next_review_due=date(2025, 7, 7)
    )
    OutcomeProgress.objects.create(
        review=review, outcome=outcome, progress="some", evidence="Late twice, not five times"
    )
    return {"assessment": assessment, "plan": plan, "meeting": meeting, "review": review}

"""Test data: one row of every table about a child kept outside cases (care, care leavers,
permanence, the front door, what partners sent, signals, linkage, family help, proceedings,
supervision, case audits), written directly as each app's services store them. Those apps
have no factories of their own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from safeguard.agencies.linkage.models import (
    LinkageModel,
    MatchReview,
    PersonSource,
    RejectedCandidate,
)
from safeguard.agencies.models import PartnerCheck, PartnerEventAdult
from safeguard.agencies.signals.models import Signal
from safeguard.agencies.signals.tests.factories import partner_event
from safeguard.care import models as care
from safeguard.care_leavers import models as leavers
from safeguard.case_audits import models as case_audits
from safeguard.cases.tests.factories import ContactFactory, LookedAfterPeriodFactory
from safeguard.common import codes
from safeguard.family_help import models as family_help
from safeguard.front_door.models import ContactRating, InformationRequest, ReferrerFeedback
from safeguard.organisation.models import Authority
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.models import Person
from safeguard.people.tests.factories import AdultFactory
from safeguard.permanence import models as permanence
from safeguard.proceedings import models as proceedings
from safeguard.supervision import models as supervision

ON = date(1952, 6, 2)
AT = datetime(1952, 6, 2, 10, tzinfo=UTC)


def records_elsewhere(child: Person, tag: str) -> dict[str, Any]:
    """One row of each table, `tag` in its text; the care period ended by adoption in 1953."""
    worker = WorkerFactory()
    period = LookedAfterPeriodFactory(
        child=child,
        start_date=date(1952, 1, 7),
        end_date=date(1953, 3, 2),
        reason_ceased=codes.ReasonEpisodeCeased.E11,
    )
    of = {"child": child, "period": period}
    care.HealthAssessment.objects.create(
        **of, kind="initial", assessment_date=ON, carried_out_by=f"Dr {tag}", outcome=tag
    )
    care.DentalCheck.objects.create(**of, check_date=ON, notes=tag)
    care.ImmunisationStatus.objects.create(**of, recorded_on=ON, up_to_date=True, notes=tag)
    care.SdqScore.objects.create(**of, completed_on=ON, score=12)
    care.MissingEpisode.objects.create(**of, kind="M", start_date=ON, found_at=tag)
    care.PersonalEducationPlan.objects.create(
        **of, kind="initial", meeting_date=ON, school=tag, virtual_school_involved=True
    )
    care.UascStatus.objects.create(**of)
    care.Motherhood.objects.create(**of, first_child_born_on=date(1951, 12, 1))
    care.Conviction.objects.create(**of, convicted_on=ON, notes=tag)
    care.SubstanceMisuse.objects.create(**of, identified_on=ON, intervention="none", notes=tag)
    care.IroContact.objects.create(**of, contact_date=ON, iro=worker, method="remote")
    leavers.NeedsAssessment.objects.create(child=child, completed_on=ON, summary=tag)
    plan = leavers.PathwayPlan.objects.create(child=child, agreed_on=ON, summary=tag)
    leavers.PathwayPlanReview.objects.create(child=child, plan=plan, reviewed_on=ON, notes=tag)
    leavers.PersonalAdviser.objects.create(child=child, name=f"Pat {tag}", appointed_on=ON)
    leavers.CareLeaverContact.objects.create(
        child=child, contact_date=ON, in_touch=codes.CareLeaverInTouch.NO
    )
    permanence.AdoptionDecision.objects.create(
        **of,
        decision_date=ON,
        match_date=date(1952, 9, 1),
        adopters_sex="FF",
        adopters_legal_status="L12",
        order_date=date(1953, 3, 2),
    )
    permanence.PreviousPermanence.objects.create(**of, option="Z1")
    permanence.PermanencePlan.objects.create(**of, agreed_on=ON, plan="ADOPTION")
    contact = ContactFactory(child=child, received_at=AT)
    ContactRating.objects.create(
        contact=contact, rating=codes.RagRating.RED, reason=tag, rated_by=worker, rated_at=AT
    )
    InformationRequest.objects.create(
        contact=contact,
        agency="Northgate GP",
        asked_of=f"Dr {tag}",
        question=tag,
        requested_at=AT,
        requested_by=worker,
    )
    ReferrerFeedback.objects.create(
        contact=contact, outcome="advice", method="phone", given_at=AT, given_by=worker
    )
    event = partner_event(child=child, event_type="injury", occurred_on=ON, kind="hospital")
    event.postcode = "ZZ97 7QQ"
    event.summary = f"{tag} seen with bruising; Arlo Named{tag} was arrested."
    event.details = {
        "seen_on": ON.isoformat(),
        "description": "Bruising",
        "accompanied_by": f"Uncle {tag}",
        "explanation_given": tag,
    }
    event.save()
    adult = AdultFactory(first_name="Arlo", last_name=f"Named{tag}")
    PartnerEventAdult.objects.create(event=event, person=adult, role="arrested")
    PartnerCheck.objects.create(organisation=event.organisation, child=child, asked_at=AT)
    Signal.objects.create(
        rule_id="SG06",
        child=child,
        evidence=[
            {"kind": "partner_event", "id": event.pk, "on": ON.isoformat(), "description": tag}
        ],
        evidence_key=f"partner_event:{event.pk}",
        evidence_hash=f"{child.pk:064d}",
        explanation=tag,
        raised_at=AT,
        raised_on=ON,
    )
    help_ = family_help.FamilyHelpEpisode.objects.create(
        reference=f"FH-{child.pk:04d}-{tag[:4]}",
        team=worker.team,
        started_on=ON,
        start_route="council",
        consent_given_on=ON,
        consent_given_by=f"Mum {tag}",
    )
    family_help.EarlyHelpEpisode.objects.create(
        family_help=help_, child=child, start_date=ON, reason="parenting"
    )
    family_help.LeadPractitioner.objects.create(
        family_help=help_, worker=worker, organisation_name=tag, start_date=ON
    )
    assessment = family_help.FamilyHelpAssessment.objects.create(
        family_help=help_, start_date=ON, completed_on=ON, analysis=tag
    )
    family_help.AssessedNeed.objects.create(
        assessment=assessment, area="relationships", description=tag
    )
    plan = family_help.FamilyPlan.objects.create(family_help=help_, agreed_on=ON)
    outcome = family_help.PlanOutcome.objects.create(
        plan=plan, area="relationships", what_will_change=tag
    )
    family_help.PlanAction.objects.create(outcome=outcome, who=f"Mum {tag}", what=tag)
    meeting = family_help.TeamAroundFamilyMeeting.objects.create(
        family_help=help_, held_on=ON, kind="initial", decisions=tag
    )
    family_help.MeetingAttendee.objects.create(
        meeting=meeting, name=f"Mum {tag}", is_family_member=True, attendance="attended"
    )
    review = family_help.FamilyPlanReview.objects.create(plan=plan, reviewed_on=ON)
    family_help.OutcomeProgress.objects.create(
        review=review, outcome=outcome, progress="some", evidence=tag
    )
    early_help = family_help.EarlyHelpEpisode.objects.get(family_help=help_, child=child)
    family_help.StepUp.objects.create(
        child_episode=early_help,
        contact=ContactFactory(child=child),
        requested_on=ON,
        history={"reference": tag},
    )
    conference = proceedings.FamilyGroupConference.objects.create(
        child=child, offered_on=ON, offered_by=worker
    )
    proceedings.FamilyNetworkAttendee.objects.create(
        conference=conference, name=f"Aunt {tag}", relationship="aunt"
    )
    gateway = proceedings.LegalPlanningMeeting.objects.create(
        child=child, held_on=ON, outcome="B", rationale=tag, chaired_by=worker
    )
    pre_proceedings = proceedings.PreProceedings.objects.create(
        child=child, decision=gateway, plo_family_reference=f"PLO-{tag[:4]}", started_on=ON
    )
    proceedings.PreProceedingsMeeting.objects.create(
        pre_proceedings=pre_proceedings, held_on=ON, kind="initial", summary=tag
    )
    supervision_held = supervision.CaseSupervision.objects.create(
        child=child,
        case_holder=worker,
        supervisor=worker,
        held_on=ON,
        discussion=tag,
        decisions=tag,
        recorded_by=worker,
    )
    supervision.SupervisionAction.objects.create(
        supervision=supervision_held, what=tag, owner=worker, due_on=ON
    )
    audit = case_audits.CaseAudit.objects.create(
        child=child,
        worker=worker,
        team=worker.team,
        auditor=WorkerFactory(role="auditor"),
        started_on=ON,
        strengths=tag,
    )
    case_audits.CaseAuditThemeGrade.objects.create(
        audit=audit, theme="voice_of_the_child", grade="good", finding=tag
    )
    case_audits.CaseAuditAction.objects.create(
        audit=audit, action=tag, owner=worker, set_on=ON, due_on=ON
    )
    return {"worker": worker, "event": event, "adult": adult}


def match_review(*, candidate: Person, person: Person | None, incoming: dict[str, Any]) -> Any:
    """A decided review of whether a partner's record is `candidate`: confirmed when
    `person` is the candidate, rejected (a new person created) otherwise."""
    authority = Authority.objects.order_by("pk").first() or Authority.objects.create(
        name="Linkage Test Authority", la_code="995", child_population=1
    )
    model = LinkageModel.objects.order_by("-version").first() or LinkageModel.objects.create(
        version=1, settings={}, link_threshold=0.99, review_threshold=0.8, trained_at=AT
    )
    confirmed = person is not None and person.pk == candidate.pk
    review = MatchReview.objects.create(
        authority=authority,
        source="Northgate Primary",
        incoming=incoming,
        incoming_fingerprint=f"{candidate.pk:064d}",
        candidate=candidate,
        model=model,
        match_probability=0.9,
        match_weight=3.1,
        comparison_weights=[{"comparison": "dob", "level": "exact", "weight": 4.2}],
        status=MatchReview.Status.CONFIRMED if confirmed else MatchReview.Status.REJECTED,
        decided_at=AT,
        reason="Checked the date of birth with the school.",
        person=person,
    )
    if person is not None and not confirmed:
        source = PersonSource.objects.create(
            person=person,
            authority=authority,
            source="Northgate Primary",
            route=PersonSource.Route.REVIEW_REJECTED,
            postcode="ZZ96 6PP",
            incoming=incoming,
        )
        RejectedCandidate.objects.create(
            source=source,
            candidate=candidate,
            rank=1,
            match_probability=0.9,
            match_weight=3.1,
            reason=RejectedCandidate.Reason.REVIEWER,
            told_against=[{"comparison": "first_name", "level": "different", "weight": -6.0}],
            review=review,
        )
    return review

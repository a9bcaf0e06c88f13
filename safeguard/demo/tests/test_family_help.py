"""The demo's family help (issue 16): on the demo tests' shared authority (scale 0.01, see
conftest) families still open and families closed in the last year for every reason, started
from the front door's early help decisions and from step downs, led by the council's family
help team or by partners (family.lead.demo, a school's safeguarding lead, and a health
visitor), each with its assessment, plan, meetings and reviews; and how it grows with the
scale."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.agencies.models import PartnerOrganisation
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Contact, Referral
from safeguard.common import codes
from safeguard.demo import names
from safeguard.demo.generator.family_help import (
    FAMILY_LEAD_LOGIN,
    MIN_FAMILIES,
    family_count,
    family_help_teams_add,
)
from safeguard.demo.generator.organisation import Workforce
from safeguard.demo.generator.records import ServiceRow
from safeguard.demo.generator.timeline import Timeline
from safeguard.demo.logins import DEMO_LOGINS
from safeguard.family_help.models import (
    EarlyHelpEpisode,
    EndReason,
    FamilyHelpEpisode,
    LeadPractitioner,
    MeetingAttendee,
    OutcomeProgress,
    PlanAction,
    TeamAroundFamilyMeeting,
)
from safeguard.organisation.models import Team, Worker

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

YEAR_AGO = date(2024, 11, 14)
REFERRED = (codes.ContactDecision.REFERRAL, codes.ContactDecision.STRATEGY_DISCUSSION)


def test_some_families_are_open_and_others_closed_in_the_last_year(northbridge: None) -> None:
    families = FamilyHelpEpisode.objects.all()
    assert families.count() >= MIN_FAMILIES
    assert families.filter(ended_on__isnull=True).count() >= 3
    assert families.filter(ended_on__gt=YEAR_AGO).count() >= 4
    assert not families.filter(started_on__gt=AS_OF).exists()
    assert not families.filter(ended_on__gt=AS_OF).exists()


def test_help_closed_in_the_last_year_for_every_reason_a_family_leaves(northbridge: None) -> None:
    reasons = set(
        FamilyHelpEpisode.objects.filter(ended_on__gt=YEAR_AGO).values_list("end_reason", flat=True)
    )
    assert {
        EndReason.NEEDS_MET,
        EndReason.STEPPED_UP,
        EndReason.FAMILY_DECLINED,
        EndReason.MOVED_AWAY,
    } <= reasons


def test_each_child_s_episode_ends_with_the_family_s_help(northbridge: None) -> None:
    for family in FamilyHelpEpisode.objects.prefetch_related("children"):
        episodes = list(family.children.all())
        assert episodes
        for episode in episodes:
            assert episode.start_date == family.started_on
            assert (episode.end_date, episode.end_reason) == (family.ended_on, family.end_reason)


def test_families_start_from_an_early_help_decision_or_a_step_down(northbridge: None) -> None:
    routes = set(FamilyHelpEpisode.objects.values_list("start_route", flat=True))
    assert routes == {
        FamilyHelpEpisode.StartRoute.FRONT_DOOR,
        FamilyHelpEpisode.StartRoute.STEP_DOWN,
    }
    for family in FamilyHelpEpisode.objects.prefetch_related("children"):
        child_ids = [e.child_id for e in family.children.all()]
        window = (family.started_on - timedelta(days=10), family.started_on)
        if family.start_route == FamilyHelpEpisode.StartRoute.FRONT_DOOR:
            assert Contact.objects.filter(
                child_id__in=child_ids,
                decision=codes.ContactDecision.EARLY_HELP,
                decided_at__date__range=window,
            ).exists()
        else:
            assert Referral.objects.filter(
                child_id__in=child_ids,
                closure_reason=codes.ReasonForClosure.RC9,
                closure_date__range=window,
            ).exists()


def test_each_start_is_linked_to_its_decision_or_carries_the_social_care_summary(
    northbridge: None,
) -> None:
    # Through the step services: the front door's contact on the child's episode; a stepped-
    # down child's referral and what social care did, frozen for the lead to read.
    for family in FamilyHelpEpisode.objects.prefetch_related("children"):
        episodes = list(family.children.all())
        if family.start_route == FamilyHelpEpisode.StartRoute.FRONT_DOOR:
            linked = [e for e in episodes if e.source_contact_id is not None]
            assert len(linked) == 1
            assert linked[0].source_contact.decision == codes.ContactDecision.EARLY_HELP
        else:
            stepped = [e for e in episodes if e.stepped_down_from_id is not None]
            assert len(stepped) == 1
            assert stepped[0].stepped_down_from.closure_reason == codes.ReasonForClosure.RC9
            assert stepped[0].social_care_summary["referral"]


def test_no_family_has_help_open_after_a_child_is_referred_to_social_care(
    northbridge: None,
) -> None:
    stepped_up = 0
    for family in FamilyHelpEpisode.objects.prefetch_related("children"):
        child_ids = [e.child_id for e in family.children.all()]
        open_until = family.ended_on or AS_OF
        referred = Contact.objects.filter(
            child_id__in=child_ids,
            decision__in=REFERRED,
            received_at__date__gt=family.started_on + timedelta(days=14),
            received_at__date__lt=open_until,
        )
        assert not referred.exists(), family.reference
        stepped_up += family.end_reason == EndReason.STEPPED_UP
    assert stepped_up


def test_the_family_help_team_has_a_manager_and_practitioners_with_accounts(
    northbridge: None,
) -> None:
    team = Team.objects.get(kind=Team.Kind.FAMILY_HELP)
    assert team.manager is not None and team.manager.role == Worker.Role.TEAM_MANAGER
    practitioners = Worker.objects.filter(team=team, role=Worker.Role.FAMILY_HELP_PRACTITIONER)
    assert practitioners.count() >= 2
    assert not practitioners.filter(user__isnull=True).exists()
    led = FamilyHelpEpisode.objects.filter(ended_on__isnull=True, leads__worker__isnull=False)
    assert led.exists()
    for family in led.distinct():
        lead = family.leads.get(end_date__isnull=True)
        assert lead.worker is not None and family.lead_user_id == lead.worker.user_id
        assert family.team == team


def test_partners_lead_some_families_a_school_and_a_health_visitor(northbridge: None) -> None:
    kinds = set(
        LeadPractitioner.objects.filter(partner_user__isnull=False).values_list(
            "partner_user__organisation__kind", flat=True
        )
    )
    assert kinds == {PartnerOrganisation.Kind.SCHOOL, PartnerOrganisation.Kind.HEALTH_VISITING}
    assert LeadPractitioner.objects.filter(organisation_name=names.PARTNER_HEALTH_VISITING).exists()


def test_family_lead_demo_signs_in_with_two_factors_and_leads_a_few_families(
    northbridge: None, demo_account: Callable[[str], Client]
) -> None:
    assert FAMILY_LEAD_LOGIN in {login.username for login in DEMO_LOGINS if login.partner}
    user = get_user_model().objects.get(username=FAMILY_LEAD_LOGIN)
    assert user.check_password("a-long-demo-password")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    membership = user.partner_membership
    assert membership.organisation.name == names.PARTNER_SCHOOL
    assert not Worker.objects.filter(user=user).exists()
    leading = FamilyHelpEpisode.objects.filter(lead_user=user)
    assert 2 <= leading.count() <= 5
    assert LeadPractitioner.objects.filter(partner_user=membership, end_date__isnull=False).exists()
    # Signed in, they land on the families they lead, and see each of them there.
    client = demo_account(FAMILY_LEAD_LOGIN)
    landing = client.get("/")
    assert landing.status_code == 302 and landing["Location"] == reverse("family_help:list")
    page = client.get(landing["Location"])
    assert page.status_code == 200
    for family in leading:
        assert family.reference in page.content.decode()


def test_families_have_assessments_plans_meetings_and_reviews_with_progress(
    northbridge: None,
) -> None:
    planned = FamilyHelpEpisode.objects.filter(plans__isnull=False).distinct()
    assert planned.count() >= FamilyHelpEpisode.objects.count() // 2
    for family in planned:
        assessment = family.assessments.get()
        assert assessment.completed_on is not None and assessment.needs.exists()
        plan = family.plans.get()
        assert plan.outcomes.exists()
        assert PlanAction.objects.filter(outcome__plan=plan).exists()
        assert family.meetings.filter(kind=TeamAroundFamilyMeeting.Kind.INITIAL).exists()
    attendance = set(MeetingAttendee.objects.values_list("attendance", flat=True))
    assert MeetingAttendee.Attendance.ATTENDED in attendance and len(attendance) >= 2
    assert MeetingAttendee.objects.filter(is_family_member=True).exists()
    # Progress over time: some outcome moves on from one review to a later one.
    series: dict[int, list[str]] = {}
    for outcome_id, progress in OutcomeProgress.objects.order_by(
        "review__reviewed_on", "pk"
    ).values_list("outcome_id", "progress"):
        series.setdefault(outcome_id, []).append(progress)
    assert any(len(set(s)) > 1 for s in series.values())


def test_help_closed_with_needs_met_has_every_action_done_and_a_closing_meeting(
    northbridge: None,
) -> None:
    met = FamilyHelpEpisode.objects.filter(end_reason=EndReason.NEEDS_MET)
    assert met.exists()
    for family in met:
        assert family.ended_on is not None
        assert not PlanAction.objects.filter(
            outcome__plan__family_help=family, done_on__isnull=True
        ).exists()
        assert family.meetings.filter(
            kind=TeamAroundFamilyMeeting.Kind.CLOSING, held_on=family.ended_on
        ).exists()


def test_every_family_help_row_is_in_each_child_s_audit_trail(northbridge: None) -> None:
    for episode in EarlyHelpEpisode.objects.all():
        assert AuditEntry.objects.filter(
            object_type="family_help.familyhelpepisode",
            object_id=str(episode.family_help_id),
            child_id=episode.child_id,
        ).exists()


def test_family_help_grows_with_the_scale_to_several_hundred_open_families() -> None:
    assert family_count(0.01) == MIN_FAMILIES
    # Started over 15 months at 600 a year; about six months each, so about 300 open.
    assert family_count(1) == 750
    assert family_count(0.1) == 75


def test_a_large_city_has_a_family_help_team_in_each_locality() -> None:
    service = ServiceRow("Front Door and Assessment")
    workforce = Workforce([service], [], [], {}, {}, {})
    family_help_teams_add(workforce, 1, 1.0, Timeline.ending(AS_OF))
    teams = workforce.teams_by_kind["family_help"]
    assert len(teams) == 3
    assert all(t.manager is not None and t.service is service for t in teams)
    practitioners = [w for w in workforce.workers if w.role == "family_help_practitioner"]
    # About 15 open families each.
    assert len(practitioners) == 20

"""Recording who is in the family's help: a child joins, a child leaves, a new lead
practitioner; and who may open these pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from safeguard.family_help.models import EarlyHelpEpisode, FamilyHelpEpisode, LeadPractitioner
from safeguard.family_help.tests.access_support import family_led_by
from safeguard.family_help.tests.views.recording_support import (
    banner,
    day,
    family_of,
    frozen_today,  # noqa: F401 (autouse)
    record,
    refused,
)
from safeguard.people.models import Relationship

pytestmark = pytest.mark.django_db


# --- A child joins --------------------------------------------------------------------------


@pytest.fixture
def sibling_family(personas: Any) -> FamilyHelpEpisode:
    """Help led by the social worker for their own child, whose sister (a child of the team)
    is not in it yet."""
    Relationship.objects.create(
        person=personas.team_child, relative=personas.own_child, kind="sibling"
    )
    return family_led_by(
        personas.social_worker, team=personas.family_help_team, children=(personas.own_child,)
    )


def test_a_sibling_joins_the_familys_help(personas, sign_in, sibling_family):
    client = sign_in(personas.social_worker)
    url = reverse("family_help:child_add", args=[sibling_family.pk])
    assert personas.team_child.full_name in client.get(url).content.decode()

    response = record(
        client,
        url,
        {
            "child": str(personas.team_child.pk),
            **day("start_date", date(2025, 4, 1)),
            "reason": "wellbeing",
        },
    )

    assert banner(response) == [f"{personas.team_child.full_name} has joined the family's help"]
    assert response.url == reverse("family_help:family", args=[sibling_family.pk])
    joined = EarlyHelpEpisode.objects.get(child=personas.team_child)
    assert (joined.family_help, joined.start_date, joined.reason) == (
        sibling_family,
        date(2025, 4, 1),
        "wellbeing",
    )


def test_a_child_who_is_not_related_or_not_seen_cannot_be_chosen(personas, sign_in, sibling_family):
    client = sign_in(personas.social_worker)
    url = reverse("family_help:child_add", args=[sibling_family.pk])
    assert personas.other_child.full_name not in client.get(url).content.decode()
    html = refused(
        client.post(
            url,
            {
                "child": str(personas.other_child.pk),
                **day("start_date", date(2025, 4, 1)),
                "reason": "wellbeing",
            },
        )
    )
    assert "Select the child who is joining" in html
    assert not EarlyHelpEpisode.objects.filter(child=personas.other_child).exists()


def test_a_child_cannot_join_before_the_familys_help_started(personas, sign_in, sibling_family):
    client = sign_in(personas.social_worker)
    html = refused(
        client.post(
            reverse("family_help:child_add", args=[sibling_family.pk]),
            {
                "child": str(personas.team_child.pk),
                **day("start_date", date(2024, 12, 1)),
                "reason": "wellbeing",
            },
        )
    )
    assert "The date must be on or after 6 January 2025, when family help started." in html
    assert 'href="#id_start_date_0"' in html
    assert not EarlyHelpEpisode.objects.filter(child=personas.team_child).exists()


# --- A child leaves ---------------------------------------------------------------------------


def test_a_child_leaves_while_the_familys_help_goes_on(personas, sign_in, sibling_family):
    staying = EarlyHelpEpisode.objects.create(
        family_help=sibling_family,
        child=personas.team_child,
        start_date=date(2025, 1, 6),
        reason="wellbeing",
    )
    leaving = EarlyHelpEpisode.objects.get(child=personas.own_child)
    client = sign_in(personas.social_worker)
    url = reverse("family_help:child_leave", args=[sibling_family.pk, leaving.pk])

    response = record(
        client, url, {**day("end_date", date(2025, 4, 10)), "end_reason": "child_left_household"}
    )

    assert banner(response) == [f"{personas.own_child.full_name}'s family help has ended"]
    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert (leaving.end_date, leaving.end_reason) == (date(2025, 4, 10), "child_left_household")
    assert staying.end_date is None


def test_the_last_child_does_not_leave_the_family_closes_instead(personas, sign_in):
    family = family_of(personas)
    episode = EarlyHelpEpisode.objects.get()
    client = sign_in(personas.fhp)
    html = refused(
        client.post(
            reverse("family_help:child_leave", args=[family.pk, episode.pk]),
            {**day("end_date", date(2025, 4, 10)), "end_reason": "moved_away"},
        )
    )
    assert (
        "Family help needs at least one child: add a child, or close family help instead." in html
    )
    episode.refresh_from_db()
    assert episode.end_date is None


def test_a_child_of_another_family_is_404(personas, sign_in):
    family = family_of(personas)
    other = family_led_by(
        personas.fhp, team=personas.family_help_team, children=(personas.team_child,)
    )
    episode = EarlyHelpEpisode.objects.get(family_help=other)
    client = sign_in(personas.fhp)
    url = reverse("family_help:child_leave", args=[family.pk, episode.pk])
    assert client.get(url).status_code == 404


# --- The lead practitioner --------------------------------------------------------------------


def test_a_partners_practitioner_takes_over_as_lead(personas, sign_in):
    family = family_of(personas)
    client = sign_in(personas.fhp)
    url = reverse("family_help:lead_assign", args=[family.pk])
    partner = personas.partner_lead.partner_membership

    response = record(
        client, url, {"lead": f"partner-{partner.pk}", **day("start_date", date(2025, 4, 14))}
    )

    assert banner(response) == [
        "partnerlead (Personas Health Visiting) is the lead practitioner from 14 April 2025"
    ]
    current = LeadPractitioner.objects.get(end_date__isnull=True)
    assert (current.partner_user, current.start_date) == (partner, date(2025, 4, 14))
    assert LeadPractitioner.objects.get(worker__isnull=False).end_date == date(2025, 4, 13)
    family.refresh_from_db()
    assert family.lead_user == personas.partner_lead


def test_a_new_lead_cannot_start_before_the_current_one(personas, sign_in):
    family = family_of(personas)
    client = sign_in(personas.fhp)
    html = refused(
        client.post(
            reverse("family_help:lead_assign", args=[family.pk]),
            {
                "lead": f"worker-{personas.social_worker.worker.pk}",
                **day("start_date", date(2025, 1, 5)),
            },
        )
    )
    assert "on or after 6 January 2025" in html
    assert LeadPractitioner.objects.count() == 1


def test_the_lead_must_be_chosen(personas, sign_in):
    family = family_of(personas)
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:lead_assign", args=[family.pk]),
            day("start_date", date(2025, 4, 14)),
        )
    )
    assert "Select the lead practitioner" in html


def test_a_partner_lead_records_on_the_family_they_lead(personas, sign_in):
    family = family_led_by(
        personas.partner_lead, team=personas.family_help_team, children=(personas.team_child,)
    )
    client = sign_in(personas.partner_lead)
    response = record(
        client,
        reverse("family_help:lead_assign", args=[family.pk]),
        {"lead": f"worker-{personas.fhp.worker.pk}", **day("start_date", date(2025, 4, 14))},
    )
    assert response.status_code == 302
    # Handing the family on ends the partner's need to know: they return to their families.
    family.refresh_from_db()
    assert family.lead_user == personas.fhp


# --- Who may open the pages -------------------------------------------------------------------


PAGES = ("child_add", "lead_assign", "assessment_start", "plan_agree", "meeting_record", "close")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["other_worker", "partner_user", "partner_lead"])
def test_a_family_outside_need_to_know_is_404(personas, sign_in, page, who):
    family = family_of(personas)
    response = sign_in(getattr(personas, who)).get(reverse(f"family_help:{page}", args=[family.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["front_door_worker", "auditor", "analyst", "superuser"])
def test_roles_that_do_not_record_family_help_are_refused(personas, sign_in, page, who):
    family = family_of(personas)
    response = sign_in(getattr(personas, who)).get(reverse(f"family_help:{page}", args=[family.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_the_lead_opens_each_page(personas, sign_in, page):
    family = family_of(personas)
    response = sign_in(personas.fhp).get(reverse(f"family_help:{page}", args=[family.pk]))
    assert response.status_code == 200
    assert f"Family help {family.reference}" in response.content.decode()


# --- What the family's page offers to record ---------------------------------------------------


def test_the_links_follow_the_familys_help_as_it_stands(personas):
    from safeguard.family_help.selectors import family_help_get
    from safeguard.family_help.tests.factories import (
        FamilyHelpAssessmentFactory,
        FamilyPlanFactory,
        PlanActionFactory,
        PlanOutcomeFactory,
    )
    from safeguard.family_help.views_recording import family_recording_links

    family = family_of(personas)

    def texts() -> list[str]:
        page = family_help_get(user=personas.fhp, family_help_id=family.pk)
        return [text for _, text in family_recording_links(page)]

    assert "Start a family help assessment" in texts()
    assert "Agree the family plan" not in texts()
    assessment = FamilyHelpAssessmentFactory(family_help=family)
    assert "Complete the family help assessment" in texts()
    FamilyHelpAssessmentFactory(family_help=family, completed_on=date(2025, 1, 27))
    assessment.delete()
    PlanActionFactory(
        outcome=PlanOutcomeFactory(plan=FamilyPlanFactory(family_help=family)), what="Visit"
    )
    assert {
        "Agree the family plan",
        "Review the plan agreed 3 February 2025",
        "Mark done: Visit",
    } <= set(texts())
    FamilyHelpEpisode.objects.filter(pk=family.pk).update(
        ended_on=date(2025, 4, 1), end_reason="moved_away"
    )
    assert texts() == []

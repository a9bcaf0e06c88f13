"""Your families and the family's page: what they show, to whom, and that the partner's view
is the family's help only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.family_help.tests.access_support import family_help_work, family_led_by
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(personas):
    family = family_led_by(
        personas.partner_lead,
        team=personas.family_help_team,
        children=(ChildFactory(first_name="Ada", last_name="Example"),),
    )
    family_help_work(family)
    return family


def test_your_families_lists_each_family_with_its_children_lead_dates_and_open_work(
    personas, sign_in, family
):
    html = sign_in(personas.fhp).get(reverse("family_help:list")).content.decode()
    assert family.reference in html
    assert reverse("family_help:family", args=[family.pk]) in html
    assert "Ada" in html and "EXAMPLE" in html.upper()
    assert "Personas Health Visiting" in html
    assert "6 Jan 2025" in html  # started
    assert "7 Jul 2025" in html  # next review due
    assert "1 of 2 plan actions open" in html


def test_someone_with_no_families_is_told_so(personas, sign_in, family):
    response = sign_in(personas.partner_user).get(reverse("family_help:list"))
    assert response.status_code == 200
    assert "You have no families with open help." in response.content.decode()
    assert family.reference not in response.content.decode()


def test_the_family_page_shows_the_familys_help_read_only(personas, sign_in, family):
    html = (
        sign_in(personas.fhp).get(reverse("family_help:family", args=[family.pk])).content.decode()
    )
    for shown in (
        "Parenting or family dynamics",  # the child's reason for help
        "Arguments before school",  # a need the assessment found
        "Calmer mornings before school",  # a plan outcome
        "Morning check-in",  # an action
        "Sam Teacher",  # asked to the meeting
        "Sent apologies",
        "Some progress",  # the review's progress on the outcome
        "Late twice, not five times",
    ):
        assert shown in html, shown
    # Read-only: the layout's sign-out is the page's only form.
    assert all("/sign-out" in form for form in re.findall(r"<form[^>]*>", html))


def test_a_practitioner_may_open_the_childs_record_from_the_family_page(personas, sign_in, family):
    child = family.children.get().child
    html = (
        sign_in(personas.fhp).get(reverse("family_help:family", args=[family.pk])).content.decode()
    )
    assert reverse("cases:child_record", args=[child.pk]) in html


def test_the_partner_leads_view_is_the_familys_help_only(personas, sign_in, family):
    child = family.children.get().child
    response = sign_in(personas.partner_lead).get(reverse("family_help:family", args=[family.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Children's social care records are not shared with partner agencies" in html
    assert reverse("cases:child_record", args=[child.pk]) not in html
    assert "Ada" in html


def test_a_partner_lead_gets_not_found_for_a_family_they_do_not_lead(personas, sign_in, family):
    other = family_led_by(
        personas.other_worker, team=personas.other_team, children=(ChildFactory(),)
    )
    response = sign_in(personas.partner_lead).get(reverse("family_help:family", args=[other.pk]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="read", object_id=str(other.pk)).exists()


def test_each_page_read_is_audited(personas, sign_in, family):
    client = sign_in(personas.partner_lead)
    client.get(reverse("family_help:list"))
    client.get(reverse("family_help:family", args=[family.pk]))
    kinds = list(
        AuditEntry.objects.filter(
            object_type="family_help.familyhelpepisode", actor_id=personas.partner_lead.pk
        ).values_list("action", flat=True)
    )
    assert sorted(kinds) == ["read", "search"]

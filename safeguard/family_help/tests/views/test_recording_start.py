"""Starting family help from a child's record, and the record's "Family help" panel."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.family_help.models import EarlyHelpEpisode, FamilyHelpEpisode, LeadPractitioner
from safeguard.family_help.tests.views.recording_support import (
    banner,
    day,
    family_of,
    frozen_today,  # noqa: F401 (autouse)
    record,
    refused,
)

pytestmark = pytest.mark.django_db


def _answers(personas: Any, **changes: Any) -> dict[str, Any]:
    return {
        **day("started_on", date(2025, 4, 7)),
        "start_route": "partner",
        **day("consent_given_on", date(2025, 4, 4)),
        "consent_given_by": "Jo Example (mother)",
        "reason": "parenting",
        "team": str(personas.family_help_team.pk),
        "lead": f"partner-{personas.partner_lead.partner_membership.pk}",
        **changes,
    }


def _start_url(child: Any) -> str:
    return reverse("family_help:start", args=[child.pk])


def test_family_help_starts_for_the_child_with_its_consent_team_and_partner_lead(personas, sign_in):
    client = sign_in(personas.social_worker)
    response = record(client, _start_url(personas.own_child), _answers(personas))

    family = FamilyHelpEpisode.objects.get()
    assert banner(response) == [
        f"Family help {family.reference} started for {personas.own_child.full_name}"
    ]
    assert (family.started_on, family.start_route, family.consent_given_by, family.team) == (
        date(2025, 4, 7),
        "partner",
        "Jo Example (mother)",
        personas.family_help_team,
    )
    episode = EarlyHelpEpisode.objects.get()
    assert (episode.child, episode.reason, episode.start_date) == (
        personas.own_child,
        "parenting",
        date(2025, 4, 7),
    )
    assert LeadPractitioner.objects.get().partner_user == personas.partner_lead.partner_membership
    assert family.lead_user == personas.partner_lead
    # A social worker who does not lead the family nor work in its team goes back to the child.
    assert response.url == f"/children/{personas.own_child.pk}"


def test_the_check_page_reads_the_answers_back_before_anything_is_written(personas, sign_in):
    client = sign_in(personas.social_worker)
    page = client.post(_start_url(personas.own_child), _answers(personas)).content.decode()
    assert "Check your answers" in page
    assert "Started by a partner" in page
    assert "Personas Health Visiting" in page
    assert not FamilyHelpEpisode.objects.exists()


def test_consent_after_the_start_is_refused_beside_the_consent_date_and_nothing_is_written(
    personas, sign_in
):
    client = sign_in(personas.social_worker)
    html = refused(
        client.post(
            _start_url(personas.own_child),
            _answers(personas, **day("consent_given_on", date(2025, 4, 8))),
        )
    )
    assert "The family&#x27;s agreement must be on or before 7 April 2025" in html
    assert 'href="#id_consent_given_on_0"' in html
    assert not FamilyHelpEpisode.objects.exists()


def test_missing_answers_are_each_shown_and_nothing_is_written(personas, sign_in):
    client = sign_in(personas.social_worker)
    html = refused(client.post(_start_url(personas.own_child), {}))
    for message in (
        "Select who started family help",
        "Enter who agreed to family help",
        "Select why the child needs help",
        "Select the council team with oversight",
    ):
        assert message in html
    assert not FamilyHelpEpisode.objects.exists()


def test_a_child_already_in_family_help_cannot_start_it_again(personas, sign_in):
    family_of(personas)
    child = EarlyHelpEpisode.objects.get().child
    client = sign_in(personas.fhp)
    html = refused(client.post(_start_url(child), _answers(personas)))
    assert "The child has had family help open since 6 January 2025" in html
    assert FamilyHelpEpisode.objects.count() == 1


def test_the_start_page_is_404_for_a_child_outside_need_to_know(personas, sign_in):
    client = sign_in(personas.other_worker)
    assert client.get(_start_url(personas.own_child)).status_code == 404


@pytest.mark.parametrize("who", ["front_door_worker", "auditor", "analyst", "conference_chair"])
def test_roles_that_do_not_record_family_help_are_refused(personas, sign_in, who):
    client = sign_in(getattr(personas, who))
    assert client.get(_start_url(personas.own_child)).status_code == 403


def test_a_partner_cannot_open_a_childs_record_to_start_family_help(personas, sign_in):
    # Refused by role before any child is read: the same answer for every child, so it says
    # nothing of whether the child exists.
    client = sign_in(personas.partner_lead)
    assert client.get(_start_url(personas.own_child)).status_code == 403


# --- The child's record: the "Family help" panel --------------------------------------------


def _record_page(client: Any, child: Any) -> str:
    response = client.get(reverse("cases:child_record", args=[child.pk]))
    assert response.status_code == 200
    html: str = response.content.decode()
    return html


def test_the_panel_offers_to_start_family_help_for_a_child_who_never_had_it(personas, sign_in):
    html = _record_page(sign_in(personas.social_worker), personas.own_child)
    assert "data-family-help-panel" in html
    assert "The child has had no family help." in html
    assert _start_url(personas.own_child) in html


def test_the_panel_shows_open_help_its_lead_and_links_the_family_to_who_may_see_it(
    personas, sign_in
):
    family = family_of(personas)
    child = EarlyHelpEpisode.objects.get().child
    html = _record_page(sign_in(personas.fhp), child)
    assert f"{family.reference}</a>: Open since 6 January 2025" in html
    assert "Fhp Persona (Family help)" in html
    assert reverse("family_help:family", args=[family.pk]) in html
    assert _start_url(child) not in html  # already in family help


def test_the_panel_shows_closed_help_with_its_reason_and_last_lead(personas, sign_in):
    # Once help closes the family help practitioner's need to know of the child ends: the
    # child's social worker reads it.
    family = family_of(personas)
    EarlyHelpEpisode.objects.update(child=personas.own_child)
    episode = EarlyHelpEpisode.objects.get()
    FamilyHelpEpisode.objects.filter(pk=family.pk).update(
        ended_on=date(2025, 3, 3), end_reason="needs_met", lead_user=None
    )
    EarlyHelpEpisode.objects.filter(pk=episode.pk).update(
        end_date=date(2025, 3, 3), end_reason="needs_met"
    )
    LeadPractitioner.objects.update(end_date=date(2025, 3, 3))
    html = _record_page(sign_in(personas.social_worker), personas.own_child)
    assert "Closed" in html
    assert "6 January 2025 to 3 March 2025: Needs met" in html
    assert "Last lead practitioner" in html
    assert "Fhp Persona (Family help)" in html
    assert _start_url(personas.own_child) in html  # help may start again


def test_a_reader_who_may_not_see_the_family_sees_the_childs_help_without_a_link(personas, sign_in):
    family = family_of(personas)
    EarlyHelpEpisode.objects.update(child=personas.own_child)
    html = _record_page(sign_in(personas.social_worker), personas.own_child)
    assert family.reference in html
    assert reverse("family_help:family", args=[family.pk]) not in html


def test_opening_the_start_page_is_an_audited_read_of_the_child(personas, sign_in):
    sign_in(personas.social_worker).get(_start_url(personas.own_child))
    assert AuditEntry.objects.filter(child_id=personas.own_child.pk, action="read").exists()

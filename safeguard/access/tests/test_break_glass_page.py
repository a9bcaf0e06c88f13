"""The break-glass page: who may use it, what it says before access is given (never the
child's name), the reason's error, the grant, and restricted records kept shut."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import resolve, reverse
from django.utils.html import escape

from safeguard.access.models import Alert, BreakGlassGrant
from safeguard.access.services import BREAK_GLASS_REASON_REQUIRED
from safeguard.audit.models import AuditEntry

REASON = "Police called out of hours about a child at this address."

pytestmark = pytest.mark.django_db


def _url(child):
    return f"/children/{child.pk}/break-glass"


def test_the_page_is_named_and_declares_its_permission(personas):
    url = _url(personas.own_child)
    assert reverse("access:break_glass", args=[personas.own_child.pk]) == url
    assert resolve(url).func.safeguard_permission == "child.break_glass"


def test_the_page_explains_what_happens_and_names_no_child(personas, sign_in, settings):
    settings.SAFEGUARD_BREAK_GLASS_HOURS = 6
    response = sign_in(personas.other_worker).get(_url(personas.own_child))
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are asking to open this child's record." in page
    assert "for 6 hours" in page
    assert "team manager and to the auditors" in page
    assert "Everything you look at is recorded in the audit trail." in page
    # Nothing of the record: not the name, the authority's id, the team or the worker.
    for secret in ("Own", "POwn", "Team A", "Sw Persona"):
        assert secret not in page
    # Opening the page grants nothing and alerts no one.
    assert not BreakGlassGrant.objects.exists()
    assert not Alert.objects.exists()


def test_a_reason_that_is_too_short_is_an_error_and_grants_nothing(personas, sign_in):
    client = sign_in(personas.other_worker)
    response = client.post(_url(personas.own_child), {"reason": "  Need to look  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert escape(BREAK_GLASS_REASON_REQUIRED) in page
    assert 'href="#id_reason"' in page
    assert "govuk-textarea--error" in page
    assert "<title>Error:" in page
    assert not BreakGlassGrant.objects.exists()
    assert not AuditEntry.objects.filter(action="break_glass").exists()
    assert not Alert.objects.exists()


def test_an_empty_reason_gets_the_same_error(personas, sign_in):
    response = sign_in(personas.other_worker).post(_url(personas.own_child), {"reason": ""})
    assert response.status_code == 400
    assert escape(BREAK_GLASS_REASON_REQUIRED) in response.content.decode()


@time_machine.travel(datetime(2026, 3, 10, 13, 5, tzinfo=UTC), tick=False)
def test_a_reason_grants_access_audits_alerts_and_lands_on_the_record(personas, sign_in):
    client = sign_in(personas.other_worker)
    response = client.post(_url(personas.own_child), {"reason": REASON}, follow=True)
    assert response.redirect_chain == [(f"/children/{personas.own_child.pk}", 302)]
    assert response.status_code == 200
    page = response.content.decode()
    assert "Own Child" in page
    assert "You can open this record until 17:05 on 10 March 2026." in page
    grant = BreakGlassGrant.objects.get()
    assert (grant.user, grant.child, grant.reason) == (
        personas.other_worker,
        personas.own_child,
        REASON,
    )
    entry = AuditEntry.objects.get(action="break_glass")
    assert (entry.actor_id, entry.child_id, entry.reason) == (
        personas.other_worker.pk,
        personas.own_child.pk,
        REASON,
    )
    assert set(Alert.objects.values_list("recipient__username", flat=True)) == {"tm", "auditor"}


def test_a_second_click_after_access_was_given_grants_nothing_more(personas, sign_in):
    client = sign_in(personas.other_worker)
    client.post(_url(personas.own_child), {"reason": REASON})
    response = client.post(_url(personas.own_child), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == f"/children/{personas.own_child.pk}"
    assert BreakGlassGrant.objects.count() == 1


def test_someone_who_already_sees_the_record_is_sent_to_it(personas, sign_in):
    response = sign_in(personas.social_worker).get(_url(personas.own_child))
    assert response.status_code == 302
    assert response["Location"] == f"/children/{personas.own_child.pk}"
    assert not BreakGlassGrant.objects.exists()


def test_the_page_shows_what_was_searched_for_not_the_record(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    search = client.get(
        "/children/search",
        {
            "name": "Othr Child",
            "date_of_birth_0": "1",
            "date_of_birth_1": "3",
            "date_of_birth_2": "2016",
        },
    )
    assert f'href="/children/{personas.other_child.pk}/break-glass"' in search.content.decode()
    page = client.get(_url(personas.other_child)).content.decode()
    assert "You searched for <strong>Othr Child, born 1 March 2016</strong>" in page
    assert "Other" not in page and "POther" not in page


@pytest.mark.parametrize(
    "role", ["other_worker", "front_door_worker", "auditor", "head_of_service"]
)
def test_a_restricted_record_is_not_found_by_anyone_not_named_on_it(personas, sign_in, role):
    client = sign_in(getattr(personas, role))
    url = _url(personas.restricted_child)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert not BreakGlassGrant.objects.exists()


def test_the_named_manager_of_a_restricted_record_is_sent_to_it(personas, sign_in):
    response = sign_in(personas.team_manager).get(_url(personas.restricted_child))
    assert response.status_code == 302
    assert response["Location"] == f"/children/{personas.restricted_child.pk}"


def test_a_child_who_does_not_exist_is_not_found(personas, sign_in):
    assert sign_in(personas.other_worker).get("/children/999999/break-glass").status_code == 404


@pytest.mark.parametrize("role", ["system_administrator", "analyst", "partner_user"])
def test_roles_that_may_not_break_glass_are_refused(personas, sign_in, role):
    client = sign_in(getattr(personas, role))
    assert client.get(_url(personas.own_child)).status_code == 403
    assert client.post(_url(personas.own_child), {"reason": REASON}).status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_the_page_needs_sign_in(client, personas):
    response = client.get(_url(personas.own_child))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_an_auditor_is_taken_to_the_childs_audit_trail_after_breaking_glass(personas, sign_in):
    # An auditor may break glass (to check what was done) but reads no case record page.
    response = sign_in(personas.auditor).post(_url(personas.own_child), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == f"/audit/?child={personas.own_child.pk}"
    assert BreakGlassGrant.objects.filter(user=personas.auditor).exists()


def test_a_record_outside_need_to_know_stays_a_404_elsewhere(personas, sign_in):
    # Break-glass is a page of its own: the record does not redirect to it, or say it exists.
    client = sign_in(personas.other_worker)
    assert client.get(f"/children/{personas.own_child.pk}").status_code == 404
    assert client.get(f"/children/{personas.restricted_child.pk}").status_code == 404

"""Restricting a record to named people and lifting the restriction: the services (who may,
what is checked, what is audited) and their pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404
from django.urls import resolve
from django.utils.html import escape

from safeguard.access.models import RestrictedRecord
from safeguard.access.queries import child_get_visible, visible_children
from safeguard.access.services import (
    ALREADY_RESTRICTED,
    NAMED_USER_INVALID,
    NOT_RESTRICTED,
    RESTRICTION_LIFT_REASON_REQUIRED,
    RESTRICTION_NOT_ALLOWED,
    RESTRICTION_REASON_REQUIRED,
    restricted_record_create,
    restricted_record_lift,
)
from safeguard.access.views import RESTRICTED, RESTRICTION_LIFTED
from safeguard.audit.models import AuditEntry
from safeguard.common.errors import SafeguardError
from safeguard.organisation.models import Authority, Worker

pytestmark = pytest.mark.django_db

REASON = "The child's aunt works in the front door team."


def _fresh(user):
    """The user as a new request would load it (no remembered worker)."""
    user.__dict__.pop("_safeguard_worker", None)
    return user


def _sees(user, child):
    return visible_children(_fresh(user)).filter(pk=child.pk).exists()


# --- Restricting ----------------------------------------------------------------------------------


def test_a_team_manager_restricts_a_record_to_named_people_and_is_named_too(personas):
    child = personas.own_child
    restriction = restricted_record_create(
        user=personas.team_manager, child=child, reason=f"  {REASON} ", named_users=[]
    )
    assert restriction.reason == REASON
    assert set(restriction.named_users.all()) == {personas.team_manager}
    assert _sees(personas.team_manager, child)
    # Allocation alone no longer opens it, nor does the head of service's oversight.
    assert not _sees(personas.social_worker, child)
    assert not _sees(personas.head_of_service, child)


def test_restricting_is_audited_with_the_reason_and_the_people_named(personas):
    restriction = restricted_record_create(
        user=personas.team_manager,
        child=personas.own_child,
        reason=REASON,
        named_users=[personas.social_worker],
    )
    entry = AuditEntry.objects.get(object_type="access.restrictedrecord")
    assert (entry.action, entry.actor_id, entry.child_id, entry.reason) == (
        "create",
        personas.team_manager.pk,
        personas.own_child.pk,
        REASON,
    )
    assert entry.object_id == str(restriction.pk)
    assert entry.details == {
        "named_users": sorted([personas.team_manager.pk, personas.social_worker.pk])
    }
    assert _sees(personas.social_worker, personas.own_child)


def test_a_head_of_service_may_restrict_a_record_in_their_service(personas):
    restricted_record_create(
        user=personas.head_of_service, child=personas.team_child, reason=REASON
    )
    assert RestrictedRecord.objects.filter(child=personas.team_child).exists()


def test_a_restriction_needs_a_reason_and_nothing_is_written_without_one(personas):
    with pytest.raises(SafeguardError) as error:
        restricted_record_create(user=personas.team_manager, child=personas.own_child, reason=" ")
    assert (error.value.message, error.value.fields) == (RESTRICTION_REASON_REQUIRED, ("reason",))
    assert not RestrictedRecord.objects.filter(child=personas.own_child).exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("role", ["social_worker", "front_door_worker", "conference_chair"])
def test_only_managers_may_restrict_a_record(personas, role):
    with pytest.raises(SafeguardError, match=RESTRICTION_NOT_ALLOWED):
        restricted_record_create(
            user=getattr(personas, role), child=personas.own_child, reason=REASON
        )
    assert not RestrictedRecord.objects.filter(child=personas.own_child).exists()


def test_a_manager_cannot_restrict_a_record_outside_their_need_to_know(personas):
    with pytest.raises(SafeguardError, match=RESTRICTION_NOT_ALLOWED):
        restricted_record_create(
            user=personas.team_manager, child=personas.other_child, reason=REASON
        )


@pytest.mark.parametrize("who", ["auditor", "left", "other_council", "disabled"])
def test_only_practitioners_of_the_council_still_in_post_may_be_named(
    personas, django_user_model, who
):
    if who == "auditor":
        named = personas.auditor
    elif who == "disabled":
        named = personas.other_worker
        named.is_active = False
        named.save()
    else:
        named = django_user_model.objects.create_user(username=who, password="p" * 16)
        authority = personas.authority
        if who == "other_council":
            authority = Authority.objects.create(
                name="Elsewhere", la_code="996", child_population=1
            )
        Worker.objects.create(
            authority=authority,
            user=named,
            first_name="Named",
            last_name="Person",
            role=Worker.Role.SOCIAL_WORKER,
            started_on=date(2020, 1, 6),
            left_on=date(2024, 1, 6) if who == "left" else None,
        )
    with pytest.raises(SafeguardError) as error:
        restricted_record_create(
            user=personas.team_manager,
            child=personas.own_child,
            reason=REASON,
            named_users=[named],
        )
    assert (error.value.message, error.value.fields) == (NAMED_USER_INVALID, ("named_users",))
    assert not RestrictedRecord.objects.filter(child=personas.own_child).exists()


def test_a_record_already_restricted_cannot_be_restricted_again(personas):
    with pytest.raises(SafeguardError, match=ALREADY_RESTRICTED):
        restricted_record_create(
            user=personas.team_manager, child=personas.restricted_child, reason=REASON
        )
    assert RestrictedRecord.objects.get(child=personas.restricted_child).reason == "Staff member"


# --- Lifting -------------------------------------------------------------------------------------


def test_lifting_keeps_the_history_in_the_audit_trail_and_deletes_the_row(personas):
    restriction = RestrictedRecord.objects.get(child=personas.restricted_child)
    restricted_record_lift(
        user=personas.team_manager,
        child=personas.restricted_child,
        reason="The aunt has left the council.",
    )
    assert not RestrictedRecord.objects.filter(pk=restriction.pk).exists()
    entry = AuditEntry.objects.get(object_type="access.restrictedrecord")
    assert (entry.action, entry.child_id, entry.reason) == (
        "delete",
        personas.restricted_child.pk,
        "The aunt has left the council.",
    )
    assert entry.details == {
        "restricted_at": restriction.created_at.isoformat(),
        "restriction_reason": "Staff member",
        "named_users": [personas.team_manager.pk],
    }
    # Need to know decides again: the allocated worker sees the child.
    assert _sees(personas.social_worker, personas.restricted_child)


def test_lifting_needs_a_reason(personas):
    with pytest.raises(SafeguardError) as error:
        restricted_record_lift(
            user=personas.team_manager, child=personas.restricted_child, reason=""
        )
    assert error.value.message == RESTRICTION_LIFT_REASON_REQUIRED
    assert RestrictedRecord.objects.filter(child=personas.restricted_child).exists()
    assert not AuditEntry.objects.exists()


def test_a_manager_not_named_on_the_record_cannot_lift_it(personas):
    with pytest.raises(SafeguardError, match=RESTRICTION_NOT_ALLOWED):
        restricted_record_lift(
            user=personas.head_of_service, child=personas.restricted_child, reason=REASON
        )
    assert RestrictedRecord.objects.filter(child=personas.restricted_child).exists()


def test_a_record_that_is_not_restricted_cannot_be_lifted(personas):
    with pytest.raises(SafeguardError, match=NOT_RESTRICTED):
        restricted_record_lift(user=personas.team_manager, child=personas.own_child, reason=REASON)


# --- The pages -----------------------------------------------------------------------------------


def _url(child, lift=False):
    return f"/children/{child.pk}/restriction" + ("/lift" if lift else "")


def test_the_pages_are_named_and_declare_their_permission(personas):
    for url in (_url(personas.own_child), _url(personas.own_child, lift=True)):
        assert resolve(url).func.safeguard_permission == "record.restrict"
        assert resolve(url).namespace == "access"


def test_the_restrict_page_offers_the_councils_practitioners_with_the_allocated_worker_ticked(
    personas, sign_in
):
    response = sign_in(personas.team_manager).get(_url(personas.own_child))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Restrict this record" in page
    assert f'value="{personas.social_worker.pk}" checked' in page
    assert "Sw Persona, social worker (Team A)" in page
    assert "Mash Persona, front door / mash worker (Front door)" in page
    # Not the manager themself (always named), nor roles that read no records.
    assert f'value="{personas.team_manager.pk}"' not in page
    assert "Auditor Persona" not in page and "Admin Persona" not in page


def test_restricting_without_a_reason_shows_the_error_and_writes_nothing(personas, sign_in):
    response = sign_in(personas.team_manager).post(
        _url(personas.own_child), {"reason": "", "named_users": [personas.social_worker.pk]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and escape(RESTRICTION_REASON_REQUIRED) in page
    assert 'href="#id_reason"' in page
    # What was ticked stays ticked.
    assert f'value="{personas.social_worker.pk}" checked' in page
    assert not RestrictedRecord.objects.filter(child=personas.own_child).exists()


def test_a_person_not_offered_cannot_be_named(personas, sign_in):
    response = sign_in(personas.team_manager).post(
        _url(personas.own_child), {"reason": REASON, "named_users": [personas.auditor.pk]}
    )
    assert response.status_code == 400
    assert "Choose people from the list" in response.content.decode()
    assert not RestrictedRecord.objects.filter(child=personas.own_child).exists()


def test_restricting_lands_on_the_record_which_says_it_is_restricted(personas, sign_in):
    client = sign_in(personas.team_manager)
    response = client.post(
        _url(personas.own_child),
        {"reason": REASON, "named_users": [personas.social_worker.pk]},
        follow=True,
    )
    assert response.redirect_chain == [(f"/children/{personas.own_child.pk}", 302)]
    page = response.content.decode()
    assert RESTRICTED in page
    assert "This is a restricted record" in page
    assert f'href="/children/{personas.own_child.pk}/restriction">Who can open this record' in page
    restriction = RestrictedRecord.objects.get(child=personas.own_child)
    assert set(restriction.named_users.all()) == {personas.team_manager, personas.social_worker}


def test_the_record_offers_restriction_to_managers_only(personas, sign_in, client):
    link = f'href="/children/{personas.own_child.pk}/restriction">Restrict this record'
    record = f"/children/{personas.own_child.pk}"
    assert link in sign_in(personas.team_manager).get(record).content.decode()
    assert link not in sign_in(personas.social_worker).get(record).content.decode()


def test_a_restricted_record_shows_who_is_named_and_offers_to_lift_it(personas, sign_in):
    response = sign_in(personas.team_manager).get(_url(personas.restricted_child))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This record is restricted" in page
    assert "Staff member" in page
    assert "Tm Persona, team manager (Team A)" in page
    assert f'href="/children/{personas.restricted_child.pk}/restriction/lift"' in page


def test_lifting_without_a_reason_is_an_error_and_lifting_with_one_lands_on_the_record(
    personas, sign_in
):
    client = sign_in(personas.team_manager)
    url = _url(personas.restricted_child, lift=True)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert escape(RESTRICTION_LIFT_REASON_REQUIRED) in response.content.decode()
    assert RestrictedRecord.objects.filter(child=personas.restricted_child).exists()
    response = client.post(url, {"reason": "The aunt has left the council."}, follow=True)
    assert response.redirect_chain == [(f"/children/{personas.restricted_child.pk}", 302)]
    assert RESTRICTION_LIFTED in response.content.decode()
    assert not RestrictedRecord.objects.filter(child=personas.restricted_child).exists()


def test_the_lift_page_of_a_record_that_is_not_restricted_goes_to_the_restrict_page(
    personas, sign_in
):
    response = sign_in(personas.team_manager).get(_url(personas.own_child, lift=True))
    assert response.status_code == 302
    assert response["Location"] == _url(personas.own_child)


@pytest.mark.parametrize("lift", [False, True])
def test_a_manager_not_named_on_a_restricted_record_gets_not_found(personas, sign_in, lift):
    client = sign_in(personas.head_of_service)
    url = _url(personas.restricted_child, lift=lift)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert RestrictedRecord.objects.filter(child=personas.restricted_child).exists()


@pytest.mark.parametrize("role", ["social_worker", "front_door_worker", "auditor", "partner_user"])
def test_roles_that_are_not_managers_are_refused(personas, sign_in, role):
    client = sign_in(getattr(personas, role))
    assert client.get(_url(personas.own_child)).status_code == 403
    assert client.post(_url(personas.own_child), {"reason": REASON}).status_code == 403
    assert (
        client.post(_url(personas.restricted_child, lift=True), {"reason": REASON}).status_code
        == 403
    )
    assert not RestrictedRecord.objects.filter(child=personas.own_child).exists()


def test_the_manager_who_restricted_a_record_still_opens_it(personas):
    restricted_record_create(user=personas.team_manager, child=personas.own_child, reason=REASON)
    assert child_get_visible(_fresh(personas.team_manager), personas.own_child.pk)
    with pytest.raises(Http404):
        child_get_visible(_fresh(personas.social_worker), personas.own_child.pk)

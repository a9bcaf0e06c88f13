"""Partner organisations, users and tokens in the admin: each change made by the partner
services (audited); a token's secret shown once, at issue, and never stored."""

import pytest
from django.urls import reverse

from safeguard.agencies.models import PartnerOrganisation, PartnerToken, PartnerUser
from safeguard.agencies.tokens import token_hash
from safeguard.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(personas, sign_in):
    return sign_in(personas.system_administrator)


def _organisation():
    return PartnerOrganisation.objects.get(name="Personas Primary School")


def test_a_token_issued_in_the_admin_is_shown_once_and_only_its_hash_kept(personas, admin_client):
    response = admin_client.post(
        reverse("admin:agencies_partnertoken_add"),
        {
            "organisation": _organisation().pk,
            "label": "MIS export",
            "scopes": ["events:submit", "events:bulk"],
            "days": "30",
        },
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("sgp_") and secret in response.content.decode()
    token = PartnerToken.objects.get()
    assert token.key_hash == token_hash(secret)
    assert token.scopes == ["events:bulk", "events:submit"]
    assert token.created_by == personas.system_administrator
    for url in (
        reverse("admin:agencies_partnertoken_changelist"),
        reverse("admin:agencies_partnertoken_change", args=[token.pk]),
    ):
        page = admin_client.get(url).content.decode()
        assert secret not in page and token.key_hash not in page
    entry = AuditEntry.objects.get(action="create", object_type="agencies.partnertoken")
    assert secret not in str(entry.details)


def test_a_token_lasting_longer_than_the_limit_is_refused_and_none_issued(admin_client):
    response = admin_client.post(
        reverse("admin:agencies_partnertoken_add"),
        {"organisation": _organisation().pk, "scopes": ["events:submit"], "days": "400"},
    )
    assert response.status_code == 200
    assert "A token lasts from 1 to 366 days" in response.content.decode()
    assert not PartnerToken.objects.exists()


def test_revoking_tokens_from_the_admin_goes_through_the_service(personas, admin_client):
    from safeguard.agencies import services

    issued = services.partner_token_create(organisation=_organisation(), scopes=["events:submit"])
    response = admin_client.post(
        reverse("admin:agencies_partnertoken_changelist"),
        {"action": "revoke", "_selected_action": [issued.token.pk]},
    )
    assert response.status_code == 302
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    entry = AuditEntry.objects.get(action="update", object_type="agencies.partnertoken")
    assert entry.actor_id == personas.system_administrator.pk


def test_a_partner_user_added_in_the_admin_is_audited(personas, admin_client, django_user_model):
    user = django_user_model.objects.create_user(username="nurse")
    response = admin_client.post(
        reverse("admin:agencies_partneruser_add"),
        {"user": user.pk, "organisation": _organisation().pk, "may_check": "on"},
    )
    assert response.status_code == 302
    assert PartnerUser.objects.get(user=user).may_check
    entry = AuditEntry.objects.get(action="create", object_type="agencies.partneruser")
    assert entry.actor_id == personas.system_administrator.pk


def test_a_member_of_staff_cannot_be_made_a_partner_user_in_the_admin(personas, admin_client):
    response = admin_client.post(
        reverse("admin:agencies_partneruser_add"),
        {"user": personas.social_worker.pk, "organisation": _organisation().pk},
        follow=True,
    )
    assert "give the partner user an account of their own" in response.content.decode()
    assert not PartnerUser.objects.filter(user=personas.social_worker).exists()


def test_an_organisation_registered_in_the_admin_is_audited(personas, admin_client):
    response = admin_client.post(
        reverse("admin:agencies_partnerorganisation_add"),
        {"authority": personas.authority.pk, "name": "Northgate GP", "kind": "gp"},
    )
    assert response.status_code == 302
    organisation = PartnerOrganisation.objects.get(name="Northgate GP")
    entry = AuditEntry.objects.get(action="create", object_type="agencies.partnerorganisation")
    assert entry.object_id == str(organisation.pk)


def test_stopping_an_organisation_from_the_admin_refuses_its_tokens_and_is_audited(
    personas, admin_client
):
    from safeguard.access.permissions import allowed
    from safeguard.agencies import services

    organisation = _organisation()
    issued = services.partner_token_create(organisation=organisation, scopes=["events:submit"])
    assert services.partner_token_authenticate(issued.secret) is not None
    changelist = reverse("admin:agencies_partnerorganisation_changelist")
    response = admin_client.post(
        changelist, {"action": "deactivate", "_selected_action": [organisation.pk]}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert not organisation.is_active
    assert services.partner_token_authenticate(issued.secret) is None
    partner = personas.partner_user
    partner.refresh_from_db()
    assert not allowed(partner, "partner.refer")
    entry = AuditEntry.objects.get(action="update", object_type="agencies.partnerorganisation")
    assert entry.actor_id == personas.system_administrator.pk
    assert entry.details == {"fields": {"is_active": [True, False]}}
    # Stopping it again changes and records nothing; restoring it is recorded too.
    admin_client.post(changelist, {"action": "deactivate", "_selected_action": [organisation.pk]})
    assert AuditEntry.objects.filter(object_type="agencies.partnerorganisation").count() == 1
    admin_client.post(changelist, {"action": "reactivate", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db()
    assert organisation.is_active
    assert services.partner_token_authenticate(issued.secret) is not None
    assert AuditEntry.objects.filter(object_type="agencies.partnerorganisation").count() == 2


def test_only_the_administrator_may_stop_an_organisation(personas, sign_in):
    organisation = _organisation()
    client = sign_in(personas.team_manager)
    response = client.post(
        reverse("admin:agencies_partnerorganisation_changelist"),
        {"action": "deactivate", "_selected_action": [organisation.pk]},
    )
    assert response.status_code in (302, 403)
    organisation.refresh_from_db()
    assert organisation.is_active

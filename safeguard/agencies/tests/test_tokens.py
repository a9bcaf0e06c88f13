from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from safeguard.agencies import services
from safeguard.agencies.models import PartnerOrganisation, PartnerToken
from safeguard.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_its_sha256(school):
    issued = services.partner_token_create(organisation=school, scopes=["events:submit"])
    stored = PartnerToken.objects.get(pk=issued.token.pk)
    assert stored.key_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in str(PartnerToken.objects.filter(pk=stored.pk).values().get()), (
        "the secret itself is nowhere in the row"
    )
    assert issued.secret.startswith("sgp_") and len(issued.secret) >= 40
    assert stored.prefix == issued.secret[:10]


def test_each_token_is_different(school):
    secrets = {
        services.partner_token_create(organisation=school, scopes=["events:submit"]).secret
        for _ in range(5)
    }
    assert len(secrets) == 5


def test_a_live_token_authenticates_and_a_revoked_or_expired_one_does_not(school):
    issued = services.partner_token_create(organisation=school, scopes=["events:submit"])
    assert services.partner_token_authenticate(issued.secret) == issued.token
    assert services.partner_token_authenticate(issued.secret + "x") is None
    assert services.partner_token_authenticate("") is None

    PartnerToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert services.partner_token_authenticate(issued.secret) is None

    other = services.partner_token_create(organisation=school, scopes=["events:submit"])
    services.partner_token_revoke(token=other.token)
    assert services.partner_token_authenticate(other.secret) is None


def test_a_token_of_an_organisation_that_stopped_sharing_is_refused(school):
    issued = services.partner_token_create(organisation=school, scopes=["events:submit"])
    PartnerOrganisation.objects.filter(pk=school.pk).update(is_active=False)
    assert services.partner_token_authenticate(issued.secret) is None


def test_a_token_needs_known_scopes_and_a_bounded_future_expiry(school):
    with pytest.raises(ValidationError, match="Unknown scope 'events:delete'"):
        services.partner_token_create(organisation=school, scopes=["events:delete"])
    with pytest.raises(ValidationError, match="at least one scope"):
        services.partner_token_create(organisation=school, scopes=[])
    with pytest.raises(ValidationError, match="expire in the future"):
        services.partner_token_create(
            organisation=school, scopes=["events:submit"], expires_at=timezone.now()
        )
    with pytest.raises(ValidationError, match="at most 366 days"):
        services.partner_token_create(
            organisation=school,
            scopes=["events:submit"],
            expires_at=timezone.now() + timedelta(days=400),
        )
    assert not PartnerToken.objects.exists()


def test_revoking_twice_is_refused(school):
    issued = services.partner_token_create(organisation=school, scopes=["events:submit"])
    services.partner_token_revoke(token=issued.token)
    with pytest.raises(ValidationError, match="already revoked"):
        services.partner_token_revoke(token=issued.token)


def test_issuing_and_revoking_are_audited(school):
    issued = services.partner_token_create(organisation=school, scopes=["check:read"])
    services.partner_token_revoke(token=issued.token)
    entries = AuditEntry.objects.filter(object_type="agencies.partnertoken")
    assert [e.action for e in entries.order_by("sequence")] == ["create", "update"]
    assert all(issued.secret not in str(e.details) for e in entries)


def test_the_command_creates_the_organisation_and_prints_the_token_once(personas):
    out = StringIO()
    call_command(
        "create_partner_token",
        "--organisation",
        "Eastfield  Academy",
        "--kind",
        "school",
        "--scope",
        "events:submit",
        "--scope",
        "events:bulk",
        "--days",
        "30",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    secret = lines[-1]
    organisation = PartnerOrganisation.objects.get(name="Eastfield Academy")
    assert organisation.kind == "school" and organisation.authority == personas.authority
    token = services.partner_token_authenticate(secret)
    assert token is not None and token.organisation == organisation
    assert token.scopes == ["events:bulk", "events:submit"]
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert lines[0] == "Created School Eastfield Academy."

    # A second token for the same organisation reuses it.
    out = StringIO()
    call_command(
        "create_partner_token",
        "--organisation",
        "Eastfield Academy",
        "--kind",
        "school",
        stdout=out,
    )
    assert PartnerOrganisation.objects.filter(name="Eastfield Academy").count() == 1
    assert "Created" not in out.getvalue()
    assert PartnerToken.objects.filter(organisation=organisation).count() == 2


def test_the_command_refuses_a_different_kind_for_an_existing_organisation(school):
    with pytest.raises(CommandError, match="already registered as School"):
        call_command(
            "create_partner_token",
            "--organisation",
            school.name,
            "--kind",
            "gp",
            stdout=StringIO(),
        )


def test_the_revoke_command_stops_a_token_at_once(school):
    issued = services.partner_token_create(organisation=school, scopes=["events:submit"])
    out = StringIO()
    call_command("revoke_partner_token", issued.token.prefix, stdout=out)
    assert out.getvalue().strip() == f"Revoked token {issued.token.prefix}… of Northgate Primary."
    assert services.partner_token_authenticate(issued.secret) is None
    with pytest.raises(CommandError, match="No live token starts"):
        call_command("revoke_partner_token", issued.token.prefix, stdout=StringIO())

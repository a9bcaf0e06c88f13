"""A partner user's list of their referrals: theirs and their organisation's only, each with
its status in fixed words, never case content, and every row read in the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils.html import strip_tags

from safeguard.agencies.models import PartnerOrganisation, PartnerUser
from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import ContactFactory
from safeguard.common import codes
from safeguard.front_door.models import InformationRequest, ReferrerFeedback
from safeguard.front_door.selectors_public import partner_referrals_list

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def organisation(personas):
    return personas.partner_user.partner_membership.organisation


@pytest.fixture
def colleague(personas, organisation, django_user_model):
    user = django_user_model.objects.create_user(
        username="colleague", password="p" * 16, first_name="Jo", last_name="Colleague"
    )
    PartnerUser.objects.create(user=user, organisation=organisation)
    return user


def referral(**fields):
    """A contact as the professional form leaves it: not yet matched to a child."""
    defaults = {
        "child": None,
        "route": codes.ContactRoute.PROFESSIONAL_FORM,
        "received_at": SENT,
        "concerns": "Fictional: a concern only the front door reads.",
        "child_as_described": {"first_name": "Mia", "last_name": "Fenwick"},
    }
    return ContactFactory(**(defaults | fields))


def statuses(user) -> dict[str, str]:
    return {row.reference: row.status for row in partner_referrals_list(user=user)}


def test_a_partner_sees_their_own_and_their_organisations_referrals_newest_first(
    personas, organisation, colleague
):
    mine = referral(submitted_by=personas.partner_user, partner_organisation_id=organisation.pk)
    by_colleague = referral(
        submitted_by=colleague,
        partner_organisation_id=organisation.pk,
        received_at=SENT + timedelta(days=1),
    )
    by_system = referral(
        route=codes.ContactRoute.PARTNER_API,
        partner_organisation_id=organisation.pk,
        received_at=SENT + timedelta(days=2),
    )
    elsewhere = PartnerOrganisation.objects.create(
        authority=personas.authority, name="Another School", kind="school"
    )
    referral(partner_organisation_id=elsewhere.pk)
    referral(route=codes.ContactRoute.PUBLIC_FORM)

    rows = partner_referrals_list(user=personas.partner_user)

    assert [r.reference for r in rows] == [
        by_system.reference,
        by_colleague.reference,
        mine.reference,
    ]
    assert [(r.sent_by, r.child) for r in rows] == [
        ("Your organisation's system", ""),
        ("Jo Colleague", ""),
        ("You", "Mia Fenwick"),
    ]


def test_the_status_is_received_until_the_front_door_starts_on_it(personas, organisation):
    waiting = referral(submitted_by=personas.partner_user)
    rated = referral(submitted_by=personas.partner_user, rag=codes.RagRating.AMBER)
    asked = referral(submitted_by=personas.partner_user)
    InformationRequest.objects.create(
        contact=asked,
        agency="GP",
        question="Fictional: known to the practice?",
        requested_at=SENT + timedelta(hours=1),
        requested_by=personas.front_door_worker.worker,
    )
    assert statuses(personas.partner_user) == {
        waiting.reference: "Received",
        rated.reference: "Being considered",
        asked.reference: "Being considered",
    }


def test_a_decision_is_not_shown_until_the_referrer_is_told_and_then_in_fixed_words(personas):
    child = personas.own_child
    decided = referral(
        submitted_by=personas.partner_user,
        child=child,
        decision=codes.ContactDecision.EARLY_HELP,
        decided_at=SENT + timedelta(hours=5),
        decided_by=personas.front_door_worker.worker,
        decision_rationale="Fictional rationale the partner must never read.",
    )
    assert statuses(personas.partner_user) == {decided.reference: "Being considered"}

    for outcome, at in (
        (ReferrerFeedback.Outcome.MORE_INFORMATION, SENT + timedelta(hours=2)),
        (ReferrerFeedback.Outcome.EARLY_HELP, SENT + timedelta(hours=6)),
    ):
        ReferrerFeedback.objects.create(
            contact=decided,
            outcome=outcome,
            method=ReferrerFeedback.Method.PARTNER_SYSTEM,
            given_at=at,
            given_by=personas.front_door_worker.worker,
        )
    assert statuses(personas.partner_user) == {
        decided.reference: ReferrerFeedback.Outcome.EARLY_HELP.label
    }


def test_the_page_shows_no_case_content_beyond_what_the_user_sent(
    personas, organisation, colleague, sign_in
):
    referral(
        submitted_by=colleague,
        partner_organisation_id=organisation.pk,
        child_as_described={"first_name": "Ezra", "last_name": "Quill"},
        concerns="Fictional: the colleague's words.",
        rag=codes.RagRating.RED,
    )
    mine = referral(submitted_by=personas.partner_user, partner_organisation_id=organisation.pk)

    body = sign_in(personas.partner_user).get("/partners/referrals").content.decode()

    assert mine.reference in body and "Mia Fenwick" in body
    assert "Ezra" not in body and "Quill" not in body
    assert "Fictional" not in body
    assert "Red" not in strip_tags(body) and "Being considered" in body


def test_every_referral_shown_is_audited_as_read_by_the_partner(personas, sign_in):
    shown = [referral(submitted_by=personas.partner_user) for _ in range(2)]
    before = AuditEntry.objects.count()

    sign_in(personas.partner_user).get("/partners/referrals")

    entries = AuditEntry.objects.filter(sequence__gt=before, object_type="cases.contact")
    assert sorted(int(e.object_id) for e in entries) == sorted(c.pk for c in shown)
    assert {(e.action, e.actor_id, e.details["page"]) for e in entries} == {
        ("read", personas.partner_user.pk, "partner_referrals")
    }


def test_a_partner_with_no_referrals_is_told_so_and_nothing_is_audited(personas, sign_in):
    before = AuditEntry.objects.count()
    body = sign_in(personas.partner_user).get("/partners/referrals").content.decode()
    assert "You have not sent any referrals yet." in body
    assert not AuditEntry.objects.filter(sequence__gt=before, object_type="cases.contact").exists()


def test_staff_are_refused_the_partners_list(personas, sign_in):
    assert sign_in(personas.front_door_worker).get("/partners/referrals").status_code == 403

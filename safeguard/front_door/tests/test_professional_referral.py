"""The professional referral form: for a professional without an account (open to anyone, so
guarded like the public's report) and for a signed-in partner user (whose name and
organisation it knows, and who later sees what their referral led to)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

from safeguard.cases import services as case_services
from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.front_door.models import ReportAttempt

from .journeys_public import (
    PARTNER,
    PARTNER_ANSWERS,
    PROFESSIONAL,
    REFERRAL_ANSWERS,
    check_page_key,
    errors,
    fails_once,
    fill,
    reference_shown,
    send,
    summary_errors,
)

pytestmark = pytest.mark.django_db

EMERGENCY = "If a child is in immediate danger, call 999."


@pytest.fixture(autouse=True)
def no_minimum_time(personas, settings):
    settings.SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS = 0


@pytest.fixture
def partner(personas, sign_in):
    """The partner user (a school's safeguarding lead), signed in."""
    user = personas.partner_user
    user.first_name, user.last_name, user.email = "Robin", "Lead", "robin@personas.example"
    user.save()
    return sign_in(user)


def refer(client, base=PROFESSIONAL, answers=REFERRAL_ANSWERS, **extra) -> str:
    fill(client, base, answers)
    response = send(client, base, check_page_key(client, base), **extra)
    assert response.status_code == 302 and response["Location"] == f"{base}/sent", response
    return reference_shown(client, base)


# --- A professional without an account -------------------------------------------------------


def test_a_professional_without_an_account_refers_with_every_detail_of_the_form(client, personas):
    reference = refer(client)

    contact = Contact.objects.get()
    assert contact.reference == reference
    assert contact.route == codes.ContactRoute.PROFESSIONAL_FORM
    assert contact.source == codes.ReferralSource.SCHOOL
    assert contact.team == personas.front_door
    assert contact.child is None
    assert (
        contact.referrer,
        contact.referrer_role,
        contact.referrer_organisation,
        contact.referrer_phone,
        contact.referrer_email,
    ) == (
        "Alex Teacher",
        "Designated safeguarding lead",
        "Northgate Primary School",
        "01632 960 001",
        "dsl@northgate.example",
    )
    assert contact.consent == codes.ContactConsent.NOT_SOUGHT
    assert contact.consent_reason == "Telling them could put Mia at risk."
    assert contact.concerns == "Fictional: Mia came to school with bruises on both arms."
    assert contact.actions_taken == "Spoke to Mia with the class teacher present."
    assert contact.urgency == codes.ContactUrgency.TODAY
    assert contact.child_as_described == {
        "first_name": "Mia",
        "last_name": "Fenwick",
        "date_of_birth": "2017-03-14",
        "sex": "F",
        "address_line": "12 Quarry Lane, Northgate",
        "postcode": "NB2 4CD",
        "school": "Northgate Primary School",
        "nhs_number": "9434765919",
    }
    assert contact.household_as_described == [
        {"name": "Dana Fenwick", "relationship": "Mother"},
        {"name": "Lee Fenwick", "relationship": "Brother"},
    ]
    assert contact.submitted_by is None and contact.partner_organisation_id is None


def test_an_unborn_baby_is_referred_with_its_expected_date(client):
    from datetime import timedelta

    from django.utils import timezone

    due = timezone.localdate() + timedelta(days=60)
    answers = {
        **REFERRAL_ANSWERS,
        "child": {
            "child_last_name": "Fenwick",
            "child_born": "unborn",
            "child_expected_date_of_birth_0": str(due.day),
            "child_expected_date_of_birth_1": str(due.month),
            "child_expected_date_of_birth_2": str(due.year),
            "child_sex": "U",
        },
    }
    refer(client, answers=answers)
    described = Contact.objects.get().child_as_described
    assert described == {
        "last_name": "Fenwick",
        "unborn": True,
        "expected_date_of_birth": due.isoformat(),
        "sex": "U",
    }


def test_consent_given_keeps_no_reason(client):
    refer(client, answers={**REFERRAL_ANSWERS, "consent": {"consent": "given"}})
    contact = Contact.objects.get()
    assert (contact.consent, contact.consent_reason) == ("given", "")


def test_every_page_of_the_referral_carries_the_emergency_message(client):
    pages = ["", *(f"/{slug}" for slug in REFERRAL_ANSWERS)]
    for page in pages:
        assert EMERGENCY in client.get(f"{PROFESSIONAL}{page}").content.decode(), page


def test_the_check_page_groups_the_answers_by_page(client):
    fill(client, PROFESSIONAL, REFERRAL_ANSWERS)
    body = client.get(f"{PROFESSIONAL}/check").content.decode()
    for heading in ("About you", "About the child", "Who lives with the child?", "Your concern"):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in body
    assert "Dana Fenwick (Mother)" in body and "14 March 2017" in body
    assert "Send referral" in body


def test_a_mistake_on_a_page_of_the_referral_shows_each_error_beside_its_question(client):
    fill(client, PROFESSIONAL, {"about-you": REFERRAL_ANSWERS["about-you"]})
    response = client.post(
        f"{PROFESSIONAL}/household",
        {"person_1_name": "Dana Fenwick", "person_2_relationship": "Brother"},
    )
    assert response.status_code == 400
    expected = [
        "Enter how person 1 is related to the child",
        "Enter the name of person 2",
    ]
    assert summary_errors(response) == errors(response) == expected
    assert 'value="Dana Fenwick"' in response.content.decode()


def test_a_double_click_on_the_referral_stores_one(client):
    fill(client, PROFESSIONAL, REFERRAL_ANSWERS)
    key = check_page_key(client, PROFESSIONAL)
    send(client, PROFESSIONAL, key)
    send(client, PROFESSIONAL, key)
    assert Contact.objects.count() == 1
    assert reference_shown(client, PROFESSIONAL) == Contact.objects.get().reference


def test_a_database_failure_on_the_referral_keeps_the_answers_and_the_retry_stores_once(client):
    fill(client, PROFESSIONAL, REFERRAL_ANSWERS)
    key = check_page_key(client, PROFESSIONAL)
    with mock.patch.object(
        case_services,
        "contact_record",
        side_effect=fails_once(case_services.contact_record, OperationalError("gone")),
    ):
        failed = send(client, PROFESSIONAL, key)
        assert failed.status_code == 503
        assert summary_errors(failed) == [
            "Sorry, there is a problem with the service. Your referral has not been sent yet. "
            "Try again"
        ]
        assert "Dana Fenwick (Mother)" in failed.content.decode()
        send(client, PROFESSIONAL, key)
    assert Contact.objects.count() == 1


def test_the_referral_without_an_account_is_guarded_against_bots_and_floods(client, settings):
    refer(client, website="filled by a bot")
    assert Contact.objects.count() == 0
    settings.SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = 1
    refer(client)
    fill(client, PROFESSIONAL, REFERRAL_ANSWERS)
    assert send(client, PROFESSIONAL, check_page_key(client, PROFESSIONAL)).status_code == 429
    assert Contact.objects.count() == 1
    assert list(ReportAttempt.objects.values_list("outcome", flat=True).order_by("pk")) == [
        "spam",
        "stored",
        "throttled",
    ]


# --- A signed-in partner user ----------------------------------------------------------------


def test_a_partner_user_starts_with_their_own_name_and_email_filled_in(partner):
    body = partner.get(f"{PARTNER}/about-you").content.decode()
    assert 'value="Robin Lead"' in body and 'value="robin@personas.example"' in body
    assert 'name="referrer_organisation"' not in body


def test_a_partner_users_referral_is_theirs_and_their_organisations(partner, personas):
    reference = refer(partner, PARTNER, PARTNER_ANSWERS)

    contact = Contact.objects.get()
    organisation = personas.partner_user.partner_membership.organisation
    assert contact.reference == reference
    assert contact.route == codes.ContactRoute.PROFESSIONAL_FORM
    assert contact.submitted_by == personas.partner_user
    assert contact.partner_organisation_id == organisation.pk
    assert contact.referrer_organisation == "Personas Primary School"
    assert contact.source == codes.ReferralSource.SCHOOL
    # A signed-in user is not counted against the public's hourly limit.
    assert ReportAttempt.objects.count() == 0


def test_a_partner_users_referral_is_sent_once_however_often_it_is_posted(partner):
    fill(partner, PARTNER, PARTNER_ANSWERS)
    key = check_page_key(partner, PARTNER)
    for _ in range(3):
        send(partner, PARTNER, key)
    assert Contact.objects.count() == 1


def test_the_partner_acknowledgement_links_to_their_referrals(partner):
    refer(partner, PARTNER, PARTNER_ANSWERS)
    body = partner.get(f"{PARTNER}/sent").content.decode()
    assert 'href="/partners/referrals"' in body


@pytest.mark.parametrize("who", ["social_worker", "front_door_worker", "system_administrator"])
def test_staff_do_not_use_the_partner_referral_form(who, personas, sign_in):
    client = sign_in(getattr(personas, who))
    assert client.get(PARTNER).status_code == 403
    assert client.get(f"{PARTNER}/check").status_code == 403


def test_a_user_of_an_organisation_that_stopped_sharing_cannot_refer(partner, personas):
    organisation = personas.partner_user.partner_membership.organisation
    organisation.is_active = False
    organisation.save()
    assert partner.get(PARTNER).status_code == 403


def test_partner_users_need_not_be_named_for_the_partner_check_to_refer(partner, personas):
    membership = personas.partner_user.partner_membership
    membership.may_check = False
    membership.save()
    assert partner.get(PARTNER).status_code == 200
    assert partner.get("/partners/check").status_code == 403


def test_the_partner_navigation_offers_their_referrals(partner):
    body = partner.get("/partners/referrals").content.decode()
    assert 'href="/partners/referrals" aria-current="page">Your referrals</a>' in body

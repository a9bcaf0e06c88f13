"""`public_report_send` and `professional_referral_send` called directly: the guards' edges
that the pages do not reach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.front_door import services
from safeguard.front_door.models import ReportAttempt
from safeguard.front_door.services.public import looks_automated

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
REPORT = services.PublicReport(
    concerns="Fictional: shouting and a child crying every night.",
    relationship="neighbour",
    urgency=codes.ContactUrgency.ROUTINE,
)


def send(key: str, sender: str = "sender", **guard):
    fields = {"started_at": NOW - timedelta(minutes=5), "honeypot": "", "now": NOW} | guard
    return services.public_report_send(report=REPORT, idempotency_key=key, sender=sender, **fields)


def test_a_report_with_no_start_time_is_treated_as_automated(settings):
    assert looks_automated(started_at=None, honeypot="", now=NOW)
    settings.SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS = 3
    assert looks_automated(started_at=NOW - timedelta(seconds=2), honeypot="", now=NOW)
    assert not looks_automated(started_at=NOW - timedelta(seconds=3), honeypot="", now=NOW)
    assert looks_automated(started_at=NOW - timedelta(hours=1), honeypot=" x ", now=NOW)
    assert not looks_automated(started_at=NOW - timedelta(hours=1), honeypot="   ", now=NOW)


def test_a_limit_of_nought_means_no_limit(personas, settings):
    settings.SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = 0
    outcomes = {send(f"key-{n}").outcome for n in range(12)}
    assert outcomes == {"stored"}
    assert Contact.objects.count() == 12


def test_the_default_limit_is_ten_stored_reports_an_hour(personas):
    for n in range(10):
        assert send(f"key-{n}").outcome == "stored"
    assert send("key-10").outcome == "throttled"
    assert send("key-11", sender="someone else").outcome == "stored"


def test_spam_and_refusals_do_not_count_towards_the_limit(personas, settings):
    settings.SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = 1
    assert send("bot", honeypot="x").outcome == "spam"
    assert send("first").outcome == "stored"
    assert send("second").outcome == "throttled"
    assert send("third").outcome == "throttled"
    assert ReportAttempt.objects.filter(outcome="stored").count() == 1


def test_a_replay_answers_with_the_stored_reference_even_from_a_bot_looking_retry(personas):
    first = send("same")
    again = send("same", honeypot="x", started_at=None)
    assert (again.outcome, again.reference) == ("replayed", first.reference)
    assert Contact.objects.count() == 1


def test_the_census_source_follows_the_kind_of_partner_organisation():
    kinds = {
        "school": "2A",
        "gp": "3A",
        "health_visiting": "3B",
        "school_nursing": "3C",
        "hospital": "3E",
        "police": "6",
        "housing": "4",
        "probation": "7",
        "early_years": "8",
        "other": "8",
        "something new": "8",
    }
    assert {k: services.source_for_organisation_kind(k) for k in kinds} == kinds


def test_a_signed_in_partners_referral_is_neither_limited_nor_checked_for_bots(personas, settings):
    settings.SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = 1
    referral = services.ProfessionalReferral(
        referrer="Robin Lead",
        referrer_role="Designated safeguarding lead",
        referrer_organisation="Personas Primary School",
        referrer_phone="01632 960 001",
        referrer_email="robin@personas.example",
        source=codes.ReferralSource.SCHOOL,
        consent=codes.ContactConsent.GIVEN,
        consent_reason="",
        concerns="Fictional concern.",
        actions_taken="Fictional action.",
        urgency=codes.ContactUrgency.ROUTINE,
        child_first_name="Mia",
        child_last_name="Fenwick",
    )
    for n in range(3):
        sent = services.professional_referral_send(
            referral=referral,
            idempotency_key=f"partner-{n}",
            submitted_by=personas.partner_user,
            now=NOW,
        )
        assert sent.outcome == "stored"
    assert ReportAttempt.objects.count() == 0

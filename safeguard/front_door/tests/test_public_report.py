"""The public's "Report a concern about a child", page by page through Django's test client
(as a browser without JavaScript): what is stored, what is kept between pages, and every way
a submission can go wrong (a double click, a lost session, a failing database, a sender
over the hourly limit, a bot)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError
from django.test import Client

from safeguard.cases import services as case_services
from safeguard.cases.models import Contact
from safeguard.cases.services import _base as case_services_base
from safeguard.common import codes
from safeguard.front_door import views_public
from safeguard.front_door.models import ReportAttempt
from safeguard.front_door.services import public as public_services
from safeguard.front_door.services import sender_hash

from .journeys_public import (
    PUBLIC,
    PUBLIC_ANSWERS,
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
def front_door(personas, settings):
    """The front door's phone, and no minimum time unless a test sets one (the rule has
    tests of its own below)."""
    settings.SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS = 0
    personas.front_door.phone = "0100 000 0999"
    personas.front_door.save()
    return personas.front_door


def report(client: Client, answers=PUBLIC_ANSWERS) -> str:
    """Fill in and send a whole report; the reference shown."""
    fill(client, PUBLIC, answers)
    response = send(client, PUBLIC, check_page_key(client, PUBLIC))
    assert response.status_code == 302 and response["Location"] == f"{PUBLIC}/sent"
    return reference_shown(client, PUBLIC)


# --- The pages --------------------------------------------------------------------------------


def test_every_page_tells_a_person_to_call_999_and_gives_the_number_to_ring(client):
    pages = ["", *(f"/{slug}" for slug in PUBLIC_ANSWERS)]
    for page in pages:
        body = client.get(f"{PUBLIC}{page}").content.decode()
        assert EMERGENCY in body, page
        assert 'href="tel:01000000999"' in body, page
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    for response in (
        client.get(f"{PUBLIC}/check"),
        send(client, PUBLIC, check_page_key(client, PUBLIC)),
        client.get(f"{PUBLIC}/sent"),
    ):
        if response.status_code == 200:
            assert EMERGENCY in response.content.decode()


def test_an_out_of_hours_number_in_the_settings_is_given_as_well(client, settings):
    settings.SAFEGUARD_OUT_OF_HOURS_PHONE = "0100 000 0555"
    body = client.get(f"{PUBLIC}/worry").content.decode()
    assert 'href="tel:01000000999"' in body
    assert "In the evening, at the weekend or on a bank holiday" in body
    assert 'href="tel:01000000555"' in body


def test_without_any_number_the_page_still_says_whom_to_ask(client, front_door):
    front_door.phone = ""
    front_door.save()
    body = client.get(PUBLIC).content.decode()
    assert EMERGENCY in body
    assert "call your local council and ask for children's services" in body


def test_the_questions_that_follow_an_answer_are_in_the_page_for_browsers_without_javascript(
    client,
):
    body = client.get(f"{PUBLIC}/child-age").content.decode()
    assert 'id="conditional-id_child_age_known_0"' in body
    assert 'name="child_date_of_birth_0"' in body
    assert 'name="child_age"' in body


def test_the_hidden_field_for_bots_is_hidden_from_people_and_assistive_technology(client):
    body = client.get(f"{PUBLIC}/worry").content.decode()
    assert '<div class="govuk-!-display-none" aria-hidden="true">' in body
    assert 'name="website" value="" tabindex="-1" autocomplete="off"' in body
    assert "style=" not in body, "the content security policy allows no inline style"


def test_no_page_of_the_report_is_kept_in_the_browsers_cache(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    for page in ("", "/worry", "/check"):
        response = client.get(f"{PUBLIC}{page}")
        assert "no-store" in response["Cache-Control"], page


def test_a_question_page_asks_one_thing_with_it_as_the_heading(client):
    body = client.get(f"{PUBLIC}/danger").content.decode()
    assert '<h1 class="govuk-fieldset__heading">Is the child in danger right now?</h1>' in body
    assert body.count("<h1") == 1


def test_each_page_links_back_to_the_one_before(client):
    body = client.get(f"{PUBLIC}/child-age").content.decode()
    assert f'<a href="{PUBLIC}/child-name" class="govuk-back-link">Back</a>' in body
    body = client.get(f"{PUBLIC}/child-name").content.decode()
    assert f'<a href="{PUBLIC}" class="govuk-back-link">Back</a>' in body


# --- What is stored ---------------------------------------------------------------------------


def test_a_report_about_a_child_the_front_door_does_not_know_waits_unmatched(client, front_door):
    reference = report(client)

    contact = Contact.objects.get()
    assert contact.reference == reference
    assert contact.child is None
    assert contact.team == front_door
    assert contact.route == codes.ContactRoute.PUBLIC_FORM
    assert contact.source == codes.ReferralSource.INDIVIDUAL_ACQUAINTANCE
    assert contact.concerns == PUBLIC_ANSWERS["worry"]["concerns"]
    assert contact.urgency == codes.ContactUrgency.ROUTINE
    assert contact.child_as_described == {
        "first_name": "Tobi",
        "last_name": "Marsh",
        "age": 6,
        "address_line": "Flat 2, Larch Road, Northgate",
        "postcode": "NB1 2AB",
        "school": "Northgate Primary",
    }
    assert (contact.referrer, contact.referrer_phone) == ("Sam Example", "07700 900 982")
    assert contact.referrer_relationship == "Neighbour"
    assert not contact.referrer_anonymous
    assert contact.decided_at is None


def test_an_anonymous_report_keeps_no_sender_and_counts_as_anonymous_in_the_census(client):
    answers = {
        **PUBLIC_ANSWERS,
        "child-name": {"child_first_name": "", "child_last_name": ""},
        "child-age": {"child_age_known": "unknown"},
        "child-address": {"child_address": "", "child_postcode": ""},
        "child-school": {"child_school": ""},
        "danger": {"danger": "yes"},
        "how-you-know": {"relationship": "family"},
        "about-you": {"contact_me": "no", "name": "Typed then changed my mind"},
    }
    report(client, answers)

    contact = Contact.objects.get()
    assert contact.child_as_described == {}
    assert contact.referrer_anonymous
    assert (contact.referrer, contact.referrer_phone, contact.referrer_email) == ("", "", "")
    assert contact.source == codes.ReferralSource.ANONYMOUS
    assert contact.referrer_relationship == "Family member"
    assert contact.urgency == codes.ContactUrgency.IMMEDIATE


def test_a_child_or_young_person_can_report_about_themselves(client):
    report(client, {**PUBLIC_ANSWERS, "how-you-know": {"relationship": "self"}})
    contact = Contact.objects.get()
    assert contact.source == codes.ReferralSource.INDIVIDUAL_SELF
    assert contact.referrer_relationship == "The child or young person"


def test_an_unborn_baby_is_kept_as_unborn_with_its_due_date(client):
    with time_machine.travel(datetime(2026, 3, 10, 12, 0, tzinfo=UTC), tick=False):
        answers = {
            **PUBLIC_ANSWERS,
            "child-age": {
                "child_age_known": "unborn",
                "child_expected_date_of_birth_0": "1",
                "child_expected_date_of_birth_1": "6",
                "child_expected_date_of_birth_2": "2026",
            },
        }
        report(client, answers)
    described = Contact.objects.get().child_as_described
    assert described["unborn"] is True
    assert described["expected_date_of_birth"] == "2026-06-01"
    assert "age" not in described and "date_of_birth" not in described


# --- Nothing lost -------------------------------------------------------------------------


def test_a_mistake_shows_the_gov_uk_errors_and_keeps_what_was_typed(client):
    fill(client, PUBLIC, {"child-name": PUBLIC_ANSWERS["child-name"]})
    response = client.post(
        f"{PUBLIC}/about-you", {"contact_me": "yes", "name": "Sam Example", "phone": "12"}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert summary_errors(response) == [public_services_phone_message()]
    assert errors(response) == [public_services_phone_message()]
    assert "<title>Error: Can we contact you?" in body
    assert 'value="Sam Example"' in body and 'value="12"' in body
    # Earlier answers are still there.
    assert 'value="Tobi"' in client.get(f"{PUBLIC}/child-name").content.decode()


def public_services_phone_message() -> str:
    from safeguard.front_door.forms_public import PHONE_INVALID

    return PHONE_INVALID


def test_going_back_shows_the_answers_already_given(client):
    fill(client, PUBLIC, {"worry": PUBLIC_ANSWERS["worry"], "danger": {"danger": "not_sure"}})
    assert "Tobi is often outside alone" in client.get(f"{PUBLIC}/worry").content.decode()
    assert 'value="not_sure" checked' in client.get(f"{PUBLIC}/danger").content.decode()


def test_the_check_page_sends_a_person_to_the_first_question_not_answered(client):
    fill(client, PUBLIC, {k: v for k, v in PUBLIC_ANSWERS.items() if k != "danger"})
    response = client.get(f"{PUBLIC}/check")
    assert response.status_code == 302 and response["Location"] == f"{PUBLIC}/danger"
    assert client.get(f"{PUBLIC}/check")["Location"] == f"{PUBLIC}/danger"


def test_the_check_page_reads_every_answer_back_with_a_link_to_change_it(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    body = client.get(f"{PUBLIC}/check").content.decode()
    for words in (
        "Tobi Marsh",
        "About 6 years old",
        "Flat 2, Larch Road, Northgate<br>NB1 2AB",
        "Northgate Primary",
        "No, not right now",
        "I am their neighbour",
        "Sam Example<br>07700 900 982",
    ):
        assert words in body
    assert f'href="{PUBLIC}/danger?change=check#id_danger_0"' in body


def test_changing_an_answer_returns_to_the_check_page(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    page = client.get(f"{PUBLIC}/danger?change=check").content.decode()
    assert f'<a href="{PUBLIC}/check" class="govuk-back-link">Back</a>' in page
    response = client.post(f"{PUBLIC}/danger?change=check", {"danger": "yes", "change": "check"})
    assert response["Location"] == f"{PUBLIC}/check"
    body = client.get(f"{PUBLIC}/check").content.decode()
    assert "Yes, the child is in danger right now" in body
    assert "Call 999 now if you have not already." in body


# --- Sent once ------------------------------------------------------------------------------


def test_a_double_click_stores_one_report_and_shows_the_same_reference(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    first = send(client, PUBLIC, key)
    reference = reference_shown(client, PUBLIC)
    second = send(client, PUBLIC, key)

    assert first["Location"] == second["Location"] == f"{PUBLIC}/sent"
    assert Contact.objects.count() == 1
    assert reference_shown(client, PUBLIC) == reference == Contact.objects.get().reference


def test_a_retry_whose_session_forgot_the_report_still_gets_its_reference(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    send(client, PUBLIC, key)
    reference = Contact.objects.get().reference
    session = client.session
    del session[views_public.PUBLIC_REPORT.sent_key]
    session.save()

    response = send(client, PUBLIC, key)
    assert response["Location"] == f"{PUBLIC}/sent"
    assert reference_shown(client, PUBLIC) == reference
    assert Contact.objects.count() == 1


def test_two_retries_racing_each_other_store_one_report(client):
    """The second request read the session before the first had finished: it sends again,
    and the one-time key makes it a replay."""
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    before_first_finished = dict(client.session.items())
    send(client, PUBLIC, key)
    reference = reference_shown(client, PUBLIC)
    session = client.session
    session.update(before_first_finished)
    session.save()

    response = send(client, PUBLIC, key)
    assert response["Location"] == f"{PUBLIC}/sent"
    assert Contact.objects.count() == 1
    assert reference_shown(client, PUBLIC) == reference
    assert ReportAttempt.objects.filter(outcome=ReportAttempt.Outcome.STORED).count() == 1


def test_a_report_sent_with_a_key_from_another_session_sends_nothing(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    response = send(client, PUBLIC, "made-up-key")
    assert response["Location"] == PUBLIC
    assert Contact.objects.count() == 0
    assert "Your answers were not kept" in client.get(PUBLIC).content.decode()


def test_a_new_report_after_sending_one_starts_empty_with_a_new_key(client):
    report(client)
    first_key = Contact.objects.get().idempotency_key
    assert 'value="Tobi"' not in client.get(f"{PUBLIC}/child-name").content.decode()
    report(client)
    assert Contact.objects.count() == 2
    assert Contact.objects.exclude(idempotency_key=first_key).count() == 1


def test_the_acknowledgement_without_a_report_sent_goes_back_to_the_start(client):
    assert client.get(f"{PUBLIC}/sent")["Location"] == PUBLIC
    assert client.get(f"{PUBLIC}/check")["Location"] == f"{PUBLIC}/child-name"


# --- A failing database ----------------------------------------------------------------------

DB_PROBLEM = (
    "Sorry, there is a problem with the service. Your report has not been sent yet. Try again"
)


def test_a_database_failure_while_sending_shows_the_answers_again_and_the_retry_stores_once(
    client,
):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    with mock.patch.object(
        case_services,
        "contact_record",
        side_effect=fails_once(case_services.contact_record, OperationalError("server closed")),
    ):
        failed = send(client, PUBLIC, key)

        assert failed.status_code == 503
        body = failed.content.decode()
        assert summary_errors(failed) == [DB_PROBLEM]
        assert "<title>Error: Check your answers" in body
        assert f'name="idempotency_key" value="{key}"' in body
        assert "Tobi Marsh" in body and "Sam Example" in body
        assert Contact.objects.count() == 0
        assert ReportAttempt.objects.count() == 0

        retried = send(client, PUBLIC, key)
    assert retried["Location"] == f"{PUBLIC}/sent"
    assert Contact.objects.count() == 1
    assert reference_shown(client, PUBLIC) == Contact.objects.get().reference
    assert send(client, PUBLIC, key)["Location"] == f"{PUBLIC}/sent"
    assert Contact.objects.count() == 1


def test_a_failure_after_the_contact_was_written_leaves_nothing_half_written(client):
    """The audit entry of the new contact fails: the contact written just before it is
    rolled back with it, and the retry stores it once."""
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    with mock.patch.object(
        case_services_base,
        "audit_record",
        side_effect=fails_once(case_services_base.audit_record, OperationalError("disk full")),
    ):
        failed = send(client, PUBLIC, key)
        assert failed.status_code == 503
        assert Contact.objects.count() == 0
        send(client, PUBLIC, key)
    assert Contact.objects.count() == 1


def test_a_report_stored_but_not_counted_for_the_limit_is_still_acknowledged(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    with mock.patch.object(
        ReportAttempt.objects, "create", side_effect=OperationalError("disk full")
    ):
        response = send(client, PUBLIC, key)
    assert response["Location"] == f"{PUBLIC}/sent"
    assert reference_shown(client, PUBLIC) == Contact.objects.get().reference
    assert ReportAttempt.objects.count() == 0


def test_a_deployment_without_a_front_door_team_says_the_service_has_a_problem(client, front_door):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    front_door.kind = front_door.Kind.ASSESSMENT
    front_door.save()
    response = send(client, PUBLIC, key)
    assert response.status_code == 503
    assert summary_errors(response) == [DB_PROBLEM]


# --- The hourly limit ------------------------------------------------------------------------


def test_a_sender_over_the_hourly_limit_is_asked_to_phone_and_nothing_is_stored(client, settings):
    settings.SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = 2
    report(client)
    report(client)
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    response = send(client, PUBLIC, check_page_key(client, PUBLIC))

    assert response.status_code == 429
    body = response.content.decode()
    assert "Call us to tell us about your worry" in body
    assert 'href="tel:01000000999"' in body and EMERGENCY in body
    assert Contact.objects.count() == 2
    assert list(ReportAttempt.objects.values_list("outcome", flat=True).order_by("pk")) == [
        "stored",
        "stored",
        "throttled",
    ]
    # The answers are kept, to send later.
    assert client.get(f"{PUBLIC}/check").status_code == 200


def test_the_limit_counts_each_sender_on_their_own(client, settings):
    settings.SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = 1
    report(client)
    other = Client(REMOTE_ADDR="192.0.2.44")
    report(other)
    assert Contact.objects.count() == 2


def test_the_limit_looks_back_one_hour(client, settings):
    settings.SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = 1
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=UTC), tick=False) as clock:
        report(client)
        clock.shift(timedelta(minutes=59))
        fill(client, PUBLIC, PUBLIC_ANSWERS)
        assert send(client, PUBLIC, check_page_key(client, PUBLIC)).status_code == 429
        clock.shift(timedelta(minutes=2))
        assert send(client, PUBLIC, check_page_key(client, PUBLIC)).status_code == 302
    assert Contact.objects.count() == 2


def test_a_retry_of_a_report_already_stored_is_never_refused_by_the_limit(client, settings):
    settings.SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = 1
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    before = dict(client.session.items())
    send(client, PUBLIC, key)
    session = client.session
    session.update(before)
    session.save()
    assert send(client, PUBLIC, key)["Location"] == f"{PUBLIC}/sent"
    assert not ReportAttempt.objects.filter(outcome="throttled").exists()


def test_the_sender_is_counted_by_a_keyed_hash_never_by_their_address(client):
    report(client)
    attempt = ReportAttempt.objects.get()
    assert attempt.sender_hash == sender_hash("127.0.0.1")
    assert "127.0.0.1" not in attempt.sender_hash
    assert len(attempt.sender_hash) == 64


# --- Bots ------------------------------------------------------------------------------------


def test_a_bot_filling_the_hidden_field_is_answered_as_if_sent_and_nothing_is_stored(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    key = check_page_key(client, PUBLIC)
    response = send(client, PUBLIC, key, website="https://spam.example")

    assert response["Location"] == f"{PUBLIC}/sent"
    reference = reference_shown(client, PUBLIC)
    assert reference.startswith("FD-") and len(reference) == 12
    assert Contact.objects.count() == 0
    assert ReportAttempt.objects.get().outcome == ReportAttempt.Outcome.SPAM
    # Its retry is answered the same way.
    send(client, PUBLIC, key, website="https://spam.example")
    assert reference_shown(client, PUBLIC) == reference
    assert Contact.objects.count() == 0


def test_the_hidden_field_filled_on_an_earlier_page_counts_too(client):
    fill(client, PUBLIC, PUBLIC_ANSWERS)
    client.post(f"{PUBLIC}/worry", {**PUBLIC_ANSWERS["worry"], "website": "x"})
    send(client, PUBLIC, check_page_key(client, PUBLIC))
    assert Contact.objects.count() == 0
    assert ReportAttempt.objects.get().outcome == "spam"


def test_a_report_sent_faster_than_a_person_could_is_treated_as_a_bot(client, settings):
    settings.SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS = 3
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=UTC), tick=False) as clock:
        fill(client, PUBLIC, PUBLIC_ANSWERS)
        clock.shift(timedelta(seconds=2.9))
        send(client, PUBLIC, check_page_key(client, PUBLIC))
    assert Contact.objects.count() == 0
    assert ReportAttempt.objects.get().outcome == "spam"


def test_a_report_sent_after_the_minimum_time_is_stored(client, settings):
    settings.SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS = 3
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=UTC), tick=False) as clock:
        fill(client, PUBLIC, PUBLIC_ANSWERS)
        clock.shift(timedelta(seconds=3))
        send(client, PUBLIC, check_page_key(client, PUBLIC))
    assert Contact.objects.count() == 1


def test_old_attempts_are_pruned_by_later_submissions(client):
    with time_machine.travel(datetime(2026, 3, 8, 9, 0, tzinfo=UTC), tick=False):
        report(client)
    with (
        time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=UTC), tick=False),
        mock.patch.object(public_services.secrets, "randbelow", return_value=0),
    ):
        report(client)
    assert [a.attempted_at.day for a in ReportAttempt.objects.all()] == [10]

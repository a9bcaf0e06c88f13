"""Partner concerns become contacts at the front door in the same request: linked, waiting
unmatched, or about a household's address; never a silent drop. And the partner reads back
the front door's feedback."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.agencies import services
from safeguard.agencies.models import PartnerEvent, PartnerSubmission
from safeguard.agencies.schemas import CHILD_REQUIRED_FOR_TYPE, HOUSEHOLD_NOT_IDENTIFIED
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.front_door.models import ReferrerFeedback
from safeguard.organisation.models import Team
from safeguard.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    ChildFactory,
    ResidenceFactory,
)

from .conftest import client_for
from .examples import submission

pytestmark = pytest.mark.django_db

CONCERN_TYPES = ["concern", "injury", "domestic_abuse_notification", "missing_episode"]
PASSED_TO_FRONT_DOOR = "Passed to the front door (multi-agency safeguarding hub) for a decision."


@pytest.fixture
def police(personas, linkage_model):
    organisation, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Northshire Police", kind="police"
    )
    return client_for(organisation)


def household(**event_fields):
    """A police domestic abuse notification naming only the address (no child)."""
    body = submission("domestic_abuse_notification")
    del body["child"]
    body["reference"] = "NP-DA-0001"
    body["event"].update(event_fields)
    return body


def living_at(address, **child_fields):
    child = ChildFactory(**child_fields)
    ResidenceFactory(person=child, address=address, start_date=date(2020, 1, 6))
    return child


# --- A concern about a named child --------------------------------------------------------------


@pytest.mark.parametrize("event_type", CONCERN_TYPES)
def test_each_concern_type_becomes_a_contact_whose_reference_the_partner_reads(
    event_type, partner, personas
):
    response = partner.post("/api/events", submission(event_type), HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201, response.content
    body = response.json()
    contact = Contact.objects.get()
    event = PartnerEvent.objects.get()
    assert body["contact_reference"] == contact.reference
    assert (body["status"], body["outcome"]) == ("linked", PASSED_TO_FRONT_DOOR)
    # In the front door's queue, about the linked child, undecided.
    assert contact.team == personas.front_door
    assert contact.decided_at is None
    assert contact.child_id == event.child_id is not None
    assert contact.route == codes.ContactRoute.PARTNER_API
    assert contact.source == codes.ReferralSource.SCHOOL
    assert contact.partner_organisation_id == partner.token.organisation_id
    assert contact.partner_submission_id == body["id"]
    assert contact.referrer_organisation == "Northgate Primary"
    assert contact.idempotency_key == f"submission:{body['id']}"
    assert contact.child_as_described["last_name"] == "Okonkwo-Test"
    assert contact.child_as_described["date_of_birth"] == "2016-04-12"
    assert contact.concerns.startswith(f"{event.get_event_type_display()} on ")
    assert "from Northgate Primary" in contact.concerns
    assert f"ref-{event_type}" in contact.concerns
    assert AuditEntry.objects.filter(
        action="create", object_type="cases.contact", object_id=str(contact.pk)
    ).exists()

    read = partner.get(f"/api/submissions/{body['id']}").json()
    assert read["contact_reference"] == contact.reference
    assert read["outcome"] == PASSED_TO_FRONT_DOOR

    # A retry with the same key answers from the first: no second contact.
    again = partner.post("/api/events", submission(event_type), HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.json() == body
    assert Contact.objects.count() == 1


def test_the_contact_carries_what_the_partner_said_about_the_event(partner):
    body = submission("missing_episode")
    partner.post("/api/events", body)
    concerns = Contact.objects.get().concerns
    assert concerns.splitlines()[0] == (
        "Missing from home or care on 16 October 2025, from Northgate Primary."
    )
    assert "Missing from: home" in concerns
    assert "Went missing: 16 October 2025 19:30" in concerns
    assert "Where found: A friend's flat in town" in concerns
    assert "Police reference: NP-2025-014" in concerns


def test_an_event_the_partner_marks_significant_becomes_a_contact(partner):
    body = submission("exclusion")
    body["event"]["significant"] = True
    reply = partner.post("/api/events", body).json()
    contact = Contact.objects.get()
    assert reply["contact_reference"] == contact.reference
    assert "The partner marked this significant." in contact.concerns


def test_an_event_that_is_not_a_concern_makes_no_contact(partner):
    reply = partner.post("/api/events", submission("attendance_concern")).json()
    assert reply["contact_reference"] is None
    assert not Contact.objects.exists()
    read = partner.get(f"/api/submissions/{reply['id']}").json()
    assert read["contact_reference"] is None


@pytest.mark.parametrize(
    ("kind", "source"),
    [
        ("school", "2A"),
        ("gp", "3A"),
        ("health_visiting", "3B"),
        ("school_nursing", "3C"),
        ("hospital", "3E"),
        ("police", "6"),
        ("housing", "4"),
        ("probation", "7"),
        ("early_years", "8"),
        ("other", "8"),
    ],
)
def test_the_contact_source_is_the_census_source_of_the_partner_kind(
    kind, source, personas, linkage_model
):
    organisation, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name=f"A {kind}", kind=kind
    )
    client_for(organisation).post("/api/events", submission("concern"))
    assert Contact.objects.get().source == source


def test_a_concern_about_a_known_allocated_child_is_matched_to_them(partner, personas):
    child = personas.own_child
    body = submission(
        "concern",
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth.isoformat(),
        postcode="",
        address_line="",
    )
    partner.post("/api/events", body)
    assert Contact.objects.get().child == child


# --- A child who cannot be linked: never a silent drop ----------------------------------------


def test_a_concern_linkage_sends_for_review_waits_unmatched_then_the_reviewer_matches_it(
    school, personas
):
    from safeguard.agencies.linkage.models import MatchReview
    from safeguard.agencies.linkage.services import match_review_confirm
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model

    install_fixture_model(link_threshold=0.9999999, review_threshold=0.01)
    partner = client_for(school)
    child = personas.own_child
    body = submission(
        "concern",
        first_name="Own",
        last_name=child.last_name,
        date_of_birth=child.date_of_birth.isoformat(),
        postcode="",
        address_line="",
    )
    reply = partner.post("/api/events", body).json()
    assert reply["status"] == "awaiting_review"
    assert reply["outcome"] == PASSED_TO_FRONT_DOOR
    contact = Contact.objects.get()
    assert reply["contact_reference"] == contact.reference
    review = MatchReview.objects.get()
    # Waiting in the front door's queue, unmatched, with what the school said.
    assert (contact.child, contact.match_review_id) == (None, review.pk)
    assert contact.team == personas.front_door and contact.decided_at is None
    assert contact.child_as_described["first_name"] == "Own"

    match_review_confirm(review=review, decided_by=personas.front_door_worker, reason="Same")

    contact.refresh_from_db()
    assert (contact.child, contact.match_review_id) == (child, None)
    assert PartnerEvent.objects.get().child == child
    # Still with the front door: the review does not decide a concern.
    read = partner.get(f"/api/submissions/{reply['id']}").json()
    assert (read["status"], read["outcome"]) == ("linked", PASSED_TO_FRONT_DOOR)


def test_a_concern_still_becomes_a_contact_when_linkage_cannot_run(school, personas):
    partner = client_for(school)  # no linkage model installed
    response = partner.post("/api/events", submission("injury"))
    assert response.status_code == 201, response.content
    contact = Contact.objects.get()
    assert response.json()["contact_reference"] == contact.reference
    assert (contact.child, contact.match_review_id) == (None, None)
    assert contact.child_as_described["last_name"] == "Okonkwo-Test"
    assert contact.team == personas.front_door
    assert PartnerEvent.objects.get().child is None


def test_without_a_front_door_team_a_concern_is_refused_and_nothing_is_stored(partner, personas):
    Team.objects.filter(pk=personas.front_door.pk).update(kind=Team.Kind.ASSESSMENT)
    response = partner.post("/api/events", submission("concern"))
    assert response.status_code == 503
    assert "Phone the front door now" in response.json()["detail"]
    assert not PartnerSubmission.objects.exists()
    assert not Contact.objects.exists()


# --- A notification about a household ---------------------------------------------------------


def test_an_address_with_two_children_makes_a_contact_for_each(police, personas):
    home = AddressFactory(line_1="12 Example Road", postcode="NB1 2AB")
    first, second = living_at(home), living_at(home)
    moved_away = ChildFactory()
    ResidenceFactory(
        person=moved_away, address=home, start_date=date(2019, 1, 7), end_date=date(2024, 1, 5)
    )
    AdultFactory()  # adults living there are not contacts
    response = police.post("/api/events", household())
    assert response.status_code == 201, response.content
    reply = response.json()
    contacts = list(Contact.objects.order_by("pk"))
    assert [c.child for c in contacts] == [first, second]
    for contact in contacts:
        assert contact.team == personas.front_door and contact.decided_at is None
        assert (contact.address_line, contact.postcode) == ("12 Example Road", "NB1 2AB")
        assert contact.source == codes.ReferralSource.POLICE
        assert "About the household at 12 Example Road, NB1 2AB" in contact.concerns
    # One reference: the reply does not tell the police how many children live there.
    assert reply["contact_reference"] == contacts[0].reference
    assert reply["status"] == "received" and reply["outcome"] == PASSED_TO_FRONT_DOOR
    # Stored for the chronology without a child, as any household notification is.
    event = PartnerEvent.objects.get()
    assert event.child is None and event.postcode == "NB1 2AB"


def test_an_address_where_no_known_child_lives_makes_one_contact_to_resolve(police, personas):
    living_at(AddressFactory(line_1="14 Example Road", postcode="NB1 2AB"))  # next door
    reply = police.post("/api/events", household()).json()
    contact = Contact.objects.get()
    assert reply["contact_reference"] == contact.reference
    assert contact.child is None
    assert (contact.address_line, contact.postcode) == ("12 Example Road", "NB1 2AB")
    assert contact.team == personas.front_door


def test_a_notification_naming_only_adults_finds_the_children_at_their_home(police):
    home = AddressFactory(line_1="3 Ash Close", postcode="NB2 4CD")
    child = living_at(home)
    adult = AdultFactory(first_name="Dan", last_name="Brook-Test", date_of_birth=date(1990, 2, 3))
    ResidenceFactory(person=adult, address=home, start_date=date(2020, 1, 6))
    body = submission("household_member_arrest")
    del body["child"]
    body["adults"] = [
        {
            "first_name": "Dan",
            "last_name": "Brook-Test",
            "date_of_birth": "1990-02-03",
            "role": "arrested",
        }
    ]
    response = police.post("/api/events", body)
    assert response.status_code == 201, response.content
    contact = Contact.objects.get()
    assert contact.child == child
    assert contact.household_as_described == [
        {"name": "Dan Brook-Test", "relationship": "arrested", "date_of_birth": "1990-02-03"}
    ]
    assert "About the household of the adults named" in contact.concerns


def test_a_concern_may_name_a_household_by_its_address(police):
    child = living_at(AddressFactory(line_1="12 Example Road", postcode="NB1 2AB"))
    body = submission("concern")
    del body["child"]
    body["event"].update(address_line="12, Example Road", postcode="nb12ab", harm_type="neglect")
    assert police.post("/api/events", body).status_code == 201
    assert Contact.objects.get().child == child


def test_without_a_child_an_event_about_one_child_is_refused(police):
    body = submission("injury")
    del body["child"]
    response = police.post("/api/events", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [f"child: {CHILD_REQUIRED_FOR_TYPE}"]
    assert not PartnerSubmission.objects.exists()


def test_without_a_child_a_household_needs_its_address_or_adults(police):
    body = submission("concern")
    del body["child"]
    response = police.post("/api/events", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [f"child: {HOUSEHOLD_NOT_IDENTIFIED}"]
    assert not Contact.objects.exists()


# --- Bulk and files ---------------------------------------------------------------------------


def test_concern_rows_of_a_bulk_request_each_make_a_contact(partner):
    rows = [
        submission("attendance_concern"),
        submission("concern", last_name="Second-Test"),
        submission("injury", last_name="Third-Test"),
    ]
    report = partner.post("/api/events/bulk", {"rows": rows}).json()
    contacts = {c.partner_submission_id: c for c in Contact.objects.all()}
    assert len(contacts) == 2
    assert report["rows"][0]["contact_reference"] is None
    for row in report["rows"][1:]:
        contact = contacts[row["submission_id"]]
        assert row["contact_reference"] == contact.reference
        assert contact.route == codes.ContactRoute.PARTNER_FILE
        assert contact.child is not None


def test_a_row_the_front_door_cannot_receive_is_rejected_and_the_rest_stored(partner, personas):
    Team.objects.filter(pk=personas.front_door.pk).update(kind=Team.Kind.ASSESSMENT)
    rows = [submission("attendance_concern"), submission("concern", last_name="Second-Test")]
    report = partner.post("/api/events/bulk", {"rows": rows}).json()
    assert [r["stored"] for r in report["rows"]] == [True, False]
    assert "front door" in report["rows"][1]["errors"][0]
    assert PartnerSubmission.objects.count() == 1
    assert not Contact.objects.exists()


def test_a_file_without_linkage_keeps_its_concerns_and_reports_the_other_rows(school):
    rows = [submission("attendance_concern"), submission("concern", last_name="Second-Test")]
    result = services.batch_receive(organisation=school, rows=rows, file_name="night.jsonl")
    report = result.batch.report
    assert [r["stored"] for r in report["rows"]] == [False, True]
    assert report["rows"][0]["errors"] == [services.LINKAGE_UNAVAILABLE_FOR_ROW]
    contact = Contact.objects.get()
    assert contact.child is None and contact.route == codes.ContactRoute.PARTNER_FILE


def test_a_household_row_in_a_csv_file_needs_no_child_columns(police, personas):
    from safeguard.agencies.extracts import read_extract

    child = living_at(AddressFactory(line_1="12 Example Road", postcode="NB1 2AB"))
    csv_text = (
        "reference,event_type,incident_date,address_line,postcode,risk_level\n"
        "NP-1,domestic_abuse_notification,2025-10-18,12 Example Road,NB1 2AB,high\n"
    )
    rows = [row for _, row in read_extract(csv_text.encode(), file_format="csv")]
    organisation = police.token.organisation
    report = services.batch_receive(organisation=organisation, rows=rows).batch.report
    assert report["stored"] == 1, report
    assert Contact.objects.get().child == child


# --- Feedback to the partner ------------------------------------------------------------------


def _feedback(contact, outcome, personas):
    from safeguard.front_door.services import referrer_feedback_give

    return referrer_feedback_give(
        contact=contact,
        outcome=outcome,
        method=ReferrerFeedback.Method.PARTNER_SYSTEM,
        given_by=personas.front_door_worker.worker,
    )


def _decide(contact, decision, personas):
    from django.utils import timezone

    from safeguard.cases.services import contact_decide

    return contact_decide(
        contact=contact,
        decision=decision,
        decided_at=timezone.now(),
        decided_by=personas.front_door_worker.worker,
        rationale="Fictional rationale for a test.",
    )


def test_the_feedback_hook_is_registered_with_the_front_door():
    from safeguard.front_door.services import FEEDBACK_GIVEN_HOOKS

    assert services.submissions_on_feedback_given in FEEDBACK_GIVEN_HOOKS


@pytest.mark.parametrize(
    ("decision", "feedback", "told"),
    [
        ("no_further_action", "no_further_action", "Considered; no further action."),
        (
            "advice_and_information",
            "advice",
            "Considered by the front door; advice and information about services that can "
            "help were given.",
        ),
        ("early_help", "early_help", "Passed to early help, who will offer the family support."),
        ("referral", "referral", "Accepted as a referral to children's social care."),
    ],
)
def test_the_partner_reads_the_front_doors_feedback_in_fixed_words(
    decision, feedback, told, partner, personas
):
    reply = partner.post("/api/events", submission("concern")).json()
    contact = Contact.objects.get()
    contact = _decide(contact, decision, personas)
    given = _feedback(contact, feedback, personas)
    read = partner.get(f"/api/submissions/{reply['id']}").json()
    assert (read["status"], read["outcome"]) == ("decided", told)
    assert read["decided_at"] is not None
    assert PartnerSubmission.objects.get().decided_at == given.given_at


def test_more_information_keeps_the_submission_open(partner, personas):
    reply = partner.post("/api/events", submission("concern")).json()
    _feedback(Contact.objects.get(), "more_information", personas)
    read = partner.get(f"/api/submissions/{reply['id']}").json()
    assert read["status"] == "linked" and read["decided_at"] is None
    assert read["outcome"] == (
        "Still being considered by the front door, which may contact you for more information."
    )


def test_a_household_notification_is_decided_when_every_child_has_feedback(police, personas):
    home = AddressFactory(line_1="12 Example Road", postcode="NB1 2AB")
    living_at(home), living_at(home)
    reply = police.post("/api/events", household()).json()
    first, second = Contact.objects.order_by("pk")
    _feedback(_decide(first, "no_further_action", personas), "no_further_action", personas)
    read = police.get(f"/api/submissions/{reply['id']}").json()
    assert read["status"] == "received"
    assert read["outcome"] == "Considered; no further action."
    _feedback(_decide(second, "referral", personas), "referral", personas)
    read = police.get(f"/api/submissions/{reply['id']}").json()
    # The weightiest outcome of the two.
    assert (read["status"], read["outcome"]) == (
        "decided",
        "Accepted as a referral to children's social care.",
    )

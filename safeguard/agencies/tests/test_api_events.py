"""POST /api/events: every event type, bad input, idempotent retries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safeguard.agencies.models import PartnerEvent, PartnerEventAdult, PartnerSubmission
from safeguard.audit.models import AuditEntry
from safeguard.people.identifiers import nhs_number_from_seed
from safeguard.people.models import Person

from .examples import EVENTS, REQUIRED, submission

pytestmark = pytest.mark.django_db

OCCURRED_ON = {
    "attendance_concern": date(2025, 10, 17),
    "child_missing_education": date(2025, 10, 1),
    "removed_from_roll": date(2025, 10, 20),
    "elective_home_education": date(2025, 10, 14),
    "exclusion": date(2025, 10, 6),
    "missed_health_appointment": date(2025, 10, 2),
    "emergency_department_attendance": date(2025, 10, 11),
    "injury": date(2025, 10, 12),
    "weight_or_development_concern": date(2025, 9, 30),
    "domestic_abuse_notification": date(2025, 10, 18),
    "police_protection": date(2025, 10, 19),
    "household_member_arrest": date(2025, 10, 15),
    "eviction": date(2025, 10, 1),
    "concern": date(2025, 10, 10),
    "missing_episode": date(2025, 10, 16),
}


def test_every_event_type_has_an_example_and_a_required_field():
    assert set(EVENTS) == set(PartnerEvent.EventType.values) == set(REQUIRED) == set(OCCURRED_ON)


@pytest.mark.parametrize("event_type", sorted(EVENTS))
def test_each_event_type_is_stored_with_its_own_fields(event_type, partner):
    response = partner.post("/api/events", submission(event_type))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == f"ref-{event_type}"
    assert body["status"] in ("linked", "decided", "awaiting_review")
    stored = PartnerSubmission.objects.get(pk=body["id"])
    event = stored.events.get()
    assert (event.event_type, event.occurred_on) == (event_type, OCCURRED_ON[event_type])
    assert event.organisation == partner.token.organisation
    expected_details = {k: v for k, v in EVENTS[event_type].items() if k != "summary"}
    for key, value in expected_details.items():
        if key in ("attended_at", "taken_at"):
            continue  # normalised to ISO 8601 with its offset
        assert event.details[key] == value, key
    # An unknown child (no one like them is held) becomes a new person and is linked.
    assert event.child is not None
    assert event.child.last_name == "Okonkwo-Test"
    entry = AuditEntry.objects.get(object_type="agencies.partnersubmission", object_id=stored.pk)
    assert entry.action == "create" and entry.child_id == event.child_id
    assert entry.details["event_type"] == event_type
    assert entry.details["organisation"] == partner.token.organisation.pk


def test_the_address_of_an_address_event_is_stored_normalised(partner):
    body = submission("domestic_abuse_notification")
    body["event"]["postcode"] = "nb12ab"
    assert partner.post("/api/events", body).status_code == 201
    event = PartnerEvent.objects.get()
    assert (event.postcode, event.address_line) == ("NB1 2AB", "12 Example Road")
    assert event.significant, "a domestic abuse notification is always significant"


def test_the_partner_may_mark_an_event_significant(partner):
    body = submission("missed_health_appointment")
    assert partner.post("/api/events", body).status_code == 201
    body = submission("missed_health_appointment")
    body["event"]["significant"] = True
    assert partner.post("/api/events", body).status_code == 201
    assert [e.significant for e in PartnerEvent.objects.order_by("pk")] == [False, True]


@pytest.mark.parametrize("event_type", sorted(EVENTS))
def test_a_missing_required_field_is_named_and_nothing_is_stored(event_type, partner):
    people = Person.objects.count()
    body = submission(event_type)
    del body["event"][REQUIRED[event_type]]
    response = partner.post("/api/events", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert f"event.{event_type}.{REQUIRED[event_type]}: Field required" in errors
    assert not PartnerSubmission.objects.exists()
    assert not PartnerEvent.objects.exists()
    assert Person.objects.count() == people
    entry = AuditEntry.objects.latest("sequence")
    assert entry.details["outcome"] == "invalid input"
    assert entry.details["fields"] == [f"event.{event_type}.{REQUIRED[event_type]}"]


@pytest.mark.parametrize(
    "change,error",
    [
        (
            {"child": {"last_name": "", "date_of_birth": "2016-04-12"}},
            "child.last_name: String should have at least 1 character",
        ),
        (
            {"child": {"last_name": "Smith"}},
            "child: Give the child's date of birth, NHS number or unique pupil number with their "
            "last name, so they can be matched to the right record",
        ),
        (
            {"child": {"last_name": "Smith", "nhs_number": "943 476 5910"}},
            "child.nhs_number: The check digit of this NHS number is wrong: check it was copied "
            "correctly",
        ),
        (
            {"child": {"last_name": "Smith", "upn": "A123"}},
            "child.upn: A unique pupil number has 13 characters; this one has 4",
        ),
        (
            {"child": {"last_name": "Smith", "date_of_birth": "2016-04-12", "postcode": "XYZ"}},
            "child.postcode: Enter a full UK postcode, like NB1 2AB",
        ),
        (
            {"child": {"last_name": "Smith", "date_of_birth": "2016-04-12", "sex": "X"}},
            "child.sex: Input should be 'M', 'F', 'U' or ''",
        ),
        (
            {"child": {"last_name": "Sm\x00ith", "date_of_birth": "2016-04-12"}},
            "child.last_name: Remove control characters (such as tabs or NUL) from this text",
        ),
        (
            {"child": {"last_name": "Smith", "date_of_birth": "2016-04-12", "nickname": "S"}},
            "child.nickname: Extra inputs are not permitted",
        ),
    ],
)
def test_a_bad_child_is_refused_naming_the_field(change, error, partner):
    body = submission("concern")
    body["child"] = change["child"]
    response = partner.post("/api/events", body)
    assert response.status_code == 422
    assert error in response.json()["errors"]
    assert not PartnerSubmission.objects.exists()


def test_a_date_in_the_future_is_refused(partner):
    body = submission("removed_from_roll")
    body["event"]["date_removed"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = partner.post("/api/events", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        "event.removed_from_roll.date_removed: This date is in the future: give the date it "
        "happened"
    ]


def test_an_unknown_event_type_is_refused(partner):
    body = submission("concern")
    body["event"]["event_type"] = "burglary"
    response = partner.post("/api/events", body)
    assert response.status_code == 422
    assert "event: Input tag 'burglary' found using 'event_type'" in response.json()["errors"][0]


def test_a_suspension_needs_its_number_of_days(partner):
    body = submission("exclusion")
    del body["event"]["days"]
    response = partner.post("/api/events", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        "event.exclusion: A suspension needs the number of school days (days)"
    ]


def test_a_body_that_is_not_json_is_refused(partner):
    response = partner.client.post(
        "/api/events",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {partner.secret}",
    )
    assert 400 <= response.status_code < 500
    assert not PartnerSubmission.objects.exists()


def test_a_retry_with_the_same_idempotency_key_counts_once(partner):
    body = submission("missed_health_appointment")
    first = partner.post("/api/events", body, HTTP_IDEMPOTENCY_KEY="abc-123")
    again = partner.post("/api/events", body, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert PartnerSubmission.objects.count() == 1
    assert PartnerEvent.objects.count() == 1
    replay = AuditEntry.objects.latest("sequence")
    assert replay.details["outcome"] == "retry answered from the first submission"


def test_the_same_key_with_different_content_is_refused(partner):
    partner.post("/api/events", submission("injury"), HTTP_IDEMPOTENCY_KEY="k1")
    changed = submission("injury")
    changed["event"]["description"] = "Bruising to the face"
    response = partner.post("/api/events", changed, HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Idempotency-Key: this key was already used")
    assert PartnerEvent.objects.count() == 1


def test_without_a_key_each_request_is_a_new_submission(partner):
    partner.post("/api/events", submission("injury"))
    partner.post("/api/events", submission("injury"))
    assert PartnerSubmission.objects.count() == 2


def test_keys_are_per_organisation(partner, personas):
    from safeguard.agencies import services

    from .conftest import client_for

    gp, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Southgate GP", kind="gp"
    )
    other = client_for(gp)
    partner.post("/api/events", submission("injury"), HTTP_IDEMPOTENCY_KEY="same")
    response = other.post("/api/events", submission("injury"), HTTP_IDEMPOTENCY_KEY="same")
    assert response.status_code == 201
    assert PartnerSubmission.objects.count() == 2


def test_a_known_child_is_linked_despite_a_misspelt_first_name(partner, personas):
    nhs = nhs_number_from_seed(41)
    child = personas.own_child
    child.nhs_number = nhs
    child.save()
    body = submission(
        "missed_health_appointment",
        first_name="Ownn",
        last_name=child.last_name,
        date_of_birth=child.date_of_birth.isoformat(),
        nhs_number=nhs,
        postcode="",
        address_line="",
    )
    response = partner.post("/api/events", body)
    assert response.status_code == 201
    assert PartnerEvent.objects.get().child == child


def test_adults_at_the_address_are_linked_and_kept_with_their_role(partner):
    body = submission("household_member_arrest")
    body["adults"] = [
        {
            "first_name": "Dan",
            "last_name": "Brook-Test",
            "date_of_birth": "1990-02-03",
            "role": "arrested",
        }
    ]
    assert partner.post("/api/events", body).status_code == 201
    adult = PartnerEventAdult.objects.get()
    assert adult.role == "arrested"
    assert adult.person is not None and adult.person.last_name == "Brook-Test"


def test_an_adult_needs_a_last_name(partner):
    body = submission("household_member_arrest")
    body["adults"] = [{"first_name": "Dan", "role": "arrested"}]
    response = partner.post("/api/events", body)
    assert response.status_code == 422
    assert "adults.0.last_name: Field required" in response.json()["errors"]


def test_without_a_linkage_model_nothing_is_stored_and_the_partner_is_told(school):
    from .conftest import client_for

    partner = client_for(school)  # no linkage model installed
    # Not a concern: a concern is stored for the front door (test_concerns.py).
    response = partner.post("/api/events", submission("attendance_concern"))
    assert response.status_code == 503
    assert "phone the front door" in response.json()["detail"]
    assert not PartnerSubmission.objects.exists()

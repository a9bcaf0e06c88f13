"""Recording a phone call, email or visit as a contact: find the child or describe them (an
unborn child too), what the person said, check your answers, and the reference to read back.

Time is frozen at noon on Friday 14 March 2025.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from safeguard.cases.models import Contact

LONDON = ZoneInfo("Europe/London")
NEW = "/front-door/contacts/new"
DETAILS = "/front-door/contacts/new/details"
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')
REFERENCE = re.compile(r"FD-[0-9A-Z]{4}-[0-9A-Z]{4}")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def answers(**overrides: Any) -> dict[str, Any]:
    """A neighbour's phone call about a child they know by first name and age."""
    data = {
        "route": "phone",
        "first_name": "Tobi",
        "last_name": "",
        "born": "yes",
        "age": "about 6",
        "postcode": "zz99 1aa",
        "household": "Sam Example, mother\nJo Example",
        "referrer": "Alex Neighbour",
        "referrer_phone": "0100 000 0003",
        "referrer_relationship": "neighbour",
        "source": "1B",
        "consent": "not_sought",
        "consent_reason": "Afraid of the family's reaction.",
        "concerns": "Fictional: the child is often left alone at night.",
        "actions_taken": "None yet.",
        "urgency": "today",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def check(client: Any, data: dict[str, Any], path: str = DETAILS) -> Any:
    response = client.post(path, data)
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert "Check your answers" in response.content.decode()
    return response


def confirm(client: Any, check_page: Any, path: str = DETAILS) -> Any:
    token = TOKEN.search(check_page.content.decode())
    assert token is not None
    return client.post(path, {"submission_token": token.group(1), "confirm": "yes"})


def banner(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_phone_call_about_an_unknown_child_is_recorded_and_its_reference_given(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    assert client.get(NEW).status_code == 200
    assert client.get(DETAILS).status_code == 200

    check_page = check(client, answers())
    page = check_page.content.decode()
    assert "Tobi" in page and "Alex Neighbour" in page and "Afraid of the family" in page
    assert not Contact.objects.exists()

    response = confirm(client, check_page)

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("front_door:contact", args=[contact.pk])
    assert banner(response) == [
        f"Contact recorded. Give the caller its reference: {contact.reference}"
    ]
    assert REFERENCE.fullmatch(contact.reference)
    assert contact.child is None and contact.team == personas.front_door
    assert (contact.route, contact.source, contact.urgency, contact.consent) == (
        "phone",
        "1B",
        "today",
        "not_sought",
    )
    assert contact.child_as_described == {
        "first_name": "Tobi",
        "age": "about 6",
        "postcode": "ZZ99 1AA",
    }
    assert contact.household_as_described == [
        {"name": "Sam Example", "relationship": "mother"},
        {"name": "Jo Example"},
    ]
    assert (contact.referrer, contact.referrer_phone, contact.referrer_relationship) == (
        "Alex Neighbour",
        "0100 000 0003",
        "neighbour",
    )
    assert contact.actions_taken == "None yet."
    # It waits in the queue, not yet identified.
    queue = client.get("/front-door").content.decode()
    assert contact.reference in queue and "Child not yet identified" in queue


def test_an_unborn_child_is_described_with_the_expected_date(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    data = answers(
        born="no",
        first_name="",
        last_name="Example",
        age=None,
        expected_date_of_birth_0="20",
        expected_date_of_birth_1="6",
        expected_date_of_birth_2="2025",
        route="email",
    )

    confirm(client, check(client, data))

    contact = Contact.objects.get()
    assert contact.child_as_described == {
        "last_name": "Example",
        "postcode": "ZZ99 1AA",
        "unborn": True,
        "expected_date_of_birth": "2025-06-20",
    }
    assert contact.route == "email"


def test_a_child_found_by_the_search_is_the_contacts_child(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    search = urlencode({"name": "Own Child"})
    found = client.get(f"{NEW}?{search}").content.decode()
    choose = f"{DETAILS}?child={personas.own_child.pk}&amp;search=name%3DOwn%2BChild"
    assert choose in found
    path = f"{DETAILS}?child={personas.own_child.pk}&search={urlencode({'x': search})[2:]}"
    form = client.get(path).content.decode()
    assert "Own Child" in form and "Child&#x27;s first name" not in form

    data = {
        k: v
        for k, v in answers(child=personas.own_child.pk, search=search).items()
        if k not in ("first_name", "last_name", "born", "age", "postcode", "household")
    }
    response = confirm(client, check(client, data))

    contact = Contact.objects.get()
    assert contact.child == personas.own_child
    assert contact.child_as_described == {} and contact.household_as_described == []
    assert response["Location"] == reverse("front_door:contact", args=[contact.pk])


def test_a_child_not_shown_by_the_search_cannot_be_chosen(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    search = urlencode({"name": "Own Child"})

    response = client.post(DETAILS, answers(child=personas.restricted_child.pk, search=search))

    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_missing_answers_are_explained_and_nothing_is_recorded(personas, sign_in):
    client = sign_in(personas.front_door_worker)

    response = client.post(
        DETAILS,
        answers(referrer="", concerns="", urgency=None, born="no", referrer_email="not an email"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    for message in (
        "Enter the person&#x27;s name, or say they did not want to give it",
        "Enter what the worry is",
        "Select how urgent it is",
        "Enter the expected date of birth",
        "Enter an email address in the correct format",
    ):
        assert message in page, message
    assert 'value="0100 000 0003"' in page  # what was typed is kept
    assert not Contact.objects.exists()


def test_an_anonymous_caller_needs_no_name(personas, sign_in):
    client = sign_in(personas.front_door_worker)

    confirm(client, check(client, answers(referrer="", referrer_anonymous="on")))

    contact = Contact.objects.get()
    assert contact.referrer_anonymous and contact.referrer == ""


def test_change_reopens_the_form_with_the_answers_given(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    check_page = check(client, answers()).content.decode()
    change = re.search(
        r'href="(/front-door/contacts/new/details\?change=[^"#]+)#id_concerns"', check_page
    )
    assert change is not None

    form = client.get(change.group(1)).content.decode()

    assert "Fictional: the child is often left alone at night." in form
    assert 'value="Alex Neighbour"' in form and "There is a problem" not in form


def test_a_double_click_on_record_stores_one_contact(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    check_page = check(client, answers())

    first = confirm(client, check_page)
    second = confirm(client, check_page)

    contact = Contact.objects.get()
    assert first["Location"] == second["Location"]
    assert banner(second)[-1] == (
        "This was already recorded. It has been recorded once. "
        f"Its reference is {contact.reference}."
    )


def test_confirming_answers_that_were_not_kept_records_nothing(personas, sign_in):
    response = sign_in(personas.front_door_worker).post(
        DETAILS, {"submission_token": "made-up", "confirm": "yes"}
    )

    assert response.status_code == 302 and response["Location"] == NEW
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("front_door_worker", 200),
        ("team_manager", 200),
        ("social_worker", 403),
        ("conference_chair", 403),
        ("auditor", 403),
        ("partner_user", 403),
    ],
)
def test_recording_a_contact_is_the_front_doors_work(personas, sign_in, role, status):
    client = sign_in(getattr(personas, role))

    assert client.get(NEW).status_code == status
    assert client.get(DETAILS).status_code == status


def test_a_half_written_contact_is_kept_as_a_draft_and_comes_back(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    form = client.get(DETAILS).content.decode()
    assert 'hx-post="/drafts/contact-new-child-not-found"' in form

    saved = client.post(
        "/drafts/contact-new-child-not-found",
        {"first_name": "Tobi", "concerns": "Fictional: left alone at night."},
    )
    assert saved.status_code == 200

    again = client.get(DETAILS).content.decode()
    assert "We restored the draft you were writing." in again
    assert 'value="Tobi"' in again and "Fictional: left alone at night." in again


def test_recording_the_contact_discards_its_draft(personas, sign_in):
    from safeguard.common.models import Draft

    client = sign_in(personas.front_door_worker)
    client.post("/drafts/contact-new-child-not-found", {"first_name": "Tobi"})
    assert Draft.objects.filter(form_key="contact-new-child-not-found").exists()

    confirm(client, check(client, answers()))

    assert Contact.objects.count() == 1
    assert not Draft.objects.filter(form_key="contact-new-child-not-found").exists()
    assert "We restored the draft" not in client.get(DETAILS).content.decode()


def test_a_draft_about_one_child_does_not_come_back_for_another(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    client.post("/drafts/contact-new-child-not-found", {"first_name": "Tobi"})
    search = urlencode({"name": "Own Child"})
    path = f"{DETAILS}?child={personas.own_child.pk}&search={urlencode({'x': search})[2:]}"
    form = client.get(path).content.decode()
    assert "We restored the draft" not in form
    assert f'hx-post="/drafts/contact-new-{personas.own_child.pk}"' in form

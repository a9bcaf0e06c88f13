"""The MASH's pages: the queue, the contact page, matching the child, the RAG rating, consent,
information requests, the decision (check your answers, one-time confirmation) and feedback,
and who may open each.

Time is frozen at noon on Friday 14 March 2025.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import resolve, reverse

from safeguard.agencies.models import PartnerOrganisation
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Contact, ManagementDecision, Referral
from safeguard.cases.tests.factories import ContactFactory
from safeguard.cases.views.actions.flow import ALREADY_RECORDED, ANSWERS_NOT_KEPT
from safeguard.front_door import selectors
from safeguard.front_door.models import ContactRating, InformationRequest, ReferrerFeedback
from safeguard.front_door.tests.mash_support import (
    CONSENT_REFUSED,
    front_door_manager,
    information_request_about,
    unmatched_contact,
    waiting_contact,
)
from safeguard.people.models import Person

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 14)
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def manager(personas, django_user_model):
    return front_door_manager(personas, django_user_model)


def check_answers(client: Any, url: str, data: dict[str, Any]) -> Any:
    response = client.post(url, data)
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert "Check your answers" in response.content.decode()
    return response


def confirm(client: Any, url: str, check_page: Any) -> Any:
    token = TOKEN.search(check_page.content.decode())
    assert token is not None
    return client.post(url, {"submission_token": token.group(1), "confirm": "yes"})


def post_form(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Open the form (for its one-time token) and post it."""
    token = TOKEN.search(client.get(url).content.decode())
    assert token is not None
    return client.post(url, {**data, "submission_token": token.group(1)})


def banner(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def day(name: str, on: date) -> dict[str, str]:
    return {f"{name}_0": str(on.day), f"{name}_1": str(on.month), f"{name}_2": str(on.year)}


def _contact(personas: Any, received: datetime, **kwargs: Any) -> Contact:
    if kwargs.get("referred"):
        kwargs.setdefault("decided_at", received)
    return waiting_contact(personas, received_at=received, **kwargs)


def url(name: str, contact: Contact, *more: Any) -> str:
    return reverse(f"front_door:{name}", args=[contact.pk, *more])


# --- The queue --------------------------------------------------------------------------------


def test_the_queue_lists_contacts_awaiting_a_decision_with_their_clocks_and_counts(
    personas, sign_in
):
    _contact(personas, datetime(2025, 3, 13, 10, tzinfo=UTC), referrer="Newer one")
    _contact(personas, datetime(2025, 3, 10, 10, tzinfo=UTC), referrer="Older one")
    _contact(personas, datetime(2025, 3, 10, 9, tzinfo=UTC), referrer="Decided", referred=True)
    ContactFactory(child=personas.own_child, team=personas.team, referrer="Another team")

    response = sign_in(personas.front_door_worker).get("/front-door")

    assert response.status_code == 200
    assert resolve("/front-door").view_name == "front_door:queue"
    page = response.content.decode()
    assert page.index("Older one") < page.index("Newer one")
    assert "Decided" not in page and "Another team" not in page
    assert personas.own_child.full_name in page
    # Received Monday 10 March: due Tuesday 11th, waited Tue-Fri.
    assert "4 working days" in page and "11 Mar 2025" in page and "Overdue" in page
    # Received Thursday 13 March: due today.
    assert "1 working day<" in page and "14 Mar 2025" in page and "Due soon" in page
    counts = dict(re.findall(r'data-count="([a-z-]+)">(\d+)<', page))
    assert counts == {"waiting": "2", "due-today": "1", "overdue": "1", "unrated": "2"}


def test_a_long_queue_is_paged_with_links_to_each_page(personas, sign_in):
    for hour in range(selectors.QUEUE_PAGE_SIZE + 1):
        _contact(personas, datetime(2025, 3, 10, 9, tzinfo=UTC) + timedelta(minutes=hour))
    client = sign_in(personas.front_door_worker)

    first = client.get("/front-door").content.decode()
    last = client.get("/front-door?page=2").content.decode()

    assert first.count("data-contact=") == selectors.QUEUE_PAGE_SIZE
    assert last.count("data-contact=") == 1
    waiting = selectors.QUEUE_PAGE_SIZE + 1
    assert f'data-count="waiting">{waiting}<' in last
    assert f"{waiting} contacts waiting: {waiting} to {waiting}" in last
    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="?page=1" rel="prev"' in last and 'rel="next"' not in last
    assert (
        'aria-label="Page 1" aria-current="page"'
        in client.get("/front-door?page=x").content.decode()
    )


def test_the_queue_shows_unmatched_and_restricted_contacts_without_naming_a_child(
    personas, sign_in
):
    unmatched_contact(personas, child_as_described={"first_name": "Tobi", "age": "about 6"})
    restricted = waiting_contact(personas, child=personas.restricted_child)

    page = sign_in(personas.front_door_worker).get("/front-door").content.decode()

    assert "Child not yet identified" in page and "Sender said: Tobi, age about 6" in page
    assert "Restricted record — ask Tm Persona" in page
    assert personas.restricted_child.full_name not in page
    assert url("contact", restricted) not in page  # it would not open for this worker


def test_the_queue_reads_a_fixed_number_of_queries(
    personas, sign_in, django_assert_max_num_queries
):
    client = sign_in(personas.front_door_worker)
    for _ in range(2):
        waiting_contact(personas)
        unmatched_contact(personas)
        waiting_contact(personas, child=personas.restricted_child)
    client.get("/front-door")  # sessions and the like settle
    # The session and user; the teams, the whole queue's counts, the page; three to say whom
    # to ask about the restricted record.
    with django_assert_max_num_queries(8) as few:
        client.get("/front-door")
    for _ in range(10):
        waiting_contact(personas)
        unmatched_contact(personas)
        waiting_contact(personas, child=personas.restricted_child)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/front-door")
    assert response.content.decode().count("data-contact=") == 36


def test_the_front_door_is_in_the_navigation_of_those_who_decide(personas, sign_in):
    page = sign_in(personas.front_door_worker).get("/front-door").content.decode()
    assert (
        '<a class="govuk-header__link" href="/front-door" aria-current="page">Front door</a>'
        in page
    )


# --- The contact page -------------------------------------------------------------------------


def test_the_contact_page_shows_everything_received_and_done_and_is_audited(personas, sign_in):
    contact = waiting_contact(
        personas,
        referrer="Sam Example",
        referrer_role="Class teacher",
        referrer_organisation="Example Primary",
        referrer_phone="0100 000 0002",
        actions_taken="Spoke to mother.",
        urgency="today",
        rag="amber",
        child_as_described={"first_name": "Own", "date_of_birth": "2016-03-01"},
        household_as_described=[{"name": "Alex Child", "relationship": "mother"}],
        **CONSENT_REFUSED,
    )
    information_request_about(contact)

    response = sign_in(personas.front_door_worker).get(url("contact", contact))

    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        contact.reference,
        personas.own_child.full_name,
        "Sam Example",
        "Class teacher",
        "Example Primary",
        "0100 000 0002",
        "Spoke to mother.",
        "Consent sought and refused",
        "Father said no.",
        "1 March 2016",
        "Alex Child, mother",
        "Example Primary School",
        "Waiting for an answer",
        "Proceed without consent",
        "Amber",
    ):
        assert text in page, text
    entry = AuditEntry.objects.get(action="read", object_type="cases.contact")
    assert (entry.object_id, entry.child_id) == (str(contact.pk), personas.own_child.pk)


def test_an_unmatched_contact_page_offers_matching_and_audits_without_a_child(personas, sign_in):
    contact = unmatched_contact(personas)

    page = sign_in(personas.front_door_worker).get(url("contact", contact)).content.decode()

    assert "Not yet identified" in page and "Tobi" in page
    assert url("contact_match", contact) in page and url("contact_child_new", contact) in page
    assert url("contact_decide", contact) not in page
    assert AuditEntry.objects.get(action="read", object_type="cases.contact").child_id is None


def test_a_manager_of_the_front_door_reads_rates_and_decides_a_contact_about_a_known_child(
    personas, sign_in, manager
):
    contact = waiting_contact(personas)

    page = sign_in(manager).get(url("contact", contact)).content.decode()

    assert personas.own_child.full_name in page
    assert url("contact_rate", contact) in page
    assert url("contact_decide", contact) in page


def test_a_contact_at_another_front_door_is_not_found(personas, sign_in):
    contact = ContactFactory(child=personas.other_child, team=personas.other_team)

    assert sign_in(personas.front_door_worker).get(url("contact", contact)).status_code == 404


def test_a_restricted_records_contact_opens_only_for_its_named_people(personas, sign_in):
    contact = waiting_contact(personas, child=personas.restricted_child)

    assert sign_in(personas.front_door_worker).get(url("contact", contact)).status_code == 404
    assert sign_in(personas.team_manager).get(url("contact", contact)).status_code == 200


# --- Matching the child -----------------------------------------------------------------------


def test_a_search_finds_the_child_and_matching_makes_them_the_contacts_child(personas, sign_in):
    contact = unmatched_contact(
        personas, child_as_described={"first_name": "Own", "last_name": "Child"}
    )
    client = sign_in(personas.front_door_worker)
    found = client.get(url("contact_match", contact), {"name": "Own Child"})
    assert found.status_code == 200
    page = found.content.decode()
    assert f'data-child="{personas.own_child.pk}"' in page
    search = re.search(r'name="search" value="([^"]+)"', page)
    assert search is not None

    response = client.post(
        url("contact_match", contact),
        {"child": personas.own_child.pk, "search": search.group(1).replace("&amp;", "&")},
    )

    assert response.status_code == 302 and response["Location"] == url("contact", contact)
    assert banner(response) == ["Contact matched to Own Child"]
    contact.refresh_from_db()
    assert contact.child == personas.own_child


def test_a_child_the_search_did_not_show_cannot_be_matched(personas, sign_in):
    contact = unmatched_contact(personas)
    client = sign_in(personas.front_door_worker)
    # Found by the identity search though outside the worker's need to know...
    other = client.get(url("contact_match", contact), {"name": "Other Child"}).content.decode()
    assert f'data-child="{personas.other_child.pk}"' in other
    # ...but a restricted record is found only by its named people,
    restricted = client.get(url("contact_match", contact), {"name": "Restricted Child"})
    assert f'data-child="{personas.restricted_child.pk}"' not in restricted.content.decode()

    for child, search in [
        (personas.restricted_child, "name=Restricted+Child"),
        (personas.other_child, "name=Own+Child"),  # and no child another search showed
    ]:
        response = client.post(url("contact_match", contact), {"child": child.pk, "search": search})
        assert response.status_code == 404

    contact.refresh_from_db()
    assert contact.child is None


def test_a_new_child_is_recorded_from_the_description_and_matched(personas, sign_in):
    contact = unmatched_contact(
        personas,
        child_as_described={
            "first_name": "Tobi",
            "unborn": True,
            "expected_date_of_birth": "2025-07-01",
        },
    )
    client = sign_in(personas.front_door_worker)
    form = client.get(url("contact_child_new", contact)).content.decode()
    assert 'value="Tobi"' in form and 'value="no" checked' in form

    response = post_form(
        client,
        url("contact_child_new", contact),
        {
            "first_name": "Tobi",
            "last_name": "",
            "born": "no",
            "sex": "U",
            **day("expected_date_of_birth", date(2025, 7, 1)),
        },
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    contact.refresh_from_db()
    child = contact.child
    assert child is not None
    assert (child.first_name, child.last_name, child.expected_date_of_birth) == (
        "Tobi",
        "Unknown",
        date(2025, 7, 1),
    )
    # Matched at the front door: now in the front-door worker's need to know.
    assert client.get(reverse("cases:child_record", args=[child.pk])).status_code == 200


def test_an_unborn_child_needs_the_expected_date(personas, sign_in):
    contact = unmatched_contact(personas)

    response = post_form(
        sign_in(personas.front_door_worker),
        url("contact_child_new", contact),
        {"first_name": "", "last_name": "Example", "born": "no", "sex": "U"},
    )

    assert response.status_code == 400
    assert "Enter the expected date of birth" in response.content.decode()
    assert not Person.objects.filter(last_name="Example").exists()


# --- The RAG rating ---------------------------------------------------------------------------


def test_a_manager_of_the_front_door_rates_and_revises_with_a_reason(personas, sign_in, manager):
    contact = waiting_contact(personas)
    client = sign_in(manager)

    first = post_form(
        client, url("contact_rate", contact), {"rating": "green", "reason": "No injuries."}
    )
    assert banner(first) == ["Contact rated green"]
    refused = post_form(client, url("contact_rate", contact), {"rating": "red"})
    assert refused.status_code == 400
    assert "Enter the reason for the rating" in refused.content.decode()
    post_form(client, url("contact_rate", contact), {"rating": "red", "reason": "Police report."})

    contact.refresh_from_db()
    assert contact.rag == "red"
    assert list(
        ContactRating.objects.order_by("rated_at", "pk").values_list("rating", flat=True)
    ) == [
        "green",
        "red",
    ]
    page = client.get(url("contact", contact)).content.decode()
    assert page.index("Police report.") < page.index("No injuries.")


def test_only_managers_of_the_front_door_may_rate(personas, sign_in, manager):
    contact = waiting_contact(personas)

    assert sign_in(personas.front_door_worker).get(url("contact_rate", contact)).status_code == 403
    # The child's own team manager sees the contact, but does not manage the front door.
    assert sign_in(personas.team_manager).get(url("contact_rate", contact)).status_code == 403
    assert sign_in(manager).get(url("contact_rate", contact)).status_code == 200


def test_a_double_posted_rating_is_recorded_once(personas, sign_in, manager):
    contact = waiting_contact(personas)
    client = sign_in(manager)
    token = TOKEN.search(client.get(url("contact_rate", contact)).content.decode())
    assert token is not None
    data = {"rating": "amber", "reason": "Checks needed.", "submission_token": token.group(1)}

    client.post(url("contact_rate", contact), data)
    second = client.post(url("contact_rate", contact), data)

    assert banner(second)[-1] == ALREADY_RECORDED
    assert ContactRating.objects.count() == 1


# --- Consent and information requests ---------------------------------------------------------


def test_consent_is_overridden_with_a_reason(personas, sign_in):
    contact = waiting_contact(personas, **CONSENT_REFUSED)
    client = sign_in(personas.front_door_worker)

    refused = post_form(client, url("consent_override", contact), {"reason": ""})
    assert refused.status_code == 400
    post_form(client, url("consent_override", contact), {"reason": "Asking would put her at risk."})

    contact.refresh_from_db()
    assert contact.consent_override_reason == "Asking would put her at risk."
    assert contact.consent_overridden_by == personas.front_door_worker.worker


def test_consent_given_cannot_be_overridden(personas, sign_in):
    contact = waiting_contact(personas, consent="given")

    response = post_form(
        sign_in(personas.front_door_worker), url("consent_override", contact), {"reason": "Risk."}
    )

    assert response.status_code == 400
    assert "Consent can only be overridden when the family refused it" in response.content.decode()


def test_an_agency_is_asked_and_its_answer_recorded(personas, sign_in):
    school = PartnerOrganisation.objects.create(
        authority=personas.authority, name="Example Academy", kind="school"
    )
    contact = waiting_contact(personas)
    client = sign_in(personas.front_door_worker)
    assert "Example Academy" in client.get(url("information_request_new", contact)).content.decode()

    asked = post_form(
        client,
        url("information_request_new", contact),
        {
            "partner_organisation": school.pk,
            "asked_of": "Head of year",
            "question": "Any injuries seen?",
        },
    )
    assert banner(asked) == ["Request to Example Academy recorded"]
    request = InformationRequest.objects.get()

    too_early = post_form(
        client,
        url("information_request_answer", contact, request.pk),
        {
            "answered_by": "Head of year",
            **day("answered_on", TODAY),
            "answered_at": "11:59am",
            "answer": "None.",
        },
    )
    assert too_early.status_code == 400
    assert "cannot have come before the question was asked" in too_early.content.decode()
    post_form(
        client,
        url("information_request_answer", contact, request.pk),
        {
            "answered_by": "Head of year",
            **day("answered_on", TODAY),
            "answered_at": "12:00",
            "answer": "None seen.",
        },
    )

    request.refresh_from_db()
    assert (request.answer, request.answered_by) == ("None seen.", "Head of year")
    page = client.get(url("contact", contact)).content.decode()
    assert "None seen." in page and "Waiting for an answer" not in page


def test_an_agency_is_chosen_or_typed_not_both(personas, sign_in):
    school = PartnerOrganisation.objects.create(
        authority=personas.authority, name="Example Academy", kind="school"
    )
    contact = waiting_contact(personas)
    client = sign_in(personas.front_door_worker)

    neither = post_form(client, url("information_request_new", contact), {"question": "Anything?"})
    both = post_form(
        client,
        url("information_request_new", contact),
        {"partner_organisation": school.pk, "agency": "A GP", "question": "Anything?"},
    )
    bad_time = post_form(
        client,
        url("information_request_answer", contact, information_request_about(contact).pk),
        {"answered_by": "GP", **day("answered_on", TODAY), "answered_at": "25:00", "answer": "x"},
    )

    assert "Choose the agency from the list, or type its name" in neither.content.decode()
    assert "not both" in both.content.decode()
    assert "Enter the time like 9:30am or 14:30" in bad_time.content.decode()
    assert InformationRequest.objects.count() == 1


def test_an_information_request_of_another_contact_is_not_found(personas, sign_in):
    contact = waiting_contact(personas)
    elsewhere = information_request_about(waiting_contact(personas))

    response = sign_in(personas.front_door_worker).get(
        url("information_request_answer", contact, elsewhere.pk)
    )

    assert response.status_code == 404


# --- The decision -----------------------------------------------------------------------------


def test_a_contact_decided_as_a_referral_opens_the_referral_once_confirmed(personas, sign_in):
    contact = _contact(personas, datetime(2025, 3, 13, 10, tzinfo=UTC))
    client = sign_in(personas.front_door_worker)
    decide = url("contact_decide", contact)
    data = {"decision": "referral", "primary_need": "N1", "rationale": "Bruising seen at school."}

    check_page = check_answers(client, decide, data)

    page = check_page.content.decode()
    assert "Referral to children&#x27;s social care" in page
    assert "Abuse, neglect and exploitation" in page and "Bruising seen at school." in page
    assert f"{decide}?change=" in page
    contact.refresh_from_db()
    assert contact.decision == "" and not Referral.objects.exists()

    response = confirm(client, decide, check_page)

    assert response.status_code == 302 and response["Location"] == url("contact", contact)
    assert banner(response) == [
        "Decision recorded: referral to children's social care. The referral is open."
    ]
    contact.refresh_from_db()
    assert contact.decision == "referral"
    assert contact.decided_by == personas.front_door_worker.worker
    referral = Referral.objects.get()
    assert (referral.contact, referral.source, referral.team, referral.primary_need) == (
        contact,
        contact.source,
        personas.front_door,
        "N1",
    )
    assert referral.referral_date == TODAY
    assert ManagementDecision.objects.get().kind == "threshold"


def test_a_referral_decision_needs_the_primary_need_it_reveals(personas, sign_in):
    contact = _contact(personas, datetime(2025, 3, 13, 10, tzinfo=UTC))
    client = sign_in(personas.front_door_worker)

    response = client.post(
        url("contact_decide", contact),
        {"decision": "referral", "rationale": "Meets the threshold."},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_primary_need">Select the child&#x27;s primary need</a>' in page
    assert 'data-aria-controls="conditional-id_decision_3"' in page
    assert "Meets the threshold." in page  # kept
    contact.refresh_from_db()
    assert contact.decision == ""


def test_a_primary_need_typed_then_hidden_again_is_not_part_of_the_answers(personas, sign_in):
    contact = _contact(personas, datetime(2025, 3, 13, 10, tzinfo=UTC))
    client = sign_in(personas.front_door_worker)
    data = {"decision": "early_help", "primary_need": "N4", "rationale": "Family support."}

    page = check_answers(client, url("contact_decide", contact), data).content.decode()

    assert "Early help" in page and "Family in acute stress" not in page


def test_a_double_click_on_confirm_records_once(personas, sign_in):
    contact = _contact(personas, datetime(2025, 3, 13, 10, tzinfo=UTC))
    client = sign_in(personas.front_door_worker)
    decide = url("contact_decide", contact)
    data = {"decision": "referral", "primary_need": "N1", "rationale": "Meets the threshold."}
    check_page = check_answers(client, decide, data)

    first = confirm(client, decide, check_page)
    second = confirm(client, decide, check_page)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert banner(second)[-1] == ALREADY_RECORDED
    assert Referral.objects.count() == 1
    assert ManagementDecision.objects.count() == 1


def test_confirming_answers_that_were_not_kept_records_nothing(personas, sign_in):
    contact = _contact(personas, datetime(2025, 3, 13, 10, tzinfo=UTC))
    client = sign_in(personas.front_door_worker)
    decide = url("contact_decide", contact)

    response = client.post(decide, {"submission_token": "made-up", "confirm": "yes"})

    assert response.status_code == 302 and response["Location"] == decide
    assert banner(response) == [ANSWERS_NOT_KEPT]
    contact.refresh_from_db()
    assert contact.decision == ""


def test_a_contact_already_decided_is_refused_on_the_form(personas, sign_in):
    contact = _contact(personas, datetime(2025, 3, 13, 10, tzinfo=UTC), referred=True)
    client = sign_in(personas.front_door_worker)

    response = client.post(
        url("contact_decide", contact), {"decision": "early_help", "rationale": "Second thoughts."}
    )

    assert response.status_code == 400
    assert "This contact has already been decided." in response.content.decode()
    contact.refresh_from_db()
    assert contact.decision == "referral"


def test_an_unmatched_contact_cannot_be_decided_and_says_why(personas, sign_in):
    contact = unmatched_contact(personas)
    client = sign_in(personas.front_door_worker)

    shown = client.get(url("contact_decide", contact))
    posted = client.post(
        url("contact_decide", contact), {"decision": "no_further_action", "rationale": "x"}
    )

    assert shown.status_code == 200 and posted.status_code == 400
    assert "Match this contact to a child" in shown.content.decode()
    contact.refresh_from_db()
    assert contact.decision == ""


def test_a_strategy_discussion_decision_opens_the_referral_then_the_strategy_discussion(
    personas, sign_in
):
    contact = waiting_contact(personas, child=personas.team_child)
    client = sign_in(personas.front_door_worker)
    decide = url("contact_decide", contact)
    check_page = check_answers(
        client,
        decide,
        {
            "decision": "strategy_discussion",
            "strategy_primary_need": "N1",
            "rationale": "Disclosure.",
        },
    )

    response = confirm(client, decide, check_page)

    referral = Referral.objects.get()
    assert referral.contact == contact and referral.primary_need == "N1"
    # A front-door worker does not record strategy discussions: back to the contact.
    assert response["Location"] == url("contact", contact)
    assert banner(response) == [
        "Decision recorded: referral and strategy discussion. The referral is open: record the "
        "strategy discussion."
    ]


def test_a_manager_deciding_a_strategy_discussion_is_sent_to_record_it(personas, sign_in):
    contact = waiting_contact(personas)
    client = sign_in(personas.team_manager)
    decide = url("contact_decide", contact)
    check_page = check_answers(
        client,
        decide,
        {
            "decision": "strategy_discussion",
            "strategy_primary_need": "N1",
            "rationale": "Disclosure.",
        },
    )

    response = confirm(client, decide, check_page)

    referral = Referral.objects.get()
    assert response["Location"] == reverse("cases:strategy_discussion_record", args=[referral.pk])


# --- Feedback to the referrer -----------------------------------------------------------------


def test_feedback_is_offered_after_the_decision_in_fixed_words(personas, sign_in):
    contact = _contact(personas, datetime(2025, 3, 13, 10, tzinfo=UTC), referred=True)
    client = sign_in(personas.front_door_worker)
    form = client.get(url("feedback_give", contact)).content.decode()
    assert ReferrerFeedback.Outcome.REFERRAL.label.replace("'", "&#x27;") in form

    response = post_form(
        client,
        url("feedback_give", contact),
        {"method": "phone", **day("given_on", TODAY), "given_at": "11:30am"},
    )

    assert banner(response) == ["Feedback to the referrer recorded"]
    feedback = ReferrerFeedback.objects.get()
    assert (feedback.outcome, feedback.method, feedback.given_at) == (
        "referral",
        "phone",
        datetime(2025, 3, 14, 11, 30, tzinfo=LONDON),
    )
    assert "social worker will be involved" in client.get(url("contact", contact)).content.decode()


def test_an_anonymous_referrer_is_not_offered_feedback(personas, sign_in):
    contact = waiting_contact(personas, referrer="", referrer_anonymous=True)
    client = sign_in(personas.front_door_worker)

    assert url("feedback_give", contact) not in client.get(url("contact", contact)).content.decode()
    response = client.get(url("feedback_give", contact))
    assert response.status_code == 302 and not ReferrerFeedback.objects.exists()


# --- Who may open what ------------------------------------------------------------------------

PAGES = (
    "contact",
    "contact_match",
    "contact_child_new",
    "consent_override",
    "information_request_new",
    "contact_decide",
    "feedback_give",
)


def test_every_page_declares_its_named_permission(personas):
    contact = waiting_contact(personas)
    assert resolve("/front-door").func.safeguard_permission == "contact.decide"
    assert resolve(reverse("front_door:contact_new")).func.safeguard_permission == "contact.record"
    assert resolve(url("contact_rate", contact)).func.safeguard_permission == "contact.rate"
    for name in PAGES:
        assert resolve(url(name, contact)).func.safeguard_permission == "contact.decide", name


def test_the_front_door_and_the_childs_manager_open_every_page(personas, sign_in):
    contact = waiting_contact(personas)
    for user in (personas.front_door_worker, personas.team_manager):
        client = sign_in(user)
        for name in PAGES:
            assert client.get(url(name, contact)).status_code == 200, (user, name)


@pytest.mark.parametrize(
    "role", ["social_worker", "auditor", "analyst", "system_administrator", "conference_chair"]
)
def test_roles_without_front_door_work_are_refused(personas, sign_in, role):
    contact = waiting_contact(personas)
    client = sign_in(getattr(personas, role))

    assert client.get("/front-door").status_code == 403
    assert client.get(reverse("front_door:contact_new")).status_code == 403
    for name in PAGES:
        assert client.get(url(name, contact)).status_code == 403, name


def test_the_front_door_team_dashboard_counts_the_decision_clock(
    personas, sign_in, manager, calendar
):
    waiting_contact(personas, received_at=datetime(2025, 3, 10, 10, tzinfo=LONDON))
    unmatched_contact(personas, received_at=datetime(2025, 3, 13, 10, tzinfo=LONDON))

    page = sign_in(manager).get(reverse("cases:team_dashboard")).content.decode()

    assert "Front door: decisions on contacts" in page
    figures = dict(re.findall(r'data-figure="([a-z-]+)">(\d+)<', page))
    assert figures == {"waiting": "2", "due-today": "1", "overdue": "1", "not-identified": "1"}
    assert (
        personas.own_child.full_name
        not in page.split("front-door-figures")[1].split("</section>")[0]
    )

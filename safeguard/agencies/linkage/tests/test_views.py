"""The review queue pages: who may use them, both records side by side, the decision."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.access.models import RestrictedRecord
from safeguard.agencies.linkage import views
from safeguard.agencies.linkage.forms import CHOOSE_DECISION, ENTER_REASON
from safeguard.agencies.linkage.models import LinkageModel, MatchReview, RejectedCandidate
from safeguard.agencies.linkage.services import (
    NearCandidate,
    match_review_reject,
    person_create_from_incoming,
)
from safeguard.agencies.linkage.templatetags.linkage_probability import (
    probability_in_words,
    probability_percent,
)
from safeguard.agencies.linkage.types import IncomingPerson
from safeguard.audit.models import AuditEntry
from safeguard.people.models import Person

from .fixtures import install_fixture_model, review_about


@pytest.fixture
def review(db, personas):
    return review_about(personas.own_child)


def test_the_front_door_sees_the_waiting_matches(review, personas, sign_in):
    response = sign_in(personas.front_door_worker).get(reverse("linkage:review_list"))
    assert response.status_code == 200
    assert reverse("linkage:review_detail", args=[review.pk]) in response.content.decode()


def test_a_social_worker_may_not_review_matches(review, personas, sign_in):
    client = sign_in(personas.social_worker)
    assert client.get(reverse("linkage:review_list")).status_code == 403
    assert client.get(reverse("linkage:review_detail", args=[review.pk])).status_code == 403


def test_the_page_shows_both_records_and_the_weights_and_is_audited(review, personas, sign_in):
    response = sign_in(personas.front_door_worker).get(
        reverse("linkage:review_detail", args=[review.pk])
    )
    page = response.content.decode()
    assert personas.own_child.first_name + "e" in page  # the partner's spelling
    assert personas.own_child.last_name in page
    assert "Jaro-Winkler &gt;= 0.92" in page and "6.4" in page
    assert "How likely a match: realistic possibility (match probability 50%" in page
    assert AuditEntry.objects.filter(
        object_type="linkage.matchreview", object_id=str(review.pk), action="read"
    ).exists()


def test_the_partners_record_gives_sex_in_words_not_its_code(personas, sign_in):
    child = personas.own_child
    incoming = IncomingPerson(
        first_name=child.first_name + "e", last_name=child.last_name, sex="F",
        date_of_birth=child.date_of_birth,
    )  # fmt: skip
    review = review_about(child, incoming=incoming)
    response = sign_in(personas.front_door_worker).get(
        reverse("linkage:review_detail", args=[review.pk])
    )
    sent = re.search(
        r'>Sex</th>\s*<td class="govuk-table__cell">([^<]*)</td>', response.content.decode()
    )
    assert sent is not None and sent.group(1) == "Female"


def test_a_decision_without_its_answers_shows_the_error_summary(review, personas, sign_in):
    response = sign_in(personas.front_door_worker).post(
        reverse("linkage:review_detail", args=[review.pk]), {"reason": " "}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert CHOOSE_DECISION in page and ENTER_REASON in page
    review.refresh_from_db()
    assert review.status == MatchReview.Status.PENDING


def test_confirming_records_the_decision_and_returns_to_the_queue(review, personas, sign_in):
    response = sign_in(personas.front_door_worker).post(
        reverse("linkage:review_detail", args=[review.pk]),
        {"decision": "confirm", "reason": "Same school and mother"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.person_id, review.reason) == (
        "confirmed",
        personas.own_child.pk,
        "Same school and mother",
    )
    assert review.decided_by == personas.front_door_worker


def test_a_restricted_records_match_is_shown_only_to_its_named_people(db, personas, sign_in):
    review = review_about(personas.restricted_child)
    assert RestrictedRecord.objects.filter(child=personas.restricted_child).exists()
    url = reverse("linkage:review_detail", args=[review.pk])
    assert sign_in(personas.front_door_worker).get(url).status_code == 404
    assert sign_in(personas.team_manager).get(url).status_code == 200


# --- The queue, likeliest first ------------------------------------------------------------


def _queue(client, **params):
    return client.get(reverse("linkage:review_list"), params)


def _order(page, reviews):
    """The reviews' ids in the order the page lists them."""
    at = {r.pk: page.index(reverse("linkage:review_detail", args=[r.pk])) for r in reviews}
    return sorted(at, key=at.__getitem__)


def _aged(review, days):
    MatchReview.objects.filter(pk=review.pk).update(
        created_at=review.created_at - timedelta(days=days)
    )
    return review


def test_the_queue_lists_the_likeliest_match_first_then_the_oldest(personas, sign_in):
    unlikely_oldest = _aged(review_about(personas.own_child, match_probability=0.3), 30)
    likely_newer = review_about(personas.team_child, match_probability=0.8)
    likely_older = _aged(review_about(personas.other_child, match_probability=0.8), 2)
    decided = review_about(personas.own_child, match_probability=0.95)
    match_review_reject(review=decided, decided_by=personas.team_manager, reason="Not them")
    page = _queue(sign_in(personas.front_door_worker)).content.decode()
    reviews = [unlikely_oldest, likely_newer, likely_older]
    assert _order(page, reviews) == [likely_older.pk, likely_newer.pk, unlikely_oldest.pk]
    assert reverse("linkage:review_detail", args=[decided.pk]) not in page
    # In words and figures.
    assert "Highly likely" in page and "80%" in page
    assert "Unlikely" in page and "30%" in page
    assert "3 matches waiting" in page


def test_the_queue_pages_on_in_the_same_order(personas, sign_in, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    reviews = [
        review_about(child, match_probability=p)
        for child, p in (
            (personas.own_child, 0.2),
            (personas.team_child, 0.6),
            (personas.other_child, 0.4),
        )
    ]
    client = sign_in(personas.front_door_worker)
    first = _queue(client).content.decode()
    assert _order(first, reviews[1:]) == [reviews[1].pk, reviews[2].pk]
    assert reverse("linkage:review_detail", args=[reviews[0].pk]) not in first
    assert "?page=2" in first and "3 matches waiting: 1 to 2" in first
    second = _queue(client, page=2).content.decode()
    assert reverse("linkage:review_detail", args=[reviews[0].pk]) in second


def test_the_queue_is_audited_as_a_list_of_the_children_shown(personas, sign_in):
    review_about(personas.own_child)
    review_about(personas.restricted_child)  # not shown to the front door: not listed
    _queue(sign_in(personas.front_door_worker))
    entry = AuditEntry.objects.get(action="search", details__list="linkage reviews")
    assert entry.details["child_ids"] == [personas.own_child.pk]
    assert entry.actor_username == personas.front_door_worker.get_username()


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_reads_the_same_queries_however_many_wait(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    url = reverse("linkage:review_list")
    review_about(personas.own_child)
    client.get(url)  # the session and the worker, read once per client
    few = _queries_for(client, url)
    for child in (personas.team_child, personas.other_child, personas.own_child):
        review_about(child)
        review_about(child, match_probability=0.7)
    assert _queries_for(client, url) == few


def test_probabilities_read_on_the_governments_yardstick():
    assert [probability_in_words(p) for p in (0.001, 0.1, 0.3, 0.5, 0.6, 0.9, 0.97, 1.0)] == [
        "remote chance",
        "highly unlikely",
        "unlikely",
        "realistic possibility",
        "likely",
        "highly likely",
        "almost certain",
        "almost certain",
    ]
    assert [probability_percent(p) for p in (0.0004, 0.004, 0.62, 0.993, 0.9996, 1.0)] == [
        "less than 0.1%",
        "0.4%",
        "62%",
        "99.3%",
        "more than 99.9%",
        "100%",
    ]


# --- A person recorded from a partner's record, and who it came near --------------------


def _recorded_near(personas, *candidates):
    """A person recorded from a school's record, which came near `candidates`."""
    model = LinkageModel.objects.first() or install_fixture_model()
    near = [
        NearCandidate(
            person_id=child.pk,
            match_probability=0.04 / rank,
            match_weight=-4.0 - rank,
            reason=RejectedCandidate.Reason.BELOW_REVIEW,
            told_against=[
                {"comparison": "date_of_birth", "level": "all other", "match_weight": -9.7},
                {"comparison": "first_name", "level": "Jaro-Winkler >= 0.8", "match_weight": -1.2},
            ],
        )
        for rank, child in enumerate(candidates, start=1)
    ]
    return person_create_from_incoming(
        incoming=IncomingPerson(
            first_name="Owain",
            last_name="Child",
            date_of_birth=date(2015, 7, 9),
            sex="M",
            postcode="NB1 1AA",
            address_line="4 Mill Lane",
        ),
        authority=personas.authority,
        source="Northbridge Primary School",
        model=model,
        near=near,
    )


def _person_page(client, person):
    return client.get(reverse("linkage:person_source", args=[person.pk]))


def test_a_new_persons_page_shows_the_record_sent_and_who_it_came_near(personas, sign_in):
    person = _recorded_near(personas, personas.own_child, personas.other_child)
    response = _person_page(sign_in(personas.front_door_worker), person)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Northbridge Primary School" in page and "No known person matched" in page
    assert "4 Mill Lane" in page and "9 July 2015" in page  # the partner's record
    assert "Own Child" in page and "Other Child" in page  # the candidates
    assert page.index("Own Child") < page.index("Other Child")  # nearest first
    assert "How likely a match: remote chance (4%" in page
    assert "Not linked: match probability below the review threshold" in page
    assert "Jaro-Winkler &gt;= 0.8" in page and "-9.7" in page
    # Identity details only: nothing of the case.
    assert "Case note" not in page and "Allocated" not in page


def test_a_new_persons_page_is_audited_as_a_read_of_everyone_it_shows(personas, sign_in):
    person = _recorded_near(personas, personas.own_child, personas.other_child)
    _person_page(sign_in(personas.front_door_worker), person)
    reads = AuditEntry.objects.filter(object_type="linkage.personsource", action="read")
    assert sorted(reads.values_list("child_id", flat=True)) == sorted(
        [person.pk, personas.own_child.pk, personas.other_child.pk]
    )
    assert {entry.actor_username for entry in reads} == {personas.front_door_worker.get_username()}


def test_only_reviewers_may_see_who_a_new_person_came_near(personas, sign_in):
    person = _recorded_near(personas, personas.own_child)
    for persona in (personas.social_worker, personas.other_worker, personas.partner_user):
        client = sign_in(persona)
        assert _person_page(client, person).status_code == 403
        assert client.get(reverse("linkage:person_list")).status_code == 403
    assert not AuditEntry.objects.filter(object_type="linkage.personsource").exists()


def test_a_restricted_candidate_is_shown_only_to_its_named_people(personas, sign_in):
    person = _recorded_near(personas, personas.own_child, personas.restricted_child)
    front_door = _person_page(sign_in(personas.front_door_worker), person).content.decode()
    assert "Own Child" in front_door and "Restricted Child" not in front_door
    manager = _person_page(sign_in(personas.team_manager), person).content.decode()
    assert "Restricted Child" in manager


def test_a_restricted_new_person_is_not_found_for_those_not_named(personas, sign_in):
    person = _recorded_near(personas, personas.own_child)
    restriction = RestrictedRecord.objects.create(child=person, reason="Staff member's child")
    restriction.named_users.add(personas.team_manager)
    url = reverse("linkage:person_source", args=[person.pk])
    assert sign_in(personas.front_door_worker).get(url).status_code == 404
    listed = sign_in(personas.front_door_worker).get(reverse("linkage:person_list"))
    assert url not in listed.content.decode()
    assert "Own Child" in sign_in(personas.team_manager).get(url).content.decode()


def test_a_person_not_recorded_from_a_partner_says_so(personas, sign_in):
    url = reverse("linkage:person_source", args=[personas.own_child.pk])
    page = sign_in(personas.front_door_worker).get(url).content.decode()
    assert "was not recorded from a partner's record" in page


def test_a_rejected_review_leads_to_the_person_recorded_instead(review, personas, sign_in):
    decided = match_review_reject(
        review=review, decided_by=personas.front_door_worker, reason="Different school"
    )
    client = sign_in(personas.front_door_worker)
    detail = client.get(reverse("linkage:review_detail", args=[review.pk])).content.decode()
    assert reverse("linkage:person_source", args=[decided.person_id]) in detail
    page = _person_page(client, Person.objects.get(pk=decided.person_id)).content.decode()
    assert "Not linked: a reviewer decided it is someone else" in page
    assert reverse("linkage:review_detail", args=[review.pk]) in page


def test_the_people_list_shows_the_nearest_known_person_and_filters_to_near(personas, sign_in):
    near = _recorded_near(personas, personas.own_child, personas.other_child)
    far = _recorded_near(personas)
    client = sign_in(personas.front_door_worker)
    everyone = client.get(reverse("linkage:person_list")).content.decode()
    for person in (near, far):
        assert reverse("linkage:person_source", args=[person.pk]) in everyone
    assert "Remote chance (4%); 2 near" in everyone and "None near" in everyone
    only_near = client.get(reverse("linkage:person_list"), {"near": "1"}).content.decode()
    assert reverse("linkage:person_source", args=[near.pk]) in only_near
    assert reverse("linkage:person_source", args=[far.pk]) not in only_near
    entry = AuditEntry.objects.filter(
        action="search", details__list="linkage people recorded from partners"
    ).first()
    assert entry is not None and entry.details["child_ids"] == sorted([near.pk, far.pk])


def test_the_people_list_reads_the_same_queries_however_many_are_listed(personas, sign_in):
    client = sign_in(personas.front_door_worker)
    url = reverse("linkage:person_list")
    _recorded_near(personas, personas.own_child)
    client.get(url)
    few = _queries_for(client, url)
    for _ in range(4):
        _recorded_near(personas, personas.own_child, personas.other_child, personas.team_child)
    assert _queries_for(client, url) == few

"""The review queue pages: who may use them, both records side by side, the decision."""

import pytest
from django.urls import reverse

from safeguard.access.models import RestrictedRecord
from safeguard.agencies.linkage.forms import CHOOSE_DECISION, ENTER_REASON
from safeguard.agencies.linkage.models import MatchReview
from safeguard.audit.models import AuditEntry

from .fixtures import review_about


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
    assert AuditEntry.objects.filter(
        object_type="linkage.matchreview", object_id=str(review.pk), action="read"
    ).exists()


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

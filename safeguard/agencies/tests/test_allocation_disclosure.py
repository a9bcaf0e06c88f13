"""The reply to what a partner sent tells them whether the child is allocated to a social
worker only if they are allowed the partner check: otherwise an allocated child and a child
social care does not know read alike, as the partner check itself answers them alike."""

from __future__ import annotations

import pytest

from safeguard.agencies import services
from safeguard.agencies.models import PartnerUser

from .conftest import client_for
from .examples import submission
from .test_closing_the_loop import PASSED, RECORDED, _known

pytestmark = pytest.mark.django_db

WITHOUT_STATUS = "Recorded on the child's multi-agency chronology."


@pytest.fixture
def sender(school, linkage_model):
    """A school's token that may send events but not ask the partner check."""
    return client_for(school, ["events:submit", "events:bulk"])


def test_a_partner_not_allowed_the_check_is_not_told_the_child_is_allocated(sender, personas):
    body = submission("attendance_concern", **_known(personas.own_child, 11))
    created = sender.post("/api/events", body).json()
    assert (created["status"], created["outcome"]) == ("decided", WITHOUT_STATUS)
    assert sender.get(f"/api/submissions/{created['id']}").json()["outcome"] == WITHOUT_STATUS


def test_an_allocated_child_and_an_unknown_child_read_alike_to_that_partner(sender, personas):
    allocated = sender.post(
        "/api/events", submission("exclusion", **_known(personas.own_child, 12))
    ).json()
    unknown = sender.post("/api/events", submission("exclusion")).json()
    assert allocated["outcome"] == unknown["outcome"] == WITHOUT_STATUS
    assert allocated["status"] == unknown["status"] == "decided"


def test_a_partner_allowed_the_check_is_told_the_child_is_allocated(partner, personas):
    assert "check:read" in partner.token.scopes
    body = submission("attendance_concern", **_known(personas.own_child, 13))
    created = partner.post("/api/events", body).json()
    assert created["outcome"] == PASSED
    unknown = partner.post("/api/events", submission("exclusion")).json()
    assert unknown["outcome"] == RECORDED


def test_a_retry_by_a_token_not_allowed_the_check_does_not_learn_it_from_the_first_answer(
    partner, sender, personas
):
    body = submission("attendance_concern", **_known(personas.own_child, 14))
    first = partner.post("/api/events", body, HTTP_IDEMPOTENCY_KEY="same-night")
    again = sender.post("/api/events", body, HTTP_IDEMPOTENCY_KEY="same-night")
    assert first.json()["outcome"] == PASSED
    assert again.status_code == 201
    assert again.json() == {**first.json(), "outcome": WITHOUT_STATUS}


def test_other_outcomes_are_told_to_every_partner(sender):
    concern = sender.post("/api/events", submission("concern")).json()
    assert concern["outcome"].startswith("Passed to the front door")


def test_a_partner_user_is_allowed_it_only_with_the_check(personas):
    user = personas.partner_user
    assert services.partner_may_learn_child_status(user=user)
    PartnerUser.objects.filter(user=user).update(may_check=False)
    user.refresh_from_db()
    assert not services.partner_may_learn_child_status(user=user)
    # Staff are never partners, whatever their role or flags.
    assert not services.partner_may_learn_child_status(user=personas.superuser)

"""Failed sign-ins at the password step and lockouts are in the trail: the username tried,
never the password, with no actor (no one signed in)."""

from __future__ import annotations

import pytest

from safeguard.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def worker_user(personas):
    user = personas.social_worker
    user.set_password(PASSWORD)
    user.save()
    return user


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("sequence"))


def test_a_wrong_password_is_a_failed_sign_in_with_the_username_tried(client, worker_user):
    response = client.post(
        "/sign-in",
        {"username": "sw", "password": "Wrong-Password-1"},
        HTTP_USER_AGENT="Test browser",
    )
    assert response.status_code == 400
    (entry,) = entries(Action.SIGN_IN_FAILED)
    assert entry.actor_id is None and entry.actor_username == ""
    assert entry.details == {"username": "sw", "step": "password"}
    assert (entry.ip_address, entry.user_agent) == ("127.0.0.1", "Test browser")
    assert "Wrong-Password-1" not in str(entry.details)


def test_an_unknown_username_is_recorded_as_typed(client, personas):
    client.post("/sign-in", {"username": "nobody.here", "password": "whatever-it-was"})
    (entry,) = entries(Action.SIGN_IN_FAILED)
    assert entry.details["username"] == "nobody.here"


def test_a_right_password_writes_no_failure(client, worker_user):
    client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    assert entries(Action.SIGN_IN_FAILED) == []


def test_a_lockout_is_an_audited_refusal(client, worker_user):
    for _ in range(5):
        client.post("/sign-in", {"username": "sw", "password": "Wrong-Password-1"})
    locked = client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    assert locked.status_code == 429
    refused = entries(Action.REFUSED)
    # The fifth failure locks the account; the sixth attempt is refused by the lockout.
    assert len(refused) == 2
    assert all(
        e.details == {"username": "sw", "step": "password", "refused": "locked out"}
        and e.actor_id is None
        for e in refused
    )
    failed = entries(Action.SIGN_IN_FAILED)
    assert len(failed) == 6
    assert [e.details.get("locked_out", False) for e in failed] == [False] * 4 + [True] * 2
    assert PASSWORD not in str([e.details for e in failed])

"""The daily email (`send_task_digests`): to those who asked for it, counts and links only (no
child's name, no reason, no case detail), once a day, none for a person with nothing to do or
who can no longer have it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from safeguard.agencies.signals.tests.factories import signal_about
from safeguard.common.errors import SafeguardError
from safeguard.tasks.models import DigestSubscription
from safeguard.tasks.services import (
    SITE_URL_MISSING,
    digest_subscribe,
    task_digests_send,
)
from safeguard.tasks.tests.support import (
    NOW,
    RETURN_REASON,
    TODAY,
    returned_assessment,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db
SITE = "https://safeguard.personashire.example"


@pytest.fixture(autouse=True)
def frozen(calendar: Any, settings: Any) -> Iterator[None]:
    settings.SAFEGUARD_SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "safeguard@personashire.example"
    with time_machine.travel(NOW, tick=False):
        yield


def _subscribed(user: Any, address: str) -> Any:
    user.email = address
    user.save()
    digest_subscribe(user=user)
    return user


def test_the_email_gives_counts_and_links_and_never_a_childs_name(personas):
    _subscribed(personas.social_worker, "sw@personashire.example")
    returned_assessment(personas)
    signal_about(personas.own_child, today=TODAY)

    call_command("send_task_digests")

    (email,) = mail.outbox
    assert email.to == ["sw@personashire.example"]
    assert email.from_email == "safeguard@personashire.example"
    assert email.subject == "Safeguard: your tasks today (2)"
    body = email.body
    page = SITE + reverse("tasks:list")
    assert "Work returned to you: 1" in body
    assert f"{page}#returned" in body
    assert "Signals to acknowledge: 1" in body
    assert f"{page}#signals" in body
    assert f"See them all and act on each: {page}" in body
    for case_content in ("Own", "Child", RETURN_REASON, "father", "Injury", "Tm Persona"):
        assert case_content not in body, case_content
    assert not email.alternatives, "plain text only"


def test_each_person_gets_their_own_counts(personas):
    _subscribed(personas.social_worker, "sw@personashire.example")
    _subscribed(personas.team_manager, "tm@personashire.example")
    submitted_assessment(personas)

    run = task_digests_send(today=TODAY, site_url=SITE)

    # The worker has nothing to do (the assessment is with the manager): no email to them.
    assert (run.sent, run.nothing_to_do) == (1, 1)
    (email,) = mail.outbox
    assert email.to == ["tm@personashire.example"]
    assert "Assessments waiting for your authorisation: 1" in email.body


def test_a_second_run_on_the_same_day_sends_nothing_again(personas):
    _subscribed(personas.social_worker, "sw@personashire.example")
    returned_assessment(personas)

    task_digests_send(today=TODAY, site_url=SITE)
    run = task_digests_send(today=TODAY, site_url=SITE)

    assert len(mail.outbox) == 1
    assert run.already_sent == 1
    assert DigestSubscription.objects.get().last_sent_on == TODAY


def test_nobody_who_did_not_ask_gets_an_email(personas):
    personas.social_worker.email = "sw@personashire.example"
    personas.social_worker.save()
    returned_assessment(personas)

    call_command("send_task_digests")

    assert mail.outbox == []


def test_a_disabled_account_or_a_role_without_tasks_gets_no_email(personas):
    _subscribed(personas.social_worker, "sw@personashire.example")
    _subscribed(personas.team_manager, "tm@personashire.example")
    returned_assessment(personas)
    submitted_assessment(personas, personas.team_child)
    personas.social_worker.is_active = False
    personas.social_worker.save()
    worker = personas.team_manager.worker
    worker.role = worker.Role.PERFORMANCE_ANALYST
    worker.save()

    run = task_digests_send(today=TODAY, site_url=SITE)

    assert mail.outbox == []
    assert run.not_sendable == 2


def test_without_the_sites_address_nothing_is_sent(personas, settings):
    _subscribed(personas.social_worker, "sw@personashire.example")
    returned_assessment(personas)
    settings.SAFEGUARD_SITE_URL = ""

    with pytest.raises(CommandError, match="SAFEGUARD_SITE_URL"):
        call_command("send_task_digests")
    with pytest.raises(SafeguardError, match=SITE_URL_MISSING[:20]):
        task_digests_send(today=TODAY, site_url="")
    assert mail.outbox == []


def test_the_command_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_task_digests", "--date", "14/03/2025")

"""A burst of refusals by one person alerts the auditors once per burst, and the trail of
reads and refusals still verifies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from safeguard.access.models import Alert
from safeguard.access.refusals import refusal_record
from safeguard.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db
START = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def burst_of_three(settings):
    settings.SAFEGUARD_REFUSAL_BURST_COUNT = 3
    settings.SAFEGUARD_REFUSAL_BURST_MINUTES = 10


def refuse(user, times: int = 1) -> list[bool]:
    return [
        refusal_record(user=user, request=None, status=404, view="cases:child_record")
        for _ in range(times)
    ]


def burst_alerts() -> list[Alert]:
    return list(Alert.objects.filter(kind="refusal_burst").order_by("pk"))


def test_the_refusal_that_reaches_the_count_alerts_every_auditor(personas):
    with time_machine.travel(START, tick=False):
        assert refuse(personas.social_worker, 3) == [False, False, True]
    alerts = burst_alerts()
    assert [a.recipient for a in alerts] == [personas.auditor]
    assert alerts[0].message.startswith("sw was refused 3 times in 10 minutes")
    assert alerts[0].child is None


def test_further_refusals_in_the_same_burst_alert_no_one_again(personas):
    with time_machine.travel(START, tick=True):
        assert refuse(personas.social_worker, 8) == [
            False,
            False,
            True,
            False,
            False,
            False,
            False,
            False,
        ]
    assert len(burst_alerts()) == 1
    marked = AuditEntry.objects.filter(action=Action.REFUSED, details__burst=True)
    assert marked.count() == 1


def test_refusals_spread_out_are_no_burst(personas):
    for minutes in (0, 6, 12, 18):
        with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
            refuse(personas.social_worker)
    assert burst_alerts() == []


def test_a_burst_still_going_once_the_window_has_passed_is_a_new_burst(personas):
    with time_machine.travel(START, tick=False):
        refuse(personas.social_worker, 3)
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        refuse(personas.social_worker, 3)
    assert len(burst_alerts()) == 1
    with time_machine.travel(START + timedelta(minutes=11), tick=False):
        # The mark is out of the window; the refusals of minute 5 are still in it.
        assert refuse(personas.social_worker) == [True]
    assert len(burst_alerts()) == 2


def test_each_person_is_counted_on_their_own(personas):
    with time_machine.travel(START, tick=False):
        refuse(personas.social_worker, 2)
        refuse(personas.other_worker, 2)
    assert burst_alerts() == []


def test_a_burst_through_the_pages_alerts_the_auditors_with_no_case_content(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.other_child
    for _ in range(3):
        assert client.get(reverse("cases:child_record", args=[child.pk])).status_code == 404
    (alert,) = burst_alerts()
    assert f"/children/{child.pk}" in alert.message
    assert child.first_name not in alert.message and child.last_name not in alert.message
    page = sign_in(personas.auditor).get("/audit/alerts").content.decode()
    assert "Many refusals" in page
    assert "action=refused" in page


def test_the_trail_of_reads_and_refusals_verifies(personas, sign_in, capsys):
    client = sign_in(personas.social_worker)
    client.get(reverse("cases:child_record", args=[personas.own_child.pk]))
    client.get(reverse("cases:child_record", args=[personas.other_child.pk]))
    client.get(reverse("cases:my_cases"))
    sign_in(personas.auditor).get(reverse("cases:my_cases"))
    with time_machine.travel(START, tick=False):
        refuse(personas.other_worker, 3)
    actions = list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))
    assert actions == ["read", "refused", "search", "refused", "refused", "refused", "refused"]
    call_command("verify_audit")
    assert "audit trail intact: 7 entries verified" in capsys.readouterr().out

"""The signals list names children (each signal's child), so a look at it is audited: one
entry naming the signals and children shown by id."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from safeguard.agencies.signals.tests.factories import signal_about
from safeguard.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 3, 14, 10, 0, tzinfo=UTC), tick=False):
        yield


def test_the_signals_list_is_audited_as_one_list_of_the_children_shown(sign_in, personas):
    signal = signal_about(personas.own_child)
    response = sign_in(personas.social_worker).get(reverse("signals:list"))
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.actor_username) == (
        Action.SEARCH,
        "signals.signal",
        "sw",
    )
    assert entry.details == {
        "list": "signals",
        "signals": [signal.pk],
        "acknowledged_shown": False,
        "children": 1,
        "child_ids": [personas.own_child.pk],
    }


def test_an_empty_signals_list_is_still_a_look_and_is_audited(sign_in, personas):
    sign_in(personas.other_worker).get(reverse("signals:list"), {"show": "all"})
    entry = AuditEntry.objects.get()
    assert entry.details["children"] == 0
    assert entry.details["acknowledged_shown"] is True

"""The signals pages, acknowledging through the form, and the panels on social care's pages
(the worker's "My cases", the manager's team dashboard, the child record)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.agencies.signals import panels, services
from safeguard.agencies.signals.models import Signal
from safeguard.agencies.signals.tests.factories import partner_event, signal_about
from safeguard.audit.models import AuditEntry
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 3, 14, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def signal(personas):
    """An injury to the own child when a baby, sent to their social worker."""
    child = personas.own_child
    child.date_of_birth = date(2024, 6, 1)
    child.save()
    partner_event(
        child=child,
        event_type="injury",
        occurred_on=date(2025, 3, 10),
        kind="hospital",
        authority=personas.authority,
    )
    (raised,) = services.signals_evaluate_for_child(child_id=child.pk)
    return raised


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- the list and one signal ------------------------------------------------------------------


def test_the_list_shows_the_signals_sent_to_the_worker(sign_in, personas, signal):
    html = page(sign_in(personas.social_worker), reverse("signals:list"))
    assert f'data-signal="{signal.pk}"' in html
    assert "Injury to a baby under one" in html
    assert "SG06: Injury to a baby under one" in html, "the rules are explained on the page"


def test_a_worker_in_another_team_sees_nothing_of_it(sign_in, personas, signal):
    client = sign_in(personas.other_worker)
    assert f'data-signal="{signal.pk}"' not in page(client, reverse("signals:list"))
    assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 404
    post = client.post(reverse("signals:acknowledge", args=[signal.pk]), {})
    assert post.status_code == 404


def test_opening_a_signal_shows_its_evidence_and_is_audited(sign_in, personas, signal):
    html = page(sign_in(personas.social_worker), reverse("signals:detail", args=[signal.pk]))
    assert "Injury (Test hospital)" in html
    assert "10 March 2025" in html
    assert "Acknowledge this signal" in html
    read = AuditEntry.objects.get(action="read", object_type="signals.signal")
    assert (read.object_id, read.child_id, read.actor_username) == (
        str(signal.pk),
        signal.child_id,
        "sw",
    )


# --- acknowledging through the form ----------------------------------------------------------


def test_bad_input_shows_the_error_summary_and_writes_nothing(sign_in, personas, signal):
    client = sign_in(personas.social_worker)
    response = client.post(
        reverse("signals:acknowledge", args=[signal.pk]), {"decision": "", "rationale": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert services.ERROR_DECISION_MISSING in html
    assert services.ERROR_RATIONALE_MISSING in html
    assert 'href="#id_decision_0"' in html
    signal.refresh_from_db()
    assert not signal.is_acknowledged


def test_a_too_short_reason_is_refused_by_the_service_and_shown(sign_in, personas, signal):
    response = sign_in(personas.social_worker).post(
        reverse("signals:acknowledge", args=[signal.pk]),
        {"decision": "no_action", "rationale": "Known."},
    )
    assert response.status_code == 400
    assert services.ERROR_RATIONALE_SHORT in response.content.decode()


def test_acknowledging_confirms_and_shows_the_decision(sign_in, personas, signal):
    client = sign_in(personas.social_worker)
    response = client.post(
        reverse("signals:acknowledge", args=[signal.pk]),
        {"decision": "action_taken", "rationale": "Asked the hospital for the body map."},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain == [(reverse("signals:detail", args=[signal.pk]), 302)]
    assert "Signal acknowledged: your decision and reason are recorded" in html
    assert "Asked the hospital for the body map." in html
    assert "Acknowledge this signal" not in html
    signal.refresh_from_db()
    assert signal.acknowledged_by == personas.social_worker.worker
    assert signal.decision == Signal.Decision.ACTION_TAKEN


def test_acknowledged_signals_leave_the_list_unless_asked_for(sign_in, personas, signal):
    services.signal_acknowledge(
        signal=signal,
        by=personas.social_worker.worker,
        decision="no_action",
        rationale="Accidental, seen by the GP.",
    )
    client = sign_in(personas.social_worker)
    assert f'data-signal="{signal.pk}"' not in page(client, reverse("signals:list"))
    assert f'data-signal="{signal.pk}"' in page(client, reverse("signals:list") + "?show=all")


# --- panels -----------------------------------------------------------------------------------


def test_my_cases_shows_the_signal_until_it_is_acknowledged(sign_in, personas, signal):
    client = sign_in(personas.social_worker)
    html = page(client, reverse("cases:my_cases"))
    assert "Signals to acknowledge" in html
    assert f'data-signal="{signal.pk}"' in html
    services.signal_acknowledge(
        signal=signal,
        by=personas.social_worker.worker,
        decision="no_action",
        rationale="Accidental, seen by the GP.",
    )
    assert f'data-signal="{signal.pk}"' not in page(client, reverse("cases:my_cases"))


def test_the_team_dashboard_shows_the_signal_until_someone_acknowledges_it(
    sign_in, personas, signal
):
    client = sign_in(personas.team_manager)
    html = page(client, reverse("cases:team_dashboard"))
    assert "Signals not yet acknowledged" in html
    assert f'data-signal="{signal.pk}"' in html
    assert personas.social_worker.worker.full_name in html, "the manager sees who has it"
    services.signal_acknowledge(
        signal=signal,
        by=personas.social_worker.worker,
        decision="no_action",
        rationale="Accidental, seen by the GP.",
    )
    assert "Signals not yet acknowledged" not in page(client, reverse("cases:team_dashboard"))


def test_the_child_record_lists_the_childs_signals_with_their_status(sign_in, personas, signal):
    client = sign_in(personas.social_worker)
    url = reverse("cases:child_record", args=[signal.child_id])
    html = page(client, url)
    assert 'id="signals"' in html
    assert "To acknowledge" in html
    services.signal_acknowledge(
        signal=signal,
        by=personas.social_worker.worker,
        decision="no_action",
        rationale="Accidental, seen by the GP.",
    )
    assert "All acknowledged" in page(client, url)


def test_a_panel_row_names_the_signal_the_child_and_links_to_the_signal(personas, signal):
    user = get_user_model().objects.get(username="sw")
    context = panels.caseload_panel(user, TODAY).context
    (row,) = context["rows"]
    assert context["count"] == "1 signal"
    assert row.url == reverse("signals:detail", args=[signal.pk])
    assert row.title == signal.rule.title
    assert row.child_name == signal.child.full_name
    assert row.raised == f"{signal.raised_on.day} {signal.raised_on:%b %Y}"


def test_an_acknowledged_signal_on_the_record_says_what_was_decided_and_by_whom(personas, signal):
    services.signal_acknowledge(
        signal=signal,
        by=personas.social_worker.worker,
        decision="no_action",
        rationale="Accidental, seen by the GP.",
    )
    user = get_user_model().objects.get(username="sw")
    (row,) = panels.record_panel(user, signal.child, TODAY).context["rows"]
    assert row.acknowledged
    assert row.acknowledgement == (f"No action needed, {personas.social_worker.worker.full_name}")


def test_a_child_without_signals_has_no_panel(sign_in, personas):
    html = page(
        sign_in(personas.social_worker), reverse("cases:child_record", args=[personas.own_child.pk])
    )
    assert 'id="signals"' not in html


def _queries(read):
    user = get_user_model().objects.get(username=read[0])
    with CaptureQueriesContext(connection) as captured:
        panel = read[1](user)
    return len(captured), panel


def test_each_panel_reads_a_fixed_number_of_queries(personas):
    children = [personas.own_child, personas.restricted_child, personas.team_child]
    signal_about(children[0])
    # The record's panel reads the signals with the record's tables and keeps them on the
    # child object it is given (`cases.selectors.record_tables`), as each request has its own.
    record_of = {"child": Person.objects.get(pk=personas.own_child.pk)}
    sources = {
        "caseload": ("sw", lambda u: panels.caseload_panel(u, TODAY)),
        "team": ("tm", lambda u: panels.team_panel(u, [personas.team], TODAY, None)),
        "record": ("sw", lambda u: panels.record_panel(u, record_of["child"], TODAY)),
    }
    few = {name: _queries(source) for name, source in sources.items()}
    for child in children:
        for rule_id in ("SG01", "SG02", "SG03"):
            signal_about(child, rule_id=rule_id)
    record_of["child"] = Person.objects.get(pk=personas.own_child.pk)
    many = {name: _queries(source) for name, source in sources.items()}

    assert {name: count for name, (count, _) in few.items()} == {
        "caseload": 2,  # the worker (cached on a page), then the signals
        "team": 2,  # the worker (cached on a page), then the signals
        "record": 1,  # the tables registered with the record, read with its own on a page
    }
    assert {n: c for n, (c, _) in many.items()} == {n: c for n, (c, _) in few.items()}
    assert len(many["team"][1].context["rows"]) == 10
    assert len(many["record"][1].context["rows"]) == 4


def test_the_front_door_sees_and_acknowledges_a_signal_about_an_unallocated_child(
    sign_in, personas
):
    from safeguard.people.tests.factories import ChildFactory

    baby = ChildFactory(date_of_birth=date(2024, 9, 1))
    partner_event(
        child=baby,
        event_type="injury",
        occurred_on=date(2025, 3, 12),
        kind="hospital",
        authority=personas.authority,
    )
    (signal,) = services.signals_evaluate_for_child(child_id=baby.pk)
    assert signal.recipient_team == personas.front_door

    client = sign_in(personas.front_door_worker)
    assert f'data-signal="{signal.pk}"' in page(client, reverse("cases:my_cases"))
    # Not in their need to know for the record, but the signal was sent to them.
    assert client.get(reverse("cases:child_record", args=[baby.pk])).status_code == 404
    response = client.post(
        reverse("signals:acknowledge", args=[signal.pk]),
        {"decision": "contact_or_referral", "rationale": "Opened a contact for the baby."},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.acknowledged_by == personas.front_door_worker.worker
    # Another team's worker still cannot see it.
    assert (
        sign_in(personas.other_worker).get(reverse("signals:detail", args=[signal.pk])).status_code
        == 404
    )

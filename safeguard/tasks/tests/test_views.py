"""The task page, its count in the navigation, acknowledging a new allocation and asking for
the daily email: what each shows, what bad input gets, who may use them, and a fixed number
of queries however many tasks there are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from safeguard.agencies.signals.tests.factories import signal_about
from safeguard.audit.models import Action, AuditEntry, AuditHead
from safeguard.audit.services import own_chain_forget
from safeguard.cases import extensions, services
from safeguard.people.tests.factories import ChildFactory
from safeguard.tasks.models import AllocationSeen, DigestSubscription
from safeguard.tasks.services import DIGEST_NEEDS_EMAIL
from safeguard.tasks.tests.support import (
    NOW,
    TODAY,
    returned_assessment,
    submitted_assessment,
)
from safeguard.tasks.views import ALLOCATION_NOT_CHOSEN, DIGEST_NOT_CHOSEN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(calendar: Any) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _new_allocation(personas: Any, child: Any = None) -> Any:
    return services.allocation_allocate(
        child=child or personas.team_child,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=TODAY,
        reason="Capacity in the team.",
        allocated_by=personas.team_manager.worker,
    )


# --- The page -----------------------------------------------------------------------------


def test_the_worker_reads_the_managers_reason_and_a_link_to_the_assessment(personas, sign_in):
    assessment = returned_assessment(personas)

    response = sign_in(personas.social_worker).get(reverse("tasks:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Work returned to you (1)" in html
    assert "Add the father&#x27;s view and what the school told you on 3 March." in html
    assert f'href="{reverse("cases:assessment_edit", args=[assessment.pk])}"' in html
    assert "Rework Own Child&#x27;s assessment" in html


def test_the_page_is_audited_as_one_list_naming_the_children_by_id(personas, sign_in):
    returned_assessment(personas)

    sign_in(personas.social_worker).get(reverse("tasks:list"))

    entry = AuditEntry.objects.filter(action=Action.SEARCH, object_type="tasks.list").get()
    assert entry.details["list"] == "tasks"
    assert entry.details["child_ids"] == [personas.own_child.pk]
    assert "Own" not in str(entry.details)


def test_a_person_with_nothing_to_do_is_told_so(personas, sign_in):
    response = sign_in(personas.auditor).get(reverse("tasks:list"))

    assert response.status_code == 200
    assert "You have no tasks." in response.content.decode()


@pytest.mark.parametrize("role", ["analyst", "system_administrator", "partner_user", "superuser"])
def test_roles_without_a_task_list_are_refused(personas, sign_in, role):
    client = sign_in(getattr(personas, role))
    assert client.get(reverse("tasks:list")).status_code == 403
    assert client.get(reverse("tasks:count")).status_code == 403


def test_the_navigation_offers_tasks_with_its_count_fetched_after_the_page(personas, sign_in):
    html = sign_in(personas.social_worker).get(reverse("cases:my_cases")).content.decode()

    assert f'hx-get="{reverse("tasks:count")}"' in html
    assert ">Tasks <span" in html


def test_the_navigation_offers_no_tasks_to_a_role_without_them(personas, sign_in):
    html = sign_in(personas.analyst).get(reverse("performance:dashboard")).content.decode()

    assert reverse("tasks:list") not in html


def test_the_count_says_how_many_tasks_and_nothing_when_there_are_none(personas, sign_in):
    client = sign_in(personas.social_worker)
    assert client.get(reverse("tasks:count")).content.decode().strip() == ""

    returned_assessment(personas)
    signal_about(personas.own_child, today=TODAY)

    response = client.get(reverse("tasks:count"))
    assert response.content.decode().strip() == (
        '<span class="safeguard-nav-count">2</span>'
        '<span class="govuk-visually-hidden"> to do</span>'
    )
    assert "no-cache" in response["Cache-Control"]


# --- Acknowledging a new allocation -------------------------------------------------------


def test_the_worker_says_they_have_seen_a_new_allocation_and_it_goes(personas, sign_in):
    allocation = _new_allocation(personas)
    client = sign_in(personas.social_worker)
    assert "New allocations (1)" in client.get(reverse("tasks:list")).content.decode()

    response = client.post(reverse("tasks:allocation_seen"), {"allocation": allocation.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:list") + "#allocations"
    assert AllocationSeen.objects.filter(
        user=personas.social_worker, allocation=allocation
    ).exists()
    page = client.get(reverse("tasks:list")).content.decode()
    assert "New allocations" not in page
    assert "Team Child is no longer a new allocation" in page


def test_saying_so_without_choosing_an_allocation_is_refused_and_changes_nothing(personas, sign_in):
    _new_allocation(personas)

    response = sign_in(personas.social_worker).post(
        reverse("tasks:allocation_seen"), {"allocation": "x"}
    )

    assert response.status_code == 400
    assert ALLOCATION_NOT_CHOSEN in response.content.decode()
    assert not AllocationSeen.objects.exists()


def test_nobody_can_acknowledge_someone_elses_allocation(personas, sign_in):
    allocation = _new_allocation(personas)

    response = sign_in(personas.other_worker).post(
        reverse("tasks:allocation_seen"), {"allocation": allocation.pk}
    )

    assert response.status_code == 404
    assert not AllocationSeen.objects.exists()


def test_acknowledging_is_a_post_only(personas, sign_in):
    response = sign_in(personas.social_worker).get(reverse("tasks:allocation_seen"))

    assert response.status_code == 405


# --- The daily email ----------------------------------------------------------------------


def test_a_person_asks_for_the_daily_email_and_stops_it(personas, sign_in):
    user = personas.social_worker
    user.email = "sw@personashire.example"
    user.save()
    client = sign_in(user)
    assert "Send me the daily email" in client.get(reverse("tasks:list")).content.decode()

    response = client.post(reverse("tasks:digest"), {"email_digest": "on"})

    assert response["Location"] == reverse("tasks:list") + "#digest"
    assert DigestSubscription.objects.filter(user=user).exists()
    page = client.get(reverse("tasks:list")).content.decode()
    assert "sent to sw@personashire.example" in page
    assert "Stop the daily email" in page

    client.post(reverse("tasks:digest"), {"email_digest": "off"})

    assert not DigestSubscription.objects.exists()


def test_the_daily_email_is_refused_to_an_account_without_an_address(personas, sign_in):
    client = sign_in(personas.social_worker)
    page = client.get(reverse("tasks:list")).content.decode()
    assert "Your account has no email address" in page
    assert "Send me the daily email" not in page

    response = client.post(reverse("tasks:digest"), {"email_digest": "on"})

    assert response.status_code == 400
    assert DIGEST_NEEDS_EMAIL.replace("'", "&#x27;") in response.content.decode()
    assert not DigestSubscription.objects.exists()


def test_an_unreadable_choice_about_the_email_is_refused(personas, sign_in):
    response = sign_in(personas.social_worker).post(
        reverse("tasks:digest"), {"email_digest": "maybe"}
    )

    assert response.status_code == 400
    assert DIGEST_NOT_CHOSEN in response.content.decode()


# --- A fixed number of queries ------------------------------------------------------------


def _lots_to_do(personas: Any, size: int) -> None:
    """For each of `size` children in the social worker's team: a returned assessment, a new
    allocation and a signal for the worker; an assessment waiting for the manager."""
    for n in range(size):
        child = ChildFactory(first_name=f"Busy{n}", last_name="Testchild")
        _new_allocation(personas, child)
        returned_assessment(personas, child)
        signal_about(child, today=TODAY)
        waiting = ChildFactory(first_name=f"Waiting{n}", last_name="Testchild")
        services.allocation_allocate(
            child=waiting,
            team=personas.team,
            worker=personas.social_worker.worker,
            start_date=date(2024, 6, 3),
            reason="",
            allocated_by=None,
        )
        submitted_assessment(personas, waiting)


# The session and the account; the caseload (allocated, visible, their statutory items);
# returned work; new allocations; placements to review; signals; alerts; the audit entry
# (savepoint, lock the chain's head, insert, move the head, release); the email setting; the
# session's idle time saved (savepoint, update, release). A manager's caseload is empty here
# (one query, not three), and they have their teams and the authorisations waiting (two).
TASKS_PAGE_QUERIES = {"social_worker": 19, "team_manager": 18}


@pytest.mark.parametrize("role", ["social_worker", "team_manager"])
@pytest.mark.parametrize("size", [1, 6])
def test_the_page_takes_the_same_queries_whatever_the_number_of_tasks(
    personas, sign_in, django_assert_num_queries, monkeypatch, role, size
):
    # The clocks other apps add to the caseload (care, care leavers) count their own queries
    # in their tests (cases/tests/test_clock_sources.py, care_leavers/tests/test_clocks.py).
    monkeypatch.setattr(extensions, "_clock_sources", [])
    _lots_to_do(personas, size)
    # The chain has a head once anything was ever audited; the first entry ever creates it.
    AuditHead.objects.get_or_create(id=1)
    # The services above appended to the audit trail; on PostgreSQL a thread's later appends
    # take one statement on its own chain. Forgotten, the page's append takes the usual five,
    # as on SQLite.
    own_chain_forget()
    client = sign_in(getattr(personas, role))

    with django_assert_num_queries(TASKS_PAGE_QUERIES[role]):
        response = client.get(reverse("tasks:list"))

    html = response.content.decode()
    if role == "social_worker":
        assert f"Work returned to you ({size})" in html
        assert f"New allocations ({size})" in html
    else:
        assert f"Assessments waiting for your authorisation ({size})" in html

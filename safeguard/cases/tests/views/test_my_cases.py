"""My cases: every child allocated to the worker, the next statutory task for each, overdue
first; the overdue count; a fixed number of queries; and who may see the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import AuditHead
from safeguard.cases import services
from safeguard.cases.models import Allocation
from safeguard.cases.tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildProtectionPlanFactory,
    ReferralFactory,
)
from safeguard.common import codes
from safeguard.common.tests.compiling import AUDIT_APPEND, sql_compiled
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def frozen_today(calendar: Any) -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _allocated(personas: Any, name: str, worker: Any = None) -> Any:
    child = ChildFactory(first_name=name, last_name="Testchild")
    AllocationFactory(
        child=child,
        team=personas.team,
        worker=worker or personas.social_worker.worker,
        start_date=date(2024, 6, 3),
    )
    return child


def _assessment_from(personas: Any, child: Any, referral_date: date) -> Any:
    referral = ReferralFactory(child=child, team=personas.team, referral_date=referral_date)
    return AssessmentFactory(referral=referral)


def build_caseload(personas: Any) -> dict[str, Any]:
    """The social worker's caseload on Friday 14 March 2025 (due soon = within 5 working days):

    - Unseen: on a plan since Monday 3 February: the CP visit and the first core group were
      both due 10 working days later, on 17 February (never seen since the plan started): 2
      overdue tasks, the next due 17 February (the visit, listed first by name on a tie).
    - Late: referral Monday 6 January; assessment due Monday 10 March: overdue.
    - Soon: referral Wednesday 15 January; assessment due Wednesday 19 March, 3 working days
      away: due soon.
    - Calm: referral Monday 3 March; the 45 working days skip Good Friday (18 April), Easter
      Monday (21 April) and the early May bank holiday (5 May): due Thursday 8 May, upcoming.
    - Own (from the personas): nothing due, listed last.
    - Restricted (from the personas) is allocated to the worker, who is not named on it: not
      listed.
    """
    unseen = _allocated(personas, "Unseen")
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=ReferralFactory(
            child=unseen, team=personas.team
        )
    )
    late = _allocated(personas, "Late")
    _assessment_from(personas, late, date(2025, 1, 6))
    soon = _allocated(personas, "Soon")
    _assessment_from(personas, soon, date(2025, 1, 15))
    calm = _allocated(personas, "Calm")
    _assessment_from(personas, calm, date(2025, 3, 3))
    # Someone else's child in the same team, overdue: not on this worker's list.
    theirs = _allocated(personas, "Theirs", worker=personas.team_manager.worker)
    _assessment_from(personas, theirs, date(2025, 1, 6))
    return {"unseen": unseen, "late": late, "soon": soon, "calm": calm}


def rows(html: str) -> list[list[str]]:
    """Each row of the caseload table as [child, task, due, status] text."""
    table = html.split('id="my-cases"', 1)[1].split("</table>", 1)[0]
    result = []
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        text = [re.sub(r"<[^>]+>", " ", cell) for cell in cells]
        result.append([" ".join(t.split()) for t in text])
    return result


def overdue_count(html: str) -> int:
    match = re.search(r'id="overdue-count"[^>]*>(\d+)<', html)
    assert match, "no overdue count"
    return int(match.group(1))


def test_my_cases_lists_the_workers_children_overdue_first_then_soonest_due(personas, sign_in):
    build_caseload(personas)
    response = sign_in(personas.social_worker).get(reverse("cases:my_cases"))
    assert response.status_code == 200
    assert rows(response.content.decode()) == [
        [
            "Unseen Testchild",
            "Child protection plan visit and 2 more open, 2 overdue in all",
            "17 Feb 2025",
            "Overdue",
        ],
        ["Late Testchild", "Assessment authorised", "10 Mar 2025", "Overdue"],
        ["Soon Testchild", "Assessment authorised", "19 Mar 2025", "Due soon"],
        ["Calm Testchild", "Assessment authorised", "8 May 2025", "Upcoming"],
        ["Own Child POwn", "Nothing due", "None", "Nothing due"],
    ]


def test_the_overdue_count_counts_every_overdue_task_on_the_caseload(personas, sign_in):
    build_caseload(personas)
    html = sign_in(personas.social_worker).get(reverse("cases:my_cases")).content.decode()
    # Unseen: core group and visit; Late: assessment.
    assert overdue_count(html) == 3
    assert "for 2 children" in html


def test_recording_a_visit_brings_the_overdue_count_down(personas, sign_in):
    cases = build_caseload(personas)
    client = sign_in(personas.social_worker)
    assert overdue_count(client.get(reverse("cases:my_cases")).content.decode()) == 3
    services.visit_record(
        child=cases["unseen"],
        kind=codes.VisitKind.CP_VISIT,
        visit_date=date(2025, 3, 14),
        child_seen=True,
        wishes_and_feelings="Said she likes her new school.",
        seen_alone=True,
        visited_by=personas.social_worker.worker,
    )
    assert overdue_count(client.get(reverse("cases:my_cases")).content.decode()) == 2


def test_each_child_links_to_their_record(personas, sign_in):
    cases = build_caseload(personas)
    html = sign_in(personas.social_worker).get(reverse("cases:my_cases")).content.decode()
    assert f'href="/children/{cases["late"].pk}"' in html


def test_children_of_other_workers_and_restricted_records_are_not_listed(personas, sign_in):
    build_caseload(personas)
    html = sign_in(personas.social_worker).get(reverse("cases:my_cases")).content.decode()
    for name in ("Theirs", "Restricted", "Other Child", "Team Child"):
        assert name not in html


def test_a_worker_with_no_children_is_told_so(personas, sign_in):
    response = sign_in(personas.other_worker).get(reverse("cases:my_cases"))
    html = response.content.decode()
    assert "Other Child" in html
    response = sign_in(personas.conference_chair).get(reverse("cases:my_cases"))
    assert "No children are allocated to you." in response.content.decode()
    assert overdue_count(response.content.decode()) == 0


def _grow(personas: Any, size: int) -> None:
    for n in range(size):
        late = _allocated(personas, f"Late{n}")
        _assessment_from(personas, late, date(2025, 1, 6))
        unseen = _allocated(personas, f"Unseen{n}")
        ChildProtectionPlanFactory(
            initial_conference__section47_enquiry__strategy_discussion__referral=ReferralFactory(
                child=unseen, team=personas.team
            )
        )


# Session, the user (with their worker, two-factor device and session epoch, in one query:
# accounts.backends), the caseload, need to know for the caseload's children, every open
# task (one UNION ALL), the audit entry naming the children listed (savepoint, lock the
# chain's head, insert, move the head, release: five, however many children), and saving the
# session's last-seen time (savepoint, update, release). The navigation asks the rules, not
# Django's model permissions.
MY_CASES_QUERIES = 13


@pytest.mark.parametrize("size", [2, 20])
def test_my_cases_takes_the_same_queries_whatever_the_size_of_the_caseload(
    personas, sign_in, django_assert_num_queries, size, social_care_only
):
    _grow(personas, size)
    # The chain has a head once anything was ever audited; the first entry ever creates it.
    AuditHead.objects.get_or_create(id=1)
    client = sign_in(personas.social_worker)
    with django_assert_num_queries(MY_CASES_QUERIES):
        response = client.get(reverse("cases:my_cases"))
    # Each child: the assessment, or the core group and the visit.
    assert overdue_count(response.content.decode()) == 3 * size


@pytest.mark.parametrize("role", ["auditor", "analyst", "system_administrator"])
def test_roles_without_a_caseload_are_refused(personas, sign_in, role):
    assert sign_in(getattr(personas, role)).get(reverse("cases:my_cases")).status_code == 403


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "head_of_service"])
def test_practitioners_and_managers_may_see_their_own_cases(personas, sign_in, role):
    assert sign_in(getattr(personas, role)).get(reverse("cases:my_cases")).status_code == 200


def test_my_cases_asks_for_the_caseload_permission():
    from django.urls import resolve

    assert resolve("/my-cases").func.safeguard_permission == "caseload.view"


# The page's queries are compiled once and run afresh (common.compiled): what changes between
# visits is read anew.


def _names_listed(client: Any) -> str:
    return client.get(reverse("cases:my_cases")).content.decode()


def test_a_child_allocated_since_the_last_visit_is_listed_and_one_moved_on_is_not(
    personas, sign_in
):
    client = sign_in(personas.social_worker)
    assert "Newcomer" not in _names_listed(client)
    newcomer = _allocated(personas, "Newcomer")
    assert "Newcomer" in _names_listed(client)
    Allocation.objects.filter(child=newcomer).update(end_date=date(2025, 3, 13))
    assert "Newcomer" not in _names_listed(client)


def test_being_named_on_a_restricted_record_lists_it_at_the_next_visit(personas, sign_in):
    client = sign_in(personas.social_worker)
    assert "Restricted" not in _names_listed(client)
    personas.restricted_child.restriction.named_users.add(personas.social_worker)
    assert "Restricted" in _names_listed(client)


def test_a_second_view_compiles_no_sql(personas, sign_in):
    # The caseload, its clocks and every panel registered through `cases.extensions` run
    # statements compiled on the first view (`common.compiled`).
    _grow(personas, 2)
    client = sign_in(personas.social_worker)
    assert client.get(reverse("cases:my_cases")).status_code == 200
    with sql_compiled() as callers:
        assert client.get(reverse("cases:my_cases")).status_code == 200
    assert [c for c in callers if c not in AUDIT_APPEND] == []

"""Supervision as people see and record it: the child's record and chronology, the recording
pages (check your answers, then record), a worker's personal supervision page and the team
dashboard's list of supervisions overdue and due soon."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.access.roles import worker_of
from safeguard.cases import extensions
from safeguard.cases.selectors import team_dashboards_get
from safeguard.cases.tests.factories import AllocationFactory
from safeguard.organisation.models import Worker
from safeguard.supervision.chronology import case_supervision_chronology
from safeguard.supervision.models import CaseSupervision, PersonalSupervision, SupervisionAction
from safeguard.supervision.panels import supervision_team_panel
from safeguard.supervision.selectors import team_supervisions_due
from safeguard.supervision.tests.factories import (
    CaseSupervisionFactory,
    PersonalSupervisionFactory,
    SupervisionActionFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    # Tuesday 10 March 2026.
    with time_machine.travel(datetime(2026, 3, 10, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def _supervised(personas, held_on=date(2026, 2, 3), **changes):
    return CaseSupervisionFactory(
        allocation=None,
        child=personas.own_child,
        case_holder=personas.social_worker.worker,
        supervisor=personas.team_manager.worker,
        held_on=held_on,
        **changes,
    )


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_the_manager_records_case_supervision_after_checking_the_answers(personas, sign_in):
    client = sign_in(personas.team_manager)
    url = reverse("supervision:case_record", args=[personas.own_child.pk])
    answers = {
        **_date("held_on", date(2026, 3, 9)),
        "discussion": "Attendance is falling; mother engaging with the plan.",
        "decisions": "Keep the plan; weekly visits until the review.",
        "action_1_what": "Ask the school for attendance figures",
        "action_1_owner": str(personas.social_worker.worker.pk),
        **_date("action_1_due_on", date(2026, 3, 16)),
    }
    check = client.post(url, answers)
    assert check.status_code == 200
    assert "Check your answers" in _text(check)
    assert not CaseSupervision.objects.exists()
    token = check.context["token"]

    done = client.post(url, {**answers, "submission_token": token, "confirm": "yes"})

    assert done.status_code == 302
    assert done["Location"] == reverse("cases:child_record", args=[personas.own_child.pk])
    supervision = CaseSupervision.objects.get()
    assert supervision.supervisor == personas.team_manager.worker
    assert supervision.actions.get().owner == personas.social_worker.worker


def test_a_refused_supervision_shows_the_reason_on_the_form_and_writes_nothing(personas, sign_in):
    client = sign_in(personas.team_manager)
    url = reverse("supervision:case_record", args=[personas.own_child.pk])
    response = client.post(
        url,
        {
            **_date("held_on", date(2026, 3, 9)),
            "discussion": "Attendance.",
            "decisions": "Keep the plan.",
            "action_1_what": "Visit",
            "action_1_owner": str(personas.social_worker.worker.pk),
            **_date("action_1_due_on", date(2026, 3, 2)),
        },
    )
    assert response.status_code == 400
    assert "An action's due date must be on or after 9 March 2026" in _text(response)
    assert not CaseSupervision.objects.exists()


def test_the_childs_record_shows_the_last_supervision_and_when_the_next_is_due(personas, sign_in):
    supervision = _supervised(personas, decisions="Move to weekly visits.")
    SupervisionActionFactory(
        supervision=supervision, what="Book the review", due_on=date(2026, 2, 10)
    )
    page = _text(
        sign_in(personas.team_manager).get(
            reverse("cases:child_record", args=[personas.own_child.pk])
        )
    )
    assert 'id="case-supervision"' in page
    assert "3 February 2026: Tm Persona supervising Sw Persona" in page
    assert "Move to weekly visits." in page
    # 3 February + 1 month = Tuesday 3 March 2026: overdue on 10 March.
    assert '3 March 2026 <strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert reverse("supervision:case_record", args=[personas.own_child.pk]) in page
    action = SupervisionAction.objects.get()
    assert reverse("supervision:action_done", args=[personas.own_child.pk, action.pk]) in page


def test_the_social_worker_reads_the_supervision_but_is_not_offered_to_record_it(personas, sign_in):
    _supervised(personas)
    page = _text(
        sign_in(personas.social_worker).get(
            reverse("cases:child_record", args=[personas.own_child.pk])
        )
    )
    assert 'id="case-supervision"' in page
    assert reverse("supervision:case_record", args=[personas.own_child.pk]) not in page


def test_the_chronology_shows_case_supervision_as_management_oversight(personas, sign_in):
    supervision = _supervised(personas, decisions="Move to weekly visits.")
    SupervisionActionFactory(
        supervision=supervision, what="Book the review", due_on=date(2026, 2, 10)
    )
    (event,) = case_supervision_chronology(personas.social_worker, personas.own_child)
    assert (event.on, event.kind, event.kind_label) == (
        date(2026, 2, 3),
        "management_oversight",
        "Case supervision",
    )
    assert event.title == "Case supervision of Sw Persona by Tm Persona"
    assert event.rationale == "Move to weekly visits."
    assert event.action_taken == "Actions: Book the review (Sw Persona, by 10 February 2026)"
    assert case_supervision_chronology in extensions._chronology_sources
    page = _text(
        sign_in(personas.social_worker).get(
            reverse("cases:child_record", args=[personas.own_child.pk])
        )
    )
    assert "Case supervision of Sw Persona by Tm Persona" in page


def test_the_chronology_reads_case_supervision_in_one_query(personas, django_assert_num_queries):
    for day in (date(2026, 1, 5), date(2026, 2, 3)):
        SupervisionActionFactory.create_batch(2, supervision=_supervised(personas, held_on=day))
    # The supervisions, their actions and the names on them: the tables registered with the
    # record (`cases.selectors.record_tables`), in one statement off the record, none on it.
    with django_assert_num_queries(1):
        events = case_supervision_chronology(personas.social_worker, personas.own_child)
    assert len(events) == 2
    assert all(event.action_taken.count("(") == 2 for event in events)


def test_the_owner_marks_an_action_done(personas, sign_in):
    action = SupervisionActionFactory(supervision=_supervised(personas))
    client = sign_in(personas.team_manager)
    url = reverse("supervision:action_done", args=[personas.own_child.pk, action.pk])
    form = client.get(url)
    response = client.post(
        url, {**_date("done_on", date(2026, 3, 9)), "submission_token": form.context["token"]}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == date(2026, 3, 9)


def test_an_action_of_another_childs_supervision_is_not_found(personas, sign_in):
    action = SupervisionActionFactory(supervision=_supervised(personas))
    url = reverse("supervision:action_done", args=[personas.restricted_child.pk, action.pk])
    assert sign_in(personas.team_manager).get(url).status_code == 404


def test_the_line_manager_records_personal_supervision_from_the_workers_page(personas, sign_in):
    worker = personas.social_worker.worker
    client = sign_in(personas.team_manager)
    page = _text(client.get(reverse("supervision:worker", args=[worker.pk])))
    # Started 6 January 2020, never supervised: due Thursday 6 February 2020, long overdue.
    assert "6 February 2020" in page
    url = reverse("supervision:personal_record", args=[worker.pk])
    assert url in page
    answers = {
        **_date("held_on", date(2026, 3, 9)),
        "wellbeing": "Tired after a court week.",
        "workload": "Sixteen children.",
        "learning": "",
        "agreed": "Leave at Easter.",
    }
    check = client.post(url, answers)
    assert "Only they and their managers can read it." in _text(check)
    client.post(url, {**answers, "submission_token": check.context["token"], "confirm": "yes"})
    assert PersonalSupervision.objects.get().workload == "Sixteen children."
    page = _text(client.get(reverse("supervision:worker", args=[worker.pk])))
    # 9 March + 1 month = Thursday 9 April 2026.
    assert "9 April 2026" in page
    assert "Tired after a court week." in page


def test_a_worker_reads_their_own_personal_supervision_but_not_a_colleagues(personas, sign_in):
    PersonalSupervisionFactory(
        worker=personas.social_worker.worker,
        supervisor=personas.team_manager.worker,
        wellbeing="Fictional: well.",
    )
    client = sign_in(personas.social_worker)
    own = client.get(reverse("supervision:worker", args=[personas.social_worker.worker.pk]))
    assert "Fictional: well." in _text(own)
    assert reverse("supervision:personal_record", args=[personas.social_worker.worker.pk]) not in (
        _text(own)
    )
    colleague = personas.other_worker.worker
    assert client.get(reverse("supervision:worker", args=[colleague.pk])).status_code == 404


def _manager_dashboard(personas, sign_in):
    return _text(sign_in(personas.team_manager).get(reverse("cases:team_dashboard")))


def _restricted_child_supervised(personas):
    """The restricted child (its record names the team manager) supervised on 12 February."""
    CaseSupervisionFactory(
        allocation=None,
        child=personas.restricted_child,
        case_holder=personas.social_worker.worker,
        supervisor=personas.team_manager.worker,
        held_on=date(2026, 2, 12),
    )


def test_the_team_dashboard_lists_overdue_and_due_soon_supervisions(personas, sign_in):
    # Own Child: last supervised 3 February, due 3 March: overdue. Restricted Child (the
    # manager is named on it): supervised 12 February, due Thursday 12 March: due soon.
    _supervised(personas)
    _restricted_child_supervised(personas)
    # The social worker's personal supervision was on 2 March: due 2 April, not soon.
    PersonalSupervisionFactory(
        worker=personas.social_worker.worker,
        supervisor=personas.team_manager.worker,
        held_on=date(2026, 3, 2),
    )
    page = _manager_dashboard(personas, sign_in)
    assert 'id="supervision-due"' in page
    assert "<span data-overdue>1</span> overdue, <span data-due-soon>1</span> due soon" in page
    assert "Own Child" in page and "Restricted Child" in page
    assert 'data-supervision-row="personal"' not in page
    assert supervision_team_panel in extensions._team_panels


def test_a_manager_not_named_on_a_restricted_record_is_not_shown_its_child(personas):
    rows = team_supervisions_due(
        user=personas.head_of_service, teams=[personas.team], today=date(2026, 3, 10)
    )
    assert "Restricted Child" not in {r.child for r in rows}
    assert "Own Child" in {r.child for r in rows}


def test_a_worker_never_supervised_shows_as_overdue_personal_supervision(personas, sign_in):
    page = _manager_dashboard(personas, sign_in)
    assert 'data-supervision-row="personal"' in page
    assert "Sw Persona" in page


@pytest.mark.parametrize("size", [1, 8])
def test_the_team_panel_reads_the_same_queries_whatever_the_size_of_the_team(
    personas, django_assert_num_queries, size
):
    for n in range(size):
        worker = Worker.objects.create(
            authority=personas.authority,
            first_name="Grown",
            last_name=f"Worker{n}",
            role=Worker.Role.SOCIAL_WORKER,
            team=personas.team,
            started_on=date(2024, 1, 8),
        )
        allocation = AllocationFactory(
            team=personas.team, worker=worker, start_date=date(2026, 2, 2)
        )
        CaseSupervisionFactory(
            allocation=allocation,
            child=allocation.child,
            case_holder=worker,
            supervisor=personas.team_manager.worker,
            held_on=date(2026, 2, 9),
        )
    user = personas.team_manager
    worker_of(user)  # read once per request with the account (accounts.backends)
    today = date(2026, 3, 10)
    # The cases as the dashboard reads them (`TeamDashboard.held`), handed to the panel.
    (dashboard,) = team_dashboards_get(user=user, teams=[personas.team], today=today)
    with django_assert_num_queries(2):
        panel = supervision_team_panel(user, [personas.team], today, dashboard.held)
    assert panel is not None
    assert len(panel.context["rows"]) >= size
    # Without them it reads the teams' allocations itself: one query more, the same rows.
    with django_assert_num_queries(3):
        alone = supervision_team_panel(user, [personas.team], today, None)
    assert alone is not None
    assert alone.context == panel.context


def test_the_cases_the_dashboard_hands_over_give_the_panel_its_own_rows(personas):
    """`held` is the cases the dashboard read with need to know asked: for a manager and a
    head of service, the panel's rows from them are those it reads itself (restricted records
    left out for a reader not named on them)."""
    _supervised(personas)
    _restricted_child_supervised(personas)
    today = date(2026, 3, 10)
    for user in (personas.team_manager, personas.head_of_service):
        (dashboard,) = team_dashboards_get(user=user, teams=[personas.team], today=today)
        assert dashboard.held is not None
        handed = team_supervisions_due(
            user=user, teams=[personas.team], today=today, held=dashboard.held
        )
        own = team_supervisions_due(user=user, teams=[personas.team], today=today)
        assert handed == own
        assert [r for r in own if r.kind == "case"]

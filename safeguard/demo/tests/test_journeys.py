"""The demo tells one coherent story, and the README's journeys can be tried on it.

Each journey is tried as the demo's own account on the demo tests' shared authority (scale
0.01, see conftest; each test's changes rolled back after it): `tm.demo` allocates a case waiting
in their team, `mash.demo` decides a contact at the front door, and `mash.demo` reviews a
partner's record that linkage could not match on its own. The story's coherence is checked on
what was written (case notes written up in office hours over the years, in words) and, for
the order of the statutory steps, on larger authorities built in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safeguard.agencies.linkage.models import MatchReview
from safeguard.cases.models import Allocation, CaseNote, Contact, Visit
from safeguard.common import codes
from safeguard.demo.generator.care import CARE_ENDED_NOTES
from safeguard.demo.generator.protection import plan_agreed_note
from safeguard.demo.generator.records import (
    ChildHistory,
    PersonRow,
    ReferralRow,
    StrategyDiscussionRow,
)
from safeguard.demo.generator.run import Options, build
from safeguard.demo.generator.staffing import WAITING_REASON
from safeguard.demo.generator.validation import GeneratedStepNotOffered, validate_child
from safeguard.organisation.models import Worker

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

# Why a case waits without a worker when it has waited since it arrived in the team.
_ALLOCATION_REASONS = {"Transfer to the child protection team after the initial conference"}


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


# --- the README's journeys, each as its own demo account -------------------------------------


def test_the_demo_team_manager_has_cases_waiting_to_allocate(
    northbridge: None, demo_account: Callable[[str], Client]
) -> None:
    manager = Worker.objects.get(user__username="tm.demo")
    waiting = Allocation.objects.filter(team=manager.team, worker=None, end_date=None)
    assert waiting.exists()
    client = demo_account("tm.demo")
    listing = _html(client.get(f"/team/{manager.team_id}/unallocated"))
    allocate_links = re.findall(r'href="(/children/\d+/allocate)"', listing)
    assert allocate_links
    page = _html(client.get(allocate_links[0]))
    assert "(no worker yet)" in page
    # Allocate it to the first worker offered, as the manager would.
    token = re.search(r'name="submission_token" value="([^"]+)"', page)
    worker = re.search(r'value="(worker-\d+)"', page)
    assert token is not None and worker is not None
    response = client.post(
        allocate_links[0],
        {
            "submission_token": token.group(1), "allocate_to": worker.group(1),
            "start_date_0": str(AS_OF.day), "start_date_1": str(AS_OF.month),
            "start_date_2": str(AS_OF.year), "rationale": "Room on her caseload this week.",
        },
    )  # fmt: skip
    assert response.status_code == 302
    child_id = int(allocate_links[0].split("/")[2])
    now = Allocation.objects.get(child_id=child_id, end_date=None)
    assert now.worker_id == int(worker.group(1).removeprefix("worker-"))


def test_a_case_waiting_for_allocation_says_why(northbridge: None) -> None:
    manager = Worker.objects.get(user__username="tm.demo")
    reasons = set(
        Allocation.objects.filter(team=manager.team, worker=None, end_date=None).values_list(
            "reason", flat=True
        )
    )
    assert reasons and reasons <= {WAITING_REASON, *_ALLOCATION_REASONS}


def test_the_demo_front_door_worker_has_a_matched_contact_to_decide(
    northbridge: None, demo_account: Callable[[str], Client]
) -> None:
    client = demo_account("mash.demo")
    queue = _html(client.get("/front-door"))
    contact_ids = [int(i) for i in re.findall(r'href="/front-door/contacts/(\d+)"', queue)]
    matched = Contact.objects.filter(pk__in=contact_ids, child__isnull=False, decision="")
    assert matched.exists()
    page = _html(client.get(f"/front-door/contacts/{matched.order_by('pk').first().pk}/decision"))
    assert 'name="decision"' in page


def test_the_demo_front_door_worker_has_a_partners_record_to_review(
    northbridge: None, demo_account: Callable[[str], Client]
) -> None:
    client = demo_account("mash.demo")
    listing = _html(client.get("/linkage/"))
    review_ids = [int(i) for i in re.findall(r'href="/linkage/(\d+)/"', listing)]
    assert MatchReview.objects.filter(pk__in=review_ids, status="pending").exists()
    page = _html(client.get(f"/linkage/{review_ids[0]}/"))
    assert "Is this the same person?" in page


# --- what the records say ----------------------------------------------------------------------


def test_case_notes_are_written_up_in_office_hours_on_the_days_of_the_work(
    northbridge: None,
) -> None:
    for model, day in ((CaseNote, "event_date"), (Visit, "visit_date")):
        rows = list(model.objects.values_list(day, "created_at"))
        assert len(rows) > 200, model.__name__
        recorded = [(d, timezone.localtime(at)) for d, at in rows]
        assert all(time(9, 0) <= at.time() <= time(17, 30) for _, at in recorded)
        assert all(d <= at.date() for d, at in recorded)
        # Written up on the day or within a few working days, never all at once.
        assert all((at.date() - d).days <= 7 for d, at in recorded if at.date() < AS_OF)
        assert len({at.date() for _, at in recorded}) > len(recorded) / 10
        assert len({at.strftime("%H:%M") for _, at in recorded}) > 100


def test_nothing_was_written_up_after_the_morning_of_the_as_of_date(northbridge: None) -> None:
    morning = datetime.combine(AS_OF, time(9, 45), tzinfo=timezone.get_current_timezone())
    assert not CaseNote.objects.filter(created_at__gt=morning).exists()
    assert not Visit.objects.filter(created_at__gt=morning).exists()


def test_case_notes_say_categories_and_outcomes_in_words(northbridge: None) -> None:
    bodies = set(CaseNote.objects.values_list("body", flat=True))
    plans = {b for b in bodies if b.startswith("Child protection plan agreed.")}
    assert plans and plans <= {plan_agreed_note(c) for c in codes.CategoryOfAbuse.values}
    outcomes = {b for b in bodies if b.startswith("Outcome: ")}
    assert outcomes and outcomes <= {
        f"Outcome: {label.lower()}." for label in codes.AssessmentOutcome.labels
    }
    codes_or_names = re.compile(r"\b(NEG|PHY|SAB|EMO|MUL|sgo|cao)\b|_")
    assert not [b for b in bodies if codes_or_names.search(b)]


def test_the_plan_note_names_the_category_of_abuse() -> None:
    assert plan_agreed_note("NEG") == "Child protection plan agreed. Category of abuse: neglect."
    assert plan_agreed_note("MUL") == "Child protection plan agreed. Category of abuse: multiple."


def test_the_end_of_care_is_noted_in_words() -> None:
    assert CARE_ENDED_NOTES["sgo"] == "Care ended: a special guardianship order was made."
    assert CARE_ENDED_NOTES["to_18"] == "Care ended: the young person turned 18."


# --- the statutory steps follow one another ----------------------------------------------------

CLOSING_OUTCOMES = {codes.AssessmentOutcome.NO_FURTHER_ACTION, codes.AssessmentOutcome.EARLY_HELP}


@pytest.mark.parametrize("seed", [1, 7])
def test_no_protection_step_follows_an_assessment_that_closed_the_case(seed: int) -> None:
    # Before the generator followed the workflow's order, about 1 child in 400 had a "no
    # further action" or "early help" assessment followed by a strategy discussion.
    built = build(
        Options(seed=seed, scale=0.05, as_of=date(2025, 3, 31), demo_password="-",
                show_progress=False)
    )  # fmt: skip
    steps = 0
    for h in built.children:
        closed = {
            a.referral: a.authorised_date
            for a in h.assessments
            if a.authorised_date is not None and a.outcome in CLOSING_OUTCOMES
        }
        protection = [
            *((s.referral, s.discussion_date) for s in h.strategy_discussions),
            *((e.referral, e.completed_date) for e in h.enquiries),
            *((c.referral, c.conference_date) for c in h.conferences if c.kind == "initial"),
        ]
        for referral, on in protection:
            if referral in closed and on is not None:
                steps += 1
                assert on <= closed[referral], (h.index, on, closed[referral])
    assert steps > 100


def test_the_generator_refuses_a_strategy_discussion_the_workflow_would_not_offer() -> None:
    # Asked of `cases.workflow.next_steps`, as the child record asks it: none after the
    # referral has closed.
    child = PersonRow("", "", date(2015, 5, 1), "F", "WBRI", is_child=True)
    referral = ReferralRow(None, date(2024, 1, 8), "2A", "N1")
    referral.closure_date, referral.closure_reason = date(2024, 2, 1), "RC8"
    history = ChildHistory(index=1, child=child, referrals=[referral])
    history.strategy_discussions.append(
        StrategyDiscussionRow(referral, date(2024, 2, 5), False, "Police", "New information.")
    )
    with pytest.raises(GeneratedStepNotOffered) as refused:
        validate_child(history, date(2025, 1, 1))
    assert str(refused.value) == (
        "Generated child #1: a strategy discussion on 2024-02-05 that the workflow would not "
        "offer that day."
    )

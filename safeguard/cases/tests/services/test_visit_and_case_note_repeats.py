"""The same visit or case note recorded twice within minutes (`services.visits`): asked about
with RecordedAlready, nothing written, unless the caller says to record it again."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings

from safeguard.cases import services
from safeguard.cases.models import CaseNote, Visit
from safeguard.cases.services.visits import RecordedAlready, clock_time
from safeguard.cases.tests.services.support import LONDON, database_state
from safeguard.common import codes
from safeguard.organisation.models import Worker
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.models import Person
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
NOON = datetime(2025, 3, 14, 12, 0, tzinfo=LONDON)


def a_visit(child: Person, worker: Worker | None, **changes: Any) -> Visit:
    details: dict[str, Any] = {
        "kind": codes.VisitKind.CP_VISIT,
        "visit_date": date(2025, 3, 13),
        "child_seen": True,
        "seen_alone": True,
        "notes": "Saw her in her bedroom; she showed me her drawings.",
        "wishes_and_feelings": "She said she wants to stay at home with her mum.",
        **changes,
    }
    return services.visit_record(child=child, visited_by=worker, **details)


def a_note(child: Person, worker: Worker | None, **changes: Any) -> CaseNote:
    details: dict[str, Any] = {
        "event_date": date(2025, 3, 13),
        "subject": "Call from school",
        "body": "The school's safeguarding lead called about attendance.",
        **changes,
    }
    return services.case_note_add(child=child, written_by=worker, **details)


def asked_about(record: Any) -> RecordedAlready:
    """`record()` raises RecordedAlready and writes nothing."""
    before = database_state()
    with pytest.raises(RecordedAlready) as asked:
        record()
    assert database_state() == before
    assert asked.value.fields == ("record_again",)
    return asked.value


def test_the_same_visit_minutes_later_is_asked_about(child: Person, worker: Worker) -> None:
    first = a_visit(child, worker)
    with time_machine.travel(NOON + timedelta(minutes=3), tick=False):
        asked = asked_about(lambda: a_visit(child, worker))
    assert asked.earlier == first
    assert (asked.who, asked.what, asked.at) == ("You", "visit", "midday")
    assert str(asked) == (
        "You recorded this visit already, at midday: "
        "select 'Yes, record it again' if this is another visit"
    )


def test_the_same_words_spaced_differently_are_the_same_visit(child: Person, worker: Worker):
    a_visit(child, worker, notes="Saw her in her bedroom;\nshe showed me her drawings.")
    asked_about(
        lambda: a_visit(
            child, worker, notes="  Saw her in her bedroom; she showed me  her drawings."
        )
    )


@pytest.mark.parametrize(
    "change",
    [
        {"visit_date": date(2025, 3, 12)},
        {"kind": codes.VisitKind.CIN_VISIT},
        {"notes": "A second visit: she was out with her grandmother at first."},
        {"seen_alone": False},
        {"child_seen": False, "seen_alone": False, "not_seen_reason": "No one was in."},
    ],
)
def test_a_visit_that_differs_is_recorded_without_asking(
    child: Person, worker: Worker, change: dict[str, Any]
) -> None:
    a_visit(child, worker)
    a_visit(child, worker, **change)
    assert Visit.objects.count() == 2


def test_the_same_visit_to_another_child_is_recorded(child: Person, worker: Worker) -> None:
    a_visit(child, worker)
    a_visit(ChildFactory(), worker)
    assert Visit.objects.count() == 2


def test_the_same_visit_after_the_window_is_recorded(child: Person, worker: Worker) -> None:
    a_visit(child, worker)
    later = NOON + timedelta(minutes=settings.SAFEGUARD_DUPLICATE_MINUTES, seconds=1)
    with time_machine.travel(later, tick=False):
        a_visit(child, worker)
    assert Visit.objects.count() == 2


def test_the_window_comes_from_settings(child: Person, worker: Worker, settings: Any) -> None:
    settings.SAFEGUARD_DUPLICATE_MINUTES = 60
    a_visit(child, worker)
    with time_machine.travel(NOON + timedelta(minutes=45), tick=False):
        asked_about(lambda: a_visit(child, worker))


def test_a_visit_recorded_again_on_purpose_is_recorded(child: Person, worker: Worker) -> None:
    a_visit(child, worker)
    a_visit(child, worker, record_again=True)
    assert Visit.objects.count() == 2


def test_someone_else_who_recorded_it_is_named(child: Person, worker: Worker) -> None:
    colleague = WorkerFactory(team=worker.team, authority=worker.authority)
    a_visit(child, colleague)
    asked = asked_about(lambda: a_visit(child, worker))
    assert asked.who == colleague.full_name
    assert str(asked).startswith(f"{colleague.full_name} recorded this visit already")


def test_the_same_case_note_minutes_later_is_asked_about(child: Person, worker: Worker) -> None:
    first = a_note(child, worker)
    with time_machine.travel(NOON + timedelta(minutes=9), tick=False):
        asked = asked_about(lambda: a_note(child, worker, body=first.body + "\n"))
    assert (asked.earlier, asked.what, asked.who) == (first, "case note", "You")


@pytest.mark.parametrize(
    "change",
    [
        {"event_date": date(2025, 3, 12)},
        {"subject": "Second call from school"},
        {"body": "The school called again: she was absent this afternoon."},
    ],
)
def test_a_case_note_that_differs_is_added_without_asking(
    child: Person, worker: Worker, change: dict[str, Any]
) -> None:
    a_note(child, worker)
    a_note(child, worker, **change)
    assert CaseNote.objects.count() == 2


def test_a_case_note_added_again_on_purpose_is_added(child: Person, worker: Worker) -> None:
    a_note(child, worker)
    a_note(child, worker, record_again=True)
    assert CaseNote.objects.count() == 2


def test_a_statutory_refusal_comes_before_the_question(child: Person, worker: Worker) -> None:
    """A note that could not be recorded anyway is refused, not asked about."""
    from safeguard.cases.workflow.rules import RuleViolation

    a_note(child, worker)
    Person.objects.filter(pk=child.pk).update(date_of_death=date(2025, 3, 12))
    with pytest.raises(RuleViolation) as refused:
        a_note(child, worker)
    assert refused.value.rules == ("date_not_after_death",)


@pytest.mark.parametrize(
    ("hour", "minute", "written"),
    [
        (0, 0, "midnight"),
        (0, 5, "12:05am"),
        (9, 0, "9am"),
        (9, 5, "9:05am"),
        (12, 0, "midday"),
        (12, 45, "12:45pm"),
        (14, 30, "2:30pm"),
    ],
)
def test_times_are_written_the_gov_uk_way(hour: int, minute: int, written: str) -> None:
    assert clock_time(datetime(2025, 3, 14, hour, minute, tzinfo=LONDON)) == written

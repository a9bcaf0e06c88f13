"""`visit_record` and `case_note_add`."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import CaseNote, Visit
from safeguard.cases.tests.services.support import TODAY, TOMORROW, refused
from safeguard.common import codes
from safeguard.organisation.models import Worker
from safeguard.people.models import Person
from safeguard.people.tests.factories import ChildFactory, UnbornChildFactory

pytestmark = pytest.mark.django_db


def test_a_visit_where_the_child_was_seen_alone_is_recorded(child: Person, worker: Worker) -> None:
    visit = services.visit_record(
        child=child,
        kind=codes.VisitKind.CP_VISIT,
        visit_date=date(2025, 3, 13),
        child_seen=True,
        wishes_and_feelings="Said she likes her new school.",
        seen_alone=True,
        visited_by=worker,
    )

    assert Visit.objects.get() == visit
    assert (visit.child_seen, visit.seen_alone, visit.visited_by) == (True, True, worker)


def test_a_visit_where_the_child_was_not_seen_says_why(child: Person) -> None:
    with refused("visit_not_seen_needs_reason"):
        services.visit_record(
            child=child,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2025, 3, 13),
            child_seen=False,
            seen_alone=False,
            visited_by=None,
        )


def test_a_child_cannot_be_seen_alone_without_being_seen(child: Person) -> None:
    with refused("visit_seen_alone_requires_seen"):
        services.visit_record(
            child=child,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2025, 3, 13),
            child_seen=False,
            seen_alone=True,
            not_seen_reason="Refused to come to the door.",
            visited_by=None,
        )


def test_a_pre_birth_visit_records_the_unborn_child_as_not_seen() -> None:
    unborn = UnbornChildFactory()

    services.visit_record(
        child=unborn,
        kind=codes.VisitKind.CP_VISIT,
        visit_date=date(2025, 3, 13),
        child_seen=False,
        seen_alone=False,
        not_seen_reason="Pre-birth visit",
        visited_by=None,
    )

    assert Visit.objects.get().child_seen is False


def test_an_unborn_child_cannot_be_seen() -> None:
    child = UnbornChildFactory()

    with refused("visit_unborn_not_seen"):
        services.visit_record(
            child=child,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2025, 3, 13),
            child_seen=True,
            wishes_and_feelings="Said she likes her new school.",
            seen_alone=False,
            visited_by=None,
        )


def test_a_child_cannot_be_seen_before_they_were_born() -> None:
    newborn = ChildFactory(date_of_birth=date(2025, 3, 10))

    with refused("visit_unborn_not_seen"):
        services.visit_record(
            child=newborn,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2025, 3, 7),
            child_seen=True,
            wishes_and_feelings="Said she likes her new school.",
            seen_alone=False,
            visited_by=None,
        )


def test_a_visit_cannot_be_in_the_future(child: Person) -> None:
    with refused("date_not_in_future"):
        services.visit_record(
            child=child,
            kind=codes.VisitKind.CIN_VISIT,
            visit_date=TOMORROW,
            child_seen=True,
            wishes_and_feelings="Said she likes her new school.",
            seen_alone=False,
            visited_by=None,
        )


def test_a_case_note_is_added(child: Person, worker: Worker) -> None:
    note = services.case_note_add(
        child=child,
        written_by=worker,
        event_date=date(2025, 3, 13),
        subject="Phone call",
        body="Fictional note.",
    )

    assert CaseNote.objects.get() == note


def test_a_case_note_needs_text(child: Person) -> None:
    with refused("case_note_needs_text"):
        services.case_note_add(
            child=child, written_by=None, event_date=TODAY, subject="Phone call", body=" "
        )


def test_a_case_note_cannot_record_an_event_in_the_future(child: Person) -> None:
    with refused("date_not_in_future"):
        services.case_note_add(
            child=child, written_by=None, event_date=TOMORROW, subject="Visit", body="Planned."
        )


def test_a_case_note_cannot_record_an_event_after_the_child_died() -> None:
    child = ChildFactory(date_of_death=date(2025, 3, 1))

    with refused("date_not_after_death"):
        services.case_note_add(
            child=child, written_by=None, event_date=date(2025, 3, 3), subject="Call", body="Text"
        )

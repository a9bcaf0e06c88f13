"""What a visit and a case note record in practice: a visit's time, place, who was there,
the child's wishes and feelings and what was observed; a note's type and significance."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from safeguard.cases import services
from safeguard.cases.models import CaseNote, Visit
from safeguard.cases.selectors.record import visit_detail
from safeguard.cases.tests.services.support import refused
from safeguard.common import codes
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db


def a_visit(child: Person, worker: Worker | None, **changes: Any) -> Visit:
    details: dict[str, Any] = {
        "kind": codes.VisitKind.CIN_VISIT,
        "visit_date": date(2025, 3, 13),
        "visit_time": time(14, 30),
        "place": codes.VisitPlace.HOME,
        "present": "Her mother and younger brother.",
        "child_seen": True,
        "seen_alone": True,
        "wishes_and_feelings": "She said she wants to keep seeing her dad.",
        "observations": "The home was warm and tidy.",
        **changes,
    }
    return services.visit_record(child=child, visited_by=worker, **details)


def test_a_visit_keeps_its_time_place_company_wishes_and_observations(
    child: Person, worker: Worker
) -> None:
    visit = a_visit(child, worker)

    saved = Visit.objects.get(pk=visit.pk)
    assert (saved.visit_time, saved.place, saved.present) == (
        time(14, 30),
        "home",
        "Her mother and younger brother.",
    )
    assert saved.wishes_and_feelings == "She said she wants to keep seeing her dad."
    assert saved.observations == "The home was warm and tidy."


def test_a_visit_where_the_child_was_seen_records_their_wishes_and_feelings(
    child: Person, worker: Worker
) -> None:
    with refused("visit_seen_needs_wishes"):
        a_visit(child, worker, wishes_and_feelings="  \n ")


def test_a_visit_where_the_child_was_not_seen_needs_no_wishes_and_feelings(
    child: Person, worker: Worker
) -> None:
    visit = a_visit(
        child,
        worker,
        child_seen=False,
        seen_alone=False,
        not_seen_reason="No one answered the door.",
        wishes_and_feelings="",
    )

    assert not visit.child_seen and visit.wishes_and_feelings == ""


def test_a_visit_somewhere_else_says_where(child: Person, worker: Worker) -> None:
    with refused("visit_other_place_needs_description"):
        a_visit(child, worker, place=codes.VisitPlace.OTHER, place_other=" ")


def test_a_described_place_is_kept_only_for_somewhere_else(child: Person, worker: Worker) -> None:
    elsewhere = a_visit(
        child, worker, place=codes.VisitPlace.OTHER, place_other="Grandmother's flat"
    )
    at_school = a_visit(
        child, worker, place=codes.VisitPlace.SCHOOL, place_other="Typed, then changed"
    )

    assert elsewhere.place_other == "Grandmother's flat"
    assert at_school.place_other == ""


def test_a_place_not_on_the_list_is_refused(child: Person, worker: Worker) -> None:
    with refused("invalid_value"):
        a_visit(child, worker, place="garden_shed")


def test_the_same_visit_with_other_wishes_and_feelings_is_another_visit(
    child: Person, worker: Worker
) -> None:
    a_visit(child, worker)
    a_visit(child, worker, wishes_and_feelings="She said she was tired and wanted to play.")

    assert Visit.objects.count() == 2


def test_the_chronology_entry_says_when_where_who_and_what_the_child_said(
    child: Person, worker: Worker
) -> None:
    visit = a_visit(child, worker, place=codes.VisitPlace.OTHER, place_other="The family centre")

    assert visit_detail(visit).split("\n") == [
        "Time: 2:30pm. Place: The family centre. Child seen alone.",
        "Present: Her mother and younger brother.",
        "The child's wishes and feelings: She said she wants to keep seeing her dad.",
        "Observed: The home was warm and tidy.",
    ]


def test_a_visit_recorded_before_time_and_place_were_asked_leaves_them_out(
    child: Person, worker: Worker
) -> None:
    visit = Visit(
        child=child, kind="cp_visit", visit_date=date(2024, 1, 5), child_seen=True, notes="Fine."
    )

    assert visit_detail(visit) == "Child seen, not alone.\nFine."


def test_a_case_note_keeps_its_type_and_significance(child: Person, worker: Worker) -> None:
    note = services.case_note_add(
        child=child,
        written_by=worker,
        event_date=date(2025, 3, 13),
        subject="Manager's review",
        body="Risk has increased: strategy discussion today.",
        kind=codes.CaseNoteKind.MANAGEMENT_OVERSIGHT,
        significant=True,
    )

    saved = CaseNote.objects.get(pk=note.pk)
    assert (saved.kind, saved.significant) == ("management_oversight", True)


def test_a_case_note_type_not_on_the_list_is_refused(child: Person, worker: Worker) -> None:
    with refused("invalid_value"):
        services.case_note_add(
            child=child,
            written_by=worker,
            event_date=date(2025, 3, 13),
            subject="Call",
            body="Called mother.",
            kind="carrier_pigeon",
        )

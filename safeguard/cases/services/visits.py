"""Visits and case notes."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from safeguard.organisation.models import Worker
from safeguard.people.models import Person

from ..models import (
    CaseNote,
    Visit,
)
from ..workflow import rules
from ..workflow.rules import check
from ._base import (
    _dates_ok,
    _lock_child,
    _save,
)

__all__ = ["case_note_add", "visit_record"]


def visit_record(
    *,
    child: Person,
    kind: str,
    visit_date: date,
    child_seen: bool,
    seen_alone: bool,
    not_seen_reason: str = "",
    visited_by: Worker | None,
    notes: str = "",
) -> Visit:
    """Record a visit. Only a visit where the child was seen meets a statutory visit clock."""
    with transaction.atomic():
        child = _lock_child(child)
        check(
            _dates_ok(child, {"visit_date": visit_date}),
            rules.visit_seen_consistent(
                child_seen=child_seen,
                seen_alone=seen_alone,
                not_seen_reason=not_seen_reason,
                child_born=child.date_of_birth is not None and child.date_of_birth <= visit_date,
            ),
        )
        visit = Visit(
            child=child,
            kind=kind,
            visit_date=visit_date,
            child_seen=child_seen,
            seen_alone=seen_alone,
            not_seen_reason=not_seen_reason,
            visited_by=visited_by,
            notes=notes,
        )
        _save(visit)
        return visit


def case_note_add(
    *, child: Person, written_by: Worker | None, event_date: date, subject: str, body: str
) -> CaseNote:
    with transaction.atomic():
        violations = _dates_ok(child, {"event_date": event_date})
        violations += rules.case_note_has_text(body)
        check(violations)
        note = CaseNote(
            child=child, written_by=written_by, event_date=event_date, subject=subject, body=body
        )
        _save(note)
        return note

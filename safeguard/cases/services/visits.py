"""Visits and case notes.

A visit or case note the same as one recorded for the child a few minutes ago (the same date
and the same words) is asked about, not recorded: going Back after saving and saving again, or
two tabs, recorded the same visit twice. The caller asks the person ("You recorded this
already. Record it again?") and calls again with `record_again=True` if they mean it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeguard.common import codes
from safeguard.common.errors import SafeguardError
from safeguard.common.forms import time_text
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

__all__ = ["RecordedAlready", "case_note_add", "visit_record"]

RECORD_AGAIN_FIELD = "record_again"


class RecordedAlready(SafeguardError):
    """The same visit or case note was recorded for the child minutes ago. Not a refusal: the
    person is asked whether to record it again. `earlier` is the record already made."""

    def __init__(self, *, earlier: Visit | CaseNote, what: str, by_you: bool) -> None:
        author = earlier.visited_by if isinstance(earlier, Visit) else earlier.written_by
        self.earlier = earlier
        self.what = what
        self.who = "You" if by_you else (author.full_name if author else "Someone")
        self.at = clock_time(earlier.created_at)
        message = (
            f"{self.who} recorded this {what} already, at {self.at}: "
            f"select 'Yes, record it again' if this is another {what}"
        )
        super().__init__(message, fields=(RECORD_AGAIN_FIELD,), code="recorded_already")


def clock_time(moment: datetime) -> str:
    """The local time as GOV.UK writes it: 9am, 2:30pm, midday, midnight."""
    return time_text(timezone.localtime(moment).time())


def _same_words(a: str, b: str) -> bool:
    """The same text but for spacing and line breaks (a form sent again, or pasted twice)."""
    return a.split() == b.split()


def _recently() -> datetime:
    return timezone.now() - timedelta(minutes=settings.SAFEGUARD_DUPLICATE_MINUTES)


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
    visit_time: time | None = None,
    place: str = "",
    place_other: str = "",
    present: str = "",
    wishes_and_feelings: str = "",
    observations: str = "",
    record_again: bool = False,
) -> Visit:
    """Record a visit. Only a visit where the child was seen meets a statutory visit clock;
    such a visit records the child's wishes and feelings (Working Together 2023, ch. 2).
    The same visit recorded minutes ago raises RecordedAlready unless `record_again`."""
    with transaction.atomic():
        # Locked first, so that two copies sent at once are recorded one after the other and
        # the second is asked about.
        child = _lock_child(child)
        check(
            _dates_ok(child, {"visit_date": visit_date}),
            rules.visit_seen_consistent(
                child_seen=child_seen,
                seen_alone=seen_alone,
                not_seen_reason=not_seen_reason,
                child_born=child.date_of_birth is not None and child.date_of_birth <= visit_date,
            ),
            rules.visit_record_complete(
                child_seen=child_seen,
                wishes_and_feelings=wishes_and_feelings,
                place=place,
                place_other=place_other,
            ),
        )
        if place != codes.VisitPlace.OTHER:
            place_other = ""
        if not record_again:
            for earlier in Visit.objects.filter(
                child=child, visit_date=visit_date, kind=kind, created_at__gte=_recently()
            ).order_by("-created_at"):
                if (
                    (earlier.child_seen, earlier.seen_alone) == (child_seen, seen_alone)
                    and (earlier.visit_time, earlier.place) == (visit_time, place)
                    and _same_words(earlier.not_seen_reason, not_seen_reason)
                    and _same_words(earlier.notes, notes)
                    and _same_words(earlier.wishes_and_feelings, wishes_and_feelings)
                    and _same_words(earlier.observations, observations)
                ):
                    by_you = visited_by is not None and earlier.visited_by_id == visited_by.pk
                    raise RecordedAlready(earlier=earlier, what="visit", by_you=by_you)
        visit = Visit(
            child=child,
            kind=kind,
            visit_date=visit_date,
            child_seen=child_seen,
            seen_alone=seen_alone,
            not_seen_reason=not_seen_reason,
            visited_by=visited_by,
            notes=notes,
            visit_time=visit_time,
            place=place,
            place_other=place_other,
            present=present,
            wishes_and_feelings=wishes_and_feelings,
            observations=observations,
        )
        _save(visit)
        return visit


def case_note_add(
    *,
    child: Person,
    written_by: Worker | None,
    event_date: date,
    subject: str,
    body: str,
    kind: str = "",
    significant: bool = False,
    record_again: bool = False,
) -> CaseNote:
    """Add a case note: what kind of contact or oversight it records, and whether the worker
    judges it a significant event, which puts it among the chronology's significant events
    (a court-bundle chronology's "significance"). The same note added minutes ago raises
    RecordedAlready unless `record_again`."""
    with transaction.atomic():
        child = _lock_child(child)  # two copies sent at once: the second is asked about
        violations = _dates_ok(child, {"event_date": event_date})
        violations += rules.case_note_has_text(body)
        check(violations)
        if not record_again:
            for earlier in CaseNote.objects.filter(
                child=child, event_date=event_date, created_at__gte=_recently()
            ).order_by("-created_at"):
                if _same_words(earlier.subject, subject) and _same_words(earlier.body, body):
                    by_you = written_by is not None and earlier.written_by_id == written_by.pk
                    raise RecordedAlready(earlier=earlier, what="case note", by_you=by_you)
        note = CaseNote(
            child=child,
            written_by=written_by,
            event_date=event_date,
            subject=subject,
            body=body,
            kind=kind,
            significant=significant,
        )
        _save(note)
        return note

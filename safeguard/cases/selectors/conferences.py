"""The conference chair's own work: child protection conferences to hold and to record.

An independent chair serves the whole authority (`need_to_know.conference_chair`), so what is
"theirs" is worked out here: the reviews of plans whose last conference they chaired (one
chair follows a child through a plan, as Working Together 2023 ch. 3 asks for continuity),
every conference whose record they have started, and the conferences no chair in post has
yet: initial conferences, and reviews whose chair has left. Reviews another chair follows are
that chair's.

Which conferences are due and when is the statutory clocks' (`timescales.clocks`:
`initial_conference` from the strategy discussion, `first_review_conference` and
`later_review_conference` from the previous conference), read through the same per-clock
querysets as every overdue list (`clock_querysets_by_name`). A conference held and not yet
recorded is one whose record the chair has started (a draft of the record's form, kept as
they type) with a conference date of today or earlier: the record has no other trace of a
conference before it is recorded. A draft dated no later than the conference the clock now
runs from is about one already recorded, and is not counted. A review is also shown with the
date its plan's last conference set for it (`next_review_date`), and the chair's upcoming ones
are in the order of those dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import DateField, Field, IntegerField, OuterRef, Q, Subquery, Value
from django.utils.datastructures import MultiValueDict

from safeguard.access import queries as _access
from safeguard.access import roles as _roles
from safeguard.common.id_lists import IdIn
from safeguard.common.models import Draft
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Worker, in_post_q
from safeguard.people.models import full_name_of
from safeguard.timescales import clocks as _clocks
from safeguard.timescales.working_days import working_days_between

from ..forms_actions import InitialConferenceForm, ReviewConferenceForm
from ..models import ChildProtectionConference
from .timescales import clock_querysets_by_name

# The kinds of conference, as `ChildProtectionConference.Kind` names them.
CONFERENCE_INITIAL = ChildProtectionConference.Kind.INITIAL.value
CONFERENCE_REVIEW = ChildProtectionConference.Kind.REVIEW.value

# Each kind's clock family (`clock_querysets_by_name`) and the form its record is made on.
_CLOCK_FAMILY = {CONFERENCE_INITIAL: "initial_conference", CONFERENCE_REVIEW: "review_conference"}
_FORMS = {CONFERENCE_INITIAL: InitialConferenceForm, CONFERENCE_REVIEW: ReviewConferenceForm}


def conference_draft_key(kind: str, subject_id: int) -> str:
    """The key a conference record's draft is kept under while the chair types it
    (`views.actions.protection`): an initial conference's by its section 47 enquiry, a
    review's by the plan."""
    return f"{kind}-conference-{subject_id}"


_DRAFT_PREFIXES = {kind: conference_draft_key(kind, 0)[:-1] for kind in _CLOCK_FAMILY}


@dataclass(frozen=True)
class ConferenceDue:
    """A conference to hold or to record, and where the chair stands with it."""

    kind: str
    # The clock it is due by: initial_conference, first_review_conference or
    # later_review_conference.
    clock: str
    child_id: int
    child_name: str
    # The section 47 enquiry (an initial conference) or the plan (a review).
    subject_id: int
    # The strategy discussion, or the previous conference, the clock runs from.
    started: date
    due: date
    # The date the plan's last conference set for this review, if it set one (on or before
    # `due`: `rules.conference_next_review_in_time`).
    planned: date | None
    status: _clocks.ClockStatus
    # Working days past the due date, for one out of time.
    working_days_overdue: int | None
    # The signed-in chair follows the child (chaired the plan's last conference) or has
    # started this record; otherwise no chair in post has it yet.
    yours: bool
    # The chair has started the record (a draft); the date typed into it, if a whole one.
    record_started: bool
    held_on: date | None

    @property
    def label(self) -> str:
        return _clocks.CLOCKS[self.clock].label


@dataclass(frozen=True)
class ChairConferences:
    # Held (by the date the chair typed) and not yet recorded, earliest held first.
    to_record: list[ConferenceDue]
    # Past the due date and not yet held or recorded, longest overdue first.
    out_of_time: list[ConferenceDue]
    # The chair's own, due today or later, by the date set for them (else the due date).
    upcoming: list[ConferenceDue]
    # Due today or later with no chair in post yet, soonest first.
    unchaired: list[ConferenceDue]

    @property
    def child_ids(self) -> list[int]:
        every = (*self.to_record, *self.out_of_time, *self.upcoming, *self.unchaired)
        return [c.child_id for c in every]


def _latest_conference(column: str, output_field: Field[Any, Any]) -> Subquery:
    """`column` of a plan's latest conference (its initial conference or a review): its chair
    follows the child through the plan, and it set the next review's date."""
    return Subquery(
        ChildProtectionConference.objects.filter(
            Q(plan=OuterRef("pk")) | Q(pk=OuterRef("initial_conference_id"))
        )
        .order_by("-conference_date", "-pk")
        .values(column)[:1],
        output_field=output_field,
    )


def _conferences_due(worker: Worker) -> list[dict[str, Any]]:
    """Every conference not yet held in the authority, with the chair who follows its child
    (none for an initial conference): one query."""
    querysets = clock_querysets_by_name(worker.authority)
    initial = querysets[_CLOCK_FAMILY[CONFERENCE_INITIAL]].annotate(
        o_chair=Value(None, output_field=IntegerField()),
        o_planned=Value(None, output_field=DateField()),
    )
    review = querysets[_CLOCK_FAMILY[CONFERENCE_REVIEW]].annotate(
        o_chair=_latest_conference("chair_id", IntegerField()),
        o_planned=_latest_conference("next_review_date", DateField()),
    )
    rows = initial.union(review, all=True).order_by("o_due", "o_clock", "o_subject_id")
    return [row for row in rows if row["o_due"] is not None]


def _visible_names(user: AnyUser, child_ids: list[int]) -> dict[int, str]:
    """The names of those of these children the user may see (need to know, restricted
    records included): one query."""
    if not child_ids:
        return {}
    rows = (
        _access.visible_children(user)
        .filter(IdIn("pk", child_ids))
        .values("pk", "first_name", "last_name")
    )
    return {row["pk"]: full_name_of(row["first_name"], row["last_name"]) for row in rows}


def _chairs_in_post(chair_ids: set[int]) -> set[int]:
    if not chair_ids:
        return set()
    return set(
        Worker.objects.filter(in_post_q(), pk__in=sorted(chair_ids)).values_list("pk", flat=True)
    )


def _typed_date(kind: str, data: Mapping[str, list[str]]) -> date | None:
    """The conference date typed into a draft of the record, read as the form reads it; None
    if it is not a whole, real date yet."""
    field = _FORMS[kind].base_fields["conference_date"]
    typed = field.widget.value_from_datadict(MultiValueDict(dict(data)), {}, "conference_date")
    try:
        value = field.clean(typed)
    except ValidationError:
        return None
    return value if isinstance(value, date) else None


def _drafts(user: AnyUser) -> dict[tuple[str, int], date | None]:
    """The conference records this user has started and not sent, by (kind, subject id), with
    the conference date typed into each: one query."""
    started: dict[tuple[str, int], date | None] = {}
    if not user.is_authenticated:  # keeps no drafts
        return started
    prefixes = Q()
    for prefix in _DRAFT_PREFIXES.values():
        prefixes |= Q(form_key__startswith=prefix)
    for form_key, data in Draft.objects.filter(prefixes, user=user).values_list("form_key", "data"):
        for kind, prefix in _DRAFT_PREFIXES.items():
            subject = form_key.removeprefix(prefix)
            if form_key.startswith(prefix) and subject.isdigit():
                started[(kind, int(subject))] = _typed_date(kind, data or {})
    return started


def conference_list_for_chair(*, user: AnyUser, today: date) -> ChairConferences:
    """The signed-in chair's conferences (module docstring): held and not yet recorded, out
    of time (theirs and those with no chair), their upcoming ones, and upcoming ones with no
    chair yet; each only for a child the chair may see. At most four queries, whatever the
    number of conferences."""
    worker = _roles.worker_of(user)
    if worker is None:
        return ChairConferences(to_record=[], out_of_time=[], upcoming=[], unchaired=[])
    rows = _conferences_due(worker)
    names = _visible_names(user, sorted({row["o_child"] for row in rows}))
    rows = [row for row in rows if row["o_child"] in names]
    in_post = _chairs_in_post({row["o_chair"] for row in rows if row["o_chair"] is not None})
    drafts = _drafts(user)
    window = worker.authority.due_soon_working_days

    to_record, out_of_time, upcoming, unchaired = [], [], [], []
    for row in rows:
        kind = CONFERENCE_INITIAL if row["o_subject"] == "section47_enquiry" else CONFERENCE_REVIEW
        chair = row["o_chair"]
        started = (kind, row["o_subject_id"]) in drafts
        held_on = drafts.get((kind, row["o_subject_id"]))
        if held_on is not None and held_on <= row["o_started"]:
            # A review's draft dated on or before the conference its clock now runs from is
            # about a conference already recorded (the plan, its key, goes on to the next).
            started, held_on = False, None
        yours = started or chair == worker.pk
        if not yours and chair in in_post:
            continue  # another chair follows this child
        due: date = row["o_due"]
        status = _clocks.clock_status(due=due, met=None, today=today, due_soon_working_days=window)
        conference = ConferenceDue(
            kind=kind,
            clock=row["o_clock"],
            child_id=row["o_child"],
            child_name=names[row["o_child"]],
            subject_id=row["o_subject_id"],
            started=row["o_started"],
            due=due,
            planned=row["o_planned"],
            status=status,
            working_days_overdue=working_days_between(due, today)
            if status is _clocks.ClockStatus.OVERDUE
            else None,
            yours=yours,
            record_started=started,
            held_on=held_on,
        )
        if held_on is not None and held_on <= today:
            to_record.append(conference)
        elif status is _clocks.ClockStatus.OVERDUE:
            out_of_time.append(conference)
        elif yours:
            upcoming.append(conference)
        else:
            unchaired.append(conference)
    to_record.sort(key=lambda c: (c.held_on or today, c.due, c.child_name))
    # Upcoming ones in the order they are to be held: on the date set for them where the last
    # conference set one, else by their due date.
    upcoming.sort(key=lambda c: (c.planned or c.due, c.due, c.child_name))
    return ChairConferences(
        to_record=to_record, out_of_time=out_of_time, upcoming=upcoming, unchaired=unchaired
    )

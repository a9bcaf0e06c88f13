"""Reads of supervision that a user sees, with the access they need.

- A child's case supervision is read with the child's record, which the caller has already
  opened through need to know (`cases.selectors`); these functions add no child of their own.
- A worker's personal supervision is read through `worker_get_for_supervision`: the worker
  themselves or their managers (`supervision.view_personal`); anyone else gets a 404, so
  whether a worker has personal supervision records never leaks.
- The team dashboard's list of supervisions overdue and due soon (`team_supervisions_due`)
  reads the teams' open allocations and workers in three queries, whatever their number, and
  leaves out a restricted record the manager is not named on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import DateField, Max, OuterRef, QuerySet, Subquery
from django.http import Http404

from safeguard.access.permissions import allowed
from safeguard.access.queries import restriction_allows_q
from safeguard.access.roles import worker_of
from safeguard.cases.extensions import HeldCase
from safeguard.cases.models import Allocation
from safeguard.cases.selectors.record import Table
from safeguard.cases.selectors.record_tables import record_rows, register_record_tables
from safeguard.common.compiled import values_rows
from safeguard.common.id_lists import IdInParam
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team, Worker, in_post_q, worker_name_of
from safeguard.people.models import Person, full_name_of
from safeguard.timescales.working_days import add_working_days

from .clock import next_supervision_due
from .models import CaseSupervision, PersonalSupervision, SupervisionAction

__all__ = [
    "ActionSeen",
    "CaseSupervisionSummary",
    "DueRow",
    "PersonalSupervisionPage",
    "SupervisionSeen",
    "case_supervision_summary",
    "case_supervisions_of",
    "personal_supervision_page",
    "team_supervisions_due",
    "worker_get_for_supervision",
]

VIEW_PERSONAL = "supervision.view_personal"
# Who receives personal supervision on the team dashboard's list: the case-holding workers.
SUPERVISED_ROLES = (*Worker.CASE_HOLDING_ROLES,)
# The child's record shows this many of the latest case supervisions.
RECENT_SUPERVISIONS = 3


@dataclass(frozen=True)
class ActionSeen:
    """An action agreed in a case supervision, as the record shows it."""

    pk: int
    what: str
    owner: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class SupervisionSeen:
    """A case supervision as the record shows it: the people by name, its actions in order."""

    pk: int
    held_on: date
    supervisor: str
    case_holder: str
    discussion: str
    decisions: str
    actions: tuple[ActionSeen, ...]


@dataclass(frozen=True)
class CaseSupervisionSummary:
    """A child's case supervision as the record shows it."""

    # The name of the worker holding the case now (None: not allocated to a worker).
    case_holder: str | None
    allocated_on: date | None
    next_due: date | None
    recent: list[SupervisionSeen]

    @property
    def last(self) -> SupervisionSeen | None:
        return self.recent[0] if self.recent else None


# The tables the record's panel and chronology read, with the record's own in its one
# statement (`cases.selectors.record_tables`): most children's records then ask no query of
# supervision's own.
_SUPERVISIONS, _ACTIONS = "supervision_supervisions", "supervision_actions"
_HOLDING, _NAMES = "supervision_case_holding", "supervision_workers"
_OF_CHILD = f"SELECT id FROM {CaseSupervision._meta.db_table} WHERE child_id = %(child)s"  # noqa: S608
_HELD_OPEN = "child_id = %(child)s AND end_date IS NULL AND worker_id IS NOT NULL"
register_record_tables(
    Table(
        _SUPERVISIONS,
        CaseSupervision,
        ("case_holder", "supervisor", "held_on", "discussion", "decisions"),
    ),
    Table(
        _ACTIONS,
        SupervisionAction,
        ("supervision", "what", "owner", "due_on", "done_on"),
        f"supervision_id IN ({_OF_CHILD})",
    ),
    # The worker holding the case now, whose clock the next supervision runs on.
    Table(_HOLDING, Allocation, ("worker", "start_date"), _HELD_OPEN),
    # The names of the people on the rows above.
    Table(
        _NAMES,
        Worker,
        ("first_name", "last_name"),
        ids_from=" UNION ".join(
            (
                f"SELECT case_holder_id FROM {CaseSupervision._meta.db_table}"  # noqa: S608
                " WHERE child_id = %(child)s",
                f"SELECT supervisor_id FROM {CaseSupervision._meta.db_table}"  # noqa: S608
                " WHERE child_id = %(child)s",
                f"SELECT owner_id FROM {SupervisionAction._meta.db_table}"  # noqa: S608
                f" WHERE supervision_id IN ({_OF_CHILD})",
                f"SELECT worker_id FROM {Allocation._meta.db_table} WHERE {_HELD_OPEN}",  # noqa: S608
            )
        ),
    ),
)


def _names(child: Person) -> dict[int, str]:
    return {w.pk: worker_name_of(w.first_name, w.last_name) for w in record_rows(child, _NAMES)}


def case_supervisions_of(child: Person) -> list[SupervisionSeen]:
    """Every case supervision of the child, newest first, with its people and actions: read
    with the record's own tables (`record_tables`), so none on the record; one statement
    otherwise, kept on the object for the panel and the chronology."""
    names = _names(child)
    actions: dict[int, list[ActionSeen]] = {}
    for a in record_rows(child, _ACTIONS, order_by=("due_on",)):
        actions.setdefault(a.supervision_id, []).append(
            ActionSeen(a.pk, a.what, names[a.owner_id], a.due_on, a.done_on)
        )
    supervisions = sorted(
        record_rows(child, _SUPERVISIONS), key=lambda s: (s.held_on, s.pk), reverse=True
    )
    return [
        SupervisionSeen(
            pk=s.pk,
            held_on=s.held_on,
            supervisor=names[s.supervisor_id],
            case_holder=names[s.case_holder_id],
            discussion=s.discussion,
            decisions=s.decisions,
            actions=tuple(actions.get(s.pk, ())),
        )
        for s in supervisions
    ]


def case_supervision_summary(child: Person, interval_months: int) -> CaseSupervisionSummary:
    """The child's latest case supervisions (with their actions) and when the next is due, by
    the clock of the case's allocation to its worker (`clock`): read with the record's own
    tables, as `case_supervisions_of`."""
    held = record_rows(child, _HOLDING)
    recent = case_supervisions_of(child)[:RECENT_SUPERVISIONS]
    if not held:
        return CaseSupervisionSummary(None, None, None, recent)
    allocation = held[0]
    last_held = recent[0].held_on if recent else None
    due = next_supervision_due(allocation.start_date, last_held, interval_months)
    return CaseSupervisionSummary(
        _names(child)[allocation.worker_id], allocation.start_date, due, recent
    )


def worker_get_for_supervision(*, user: AnyUser, worker_id: int) -> Worker:
    """The worker, if this user may see their personal supervision (they are the worker, or
    manage a team the worker works in); otherwise 404."""
    me = worker_of(user)
    if me is None:
        raise Http404("No such worker")
    worker = (
        Worker.objects.select_related("team__service", "authority")
        .filter(pk=worker_id, authority_id=me.authority_id)
        .first()
    )
    if worker is None or not allowed(user, VIEW_PERSONAL, worker):
        raise Http404("No such worker")
    return worker


@dataclass(frozen=True)
class PersonalSupervisionPage:
    worker: Worker
    supervisions: list[PersonalSupervision]
    next_due: date | None


def personal_supervision_page(*, user: AnyUser, worker_id: int) -> PersonalSupervisionPage:
    """A worker's personal supervisions, newest first, and when the next is due."""
    worker = worker_get_for_supervision(user=user, worker_id=worker_id)
    supervisions = list(
        PersonalSupervision.objects.filter(worker=worker)
        .select_related("supervisor")
        .order_by("-held_on", "-pk")
    )
    next_due = None
    if worker.left_on is None:
        last = supervisions[0].held_on if supervisions else None
        next_due = next_supervision_due(
            worker.started_on, last, worker.authority.supervision_interval_months
        )
    return PersonalSupervisionPage(worker, supervisions, next_due)


@dataclass(frozen=True)
class DueRow:
    """One supervision overdue or due soon on the team dashboard."""

    kind: str  # "case" or "personal"
    due: date
    overdue: bool
    worker_id: int
    worker: str
    team: str
    child_id: int | None = None
    child: str = ""
    last_held: date | None = None


def _latest(model: type[CaseSupervision | PersonalSupervision], **of: Any) -> Subquery:
    """The day of the latest supervision of `model` matching `of`, as a subquery."""
    return Subquery(
        model.objects.filter(**of).order_by("-held_on").values("held_on")[:1],
        output_field=DateField(),
    )


def _latest_case_supervisions(child_ids: Sequence[int]) -> dict[int, date]:
    """The day of each child's latest case supervision, for the children who have had one.
    One statement for every list of children (`common.id_lists.IdInParam`); the maximum is
    read from the (child, held_on) index."""
    if not child_ids:
        return {}

    def build() -> QuerySet[Any]:
        latest: QuerySet[Any] = (
            CaseSupervision.objects.filter(IdInParam("child_id", "children"))
            .values("child_id")
            .annotate(last_held=Max("held_on"))
            .values("child_id", "last_held")
            .order_by()
        )
        return latest

    rows = values_rows("latest_case_supervisions", build, params={"children": child_ids})
    return {row["child_id"]: row["last_held"] for row in rows}


def team_supervisions_due(
    *,
    user: AnyUser,
    teams: Sequence[Team],
    today: date,
    held: Sequence[HeldCase] | None = None,
) -> list[DueRow]:
    """Case supervisions of the teams' open allocated cases and personal supervisions of the
    teams' case-holding workers in post that are overdue, or due within the authority's "due
    soon" window (working days), soonest first.

    `held` is the teams' cases as the dashboard read them (`cases.extensions.HeldCase`): then
    two queries, each case's latest supervision and the workers', and the allocations are not
    read again; without it, three."""
    me = worker_of(user)
    if me is None or not teams:
        return []
    authority = me.authority
    interval = authority.supervision_interval_months
    soon = add_working_days(today, authority.due_soon_working_days)
    team_ids = tuple(t.pk for t in teams)

    def cases() -> QuerySet[Any]:
        return Allocation.objects.filter(
            restriction_allows_q(user, "child"),
            team_id__in=team_ids,
            end_date__isnull=True,
            worker__isnull=False,
        ).values(
            "child_id",
            "child__first_name",
            "child__last_name",
            "worker_id",
            "worker__first_name",
            "worker__last_name",
            "team_id",
            "start_date",
        )

    def people() -> QuerySet[Any]:
        return (
            Worker.objects.filter(in_post_q(today), team_id__in=team_ids, role__in=SUPERVISED_ROLES)
            .annotate(last_held=_latest(PersonalSupervision, worker=OuterRef("pk")))
            .values("pk", "first_name", "last_name", "team__name", "started_on", "last_held")
        )

    # Compiled once for the reader (the restriction names them), the teams and the day
    # (`common.compiled`): built afresh, they cost the dashboard more than running them.
    if held is None:
        held = [
            HeldCase(
                child_id=a["child_id"],
                child_name=full_name_of(a["child__first_name"], a["child__last_name"]),
                team_id=a["team_id"],
                worker_id=a["worker_id"],
                worker_name=worker_name_of(a["worker__first_name"], a["worker__last_name"]),
                allocated_on=a["start_date"],
            )
            for a in values_rows(("supervisions_due_cases", user.pk, team_ids), cases)
        ]
    team_names = {t.pk: t.name for t in teams}
    latest = _latest_case_supervisions([case.child_id for case in held])
    workers = values_rows(("supervisions_due_people", team_ids, today), people)
    rows = []
    for case in held:
        last = latest.get(case.child_id)
        due = next_supervision_due(case.allocated_on, last, interval)
        if due <= soon:
            rows.append(
                DueRow(
                    kind="case",
                    due=due,
                    overdue=due < today,
                    worker_id=case.worker_id,
                    worker=case.worker_name,
                    team=team_names.get(case.team_id, ""),
                    child_id=case.child_id,
                    child=case.child_name,
                    last_held=last if last and last >= case.allocated_on else None,
                )
            )
    for w in workers:
        due = next_supervision_due(w["started_on"], w["last_held"], interval)
        if due <= soon:
            rows.append(
                DueRow(
                    kind="personal",
                    due=due,
                    overdue=due < today,
                    worker_id=w["pk"],
                    worker=worker_name_of(w["first_name"], w["last_name"]),
                    team=w["team__name"],
                    last_held=w["last_held"],
                )
            )
    rows.sort(key=lambda r: (r.due, r.kind, r.worker, r.child))
    return rows

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

from django.db.models import DateField, IntegerField, OuterRef, QuerySet, Subquery
from django.http import Http404

from safeguard.access.permissions import allowed
from safeguard.access.queries import restriction_allows_q
from safeguard.access.roles import worker_of
from safeguard.audit.context import current_request
from safeguard.cases.models import Allocation
from safeguard.common.compiled import RunParam, values_rows
from safeguard.common.id_lists import IdInParam
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team, Worker, in_post_q, worker_name_of
from safeguard.people.models import Person
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


def _supervisions_read() -> QuerySet[Any]:
    return (
        CaseSupervision.objects.filter(child_id=RunParam("child", IntegerField()))
        .order_by("-held_on", "-pk")
        .values(
            "pk",
            "held_on",
            "discussion",
            "decisions",
            "supervisor__first_name",
            "supervisor__last_name",
            "case_holder__first_name",
            "case_holder__last_name",
        )
    )


def _actions_read() -> QuerySet[Any]:
    return (
        SupervisionAction.objects.filter(IdInParam("supervision_id", "supervisions"))
        .order_by("due_on", "pk")
        .values(
            "pk",
            "supervision_id",
            "what",
            "due_on",
            "done_on",
            "owner__first_name",
            "owner__last_name",
        )
    )


def case_supervisions_of(child: Person) -> list[SupervisionSeen]:
    """Every case supervision of the child, newest first, with its people and actions: one
    query, two when there are any, each compiled once (`common.compiled`): the record asks on
    every view, and building them afresh cost more than running them. The child's record asks
    twice (its chronology and its panel), so a read made while serving a GET is remembered for
    the rest of that request (nothing is written during one); outside a request nothing is."""
    request = current_request()
    remembered: dict[int, list[SupervisionSeen]] | None = None
    if request is not None and request.method == "GET":
        remembered = getattr(request, "_safeguard_case_supervisions", None)
        if remembered is None:
            remembered = {}
            request._safeguard_case_supervisions = remembered  # type: ignore[attr-defined]
        if child.pk in remembered:
            return remembered[child.pk]
    rows = values_rows("case_supervisions_of", _supervisions_read, params={"child": child.pk})
    actions: dict[int, list[ActionSeen]] = {}
    if rows:
        found = values_rows(
            "case_supervision_actions",
            _actions_read,
            params={"supervisions": [row["pk"] for row in rows]},
        )
        for a in found:
            actions.setdefault(a["supervision_id"], []).append(
                ActionSeen(
                    pk=a["pk"],
                    what=a["what"],
                    owner=worker_name_of(a["owner__first_name"], a["owner__last_name"]),
                    due_on=a["due_on"],
                    done_on=a["done_on"],
                )
            )
    supervisions = [
        SupervisionSeen(
            pk=row["pk"],
            held_on=row["held_on"],
            supervisor=worker_name_of(row["supervisor__first_name"], row["supervisor__last_name"]),
            case_holder=worker_name_of(
                row["case_holder__first_name"], row["case_holder__last_name"]
            ),
            discussion=row["discussion"],
            decisions=row["decisions"],
            actions=tuple(actions.get(row["pk"], ())),
        )
        for row in rows
    ]
    if remembered is not None:
        remembered[child.pk] = supervisions
    return supervisions


def _case_holding_read() -> QuerySet[Any]:
    return (
        Allocation.objects.filter(
            child_id=RunParam("child", IntegerField()),
            end_date__isnull=True,
            worker__isnull=False,
        )
        .order_by("pk")
        .values("start_date", "worker__first_name", "worker__last_name")[:1]
    )


def case_supervision_summary(child: Person, interval_months: int) -> CaseSupervisionSummary:
    """The child's latest case supervisions (with their actions) and when the next is due, by
    the clock of the case's allocation to its worker (`clock`). One query besides
    `case_supervisions_of`, compiled once."""
    held = values_rows("case_holding", _case_holding_read, params={"child": child.pk})
    recent = case_supervisions_of(child)[:RECENT_SUPERVISIONS]
    if not held:
        return CaseSupervisionSummary(None, None, None, recent)
    allocation = held[0]
    last_held = recent[0].held_on if recent else None
    due = next_supervision_due(allocation["start_date"], last_held, interval_months)
    return CaseSupervisionSummary(
        worker_name_of(allocation["worker__first_name"], allocation["worker__last_name"]),
        allocation["start_date"],
        due,
        recent,
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


def team_supervisions_due(*, user: AnyUser, teams: Sequence[Team], today: date) -> list[DueRow]:
    """Case supervisions of the teams' open allocated cases and personal supervisions of the
    teams' case-holding workers in post that are overdue, or due within the authority's "due
    soon" window (working days), soonest first. Three queries."""
    me = worker_of(user)
    if me is None or not teams:
        return []
    authority = me.authority
    interval = authority.supervision_interval_months
    soon = add_working_days(today, authority.due_soon_working_days)
    team_ids = tuple(t.pk for t in teams)

    def cases() -> QuerySet[Any]:
        return (
            Allocation.objects.filter(
                restriction_allows_q(user, "child"),
                team_id__in=team_ids,
                end_date__isnull=True,
                worker__isnull=False,
            )
            # The latest by the (child, held_on) index, one row each: a join and maximum over
            # every supervision of the teams' children read them all.
            .annotate(last_held=_latest(CaseSupervision, child=OuterRef("child_id")))
            .values(
                "child_id",
                "child__first_name",
                "child__last_name",
                "worker_id",
                "worker__first_name",
                "worker__last_name",
                "team__name",
                "start_date",
                "last_held",
            )
        )

    def people() -> QuerySet[Any]:
        return (
            Worker.objects.filter(in_post_q(today), team_id__in=team_ids, role__in=SUPERVISED_ROLES)
            .annotate(last_held=_latest(PersonalSupervision, worker=OuterRef("pk")))
            .values("pk", "first_name", "last_name", "team__name", "started_on", "last_held")
        )

    # Compiled once for the reader (the restriction names them), the teams and the day
    # (`common.compiled`): built afresh, they cost the dashboard more than running them.
    allocations = values_rows(("supervisions_due_cases", user.pk, team_ids), cases)
    workers = values_rows(("supervisions_due_people", team_ids, today), people)
    rows = []
    for a in allocations:
        due = next_supervision_due(a["start_date"], a["last_held"], interval)
        if due <= soon:
            rows.append(
                DueRow(
                    kind="case",
                    due=due,
                    overdue=due < today,
                    worker_id=a["worker_id"],
                    worker=worker_name_of(a["worker__first_name"], a["worker__last_name"]),
                    team=a["team__name"],
                    child_id=a["child_id"],
                    child=f"{a['child__first_name']} {a['child__last_name']}",
                    last_held=a["last_held"]
                    if a["last_held"] and a["last_held"] >= a["start_date"]
                    else None,
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

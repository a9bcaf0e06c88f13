"""Reads for My cases and the team dashboards: set-based, a fixed number of queries."""

from __future__ import annotations

# --- Caseloads and team oversight ---
#
# "My cases" and the team manager's dashboard. Like the overdue lists above, each page reads
# the open statutory items of all its children in one UNION ALL over the per-clock querysets
# (`clock_querysets_by_name`), so the number of queries does not grow with the children.
import decimal
from collections import abc as _abc
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple, TypeVar

from django import http as _http
from django.db import DEFAULT_DB_ALIAS
from django.db.models import BigIntegerField as _BigIntegerField
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast as _Cast
from django.db.models.functions import Coalesce

from safeguard.access import queries as _access
from safeguard.access import roles as _roles
from safeguard.audit.models import Action
from safeguard.audit.services import audit_child_read, audit_record
from safeguard.common.compiled import values_rows
from safeguard.common.id_lists import IdIn, IdInParam
from safeguard.common.types import AnyUser
from safeguard.organisation import models as _organisation
from safeguard.organisation.models import Authority, Team
from safeguard.people.models import Person, full_name_of
from safeguard.timescales import clocks as _clocks
from safeguard.timescales import working_days as _working_days
from safeguard.timescales.expressions import clock_due

from .. import extensions
from .. import models as _case_models
from ..models import (
    Allocation,
    Assessment,
)
from .timescales import (
    OverdueItem,
    _str,
    clock_due_before_q,
    clock_querysets_by_name,
    open_extension_items,
)

# Working days before the assessment's deadline (its clock) from which a manager sees an assessment
# as "approaching".
ASSESSMENT_WARNING_WORKING_DAYS = 10

# The case holder's clocks: a contact's decision belongs to the front door, not the worker.
_M = TypeVar("_M", bound=Model)

CASE_HOLDER_CLOCKS = (
    "assessment",
    "initial_conference",
    "first_core_group",
    "review_conference",
    "cp_visit",
    "cin_plan_review",
    "cin_visit",
    "lac_care_plan",
    "lac_review",
    "lac_visit",
)


def _authority_key(authority: Authority) -> tuple[Any, ...]:
    """What the clocks' SQL depends on in an authority: its own visit and review lengths."""
    return (authority.pk, *sorted(_clocks.local_timescales(authority).items()))


def _open_items(
    authority: Authority, *, child_ids: _abc.Sequence[int], clocks: _abc.Sequence[str]
) -> list[OverdueItem]:
    """Every open (unmet) item of `clocks` for these children, soonest due first, in one
    query (compiled once per caseload: `common.compiled`). Items without a due date (beyond
    the calendar table) are left out, here rather than in the query: asked there, the
    database worked out every item's due date twice, once to test it and once to return it."""

    def build() -> QuerySet[Any]:
        querysets = clock_querysets_by_name(authority)
        parts = [querysets[name].filter(IdIn("child_id", child_ids)) for name in clocks]
        return parts[0].union(*parts[1:], all=True).order_by("o_due", "o_clock", "o_subject_id")

    key = ("open_items", _authority_key(authority), tuple(clocks), tuple(child_ids))
    return [
        OverdueItem(
            child_id=row["o_child"],
            clock=row["o_clock"],
            subject=row["o_subject"],
            subject_id=row["o_subject_id"],
            started=row["o_started"],
            due=row["o_due"],
        )
        for row in values_rows(key, build)
        if row["o_due"] is not None
    ]


@dataclass(frozen=True)
class CaseloadEntry:
    """A child on a worker's caseload, with the next statutory item due."""

    child_id: int
    child_name: str
    # The authority's own number for the child, if it has one.
    la_child_id: str | None
    allocated_on: date
    next_item: OverdueItem | None
    status: _clocks.ClockStatus | None
    # Open items already past their due date, the next one included.
    overdue_items: int
    # Open items after the next one (overdue or not).
    later_items: int


@dataclass(frozen=True)
class Caseload:
    worker: _organisation.Worker | None
    entries: list[CaseloadEntry]

    @property
    def overdue_items(self) -> int:
        return sum(entry.overdue_items for entry in self.entries)

    @property
    def overdue_children(self) -> int:
        return sum(1 for entry in self.entries if entry.overdue_items)


def caseload_get(*, user: AnyUser, today: date) -> Caseload:
    """Every child allocated to the signed-in worker that they may see, each with the next
    statutory item and when it is due: overdue first (most overdue first), then soonest due,
    then children with nothing due. Two queries whatever the size of the caseload."""
    worker = _roles.worker_of(user)
    if worker is None:
        return Caseload(worker=None, entries=[])

    def build() -> QuerySet[Any]:
        return (
            Allocation.objects.filter(worker_id=worker.pk, end_date__isnull=True)
            .order_by("child__last_name", "child__first_name", "child_id")
            .values(
                "child_id",
                "start_date",
                "child__first_name",
                "child__last_name",
                "child__la_child_id",
            )
        )

    # What the page shows of each child, as values: the same statement every request
    # (`common.compiled`), no Person rows built.
    allocated = values_rows(("caseload", worker.pk), build)
    # Need to know asked of these children only: asked of every child and then intersected,
    # SQLite walks the whole person table (1 s at demo scale).
    allocated_ids = tuple(a["child_id"] for a in allocated)

    def build_visible() -> QuerySet[Any]:
        return _access.visible_children(user).filter(IdIn("pk", allocated_ids)).values("pk")

    # Compiled once for the user and these children (the time is a parameter taken afresh:
    # `common.compiled.RunTime`).
    key = ("caseload_visible", *_access.need_to_know_key(user), allocated_ids)
    visible = {row["pk"] for row in values_rows(key, build_visible)}
    allocations = [a for a in allocated if a["child_id"] in visible]
    # The caseload is a few dozen children at most: naming them keeps the need-to-know
    # subqueries out of every branch of the clocks' union (3 s to 0.2 s on SQLite).
    caseload_ids = [a["child_id"] for a in allocations]
    items: dict[int | None, list[OverdueItem]] = {}
    for item in _open_items(worker.authority, child_ids=caseload_ids, clocks=CASE_HOLDER_CLOCKS):
        items.setdefault(item.child_id, []).append(item)
    # The clocks other apps contribute (care's health assessments ...), merged into each
    # child's items in the same order.
    extra = open_extension_items(worker.authority, caseload_ids, today)
    for item in extra:
        items.setdefault(item.child_id, []).append(item)
    if extra:
        for child_items in items.values():
            child_items.sort(key=lambda i: (i.due, i.clock, i.subject_id))

    window = worker.authority.due_soon_working_days
    entries = []
    for allocation in allocations:
        child_items = items.get(allocation["child_id"], [])
        next_item = child_items[0] if child_items else None
        entries.append(
            CaseloadEntry(
                child_id=allocation["child_id"],
                child_name=full_name_of(
                    allocation["child__first_name"], allocation["child__last_name"]
                ),
                la_child_id=allocation["child__la_child_id"],
                allocated_on=allocation["start_date"],
                next_item=next_item,
                status=_clocks.clock_status(
                    due=next_item.due, met=None, today=today, due_soon_working_days=window
                )
                if next_item
                else None,
                overdue_items=sum(1 for item in child_items if item.due < today),
                later_items=max(len(child_items) - 1, 0),
            )
        )
    # Stable sort: children with the same due date keep their alphabetical order.
    entries.sort(key=lambda e: (e.next_item is None, e.next_item.due if e.next_item else today))
    return Caseload(worker=worker, entries=entries)


@dataclass(frozen=True)
class TeamMeasure:
    """A figure on the team dashboard and the list of children behind it."""

    slug: str
    label: str
    # Read after the number by screen readers: "3 unallocated referrals".
    noun: str
    definition: str
    started_heading: str
    shows_due: bool = True
    # "waited", "overdue" or "left": which count of working days the list shows.
    days: str | None = "overdue"
    # Which table of the team's page the figure is in: "statutory" (needing attention) or
    # "looked_after" (children in care's clocks).
    section: str = "statutory"


def _looked_after_measures() -> tuple[TeamMeasure, ...]:
    """Due soon and overdue for each looked-after clock (Care Planning Regulations 2010): the
    lengths named from the clocks, as every other figure's."""
    clocks = _clocks.CLOCKS
    due_soon = (
        "falls due today or within the authority's due soon window of working days (as on My "
        "cases and the child's record)"
    )
    families = (
        (
            "care-plans",
            "Care plans",
            "care plans",
            f"Children looked after whose care plan has not been agreed, due "
            f"{clocks['lac_care_plan'].period} after the start of the first placement "
            "(reg. 4(2)).",
            "Looked after since",
        ),
        (
            "looked-after-reviews",
            "Looked-after reviews",
            "looked-after reviews",
            f"Children looked after whose next review is not yet held: the first due "
            f"{clocks['lac_first_review'].period} after they became looked after, the second "
            f"{clocks['lac_second_review'].period} after the first, then every "
            f"{clocks['lac_later_review'].period} (reg. 33).",
            "Looked after since or last review",
        ),
        (
            "looked-after-visits",
            "Looked-after visits",
            "looked-after visits",
            f"Children looked after not seen on a statutory visit: the first due "
            f"{clocks['lac_first_visit'].period} after the start of care, then at most "
            f"{clocks['lac_visit'].period} after the last visit at which they were seen "
            "(reg. 28).",
            "Last seen or looked after since",
        ),
    )
    measures = []
    for slug, label, noun, definition, started in families:
        measures.append(
            TeamMeasure(
                f"{slug}-overdue",
                f"{label} overdue",
                f"{noun} overdue",
                f"{definition} Overdue: past that date.",
                started,
                section="looked_after",
            )
        )
        measures.append(
            TeamMeasure(
                f"{slug}-due-soon",
                f"{label} due soon",
                f"{noun} due soon",
                f"{definition} Due soon: the date {due_soon}.",
                started,
                days="left",
                section="looked_after",
            )
        )
    return tuple(measures)


# The looked-after figures, each named for its clock family in `clock_querysets_by_name`.
LOOKED_AFTER_CLOCKS = {
    "care-plans": "lac_care_plan",
    "looked-after-reviews": "lac_review",
    "looked-after-visits": "lac_visit",
}


TEAM_MEASURES: dict[str, TeamMeasure] = {
    m.slug: m
    for m in (
        TeamMeasure(
            "unallocated",
            "Waiting for allocation",
            "unallocated referrals",
            "Children allocated to the team without a worker, and open referrals to the team "
            "with no allocation at all. Waiting is counted in working days from the team "
            "allocation or the referral.",
            "Waiting since",
            shows_due=False,
            days="waited",
        ),
        TeamMeasure(
            "awaiting-authorisation",
            "Assessments waiting for authorisation",
            "assessments waiting for authorisation",
            "Assessments the worker has completed and sent to a manager, not yet authorised "
            f"or returned. Due is {_clocks.CLOCKS['assessment'].period} from the referral.",
            "Submitted",
            days=None,
        ),
        TeamMeasure(
            "assessments-due-soon",
            f"Assessments due within {ASSESSMENT_WARNING_WORKING_DAYS} working days",
            f"assessments due within {ASSESSMENT_WARNING_WORKING_DAYS} working days",
            f"Open assessments whose deadline, {_clocks.CLOCKS['assessment'].period} from the "
            f"referral, falls today or within the next {ASSESSMENT_WARNING_WORKING_DAYS} "
            "working days.",
            "Referral",
            days="left",
        ),
        TeamMeasure(
            "assessments-overdue",
            f"Assessments past {_clocks.CLOCKS['assessment'].period}",
            f"assessments past {_clocks.CLOCKS['assessment'].period}",
            f"Open assessments not authorised within {_clocks.CLOCKS['assessment'].period} of "
            "the referral (Working Together to Safeguard Children 2023, ch. 3).",
            "Referral",
        ),
        TeamMeasure(
            "cp-visits-overdue",
            "Child protection visits overdue",
            "child protection visits overdue",
            "Children on a child protection plan not seen on a visit within the authority's "
            "visiting timescale of the plan's start or the last visit at which they were seen.",
            "Last seen or plan start",
        ),
        TeamMeasure(
            "initial-conferences-overdue",
            "Initial conferences out of time",
            "initial child protection conferences out of time",
            "Section 47 enquiries needing an initial child protection conference that has not "
            f"been held within {_clocks.CLOCKS['initial_conference'].period} of the strategy "
            "discussion.",
            "Section 47 started",
        ),
        TeamMeasure(
            "review-conferences-overdue",
            "Review conferences out of time",
            "review child protection conferences out of time",
            "Child protection plans whose review conference is past due: "
            f"{_clocks.CLOCKS['first_review_conference'].period} after the initial conference, "
            f"then {_clocks.CLOCKS['later_review_conference'].period} after the previous review.",
            "Plan start or last review",
        ),
        TeamMeasure(
            "caseload",
            "Children allocated to workers",
            "children allocated to workers",
            "Children whose case is allocated to a worker in the team.",
            "Allocated on",
            shows_due=False,
            days=None,
        ),
        *_looked_after_measures(),
    )
}


def _family_measures(family: extensions.ClockFamily) -> tuple[TeamMeasure, TeamMeasure]:
    due_soon = (
        "falls due today or within the authority's due soon window of working days (as on My "
        "cases and the child's record)"
    )
    return (
        TeamMeasure(
            f"{family.slug}-overdue",
            f"{family.label} overdue",
            f"{family.noun} overdue",
            f"{family.definition} Overdue: past that date.",
            family.started_heading,
            section="looked_after",
        ),
        TeamMeasure(
            f"{family.slug}-due-soon",
            f"{family.label} due soon",
            f"{family.noun} due soon",
            f"{family.definition} Due soon: the date {due_soon}.",
            family.started_heading,
            days="left",
            section="looked_after",
        ),
    )


def team_measures() -> dict[str, TeamMeasure]:
    """Every figure of the team dashboard: the case record's (`TEAM_MEASURES`) and a pair for
    each family of clocks another app registers (`extensions.register_clock_source`)."""
    measures = dict(TEAM_MEASURES)
    for family in extensions.clock_families():
        for measure in _family_measures(family):
            measures[measure.slug] = measure
    return measures


def _extension_family_slugs() -> dict[str, extensions.ClockFamily]:
    return {
        f"{family.slug}-{state}": family
        for family in extensions.clock_families()
        for state in ("overdue", "due-soon")
    }


# The child's name, team, worker and whether the case is held are not among them: read once
# for each child with the children overseen (`_children_overseen`), not by every branch for
# every item it keeps. A branch reading the referrals names the team of each.
_MEASURE_COLUMNS = (
    "m_measure",
    "m_team",
    "m_child",
    "m_subject_id",
    "m_started",
    "m_due",
)


@dataclass(frozen=True)
class TeamMeasureRow:
    measure: str
    team_id: int
    child_id: int
    child_name: str
    worker: _organisation.Worker | None
    subject_id: int
    started: date
    due: date | None
    # Working days waited, overdue or left, as the measure's `days` says.
    working_days: int | None
    # Whether the child's case is allocated at all. A child referred to the team and not yet
    # allocated is not in `access.queries.visible_children`, so their record does not open.
    held: bool = True


@dataclass(frozen=True)
class WorkerCaseload:
    worker: _organisation.Worker
    children: int

    @property
    def children_per_fte(self) -> decimal.Decimal | None:
        fte = self.worker.full_time_equivalent
        if not fte:
            return None
        return (decimal.Decimal(self.children) / fte).quantize(decimal.Decimal("0.1"))


@dataclass(frozen=True)
class TeamDashboard:
    team: Team
    counts: dict[str, int]
    waiting: list[TeamMeasureRow]
    awaiting_authorisation: list[TeamMeasureRow]
    caseloads: list[WorkerCaseload]
    # The cases the team holds that the user oversees, for the team panels
    # (`extensions.team_panels`); None for a service too large to name its children.
    held: list[extensions.HeldCase] | None = None

    @property
    def figures(self) -> list[tuple[TeamMeasure, int]]:
        return [(measure, self.counts.get(slug, 0)) for slug, measure in team_measures().items()]


def _open_allocation(column: str, child: str = "child_id") -> Subquery:
    return Subquery(
        Allocation.objects.filter(child=OuterRef(child), end_date__isnull=True).values(column)[:1],
        output_field=IntegerField(),
    )


def _open_referral_team(child: str = "child_id") -> Subquery:
    return Subquery(
        _case_models.Referral.objects.filter(child=OuterRef(child), closure_date__isnull=True)
        .order_by("pk")
        .values("team_id")[:1],
        output_field=IntegerField(),
    )


# Above this many children the ids are left to the database as a subquery rather than sent
# as parameters (every branch of a dashboard's union repeats them; SQLite allows 32,766).
_OVERSEEN_IDS_INLINE = 1500


class _ChildShown(NamedTuple):
    """What a figure's row shows of a child and whom it is attributed to: the team holding the
    case (or, while nobody holds it, the team its open referral went to), the worker holding
    it, and whether it is held at all. A tuple: one is made for every child overseen on every
    view, and a frozen dataclass costs several times as much to make."""

    first_name: str
    last_name: str
    team_id: int | None
    worker_id: int | None
    held: bool

    @property
    def name(self) -> str:
        # Written only for the children a row names, not every child overseen.
        return full_name_of(self.first_name, self.last_name)


@dataclass(frozen=True)
class _Overseen:
    # The ids of the children these teams' figures may count: a list, or a subquery for a
    # service too large to name them (`_OVERSEEN_IDS_INLINE`).
    ids: list[int] | QuerySet[Any]
    # Each named child's name and attribution, read with the ids; None with a subquery.
    children: dict[int, _ChildShown] | None
    # The rows of the figures that list the teams' allocations and referrals themselves
    # ("unallocated", "caseload"), shaped as the union's, read with the ids: each branch of
    # the union reading them again cost a probe of its table for every child. Empty with a
    # subquery, when the union reads them.
    rows: dict[str, list[dict[str, Any]]]


_CANDIDATE_COLUMNS = (
    "c_child",
    "c_team",
    "c_worker",
    "c_held",
    "c_subject",
    "c_started",
    "c_referred_to",
)


# The figures read with the children overseen (`_children_overseen`), not by the union.
_READ_WITH_CHILDREN = ("unallocated", "caseload")


def _children_overseen(user: AnyUser, team_ids: list[int]) -> _Overseen:
    """The children these teams' figures may count, for `child__in`, each with what the
    figures' rows show of them.

    Asked once and sent as a list, the database plans each branch of the union from a few
    hundred known children instead of re-deriving need to know inside every branch (at demo
    scale on PostgreSQL the initial-conference branch alone took 60 ms that way). Whom each
    child is attributed to comes with them, read once here rather than by each branch of the
    union for each item it keeps."""
    # The teams' children first, by their indexes: asked inside the need-to-know filter, the
    # "allocated here or referred here" disjunction made PostgreSQL scan every person.
    # Each open allocation with the team and worker holding the case; a child referred here
    # and held by another team is never overseen (`_oversees_q`), so only the referrals of
    # children held by no one are read, each with the team the child is attributed to (that
    # of the first open referral, wherever it went).

    def build() -> QuerySet[Any]:
        no_worker = _Cast(Value(None), output_field=_BigIntegerField())
        allocated = (
            Allocation.objects.filter(end_date__isnull=True, team_id__in=team_ids)
            .annotate(
                c_child=F("child_id"),
                c_team=F("team_id"),
                c_worker=F("worker_id"),
                c_held=Value(True, BooleanField()),
                c_subject=F("pk"),
                c_started=F("start_date"),
                c_referred_to=_Cast(Value(None), output_field=_BigIntegerField()),
            )
            .values(*_CANDIDATE_COLUMNS)
        )
        referred = (
            _case_models.Referral.objects.filter(closure_date__isnull=True, team_id__in=team_ids)
            .filter(
                ~Exists(
                    Allocation.objects.filter(child=OuterRef("child_id"), end_date__isnull=True)
                )
            )
            .annotate(
                c_child=F("child_id"),
                c_team=_open_referral_team(),
                c_worker=no_worker,
                c_held=Value(False, BooleanField()),
                c_subject=F("pk"),
                c_started=F("referral_date"),
                c_referred_to=F("team_id"),
            )
            .values(*_CANDIDATE_COLUMNS)
        )
        teams_children: QuerySet[Any] = allocated.union(referred, all=True)
        return teams_children[: _OVERSEEN_IDS_INLINE + 1]

    read = values_rows(("team_children", tuple(team_ids)), build)
    # Told by the rows read, not the children: a child may be waiting on two referrals.
    if len(read) > _OVERSEEN_IDS_INLINE:
        return _Overseen(
            ids=Person.objects.filter(children_overseen_q(user, team_ids)).values("pk"),
            children=None,
            rows={},
        )
    candidates = {row["c_child"]: row for row in read}
    candidate_ids = sorted(candidates)
    held_ids = [pk for pk in candidate_ids if candidates[pk]["c_held"]]
    waiting_ids = [pk for pk in candidate_ids if not candidates[pk]["c_held"]]

    def build_overseen() -> QuerySet[Any]:
        # The candidates are named, so the filter that finds them again is left out: in the
        # plan PostgreSQL keeps for the prepared statement it walked every open allocation
        # (3 ms of a 4 ms query at demo scale). So is what the candidates' rows already say
        # (`_oversees_q`): a child whose case a team here holds is overseen if the user may
        # see them; a child referred here and held by no one, if their record's restriction
        # allows the user. Asked again, each was a probe of the allocations per child.
        return Person.objects.filter(
            (IdIn("pk", held_ids) & _access.visible_children_q(user))
            | (IdIn("pk", waiting_ids) & _access.restriction_allows_q(user))
        ).values("pk", "first_name", "last_name")

    # Need to know is the same SQL for the same user on every request (the time is a
    # parameter taken afresh, `common.compiled.RunTime`): compiled once for the user, the
    # teams and their children.
    key = (
        "children_overseen",
        *_access.need_to_know_key(user),
        tuple(team_ids),
        tuple(held_ids),
        tuple(waiting_ids),
    )
    children = {}
    for row in values_rows(key, build_overseen):
        held = candidates[row["pk"]]
        children[row["pk"]] = _ChildShown(
            first_name=row["first_name"],
            last_name=row["last_name"],
            team_id=held["c_team"],
            worker_id=held["c_worker"],
            held=bool(held["c_held"]),
        )
    rows: dict[str, list[dict[str, Any]]] = {slug: [] for slug in _READ_WITH_CHILDREN}
    for row in read:
        if row["c_child"] not in children:
            continue
        # As the union's branches had them: an allocation without a worker, or a referral
        # of a child held by no one, waits for allocation; one with a worker is a caseload's.
        slug = "caseload" if row["c_worker"] is not None else "unallocated"
        # A referral waits in the team it went to; an allocation, in the team holding it.
        team_id = row["c_referred_to"] if row["c_referred_to"] is not None else row["c_team"]
        rows[slug].append(
            {
                "m_measure": slug,
                "m_team": team_id,
                "m_child": row["c_child"],
                "m_subject_id": row["c_subject"],
                "m_started": row["c_started"],
                "m_due": None,
            }
        )
    return _Overseen(ids=list(children), children=children, rows=rows)


def children_overseen_q(user: AnyUser, team_ids: _abc.Iterable[int]) -> Q:
    """A filter on Person for the children of `team_ids` this user may oversee: those they may
    see (access.queries) whose case is allocated to one of the teams, and children referred to
    one of the teams and not yet allocated at all. The second group is not in
    `visible_children` (it follows allocations); a manager must see who is waiting to be
    allocated, so they are added here, restricted records still only for their named people."""
    team_ids = list(team_ids)
    # Only the teams' children can qualify. Saying so first lets the database start from the
    # teams' allocations and referrals instead of asking need to know of every child in the
    # authority (on SQLite it did: 0.8 s a dashboard at demo scale).
    candidates = Q(
        pk__in=Allocation.objects.filter(end_date__isnull=True, team_id__in=team_ids).values(
            "child_id"
        )
    ) | Q(
        pk__in=_case_models.Referral.objects.filter(
            closure_date__isnull=True, team_id__in=team_ids
        ).values("child_id")
    )
    return candidates & _oversees_q(user, team_ids)


def _oversees_q(user: AnyUser, team_ids: list[int]) -> Q:
    """Who of the children that can qualify `children_overseen_q` passes: those a team here
    holds whom the user may see, and those referred here held by no one whose record's
    restriction allows the user (`_children_overseen` asks the same of named children)."""
    open_allocations = Allocation.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    allocated_here = Exists(open_allocations.filter(team_id__in=team_ids))
    referred_here = Exists(
        _case_models.Referral.objects.filter(
            child=OuterRef("pk"), closure_date__isnull=True, team_id__in=team_ids
        )
    )
    waiting = Q(referred_here) & ~Q(Exists(open_allocations)) & _access.restriction_allows_q(user)
    return (_access.visible_children_q(user) & Q(allocated_here)) | waiting


def _measure_part(
    qs: QuerySet[Any],
    *,
    measure: str | Case,
    subject_id: Any,
    started: Any,
    due: Any,
    team: Any = None,
) -> QuerySet[Any]:
    # Every part annotates the same columns in the same order, so the union lines up.
    part: QuerySet[Any] = (
        qs.annotate(
            m_measure=_str(measure) if isinstance(measure, str) else measure,
            m_team=_Cast(Value(None), output_field=_BigIntegerField()) if team is None else team,
            m_child=F("child_id"),
            m_subject_id=subject_id,
            m_started=started,
            m_due=due,
        )
        .values(*_MEASURE_COLUMNS)
        .order_by()
    )
    return part


def _clock_part(qs: QuerySet[Any], measure: str | Case) -> QuerySet[Any]:
    """A clock's open items, each attributed to the team holding the child's case (or, while
    nobody holds it, the team the open referral went to) from what `_children_overseen` read
    of the child: asked in the query, both lookups ran for every open item of every child
    before the due date was compared."""
    return _measure_part(
        qs,
        measure=measure,
        subject_id=F("o_subject_id"),
        started=F("o_started"),
        due=F("o_due"),
    )


def _measure_parts(
    authority: Authority, team_ids: list[int], today: date, measures: _abc.Iterable[str]
) -> list[QuerySet[Any]]:
    # Typed NULLs: PostgreSQL would read two bare NULLs in a row of the union as text.
    no_date = _Cast(Value(None), output_field=DateField())
    clocks = clock_querysets_by_name(authority)
    assessments = clocks["assessment"]
    warning_until = _working_days.add_working_days(today, ASSESSMENT_WARNING_WORKING_DAYS)

    def due_before(name: str, day: date) -> Q:
        # Asked of the items' start dates (`clock_due_before_q`): working out every open
        # item's due date to compare it was most of the dashboard's time in the database.
        return clock_due_before_q(authority, name, day)

    due_by_warning = due_before("assessment", warning_until + timedelta(days=1))
    builders: dict[str, Any] = {
        "unallocated": lambda: [
            _measure_part(
                Allocation.objects.filter(
                    end_date__isnull=True, worker__isnull=True, team_id__in=team_ids
                ),
                measure="unallocated",
                subject_id=F("pk"),
                started=F("start_date"),
                due=no_date,
            ),
            _measure_part(
                _case_models.Referral.objects.filter(
                    closure_date__isnull=True, team_id__in=team_ids
                ).filter(
                    ~Exists(
                        Allocation.objects.filter(child=OuterRef("child_id"), end_date__isnull=True)
                    )
                ),
                measure="unallocated",
                # Each referral's own team: a child may be waiting on two.
                team=F("team_id"),
                subject_id=F("pk"),
                started=F("referral_date"),
                due=no_date,
            ),
        ],
        "awaiting-authorisation": lambda: [
            _measure_part(
                Assessment.objects.filter(
                    submitted_date__isnull=False,
                    authorised_date__isnull=True,
                    referral__closure_date__isnull=True,
                ),
                measure="awaiting-authorisation",
                subject_id=F("pk"),
                started=F("submitted_date"),
                due=clock_due(_clocks.CLOCKS["assessment"], F("referral__referral_date")),
            )
        ],
        "assessments-due-soon": lambda: [
            _clock_part(
                assessments.filter(~due_before("assessment", today) & due_by_warning),
                "assessments-due-soon",
            )
        ],
        "assessments-overdue": lambda: [
            _clock_part(assessments.filter(due_before("assessment", today)), "assessments-overdue")
        ],
        "cp-visits-overdue": lambda: [
            _clock_part(
                clocks["cp_visit"].filter(due_before("cp_visit", today)), "cp-visits-overdue"
            )
        ],
        "initial-conferences-overdue": lambda: [
            _clock_part(
                clocks["initial_conference"].filter(due_before("initial_conference", today)),
                "initial-conferences-overdue",
            )
        ],
        "review-conferences-overdue": lambda: [
            _clock_part(
                clocks["review_conference"].filter(due_before("review_conference", today)),
                "review-conferences-overdue",
            )
        ],
        "caseload": lambda: [
            _measure_part(
                Allocation.objects.filter(
                    end_date__isnull=True, worker__isnull=False, team_id__in=team_ids
                ),
                measure="caseload",
                subject_id=F("pk"),
                started=F("start_date"),
                due=no_date,
            )
        ],
    }
    # Due soon as `clocks.clock_status` has it: at most the authority's window of working days
    # left, so due before the working day after the window's last.
    soon_before = looked_after_due_soon_before(authority, today)
    slugs = list(measures)
    for family, name in LOOKED_AFTER_CLOCKS.items():
        overdue, soon = f"{family}-overdue", f"{family}-due-soon"
        builders[overdue] = lambda name=name, overdue=overdue: [
            _clock_part(clocks[name].filter(due_before(name, today)), overdue)
        ]
        if overdue in slugs and soon in slugs:
            # Both figures from one reading of the clock's open items, as the assessments':
            # each row is told overdue by its due date (`_OVERDUE_OF`).
            builders[soon] = lambda name=name, soon=soon: [
                _clock_part(clocks[name].filter(due_before(name, soon_before)), soon)
            ]
        else:
            builders[soon] = lambda name=name, soon=soon: [
                _clock_part(
                    clocks[name].filter(~due_before(name, today) & due_before(name, soon_before)),
                    soon,
                )
            ]
    for family in LOOKED_AFTER_CLOCKS:
        if f"{family}-overdue" in slugs and f"{family}-due-soon" in slugs:
            slugs.remove(f"{family}-overdue")
    if "assessments-due-soon" in slugs and "assessments-overdue" in slugs:
        # Both figures from one reading of the open assessments: each assessment due by the
        # end of the warning is one or the other, by whether its deadline has passed, told
        # from the row's due date (`_OVERDUE_OF`) rather than by the database working it out
        # again.
        slugs.remove("assessments-overdue")
        builders["assessments-due-soon"] = lambda: [
            _clock_part(assessments.filter(due_by_warning), "assessments-due-soon")
        ]
    return [part for slug in slugs for part in builders[slug]()]


# A row of a "due soon" figure already past its due date belongs to the figure's "overdue"
# partner: the union reads both from one branch (`_measure_parts`), and a branch read for
# "due soon" alone passes nothing overdue.
_OVERDUE_OF = {
    "assessments-due-soon": "assessments-overdue",
    **{f"{family}-due-soon": f"{family}-overdue" for family in LOOKED_AFTER_CLOCKS},
}


def looked_after_due_soon_before(authority: Authority, today: date) -> date:
    """The first day on which an open looked-after clock is no longer due soon: the working
    day after the authority's window (`clocks.clock_status`: due soon while at most that many
    working days are left, the due date itself always)."""
    last_due_soon = _working_days.add_working_days(today, authority.due_soon_working_days)
    return _clocks.next_working_day_on_or_after(last_due_soon + timedelta(days=1))


def _working_days_for(measure: TeamMeasure, started: date, due: date | None, today: date) -> Any:
    if measure.days == "waited":
        return _working_days.working_days_between(started, today)
    if measure.days == "overdue" and due is not None:
        return _working_days.working_days_between(due, today)
    if measure.days == "left" and due is not None:
        return _working_days.working_days_between(today, due)
    return None


_WORKER_FIELDS = tuple(field.attname for field in _organisation.Worker._meta.concrete_fields)


def _workers_get(
    team_ids: list[int], named: tuple[int, ...], today: date
) -> list[_organisation.Worker]:
    """Every worker in post in these teams, and those `named` (by a row of a figure), by
    name: one query compiled once for its teams, names and day (`common.compiled`)."""

    def build() -> QuerySet[Any]:
        workers: QuerySet[Any] = (
            _organisation.Worker.objects.filter(
                (Q(team_id__in=team_ids) & _organisation.in_post_q(today)) | Q(pk__in=named)
            )
            .order_by("last_name", "first_name", "pk")
            .values(*_WORKER_FIELDS)
        )
        return workers

    rows = values_rows(("team_workers", tuple(team_ids), named, today), build)
    return [
        _organisation.Worker.from_db(
            DEFAULT_DB_ALIAS, _WORKER_FIELDS, [row[field] for field in _WORKER_FIELDS]
        )
        for row in rows
    ]


def _in_post_here(worker: _organisation.Worker, team_ids: list[int], today: date) -> bool:
    """`organisation.in_post_q(today)` and a member of these teams, asked of a worker read."""
    return worker.team_id in team_ids and (worker.left_on is None or worker.left_on > today)


_HELD_COLUMNS = ("h_team", "h_children", *(f"w_{name}" for name in _WORKER_FIELDS))


def _staff_and_caseloads(
    team_ids: list[int], overseen: _Overseen, today: date
) -> tuple[dict[int, _organisation.Worker], dict[tuple[int, int], int]]:
    """Every worker in post in these teams and every worker holding children of theirs that
    the user oversees, by name; and how many of those children each holds in each team. One
    query (compiled once for its teams, children and day): a worker named by a figure's row
    holds that child, so the dashboard needs no second read of workers.

    Who holds each child named in `overseen` was read with it: the children each worker
    holds are counted from that, and only the workers are read."""
    if overseen.children is not None:
        held: dict[tuple[int, int], int] = {}
        for child in overseen.children.values():
            if child.held and child.worker_id is not None and child.team_id is not None:
                place = (child.team_id, child.worker_id)
                held[place] = held.get(place, 0) + 1
        holders = tuple(sorted({worker_id for _, worker_id in held}))
        staff = {worker.pk: worker for worker in _workers_get(team_ids, holders, today)}
        return staff, held
    ids = overseen.ids

    def build() -> QuerySet[Any]:
        worker_columns = {f"w_{name}": F(f"worker__{name}") for name in _WORKER_FIELDS}
        held: QuerySet[Any] = (
            Allocation.objects.filter(
                end_date__isnull=True, worker__isnull=False, team_id__in=team_ids
            )
            .filter(Q(child__in=ids))
            .values("team_id", "worker_id")
            .annotate(h_team=F("team_id"), h_children=Count("pk"), **worker_columns)
            .values(*_HELD_COLUMNS)
            .order_by()
        )
        in_post: QuerySet[Any] = (
            _organisation.Worker.objects.filter(
                Q(team_id__in=team_ids) & _organisation.in_post_q(today)
            )
            .annotate(
                h_team=_Cast(Value(None), output_field=_BigIntegerField()),
                h_children=_Cast(Value(0), output_field=_BigIntegerField()),
                **{f"w_{name}": F(name) for name in _WORKER_FIELDS},
            )
            .values(*_HELD_COLUMNS)
            .order_by()
        )
        return held.union(in_post, all=True).order_by("w_last_name", "w_first_name", "w_id")

    # Too many children to name (a subquery): counted by the database, built afresh.
    staff = {}
    held = {}
    for row in build():
        if row["h_team"] is not None:
            held[(row["h_team"], row["w_id"])] = row["h_children"]
        if row["w_id"] not in staff:
            staff[row["w_id"]] = _organisation.Worker.from_db(
                DEFAULT_DB_ALIAS, _WORKER_FIELDS, [row[f"w_{name}"] for name in _WORKER_FIELDS]
            )
    return staff, held


def _team_measure_rows(
    *,
    authority: Authority,
    team_ids: list[int],
    today: date,
    measures: _abc.Iterable[str],
    overseen: _Overseen,
    worker_id: int | None = None,
    staff: dict[int, _organisation.Worker] | None = None,
) -> tuple[list[TeamMeasureRow], dict[int, _organisation.Worker]]:
    """The children behind each measure for these teams, in one query, with the workers
    named in them (and every current member of the teams), by name, in a second unless
    `staff` has them already (`_staff_and_caseloads`). `overseen` is the children the user
    may oversee (`children_overseen_q`), each with whom it is attributed to."""
    family_slugs = _extension_family_slugs()
    measures = tuple(measures)
    extension_measures = tuple(m for m in measures if m in family_slugs)
    # Read with the children (`_children_overseen`), in the union's order: first.
    read_rows = [row for m in measures for row in overseen.rows.get(m, ())]
    measures = tuple(m for m in measures if m not in family_slugs and m not in overseen.rows)
    ids = overseen.ids

    def build() -> QuerySet[Any]:
        # The ids as one array parameter where the database has them (`common.id_lists`):
        # named in each of the union's branches, they were most of its parameters.
        among = IdIn("child_id", ids) if isinstance(ids, list) else Q(child__in=ids)
        parts = [
            part.filter(among) for part in _measure_parts(authority, team_ids, today, measures)
        ]
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]

    if not measures:
        raw = read_rows
    elif isinstance(ids, list):
        # Building and compiling the nine-branch union costs as much as running it: compiled
        # once per key (`common.compiled`), every request only runs it.
        key = (
            "team_measures",
            _authority_key(authority),
            tuple(team_ids),
            today,
            # Worked out from the bank holidays when the query is built: named, so that a
            # change to the calendar is a new key.
            _working_days.add_working_days(today, ASSESSMENT_WARNING_WORKING_DAYS),
            looked_after_due_soon_before(authority, today),
            measures,
            tuple(ids),
        )
        raw = [*read_rows, *values_rows(key, build)]
    else:
        # Too many children to name (a subquery): built afresh, as rare as it is large.
        raw = list(build())
    if extension_measures:
        raw = [
            *raw,
            *_extension_rows(
                authority,
                today,
                [family_slugs[m] for m in extension_measures],
                extension_measures,
                ids,
            ),
        ]
    children = overseen.children
    if children is None:
        children = _children_shown(sorted({row["m_child"] for row in raw}))
    # Only the rows of these teams (asked here, not in the query: `_clock_part`), and of the
    # worker's children when the list is one worker's share.
    kept = []
    for row in raw:
        child = children.get(row["m_child"])
        if child is None:
            continue
        team_id = row["m_team"] if row["m_team"] is not None else child.team_id
        if team_id in team_ids and (worker_id is None or child.worker_id == worker_id):
            kept.append((row, child, team_id))
    named = tuple(sorted({c.worker_id for _, c, _ in kept if c.worker_id is not None}))
    if staff is not None and all(pk in staff for pk in named):
        # The same workers `_workers_get` reads, in the same order.
        workers = {
            pk: worker
            for pk, worker in staff.items()
            if pk in named or _in_post_here(worker, team_ids, today)
        }
    else:
        workers = {worker.pk: worker for worker in _workers_get(team_ids, named, today)}
    rows = []
    every_measure = team_measures()
    for row, child, team_id in kept:
        slug = row["m_measure"]
        due = row["m_due"]
        if slug in _OVERDUE_OF and due is not None and due < today:
            slug = _OVERDUE_OF[slug]
        measure = every_measure[slug]
        rows.append(
            TeamMeasureRow(
                measure=measure.slug,
                team_id=team_id,
                child_id=row["m_child"],
                child_name=child.name,
                worker=workers.get(child.worker_id) if child.worker_id is not None else None,
                subject_id=row["m_subject_id"],
                started=row["m_started"],
                due=due,
                working_days=_working_days_for(measure, row["m_started"], due, today),
                held=child.held,
            )
        )
    rows.sort(key=lambda r: (r.due or r.started, r.started, r.child_name, r.child_id))
    return rows, workers


def _children_named() -> QuerySet[Any]:
    """The children given at each run as "children", each with what `_ChildShown` holds: one
    statement for any children (`common.compiled`)."""
    return (
        Person.objects.filter(IdInParam("pk", "children"))
        .annotate(
            m_team=Coalesce(_open_allocation("team_id", "pk"), _open_referral_team("pk")),
            m_worker=_open_allocation("worker_id", "pk"),
            m_held=Exists(Allocation.objects.filter(child=OuterRef("pk"), end_date__isnull=True)),
        )
        .values("pk", "first_name", "last_name", "m_team", "m_worker", "m_held")
    )


def _children_shown(child_ids: list[int]) -> dict[int, _ChildShown]:
    """`_ChildShown` for children not named with the children overseen (a service too large
    to name them): read for those the rows name."""
    if not child_ids:
        return {}
    return {
        row["pk"]: _ChildShown(
            first_name=row["first_name"],
            last_name=row["last_name"],
            team_id=row["m_team"],
            worker_id=row["m_worker"],
            held=bool(row["m_held"]),
        )
        for row in values_rows("children_shown", _children_named, params={"children": child_ids})
    }


def _extension_rows(
    authority: Authority,
    today: date,
    families: list[extensions.ClockFamily],
    measures: tuple[str, ...],
    overseen: list[int] | QuerySet[Any],
) -> list[dict[str, Any]]:
    """The rows of the figures made from other apps' clocks, shaped as the union's, from the
    sources' own fixed queries. Whom each is attributed to is read with the children
    overseen, as for the union's rows."""
    ids = overseen if isinstance(overseen, list) else [row["pk"] for row in overseen]
    soon_before = looked_after_due_soon_before(authority, today)
    clock_family = {clock: family for family in families for clock in family.clocks}
    wanted = set(measures)
    rows = []
    for item in open_extension_items(authority, ids, today):
        family = clock_family.get(item.clock)
        if family is None or item.due >= soon_before or item.child_id is None:
            continue
        slug = f"{family.slug}-overdue" if item.due < today else f"{family.slug}-due-soon"
        if slug in wanted:
            rows.append(
                {
                    "m_measure": slug,
                    "m_team": None,
                    "m_child": item.child_id,
                    "m_subject_id": item.subject_id,
                    "m_started": item.started,
                    "m_due": item.due,
                }
            )
    return rows


def _fields(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


_TEAM_FIELDS = _fields(Team)
_AUTHORITY_FIELDS = _fields(Authority)
_SERVICE_FIELDS = _fields(_organisation.Service)


def _from_row(
    model: type[_M], fields: tuple[str, ...], row: dict[str, Any], prefix: str = ""
) -> _M:
    return model.from_db(DEFAULT_DB_ALIAS, fields, [row[prefix + name] for name in fields])


def team_list_overseen(*, user: AnyUser) -> list[Team]:
    """The teams this user oversees: a team manager's team(s), a head of service's service,
    each with its authority and service. One query, compiled once for the teams
    (`common.compiled`)."""
    team_ids = tuple(_access.team_ids_overseen(user))

    def build() -> QuerySet[Any]:
        teams: QuerySet[Any] = (
            Team.objects.filter(pk__in=team_ids)
            .order_by("name")
            .values(
                *_TEAM_FIELDS,
                *(f"authority__{name}" for name in _AUTHORITY_FIELDS),
                *(f"service__{name}" for name in _SERVICE_FIELDS),
            )
        )
        return teams

    teams = []
    for row in values_rows(("teams_overseen", team_ids), build):
        team = _from_row(Team, _TEAM_FIELDS, row)
        team.authority = _from_row(Authority, _AUTHORITY_FIELDS, row, "authority__")
        team.service = (
            _from_row(_organisation.Service, _SERVICE_FIELDS, row, "service__")
            if row["service_id"] is not None
            else None
        )
        teams.append(team)
    return teams


def team_get_overseen(*, user: AnyUser, team_id: int) -> Team:
    """One of the user's teams; 404 for anyone else's, so other teams' figures never show."""
    for team in team_list_overseen(user=user):
        if team.pk == team_id:
            return team
    raise _http.Http404("No team found")


def team_dashboards_get(*, user: AnyUser, teams: list[Team], today: date) -> list[TeamDashboard]:
    """The figures of each team, the children waiting for allocation, the assessments waiting
    for authorisation and each worker's caseload: the same few queries for one team or many,
    whatever the number of children."""
    if not teams:
        return []
    team_ids = [team.pk for team in teams]
    every_measure = team_measures()
    slugs = [slug for slug in every_measure if slug != "caseload"]
    overseen = _children_overseen(user, team_ids)
    staff, held = _staff_and_caseloads(team_ids, overseen, today)
    rows, workers = _team_measure_rows(
        authority=teams[0].authority,
        team_ids=team_ids,
        today=today,
        measures=slugs,
        overseen=overseen,
        staff=staff,
    )
    held_cases = _held_cases(overseen, staff)
    dashboards = []
    for team in teams:
        team_rows = [row for row in rows if row.team_id == team.pk]
        counts = {slug: 0 for slug in every_measure}
        for row in team_rows:
            counts[row.measure] += 1
        counts["caseload"] = sum(n for (t, _), n in held.items() if t == team.pk)
        caseloads = [
            WorkerCaseload(worker=worker, children=held.get((team.pk, worker.pk), 0))
            for worker in workers.values()
            if (worker.team_id == team.pk and worker.left_on is None)
            or (team.pk, worker.pk) in held
        ]
        dashboards.append(
            TeamDashboard(
                team=team,
                counts=counts,
                waiting=sorted(
                    (r for r in team_rows if r.measure == "unallocated"),
                    key=lambda r: (r.started, r.child_name, r.child_id),
                ),
                awaiting_authorisation=[
                    r for r in team_rows if r.measure == "awaiting-authorisation"
                ],
                caseloads=caseloads,
                held=None if held_cases is None else held_cases.get(team.pk, []),
            )
        )
    return dashboards


def _held_cases(
    overseen: _Overseen, staff: dict[int, _organisation.Worker]
) -> dict[int, list[extensions.HeldCase]] | None:
    """The cases each team holds, by team, from the allocations read with the children
    (`_children_overseen`) and their holders (`_staff_and_caseloads`); None where the children
    were too many to name."""
    if overseen.children is None:
        return None
    held: dict[int, list[extensions.HeldCase]] = {}
    for row in overseen.rows["caseload"]:
        child = overseen.children[row["m_child"]]
        if child.worker_id is None:
            continue
        worker = staff[child.worker_id]
        held.setdefault(row["m_team"], []).append(
            extensions.HeldCase(
                child_id=row["m_child"],
                child_name=child.name,
                team_id=row["m_team"],
                worker_id=child.worker_id,
                worker_name=_organisation.worker_name_of(worker.first_name, worker.last_name),
                allocated_on=row["m_started"],
            )
        )
    return held


@dataclass(frozen=True)
class TeamMeasureList:
    measure: TeamMeasure
    rows: list[TeamMeasureRow]
    # Set when the list is one worker's share of the figure.
    worker: _organisation.Worker | None


def team_measure_list(
    *, user: AnyUser, team: Team, measure: str, today: date, worker_id: int | None = None
) -> TeamMeasureList:
    """The children behind one figure on a team's dashboard (optionally one worker's share);
    404 for a figure or a worker the team does not have."""
    definition = team_measures().get(measure)
    if definition is None:
        raise _http.Http404("No such figure")
    rows, workers = _team_measure_rows(
        authority=team.authority,
        team_ids=[team.pk],
        today=today,
        measures=[measure],
        overseen=_children_overseen(user, [team.pk]),
        worker_id=worker_id,
    )
    worker = None
    if worker_id is not None:
        worker = workers.get(worker_id)
        if worker is None:
            raise _http.Http404("No such worker in the team")
    if measure == "caseload":
        rows.sort(
            key=lambda r: (
                r.worker.last_name if r.worker else "",
                r.worker.first_name if r.worker else "",
                r.child_name,
                r.child_id,
            )
        )
    return TeamMeasureList(measure=definition, rows=rows, worker=worker)


def child_get_for_allocation(
    *, user: AnyUser, child_id: int, request: _http.HttpRequest | None = None
) -> tuple[Person, Allocation | None]:
    """A child whose case this manager may allocate, with the current allocation: held by,
    or referred to, one of the teams they oversee. 404 otherwise. The page shows the child
    and who holds the case: one audit entry for the read."""
    team_ids = _access.team_ids_overseen(user)
    child = Person.objects.filter(children_overseen_q(user, team_ids)).filter(pk=child_id).first()
    if child is None:
        raise _http.Http404("No child found")
    audit_child_read(
        actor=user, child_id=child.pk, request=request, details={"for": "allocation.change"}
    )
    current = (
        Allocation.objects.filter(child=child, end_date__isnull=True)
        .select_related("team", "worker")
        .first()
    )
    return child, current


@dataclass(frozen=True)
class AllocationTeamChoice:
    team: Team
    workers: list[WorkerCaseload]


def allocation_choices_get(*, user: AnyUser) -> list[AllocationTeamChoice]:
    """The teams a manager may allocate to, each with its current case-holding workers and how
    many children each holds (so the manager can see who has room)."""
    teams = team_list_overseen(user=user)
    team_ids = [team.pk for team in teams]
    workers = (
        _organisation.Worker.objects.filter(
            _organisation.in_post_q(),
            team_id__in=team_ids,
            role__in=[
                *_organisation.Worker.CASE_HOLDING_ROLES,
                _organisation.Worker.Role.TEAM_MANAGER,
            ],
        )
        .annotate(
            children=Count("allocations", filter=Q(allocations__end_date__isnull=True)),
        )
        .order_by("last_name", "first_name", "pk")
    )
    by_team: dict[int, list[WorkerCaseload]] = {}
    for worker in workers:
        by_team.setdefault(worker.team_id or 0, []).append(
            WorkerCaseload(worker=worker, children=worker.children)
        )
    return [AllocationTeamChoice(team=team, workers=by_team.get(team.pk, [])) for team in teams]


def assessment_get_for_review(
    *, user: AnyUser, assessment_id: int, request: _http.HttpRequest | None = None
) -> Assessment:
    """An assessment of a child in one of the manager's teams; 404 otherwise. The review page
    shows its factors, outcome and written sections: one audit entry for the read."""
    team_ids = _access.team_ids_overseen(user)
    overseen = Person.objects.filter(children_overseen_q(user, team_ids)).values("pk")
    assessment = (
        Assessment.objects.filter(pk=assessment_id, child__in=overseen)
        .select_related("child", "worker", "referral", "authorised_by")
        .first()
    )
    if assessment is None:
        raise _http.Http404("No assessment found")
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type="cases.assessment",
        object_id=assessment.pk,
        child_id=assessment.child_id,
        details={"for": "assessment.authorise"},
    )
    return assessment

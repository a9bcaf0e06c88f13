"""Workforce figures read from the record: caseloads counted from the case record's
allocations (never typed in), the establishment, who fills it, starters, leavers and
sickness. Plain reads for the dashboards, the bench and returns; the rates themselves are
pure functions in `figures.py`, and who may see which figures is decided by the dashboards'
selector (`dashboard_scope_get`) before anything here is read.

The rows of the authority are read once (`workforce_record`: four queries, whatever the
number of teams or months) and every figure, for the authority, a service or a team, on a
day or for the twelve months to it, is worked out from them in Python. A twelve- or
sixty-month trend costs the same four queries.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q

from safeguard.benchmarks.selectors import one_place
from safeguard.cases.models import Allocation
from safeguard.organisation.models import Worker
from safeguard.timescales.working_days import add_months, working_days_between

from . import figures
from .codes import AbsenceReason
from .models import Absence, Post, PostHolding

R = Worker.Role
# The DfE counts children and family social workers: registered social workers, managers
# and independent reviewing officers among them. Family help practitioners, analysts,
# auditors and administrators are not social workers (docs/workforce.md, "Figures").
SOCIAL_WORK_ROLES = frozenset(
    {
        R.SOCIAL_WORKER,
        R.SENIOR_PRACTITIONER,
        R.TEAM_MANAGER,
        R.HEAD_OF_SERVICE,
        R.FRONT_DOOR_WORKER,
        R.CONFERENCE_CHAIR,
    }
)
CASE_HOLDING_ROLES = frozenset(Worker.CASE_HOLDING_ROLES)
ZERO = Decimal(0)


def _open_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def caseloads_on(authority_id: int, day: date) -> dict[int, int]:
    """Worker id -> the number of children whose allocation open on `day` names that worker
    (start on or before the day, no end or an end on or after it). One query. Workers with
    no children are absent from the result."""
    rows = (
        Allocation.objects.filter(_open_on(day), worker__authority_id=authority_id)
        .values("worker_id")
        .annotate(children=Count("child_id", distinct=True))
        .values_list("worker_id", "children")
    )
    return {worker_id: children for worker_id, children in rows}


# --- Scope -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The authority, one of its services or one of its teams."""

    authority_id: int
    service_id: int | None = None
    team_id: int | None = None

    def holds(self, team_id: int, service_id: int | None) -> bool:
        if self.team_id is not None:
            return team_id == self.team_id
        if self.service_id is not None:
            return service_id == self.service_id
        return True


# --- The rows, read once -----------------------------------------------------------------


@dataclass(frozen=True)
class _Post:
    team_id: int
    service_id: int | None
    role: str
    funded_fte: Decimal
    start: date
    end: date | None


@dataclass(frozen=True)
class _Holding:
    post_id: int
    worker_id: int
    permanent: bool
    fte: Decimal
    start: date
    end: date | None

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class _Absence:
    worker_id: int
    start: date
    end: date
    days: Decimal


@dataclass
class WorkforceRecord:
    """An authority's posts, holdings, sickness and allocations over a window of days."""

    authority_id: int
    first_day: date
    last_day: date
    posts: dict[int, _Post]
    holdings: list[_Holding]
    sickness: list[_Absence]
    # Worker id -> (start, end) of each allocation naming them that overlaps the window.
    allocations: dict[int, list[tuple[date, date | None]]]
    _by_worker: dict[int, list[_Holding]] = field(default_factory=dict)
    _scoped_holdings: dict[Scope, list[_Holding]] = field(default_factory=dict)
    _scoped_sickness: dict[Scope, list[_Absence]] = field(default_factory=dict)
    _sickness_posts: list[tuple[_Absence, int]] = field(default_factory=list)
    # Filled by `trend`: month-end -> position, and worker id -> children at each position.
    caseload_index: tuple[dict[date, int], dict[int, list[int]]] | None = None

    def __post_init__(self) -> None:
        by_worker: dict[int, list[_Holding]] = defaultdict(list)
        for holding in self.holdings:
            if holding.permanent:
                by_worker[holding.worker_id].append(holding)
        self._by_worker = dict(by_worker)

    def permanent_on(self, worker_id: int, day: date) -> _Holding | None:
        for holding in self._by_worker.get(worker_id, ()):
            if holding.open_on(day):
                return holding
        return None

    def in_scope(self, scope: Scope, post_id: int) -> bool:
        post = self.posts.get(post_id)
        return post is not None and scope.holds(post.team_id, post.service_id)

    def holdings_in(self, scope: Scope) -> list[_Holding]:
        """The holdings of the scope's posts, found once per scope (a trend asks for them at
        every month-end)."""
        if scope not in self._scoped_holdings:
            self._scoped_holdings[scope] = [
                h for h in self.holdings if self.in_scope(scope, h.post_id)
            ]
        return self._scoped_holdings[scope]

    def sickness_in(self, scope: Scope) -> list[_Absence]:
        """Spells of sickness that began while the worker held a permanent post of the
        scope's: the team a spell counts against is the one the worker was in when it began."""
        if not self._sickness_posts and self.sickness:
            for absence in self.sickness:
                held = self.permanent_on(absence.worker_id, absence.start)
                if held is not None:
                    self._sickness_posts.append((absence, held.post_id))
        if scope not in self._scoped_sickness:
            self._scoped_sickness[scope] = [
                absence
                for absence, post_id in self._sickness_posts
                if self.in_scope(scope, post_id)
            ]
        return self._scoped_sickness[scope]


def workforce_record(authority_id: int, first_day: date, last_day: date) -> WorkforceRecord:
    """The rows every figure from `first_day` to `last_day` needs, in four queries. Posts and
    holdings are read whole (a few thousand at the largest authority), because whether a
    holding starts or ends a worker's time in post depends on the holdings around it."""
    posts = {
        pk: _Post(team_id, service_id, role, funded, start, end)
        for pk, team_id, service_id, role, funded, start, end in Post.objects.filter(
            authority_id=authority_id, role__in=SOCIAL_WORK_ROLES
        ).values_list(
            "pk", "team_id", "team__service_id", "role", "funded_fte", "start_date", "end_date"
        )
    }
    holdings = [
        _Holding(post_id, worker_id, basis == PostHolding.Basis.PERMANENT, fte, start, end)
        for post_id, worker_id, basis, fte, start, end in PostHolding.objects.filter(
            post__authority_id=authority_id, post__role__in=SOCIAL_WORK_ROLES
        ).values_list("post_id", "worker_id", "basis", "fte", "start_date", "end_date")
    ]
    sickness = [
        _Absence(*row)
        for row in Absence.objects.filter(
            worker__authority_id=authority_id,
            reason=AbsenceReason.SIC,
            start_date__lte=last_day,
            end_date__gte=first_day,
        ).values_list("worker_id", "start_date", "end_date", "working_days_lost")
    ]
    allocations: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for worker_id, start, end in (
        Allocation.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first_day),
            worker__authority_id=authority_id,
            start_date__lte=last_day,
        )
        .values_list("worker_id", "start_date", "end_date")
        .iterator(chunk_size=5000)
    ):
        allocations[worker_id].append((start, end))
    return WorkforceRecord(
        authority_id, first_day, last_day, posts, holdings, sickness, dict(allocations)
    )


# --- The figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class AsAt:
    """The establishment and who fills it on one day."""

    day: date
    posts: int
    funded_fte: Decimal
    in_post_fte: Decimal
    in_post_headcount: int
    vacancy_fte: Decimal
    agency_fte: Decimal
    agency_headcount: int
    case_holding_fte: Decimal
    cases: int


@dataclass(frozen=True)
class YearTo:
    """Movement and sickness in the twelve months to `end` (the day after `after` to `end`)."""

    after: date
    end: date
    starters: int
    starters_fte: Decimal
    leavers: int
    leavers_fte: Decimal
    sickness_days: Decimal
    working_days: int
    in_post_a_year_ago: int
    still_in_post: int


@dataclass(frozen=True)
class WorkforceFigures:
    as_at: AsAt
    year: YearTo

    @property
    def vacancy_rate(self) -> Decimal | None:
        return one_place(
            figures.vacancy_rate(
                vacancy_fte=self.as_at.vacancy_fte, in_post_fte=self.as_at.in_post_fte
            )
        )

    @property
    def agency_rate(self) -> Decimal | None:
        return one_place(
            figures.agency_rate(
                agency_fte=self.as_at.agency_fte, in_post_fte=self.as_at.in_post_fte
            )
        )

    @property
    def turnover_rate(self) -> Decimal | None:
        return one_place(
            figures.turnover_rate(
                leavers_fte=self.year.leavers_fte, in_post_fte=self.as_at.in_post_fte
            )
        )

    @property
    def stability_rate(self) -> Decimal | None:
        return one_place(
            figures.stability_rate(
                still_in_post=self.year.still_in_post,
                in_post_a_year_ago=self.year.in_post_a_year_ago,
            )
        )

    @property
    def caseload(self) -> Decimal | None:
        return one_place(
            figures.caseload_per_fte(
                cases=self.as_at.cases, case_holding_fte=self.as_at.case_holding_fte
            )
        )

    @property
    def sickness_days_per_fte(self) -> Decimal | None:
        return one_place(
            figures.sickness_days_per_fte(
                days_lost=self.year.sickness_days, in_post_fte=self.as_at.in_post_fte
            )
        )

    @property
    def sickness_rate(self) -> Decimal | None:
        return one_place(
            figures.sickness_rate(
                days_lost=self.year.sickness_days,
                in_post_fte=self.as_at.in_post_fte,
                working_days=self.year.working_days,
            )
        )


def _cases_on(record: WorkforceRecord, worker_id: int, day: date) -> int:
    if record.caseload_index is not None and day in record.caseload_index[0]:
        per_end = record.caseload_index[1].get(worker_id)
        return 0 if per_end is None else per_end[record.caseload_index[0][day]]
    return sum(
        1
        for start, end in record.allocations.get(worker_id, ())
        if start <= day and (end is None or end >= day)
    )


def as_at(record: WorkforceRecord, scope: Scope, day: date) -> AsAt:
    """Posts open on `day` in the scope; in post = directly employed holders; a vacancy is a
    post's funded FTE that its permanent holders do not fill (agency cover does not fill
    it); caseload = children allocated to permanent case holders per their FTE."""
    open_posts = {
        pk: post
        for pk, post in record.posts.items()
        if scope.holds(post.team_id, post.service_id)
        and post.start <= day
        and (post.end is None or post.end >= day)
    }
    filled: dict[int, Decimal] = defaultdict(Decimal)
    in_post_fte = agency_fte = case_holding_fte = ZERO
    in_post: set[int] = set()
    agency: set[int] = set()
    case_holders: set[int] = set()
    for holding in record.holdings_in(scope):
        if holding.post_id not in open_posts or not holding.open_on(day):
            continue
        if holding.permanent:
            filled[holding.post_id] += holding.fte
            in_post_fte += holding.fte
            in_post.add(holding.worker_id)
            if open_posts[holding.post_id].role in CASE_HOLDING_ROLES:
                case_holding_fte += holding.fte
                case_holders.add(holding.worker_id)
        else:
            agency_fte += holding.fte
            agency.add(holding.worker_id)
    vacancy_fte = sum(
        (max(post.funded_fte - filled[pk], ZERO) for pk, post in open_posts.items()), ZERO
    )
    return AsAt(
        day=day,
        posts=len(open_posts),
        funded_fte=sum((post.funded_fte for post in open_posts.values()), ZERO),
        in_post_fte=in_post_fte,
        in_post_headcount=len(in_post),
        vacancy_fte=vacancy_fte,
        agency_fte=agency_fte,
        agency_headcount=len(agency),
        case_holding_fte=case_holding_fte,
        cases=sum(_cases_on(record, worker_id, day) for worker_id in case_holders),
    )


def _overlap_share(absence: _Absence, after: date, end: date) -> Decimal:
    """The part of a spell's working days lost that falls in the year, shared by calendar
    days: a spell across the year's start counts only its days inside."""
    first = max(absence.start, after + timedelta(days=1))
    last = min(absence.end, end)
    if last < first:
        return ZERO
    spell_days = (absence.end - absence.start).days + 1
    inside = (last - first).days + 1
    return absence.days if inside == spell_days else absence.days * inside / spell_days


def year_to(record: WorkforceRecord, scope: Scope, end: date) -> YearTo:
    """Starters and leavers (directly employed: a move between posts of the authority is
    neither, an agency worker taking a permanent post starts, a permanent worker turning
    agency leaves), sickness days of spells begun in a post of the scope, and who of those
    in post a year before `end` is in post (anywhere in the authority) on `end`."""
    after = add_months(end, -12)
    starters: set[int] = set()
    leavers: set[int] = set()
    starters_fte = leavers_fte = ZERO
    a_year_ago: set[int] = set()
    for holding in record.holdings_in(scope):
        if not holding.permanent:
            continue
        worker = holding.worker_id
        if after < holding.start <= end and (
            record.permanent_on(worker, holding.start - timedelta(days=1)) is None
        ):
            starters.add(worker)
            starters_fte += holding.fte
        # Leaving: the first day out of post falls in the year.
        if (
            holding.end is not None
            and after <= holding.end < end
            and record.permanent_on(worker, holding.end + timedelta(days=1)) is None
        ):
            leavers.add(worker)
            leavers_fte += holding.fte
        if holding.open_on(after):
            a_year_ago.add(worker)
    still = {worker for worker in a_year_ago if record.permanent_on(worker, end) is not None}
    sickness_days = ZERO
    for absence in record.sickness_in(scope):
        if absence.start <= end and absence.end > after:
            sickness_days += _overlap_share(absence, after, end)
    return YearTo(
        after=after,
        end=end,
        starters=len(starters),
        starters_fte=starters_fte,
        leavers=len(leavers),
        leavers_fte=leavers_fte,
        sickness_days=sickness_days,
        working_days=working_days_between(after, end),
        in_post_a_year_ago=len(a_year_ago),
        still_in_post=len(still),
    )


def figures_from(record: WorkforceRecord, scope: Scope, day: date) -> WorkforceFigures:
    return WorkforceFigures(as_at(record, scope, day), year_to(record, scope, day))


def figures_on(scope: Scope, day: date) -> WorkforceFigures:
    """Every figure for the scope on `day` and for the twelve months to it: four queries."""
    record = workforce_record(scope.authority_id, add_months(day, -12), day)
    return figures_from(record, scope, day)


def month_ends(day: date, months: int) -> list[date]:
    """The last `months` month-ends up to `day`, oldest first; `day` itself stands for its
    month when it is not a month-end (the figures to date)."""
    ends = [day]
    first_of_month = day.replace(day=1)
    while len(ends) < months:
        first_of_month_before = first_of_month
        ends.append(first_of_month_before - timedelta(days=1))
        first_of_month = ends[-1].replace(day=1)
    return list(reversed(ends))


def trend(scopes: list[Scope], day: date, months: int = 12) -> dict[Scope, list[WorkforceFigures]]:
    """Monthly figures for each scope at each of the last `months` month-ends to `day`: the
    same four queries however many scopes and months."""
    return dashboard_figures(scopes, [], day, months)[0]


def dashboard_figures(
    trended: list[Scope], on_the_day: list[Scope], day: date, months: int = 12
) -> tuple[dict[Scope, list[WorkforceFigures]], dict[Scope, WorkforceFigures]]:
    """A dashboard's figures from one read of the rows (four queries): month by month for
    the `trended` scopes (the page's own), and on the day only for the `on_the_day` ones
    (its teams, in the table that breaks the page down)."""
    scopes = [*trended, *on_the_day]
    if not scopes:
        return {}, {}
    ends = month_ends(day, months)
    record = workforce_record(scopes[0].authority_id, add_months(ends[0], -12), day)
    _index_caseloads(record, ends)
    return (
        {scope: [figures_from(record, scope, end) for end in ends] for scope in trended},
        {scope: figures_from(record, scope, day) for scope in on_the_day},
    )


def _index_caseloads(record: WorkforceRecord, ends: list[date]) -> None:
    """Count each worker's open allocations at every month-end in one pass (a difference
    array over the month-ends each allocation covers), so sixty month-ends do not walk every
    allocation sixty times."""
    size = len(ends)
    counts: dict[int, list[int]] = {}
    for worker_id, spells in record.allocations.items():
        diff = [0] * (size + 1)
        for start, end in spells:
            first = bisect_left(ends, start)
            last = size if end is None else bisect_right(ends, end)
            if first < last:
                diff[first] += 1
                diff[last] -= 1
        running, per_end = 0, []
        for i in range(size):
            running += diff[i]
            per_end.append(running)
        counts[worker_id] = per_end
    record.caseload_index = {end: i for i, end in enumerate(ends)}, counts

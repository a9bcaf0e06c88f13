"""Reads of the workforce record a person sees, with `workforce.view` / `workforce.manage`
applied (docs/decisions/0013): a team manager their team, a head of service their service's
teams, a performance analyst the authority. A team or worker outside that is a 404, so a
page does not say that it exists. A worker's record is employee data: each read of it is
audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from safeguard.access.permissions import allowed
from safeguard.access.queries import team_ids_overseen
from safeguard.access.roles import Role, worker_of
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team, Worker, in_post_q

from .models import Absence, Post, PostHolding, WorkerDetails
from .queries import caseloads_on

__all__ = [
    "Establishment",
    "PostRow",
    "WorkerRecord",
    "establishment_get",
    "post_get_for_managing",
    "team_get_for_managing",
    "worker_get_for_managing",
    "worker_record_get",
    "workers_to_fill_posts",
    "workforce_teams",
]

VIEW = "workforce.view"
MANAGE = "workforce.manage"
NO_SUCH_TEAM = "No such team"
NO_SUCH_WORKER = "No such worker"


def _open_on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def workforce_teams(*, user: AnyUser) -> list[Team]:
    """The teams whose workforce this user may see: every team of an analyst's authority,
    a manager's own teams; none for anyone else."""
    worker = worker_of(user)
    if worker is None or not allowed(user, VIEW):
        return []
    teams = Team.objects.filter(authority_id=worker.authority_id)
    if worker.role != Role.PERFORMANCE_ANALYST:
        teams = teams.filter(pk__in=team_ids_overseen(user))
    return list(teams.select_related("service").order_by("name"))


def _team(user: AnyUser, team_id: int, permission: str) -> Team:
    team = Team.objects.select_related("authority", "service").filter(pk=team_id).first()
    if team is None or not allowed(user, permission, team):
        raise Http404(NO_SUCH_TEAM)
    return team


def team_get_for_managing(*, user: AnyUser, team_id: int) -> Team:
    """A team whose posts, starters and leavers this user records (404 otherwise)."""
    return _team(user, team_id, MANAGE)


def post_get_for_managing(*, user: AnyUser, post_id: int) -> Post:
    post = Post.objects.select_related("team", "team__authority").filter(pk=post_id).first()
    if post is None or not allowed(user, MANAGE, post.team):
        raise Http404("No such post")
    return post


def _worker(user: AnyUser, worker_id: int, permission: str) -> Worker:
    worker = (
        Worker.objects.select_related("team", "team__authority", "authority")
        .filter(pk=worker_id)
        .first()
    )
    # A worker with no team (a head of service, an analyst) is seen only authority-wide.
    if worker is None or not allowed(user, permission, worker.team or _NoTeam(worker)):
        raise Http404(NO_SUCH_WORKER)
    return worker


@dataclass(frozen=True)
class _NoTeam:
    """Stands for "no team" in the permission rules: only the authority-wide view sees it."""

    worker: Worker
    pk: int = 0

    @property
    def authority_id(self) -> int:
        return self.worker.authority_id


def worker_get_for_managing(*, user: AnyUser, worker_id: int) -> Worker:
    """A worker whose leaving and absence this user records (404 otherwise)."""
    return _worker(user, worker_id, MANAGE)


def workers_to_fill_posts(*, user: AnyUser, on: date) -> list[Worker]:
    """Who a manager may put in a post: the workers in post in the teams they manage (a
    newcomer is recorded as a starter instead)."""
    return list(
        Worker.objects.filter(in_post_q(on), team_id__in=team_ids_overseen(user)).order_by(
            "last_name", "first_name", "pk"
        )
    )


# The establishment -------------------------------------------------------------------------


@dataclass(frozen=True)
class PostRow:
    post: Post
    holdings: tuple[PostHolding, ...]
    permanent_fte: Decimal
    agency_fte: Decimal

    @property
    def vacant_fte(self) -> Decimal:
        """The DfE's vacancy: funded FTE not filled by a directly employed worker (agency
        cover fills the gap but the post is still vacant)."""
        return max(self.post.funded_fte - self.permanent_fte, Decimal(0))

    @property
    def status(self) -> str:
        if self.vacant_fte == 0:
            return "Filled"
        if self.agency_fte > 0:
            return "Covered by agency"
        if self.permanent_fte > 0:
            return "Part vacant"
        return "Vacant"


@dataclass(frozen=True)
class Establishment:
    team: Team
    on: date
    rows: tuple[PostRow, ...]

    @property
    def funded_fte(self) -> Decimal:
        return sum((r.post.funded_fte for r in self.rows), Decimal(0))

    @property
    def permanent_fte(self) -> Decimal:
        return sum((r.permanent_fte for r in self.rows), Decimal(0))

    @property
    def agency_fte(self) -> Decimal:
        return sum((r.agency_fte for r in self.rows), Decimal(0))

    @property
    def vacant_fte(self) -> Decimal:
        return sum((r.vacant_fte for r in self.rows), Decimal(0))


def _fte(holdings: list[PostHolding], basis: str) -> Decimal:
    return sum((h.fte for h in holdings if h.basis == basis), Decimal(0))


def establishment_get(*, user: AnyUser, team_id: int, on: date) -> Establishment:
    """The team's posts funded on `on`, who holds each and on what basis."""
    team = _team(user, team_id, VIEW)
    posts = (
        Post.objects.filter(_open_on(on), team=team)
        .prefetch_related(
            Prefetch(
                "holdings",
                queryset=PostHolding.objects.filter(_open_on(on))
                .select_related("worker")
                .order_by("start_date", "pk"),
                to_attr="holding_now",
            )
        )
        .order_by("role", "reference")
    )
    rows = []
    for post in posts:
        holdings: list[PostHolding] = post.holding_now
        rows.append(
            PostRow(
                post=post,
                holdings=tuple(holdings),
                permanent_fte=_fte(holdings, PostHolding.Basis.PERMANENT),
                agency_fte=_fte(holdings, PostHolding.Basis.AGENCY),
            )
        )
    return Establishment(team=team, on=on, rows=tuple(rows))


# A worker's record -------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerRecord:
    worker: Worker
    details: WorkerDetails | None
    holdings: tuple[PostHolding, ...]
    absences: tuple[Absence, ...]
    # Children allocated to them on the day (counted from allocations, never typed in).
    caseload: int
    on: date
    may_manage: bool

    @property
    def holds_cases(self) -> bool:
        return self.worker.role in Worker.CASE_HOLDING_ROLES

    @property
    def caseload_per_fte(self) -> Decimal | None:
        """Children per full-time equivalent, for a case holder with an FTE."""
        fte = self.worker.full_time_equivalent
        if not self.holds_cases or not fte:
            return None
        return (Decimal(self.caseload) / fte).quantize(Decimal("0.1"))

    @property
    def sickness_days(self) -> Decimal:
        return sum((a.working_days_lost for a in self.absences if a.reason == "SIC"), Decimal(0))


def _holdings(worker: Worker) -> QuerySet[PostHolding]:
    return (
        PostHolding.objects.filter(worker=worker)
        .select_related("post", "post__team")
        .order_by("-start_date", "-pk")
    )


def worker_record_get(
    *, user: AnyUser, worker_id: int, on: date, request: HttpRequest | None = None
) -> WorkerRecord:
    """A worker's workforce record: census details, posts held, absences and caseload on
    `on`. The read is audited: it is employee data."""
    worker = _worker(user, worker_id, VIEW)
    details = WorkerDetails.objects.filter(worker=worker).first()
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type=Worker._meta.label_lower,
        object_id=worker.pk,
        reason="workforce record",
    )
    return WorkerRecord(
        worker=worker,
        details=details,
        holdings=tuple(_holdings(worker)),
        absences=tuple(Absence.objects.filter(worker=worker).order_by("-start_date", "-pk")),
        caseload=caseloads_on(worker.authority_id, on).get(worker.pk, 0),
        on=on,
        may_manage=allowed(user, MANAGE, worker.team or _NoTeam(worker)),
    )

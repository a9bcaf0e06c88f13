"""Reads of case audits, each within who may see an audit (`case_audits_visible_q`, the one
filter): the quality assurance team's auditors see every audit of their authority, a manager
the audits of the teams they oversee and those they conduct, any worker the audits of their
own practice and those they conduct; a restricted record's audits only its named people
(`access.queries.restriction_allows_q`). Results by theme count grades, never a child.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, IntegerField, Q, QuerySet
from django.http import Http404

from safeguard.access.queries import need_to_know_key, restriction_allows_q, team_ids_overseen
from safeguard.access.roles import MANAGER_ROLES, Role, worker_of
from safeguard.cases.models import Allocation
from safeguard.cases.selectors.record import Table
from safeguard.cases.selectors.record_tables import record_rows, register_record_tables
from safeguard.common.compiled import RunParam, values_rows
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Worker, in_post_q, worker_name_of
from safeguard.people.models import Person

from .models import (
    GRADE_ORDER,
    AuditTheme,
    CaseAudit,
    CaseAuditAction,
    CaseAuditThemeGrade,
    Grade,
)

__all__ = [
    "AuditLists",
    "AuditOfChild",
    "ThemeQuarter",
    "audit_results_by_theme",
    "case_audit_get",
    "case_audits_list",
    "case_audits_of_child",
    "case_audits_visible_q",
    "child_for_audit",
    "quarter_of",
    "worker_to_audit",
    "workers_in_post",
]


def case_audits_visible_q(user: AnyUser) -> Q:
    """A filter on CaseAudit for the audits this user may see."""
    worker = worker_of(user)
    if worker is None or not user.is_authenticated:
        return Q(pk__in=[])
    mine = Q(worker=worker) | Q(auditor=worker)
    if worker.role == Role.AUDITOR:
        mine |= Q(team__authority_id=worker.authority_id)
    elif worker.role in MANAGER_ROLES:
        mine |= Q(team_id__in=team_ids_overseen(user))
    return mine & restriction_allows_q(user, "child")


def _visible(user: AnyUser) -> QuerySet[CaseAudit]:
    return CaseAudit.objects.filter(case_audits_visible_q(user)).select_related(
        "child", "worker", "team", "auditor"
    )


def case_audit_get(*, user: AnyUser, case_audit_id: int) -> CaseAudit:
    """One audit with its grades and actions; 404 for an audit this user may not see, so its
    existence does not leak."""
    audit = (
        _visible(user).prefetch_related("theme_grades", "actions__owner").filter(pk=case_audit_id)
    )
    found = audit.first()
    if found is None:
        raise Http404("No such case audit")
    return found


@dataclass(frozen=True)
class AuditLists:
    """The audits list page's four lists."""

    in_progress: list[CaseAudit]
    awaiting_response: list[CaseAudit]
    completed: list[CaseAudit]
    # Actions not done by their due date, on audits this user may see.
    overdue_actions: list[CaseAuditAction]


def case_audits_list(*, user: AnyUser, today: date, completed_limit: int = 50) -> AuditLists:
    """The audits this user may see: in progress, completed and waiting for the worker's
    response, the latest completed, and the actions overdue on `today`. Four queries."""
    visible = _visible(user)
    return AuditLists(
        in_progress=list(visible.filter(completed_on__isnull=True).order_by("started_on", "pk")),
        awaiting_response=list(
            visible.filter(completed_on__isnull=False, worker_responded_on__isnull=True).order_by(
                "completed_on", "pk"
            )
        ),
        completed=list(
            visible.filter(completed_on__isnull=False).order_by("-completed_on", "-pk")[
                :completed_limit
            ]
        ),
        overdue_actions=list(
            CaseAuditAction.objects.filter(
                audit__in=CaseAudit.objects.filter(case_audits_visible_q(user)),
                done_on__isnull=True,
                due_on__lt=today,
            )
            .select_related("owner", "audit__child", "audit__team")
            .order_by("due_on", "pk")
        ),
    )


@dataclass(frozen=True)
class AuditOfChild:
    """One of the child's audits as the record's panel lists it."""

    pk: int
    started_on: date
    completed_on: date | None
    grade: str
    worker: str
    auditor: str

    def get_grade_display(self) -> str:
        return Grade(self.grade).label if self.grade else ""


# Whether the child's case was ever audited: read with the record's own tables in its one
# statement (`cases.selectors.record_tables`), so the record of a child never audited (most)
# asks nothing more.
_AUDITS = "case_audits"
register_record_tables(Table(_AUDITS, CaseAudit, ()))


def case_audits_of_child(*, user: AnyUser, child: Person) -> list[AuditOfChild]:
    """The child's audits this user may see, newest first (the record's panel): none read for
    a child never audited (`record_tables`), else one query, compiled once for the reader
    (`common.compiled`), the child given at each run."""
    if not record_rows(child, _AUDITS):
        return []

    def build() -> QuerySet[Any]:
        return (
            CaseAudit.objects.filter(
                case_audits_visible_q(user), child_id=RunParam("child", IntegerField())
            )
            .order_by("-started_on", "-pk")
            .values(
                "pk",
                "started_on",
                "completed_on",
                "grade",
                "worker__first_name",
                "worker__last_name",
                "auditor__first_name",
                "auditor__last_name",
            )
        )

    rows = values_rows(
        ("case_audits_of_child", *need_to_know_key(user)), build, params={"child": child.pk}
    )
    return [
        AuditOfChild(
            pk=row["pk"],
            started_on=row["started_on"],
            completed_on=row["completed_on"],
            grade=row["grade"],
            worker=worker_name_of(row["worker__first_name"], row["worker__last_name"]),
            auditor=worker_name_of(row["auditor__first_name"], row["auditor__last_name"]),
        )
        for row in rows
    ]


def child_for_audit(*, user: AnyUser, la_child_id: str) -> Person | None:
    """The child to audit, found by the authority's child ID: any child of the record but a
    restricted one that does not name this user (an auditor reads records for the authority's
    quality assurance, not through an allocation: docs/decisions/0014-case-audit-access.md)."""
    reference = la_child_id.strip()
    if not reference:
        return None
    return (
        Person.objects.filter(restriction_allows_q(user), la_child_id__iexact=reference)
        .order_by("pk")
        .first()
    )


def worker_to_audit(*, child: Person) -> Worker | None:
    """Whose practice an audit of the child's case looks at: the worker holding the case now,
    or, for a case closed or waiting for a worker, the last worker who held it."""
    allocation = (
        Allocation.objects.filter(child=child, worker__isnull=False)
        .select_related("worker")
        .order_by(F("end_date").desc(nulls_first=True), "-start_date", "-pk")
        .first()
    )
    return allocation.worker if allocation is not None else None


def workers_in_post(*, authority_id: int, on: date) -> QuerySet[Worker]:
    """Who may own an action: the authority's workers in post, by name."""
    return Worker.objects.filter(in_post_q(on), authority_id=authority_id).order_by(
        "last_name", "first_name", "pk"
    )


# Results by theme over time ------------------------------------------------------------------


def quarter_of(on: date) -> str:
    """The calendar quarter a day falls in, as "2025 Q3"."""
    return f"{on.year} Q{(on.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class ThemeQuarter:
    """How many audits completed in a quarter graded a theme (or, with theme "overall", the
    audit itself) at each grade, best grade first."""

    quarter: str
    theme: str
    theme_label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def share_good_or_better(self) -> int | None:
        """Percentage graded good or outstanding, rounded; None for no audits."""
        if not self.total:
            return None
        return round(100 * (self.counts[0] + self.counts[1]) / self.total)


OVERALL = "overall"


def audit_results_by_theme(
    *, authority_id: int, date_from: date, date_to: date
) -> list[ThemeQuarter]:
    """For each quarter with completed audits between the dates (by completion date) and each
    theme, the count of audits at each grade; the overall grade as theme "overall" first.
    Counts only, so no child is named: open to those who read the authority's figures. Two
    queries, grouped by completion date (the quarter is worked out in Python, so the same
    query runs on SQLite and PostgreSQL)."""
    completed = Q(
        completed_on__gte=date_from,
        completed_on__lte=date_to,
        team__authority_id=authority_id,
    )
    counts: dict[tuple[str, str], dict[str, int]] = {}

    def add(completed_on: date | None, theme: str, grade: str, n: int) -> None:
        assert completed_on is not None  # filtered on it
        cell = counts.setdefault((quarter_of(completed_on), theme), {})
        cell[grade] = cell.get(grade, 0) + n

    overall = (
        CaseAudit.objects.filter(completed)
        .values_list("completed_on", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for completed_on, grade, n in overall:
        add(completed_on, OVERALL, grade, n)
    by_theme = (
        CaseAuditThemeGrade.objects.filter(
            audit__in=CaseAudit.objects.filter(completed).values("pk")
        )
        .values_list("audit__completed_on", "theme", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for completed_on, theme, grade, n in by_theme:
        add(completed_on, theme, grade, n)
    labels = {OVERALL: "Overall grade", **{t.value: str(t.label) for t in AuditTheme}}
    order = [OVERALL, *AuditTheme.values]
    return [
        ThemeQuarter(
            quarter=quarter,
            theme=theme,
            theme_label=labels[theme],
            counts=tuple(counts.get((quarter, theme), {}).get(g.value, 0) for g in GRADE_ORDER),
        )
        for quarter in sorted({q for q, _ in counts})
        for theme in order
    ]

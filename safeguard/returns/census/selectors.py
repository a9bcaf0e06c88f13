"""Reads for the census page: the builds of the user's own authority, and a report's rows;
and for the data-quality page, what the census holds for one child the report lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.access.queries import visible_children_q
from safeguard.access.roles import worker_of
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation, Referral
from safeguard.common.errors import Refused
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person

from ..models import CensusBuild
from .data_quality import Episode, Finding, Item, child_items, episodes_with_findings, findings_for
from .queries import census_children
from .report import ReportRow, read_report
from .rules import child_issues, rules_for
from .years import CollectionYear, collection_year

# The page shows this many rows; the CSV download holds them all.
REPORT_ROWS_SHOWN = 500


def census_builds_for(*, user: AnyUser) -> list[CensusBuild]:
    """Every census built for the user's authority, newest first (none without a worker)."""
    worker = worker_of(user)
    if worker is None:
        return []
    return list(
        CensusBuild.objects.filter(authority_id=worker.authority_id).order_by("-built_at", "-pk")
    )


def census_build_latest(*, user: AnyUser, year: int) -> CensusBuild | None:
    return next((b for b in census_builds_for(user=user) if b.year == year), None)


def census_report_rows(build: CensusBuild) -> tuple[list[ReportRow], bool]:
    """The first rows of the build's report, and whether there are more than shown."""
    path = Path(build.report_path)
    if not path.is_file():
        raise Http404("The error report is no longer on disk: build the census again.")
    rows = list(islice(read_report(path), REPORT_ROWS_SHOWN + 1))
    return rows[:REPORT_ROWS_SHOWN], len(rows) > REPORT_ROWS_SHOWN


def census_report_rows_for_child(build: CensusBuild, child_id: int) -> list[ReportRow]:
    """The report's rows about one child. The report is sorted by LA child ID, so a child's
    rows are together: the reading stops at the end of them (two children sharing an ID,
    rule 8510, sort together too)."""
    path = Path(build.report_path)
    if not path.is_file():
        raise Http404("The error report is no longer on disk: build the census again.")
    wanted = str(child_id)
    found: list[ReportRow] = []
    for row in read_report(path):
        if row.child_id == wanted:
            found.append(row)
        elif found and row.la_child_id != found[0].la_child_id:
            break
    return found


def children_openable(*, user: AnyUser, child_ids: Iterable[int]) -> set[int]:
    """Of these children, those whose record the user may open (need to know): the census
    page links their record as well as their data. One query, none for a role that opens no
    records (an analyst)."""
    ids = set(child_ids)
    if not ids or not allowed(user, "child.view"):
        return set()
    return set(
        Person.objects.filter(visible_children_q(user), pk__in=ids).values_list("pk", flat=True)
    )


NOT_IN_RETURN = (
    "This child is not in the error report of the Children in Need census {label} that you "
    "are checking. The data-quality page opens only for a child that report lists."
)
NOT_IN_RETURN_NEXT = "Go back to the census {label} and choose a child from its error report"
READ_REASON = "Checking the Children in Need census {label} (built {built:%-d %B %Y})"


@dataclass(frozen=True)
class WhoToAsk:
    """Whom the analyst asks to put the record right: the worker holding the case and their
    team (with its manager), or the team holding it with no worker, or, when no team holds
    it, the team the latest referral went to."""

    worker: str
    team: str
    team_phone: str
    team_email: str
    manager: str
    why: str


@dataclass
class CensusChildCheck:
    build: CensusBuild
    year: CollectionYear
    child_id: int
    la_child_id: str
    # None: the child is no longer in the census as the record stands now.
    items: list[Item] | None
    episodes: list[Episode]
    # Findings about the child as a whole (or an episode no longer in the census).
    findings: list[Finding]
    who: WhoToAsk | None
    may_open_record: bool

    @property
    def all_findings(self) -> list[Finding]:
        """Every finding: the child's own first, then each episode's."""
        return self.findings + [f for episode in self.episodes for f in episode.findings]

    @property
    def still_found(self) -> int:
        return sum(1 for f in self.all_findings if f.found_now)


def _name(worker: Worker | None) -> str:
    return f"{worker.first_name} {worker.last_name}" if worker is not None else ""


def _who_to_ask(child_id: int, authority_id: int) -> WhoToAsk | None:
    allocation = (
        Allocation.objects.filter(child_id=child_id, end_date__isnull=True)
        .select_related("team", "team__manager", "worker")
        .first()
    )
    team: Team | None
    if allocation is not None:
        team, worker = allocation.team, allocation.worker
        why = (
            "They hold the child's case."
            if worker is not None
            else "The team holds the child's case; no worker is allocated yet."
        )
    else:
        referral = (
            Referral.objects.filter(child_id=child_id, team__authority_id=authority_id)
            .select_related("team", "team__manager")
            .order_by("-referral_date", "-pk")
            .first()
        )
        if referral is None:
            return None
        team, worker = referral.team, None
        why = "No team holds the child's case now: this team had the latest referral."
    return WhoToAsk(
        worker=_name(worker),
        team=team.name,
        team_phone=team.phone,
        team_email=team.email,
        manager=_name(team.manager),
        why=why,
    )


def census_child_check_get(
    *, user: AnyUser, build_id: int, child_id: int, request: HttpRequest | None = None
) -> CensusChildCheck:
    """What the census holds for one child of a build's error report, read again from the
    record as it stands now, with the report's findings against it and whom to ask.

    Only a build of the user's own authority (404 otherwise) and only a child its report
    lists (`Refused` otherwise, saying why): the page exists to fix what that return found,
    not to browse children. Each opening is audited as a read of the child, its reason the
    return being checked. Shows what the census file itself holds (which the user may
    download), never case content."""
    worker = worker_of(user)
    build = (
        CensusBuild.objects.filter(pk=build_id, authority_id=worker.authority_id).first()
        if worker is not None
        else None
    )
    if build is None:
        raise Http404("No census build of this authority")
    year = collection_year(build.year)
    rows = census_report_rows_for_child(build, child_id)
    if not rows:
        raise Refused(
            NOT_IN_RETURN.format(label=year.label),
            next_step=NOT_IN_RETURN_NEXT.format(label=year.label),
            next_url=reverse("returns:census") + f"?year={build.year}",
        )
    # One snapshot for the census queries, as the build reads them.
    with transaction.atomic():
        child = next(iter(census_children(build.authority_id, year, child_id=child_id)), None)
    issues_now = child_issues(child, year, rules_for(year)) if child is not None else []
    episodes, findings = episodes_with_findings(child, findings_for(rows, issues_now))
    may_open = bool(children_openable(user=user, child_ids=[child_id]))
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type="returns.census_child",
        object_id=build.pk,
        child_id=child_id,
        reason=READ_REASON.format(label=year.label, built=timezone.localtime(build.built_at)),
        details={"year": build.year, "rules": sorted({row.rule for row in rows})},
    )
    return CensusChildCheck(
        build=build,
        year=year,
        child_id=child_id,
        la_child_id=rows[0].la_child_id,
        items=child_items(child, year) if child is not None else None,
        episodes=episodes,
        findings=findings,
        who=_who_to_ask(child_id, build.authority_id),
        may_open_record=may_open,
    )

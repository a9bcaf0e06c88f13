"""Each person's tasks, read from the record as it stands.

A task is a question asked of the case record ("an assessment returned to this worker and not
yet sent back", "a signal sent to them and not yet acknowledged"), never a row written beside
it, so it leaves the list when the work is done: the record no longer answers yes. The one
exception is a new allocation, which leaves when the worker says they have seen it
(`tasks.models.AllocationSeen`).

Every list applies need to know through the selector its own page uses: the caseload's
(`cases.selectors.caseload_get`), the manager's review (`children_overseen_q`), the signals'
(`caseload_signals`), the front door's contact page (`contact_list_workable`), so a task
never names a child, or links to a page, that the person may not see. The page reads the
same few queries however many tasks there are.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from safeguard.access import queries as access
from safeguard.access.models import Alert
from safeguard.access.roles import MANAGER_ROLES, PRACTITIONER_ROLES, Role, worker_of
from safeguard.agencies.signals.selectors import PANEL_LIMIT, caseload_signals
from safeguard.cases import selectors as cases
from safeguard.cases.models import Allocation, Assessment
from safeguard.cases.selectors.decisions import assessment_returns_of_outer
from safeguard.cases.selectors.team import children_overseen_q
from safeguard.cases.workflow import lac_visits
from safeguard.common.forms import day_text
from safeguard.common.id_lists import IdIn
from safeguard.common.paths import path_for_each
from safeguard.common.types import AnyUser
from safeguard.front_door.models import InformationRequest
from safeguard.front_door.selectors import contact_list_workable
from safeguard.organisation.models import worker_name_of
from safeguard.people.models import Person, full_name_of
from safeguard.providers.selectors import placements_to_review_for
from safeguard.timescales.clocks import CLOCKS, ClockStatus, clock_status
from safeguard.timescales.working_days import add_working_days

from .models import AllocationSeen, DigestSubscription

# A section lists at most this many, the most pressing first; one more is read to know that
# there are more (its own page lists them all).
SECTION_LIMIT = 50
# An allocation is "new" for this long, unless acknowledged sooner: older ones are already
# the worker's caseload, not news (and a worker new to the system is not handed twenty).
NEW_ALLOCATION_WORKING_DAYS = 10
# The clocks met by a visit at which the child is seen: their task opens the visit form.
VISIT_CLOCKS = frozenset(
    {"cp_visit", "cin_visit", "lac_first_visit", *lac_visits.LATER_VISIT_CLOCKS}
)
FRONT_DOOR_ROLES = frozenset({Role.FRONT_DOOR_WORKER, *MANAGER_ROLES})


class TaskKind(enum.StrEnum):
    RETURNED = "returned"
    AUTHORISATION = "authorisations"
    ALLOCATION = "allocations"
    DUE = "due"
    PLACEMENT_REVIEW = "placement-reviews"
    SIGNAL = "signals"
    INFORMATION_REQUEST = "information-requests"
    ALERT = "alerts"


@dataclass(frozen=True)
class SectionDefinition:
    kind: TaskKind
    heading: str
    # When a task of this kind leaves the list, as the page says it.
    clears: str
    # Where the whole list is, when the section shows only the first SECTION_LIMIT.
    more_url_name: str = ""


SECTIONS: dict[TaskKind, SectionDefinition] = {
    s.kind: s
    for s in (
        SectionDefinition(
            TaskKind.RETURNED,
            "Work returned to you",
            "Your manager returned these for more work. Each goes from this list when you "
            "send it back to them.",
        ),
        SectionDefinition(
            TaskKind.AUTHORISATION,
            "Assessments waiting for your authorisation",
            "Authorise each or return it to the worker for more work; it goes from this list "
            "when you decide.",
            "cases:team_dashboard",
        ),
        SectionDefinition(
            TaskKind.ALLOCATION,
            "New allocations",
            "Children's cases allocated to you in the last "
            f"{NEW_ALLOCATION_WORKING_DAYS} working days. Each goes from this list when you "
            "say you have seen it.",
            "cases:my_cases",
        ),
        SectionDefinition(
            TaskKind.DUE,
            "Due soon or overdue",
            "The next statutory item for each child on your caseload that is overdue or due "
            "soon. Each goes from this list when it is recorded.",
            "cases:my_cases",
        ),
        SectionDefinition(
            TaskKind.PLACEMENT_REVIEW,
            "Placements to review: provider rated inadequate",
            "Ofsted rated the provider where each of these children is placed inadequate. Each "
            "goes from this list when the child's looked-after review is recorded on or after "
            "the inspection date, or the child leaves the placement.",
        ),
        SectionDefinition(
            TaskKind.SIGNAL,
            "Signals to acknowledge",
            "Signals sent to you or your team. Each goes from this list when someone "
            "acknowledges it with a decision.",
            "signals:list",
        ),
        SectionDefinition(
            TaskKind.INFORMATION_REQUEST,
            "Requests for information waiting for an answer",
            "Checks you asked of other agencies about a contact still waiting for a decision. "
            "Each goes from this list when the answer is recorded or the contact is decided.",
            "front_door:queue",
        ),
        SectionDefinition(
            TaskKind.ALERT,
            "Alerts",
            "Alerts sent to you, such as someone using break-glass access to a record you are "
            "responsible for. Each goes from this list when you mark it as read.",
            "audit:alerts",
        ),
    )
}


@dataclass(frozen=True)
class Task:
    """One thing to do, as the page prints it: a link to where it is done and what it is."""

    # The link text, saying what to do and to what.
    title: str
    url: str
    # Lines under the title: who, when, what.
    details: tuple[str, ...] = ()
    # Someone's own words the person must read (a manager's reason for returning work), and
    # what they are.
    quote: str = ""
    quote_label: str = ""
    # Where it stands against its statutory clock, for a task that has one.
    status: ClockStatus | None = None
    due: date | None = None
    child_id: int | None = None
    # A new allocation, acknowledged by id.
    allocation_id: int | None = None

    @property
    def tag_class(self) -> str:
        return cases.STATUS_TAG_CLASSES[self.status] if self.status is not None else ""


@dataclass(frozen=True)
class TaskSection:
    definition: SectionDefinition
    tasks: list[Task]
    # More than the section shows: `more_url` lists them all.
    more: bool = False

    @property
    def kind(self) -> TaskKind:
        return self.definition.kind

    @property
    def count(self) -> int:
        return len(self.tasks)

    @property
    def more_url(self) -> str:
        return reverse(self.definition.more_url_name) if self.definition.more_url_name else ""


@dataclass(frozen=True)
class TaskList:
    sections: list[TaskSection] = field(default_factory=list)

    @property
    def shown(self) -> list[TaskSection]:
        return [section for section in self.sections if section.tasks]

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)

    @property
    def more(self) -> bool:
        """Some section holds more than it lists (so the total is at least `total`)."""
        return any(section.more for section in self.sections)

    @property
    def child_ids(self) -> list[int]:
        return sorted(
            {
                task.child_id
                for section in self.sections
                for task in section.tasks
                if task.child_id is not None
            }
        )

    def counts(self) -> dict[TaskKind, int]:
        return {section.kind: section.count for section in self.sections}


def _section(kind: TaskKind, tasks: list[Task], *, limit: int = SECTION_LIMIT) -> TaskSection:
    return TaskSection(SECTIONS[kind], tasks[:limit], more=len(tasks) > limit)


def _pressing(due: date, today: date, window: int) -> ClockStatus | None:
    """Overdue or due soon, as its clock says; None while it is further off (a tag saying
    "upcoming" on every task would hide the ones that matter)."""
    status = clock_status(due=due, met=None, today=today, due_soon_working_days=window)
    return status if status in (ClockStatus.OVERDUE, ClockStatus.DUE_SOON) else None


# --- The caseload: returned work, new allocations, what is due -------------------------------


def _returned(caseload_ids: list[int], today: date, window: int) -> list[Task]:
    """Assessments of children on the worker's caseload that a manager returned and the worker
    has not yet sent back, the latest return first, each with the manager's reason."""
    if not caseload_ids:
        return []
    returns = assessment_returns_of_outer()

    def latest(column: str) -> Subquery:
        return Subquery(returns.values(column)[:1])

    rows = (
        Assessment.objects.filter(cases.assessment_awaiting_resubmission_q())
        .filter(IdIn("child_id", caseload_ids))
        .annotate(
            returned_at=latest("decided_at"),
            reason=latest("rationale"),
            returned_by_first=latest("decided_by__first_name"),
            returned_by_last=latest("decided_by__last_name"),
        )
        .order_by("-returned_at", "-pk")
        .values(
            "pk",
            "child_id",
            "child__first_name",
            "child__last_name",
            "referral__referral_date",
            "returned_at",
            "reason",
            "returned_by_first",
            "returned_by_last",
        )[: SECTION_LIMIT + 1]
    )
    edit_path = path_for_each("cases:assessment_edit")
    tasks = []
    for row in rows:
        due = CLOCKS["assessment"].due_from(row["referral__referral_date"])
        manager = worker_name_of(row["returned_by_first"], row["returned_by_last"])
        tasks.append(
            Task(
                title=f"Rework {full_name_of(row['child__first_name'], row['child__last_name'])}"
                "'s assessment",
                url=edit_path(row["pk"]),
                details=(
                    f"Returned by {manager} on {day_text(timezone.localdate(row['returned_at']))}",
                    f"Due by {day_text(due)}",
                ),
                quote=row["reason"],
                quote_label="Why it was returned",
                status=_pressing(due, today, window),
                due=due,
                child_id=row["child_id"],
            )
        )
    return tasks


def _new_allocations(
    account_id: int, worker_id: int, caseload_ids: list[int], today: date
) -> list[Task]:
    """Children allocated to the worker in the last NEW_ALLOCATION_WORKING_DAYS working days
    that they have not yet said they have seen, newest first."""
    if not caseload_ids:
        return []
    since = add_working_days(today, -NEW_ALLOCATION_WORKING_DAYS)
    rows = (
        Allocation.objects.filter(
            IdIn("child_id", caseload_ids),
            worker_id=worker_id,
            end_date__isnull=True,
            start_date__gte=since,
        )
        .filter(
            ~Exists(AllocationSeen.objects.filter(user_id=account_id, allocation=OuterRef("pk")))
        )
        # A worker who allocated a case to themselves knows about it.
        .exclude(allocated_by_id=worker_id)
        .order_by("-start_date", "-pk")
        .values(
            "pk",
            "child_id",
            "child__first_name",
            "child__last_name",
            "start_date",
            "team__name",
            "allocated_by__first_name",
            "allocated_by__last_name",
        )[: SECTION_LIMIT + 1]
    )
    record_path = path_for_each("cases:child_record")
    tasks = []
    for row in rows:
        by = (
            f" by {worker_name_of(row['allocated_by__first_name'], row['allocated_by__last_name'])}"
            if row["allocated_by__first_name"] is not None
            else ""
        )
        tasks.append(
            Task(
                title=full_name_of(row["child__first_name"], row["child__last_name"]),
                url=record_path(row["child_id"]),
                details=(
                    f"Allocated to you{by} on {day_text(row['start_date'])}, {row['team__name']}",
                ),
                child_id=row["child_id"],
                allocation_id=row["pk"],
            )
        )
    return tasks


def _due(caseload: cases.Caseload) -> list[Task]:
    """Each child on the caseload whose next statutory item is overdue or due soon, as "My
    cases" orders them (most overdue first), linked to where that item is recorded: the
    assessment, the visit form, or else the child's record (where the step is offered)."""
    assessment_path = path_for_each("cases:assessment_edit")
    visit_path = path_for_each("cases:visit_record")
    record_path = path_for_each("cases:child_record")
    tasks = []
    for entry in caseload.entries:
        item = entry.next_item
        if item is None or entry.status not in (ClockStatus.OVERDUE, ClockStatus.DUE_SOON):
            continue
        name = entry.child_name
        if item.clock == "assessment":
            title, url = f"Complete {name}'s assessment", assessment_path(item.subject_id)
        elif item.clock in VISIT_CLOCKS:
            title, url = f"Record a visit to {name}", visit_path(entry.child_id)
        else:
            title, url = f"Open {name}'s record", record_path(entry.child_id)
        more = f"And {entry.later_items} more open for {name}" if entry.later_items else ""
        tasks.append(
            Task(
                title=title,
                url=url,
                details=tuple(
                    line for line in (f"{item.label}: due by {day_text(item.due)}", more) if line
                ),
                status=entry.status,
                due=item.due,
                child_id=entry.child_id,
            )
        )
    return tasks


def _placement_reviews(user: AnyUser, caseload_ids: list[int]) -> list[Task]:
    """Children on the caseload, or in a team the manager manages, placed with a provider
    now rated inadequate and not reviewed since (`providers.selectors.placements_to_review`),
    linked to the child's record."""
    record_path = path_for_each("cases:child_record")
    return [
        Task(
            title=f"{row.provider_name} rated inadequate on {day_text(row.rated_on)}: review "
            f"{row.child_name}'s placement",
            url=record_path(row.child_id),
            details=(
                f"Placed there since {day_text(row.placed_on)} (URN {row.urn})",
                f"Due: a looked-after review on or after {day_text(row.rated_on)}",
            ),
            child_id=row.child_id,
        )
        for row in placements_to_review_for(
            user=user, caseload_ids=caseload_ids, limit=SECTION_LIMIT + 1
        )
    ]


# --- A manager's authorisations --------------------------------------------------------------


def _authorisations(user: AnyUser, today: date, window: int) -> list[Task]:
    """Assessments completed and sent for authorisation in the teams the manager oversees,
    the longest waiting first: the children and the filter the review page itself asks
    (`assessment_get_for_review`), so every link opens."""
    team_ids = access.team_ids_overseen(user)
    if not team_ids:
        return []
    overseen = Person.objects.filter(children_overseen_q(user, team_ids)).values("pk")
    rows = (
        Assessment.objects.filter(
            submitted_date__isnull=False,
            authorised_date__isnull=True,
            referral__closure_date__isnull=True,
            child__in=overseen,
        )
        .order_by("submitted_date", "pk")
        .values(
            "pk",
            "child_id",
            "child__first_name",
            "child__last_name",
            "submitted_date",
            "referral__referral_date",
            "worker__first_name",
            "worker__last_name",
        )[: SECTION_LIMIT + 1]
    )
    review_path = path_for_each("cases:assessment_review")
    tasks = []
    for row in rows:
        due = CLOCKS["assessment"].due_from(row["referral__referral_date"])
        by = (
            f" by {worker_name_of(row['worker__first_name'], row['worker__last_name'])}"
            if row["worker__first_name"] is not None
            else ""
        )
        tasks.append(
            Task(
                title="Review "
                f"{full_name_of(row['child__first_name'], row['child__last_name'])}'s assessment",
                url=review_path(row["pk"]),
                details=(
                    f"Sent for authorisation{by} on {day_text(row['submitted_date'])}",
                    f"Due by {day_text(due)}",
                ),
                status=_pressing(due, today, window),
                due=due,
                child_id=row["child_id"],
            )
        )
    return tasks


# --- Signals, the front door's checks, alerts ------------------------------------------------


def _signals(user: AnyUser) -> tuple[list[Task], bool]:
    """What "My cases" shows: unacknowledged signals sent to the person, to their team with
    no worker named, and (for a manager) those that tell the manager too."""
    rows = caseload_signals(user=user)
    tasks = [
        Task(
            title=f"{row.title}: {row.child_name}",
            url=row.url,
            details=(f"Raised {row.raised}", row.explanation),
        )
        for row in rows[:PANEL_LIMIT]
    ]
    return tasks, len(rows) > PANEL_LIMIT


def _information_requests(user: AnyUser, worker_id: int) -> list[Task]:
    """Checks the person asked of another agency, not yet answered, about a contact still
    waiting for a decision that they may still open (the contact page's own rule). Named by
    the contact's reference, never the child: the task is the agency's answer."""
    asked_by_them = list(
        InformationRequest.objects.filter(
            requested_by_id=worker_id,
            answered_at__isnull=True,
            contact__decided_at__isnull=True,
        )
        .order_by("requested_at", "pk")
        .values("pk", "contact_id", "contact__reference", "agency", "requested_at")[
            : SECTION_LIMIT + 1
        ]
    )
    if not asked_by_them:
        return []
    # Their own few requests first, then the rule asked of those contacts only: asked of
    # every contact inside the first query, SQLite worked out the whole of the person's need
    # to know (0.7 s at demo scale against 0.05 s).
    workable = set(
        contact_list_workable(user=user)
        .filter(pk__in={row["contact_id"] for row in asked_by_them})
        .values_list("pk", flat=True)
    )
    tasks = []
    for row in (row for row in asked_by_them if row["contact_id"] in workable):
        url = reverse("front_door:information_request_answer", args=[row["contact_id"], row["pk"]])
        asked = timezone.localtime(row["requested_at"])
        tasks.append(
            Task(
                title=f"Record {row['agency']}'s answer on contact {row['contact__reference']}",
                url=url,
                details=(f"Asked on {day_text(asked.date())} at {asked:%H:%M}",),
            )
        )
    return tasks


_ALERT_TITLES = {
    "break_glass": "Break-glass access to a record you are responsible for",
    "refusal_burst": "Many refusals in a short time",
}


def _alerts(account_id: int) -> list[Task]:
    """The person's unread alerts, newest first. An alert carries no case content."""
    rows = (
        Alert.objects.filter(recipient_id=account_id, read_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values("kind", "message", "created_at")[: SECTION_LIMIT + 1]
    )
    url = reverse("audit:alerts")
    return [
        Task(
            title=_ALERT_TITLES.get(row["kind"], "Alert"),
            url=url,
            details=(
                f"{day_text(timezone.localdate(row['created_at']))}, "
                f"{timezone.localtime(row['created_at']):%H:%M}",
                row["message"],
            ),
        )
        for row in rows
    ]


# --- The list --------------------------------------------------------------------------------


def task_list_get(*, user: AnyUser, today: date) -> TaskList:
    """Everything that needs this person now, by kind, each task linking to where it is
    done. The same few queries however many tasks there are; none for a kind the person's
    role cannot have."""
    worker = worker_of(user)
    account_id = user.pk
    if worker is None or account_id is None:
        return TaskList()
    window = worker.authority.due_soon_working_days
    sections: list[TaskSection] = []
    if worker.role in PRACTITIONER_ROLES:
        caseload = cases.caseload_get(user=user, today=today)
        caseload_ids = [entry.child_id for entry in caseload.entries]
        sections.append(_section(TaskKind.RETURNED, _returned(caseload_ids, today, window)))
        if worker.role in MANAGER_ROLES:
            sections.append(_section(TaskKind.AUTHORISATION, _authorisations(user, today, window)))
        sections.append(
            _section(
                TaskKind.ALLOCATION, _new_allocations(account_id, worker.pk, caseload_ids, today)
            )
        )
        sections.append(_section(TaskKind.DUE, _due(caseload)))
        sections.append(_section(TaskKind.PLACEMENT_REVIEW, _placement_reviews(user, caseload_ids)))
        signals, more_signals = _signals(user)
        sections.append(TaskSection(SECTIONS[TaskKind.SIGNAL], signals, more=more_signals))
        if worker.role in FRONT_DOOR_ROLES:
            sections.append(
                _section(TaskKind.INFORMATION_REQUEST, _information_requests(user, worker.pk))
            )
    sections.append(_section(TaskKind.ALERT, _alerts(account_id)))
    return TaskList(sections)


def task_allocation_get(*, user: AnyUser, allocation_id: int) -> Allocation | None:
    """A new allocation this person may acknowledge: open, theirs, and of a child they may
    see. None otherwise (the caller refuses it as not found)."""
    worker = worker_of(user)
    if worker is None:
        return None
    allocation = (
        Allocation.objects.filter(pk=allocation_id, worker_id=worker.pk, end_date__isnull=True)
        .select_related("child")
        .first()
    )
    if allocation is None or not access.can_see_child(user, allocation.child):
        return None
    return allocation


@dataclass(frozen=True)
class DigestPreference:
    subscribed: bool
    # Where it goes (the account's address); empty: it cannot be sent.
    email: str


def digest_preference_get(*, user: User) -> DigestPreference:
    return DigestPreference(
        subscribed=DigestSubscription.objects.filter(user_id=user.pk).exists(),
        email=user.email,
    )

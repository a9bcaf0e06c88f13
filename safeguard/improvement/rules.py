"""The improvement plan's rules, as plain functions of plain values (no models, no requests).

The services, the pages and the demo ask these, so each rule is written once. They are the
council's own governance, not statute: the choices (what counts as evidence, how long an
indicator must hold, how near a due date is "at risk") are in
docs/decisions/0015-improvement-plan.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from safeguard.common.errors import SafeguardError
from safeguard.timescales.working_days import add_months

from .codes import Movement, Status

# The order a recommendation moves through.
STATUS_ORDER: tuple[Status, ...] = (
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.IMPLEMENTED,
    Status.EVIDENCED,
    Status.SUSTAINED,
)
# Not yet implemented: past its due date, these are overdue.
NOT_IMPLEMENTED = frozenset({Status.NOT_STARTED, Status.IN_PROGRESS})
# "Sustained": evidenced at least this long, and an indicator still moved towards its target
# both now and this long ago (a change that lasts two quarters is not a blip).
SUSTAINED_MONTHS = 6
# "At risk": not started with the due date this close.
AT_RISK_WEEKS = 8
# An indicator's current value is its figure over the 12 months to the day (so an event
# indicator compares with England's annual figure, and a snapshot reads the day itself).
INDICATOR_MONTHS = 12

BACKWARDS_NEEDS_REASON = (
    "A recommendation's status moves back from {current} to {new} only with the reason: "
    "say why in the reason box"
)
SAME_STATUS = "The recommendation is already {current}: choose another status"
EVIDENCED_NEEDS_EVIDENCE = (
    "A recommendation is evidenced only with evidence: add a document, a completed case "
    "audit, or an indicator that has moved towards its target, then change the status"
)
SUSTAINED_NEEDS_EVIDENCED = (
    "A recommendation is sustained only once it has been evidenced: record it as evidenced first"
)
SUSTAINED_TOO_SOON = (
    "A recommendation is sustained only after {months} months evidenced: it was evidenced on "
    "{since}, so it can be sustained from {ready}"
)
SUSTAINED_NEEDS_INDICATOR = (
    "A recommendation is sustained only when an indicator has held its move towards the "
    "target for {months} months: add an indicator, or keep it evidenced until one has held"
)
CHANGED_IN_FUTURE = "The date of the change must be today or in the past"
CHANGED_BEFORE_LAST = "The date of the change must be on or after {since}, the last change"
DUE_BEFORE_PUBLISHED = (
    "The due date must be on or after {published}, when the {source} was published"
)
PUBLISHED_IN_FUTURE = "The date published must be today or in the past"
BASELINE_IN_FUTURE = "The baseline date must be today or in the past"
TARGET_SAME_AS_BASELINE = (
    "The target must differ from the baseline: it is where the plan means the indicator to move"
)
UNKNOWN_INDICATOR = "Choose an indicator from the list"
REFERENCE_TAKEN = "{source} already has a recommendation {reference}: give another reference"


# Documents kept as evidence: what a board paper, an audit report or a spreadsheet is saved as,
# each known by how its file begins, so a renamed executable is not kept as "report.pdf".
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
}
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_MISSING = "Select the document to add as evidence"
DOCUMENT_WRONG_TYPE = (
    "The document must be a PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) or "
    "OpenDocument (.odt, .ods) file: save it as one of these first"
)
DOCUMENT_NOT_WHAT_IT_SAYS = (
    "The document is not a real {suffix} file: open it and save it again as {suffix}"
)
DOCUMENT_TOO_BIG = "The document must be smaller than 10 MB"
DOCUMENT_EMPTY = "The selected document is empty"
AUDIT_NOT_COMPLETED = (
    "Only a completed case audit is evidence: this audit was started on {started} and is not "
    "completed yet"
)


@dataclass(frozen=True)
class Problem:
    """One rule broken: the sentence a person reads and the inputs it is about."""

    message: str
    fields: tuple[str, ...] = ()


class ImprovementRefused(SafeguardError):
    """One or more of the plan's rules were broken; nothing was written. Its `violations` are
    shown beside the inputs they name (`common.forms.add_errors_from`)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.violations = tuple(problems)
        super().__init__(
            " ".join(p.message for p in self.violations),
            fields=tuple(dict.fromkeys(f for p in self.violations for f in p.fields)),
            code="improvement_refused",
        )


def refuse_if(problems: list[Problem]) -> None:
    if problems:
        raise ImprovementRefused(problems)


def _label(status: str) -> str:
    return Status(status).label.lower()


def is_backwards(current: str, new: str) -> bool:
    return STATUS_ORDER.index(Status(new)) < STATUS_ORDER.index(Status(current))


def status_move_problems(*, current: str, new: str, reason: str) -> list[Problem]:
    """A status moves forward (skipping a stage is allowed: a small action may be implemented
    the day it starts); a move back (evidence found wanting, an indicator slipping) only with
    the reason recorded."""
    if new == current:
        return [Problem(SAME_STATUS.format(current=_label(current)), ("status",))]
    if is_backwards(current, new) and not reason.strip():
        return [
            Problem(
                BACKWARDS_NEEDS_REASON.format(current=_label(current), new=_label(new)),
                ("reason",),
            )
        ]
    return []


def evidenced_needs_evidence(
    *, new: str, documents: int, completed_audits: int, indicators_moved: int
) -> list[Problem]:
    """Issue 17: no "evidenced" without evidence. A document, a completed case audit, or an
    indicator that has moved towards its target; an indicator that has not moved is not
    evidence yet."""
    if new not in (Status.EVIDENCED, Status.SUSTAINED):
        return []
    if documents or completed_audits or indicators_moved:
        return []
    return [Problem(EVIDENCED_NEEDS_EVIDENCE, ("status",))]


def sustained_needs_held(
    *,
    new: str,
    current: str,
    evidenced_since: date | None,
    today: date,
    indicators_held: int,
) -> list[Problem]:
    """ "Sustained" only after "evidenced", at least `SUSTAINED_MONTHS` months of it, and an
    indicator moved towards its target both today and `SUSTAINED_MONTHS` months ago."""
    if new != Status.SUSTAINED:
        return []
    if current != Status.EVIDENCED or evidenced_since is None:
        return [Problem(SUSTAINED_NEEDS_EVIDENCED, ("status",))]
    ready = add_months(evidenced_since, SUSTAINED_MONTHS)
    problems = []
    if today < ready:
        problems.append(
            Problem(
                SUSTAINED_TOO_SOON.format(
                    months=SUSTAINED_MONTHS, since=_day(evidenced_since), ready=_day(ready)
                ),
                ("status",),
            )
        )
    if not indicators_held:
        problems.append(
            Problem(SUSTAINED_NEEDS_INDICATOR.format(months=SUSTAINED_MONTHS), ("status",))
        )
    return problems


def change_date_problems(*, on: date, last_change: date | None, today: date) -> list[Problem]:
    if on > today:
        return [Problem(CHANGED_IN_FUTURE, ("on",))]
    if last_change is not None and on < last_change:
        return [Problem(CHANGED_BEFORE_LAST.format(since=_day(last_change)), ("on",))]
    return []


def due_date_problems(*, due_on: date, published_on: date, source_kind: str) -> list[Problem]:
    if due_on < published_on:
        return [
            Problem(
                DUE_BEFORE_PUBLISHED.format(published=_day(published_on), source=source_kind),
                ("due_on",),
            )
        ]
    return []


def indicator_problems(
    *, baseline: Decimal, baseline_on: date, target: Decimal, today: date
) -> list[Problem]:
    problems = []
    if baseline_on > today:
        problems.append(Problem(BASELINE_IN_FUTURE, ("baseline_on",)))
    if target == baseline:
        problems.append(Problem(TARGET_SAME_AS_BASELINE, ("target",)))
    return problems


def document_problems(*, name: str, size: int, head: bytes) -> list[Problem]:
    """A document kept as evidence: a kind the council's boards read, its content what its
    name says, and no bigger than `DOCUMENT_MAX_BYTES`."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in DOCUMENT_TYPES:
        return [Problem(DOCUMENT_WRONG_TYPE, ("document",))]
    if size == 0:
        return [Problem(DOCUMENT_EMPTY, ("document",))]
    if size > DOCUMENT_MAX_BYTES:
        return [Problem(DOCUMENT_TOO_BIG, ("document",))]
    if not head.startswith(DOCUMENT_TYPES[suffix]):
        return [Problem(DOCUMENT_NOT_WHAT_IT_SAYS.format(suffix=suffix), ("document",))]
    return []


def audit_problems(*, started_on: date, completed_on: date | None) -> list[Problem]:
    if completed_on is None:
        return [Problem(AUDIT_NOT_COMPLETED.format(started=_day(started_on)), ("case_audit",))]
    return []


def movement(*, baseline: Decimal, target: Decimal, current: Decimal | None) -> Movement:
    """Which way the indicator has gone from its baseline, against the way the target lies:
    a falling caseload is towards a lower target, away from a higher one."""
    if current is None:
        return Movement.UNKNOWN
    if current == baseline:
        return Movement.STILL
    if (current > baseline) == (target > baseline):
        return Movement.TOWARDS
    return Movement.AWAY


def is_overdue(*, status: str, due_on: date, today: date) -> bool:
    """Past its due date and not implemented."""
    return status in NOT_IMPLEMENTED and due_on < today


def is_at_risk(*, status: str, due_on: date, today: date, indicators_away: int) -> bool:
    """Not overdue, but either not started with its due date within `AT_RISK_WEEKS` weeks,
    or with an indicator moving away from its target (whatever its status)."""
    if is_overdue(status=status, due_on=due_on, today=today):
        return False
    if indicators_away:
        return True
    return status == Status.NOT_STARTED and due_on <= today + timedelta(weeks=AT_RISK_WEEKS)


def indicator_period(on: date) -> tuple[date, date]:
    """The 12 months an indicator's value on `on` is read over, both days included."""
    return add_months(on, -INDICATOR_MONTHS) + timedelta(days=1), on


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"

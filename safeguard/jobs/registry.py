"""The kinds of background job: each a registered name, the function that does the work, and
the permission a person needs to start one and to see it (the kind's own page's permission).

    @job_kind("annex_a", title=annex_a_title, permission="returns.build")
    def annex_a(job: Job, params: dict, progress: Progress) -> JobResult: ...

The function runs in the worker (`manage.py run_jobs`), never in a web request. It reports how
far it has got with `progress(done, total, message)` and returns a `JobResult`: a file to
download (with the audit entry its download writes), a page to go on to, counts to show. It
raises `JobError` with a plain-language reason when the job cannot be done; anything else it
raises is reported as an unexpected error, its details kept out of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from typing import IO, TYPE_CHECKING, Any, Protocol

from django.core.management import call_command

if TYPE_CHECKING:
    from .models import Job

UNKNOWN_KIND = "No kind of job is called {name!r}: the kinds are {known}."
ALREADY_REGISTERED = "A kind of job called {name!r} is registered already."


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        """How far the job has got: `done` of `total` steps (rows, children, lists), and a
        short message without case content ("List 3 (Referrals): 1,204 rows")."""


class JobError(Exception):
    """The job cannot be done, for a reason its requester can read and act on (a window that
    is not six months, an account in no authority). Nothing it wrote is kept."""


@dataclass(frozen=True)
class ExportRecord:
    """The audit entry written each time the job's file is downloaded: the file holds case
    content, so its download is an export (object type and id, and counts, never a name)."""

    object_type: str
    object_id: str
    details: dict[str, Any]


@dataclass
class JobResult:
    """What a job leaves behind: a file to download (bytes or an open binary file), or a page
    to go on to, and counts for the job page (no case content)."""

    filename: str = ""
    content_type: str = ""
    content: bytes | IO[bytes] | None = None
    export: ExportRecord | None = None
    summary: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.content is not None and (not self.filename or not self.content_type):
            raise ValueError("A job's file needs a download name and a content type")
        if self.content is not None and self.export is None:
            raise ValueError("A job's file is case content: say how its download is audited")


JobFunction = Callable[["Job", dict[str, Any], Progress], JobResult]


@dataclass(frozen=True)
class JobKind:
    name: str
    run: JobFunction
    title: Callable[[dict[str, Any]], str]
    # The named rule (safeguard.access.permissions) that the kind's own page needs; its job
    # pages need it too. None: an operator's job, started from the command line or nightly,
    # which has no page.
    permission: str | None
    # Where to go when it has finished, e.g. the census page for the year: (link text, URL).
    next_page: Callable[[dict[str, Any]], tuple[str, str]] | None = None


_KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str,
    *,
    title: Callable[[dict[str, Any]], str],
    permission: str | None,
    next_page: Callable[[dict[str, Any]], tuple[str, str]] | None = None,
) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated function as the kind of job called `name`."""

    def register(function: JobFunction) -> JobFunction:
        if name in _KINDS and _KINDS[name].run is not function:
            raise ValueError(ALREADY_REGISTERED.format(name=name))
        _KINDS[name] = JobKind(name, function, title, permission, next_page)
        return function

    return register


def job_kind_get(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join(sorted(_KINDS)) or "none"
        raise LookupError(UNKNOWN_KIND.format(name=name, known=known)) from None


def job_kinds() -> list[str]:
    return sorted(_KINDS)


def command_job(name: str, progress: Progress, **options: Any) -> JobResult:
    """Run a management command as the job, its output (counts, never case content) kept as
    the job's summary for `list_jobs`."""
    out = StringIO()
    call_command(name, stdout=out, stderr=out, progress=progress, **options)
    return JobResult(summary={"Output": "; ".join(out.getvalue().split("\n")).strip("; ")})

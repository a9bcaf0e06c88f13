"""Building Annex A for someone: choosing the authority, writing the file whole or not at all,
and recording the export in the audit trail (it holds every child's record in the window)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from django.db.models import Q
from django.http import HttpRequest

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority

from .builder import AnnexAResult, Progress, build_annex_a
from .window import ReportingWindow

NO_SUCH_AUTHORITY = "No authority matches {value!r}: give its DfE LA code (three digits) or name"
NO_AUTHORITY = "The database holds no authority, so there is nothing to list"
WHICH_AUTHORITY = (
    "The database holds more than one authority: choose one with --authority ({choices})"
)
NO_WORKER = "Your account is not linked to a worker in an authority, so Annex A cannot be built"
NOT_XLSX = "The output file must end in .xlsx (an Excel workbook), not {name!r}"
NO_FOLDER = "The folder {folder} does not exist: create it first or write somewhere else"


class AnnexARequestError(ValueError):
    """Something about the request (not the data) stops the build; nothing was written."""


def annex_a_authority(value: str | None) -> Authority | None:
    """The authority whose children to list. None means every child, which is right when the
    database holds exactly one authority; with several, the caller must choose."""
    if value:
        found = Authority.objects.filter(Q(la_code=value) | Q(name__iexact=value)).first()
        if found is None:
            raise AnnexARequestError(NO_SUCH_AUTHORITY.format(value=value))
        return found if Authority.objects.count() > 1 else None
    authorities = list(Authority.objects.order_by("la_code").values_list("la_code", "name")[:11])
    if not authorities:
        raise AnnexARequestError(NO_AUTHORITY)
    if len(authorities) > 1:
        choices = ", ".join(f"{code} {name}" for code, name in authorities[:10])
        raise AnnexARequestError(WHICH_AUTHORITY.format(choices=choices))
    return None


def annex_a_export_details(
    *, result: AnnexAResult, authority: Authority | None, seconds: float
) -> dict[str, Any]:
    """What the audit entry of an Annex A export holds: the window, the authority and the
    rows per list (counts, never a child)."""
    window = result.window
    return {
        "return": "Ofsted Annex A",
        "from": window.start.isoformat(),
        "to": window.end.isoformat(),
        "authority": authority.la_code if authority else None,
        "rows": result.rows,
        "seconds": round(seconds, 2),
    }


def annex_a_export_id(window: ReportingWindow) -> str:
    return f"{window.start.isoformat()}..{window.end.isoformat()}"


def _audit(
    *,
    result: AnnexAResult,
    authority: Authority | None,
    actor: AnyUser | None,
    request: HttpRequest | None,
    seconds: float,
) -> None:
    audit_record(
        action=Action.EXPORT,
        actor=actor,
        request=request,
        object_type="annex_a",
        object_id=annex_a_export_id(result.window),
        details=annex_a_export_details(result=result, authority=authority, seconds=seconds),
    )


def annex_a_write_file(
    *,
    window: ReportingWindow,
    path: Path,
    authority: Authority | None = None,
    progress: Progress | None = None,
) -> AnnexAResult:
    """Write the workbook to `path`, whole: it is built in a temporary file beside it and
    moved into place only when complete, so a failed build leaves no file behind. The
    export is audited as the system's (a command has no signed-in user)."""
    if path.suffix.lower() != ".xlsx":
        raise AnnexARequestError(NOT_XLSX.format(name=path.name))
    folder = path.resolve().parent
    if not folder.is_dir():
        raise AnnexARequestError(NO_FOLDER.format(folder=folder))
    started = time.perf_counter()
    handle, temporary = tempfile.mkstemp(prefix=".annex_a-", suffix=".xlsx", dir=folder)
    try:
        with os.fdopen(handle, "wb") as output:
            result = build_annex_a(
                window=window, output=output, authority=authority, progress=progress
            )
        # The lists name children: readable by the file's owner only, as subject access
        # exports are.
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _audit(
        result=result,
        authority=authority,
        actor=None,
        request=None,
        seconds=time.perf_counter() - started,
    )
    return result


def annex_a_build_for(
    *,
    window: ReportingWindow,
    output: IO[bytes],
    user: AnyUser | None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the workbook for `user`'s own authority to `output` and return what its export's
    audit entry holds. Not audited here: a background job builds it (safeguard/jobs), and the
    export is recorded each time the analyst downloads the file, under their name."""
    started = time.perf_counter()
    worker = getattr(user, "worker", None)
    authority = worker.authority if worker is not None else None
    if Authority.objects.count() <= 1:
        authority = None  # every child is this authority's: no need to filter
    elif authority is None:
        raise AnnexARequestError(NO_WORKER)
    result = build_annex_a(window=window, output=output, authority=authority, progress=progress)
    return annex_a_export_details(
        result=result, authority=authority, seconds=time.perf_counter() - started
    )

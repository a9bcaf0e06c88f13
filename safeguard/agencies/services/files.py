"""Importing a partner's file (a nightly extract, CSV or JSON lines) of any size.

What is refused, and what is stored:

- **The whole file is refused, and nothing is stored**, when it cannot be read as a whole:
  an encoding that is not the one it is read in (UTF-8, or UTF-16 with a byte order mark,
  unless another is declared), a quote left open (which swallows the rows after it), a row
  with more or fewer cells than the header, a column named twice, no rows; or when the
  organisation already imported the very same file (the same SHA-256), or no longer shares
  information. The first reading of the file finds all of these before anything is written.
- **Otherwise each row is stored whole or rejected with its reasons**: a row that fails the
  submission schema (as `POST /api/events` would), and a row that repeats an earlier row of
  the file cell for cell (only the first is taken), are rejected; the rest are stored.
- **Rows are stored in chunks**, each chunk in one transaction with its contacts, signals
  and audit entries, and the file's record (`PartnerBatch`, with the SHA-256) says how far
  the import has got. A file of 50 MB takes minutes, and one transaction that long would
  hold the audit trail's head (every audited read waits on it) and a SQLite database for
  all of that time. If an import stops part-way (the server or the job's worker restarts),
  importing the same file again carries on after the last chunk stored: no row is stored
  twice and none is lost. A finished file imported again is refused.

The file is read as a stream twice (`agencies.extracts`), never held whole: memory depends
on the chunk, not the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser

from ..extracts import (
    ExtractRefused,
    ExtractRow,
    ExtractShape,
    extract_check,
    extract_format,
    extract_rows,
)
from ..linkage.services import LinkageError, linkage_model_current
from ..models import PartnerBatch, PartnerOrganisation
from .submissions import rows_store

__all__ = [
    "ALREADY_IMPORTED",
    "IMPORT_UNDER_WAY",
    "PartnerFileReport",
    "partner_file_import",
]

# Rows linked and stored in one transaction.
CHUNK_ROWS = 2000
# Rejected rows listed in the report with their reasons; beyond these only counted (a file
# of a wrong layout rejects every row for the same reason).
REJECTIONS_LISTED = 1000
ALREADY_IMPORTED = (
    "This file was already imported on {date} (batch {batch}, {stored} rows stored): nothing "
    "was stored again. If it has changed since, it is a different file: import that."
)
IMPORT_UNDER_WAY = (
    "This file is being imported by another job at this moment: nothing more was stored by "
    "this one. Its report is batch {batch}."
)
ORGANISATION_INACTIVE = "{name} no longer shares information: nothing was stored."
LINKAGE_UNAVAILABLE = (
    "Matching people to records is not available yet (no linkage model is trained): nothing "
    "was stored. Import the file again once it is (manage.py train_linkage_model)."
)
REPEATED_ROW = "A repeat of row {first}, cell for cell: only row {first} is taken"

Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class PartnerFileReport:
    """What became of a partner file. `refused` is empty when the file was imported (its
    rows each stored or rejected); otherwise it says why the whole file was refused, and
    nothing was stored."""

    file_name: str
    refused: str = ""
    # What kind of refusal, for the audit trail: encoding, structure, empty, repeat,
    # under_way, inactive.
    refusal_code: str = ""
    sha256: str = ""
    encoding: str = ""
    batch_id: int | None = None
    received: int = 0
    stored: int = 0
    rejected: int = 0
    repeated: int = 0
    # The first REJECTIONS_LISTED rejected rows: {"row", "stored": False, "errors"}.
    rejected_rows: list[dict[str, Any]] = field(default_factory=list)
    # An import that had stopped part-way and was carried on: the rows it had stored.
    resumed_after: int = 0

    @property
    def imported(self) -> bool:
        return not self.refused

    @property
    def summary(self) -> str:
        if self.refused:
            return self.refused
        text = (
            f"{self.received} rows: {self.stored} stored, {self.rejected} rejected "
            f"(batch {self.batch_id})."
        )
        if self.repeated:
            text += f" {self.repeated} of the rejected rows repeat an earlier row."
        if self.resumed_after:
            text += f" Carried on after row {self.resumed_after}, where an earlier import stopped."
        return text


def _refuse(
    *,
    organisation: PartnerOrganisation,
    file_name: str,
    code: str,
    message: str,
    imported_by: AnyUser | None,
    sha256: str = "",
    batch_id: int | None = None,
) -> PartnerFileReport:
    audit_record(
        action=Action.REFUSED,
        actor=imported_by,
        object_type="agencies.partnerbatch",
        object_id=batch_id or "",
        details={
            "organisation": organisation.pk,
            "file": file_name,
            "sha256": sha256,
            "refused": code,
        },
    )
    return PartnerFileReport(
        file_name=file_name,
        refused=message,
        refusal_code=code,
        sha256=sha256,
        batch_id=batch_id,
    )


def _batch_for(
    organisation: PartnerOrganisation,
    *,
    sha256: str,
    file_name: str,
    rows: int,
    imported_by: AnyUser | None,
) -> tuple[PartnerBatch, bool]:
    """The file's record: a new one, or the one an import that stopped part-way left."""
    existing = PartnerBatch.objects.filter(organisation=organisation, file_sha256=sha256).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            batch = PartnerBatch.objects.create(
                organisation=organisation,
                file_name=file_name[:255],
                file_sha256=sha256,
                imported_by=(
                    imported_by
                    if imported_by is not None and imported_by.is_authenticated
                    else None
                ),
                received_at=timezone.now(),
                report={"complete": False, "rows_done": 0},
            )
            # Readable as a batch report (GET /api/batches/{id}) while it is imported.
            batch.report.update(
                batch_id=batch.pk, received=rows, stored=0, rejected=0, repeated=0, rows=[]
            )
            batch.save(update_fields=["report"])
        return batch, True
    except IntegrityError:
        # Another job started the same file a moment ago.
        return PartnerBatch.objects.get(organisation=organisation, file_sha256=sha256), False


def partner_file_import(
    *,
    organisation: PartnerOrganisation,
    path: Path | str,
    encoding: str | None = None,
    imported_by: AnyUser | None = None,
    progress: Progress | None = None,
    file_format: str = "",
    file_name: str = "",
) -> PartnerFileReport:
    """Import a partner's file (module docstring: what is refused, what is stored). Shared
    under Children Act 2004 s.11, like every partner submission (docs/information-sharing.md).

    `encoding`: what the organisation declared the file to be in (e.g. "cp1252"), for a
    file without a byte order mark. `progress(done_rows, bytes_read, total_bytes)` is called
    after each chunk. `file_format` is "csv" or "jsonl" (by default from the file's name);
    `file_name` is the name reported (by default the path's)."""
    path = Path(path)
    file_name = file_name or path.name
    file_format = extract_format(file_name, file_format)
    refuse: dict[str, Any] = dict(
        organisation=organisation, file_name=file_name, imported_by=imported_by
    )
    if not organisation.is_active:
        return _refuse(
            **refuse, code="inactive", message=ORGANISATION_INACTIVE.format(name=organisation)
        )
    try:
        shape = extract_check(path, file_format=file_format, encoding=encoding)
    except ExtractRefused as refusal:
        return _refuse(**refuse, code=refusal.code, message=refusal.message)
    try:
        linkage_model_current()
    except LinkageError:
        # Refused whole rather than row by row: a finished file cannot be imported again,
        # and these rows must be.
        return _refuse(
            **refuse, code="linkage_unavailable", message=LINKAGE_UNAVAILABLE, sha256=shape.sha256
        )

    batch, new = _batch_for(
        organisation,
        sha256=shape.sha256,
        file_name=file_name,
        rows=shape.rows,
        imported_by=imported_by,
    )
    if batch.report.get("complete", True):
        report = batch.report
        return _refuse(
            **refuse,
            code="repeat",
            message=ALREADY_IMPORTED.format(
                date=f"{timezone.localtime(batch.received_at):%d %B %Y at %H:%M}",
                batch=batch.pk,
                stored=report.get("stored", 0),
            ),
            sha256=shape.sha256,
            batch_id=batch.pk,
        )
    resumed_after = 0 if new else int(batch.report.get("rows_done", 0))

    resumed_after = 0 if new else int(batch.report.get("rows_done", 0))
    importer = _Importer(batch=batch, resumed_after=resumed_after, imported_by=imported_by)
    chunk: list[ExtractRow] = []
    done = 0
    for extracted in extract_rows(path, file_format=file_format, encoding=shape.encoding):
        chunk.append(extracted)
        if len(chunk) < CHUNK_ROWS:
            continue
        if not importer.store(chunk):
            return _refuse(**refuse, **_under_way(batch, shape.sha256))
        done += len(chunk)
        if progress is not None:
            progress(done, extracted.bytes_read, shape.size)
        chunk = []
    if not importer.store(chunk, shape=shape):
        return _refuse(**refuse, **_under_way(batch, shape.sha256))
    if progress is not None:
        progress(shape.rows, shape.size, shape.size)
    report = importer.batch.report
    return PartnerFileReport(
        file_name=file_name,
        sha256=shape.sha256,
        encoding=shape.encoding,
        batch_id=batch.pk,
        received=report["received"],
        stored=report["stored"],
        rejected=report["rejected"],
        repeated=report["repeated"],
        rejected_rows=report["rows"],
        resumed_after=resumed_after,
    )


def _under_way(batch: PartnerBatch, sha256: str) -> dict[str, Any]:
    return {
        "code": "under_way",
        "message": IMPORT_UNDER_WAY.format(batch=batch.pk),
        "sha256": sha256,
        "batch_id": batch.pk,
    }


@dataclass
class _Importer:
    """Stores a file's rows a chunk at a time, each chunk in one transaction with the file's
    record moved on to its last row."""

    batch: PartnerBatch
    resumed_after: int
    imported_by: AnyUser | None
    # A row's fingerprint -> the first row with it: repeats are told apart over the whole
    # file, rows stored before a restart included.
    first_of: dict[int, int] = field(default_factory=dict)

    def store(self, chunk: list[ExtractRow], *, shape: ExtractShape | None = None) -> bool:
        """Store `chunk` (the last one when `shape` is given: the file is then complete).
        False when another import of the same file has moved the record on already."""
        rows: list[tuple[int, Any]] = []
        repeats: dict[int, dict[str, Any]] = {}
        for extracted in chunk:
            first = self.first_of.setdefault(extracted.fingerprint, extracted.number)
            if extracted.number <= self.resumed_after:
                continue  # stored (or rejected) before the restart
            if first != extracted.number:
                repeats[extracted.number] = {
                    "row": extracted.number,
                    "stored": False,
                    "errors": [REPEATED_ROW.format(first=first)],
                }
            else:
                rows.append((extracted.number, extracted.row))
        if not rows and not repeats and shape is None:
            return True
        expected = self.batch.report.get("rows_done", 0)
        with transaction.atomic():
            batch = PartnerBatch.objects.select_for_update().get(pk=self.batch.pk)
            if batch.report.get("rows_done", 0) != expected:
                return False
            stored = rows_store(batch=batch, rows=rows)
            reports = {**stored.reports, **repeats}
            rejected = [reports[n] for n in sorted(reports) if not reports[n]["stored"]]
            report = dict(batch.report)
            listed: list[dict[str, Any]] = list(report.get("rows", []))
            report.update(
                rows_done=chunk[-1].number if chunk else expected,
                stored=report.get("stored", 0) + len(reports) - len(rejected),
                rejected=report.get("rejected", 0) + len(rejected),
                repeated=report.get("repeated", 0) + len(repeats),
                # Only rejected rows are listed: every other row is a submission of this
                # batch, with its row number.
                rows=listed + rejected[: max(0, REJECTIONS_LISTED - len(listed))],
            )
            if shape is not None:
                report.update(complete=True, received=shape.rows, encoding=shape.encoding)
            batch.report = report
            batch.save(update_fields=["report"])
            audit_record(
                action=Action.CREATE,
                actor=self.imported_by,
                object_type="agencies.partnerbatch",
                object_id=batch.pk,
                details={
                    "organisation": batch.organisation_id,
                    "file": batch.file_name,
                    "rows": [rows[0][0], rows[-1][0]] if rows else [],
                    "stored": len(reports) - len(rejected),
                    "rejected": len(rejected),
                    "complete": shape is not None,
                    # Which children were written about, without naming them.
                    "children": sorted(stored.children),
                },
            )
        self.batch = batch
        return True

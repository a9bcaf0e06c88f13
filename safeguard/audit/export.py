"""The auditor's export: the entries a search found, as CSV, named as the page names them.

Every text cell goes through `safe_cell`: a username, a reason or a child's name typed as
`=HYPERLINK(...)` must not run when the auditor opens the file in a spreadsheet. Entries are
read and named a chunk at a time (newest first, by id), so the rows held at once and the
queries per chunk stay fixed however many are exported. An entry is named by its chain and its
number on that chain, as verify_audit names it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from safeguard.common.marking import marking_csv_row
from safeguard.common.spreadsheets import safe_cell

from .models import AuditEntry
from .names import NamedEntry, describe_entries

HEADERS = (
    "Entry",
    "Chain",
    "When (UK time)",
    "Username",
    "Name",
    "Action",
    "Record",
    "Child ID",
    "Child",
    "Reason",
    "Notes",
    "Address",
    "Browser",
)
CHUNK = 1000


def _row(named: NamedEntry) -> list[Any]:
    entry = named.entry
    text = (
        entry.actor_username or "System",
        named.actor_name,
        entry.get_action_display(),
        named.record,
        named.child_name,
        entry.reason,
        named.note,
        entry.ip_address or "",
        entry.user_agent,
    )
    username, name, action, record, child, reason, note, address, browser = (
        safe_cell(value) for value in text
    )
    when = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")
    return [
        entry.sequence,
        entry.chain,
        when,
        username,
        name,
        action,
        record,
        entry.child_id if entry.child_id is not None else "",
        child,
        reason,
        note,
        address,
        browser,
    ]


def _chunks(entries: QuerySet[AuditEntry]) -> Iterator[list[AuditEntry]]:
    # Newest first, a chunk at a time, each read after the last entry already written.
    last: int | None = None
    while True:
        chunk = entries if last is None else entries.filter(id__lt=last)
        rows = list(chunk.order_by("-id")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].id


def audit_csv_lines(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """The CSV, a chunk of lines at a time, starting with a byte-order mark so that Excel
    reads it as UTF-8, then the protective marking on a line of its own, then the headers."""
    out = io.StringIO()
    writer = csv.writer(out)

    def flush() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    writer.writerow(marking_csv_row())
    writer.writerow(HEADERS)
    yield "\ufeff" + flush()
    for chunk in _chunks(entries):
        for named in describe_entries(chunk):
            writer.writerow(_row(named))
        yield flush()

"""census_build: the Children in Need census for one authority and collection year, written
as XML with its error report beside it, checked against our XSD, recorded and audited."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.organisation.models import Authority

from ..models import CensusBuild
from .queries import census_child_count, census_children
from .records import Header
from .report import SCHEMA_MESSAGE, SCHEMA_RULE, report_path_for, write_report
from .rules import Issue, ReturnTally, child_issues, header_issues, rules_for
from .schema import ChunkValidator, Tee
from .xml import CensusWriter
from .years import collection_year

SOFTWARE_CODE = "Safeguard"
# Children per piece checked against the schema in a worker process while the build goes on.
SCHEMA_CHUNK = 2000
SCHEMA_WORKERS = 2
RELEASE = "1"

NOT_XML = "The census file name must end in .xml; got {path}."
NO_FOLDER = "The folder {folder} does not exist: create it or choose another --output."

Progress = Callable[[int], None]


class CensusBuildError(ValueError):
    """The census could not be built (bad year, bad path); nothing was written."""


@dataclass
class CensusResult:
    build: CensusBuild
    build_seconds: float
    validate_seconds: float


def census_build(
    *,
    authority: Authority,
    year: int,
    output: Path,
    actor: User | None = None,
    on_start: Callable[[int], None] | None = None,
    on_child: Progress | None = None,
    workers: int = SCHEMA_WORKERS,
) -> CensusResult:
    """Build the census for the year ending 31 March `year` into `output` (and the error
    report beside it). Validation errors are reported, not raised: the file is written
    whatever the data, so the analyst can see what to fix. DfE CIN census guide; rules in
    `rules/`. `workers` processes check the schema as the file is written (0: in this
    process); `build_seconds` is the time to write it, `validate_seconds` the wait after that
    for the schema check to finish."""
    try:
        collection = collection_year(year)
    except ValueError as error:
        raise CensusBuildError(str(error)) from None
    output = Path(output)
    if output.suffix.lower() != ".xml":
        raise CensusBuildError(NOT_XML.format(path=output))
    if not output.parent.is_dir():
        raise CensusBuildError(NO_FOLDER.format(folder=output.parent))
    report = report_path_for(output)
    rules = rules_for(collection)
    serial = CensusBuild.objects.filter(authority=authority, year=year).count() + 1
    header = Header(
        la_code=authority.la_code,
        reference_date=collection.reference_date,
        software_code=SOFTWARE_CODE,
        release=RELEASE,
        serial_number=serial,
        generated_at=timezone.now().replace(microsecond=0).isoformat(),
    )

    started = time.perf_counter()
    issues: list[Issue] = header_issues(header, collection)
    tally = ReturnTally(collection)
    # Position in the file -> (person id, LA child id): ties schema errors to a child.
    positions: list[tuple[int, str]] = []
    partial = output.with_name(output.name + ".partial")
    validator = ChunkValidator(collection, workers=workers)
    # One snapshot for every query, so the streams agree with each other.
    with transaction.atomic():
        if on_start is not None:
            on_start(census_child_count(authority.pk, collection))
        with partial.open("wb") as file:
            tee = Tee(file)
            with CensusWriter(tee, collection, header) as writer:  # type: ignore[arg-type]
                validator.start(tee.take())
                chunk_start = 0
                for child in census_children(authority.pk, collection):
                    writer.child(child)
                    issues.extend(child_issues(child, collection, rules))
                    tally.add(child)
                    positions.append((child.person_id, child.la_child_id or ""))
                    if len(positions) - chunk_start == SCHEMA_CHUNK:
                        validator.check(tee.take(), chunk_start)
                        chunk_start = len(positions)
                    if on_child is not None:
                        on_child(1)
                if len(positions) > chunk_start:
                    validator.check(tee.take(), chunk_start)
    os.replace(partial, output)
    if not positions:
        validator.check_whole(output.read_bytes())
    issues.extend(tally.issues())
    built = time.perf_counter()

    schema_count = 0
    for found in validator.errors():
        schema_count += 1
        person_id, la_child_id = (
            positions[found.child_position] if found.child_position is not None else (None, "")
        )
        issues.append(
            Issue(
                SCHEMA_RULE,
                SCHEMA_MESSAGE,
                False,
                person_id,
                la_child_id,
                f"{found.path}: {found.reason}",
            )
        )
    validated = time.perf_counter()

    issues.sort(key=lambda i: (i.la_child_id, i.code, i.where))
    write_report(report, issues)
    record = CensusBuild.objects.create(
        authority=authority,
        year=year,
        built_at=timezone.now(),
        built_by=actor if getattr(actor, "is_authenticated", False) else None,
        xml_path=str(output.resolve()),
        report_path=str(report.resolve()),
        children=len(positions),
        errors=sum(1 for i in issues if not i.is_query),
        queries=sum(1 for i in issues if i.is_query),
        schema_errors=schema_count,
        by_rule=dict(Counter(i.code for i in issues)),
    )
    # Building the return reads every child's record in it: one entry for the whole export.
    audit_record(
        action=Action.EXPORT,
        actor=actor,
        object_type="returns.census",
        object_id=record.pk,
        details={"year": year, "children": record.children, "errors": record.errors},
    )
    return CensusResult(record, built - started, validated - built)

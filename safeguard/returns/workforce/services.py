"""workforce_census_build: the children's social work workforce census for one authority and
year, written as XML with its error report beside it, checked against our XSD, audited.
`workforce_census_prepare` reads and checks it without writing anything (the returns page)."""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority

from .queries import census_vacancies, census_workers
from .records import CensusWorker, Header, Vacancies
from .report import report_path_for, write_report
from .rules import Issue, return_issues, worker_issues
from .schema import schema_errors
from .xml import census_xml
from .years import CensusYear, UnknownCensusYear, census_year

SOFTWARE_CODE = "Safeguard"
_POSITION = re.compile(r"\[\d+\]")
SCHEMA_CHECK = "XSD"
SCHEMA_MESSAGE = "The file does not match the workforce census schema: {path}: {reason}"

NOT_XML = "The workforce census file name must end in .xml; got {path}."
NO_FOLDER = "The folder {folder} does not exist: create it or choose another --output."
NO_WORKERS = (
    "{authority} has no social workers in the census of {label} (none in post on the day, "
    "starting or leaving in the year): the DfE's file needs at least one."
)

NO_PAY_POLICY = (
    "The census of {label} needs {authority}'s pay policy for {year} (recruitment and retention "
    "bonuses, allowances, registration and DBS fees: LALevelVacancies), and none is recorded: "
    "record the pay policy for {year} in the workforce record, then build the census again."
)


class WorkforceCensusError(ValueError):
    """The census could not be built (unknown year, bad path, nobody in it); nothing was
    written."""


@dataclass(frozen=True)
class PreparedCensus:
    year: CensusYear
    document: bytes
    workers: list[CensusWorker]
    vacancies: Vacancies
    issues: list[Issue]

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if not i.is_query)

    @property
    def queries(self) -> int:
        return sum(1 for i in self.issues if i.is_query)

    @property
    def schema_errors(self) -> int:
        return sum(1 for i in self.issues if i.code == SCHEMA_CHECK)


def workforce_census_prepare(*, authority: Authority, year: int) -> PreparedCensus:
    """The census of 30 September `year`: the file's bytes and every problem with it, the
    schema's and our own checks', each naming the worker and the item. Reads only. DfE
    children's social work workforce census guide; items and checks in docs/workforce.md."""
    try:
        census = census_year(year)
    except UnknownCensusYear as error:
        raise WorkforceCensusError(str(error)) from None
    # One snapshot, so the vacancies and the workers agree.
    with transaction.atomic():
        workers = list(census_workers(authority.pk, census))
        vacancies = census_vacancies(authority.pk, census)
    if not workers:
        raise WorkforceCensusError(NO_WORKERS.format(authority=authority.name, label=census.label))
    if census.asks_pay and vacancies.pay_policy is None:
        raise WorkforceCensusError(
            NO_PAY_POLICY.format(label=census.label, authority=authority.name, year=census.year)
        )
    header = Header(
        la_code=authority.la_code,
        reference_date=census.reference_date,
        software_code=SOFTWARE_CODE,
        generated_at=timezone.now().replace(microsecond=0).isoformat(),
    )
    document = census_xml(header, vacancies, workers, census)
    issues: list[Issue] = []
    for worker in workers:
        issues.extend(worker_issues(worker, census))
    issues.extend(return_issues(workers))
    for found in schema_errors(document, census):
        who = workers[found.worker_position] if found.worker_position is not None else None
        issues.append(
            Issue(
                SCHEMA_CHECK,
                SCHEMA_MESSAGE.format(path=found.path, reason=found.reason),
                False,
                who.worker_id if who else None,
                who.name if who else "",
                who.swe_number if who else "",
                _POSITION.sub("", found.path.rsplit("/", 1)[-1]),
            )
        )
    issues.sort(key=lambda i: (i.worker, i.worker_id or 0, i.item, i.code))
    return PreparedCensus(census, document, workers, vacancies, issues)


def workforce_census_build(
    *, authority: Authority, year: int, output: Path, actor: AnyUser | None = None
) -> PreparedCensus:
    """Write the census to `output` and its error report beside it. Problems are reported,
    not raised: the file is written whatever the data, so HR can see what to fix. Both files
    are written in full to temporary files in the same folder and then moved into place, so
    a failure leaves no half-written census. The export is audited (it names every social
    worker)."""
    output = Path(output)
    if output.suffix.lower() != ".xml":
        raise WorkforceCensusError(NOT_XML.format(path=output))
    if not output.parent.is_dir():
        raise WorkforceCensusError(NO_FOLDER.format(folder=output.parent))
    prepared = workforce_census_prepare(authority=authority, year=year)
    report = report_path_for(output)
    partial_xml = _temporary_beside(output)
    partial_report = _temporary_beside(report)
    try:
        partial_xml.write_bytes(prepared.document)
        write_report(partial_report, prepared.issues)
        os.replace(partial_xml, output)
        os.replace(partial_report, report)
    finally:
        for leftover in (partial_xml, partial_report):
            with suppress(FileNotFoundError):
                leftover.unlink()
    audit_record(
        action=Action.EXPORT,
        actor=actor,
        object_type="returns.workforce_census",
        object_id=f"{authority.la_code}-{year}",
        details={
            "year": year,
            "workers": len(prepared.workers),
            "errors": prepared.errors,
            "queries": prepared.queries,
        },
    )
    return prepared


def _temporary_beside(path: Path) -> Path:
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(handle)
    return Path(name)

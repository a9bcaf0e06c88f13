"""The workforce census's own checks, beyond the schema: each names the worker and the item
and says how to fix it. An error must be fixed before the DfE accepts the return; a query is
something the DfE will ask the council to confirm.

The DfE publishes its validation rules for the census with the guide; we could not read
them, so these carry our own codes (docs/workforce.md lists them) and check what the guide's
definitions imply: a starter says where they came from, a leaver where they went and why,
each worker once, an FTE no more than one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from safeguard.workforce.codes import OrgRole

from .records import CensusWorker
from .xml import sex_code
from .years import CensusYear

SWE_NUMBER = re.compile(r"[A-Z]{2}\d{1,10}")

SWENO_MISSING = "No Social Work England registration number (SWENo): record it on the worker."
SWENO_SHAPE = (
    "SWENo {value!r} is not two letters and up to ten digits (for example SW123456): "
    "correct it on the worker."
)
SWENO_TWICE = "SWENo {value} is on {count} workers in the return: each worker has their own."
QUALINST_MISSING = (
    "No qualifying institution (QualInst), which every worker needs: record where they "
    "qualified in the worker's census details."
)
NO_START_ORIGIN = (
    "Started on {day:%d/%m/%Y}, in the census year, with no origin (StartOrigin): record "
    "where they came from in the worker's census details (9 if not known)."
)
NO_LEAVER_DESTINATION = (
    "Left on {day:%d/%m/%Y}, in the census year, with no destination (LeaverDestination): "
    "record where they went in the worker's census details (8 if not known)."
)
NO_REASON_LEAVE = (
    "Left on {day:%d/%m/%Y}, in the census year, with no reason (ReasonLeave): record why "
    "they left in the worker's census details (9 if not known)."
)
FTE_OVER_ONE = (
    "The posts they hold add up to {fte} FTE ({item}); the census takes at most 1: correct "
    "the post holdings."
)
NO_SEX = (
    "From 2024 the census asks Sex (M or F); the worker's recorded gender has neither, so "
    "Sex is left out: confirm it with the worker."
)
NO_BASE_SALARY = (
    "From 2025 the census asks the pay of each directly employed worker in post on "
    "30 September (BaseSalary); none is recorded on or before that day: record it with "
    "'Record pay' on the worker's workforce page."
)
CASE_HOLDER_WITHOUT_CASES = (
    "A case holder (OrgRole 5) in post on 30 September with no children allocated (Cases30 "
    "is 0): check their allocations, or whether they hold cases at all."
)


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    is_query: bool
    worker_id: int | None
    worker: str
    swe_number: str
    item: str


def _issue(code: str, message: str, w: CensusWorker, item: str, *, query: bool = False) -> Issue:
    return Issue(code, message, query, w.worker_id, w.name, w.swe_number, item)


def worker_issues(w: CensusWorker, year: CensusYear) -> list[Issue]:
    """Everything wrong with one worker's entry."""
    found: list[Issue] = []
    if not w.swe_number:
        found.append(_issue("SWENO_MISSING", SWENO_MISSING, w, "SWENo"))
    elif not SWE_NUMBER.fullmatch(w.swe_number):
        found.append(_issue("SWENO_SHAPE", SWENO_SHAPE.format(value=w.swe_number), w, "SWENo"))
    # From 2025 the census no longer asks where the worker qualified.
    if not year.asks_pay and not w.qualification_institution:
        found.append(_issue("QUALINST_MISSING", QUALINST_MISSING, w, "QualInst"))
    if w.starter and not w.start_origin:
        found.append(
            _issue(
                "NO_START_ORIGIN",
                NO_START_ORIGIN.format(day=w.role_start_date),
                w,
                "StartOrigin",
            )
        )
    if w.leaver and not w.leaver_destination:
        found.append(
            _issue(
                "NO_LEAVER_DESTINATION",
                NO_LEAVER_DESTINATION.format(day=w.role_end_date),
                w,
                "LeaverDestination",
            )
        )
    if w.leaver and not w.reason_leave:
        found.append(
            _issue("NO_REASON_LEAVE", NO_REASON_LEAVE.format(day=w.role_end_date), w, "ReasonLeave")
        )
    for item, fte in (("FTE", w.fte), ("FTE30", w.fte_30)):
        if fte is not None and fte > 1:
            found.append(
                _issue("FTE_OVER_ONE", FTE_OVER_ONE.format(fte=f"{fte:.2f}", item=item), w, item)
            )
    if year.uses_sex and sex_code(w) is None:
        found.append(_issue("NO_SEX", NO_SEX, w, "Sex", query=True))
    if year.asks_pay and w.in_post_30 and not w.agency and w.base_salary is None:
        found.append(_issue("NO_BASE_SALARY", NO_BASE_SALARY, w, "BaseSalary", query=True))
    if w.org_role == OrgRole.CASE_HOLDER and w.in_post_30 and w.cases_30 == 0:
        found.append(
            _issue("CASE_HOLDER_WITHOUT_CASES", CASE_HOLDER_WITHOUT_CASES, w, "Cases30", query=True)
        )
    return found


def return_issues(workers: Iterable[CensusWorker]) -> list[Issue]:
    """Checks across the return: each Social Work England number once."""
    listed = list(workers)
    counts = Counter(w.swe_number for w in listed if w.swe_number)
    return [
        _issue(
            "SWENO_TWICE",
            SWENO_TWICE.format(value=w.swe_number, count=counts[w.swe_number]),
            w,
            "SWENo",
        )
        for w in listed
        if counts.get(w.swe_number, 0) > 1
    ]

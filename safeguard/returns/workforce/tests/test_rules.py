"""The workforce census's own checks: a clean worker breaks none, and each change breaks
exactly its check, naming the worker and the item."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from safeguard.returns.workforce.records import CensusWorker
from safeguard.returns.workforce.rules import return_issues, worker_issues
from safeguard.returns.workforce.years import census_year

Y2023, Y2024 = census_year(2023), census_year(2024)


def clean_worker(**changes: object) -> CensusWorker:
    worker = CensusWorker(
        worker_id=7,
        name="Ada Generated",
        agency=False,
        swe_number="SW100001",
        fte=Decimal("1.00"),
        birth_date=date(1985, 3, 2),
        gender="2",
        ethnicity="WBRI",
        qualification_institution="University of Generated Town",
        qualification_level="2",
        step_up_graduate=False,
        org_role="5",
        role_start_date=date(2020, 1, 6),
        start_origin=None,
        role_end_date=None,
        leaver_destination=None,
        reason_leave=None,
        fte_30=Decimal("1.00"),
        cases_30=12,
        working_days_lost=Decimal("3.00"),
        frontline_graduate=False,
        absent_30=False,
        absence_reason=None,
        in_post_30=True,
        starter=False,
        leaver=False,
    )
    return replace(worker, **changes)  # type: ignore[arg-type]


def codes(worker: CensusWorker, year=Y2024) -> list[tuple[str, str]]:
    return [(i.code, i.item) for i in worker_issues(worker, year)]


def test_a_clean_worker_breaks_no_check():
    assert codes(clean_worker()) == []
    assert codes(clean_worker(), Y2023) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"swe_number": ""}, ("SWENO_MISSING", "SWENo")),
        ({"swe_number": "123456"}, ("SWENO_SHAPE", "SWENo")),
        ({"swe_number": "SW12345678901"}, ("SWENO_SHAPE", "SWENo")),
        ({"qualification_institution": None}, ("QUALINST_MISSING", "QualInst")),
        (
            {"starter": True, "role_start_date": date(2024, 3, 4)},
            ("NO_START_ORIGIN", "StartOrigin"),
        ),
        ({"fte_30": Decimal("1.20")}, ("FTE_OVER_ONE", "FTE30")),
        ({"fte": Decimal("1.20"), "fte_30": None}, ("FTE_OVER_ONE", "FTE")),
        ({"cases_30": 0}, ("CASE_HOLDER_WITHOUT_CASES", "Cases30")),
        ({"gender": "0"}, ("NO_SEX", "Sex")),
    ],
)
def test_each_change_breaks_exactly_its_check(changes, expected):
    assert codes(clean_worker(**changes)) == [expected]


def test_a_leaver_needs_a_destination_and_a_reason():
    leaver = clean_worker(leaver=True, role_end_date=date(2024, 6, 28), in_post_30=False)
    assert codes(leaver) == [
        ("NO_LEAVER_DESTINATION", "LeaverDestination"),
        ("NO_REASON_LEAVE", "ReasonLeave"),
    ]
    [issue, _] = worker_issues(leaver, Y2024)
    assert issue.worker == "Ada Generated" and issue.swe_number == "SW100001"
    assert issue.message.startswith("Left on 28/06/2024, in the census year, with no destination")
    assert codes(replace(leaver, leaver_destination="8", reason_leave="9")) == []


def test_gender_not_known_is_no_query_before_2024_when_the_census_asked_gender_current():
    assert codes(clean_worker(gender="0"), Y2023) == []


def test_a_case_holder_not_in_post_on_the_day_is_not_asked_about_cases():
    assert codes(clean_worker(cases_30=None, in_post_30=False, fte_30=None)) == []


def test_each_social_work_england_number_is_on_one_worker():
    twice = [
        clean_worker(),
        clean_worker(worker_id=8, name="Ben Generated"),
        clean_worker(worker_id=9, swe_number="SW100002"),
    ]
    found = return_issues(twice)
    assert [(i.code, i.worker) for i in found] == [
        ("SWENO_TWICE", "Ada Generated"),
        ("SWENO_TWICE", "Ben Generated"),
    ]
    assert (
        found[0].message
        == "SWENo SW100001 is on 2 workers in the return: each worker has their own."
    )

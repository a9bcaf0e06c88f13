"""Who is in the workforce census of 30 September 2024 and what each item holds, on the
hand-built authority (authority.py works out every figure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from safeguard.returns.workforce.queries import census_vacancies, census_workers
from safeguard.returns.workforce.years import census_year

from .authority import build_workforce

YEAR = census_year(2024)


@pytest.fixture
def workforce(db):
    return build_workforce()


@pytest.fixture
def by_name(workforce):
    return {w.name.split()[0]: w for w in census_workers(workforce.authority.pk, YEAR)}


def test_the_census_holds_social_workers_of_the_year_and_agency_workers_on_the_day(by_name):
    # Eve left before the year, Fay is no social worker, Gus's agency spell ended before the
    # day and Ivy starts after it.
    assert sorted(by_name) == ["Ada", "Ben", "Cara", "Dan", "Hal"]


def test_a_worker_in_post_has_every_item_the_record_holds(by_name):
    ada = by_name["Ada"]
    assert (ada.agency, ada.swe_number, ada.fte) == (False, "SW100001", Decimal("1.00"))
    assert (ada.birth_date, ada.gender, ada.ethnicity) == (date(1985, 3, 2), "2", "WBRI")
    assert (ada.qualification_institution, ada.qualification_level) == (
        "University of Generated Town",
        "2",
    )
    assert (ada.step_up_graduate, ada.frontline_graduate) == (False, True)
    assert (ada.org_role, ada.role_start_date) == ("5", date(2020, 1, 6))
    assert (ada.start_origin, ada.role_end_date, ada.leaver_destination, ada.reason_leave) == (
        None,
        None,
        None,
        None,
    )
    assert (ada.in_post_30, ada.starter, ada.leaver) == (True, False, False)


def test_cases30_counts_allocations_open_on_30_september_including_one_ending_that_day(by_name):
    assert by_name["Ada"].cases_30 == 3
    assert by_name["Ben"].cases_30 == 0


def test_working_days_lost_counts_sickness_in_the_year_sharing_a_spell_across_1_october(
    by_name,
):
    # 8 x 4/10 for the spell across 1 October, plus 2: the October 2024 spell is next year's.
    assert by_name["Ada"].working_days_lost == Decimal("5.20")
    assert by_name["Ben"].working_days_lost == Decimal("0.00")  # other leave is not sickness


def test_absence_on_30_september_gives_its_reason(by_name):
    assert (by_name["Ada"].absent_30, by_name["Ada"].absence_reason) == (True, "TRN")
    assert (by_name["Ben"].absent_30, by_name["Ben"].absence_reason) == (False, None)


def test_a_starter_in_the_year_carries_where_they_came_from_and_their_part_time_fte(by_name):
    ben = by_name["Ben"]
    assert (ben.starter, ben.start_origin, ben.org_role) == (True, "2", "4")
    assert ben.fte == ben.fte_30 == Decimal("0.60")


def test_a_leaver_in_the_year_carries_end_date_destination_and_reason_and_nothing_on_the_day(
    by_name,
):
    cara = by_name["Cara"]
    assert (cara.leaver, cara.role_end_date, cara.leaver_destination, cara.reason_leave) == (
        True,
        date(2024, 6, 28),
        "1",
        "1",
    )
    assert cara.org_role == "3"
    assert cara.fte == Decimal("1.00")  # on her last day
    assert (cara.in_post_30, cara.fte_30, cara.cases_30, cara.absent_30) == (
        False,
        None,
        None,
        None,
    )


def test_an_agency_worker_is_neither_starter_nor_leaver_and_has_no_absence_items(by_name):
    dan = by_name["Dan"]
    assert (dan.agency, dan.starter, dan.start_origin, dan.fte_30) == (
        True,
        False,
        None,
        Decimal("1.00"),
    )
    assert (dan.working_days_lost, dan.absent_30, dan.absence_reason) == (None, None, None)


def test_a_conference_chair_is_qualified_without_cases_with_the_workers_own_fte(by_name):
    hal = by_name["Hal"]
    assert (hal.org_role, hal.fte, hal.fte_30) == ("6", Decimal("0.80"), Decimal("0.80"))


def test_ethnicities_the_workforce_census_lacks_are_any_other_white_background(by_name):
    assert by_name["Hal"].ethnicity == "WOTH"  # recorded as Traveller of Irish heritage


def test_a_worker_leaving_on_30_september_is_in_post_that_day_and_a_leaver(workforce):
    workforce.ada.left_on = date(2024, 9, 30)
    workforce.ada.save()
    ada = next(w for w in census_workers(workforce.authority.pk, YEAR) if w.name.startswith("Ada"))
    assert (ada.in_post_30, ada.leaver, ada.role_end_date, ada.cases_30) == (
        True,
        True,
        date(2024, 9, 30),
        3,
    )


def test_a_worker_leaving_after_the_year_is_not_a_leaver(workforce):
    workforce.ada.left_on = date(2024, 10, 31)
    workforce.ada.save()
    ada = next(w for w in census_workers(workforce.authority.pk, YEAR) if w.name.startswith("Ada"))
    assert (ada.leaver, ada.role_end_date, ada.in_post_30) == (False, None, True)


def test_vacancies_are_social_work_posts_open_on_the_day_without_a_permanent_holder(workforce):
    vacancies = census_vacancies(workforce.authority.pk, YEAR)
    assert (vacancies.vacant_fte, vacancies.agency_fte, vacancies.agency_headcount) == (
        Decimal("1.40"),
        Decimal("1.00"),
        1,
    )


def test_the_workers_are_read_in_a_fixed_number_of_queries(
    workforce, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        list(census_workers(workforce.authority.pk, YEAR))

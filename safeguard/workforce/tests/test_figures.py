"""Each workforce rate on a hand-built case worked out here, and on England's published
figures for the year to 30 September 2025 (Children's social work workforce)."""

from __future__ import annotations

from decimal import Decimal

from safeguard.benchmarks.selectors import one_place
from safeguard.workforce import figures

D = Decimal


def test_a_vacancy_is_counted_against_posts_filled_and_vacant():
    # 10 FTE funded, 8 filled by directly employed workers: 2 / (2 + 8) = 20%.
    assert figures.vacancy_rate(vacancy_fte=D(2), in_post_fte=D(8)) == D(20)


def test_the_vacancy_rate_reproduces_englands_published_figure():
    rate = figures.vacancy_rate(vacancy_fte=D("5965"), in_post_fte=D("36186"))
    assert one_place(rate) == D("14.2")


def test_agency_workers_are_a_share_of_agency_plus_workers_in_post():
    # 3 agency FTE beside 12 in post: 3 / 15 = 20%.
    assert figures.agency_rate(agency_fte=D(3), in_post_fte=D(12)) == D(20)
    assert one_place(figures.agency_rate(agency_fte=D(5416), in_post_fte=D(36186))) == D("13.0")


def test_turnover_is_leavers_over_workers_in_post_at_the_end_of_the_year():
    # 1.5 FTE left, 10 in post at the end: 15%.
    assert figures.turnover_rate(leavers_fte=D("1.5"), in_post_fte=D(10)) == D(15)
    assert one_place(figures.turnover_rate(leavers_fte=D(4276), in_post_fte=D(36186))) == D("11.8")


def test_caseload_is_cases_per_case_holding_fte():
    # 36 children with workers holding 2.4 FTE between them: 15 each.
    assert figures.caseload_per_fte(cases=36, case_holding_fte=D("2.4")) == D(15)
    assert one_place(figures.caseload_per_fte(cases=321661, case_holding_fte=D(21105))) == D("15.2")


def test_sickness_is_days_lost_per_fte_and_a_share_of_working_days():
    # 45 days lost by 5 FTE over a 250-working-day year: 9 days each, 45 / 1,250 = 3.6%.
    assert figures.sickness_days_per_fte(days_lost=D(45), in_post_fte=D(5)) == D(9)
    assert figures.sickness_rate(days_lost=D(45), in_post_fte=D(5), working_days=250) == D("3.6")


def test_sickness_reproduces_englands_published_figures():
    days = figures.sickness_days_per_fte(days_lost=D(322786), in_post_fte=D(36186))
    # 1 October 2024 to 30 September 2025: 253 working days in England.
    rate = figures.sickness_rate(days_lost=D(322786), in_post_fte=D(36186), working_days=253)
    assert (one_place(days), one_place(rate)) == (D("8.9"), D("3.5"))


def test_stability_is_the_share_of_last_years_workers_still_in_post():
    # 40 in post a year ago, 34 of them still here: 85%.
    assert figures.stability_rate(still_in_post=34, in_post_a_year_ago=40) == D(85)


def test_a_rate_with_nothing_to_divide_by_is_none_not_zero():
    assert figures.vacancy_rate(vacancy_fte=D(0), in_post_fte=D(0)) is None
    assert figures.turnover_rate(leavers_fte=D(1), in_post_fte=D(0)) is None
    assert figures.caseload_per_fte(cases=4, case_holding_fte=D(0)) is None
    assert figures.sickness_days_per_fte(days_lost=D(3), in_post_fte=D(0)) is None
    assert figures.stability_rate(still_in_post=0, in_post_a_year_ago=0) is None


def test_published_rounding_takes_halves_up():
    assert one_place(D("14.25")) == D("14.3")
    assert one_place(None) is None

"""The workforce figures read from hand-built records. Every count here is worked out in
the test from the rows it writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from safeguard.cases.models import Allocation
from safeguard.organisation.models import Service, Worker
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory, WorkerFactory
from safeguard.people.tests.factories import ChildFactory
from safeguard.workforce.codes import AbsenceReason
from safeguard.workforce.models import Absence, Post, PostHolding
from safeguard.workforce.queries import AsAt, Scope, caseloads_on, figures_on, month_ends, trend

pytestmark = pytest.mark.django_db


def _allocate(child, worker, start: date, end: date | None = None) -> Allocation:
    return Allocation.objects.create(
        child=child, team=worker.team, worker=worker, start_date=start, end_date=end
    )


def test_caseloads_count_the_children_whose_allocation_is_open_on_the_day():
    authority = AuthorityFactory()
    team = TeamFactory(authority=authority)
    ana = WorkerFactory(authority=authority, team=team)
    ben = WorkerFactory(authority=authority, team=team)
    # Ana: one open, one ending on the day (still hers that day), one ended the day before,
    # one starting the day after. Ben: one starting on the day.
    _allocate(ChildFactory(), ana, date(2025, 1, 6))
    _allocate(ChildFactory(), ana, date(2025, 1, 6), DAY)
    _allocate(ChildFactory(), ana, date(2025, 1, 6), date(2025, 9, 29))
    _allocate(ChildFactory(), ana, date(2025, 10, 1))
    _allocate(ChildFactory(), ben, DAY)

    assert caseloads_on(authority.pk, DAY) == {ana.pk: 2, ben.pk: 1}


def test_caseloads_leave_out_another_authoritys_workers_and_unallocated_cases():
    authority = AuthorityFactory()
    team = TeamFactory(authority=authority)
    ours = WorkerFactory(authority=authority, team=team)
    theirs = WorkerFactory()
    _allocate(ChildFactory(), ours, date(2025, 1, 6))
    _allocate(ChildFactory(), theirs, date(2025, 1, 6))
    Allocation.objects.create(child=ChildFactory(), team=team, start_date=date(2025, 1, 6))

    assert caseloads_on(authority.pk, DAY) == {ours.pk: 1}


def test_caseloads_are_read_in_one_query(django_assert_num_queries):
    authority = AuthorityFactory()
    team = TeamFactory(authority=authority)
    for _ in range(3):
        _allocate(ChildFactory(), WorkerFactory(authority=authority, team=team), DAY)
    with django_assert_num_queries(1):
        assert sorted(caseloads_on(authority.pk, DAY).values()) == [1, 1, 1]


# --- The figures on hand-built records ----------------------------------------------------
#
# Team A (service Safeguarding) and team B (service Children in care), 30 September 2025:
#   P1 social worker 1.0   Ana, permanent 1.0 since 2020
#   P2 social worker 1.0   no permanent holder; Bea, agency 1.0, covers it since June 2025
#   P3 senior pract. 1.0   Cal, permanent 0.5, new to the authority on 1 March 2025
#   P4 team manager  1.0   Dev, permanent 1.0 since 2019
#   P5 social worker 1.0   Eve, permanent 1.0 until 30 April 2025, then left
#   P9 social worker 1.0   Gus, permanent 1.0 from 1 March 2025 (moved from team B's P8)
#   B: P6 social worker 1.0 Fay permanent since 2019; P8 social worker 1.0, Gus until 28
#   February 2025, vacant since; P7 cut on 31 January 2025; a family help post (not social
#   work, never counted).
DAY = date(2025, 9, 30)
YEAR_AGO = date(2024, 9, 30)


@pytest.fixture
def record():
    authority = AuthorityFactory()
    safeguarding = Service.objects.create(authority=authority, name="Safeguarding")
    in_care = Service.objects.create(authority=authority, name="Children in care")
    team_a = TeamFactory(authority=authority, service=safeguarding)
    team_b = TeamFactory(authority=authority, service=in_care)
    R = Worker.Role

    def post(ref, team, role=R.SOCIAL_WORKER, start=date(2015, 4, 1), end=None):
        return Post.objects.create(
            authority=authority,
            team=team,
            reference=ref,
            role=role,
            funded_fte=Decimal("1.00"),
            start_date=start,
            end_date=end,
        )

    def worker(name, role=R.SOCIAL_WORKER, team=team_a, agency=False):
        return WorkerFactory(
            authority=authority, team=team, first_name=name, role=role, is_agency=agency
        )

    def hold(post_, worker_, start, end=None, fte="1.00", basis=PostHolding.Basis.PERMANENT):
        PostHolding.objects.create(
            post=post_,
            worker=worker_,
            basis=basis,
            fte=Decimal(fte),
            start_date=start,
            end_date=end,
        )

    ana, bea, cal = worker("Ana"), worker("Bea", agency=True), worker("Cal", R.SENIOR_PRACTITIONER)
    dev, eve = worker("Dev", R.TEAM_MANAGER), worker("Eve")
    fay, gus = worker("Fay", team=team_b), worker("Gus")
    hold(post("P1", team_a), ana, date(2020, 1, 6))
    hold(post("P2", team_a), bea, date(2025, 6, 2), basis=PostHolding.Basis.AGENCY)
    hold(post("P3", team_a, R.SENIOR_PRACTITIONER), cal, date(2025, 3, 1), fte="0.50")
    hold(post("P4", team_a, R.TEAM_MANAGER), dev, date(2019, 1, 7))
    hold(post("P5", team_a), eve, date(2018, 1, 8), date(2025, 4, 30))
    hold(post("P6", team_b), fay, date(2019, 1, 7))
    hold(post("P8", team_b), gus, date(2021, 1, 4), date(2025, 2, 28))
    hold(post("P9", team_a), gus, date(2025, 3, 1))
    post("P7", team_b, end=date(2025, 1, 31))
    post("FH1", team_b, R.FAMILY_HELP_PRACTITIONER)

    # On the day: Ana 3 children, Cal 1, Gus 1 (5 cases over 2.5 case-holding FTE); Bea
    # (agency) 2 and Dev (a manager) 1 are not counted; Ana's fourth ended the day before.
    for holder, children in ((ana, 3), (cal, 1), (gus, 1), (bea, 2), (dev, 1)):
        for _ in range(children):
            _allocate(ChildFactory(), holder, date(2025, 3, 3))
    _allocate(ChildFactory(), ana, date(2025, 1, 6), date(2025, 9, 29))

    def absent(who, start, end, days, reason=AbsenceReason.SIC):
        Absence.objects.create(
            worker=who,
            reason=reason,
            start_date=start,
            end_date=end,
            working_days_lost=Decimal(days),
        )

    # Sickness in team A's year: Ana 5 days; Dev 6 days over 12 calendar days of which 4 (1-4
    # October 2024) fall in the year: 2; Eve 2 days before she left. 9 days in all. Ana's
    # training and Fay's sickness (team B) are not team A's sickness.
    absent(ana, date(2025, 1, 6), date(2025, 1, 10), "5")
    absent(dev, date(2024, 9, 23), date(2024, 10, 4), "6")
    absent(eve, date(2025, 2, 3), date(2025, 2, 4), "2")
    absent(ana, date(2025, 5, 12), date(2025, 5, 14), "3", AbsenceReason.TRN)
    absent(fay, date(2025, 5, 12), date(2025, 5, 13), "2")
    return authority, safeguarding, team_a, team_b


def test_the_team_figures_on_the_day_are_counted_from_posts_holdings_and_allocations(record):
    authority, _, team_a, _ = record
    found = figures_on(Scope(authority.pk, team_id=team_a.pk), DAY)

    assert found.as_at == AsAt(
        day=DAY,
        posts=6,
        funded_fte=Decimal("6.00"),
        in_post_fte=Decimal("3.50"),  # Ana, Cal 0.5, Dev, Gus
        in_post_headcount=4,
        vacancy_fte=Decimal("2.50"),  # P2 (agency cover fills nothing), half of P3, P5
        agency_fte=Decimal("1.00"),
        agency_headcount=1,
        case_holding_fte=Decimal("2.50"),  # Ana, Cal, Gus: Dev manages
        cases=5,
    )
    assert found.vacancy_rate == Decimal("41.7")  # 2.5 / (2.5 + 3.5)
    assert found.agency_rate == Decimal("22.2")  # 1 / (1 + 3.5)
    assert found.caseload == Decimal("2.0")  # 5 / 2.5


def test_the_teams_year_counts_starters_leavers_sickness_and_stability(record):
    authority, _, team_a, _ = record
    found = figures_on(Scope(authority.pk, team_id=team_a.pk), DAY)

    assert (found.year.starters, found.year.starters_fte) == (1, Decimal("0.50"))  # Cal
    assert (found.year.leavers, found.year.leavers_fte) == (1, Decimal("1.00"))  # Eve
    assert found.year.sickness_days == Decimal(9)
    assert found.year.working_days == 253
    # In post in team A on 30 September 2024: Ana, Dev, Eve; still in post: Ana, Dev.
    assert (found.year.in_post_a_year_ago, found.year.still_in_post) == (3, 2)
    assert found.turnover_rate == Decimal("28.6")  # 1 / 3.5
    assert found.stability_rate == Decimal("66.7")  # 2 / 3
    assert found.sickness_days_per_fte == Decimal("2.6")  # 9 / 3.5
    assert found.sickness_rate == Decimal("1.0")  # 9 / (3.5 x 253)


def test_a_move_between_the_authoritys_posts_is_neither_a_starter_nor_a_leaver(record):
    authority, _, _, _ = record
    found = figures_on(Scope(authority.pk), DAY)

    assert (found.year.starters, found.year.leavers) == (1, 1)  # Cal and Eve, not Gus
    assert found.as_at.in_post_fte == Decimal("4.50")  # team A's 3.5 and Fay
    assert found.as_at.vacancy_fte == Decimal("3.50")  # team A's 2.5 and P8; P7 was cut
    assert found.as_at.posts == 8
    assert found.year.sickness_days == Decimal(11)  # team A's 9 and Fay's 2


def test_a_service_holds_only_its_own_teams(record):
    authority, safeguarding, team_a, _ = record
    service = figures_on(Scope(authority.pk, service_id=safeguarding.pk), DAY)
    team = figures_on(Scope(authority.pk, team_id=team_a.pk), DAY)
    assert service == team


def test_the_trend_reads_every_scope_and_month_in_four_queries(record, django_assert_num_queries):
    authority, safeguarding, team_a, team_b = record
    scopes = [
        Scope(authority.pk),
        Scope(authority.pk, service_id=safeguarding.pk),
        Scope(authority.pk, team_id=team_a.pk),
        Scope(authority.pk, team_id=team_b.pk),
    ]
    with django_assert_num_queries(4):
        found = trend(scopes, DAY, months=60)

    assert [len(series) for series in found.values()] == [60, 60, 60, 60]
    team_a_series = found[scopes[2]]
    assert team_a_series[-1] == figures_on(scopes[2], DAY)
    assert [f.as_at.day for f in team_a_series[-3:]] == [
        date(2025, 7, 31),
        date(2025, 8, 31),
        DAY,
    ]
    # 28 February 2025: Gus still in team B, Cal not yet started, Eve in post; Ana's four
    # children were with her since January (the fourth ended 29 September) = 1 child.
    february = team_a_series[-8]
    assert february.as_at.day == date(2025, 2, 28)
    assert february.as_at.in_post_fte == Decimal("3.00")  # Ana, Dev, Eve
    assert february.as_at.cases == 1
    assert february.caseload == Decimal("0.5")  # Ana 1 child, Ana and Eve 2 FTE


def test_month_ends_count_back_from_a_day_that_is_not_a_month_end():
    assert month_ends(date(2025, 3, 15), 3) == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 15),
    ]

"""The workforce services: each write audited, each refusal names its rule and writes nothing
(no row changed, no audit entry)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Allocation
from safeguard.cases.tests.factories import AllocationFactory
from safeguard.organisation.models import Worker
from safeguard.organisation.tests.factories import TeamFactory, WorkerFactory
from safeguard.workforce import services
from safeguard.workforce.models import Absence, Post, PostHolding, WorkerDetails
from safeguard.workforce.rules import WorkforceRefused, WorkforceRule

from .factories import holding, post_in

pytestmark = pytest.mark.django_db

D = Decimal
PERMANENT = PostHolding.Basis.PERMANENT
AGENCY = PostHolding.Basis.AGENCY


def _state() -> list[object]:
    tables = (Post, PostHolding, WorkerDetails, Absence, Worker, Allocation)
    rows = [sorted(map(repr, t.objects.values())) for t in tables]
    return [*rows, AuditEntry.objects.count()]


def _refused(call, rule: WorkforceRule) -> WorkforceRefused:
    before = _state()
    with pytest.raises(WorkforceRefused) as refused:
        call()
    assert rule in refused.value.rules
    assert _state() == before, "a refusal writes nothing"
    return refused.value


def _audited(model: type, pk: object) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=model._meta.label_lower, object_id=str(pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# Posts -------------------------------------------------------------------------------------


def test_a_post_is_added_to_the_teams_establishment_and_audited():
    team = TeamFactory()
    post = services.post_create(
        team=team,
        reference=" SW-0001 ",
        role=Worker.Role.SOCIAL_WORKER,
        funded_fte=D("1.00"),
        start_date=date(2024, 4, 1),
    )
    assert (post.authority_id, post.team, post.reference) == (team.authority_id, team, "SW-0001")
    assert _audited(Post, post.pk) == ["create"]


def test_a_post_number_already_in_the_establishment_is_refused():
    team = TeamFactory()
    post_in(team, reference="SW-0001")
    _refused(
        lambda: services.post_create(
            team=team,
            reference="SW-0001",
            role=Worker.Role.SOCIAL_WORKER,
            funded_fte=D(1),
            start_date=date(2024, 4, 1),
        ),
        WorkforceRule.INVALID_VALUE,
    )


def test_a_post_with_no_funded_fte_is_refused():
    _refused(
        lambda: services.post_create(
            team=TeamFactory(),
            reference="SW-0002",
            role=Worker.Role.SOCIAL_WORKER,
            funded_fte=D(0),
            start_date=date(2024, 4, 1),
        ),
        WorkforceRule.FTE_FITS,
    )


def test_a_post_is_filled_permanently_and_the_holding_audited():
    worker = WorkerFactory()
    post = post_in(worker.team)
    held = services.post_fill(
        post=post, worker=worker, basis=PERMANENT, fte=D(1), start_date=date(2024, 4, 1)
    )
    assert (held.post, held.worker, held.basis, held.end_date) == (post, worker, PERMANENT, None)
    assert _audited(PostHolding, held.pk) == ["create"]


def test_filling_a_post_beyond_its_funded_fte_is_refused():
    worker = WorkerFactory()
    other = WorkerFactory(team=worker.team, authority=worker.authority)
    post = post_in(worker.team)
    holding(post, worker, fte="0.6", start_date=date(2024, 4, 1))
    _refused(
        lambda: services.post_fill(
            post=post, worker=other, basis=AGENCY, fte=D("0.5"), start_date=date(2024, 6, 1)
        ),
        WorkforceRule.HOLDING_WITHIN_FUNDED_FTE,
    )
    # The 0.4 left is free to cover.
    services.post_fill(
        post=post, worker=other, basis=AGENCY, fte=D("0.4"), start_date=date(2024, 6, 1)
    )


def test_a_post_is_not_filled_by_someone_from_another_council():
    post, elsewhere = post_in(TeamFactory()), WorkerFactory()
    _refused(
        lambda: services.post_fill(
            post=post, worker=elsewhere, basis=AGENCY, fte=D(1), start_date=date(2024, 6, 3)
        ),
        WorkforceRule.INVALID_VALUE,
    )


def test_filling_a_post_before_it_was_funded_is_refused():
    worker = WorkerFactory()
    post = post_in(worker.team, start_date=date(2024, 4, 1))
    _refused(
        lambda: services.post_fill(
            post=post, worker=worker, basis=PERMANENT, fte=D(1), start_date=date(2024, 3, 29)
        ),
        WorkforceRule.HOLDING_WITHIN_POST,
    )


def test_a_post_is_cut_only_once_its_holder_has_moved_on():
    worker = WorkerFactory()
    post = post_in(worker.team)
    held = holding(post, worker)
    _refused(
        lambda: services.post_end(post=post, end_date=date(2025, 3, 31)),
        WorkforceRule.POST_END_FITS,
    )
    services.post_holding_end(holding=held, end_date=date(2025, 3, 31))
    services.post_end(post=post, end_date=date(2025, 3, 31))
    post.refresh_from_db()
    assert post.end_date == date(2025, 3, 31)
    assert _audited(Post, post.pk) == ["update"]
    assert _audited(PostHolding, held.pk) == ["update"]


# Starters ----------------------------------------------------------------------------------


def _start(team, post, **changes):
    answers = {
        "team": team,
        "post": post,
        "basis": PERMANENT,
        "fte": D("0.8"),
        "started_on": date(2025, 9, 1),
        "role": Worker.Role.SOCIAL_WORKER,
        "registration_number": "sw 654 321",
        "start_origin": "1",
        "first_name": "Starter",
        "last_name": "Newcomb",
        "qualification_level": "2",
        "qualification_institution": "A University",
        "qualified_on": date(2025, 7, 1),
    }
    return services.worker_start(**{**answers, **changes})


def test_a_starter_gets_a_worker_record_their_census_details_and_a_post():
    team = TeamFactory()
    post = post_in(team)
    worker = _start(team, post)
    assert (worker.team, worker.role, worker.full_time_equivalent, worker.is_agency) == (
        team,
        Worker.Role.SOCIAL_WORKER,
        D("0.8"),
        False,
    )
    assert worker.registration_number == "SW654321"
    assert worker.started_on == date(2025, 9, 1)
    assert (worker.details.start_origin, worker.details.qualification_level) == ("1", "2")
    assert list(worker.post_holdings.values_list("post", "fte", "start_date")) == [
        (post.pk, D("0.80"), date(2025, 9, 1))
    ]
    assert _audited(Worker, worker.pk) == ["create"]
    assert _audited(WorkerDetails, worker.pk) == ["update"]


def test_an_agency_starter_is_recorded_as_agency_and_covers_the_post():
    team = TeamFactory()
    worker = _start(team, post_in(team), basis=AGENCY, start_origin="4")
    assert worker.is_agency
    assert worker.post_holdings.get().basis == AGENCY


def test_a_social_worker_starter_without_a_registration_number_is_refused():
    team = TeamFactory()
    post = post_in(team)
    _refused(
        lambda: _start(team, post, registration_number=""),
        WorkforceRule.REGISTRATION_NUMBER_NEEDED,
    )


def test_a_starter_with_a_malformed_registration_number_is_refused():
    team = TeamFactory()
    post = post_in(team)
    _refused(
        lambda: _start(team, post, registration_number="HCPC123"),
        WorkforceRule.REGISTRATION_NUMBER_FORMAT,
    )


def test_a_starter_into_a_post_already_held_writes_no_worker_either():
    team = TeamFactory()
    post = post_in(team)
    holding(post, WorkerFactory(team=team, authority=team.authority))
    _refused(lambda: _start(team, post), WorkforceRule.HOLDING_WITHIN_FUNDED_FTE)


# Leavers -----------------------------------------------------------------------------------


def test_a_leaver_leaves_their_posts_but_not_their_children_who_the_manager_reallocates():
    worker = WorkerFactory()
    post = post_in(worker.team)
    held = holding(post, worker)
    AllocationFactory(team=worker.team, worker=worker, start_date=date(2025, 1, 6))
    AllocationFactory(team=worker.team, worker=worker, start_date=date(2025, 2, 3))
    left = services.worker_leave(
        worker=worker,
        left_on=date(2025, 6, 30),
        leaver_destination="1",
        reason_for_leaving="1",
    )
    assert (left.holdings_ended, left.children_still_allocated) == (1, 2)
    held.refresh_from_db()
    worker.refresh_from_db()
    assert held.end_date == worker.left_on == date(2025, 6, 30)
    assert Allocation.objects.filter(worker=worker, end_date__isnull=True).count() == 2
    assert (worker.details.leaver_destination, worker.details.reason_for_leaving) == ("1", "1")
    assert _audited(Worker, worker.pk) == ["update"]


def test_a_leaving_date_before_they_started_is_refused():
    worker = WorkerFactory(started_on=date(2022, 9, 5))
    holding(post_in(worker.team), worker, start_date=date(2022, 9, 5))
    _refused(
        lambda: services.worker_leave(
            worker=worker,
            left_on=date(2022, 9, 2),
            leaver_destination="1",
            reason_for_leaving="1",
        ),
        WorkforceRule.LEAVING_DATE_FITS,
    )


def test_a_worker_who_has_left_cannot_leave_again():
    worker = WorkerFactory(left_on=date(2025, 3, 31))
    _refused(
        lambda: services.worker_leave(
            worker=worker, left_on=date(2025, 4, 30), leaver_destination="1", reason_for_leaving="1"
        ),
        WorkforceRule.LEAVING_DATE_FITS,
    )


# Census details ----------------------------------------------------------------------------


def test_a_workers_census_details_are_updated_and_audited():
    worker = WorkerFactory(registration_number="SW000001")
    details = services.worker_details_update(
        worker=worker,
        registration_number="SW000002",
        birth_date=date(1990, 5, 17),
        gender="2",
        ethnicity="WBRI",
        step_up_graduate=False,
        frontline_graduate=True,
    )
    worker.refresh_from_db()
    assert worker.registration_number == "SW000002"
    assert (details.birth_date, details.gender, details.frontline_graduate) == (
        date(1990, 5, 17),
        "2",
        True,
    )
    assert _audited(WorkerDetails, worker.pk) == ["update"]


def test_a_census_detail_outside_its_code_set_is_refused():
    worker = WorkerFactory()
    _refused(
        lambda: services.worker_details_update(
            worker=worker, registration_number=worker.registration_number, gender="7"
        ),
        WorkforceRule.INVALID_VALUE,
    )


# Absence -----------------------------------------------------------------------------------


def test_days_lost_are_the_working_days_in_the_spell_at_the_workers_fte():
    # 23 December 2024 to 3 January 2025: 7 working days (Christmas Day, Boxing Day and New
    # Year's Day are bank holidays), at 0.6 FTE: 4.2 days lost.
    worker = WorkerFactory(full_time_equivalent=D("0.6"))
    absence = services.absence_record(
        worker=worker, reason="SIC", start_date=date(2024, 12, 23), end_date=date(2025, 1, 3)
    )
    assert absence.working_days_lost == D("4.20")
    assert _audited(Absence, absence.pk) == ["create"]


def test_a_part_day_is_recorded_as_given():
    worker = WorkerFactory()
    absence = services.absence_record(
        worker=worker,
        reason="SIC",
        start_date=date(2025, 3, 10),
        end_date=date(2025, 3, 10),
        working_days_lost=D("0.5"),
    )
    assert absence.working_days_lost == D("0.5")


def test_days_lost_more_than_the_spell_holds_or_negative_are_refused():
    worker = WorkerFactory()
    for days in (D("1.5"), D("-1")):
        _refused(
            lambda days=days: services.absence_record(
                worker=worker,
                reason="SIC",
                start_date=date(2025, 3, 10),
                end_date=date(2025, 3, 10),
                working_days_lost=days,
            ),
            WorkforceRule.ABSENCE_DAYS_FIT,
        )


def test_an_absence_overlapping_another_of_the_same_worker_is_refused():
    worker = WorkerFactory()
    services.absence_record(
        worker=worker, reason="TRN", start_date=date(2025, 3, 10), end_date=date(2025, 3, 14)
    )
    _refused(
        lambda: services.absence_record(
            worker=worker, reason="SIC", start_date=date(2025, 3, 14), end_date=date(2025, 3, 18)
        ),
        WorkforceRule.ABSENCE_NOT_OVERLAPPING,
    )
    # Another worker's absence on the same days is theirs.
    services.absence_record(
        worker=WorkerFactory(),
        reason="SIC",
        start_date=date(2025, 3, 14),
        end_date=date(2025, 3, 18),
    )


def test_an_absence_after_the_worker_left_is_refused():
    worker = WorkerFactory(left_on=date(2025, 3, 31))
    _refused(
        lambda: services.absence_record(
            worker=worker, reason="SIC", start_date=date(2025, 3, 31), end_date=date(2025, 4, 1)
        ),
        WorkforceRule.ABSENCE_WHILE_EMPLOYED,
    )


@time_machine.travel(date(2025, 6, 2), tick=False)
def test_the_absence_records_who_recorded_it():
    worker, manager = WorkerFactory(), WorkerFactory(manager=True)
    absence = services.absence_record(
        worker=worker,
        reason="SIC",
        start_date=date(2025, 5, 26),
        end_date=date(2025, 5, 30),
        recorded_by=manager,
    )
    # Monday 26 May 2025 is the spring bank holiday: 4 working days.
    assert (absence.recorded_by, absence.working_days_lost) == (manager, D("4.00"))

"""Every write to the workforce record: keyword-only, validated against the named rules in
`workforce.rules` (and the models' own `full_clean`), all or nothing, each row in the audit
trail in the same transaction. A refusal (`WorkforceRefused`) writes nothing.

The record is employee data, not a child's: audit entries name the row, never a child, and
hold no birth date, absence reason or leaving reason (the row itself keeps those).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation
from safeguard.organisation.models import Team, Worker

from . import rules
from .models import Absence, PayPolicy, Post, PostHolding, WorkerDetails, WorkerPay
from .rules import Spell, WorkforceRefused, WorkforceRule, WorkforceViolation

__all__ = [
    "Left",
    "absence_record",
    "absence_working_days",
    "pay_policy_record",
    "post_create",
    "post_end",
    "post_fill",
    "post_holding_end",
    "worker_details_update",
    "worker_leave",
    "worker_pay_record",
    "worker_start",
]

HUNDREDTH = Decimal("0.01")


def _save(instance: Model, action: str = Action.CREATE) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise WorkforceRefused(
            WorkforceViolation(WorkforceRule.INVALID_VALUE, " ".join(messages), (name,))
            for name, messages in error.message_dict.items()
        ) from error
    instance.save()
    _audit(instance, action)


def _audit(instance: Model, action: str = Action.CREATE) -> None:
    audit_record(action=action, object_type=instance._meta.label_lower, object_id=instance.pk)


def _spells(holdings: list[PostHolding]) -> list[Spell]:
    return [Spell(h.start_date, h.end_date, h.fte) for h in holdings]


# Posts -------------------------------------------------------------------------------------


def post_create(
    *,
    team: Team,
    reference: str,
    role: str,
    funded_fte: Decimal,
    start_date: date,
) -> Post:
    """A funded post in a team: the establishment the vacancy rate is counted against
    (census LALevelVacancies: FTE of posts, filled or not)."""
    rules.check(
        rules.fte_fits(funded_fte, "funded_fte"),
        _reference_free(team, reference.strip()),
    )
    with transaction.atomic():
        post = Post(
            authority_id=team.authority_id,
            team=team,
            reference=reference.strip(),
            role=role,
            funded_fte=funded_fte,
            start_date=start_date,
        )
        _save(post)
    return post


def _reference_free(team: Team, reference: str) -> list[WorkforceViolation]:
    if not Post.objects.filter(authority_id=team.authority_id, reference=reference).exists():
        return []
    return [
        WorkforceViolation(
            WorkforceRule.INVALID_VALUE,
            f"Post {reference} is already in the establishment: enter the post's own number.",
            ("reference",),
        )
    ]


def post_end(*, post: Post, end_date: date) -> Post:
    """The post is cut: no longer funded from the day after `end_date`."""
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        rules.check(
            rules.post_end_fits(locked.start_date, end_date, _spells(list(locked.holdings.all()))),
        )
        locked.end_date = end_date
        _save(locked, Action.UPDATE)
    post.end_date = end_date
    return locked


def post_fill(
    *,
    post: Post,
    worker: Worker,
    basis: str,
    fte: Decimal,
    start_date: date,
    end_date: date | None = None,
) -> PostHolding:
    """Someone holds the post from `start_date`: permanently (a directly employed worker
    fills it) or as agency cover (the post still counts as a vacancy: DfE definition)."""
    with transaction.atomic():
        # Serialises fills of one post, so two managers cannot both take its last FTE.
        locked = Post.objects.select_for_update().get(pk=post.pk)
        in_post = list(locked.holdings.all())
        theirs = list(
            PostHolding.objects.filter(worker=worker).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=start_date)
            )
        )
        new = Spell(start_date, end_date, fte)
        fte_wrong = rules.fte_fits(fte)
        # An FTE out of range says so alone: how much of the post it would take means nothing.
        shares = (
            []
            if fte_wrong
            else [
                rules.holding_within_funded_fte(locked.funded_fte, _spells(in_post), new),
                rules.holding_fits_worker_fte(worker.full_time_equivalent, _spells(theirs), new),
            ]
        )
        rules.check(
            fte_wrong,
            rules.holding_within_post(locked.start_date, locked.end_date, start_date, end_date),
            rules.worker_in_post(worker.left_on, start_date),
            _same_authority(locked, worker),
            *shares,
        )
        holding = PostHolding(
            post=locked,
            worker=worker,
            basis=basis,
            fte=fte,
            start_date=start_date,
            end_date=end_date,
        )
        _save(holding)
    return holding


def _same_authority(post: Post, worker: Worker) -> list[WorkforceViolation]:
    if post.authority_id == worker.authority_id:
        return []
    return [
        WorkforceViolation(
            WorkforceRule.INVALID_VALUE,
            "Choose someone who works for this council.",
            ("worker",),
        )
    ]


def post_holding_end(*, holding: PostHolding, end_date: date) -> PostHolding:
    """The holder leaves the post (moves post, agency cover ends); the post is vacant from
    the next day unless someone else holds it."""
    with transaction.atomic():
        locked = PostHolding.objects.select_for_update().get(pk=holding.pk)
        if end_date < locked.start_date:
            rules.check(
                [
                    WorkforceViolation(
                        WorkforceRule.HOLDING_WITHIN_POST,
                        "The holding must end on or after the day it started.",
                        ("end_date",),
                    )
                ]
            )
        locked.end_date = end_date
        _save(locked, Action.UPDATE)
    return locked


# Starters, leavers and their census details ------------------------------------------------


def worker_start(
    *,
    team: Team,
    post: Post,
    basis: str,
    fte: Decimal,
    started_on: date,
    role: str,
    registration_number: str,
    start_origin: str,
    first_name: str = "",
    last_name: str = "",
    worker: Worker | None = None,
    qualification_level: str = "",
    qualification_institution: str = "",
    qualified_on: date | None = None,
) -> Worker:
    """A starter: their worker record (new, or an existing worker's: an agency worker taken
    on permanently keeps their record), where they came from (census StartOrigin), their
    qualification and registration, and the post they fill from their first day."""
    number = rules.normalise_registration_number(registration_number)
    named = worker is not None or bool(first_name.strip() and last_name.strip())
    rules.check(
        rules.registration_number_format(number),
        rules.registration_number_needed(role, number),
        rules.fte_fits(fte),
        []
        if named
        else [
            WorkforceViolation(
                WorkforceRule.INVALID_VALUE,
                "Enter the starter's first name and last name.",
                ("first_name",),
            )
        ],
        [] if worker is None else rules.worker_in_post(worker.left_on, started_on),
    )
    with transaction.atomic():
        if worker is None:
            worker = Worker(
                authority_id=team.authority_id,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                started_on=started_on,
            )
            action: str = Action.CREATE
        else:
            worker = Worker.objects.select_for_update().get(pk=worker.pk)
            action = Action.UPDATE
        worker.team = team
        worker.role = role
        worker.registration_number = number
        worker.full_time_equivalent = fte
        worker.is_agency = basis == PostHolding.Basis.AGENCY
        _save(worker, action)
        details, _ = WorkerDetails.objects.get_or_create(worker=worker)
        details.start_origin = start_origin
        details.qualification_level = qualification_level
        details.qualification_institution = qualification_institution.strip()
        details.qualified_on = qualified_on
        _save(details, Action.UPDATE)
        post_fill(post=post, worker=worker, basis=basis, fte=fte, start_date=started_on)
    return worker


@dataclass(frozen=True)
class Left:
    """What `worker_leave` did, and what it left for the manager: the children still
    allocated to the leaver, whom the manager must reallocate."""

    worker: Worker
    holdings_ended: int
    children_still_allocated: int


def worker_leave(
    *, worker: Worker, left_on: date, leaver_destination: str, reason_for_leaving: str
) -> Left:
    """A leaver: their leaving date (census LeavingDate), where they went (LeaverDestination)
    and why (ReasonLeave). Every post they hold ends that day. Their case allocations do
    not: which worker takes each child is a management decision (Working Together 2023,
    ch. 2: management oversight), so the manager reallocates them; the result says how
    many are left."""
    with transaction.atomic():
        locked = Worker.objects.select_for_update().get(pk=worker.pk)
        rules.check(rules.leaving_date_fits(locked.started_on, left_on, locked.left_on))
        later = PostHolding.objects.filter(worker=locked, start_date__gt=left_on)
        if later.exists():
            rules.check(
                [
                    WorkforceViolation(
                        WorkforceRule.LEAVING_DATE_FITS,
                        "They hold a post from after that date: correct the leaving date or "
                        "that holding first.",
                        ("left_on",),
                    )
                ]
            )
        open_holdings = list(
            PostHolding.objects.select_for_update()
            .filter(worker=locked)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=left_on))
        )
        for holding in open_holdings:
            holding.end_date = left_on
            _save(holding, Action.UPDATE)
        locked.left_on = left_on
        _save(locked, Action.UPDATE)
        details, _ = WorkerDetails.objects.get_or_create(worker=locked)
        details.leaver_destination = leaver_destination
        details.reason_for_leaving = reason_for_leaving
        _save(details, Action.UPDATE)
        allocated = (
            Allocation.objects.filter(worker=locked)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=left_on))
            .values("child_id")
            .distinct()
            .count()
        )
    worker.left_on = left_on
    return Left(locked, len(open_holdings), allocated)


def worker_details_update(
    *,
    worker: Worker,
    registration_number: str,
    birth_date: date | None = None,
    gender: str = "",
    ethnicity: str = "",
    qualification_level: str = "",
    qualification_institution: str = "",
    qualified_on: date | None = None,
    step_up_graduate: bool | None = None,
    frontline_graduate: bool | None = None,
) -> WorkerDetails:
    """The census's details of a worker (CSWWWorker), as HR keeps them."""
    number = rules.normalise_registration_number(registration_number)
    rules.check(
        rules.registration_number_format(number),
        rules.registration_number_needed(worker.role, number),
    )
    with transaction.atomic():
        locked = Worker.objects.select_for_update().get(pk=worker.pk)
        if locked.registration_number != number:
            locked.registration_number = number
            _save(locked, Action.UPDATE)
        details, _ = WorkerDetails.objects.get_or_create(worker=locked)
        details.birth_date = birth_date
        details.gender = gender
        details.ethnicity = ethnicity
        details.qualification_level = qualification_level
        details.qualification_institution = qualification_institution.strip()
        details.qualified_on = qualified_on
        details.step_up_graduate = step_up_graduate
        details.frontline_graduate = frontline_graduate
        _save(details, Action.UPDATE)
    worker.registration_number = number
    return details


# Absence ---------------------------------------------------------------------------------


def absence_working_days(fte: Decimal, start: date, end: date) -> Decimal:
    """The working days a worker of `fte` would have worked from `start` to `end`: England's
    working days (no weekends, no bank holidays) x their FTE, to the hundredth (census
    WorkingDaysLost)."""
    days = Decimal(max(rules.working_days_in(start, end), 0)) * fte
    return days.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def absence_record(
    *,
    worker: Worker,
    reason: str,
    start_date: date,
    end_date: date,
    working_days_lost: Decimal | None = None,
    recorded_by: Worker | None = None,
) -> Absence:
    """A spell of absence (census ReasonAbsence, AbsenceStartDate, AbsenceEndDate,
    WorkingDaysLost). Days lost are worked out from the calendar and the worker's FTE unless
    given, for part days; never more than that, never negative."""
    rules.check(
        rules.absence_dates_fit(start_date, end_date),
        rules.absence_while_employed(worker.started_on, worker.left_on, start_date, end_date),
    )
    most = absence_working_days(worker.full_time_equivalent, start_date, end_date)
    days = most if working_days_lost is None else working_days_lost
    with transaction.atomic():
        # Serialises one worker's absences, so two spells recorded at once cannot overlap.
        Worker.objects.select_for_update().filter(pk=worker.pk).first()
        others = Absence.objects.filter(worker=worker).values_list("start_date", "end_date")
        rules.check(
            rules.absence_days_fit(days, most),
            rules.absence_not_overlapping(list(others), start_date, end_date),
        )
        absence = Absence(
            worker=worker,
            reason=reason,
            start_date=start_date,
            end_date=end_date,
            working_days_lost=days,
            recorded_by=recorded_by,
        )
        _save(absence)
    return absence


# Pay -----------------------------------------------------------------------------------


def worker_pay_record(
    *,
    worker: Worker,
    effective_from: date,
    base_salary: Decimal,
    recruitment_retention_payments: Decimal = Decimal("0.00"),
    other_payments: Decimal = Decimal("0.00"),
    recorded_by: Worker | None = None,
) -> WorkerPay:
    """A directly employed worker's pay from `effective_from` (census 2025 BaseSalary,
    RRPayments, OtherPayments, read as at 30 September). Recording pay again for the same
    day corrects it. The audit entry names the row only: never the amounts."""
    rules.check(
        rules.pay_amounts_fit(base_salary, recruitment_retention_payments, other_payments),
        rules.pay_while_employed(
            worker.is_agency, worker.started_on, worker.left_on, effective_from
        ),
    )
    with transaction.atomic():
        Worker.objects.select_for_update().filter(pk=worker.pk).first()
        pay = WorkerPay.objects.filter(worker=worker, effective_from=effective_from).first()
        action = Action.UPDATE if pay else Action.CREATE
        pay = pay or WorkerPay(worker=worker, effective_from=effective_from)
        pay.base_salary = base_salary
        pay.recruitment_retention_payments = recruitment_retention_payments
        pay.other_payments = other_payments
        pay.recorded_by = recorded_by
        _save(pay, action)
    return pay


def pay_policy_record(
    *,
    authority_id: int,
    year: int,
    recruitment_bonus: str,
    retention_bonus: str,
    performance_award: str,
    car_allowance: str,
    relocation_package: str,
    regional_weighting: str,
    cost_swe: str,
    cost_dbs: str,
    other_allowances: str,
    today: date,
) -> PayPolicy:
    """The council's pay policy for the census of 30 September `year` (census 2025
    `LALevelVacancies` pay items). Recording it again for the year replaces it."""
    rules.check(rules.pay_policy_year_fits(year, today), _other_allowances_given(other_allowances))
    with transaction.atomic():
        policy = (
            PayPolicy.objects.select_for_update()
            .filter(authority_id=authority_id, year=year)
            .first()
        )
        action = Action.UPDATE if policy else Action.CREATE
        policy = policy or PayPolicy(authority_id=authority_id, year=year)
        policy.recruitment_bonus = recruitment_bonus
        policy.retention_bonus = retention_bonus
        policy.performance_award = performance_award
        policy.car_allowance = car_allowance
        policy.relocation_package = relocation_package
        policy.regional_weighting = regional_weighting
        policy.cost_swe = cost_swe
        policy.cost_dbs = cost_dbs
        policy.other_allowances = other_allowances.strip()
        _save(policy, action)
    return policy


def _other_allowances_given(text: str) -> list[WorkforceViolation]:
    if text.strip():
        return []
    return [
        WorkforceViolation(
            WorkforceRule.INVALID_VALUE,
            "Say which other allowances the council pays social workers, or 'None': the "
            "census needs OtherAllowances.",
            ("other_allowances",),
        )
    ]

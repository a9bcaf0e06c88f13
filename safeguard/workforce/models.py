"""The establishment (funded posts), who fills each post, each worker's census details, and
absence. Caseloads are never stored: they are counted from the case record's allocations
(`queries.py`)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from safeguard.common.codes import Ethnicity
from safeguard.common.models import TimeStampedModel
from safeguard.organisation.models import Authority, Team, Worker

from .codes import (
    AbsenceReason,
    CswwGender,
    LeaverDestination,
    PayPolicyEligibility,
    QualLevel,
    ReasonLeave,
    StartOrigin,
)


def _ends_not_before_start(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
        name=f"{prefix}_end_not_before_start",
    )


class Post(TimeStampedModel):
    """A funded post in a team: the establishment. A post exists whether or not anyone fills
    it; a post with no permanent holder on a day is a vacancy that day."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="posts")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    # The council's own post number, as its HR system names it.
    reference = models.CharField(max_length=30)
    role = models.CharField(max_length=30, choices=Worker.Role.choices)
    funded_fte = models.DecimalField(
        "funded full-time equivalent",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    start_date = models.DateField(help_text="The day the post was funded.")
    end_date = models.DateField(null=True, blank=True, help_text="The day the post was cut.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"], name="post_reference_unique"
            ),
            models.CheckConstraint(condition=Q(funded_fte__gt=0), name="post_funded_fte_positive"),
            _ends_not_before_start("post"),
        ]
        indexes = [models.Index(fields=["team", "role"], name="post_team_role_idx")]

    def __str__(self) -> str:
        return self.reference


class PostHolding(models.Model):
    """Who filled a post, from when to when, and on what basis. A permanent holder fills the
    post; an agency worker covers it, so the post still counts as vacant (the DfE's
    definition: vacancies are posts not filled by a directly employed worker)."""

    class Basis(models.TextChoices):
        PERMANENT = "permanent", "Permanent (directly employed)"
        AGENCY = "agency", "Agency"

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="holdings")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="post_holdings")
    basis = models.CharField(max_length=10, choices=Basis.choices)
    fte = models.DecimalField(
        "full-time equivalent",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0), name="post_holding_fte_positive"),
            _ends_not_before_start("post_holding"),
        ]
        indexes = [
            models.Index(fields=["post", "end_date"], name="post_holding_post_idx"),
            models.Index(fields=["worker", "end_date"], name="post_holding_worker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.post} ({self.get_basis_display()}) from {self.start_date}"


class WorkerDetails(models.Model):
    """What the DfE's workforce census asks of each worker beyond their sign-in record: who
    they are, their qualification, where a starter came from and where a leaver went. One per
    worker; blank until HR records it."""

    worker = models.OneToOneField(
        Worker, on_delete=models.CASCADE, primary_key=True, related_name="details"
    )
    birth_date = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=CswwGender.choices, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    qualification_institution = models.CharField(max_length=300, blank=True)
    qualification_level = models.CharField(max_length=1, choices=QualLevel.choices, blank=True)
    qualified_on = models.DateField(null=True, blank=True)
    step_up_graduate = models.BooleanField(null=True, blank=True)
    frontline_graduate = models.BooleanField(null=True, blank=True)
    start_origin = models.CharField(max_length=2, choices=StartOrigin.choices, blank=True)
    leaver_destination = models.CharField(
        max_length=2, choices=LeaverDestination.choices, blank=True
    )
    reason_for_leaving = models.CharField(max_length=2, choices=ReasonLeave.choices, blank=True)

    class Meta:
        verbose_name_plural = "worker details"

    def __str__(self) -> str:
        return f"Census details of worker {self.worker_id}"


class Absence(models.Model):
    """A spell of absence. `working_days_lost` is the worker's working days in the spell (the
    census's WorkingDaysLost), worked out by the service from the England calendar and the
    worker's FTE, and may be less for part days."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="absences")
    reason = models.CharField(max_length=3, choices=AbsenceReason.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    working_days_lost = models.DecimalField(max_digits=6, decimal_places=2)
    recorded_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="absence_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(working_days_lost__gte=0), name="absence_days_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["worker", "start_date"], name="absence_worker_idx")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.start_date} to {self.end_date}"


class WorkerPay(models.Model):
    """A directly employed worker's pay from a day until the next change: what the workforce
    census asks from 2025 (BaseSalary, RRPayments, OtherPayments, read as at 30 September).
    The base salary is the full-time annual salary of the worker's grade and point, whatever
    their FTE [unverified: the sector's 2025 XSD types the items as pounds to two places; we
    could not read the DfE guide's definitions, docs/workforce.md]. Payments are the annual
    amounts the worker receives on top. Pay is HR data: only `workforce.manage` sees it."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="pay")
    effective_from = models.DateField()
    base_salary = models.DecimalField(
        "annual base salary (full-time, pounds)",
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    recruitment_retention_payments = models.DecimalField(
        "recruitment and retention payments (a year, pounds)",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    other_payments = models.DecimalField(
        "other payments (a year, pounds)",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    recorded_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "effective_from"], name="worker_pay_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(base_salary__gt=0)
                & Q(recruitment_retention_payments__gte=0)
                & Q(other_payments__gte=0),
                name="worker_pay_amounts_fit",
            ),
        ]

    def __str__(self) -> str:
        return f"Pay of worker {self.worker_id} from {self.effective_from}"


def _eligibility(label: str) -> models.CharField[str, str]:
    return models.CharField(label, max_length=1, choices=PayPolicyEligibility.choices)


class PayPolicy(models.Model):
    """The council's pay policy for its directly employed social workers in a census year:
    the items `LALevelVacancies` carries from 2025, typed as the sector's 2025 XSD types them
    (eight eligibility codes and OtherAllowances as text). One per authority and year."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="pay_policies")
    year = models.PositiveSmallIntegerField(help_text="The census year: 30 September of it.")
    recruitment_bonus = _eligibility("recruitment bonus")
    retention_bonus = _eligibility("retention bonus")
    performance_award = _eligibility("performance award")
    car_allowance = _eligibility("car allowance")
    relocation_package = _eligibility("relocation package")
    regional_weighting = _eligibility("regional weighting")
    cost_swe = _eligibility("Social Work England registration fee paid")
    cost_dbs = _eligibility("DBS check fee paid")
    other_allowances = models.CharField(
        max_length=500, help_text="Other allowances the council pays, or 'None'."
    )

    class Meta:
        verbose_name_plural = "pay policies"
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="pay_policy_one_per_year")
        ]

    def __str__(self) -> str:
        return f"Pay policy {self.year}"

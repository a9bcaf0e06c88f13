"""The authority, its services and teams, and the people who work in them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguard.common.models import TimeStampedModel


def _local_clock(key: str) -> int:
    return int(settings.SAFEGUARD_TIMESCALES[key])


def _cp_visit_default() -> int:
    return _local_clock("CP_VISIT_WORKING_DAYS")


def _cin_visit_default() -> int:
    return _local_clock("CIN_VISIT_WORKING_DAYS")


def _cin_review_default() -> int:
    return _local_clock("CIN_REVIEW_MONTHS")


def _due_soon_default() -> int:
    return _local_clock("DUE_SOON_WORKING_DAYS")


def _supervision_interval_default() -> int:
    return _local_clock("SUPERVISION_INTERVAL_MONTHS")


class Authority(TimeStampedModel):
    """A local authority. Local-practice clocks are per authority (domain notes: timescales)."""

    name = models.CharField(max_length=200, unique=True)
    # DfE three-digit LA code, used in census headers and UPNs.
    la_code = models.CharField("DfE LA code", max_length=3, unique=True)
    child_population = models.PositiveIntegerField(
        help_text="Children aged 0-17 living in the area (mid-year estimate), for rates per 10,000."
    )
    cp_visit_working_days = models.PositiveSmallIntegerField(default=_cp_visit_default)
    cin_visit_working_days = models.PositiveSmallIntegerField(default=_cin_visit_default)
    cin_review_months = models.PositiveSmallIntegerField(default=_cin_review_default)
    due_soon_working_days = models.PositiveSmallIntegerField(default=_due_soon_default)
    # Months between case (and personal) supervisions: local policy, monthly by default
    # (docs/supervision.md).
    supervision_interval_months = models.PositiveSmallIntegerField(
        default=_supervision_interval_default,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A group of teams under one head of service (e.g. Safeguarding, Children in Care)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    head = models.ForeignKey(
        "Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="services_led"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="service_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door / MASH"
        ASSESSMENT = "assessment", "Assessment"
        CHILD_PROTECTION = "child_protection", "Child protection and court"
        CHILDREN_IN_NEED = "children_in_need", "Children in need"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        CONFERENCE_AND_REVIEW = "conference_and_review", "Conference and review (IROs)"
        # The council's family help (early help) service: help a family agrees to, below the
        # threshold of statutory social care (docs/family-help.md).
        FAMILY_HELP = "family_help", "Family help"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="teams")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    manager = models.ForeignKey(
        "Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="teams_managed"
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


def in_post_q(today: date | None = None) -> Q:
    """Workers still in post on `today` (default: today): no leaving date, or one still to
    come. A leaving date takes effect on the day (`disable_leavers` ends the account then)."""
    day = today or timezone.localdate()
    return Q(left_on__isnull=True) | Q(left_on__gt=day)


def worker_name_of(first_name: str, last_name: str) -> str:
    """A member of staff's name as every page writes it, for a list read as values."""
    return f"{first_name} {last_name}"


class Worker(TimeStampedModel):
    """A member of staff. The sign-in account, if any, is linked one to one."""

    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
        TEAM_MANAGER = "team_manager", "Team manager"
        HEAD_OF_SERVICE = "head_of_service", "Head of service"
        FRONT_DOOR_WORKER = "front_door_worker", "Front door / MASH worker"
        CONFERENCE_CHAIR = "conference_chair", "Conference chair (IRO)"
        # Leads families' family help; not a case-holding social worker (docs/family-help.md).
        FAMILY_HELP_PRACTITIONER = "family_help_practitioner", "Family help practitioner"
        PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
        AUDITOR = "auditor", "Auditor"
        SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"

    CASE_HOLDING_ROLES = (Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER)

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="workers")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Social Work England registration, e.g. SW123456.
    registration_number = models.CharField(max_length=12, blank=True)
    full_time_equivalent = models.DecimalField(max_digits=3, decimal_places=2, default=1)
    is_agency = models.BooleanField(default=False)
    started_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["team", "role"], name="worker_team_role_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("started_on")),
                name="worker_left_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return worker_name_of(self.first_name, self.last_name)

"""A looked-after child's health, as the Care Planning Regulations 2010 (reg. 7) and the
SSDA903 return (OC2: health assessments, dental checks, immunisations, the SDQ) ask it; and
their missing episodes (SSDA903 Missing; Ofsted Annex A list 8) with the return interview;
their education (the personal education plan), whether they are an unaccompanied
asylum-seeking child or a mother, and the OC2 items on offending and substance misuse.

Every row belongs to a period of care (`cases.LookedAfterPeriod`): the health clocks run
from its start, and the return counts what was done while the child was looked after.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from safeguard.cases.models import LookedAfterPeriod
from safeguard.common.models import TimeStampedModel
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

SDQ_LOWEST = 0
SDQ_HIGHEST = 40


class HealthAssessment(TimeStampedModel):
    """An initial health assessment (one per period of care) or a review health assessment."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial health assessment"
        REVIEW = "review", "Review health assessment"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="health_assessments"
    )
    kind = models.CharField(max_length=7, choices=Kind.choices)
    assessment_date = models.DateField()
    # The health professional, as the report names them (a paediatrician, a LAC nurse).
    carried_out_by = models.CharField(max_length=200)
    outcome = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(kind="initial"),
                name="health_assessment_one_initial_per_period",
            ),
        ]
        indexes = [models.Index(fields=["child", "assessment_date"], name="health_assessment_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.assessment_date:%d %b %Y}"


class DentalCheck(TimeStampedModel):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="dental_checks"
    )
    check_date = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "check_date"], name="dental_check_idx")]

    def __str__(self) -> str:
        return f"Dental check on {self.check_date:%d %b %Y}"


class ImmunisationStatus(TimeStampedModel):
    """Whether the child's immunisations were up to date on a day (SSDA903 OC2 IMMUNISATIONS)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="immunisation_statuses"
    )
    recorded_on = models.DateField()
    up_to_date = models.BooleanField()
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "immunisation statuses"
        indexes = [models.Index(fields=["child", "recorded_on"], name="immunisation_status_idx")]

    def __str__(self) -> str:
        state = "up to date" if self.up_to_date else "not up to date"
        return f"Immunisations {state} on {self.recorded_on:%d %b %Y}"


class SdqScore(TimeStampedModel):
    """The Strengths and Difficulties Questionnaire's total difficulties score (0-40), asked
    each year of a child of 4 to 16 (SSDA903 OC2 SDQ_SCORE)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(LookedAfterPeriod, on_delete=models.PROTECT, related_name="sdqs")
    completed_on = models.DateField()
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SDQ_LOWEST) & Q(score__lte=SDQ_HIGHEST),
                name="sdq_score_0_to_40",
            ),
        ]
        indexes = [models.Index(fields=["child", "completed_on"], name="sdq_score_idx")]

    def __str__(self) -> str:
        return f"SDQ {self.score} on {self.completed_on:%d %b %Y}"


class MissingEpisode(TimeStampedModel):
    """A time a looked-after child was missing, or away from placement without authorisation
    (SSDA903 Missing: MISSING M or A, MIS_START, MIS_END), and the return home interview
    after it (Ofsted Annex A list 8: offered Y/N, accepted Y/N; the SSD's `ssd_missing`).

    The 903 file (2025-26, as Data to Insight's validator reads it) holds no return interview
    columns: the interview is Annex A's and the statutory guidance's (DfE, 2014).
    """

    class Kind(models.TextChoices):
        MISSING = "M", "Missing"
        AWAY = "A", "Away from placement without authorisation"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="missing_episodes"
    )
    kind = models.CharField(max_length=1, choices=Kind.choices)
    start_date = models.DateField()
    # The day the child returned or was found; none while they are still missing.
    end_date = models.DateField(null=True, blank=True)
    # Where the child was found, or returned to, in a few words.
    found_at = models.CharField(max_length=200, blank=True)
    # The return home interview: None until answered.
    rhi_offered = models.BooleanField(null=True, blank=True)
    rhi_accepted = models.BooleanField(null=True, blank=True)
    # The day the interview was held (only when accepted).
    rhi_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="missing_episode_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=False) | Q(rhi_offered__isnull=True),
                name="missing_episode_interview_after_return",
            ),
            models.CheckConstraint(
                condition=Q(rhi_accepted__isnull=True) | Q(rhi_offered=True),
                name="missing_episode_accepted_only_if_offered",
            ),
            models.CheckConstraint(
                condition=Q(rhi_date__isnull=True) | Q(rhi_accepted=True),
                name="missing_episode_interview_date_only_if_accepted",
            ),
        ]
        indexes = [models.Index(fields=["child", "start_date"], name="missing_episode_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class PersonalEducationPlan(TimeStampedModel):
    """The personal education plan (PEP), part of the care plan (Care Planning Regulations
    2010; "Promoting the education of looked-after children", DfE statutory guidance),
    agreed and reviewed at PEP meetings with the school or setting's designated teacher and
    the authority's virtual school (Children and Families Act 2014, s. 99: the Virtual School
    Head). One initial plan per period of care; every later meeting is a review."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial personal education plan"
        REVIEW = "review", "Review of the personal education plan"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="education_plans"
    )
    kind = models.CharField(max_length=7, choices=Kind.choices)
    meeting_date = models.DateField()
    # The school, college or early years setting, as the plan names it.
    school = models.CharField(max_length=200)
    # Whether the Virtual School Head or their team took part in the meeting or the plan.
    virtual_school_involved = models.BooleanField()
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(kind="initial"),
                name="education_plan_one_initial_per_period",
            ),
        ]
        indexes = [models.Index(fields=["child", "meeting_date"], name="education_plan_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.meeting_date:%d %b %Y}"


class UascStatus(TimeStampedModel):
    """The child was an unaccompanied asylum-seeking child in this period of care (SSDA903
    UASC), and the day that status ceased (DUC), if it has."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.OneToOneField(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="uasc_status"
    )
    ceased_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "UASC status"
        verbose_name_plural = "UASC statuses"

    def __str__(self) -> str:
        if self.ceased_on is None:
            return "Unaccompanied asylum-seeking child"
        return f"Unaccompanied asylum-seeking child until {self.ceased_on:%d %b %Y}"


class Motherhood(TimeStampedModel):
    """A looked-after girl is a mother: the date of birth of her first child (SSDA903 header
    MOTHER and MC_DOB). Once a mother, always one: recorded once for the child, in the period
    of care it was recorded in."""

    child = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(LookedAfterPeriod, on_delete=models.PROTECT, related_name="+")
    first_child_born_on = models.DateField()

    def __str__(self) -> str:
        return f"Mother; first child born {self.first_child_born_on:%d %b %Y}"


class Conviction(TimeStampedModel):
    """A looked-after child was convicted of an offence (SSDA903 OC2 CONVICTED: during the
    year, for children of 10 or over)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(LookedAfterPeriod, on_delete=models.PROTECT, related_name="+")
    convicted_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "convicted_on"], name="conviction_idx")]

    def __str__(self) -> str:
        return f"Convicted on {self.convicted_on:%d %b %Y}"


class SubstanceMisuse(TimeStampedModel):
    """A looked-after child was identified as having a substance misuse problem, and whether
    they received an intervention for it or were offered one and refused (SSDA903 OC2
    SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED)."""

    class Intervention(models.TextChoices):
        RECEIVED = "received", "Received an intervention"
        REFUSED = "refused", "Offered an intervention but refused it"
        NONE = "none", "Not offered an intervention yet"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(LookedAfterPeriod, on_delete=models.PROTECT, related_name="+")
    identified_on = models.DateField()
    intervention = models.CharField(max_length=8, choices=Intervention.choices)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "substance misuse"
        indexes = [models.Index(fields=["child", "identified_on"], name="substance_misuse_idx")]

    def __str__(self) -> str:
        return f"Substance misuse identified on {self.identified_on:%d %b %Y}"


class IroContact(TimeStampedModel):
    """The independent reviewing officer's visit or contact with the child between reviews
    (Care Planning, Placement and Case Review (England) Regulations 2010, reg. 36: before each
    review the IRO speaks to the child in private about what it will consider; IRO Handbook,
    2010, ch. 3). Ofsted's Annex A list 8 asks the date of the last one."""

    class Method(models.TextChoices):
        VISIT = "visit", "Visit in person"
        REMOTE = "remote", "Video or phone call"
        OTHER = "other", "Other (a letter, a message)"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="iro_contacts"
    )
    contact_date = models.DateField()
    iro = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=6, choices=Method.choices)
    # Asked only of a visit in person.
    seen_alone = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(method="visit") & Q(seen_alone__isnull=False))
                | (~Q(method="visit") & Q(seen_alone__isnull=True)),
                name="iro_contact_seen_alone_only_in_person",
            ),
        ]
        indexes = [models.Index(fields=["period", "contact_date"], name="iro_contact_idx")]

    def __str__(self) -> str:
        return f"IRO contact on {self.contact_date:%d %b %Y}"

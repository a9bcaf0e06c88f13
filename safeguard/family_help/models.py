"""Family help (early help): the help a family agrees to, below the threshold of statutory
social care, led by a council family-help worker or by a partner's practitioner (a school's
designated safeguarding lead, a health visitor).

The family has one `FamilyHelpEpisode`; each child in it has their own `EarlyHelpEpisode`,
the row the Standard Safeguarding Dataset keeps per child (`ssd_early_help_episodes`,
EARL001A-008A). The SSD has no family object: `ssd_family.fami_family_id` is the nearest.
The assessment, plan, meetings and reviews are the family's, so each row here is about every
child in the family (cases.personal_data exports them to each).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safeguard.agencies.models import PartnerUser
from safeguard.cases.models import Contact, Referral
from safeguard.common.models import TimeStampedModel
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person

from .outcomes import Outcome


class EndReason(models.TextChoices):
    """Why family help ended (SSD `earl_episode_end_reason`, EARL006A: the SSD's guidance
    suggests "Outcomes met / Step-up / NFA"; these are finer, local codes)."""

    NEEDS_MET = "needs_met", "Needs met"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    FAMILY_DECLINED = "family_declined", "Family declined further help"
    MOVED_AWAY = "moved_away", "Family moved away"
    CHILD_LEFT_HOUSEHOLD = "child_left_household", "Child left the household"


class FamilyHelpEpisode(TimeStampedModel):
    """A family's family help, from the day it started to the day it closed."""

    class StartRoute(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door decision"
        PARTNER = "partner", "Started by a partner"
        STEP_DOWN = "step_down", "Stepped down from children's social care"
        COUNCIL = "council", "Started by the council's family help service"

    # Shown to the family and partners instead of the database id (common.references).
    reference = models.CharField(max_length=20, unique=True)
    # The council's team with oversight, even when a partner leads.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    start_route = models.CharField(max_length=10, choices=StartRoute.choices)
    # Family help is voluntary: it starts with the family's consent.
    consent_given_on = models.DateField()
    consent_given_by = models.CharField(max_length=200)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    # The current lead's user (LeadPractitioner holds the history): denormalised so the access
    # filter asks one column, for a council worker and a partner's practitioner alike.
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="family_help_end_date_and_reason_together",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="family_help_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(consent_given_on__lte=F("started_on")),
                name="family_help_consent_before_start",
            ),
        ]
        indexes = [models.Index(fields=["team", "ended_on"], name="family_help_team_idx")]

    def __str__(self) -> str:
        return f"Family help {self.reference}"


class EarlyHelpEpisode(TimeStampedModel):
    """One child's part in the family's help: the SSD's `ssd_early_help_episodes` row.

    SSD fields: pk = `earl_episode_id` (EARL001A); `child` = `earl_person_id` (EARL002A);
    `start_date` = `earl_episode_start_date` (EARL003A); `end_date` = `earl_episode_end_date`
    (EARL004A); `reason` = `earl_episode_reason` (EARL005A); `end_reason` =
    `earl_episode_end_reason` (EARL006A). `earl_episode_organisation` (EARL007A) and
    `earl_episode_worker_id` (EARL008A) are the family's LeadPractitioner on the day, not
    stored twice.
    """

    class Reason(models.TextChoices):
        # The SSD's eleven suggested categories for EARL005A.
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
        MENTAL_HEALTH = "mental_health", "Mental health"
        PARENTING = "parenting", "Parenting or family dynamics"
        DISABILITY_OR_ILLNESS = "disability_illness", "Disability or illness"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
        ABUSE_OR_NEGLECT = "abuse_neglect", "Abuse or neglect"
        SPECIAL_CIRCUMSTANCES = "special_circumstances", "Special circumstances"
        SOCIO_ECONOMIC = "socio_economic", "Socio-economic"
        WELLBEING = "wellbeing", "Child wellbeing or development"
        INFORMATION = "information", "Information and support"
        OTHER = "other", "Other"

    family_help = models.ForeignKey(
        FamilyHelpEpisode, on_delete=models.PROTECT, related_name="children"
    )
    child = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", help_text="SSD earl_person_id"
    )
    start_date = models.DateField(help_text="SSD earl_episode_start_date")
    end_date = models.DateField(null=True, blank=True, help_text="SSD earl_episode_end_date")
    reason = models.CharField(
        max_length=25, choices=Reason.choices, help_text="SSD earl_episode_reason"
    )
    end_reason = models.CharField(
        max_length=20,
        choices=EndReason.choices,
        blank=True,
        help_text="SSD earl_episode_end_reason",
    )
    # The front door's contact about this child that family help started from (decided "early
    # help", then agreed to by the family): the front door sees what became of its decision.
    # On the child's row, as the contact is about one child (a brother or sister joins
    # without one); a link on the family's row would also make subject access read the
    # family's rows as the contact's child's alone (common.admin.child_paths).
    source_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The social care referral the child stepped down from, and what social care did, frozen
    # on the day (`family_help.steps.social_care_summary`): partners leading the help read it
    # without reading the social care record, and it does not change if that record does.
    stepped_down_from = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    social_care_summary = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True),
                name="early_help_one_open_per_child",
            ),
            models.UniqueConstraint(
                fields=["source_contact"],
                condition=Q(source_contact__isnull=False),
                name="early_help_one_per_contact",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="early_help_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="early_help_end_date_and_reason_together",
            ),
        ]
        indexes = [models.Index(fields=["child", "start_date"], name="early_help_child_idx")]

    def __str__(self) -> str:
        return f"Early help from {self.start_date:%d %b %Y}"


class StepUp(TimeStampedModel):
    """Family help asking children's social care to step in for one child: the contact it
    made at the front door, and the family's help as it stood that day (frozen: what the front
    door was told, shown on the contact page). The child's early help stays open until the
    front door decides: a referral ends it as stepped up; any other decision leaves the
    family's help going on."""

    child_episode = models.ForeignKey(
        EarlyHelpEpisode, on_delete=models.PROTECT, related_name="step_ups"
    )
    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    # `family_help.steps.family_help_history`, as it was when the step up was asked for.
    history = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Step up {self.requested_on:%d %b %Y}"


class LeadPractitioner(TimeStampedModel):
    """Who led the family's help, and when (as cases.Allocation keeps a case's workers; the
    SSD's `ssd_involvements`). A council worker or a partner's practitioner, never both."""

    family_help = models.ForeignKey(
        FamilyHelpEpisode, on_delete=models.PROTECT, related_name="leads"
    )
    worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partner_user = models.ForeignKey(
        PartnerUser, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The organisation as it was named on the day (SSD earl_episode_organisation): a partner
    # that is renamed or stops sharing still led what it led.
    organisation_name = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(worker__isnull=False, partner_user__isnull=True)
                | Q(worker__isnull=True, partner_user__isnull=False),
                name="lead_practitioner_worker_or_partner",
            ),
            models.UniqueConstraint(
                fields=["family_help"],
                condition=Q(end_date__isnull=True),
                name="lead_practitioner_one_open",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="lead_practitioner_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Lead practitioner from {self.start_date:%d %b %Y} ({self.organisation_name})"


class FamilyHelpAssessment(TimeStampedModel):
    """The family help (early help) assessment of the whole family (Ofsted Annex A list 2)."""

    family_help = models.ForeignKey(
        FamilyHelpEpisode, on_delete=models.PROTECT, related_name="assessments"
    )
    start_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    # Annex A list 2's "organisation completing assessment", as it was named on the day.
    completed_by_organisation = models.CharField(max_length=200, blank=True)
    family_view = models.TextField(blank=True)
    child_voice = models.TextField(blank=True)
    analysis = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family_help"],
                condition=Q(completed_on__isnull=True),
                name="family_help_assessment_one_open",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("start_date")),
                name="family_help_assessment_completed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Family help assessment from {self.start_date:%d %b %Y}"


class AssessedNeed(TimeStampedModel):
    assessment = models.ForeignKey(
        FamilyHelpAssessment, on_delete=models.PROTECT, related_name="needs"
    )
    area = models.CharField(max_length=20, choices=Outcome.choices)
    description = models.TextField()

    def __str__(self) -> str:
        return self.get_area_display()


class FamilyPlan(TimeStampedModel):
    """The plan the family agreed: outcomes, each with the actions towards it."""

    family_help = models.ForeignKey(
        FamilyHelpEpisode, on_delete=models.PROTECT, related_name="plans"
    )
    agreed_on = models.DateField()

    def __str__(self) -> str:
        return f"Family plan agreed {self.agreed_on:%d %b %Y}"


class PlanOutcome(TimeStampedModel):
    plan = models.ForeignKey(FamilyPlan, on_delete=models.PROTECT, related_name="outcomes")
    area = models.CharField(max_length=20, choices=Outcome.choices)
    what_will_change = models.TextField()
    baseline = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.get_area_display()


class PlanAction(TimeStampedModel):
    outcome = models.ForeignKey(PlanOutcome, on_delete=models.PROTECT, related_name="actions")
    # Who will do it, as the plan names them: a parent, a teacher, a worker.
    who = models.CharField(max_length=200)
    agency = models.CharField(max_length=200, blank=True)
    what = models.TextField()
    by_date = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Action for {self.who}"


class TeamAroundFamilyMeeting(TimeStampedModel):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial"
        REVIEW = "review", "Review"
        CLOSING = "closing", "Closing"

    family_help = models.ForeignKey(
        FamilyHelpEpisode, on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=7, choices=Kind.choices)
    decisions = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} team around the family meeting {self.held_on:%d %b %Y}"


class MeetingAttendee(TimeStampedModel):
    """Someone asked to the meeting: a family member or a professional, named as written (a
    worker or a partner's user is linked as well when they have an account)."""

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    meeting = models.ForeignKey(
        TeamAroundFamilyMeeting, on_delete=models.PROTECT, related_name="attendees"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    agency = models.CharField(max_length=200, blank=True)
    is_family_member = models.BooleanField(default=False)
    attendance = models.CharField(max_length=14, choices=Attendance.choices)
    worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partner_user = models.ForeignKey(
        PartnerUser, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(worker__isnull=True) | Q(partner_user__isnull=True),
                name="meeting_attendee_one_account",
            ),
            models.CheckConstraint(
                condition=Q(is_family_member=False)
                | Q(worker__isnull=True, partner_user__isnull=True),
                name="meeting_attendee_family_has_no_account",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FamilyPlanReview(TimeStampedModel):
    """A review of the family plan: progress towards each outcome; the series over time is
    the family's progress."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    meeting = models.ForeignKey(
        TeamAroundFamilyMeeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    next_review_due = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True) | Q(next_review_due__gt=F("reviewed_on")),
                name="family_plan_review_next_after",
            ),
        ]

    def __str__(self) -> str:
        return f"Family plan review {self.reviewed_on:%d %b %Y}"


class OutcomeProgress(TimeStampedModel):
    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        SOME = "some", "Some progress"
        SIGNIFICANT = "significant_and_sustained", "Significant and sustained progress"

    review = models.ForeignKey(FamilyPlanReview, on_delete=models.PROTECT, related_name="progress")
    outcome = models.ForeignKey(PlanOutcome, on_delete=models.PROTECT, related_name="progress")
    progress = models.CharField(max_length=25, choices=Progress.choices)
    evidence = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "outcome progress"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "outcome"], name="outcome_progress_once_per_review"
            ),
        ]

    def __str__(self) -> str:
        return self.get_progress_display()

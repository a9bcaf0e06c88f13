"""Family group conferences (family group decision-making) and pre-proceedings under the
Public Law Outline.

A **family group conference** is the meeting where a child's family network makes its own plan
for the child's safety, prepared with an independent coordinator: offered by the council,
accepted or declined by the family, held, and ending in the family's plan. It may be for a
family in family help (`family_help`) or for a child in social care (`child`), or both.

**Pre-proceedings** is one child's period under the Public Law Outline's pre-proceedings
process: it starts with the decision of a legal planning meeting (the "legal gateway"), the
letter before proceedings invites the parents to a pre-proceedings meeting, review meetings
follow, and it ends with a decision to step down or to issue care proceedings. Field names
follow the Standard Safeguarding Dataset's `ssd_pre_proceedings` (PREP item references in the
comments) and the CIN census's PreProceedings module (N00826-N00834).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from safeguard.agencies.models import PartnerUser
from safeguard.common.models import TimeStampedModel
from safeguard.family_help.models import FamilyHelpEpisode
from safeguard.organisation.models import Worker
from safeguard.people.models import Person


class FamilyGroupConference(TimeStampedModel):
    """A family group conference: offered, the family's answer, held, and the family's plan.
    Each step is recorded once, in that order (`proceedings.rules`)."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    family_help = models.ForeignKey(
        FamilyHelpEpisode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="family_group_conferences",
    )
    child = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="family_group_conferences",
    )
    offered_on = models.DateField()
    # Who offered it: a council worker, or a partner's practitioner leading family help.
    offered_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    offered_by_partner = models.ForeignKey(
        PartnerUser, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    # The coordinator is independent of the case (often a commissioned service), so named as
    # text with their organisation rather than as a worker of the council.
    coordinator_name = models.CharField(max_length=200, blank=True)
    coordinator_organisation = models.CharField(max_length=200, blank=True)
    family_plan = models.TextField(blank=True)
    plan_agreed_on = models.DateField(null=True, blank=True)
    plan_review_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(family_help__isnull=False) | Q(child__isnull=False),
                name="family_group_conference_for_someone",
            ),
            models.CheckConstraint(
                condition=Q(offered_by__isnull=False, offered_by_partner__isnull=True)
                | Q(offered_by__isnull=True, offered_by_partner__isnull=False),
                name="family_group_conference_offered_by_one",
            ),
            models.CheckConstraint(
                condition=Q(answer="", answered_on__isnull=True)
                | (~Q(answer="") & Q(answered_on__isnull=False, answered_on__gte=F("offered_on"))),
                name="family_group_conference_answer_after_offer",
            ),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True)
                | Q(answer="accepted", held_on__gte=F("answered_on")),
                name="family_group_conference_held_once_accepted",
            ),
            models.CheckConstraint(
                condition=Q(plan_agreed_on__isnull=True)
                | Q(held_on__isnull=False, plan_agreed_on__gte=F("held_on")),
                name="family_group_conference_plan_after_held",
            ),
            models.CheckConstraint(
                condition=Q(plan_review_on__isnull=True)
                | Q(plan_agreed_on__isnull=False, plan_review_on__gt=F("plan_agreed_on")),
                name="family_group_conference_review_after_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"Family group conference offered {self.offered_on:%d %b %Y}"


class FamilyNetworkAttendee(TimeStampedModel):
    """Someone of the family network who came to the conference (relatives, friends, people
    the family asked), named as the family named them."""

    conference = models.ForeignKey(
        FamilyGroupConference, on_delete=models.CASCADE, related_name="attendees"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class GatewayOutcome(models.TextChoices):
    """What a legal planning meeting decided (SSD `prep_legal_gateway_outcome`, PREP008A, code
    list `plo_1b/plo_silver2`)."""

    CONTINUE = "A", "Continue with the current plan"
    START_PRE_PROCEEDINGS = "B", "Start pre-proceedings"
    ISSUE_CARE_PROCEEDINGS = "C", "Issue care proceedings"
    UNKNOWN = "D", "Unknown"


class YesNoUnknown(models.TextChoices):
    """The SSD's answers for pre-proceedings questions (`plo_1b/plo_silver8`)."""

    YES = "Yes", "Yes"
    NO = "No", "No"
    UNKNOWN = "Unknown", "Unknown"


class LegalPlanningMeeting(TimeStampedModel):
    """A legal planning meeting (the legal gateway or panel) about a child: whether the
    threshold for proceedings is met, and what the council will do."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    outcome = models.CharField(max_length=1, choices=GatewayOutcome.choices)
    rationale = models.TextField()
    # The manager who chaired and owns the decision.
    chaired_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Legal planning meeting {self.held_on:%d %b %Y}: {self.get_outcome_display()}"


class PreProceedings(TimeStampedModel):
    """One child's pre-proceedings, from the legal planning meeting's decision to start it to
    the decision to step down or issue care proceedings (SSD `ssd_pre_proceedings`)."""

    class Outcome(models.TextChoices):
        # SSD prep_pre_pro_outcome (PREP005A): blank while still in pre-proceedings.
        STEP_DOWN = "step_down", "Decision to step down"
        ISSUE_CARE_PROCEEDINGS = "issue_care_proceedings", "Decision to issue care proceedings"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pre_proceedings")
    # The legal planning meeting that decided to start it (outcome B).
    decision = models.OneToOneField(
        LegalPlanningMeeting, on_delete=models.PROTECT, related_name="pre_proceedings"
    )
    # PREP002A prep_plo_family_id: shared by the children of one family who start (and end)
    # pre-proceedings together.
    plo_family_reference = models.CharField(max_length=20)
    # PREP003A prep_pre_pro_decision_date; census PPStartDate (N00826): the meeting's date.
    started_on = models.DateField()
    # PREP011A prep_pre_pro_letter_date; census LBPSentDate (N00827).
    letter_sent_on = models.DateField(null=True, blank=True)
    # Census FGDMMeetingOffer (N00828): whether the letter offered a family group conference.
    family_group_conference_offered = models.BooleanField(null=True, blank=True)
    # PREP014A prep_pre_pro_parents_legal_rep.
    parents_legally_represented = models.CharField(
        max_length=7, choices=YesNoUnknown.choices, blank=True
    )
    outcome = models.CharField(max_length=25, choices=Outcome.choices, blank=True)
    # PREP006A prep_agree_stepdown_issue_date; census StepDecisionDate (N00832).
    outcome_decided_on = models.DateField(null=True, blank=True)
    # Census CourtAppDate (N00834): when the council applied to the court.
    court_application_on = models.DateField(null=True, blank=True)
    # PREP012A prep_care_pro_letter_date; census LetterInitCPDate.
    care_proceedings_letter_on = models.DateField(null=True, blank=True)
    # PREP016A prep_court_reference.
    court_reference = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "pre-proceedings"
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(outcome=""),
                name="pre_proceedings_one_open_per_child",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", outcome_decided_on__isnull=True)
                | (
                    ~Q(outcome="")
                    & Q(outcome_decided_on__isnull=False, outcome_decided_on__gte=F("started_on"))
                ),
                name="pre_proceedings_outcome_with_date",
            ),
            models.CheckConstraint(
                condition=Q(letter_sent_on__isnull=True) | Q(letter_sent_on__gte=F("started_on")),
                name="pre_proceedings_letter_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(
                    court_application_on__isnull=True, care_proceedings_letter_on__isnull=True
                )
                | Q(outcome="issue_care_proceedings"),
                name="pre_proceedings_court_dates_only_when_issued",
            ),
            models.CheckConstraint(
                condition=Q(court_application_on__isnull=True)
                | Q(court_application_on__gte=F("outcome_decided_on")),
                name="pre_proceedings_application_not_before_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.started_on:%d %b %Y}"


class PreProceedingsMeeting(TimeStampedModel):
    """A pre-proceedings meeting with the parents and their lawyers: the initial one the
    letter invites them to (census InitialPPMeetingDate, N00830), then reviews (census
    ReviewMeetingsCount, N00831; SSD PREP013A)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial pre-proceedings meeting"
        REVIEW = "review", "Review meeting"

    pre_proceedings = models.ForeignKey(
        PreProceedings, on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pre_proceedings"],
                condition=Q(kind="initial"),
                name="pre_proceedings_one_initial_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d %b %Y}"

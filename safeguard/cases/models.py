"""The statutory case record, shaped after the Children in Need census and SSDA903.

Returns are projections of these tables, never a second copy. Every write goes through
`cases.services`, which checks `cases.workflow.rules` first.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safeguard.common import codes
from safeguard.common.models import TimeStampedModel
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person


def end_not_before_start(prefix: str) -> models.CheckConstraint:
    """An episode cannot end before it starts (an open one has no end yet)."""
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
        name=f"{prefix}_end_not_before_start",
    )


class Allocation(models.Model):
    """Who held the child's case, from when to when. A team allocation with no worker is
    an unallocated case waiting for a worker."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    allocated_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="allocation_one_open"
            ),
            end_not_before_start("allocation"),
        ]
        indexes = [
            models.Index(fields=["team", "end_date"], name="allocation_team_idx"),
            models.Index(fields=["worker", "end_date"], name="allocation_worker_idx"),
            models.Index(fields=["child", "end_date"], name="allocation_child_idx"),
            # A given set of children's cases allocated to a team but to no worker (the team
            # dashboard's waiting list): a hundred or so, where the open allocations are
            # thousands.
            models.Index(
                fields=["child"],
                condition=Q(end_date__isnull=True, worker__isnull=True),
                name="allocation_no_worker_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} with {self.worker or self.team}"


class Contact(TimeStampedModel):
    """A worry about a child received at the front door, from any route (a phone call, the
    public's online report, a professional's referral form, a partner agency's system);
    decided within 1 working day. `front_door.services.contact_receive` makes every one.

    The child may not be known yet: a member of the public's report or a partner's record
    that linkage could not place waits with `child` empty, what the sender said about the
    child kept in `child_as_described`, until a front-door worker matches it to a person.
    """

    # Shown to the sender ("your reference is FD-7KQ3-M9TX"): random, so it reveals nothing
    # about how many contacts the authority receives and cannot be guessed.
    reference = models.CharField(max_length=14, unique=True)
    child = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    received_at = models.DateTimeField()
    route = models.CharField(
        max_length=20, choices=codes.ContactRoute.choices, default=codes.ContactRoute.PHONE
    )
    source = models.CharField(max_length=3, choices=codes.ContactSource.choices)
    referrer = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who made the contact, e.g. a school's safeguarding lead.",
    )
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    # A member of the public: "neighbour", "grandparent"...; the census source follows from it.
    referrer_relationship = models.CharField(max_length=100, blank=True)
    referrer_anonymous = models.BooleanField(default=False)
    concerns = models.TextField(blank=True)
    # What the sender has already done (told the police, spoken to the parent...).
    actions_taken = models.TextField(blank=True)
    consent = models.CharField(
        max_length=12, choices=codes.ContactConsent.choices, default=codes.ContactConsent.UNKNOWN
    )
    consent_reason = models.TextField(
        blank=True, help_text="Why consent was not sought, or what the family said."
    )
    # Proceeding without the family's consent is lawful where a child may be at risk of
    # significant harm, but only for a recorded reason (Working Together 2023, ch. 1).
    consent_override_reason = models.TextField(blank=True)
    consent_overridden_at = models.DateTimeField(null=True, blank=True)
    consent_overridden_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    urgency = models.CharField(
        max_length=10, choices=codes.ContactUrgency.choices, default=codes.ContactUrgency.ROUTINE
    )
    # The current rating; every rating and its reason are kept in front_door.ContactRating.
    rag = models.CharField(max_length=5, blank=True, choices=codes.RagRating.choices)
    # What the sender said about the child (names, date of birth or age, unborn, address,
    # school) and their household, kept as sent even after the child is matched.
    child_as_described = models.JSONField(default=dict, blank=True)
    household_as_described = models.JSONField(default=list, blank=True)
    # A notification about an address (e.g. the police naming only the address) that the
    # front door must resolve to the children living there.
    address_line = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    # Where a partner sent it: plain ids, so the case record does not depend on the hub.
    partner_organisation_id = models.PositiveIntegerField(null=True, blank=True)
    partner_submission_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    # The linkage review (linkage.MatchReview) deciding who the child is, if one is open.
    match_review_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    # A signed-in partner user who sent the professional form sees its feedback.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A retry of the same submission (a double click, a resend after a timeout) stores one.
    idempotency_key = models.CharField(max_length=100, blank=True)
    decision = models.CharField(max_length=30, blank=True, choices=codes.ContactDecision.choices)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_rationale = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decided_at__gte=F("received_at")),
                name="contact_decided_not_before_received",
            ),
            models.CheckConstraint(
                condition=(Q(decision="") & Q(decided_at__isnull=True))
                | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="contact_decision_has_date",
            ),
            # A contact is decided about a child: it is matched to a person first.
            models.CheckConstraint(
                condition=Q(decision="") | Q(child__isnull=False),
                name="contact_decided_about_a_child",
            ),
            models.UniqueConstraint(
                fields=["route", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="contact_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["decided_at", "received_at"], name="contact_open_idx"),
            models.Index(fields=["child", "received_at"], name="contact_child_idx"),
            models.Index(fields=["team", "decided_at"], name="contact_team_open_idx"),
        ]

    def __str__(self) -> str:
        return f"Contact {self.reference}"


class Referral(TimeStampedModel):
    """The children-in-need episode (census CINdetails): from referral to closure."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="referral"
    )
    referral_date = models.DateField()
    source = models.CharField(max_length=3, choices=codes.ReferralSource.choices)
    primary_need = models.CharField(
        max_length=2, choices=codes.PrimaryNeed.choices, default=codes.PrimaryNeed.N0
    )
    # Census N00112: the referral led to no further action.
    no_further_action = models.BooleanField(default=False)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=3, blank=True, choices=codes.ReasonForClosure.choices
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="referrals")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True) | Q(closure_date__gte=F("referral_date")),
                name="referral_closed_not_before_opened",
            ),
            # Census 8805/8810: a closure date and a reason come together.
            models.CheckConstraint(
                condition=(Q(closure_date__isnull=True) & Q(closure_reason=""))
                | (Q(closure_date__isnull=False) & ~Q(closure_reason="")),
                name="referral_closure_date_and_reason_together",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "referral_date"], name="referral_child_idx"),
            models.Index(fields=["closure_date", "referral_date"], name="referral_open_idx"),
            models.Index(fields=["team", "closure_date"], name="referral_team_idx"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.referral_date:%d %b %Y})"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class Assessment(TimeStampedModel):
    """A single (child and family) assessment, due within 45 working days of the referral."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="assessments")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments")
    worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    start_date = models.DateField()
    child_seen_date = models.DateField(null=True, blank=True)
    submitted_date = models.DateField(null=True, blank=True)
    authorised_date = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Census N00181: factors identified at the end of the assessment (AssessmentFactor codes).
    factors = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=30, blank=True, choices=codes.AssessmentOutcome.choices)
    # The Assessment Framework's three domains (Working Together 2023, ch. 3), the child's
    # voice, the analysis and the plan: what the manager reads before authorising.
    developmental_needs = models.TextField(blank=True)
    parenting_capacity = models.TextField(blank=True)
    family_and_environment = models.TextField(blank=True)
    childs_voice = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    plan = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(authorised_date__isnull=True) | Q(authorised_date__gte=F("start_date")),
                name="assessment_authorised_not_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["authorised_date", "start_date"], name="assessment_open_idx"),
            models.Index(fields=["child"], name="assessment_child_idx"),
            # A given set of children's unauthorised assessments (the team dashboard's
            # figures): a few among each child's authorised ones.
            models.Index(
                fields=["child"],
                condition=Q(authorised_date__isnull=True),
                name="assessment_open_child_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk} started {self.start_date:%d %b %Y}"


class StrategyDiscussion(TimeStampedModel):
    """Social care, police and health decide whether to start a section 47 enquiry."""

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="strategy_discussions")
    discussion_date = models.DateField()
    agencies_present = models.CharField(max_length=300, blank=True)
    section47_started = models.BooleanField()
    rationale = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "discussion_date"], name="strategy_child_idx")]

    def __str__(self) -> str:
        return f"Strategy discussion {self.discussion_date:%d %b %Y}"


class Section47Enquiry(TimeStampedModel):
    """Census Section47: starts on the date of the strategy discussion that started it."""

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="section47_enquiries"
    )
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="section47_enquiries")
    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="section47_enquiry"
    )
    start_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, blank=True, choices=codes.Section47Outcome.choices)
    # Census N00111 is the inverse: ICPCnotRequired.
    conference_required = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_date__isnull=True) | Q(completed_date__gte=F("start_date")),
                name="section47_completed_not_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["completed_date", "start_date"], name="section47_open_idx"),
            models.Index(fields=["child"], name="section47_child_idx"),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.start_date:%d %b %Y}"


class ChildProtectionConference(TimeStampedModel):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"

    Outcome = codes.ConferenceOutcome

    kind = models.CharField(max_length=10, choices=Kind.choices)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="conferences")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="conferences")
    section47_enquiry = models.ForeignKey(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initial_conferences",
    )
    plan = models.ForeignKey(
        "ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_conferences",
    )
    conference_date = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    chair = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An initial conference held after the child moved in from another authority's plan.
    is_transfer_in = models.BooleanField(default=False)

    class ParentsParticipation(models.TextChoices):
        ATTENDED = "attended", "Attended"
        ATTENDED_PART = "attended_part", "Attended part of the conference"
        DID_NOT_ATTEND = "did_not_attend", "Invited but did not attend"
        EXCLUDED = "excluded", "Excluded by the chair"

    class ChildParticipation(models.TextChoices):
        ATTENDED = "attended", "Attended"
        ADVOCATE = "advocate", "Views shared through an advocate"
        IN_WRITING = "in_writing", "Views shared in writing, a drawing or a recording"
        SOCIAL_WORKER = "social_worker", "Views shared through their social worker"
        NOT_ABLE = "not_able", "Too young or not able to share views"
        DECLINED = "declined", "Chose not to share views"

    # Who took part (Working Together 2023, ch. 2): the agencies present, those that sent a
    # report instead, the people present by name and role, and how the family took part.
    agencies_present = models.CharField(max_length=300, blank=True)
    reports_from = models.CharField(max_length=300, blank=True)
    attendees = models.TextField(blank=True)
    parents_participation = models.CharField(
        max_length=20, blank=True, choices=ParentsParticipation.choices
    )
    child_participation = models.CharField(
        max_length=20, blank=True, choices=ChildParticipation.choices
    )
    # The outline plan a conference agrees or revises, and the dates it sets.
    plan_outline = models.TextField(blank=True)
    next_core_group_date = models.DateField(null=True, blank=True)
    next_review_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="initial") & Q(outcome__in=["plan", "no_plan"]))
                | (Q(kind="review") & Q(outcome__in=["continue_plan", "end_plan"])),
                name="conference_outcome_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="initial") | Q(plan__isnull=False),
                name="conference_review_has_plan",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "conference_date"], name="conference_child_idx"),
            models.Index(fields=["plan", "conference_date"], name="conference_plan_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.conference_date:%d %b %Y}"


class ChildProtectionPlan(TimeStampedModel):
    """Census ChildProtectionPlans: starts at the initial conference that decided it."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="protection_plans")
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="protection_plans"
    )
    initial_conference = models.OneToOneField(
        ChildProtectionConference, on_delete=models.PROTECT, related_name="resulting_plan"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=codes.CategoryOfAbuse.choices)
    latest_category = models.CharField(max_length=3, choices=codes.CategoryOfAbuse.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="plan_one_open_per_child"
            ),
            end_not_before_start("plan"),
        ]
        indexes = [
            models.Index(fields=["end_date", "start_date"], name="plan_open_idx"),
            models.Index(fields=["child", "start_date"], name="plan_child_idx"),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.start_date:%d %b %Y}"


class CoreGroupMeeting(models.Model):
    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_group_meetings"
    )
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="core_group_meetings")
    meeting_date = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["plan", "meeting_date"], name="core_group_plan_idx")]

    def __str__(self) -> str:
        return f"Core group {self.meeting_date:%d %b %Y}"


class ChildInNeedPlan(TimeStampedModel):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cin_plans")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "child in need plan"
        constraints = [
            # Census 4011-ish: one open children-in-need plan per child.
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="cin_plan_one_open"
            ),
            end_not_before_start("cin_plan"),
        ]
        indexes = [models.Index(fields=["end_date", "start_date"], name="cin_plan_open_idx")]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start_date:%d %b %Y}"


class ChildInNeedPlanReview(models.Model):
    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    review_date = models.DateField()

    def __str__(self) -> str:
        return f"Child in need plan review {self.review_date:%d %b %Y}"


class Visit(TimeStampedModel):
    """A statutory or other visit. A clock is met only by a visit where the child was seen."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=20, choices=codes.VisitKind.choices)
    visit_date = models.DateField()
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField(default=False)
    not_seen_reason = models.TextField(blank=True)
    visited_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    notes = models.TextField(blank=True)
    # What a visit record says in practice (Working Together 2023, ch. 2 and 3: the child
    # is seen and their wishes and feelings recorded). Blank on visits recorded before these
    # were asked for.
    visit_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=20, blank=True, choices=codes.VisitPlace.choices)
    place_other = models.CharField(max_length=200, blank=True)
    present = models.TextField(blank=True)
    wishes_and_feelings = models.TextField(blank=True)
    observations = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(child_seen=True) | Q(seen_alone=False),
                name="visit_seen_alone_only_if_seen",
            ),
            models.CheckConstraint(
                condition=Q(child_seen=True) | ~Q(not_seen_reason=""),
                name="visit_not_seen_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "kind", "visit_date"], name="visit_child_kind_idx"),
            models.Index(fields=["visit_date"], name="visit_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visit_date:%d %b %Y}"


class CaseNote(TimeStampedModel):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_notes")
    written_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="case_notes"
    )
    event_date = models.DateField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # Blank on notes written before notes were typed.
    kind = models.CharField(max_length=30, blank=True, choices=codes.CaseNoteKind.choices)
    # The worker's judgement that this belongs among the chronology's significant events.
    significant = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["child", "event_date"], name="case_note_child_idx")]

    def __str__(self) -> str:
        return self.subject


class LookedAfterPeriod(TimeStampedModel):
    """A period of care (SSDA903 groups its episodes by this)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_periods")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason_ceased = models.CharField(
        max_length=4, blank=True, choices=codes.ReasonEpisodeCeased.choices
    )
    category_of_need = models.CharField(max_length=2, choices=codes.PrimaryNeed.choices)
    # The day the first care plan was agreed: before the first placement or within 10 working
    # days of it (Care Planning Regulations 2010, reg. 4(2); clock `lac_care_plan`).
    care_plan_date = models.DateField(null=True, blank=True)
    # SSDA903 HOME_POST: the postcode of the home the child lived in when they started to be
    # looked after, the same on every episode of the period.
    home_postcode = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="care_period_one_open"
            ),
            end_not_before_start("care_period"),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(reason_ceased=""))
                | (Q(end_date__isnull=False) & ~Q(reason_ceased="")),
                name="care_period_end_and_reason_together",
            ),
        ]
        indexes = [
            models.Index(fields=["end_date", "start_date"], name="care_period_open_idx"),
            # Open periods still without a care plan, by child (the team dashboard's care plan
            # figures): a handful, where the open periods are thousands.
            models.Index(
                fields=["child"],
                condition=Q(end_date__isnull=True, care_plan_date__isnull=True),
                name="care_period_awaiting_plan_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Looked after from {self.start_date:%d %b %Y}"


class Placement(models.Model):
    """An SSDA903 episode: one placement under one legal status; a change of either starts
    a new one."""

    class VisitingPlan(models.TextChoices):
        """What the placement is meant to be, as far as reg. 28 of the Care Planning
        Regulations 2010 sets the statutory visits by it."""

        STANDARD = "standard", "None of these"
        UNTIL_18 = "until_18", "Intended to last until the child is 18"
        LONG_TERM_FOSTER = "long_term_foster", "Long-term foster placement"
        PARENT_BEFORE_ASSESSMENT = (
            "parent_before_assessment",
            "With a parent before the parent is assessed (reg. 19)",
        )
        CONNECTED_PERSON = (
            "connected_person",
            "With a temporarily approved connected person (reg. 24), or with a parent under an "
            "interim care order",
        )

    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="placements"
    )
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason_new_episode = models.CharField(max_length=1, choices=codes.ReasonNewEpisode.choices)
    legal_status = models.CharField(max_length=2, choices=codes.LegalStatus.choices)
    placement_type = models.CharField(max_length=3, choices=codes.PlacementType.choices)
    provider = models.CharField(max_length=3, choices=codes.PlacementProvider.choices)
    postcode = models.CharField(max_length=8, blank=True)
    # SSDA903 URN: the provider's Ofsted unique reference number (blank where none applies);
    # the providers register finds the children placed with a provider by it.
    urn = models.CharField(max_length=8, blank=True)
    # How this placement ended, when it ended in a move: SSDA903 REASON_PLACE_CHANGE (the
    # return puts it on the episode that ended) and whether the move was planned (None: the
    # episode has not ended in a move, or was recorded before this was asked).
    reason_place_change = models.CharField(
        max_length=6, blank=True, choices=codes.ReasonPlaceChange.choices
    )
    move_planned = models.BooleanField(null=True, blank=True)
    # Sets which visiting intervals apply (`workflow.lac_visits`). Placements recorded before
    # this was asked are "standard": the six-weekly visits, the strictest reading.
    visiting_plan = models.CharField(
        max_length=24, choices=VisitingPlan.choices, default=VisitingPlan.STANDARD
    )
    # The child's recorded agreement to visits at most six months apart after the first year
    # of a long-term foster placement (reg. 28 as amended by SI 2015/495): never presumed.
    six_monthly_visits_agreed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            end_not_before_start("placement"),
            models.CheckConstraint(
                condition=Q(six_monthly_visits_agreed=False) | Q(visiting_plan="long_term_foster"),
                name="placement_six_monthly_visits_only_long_term_foster",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "start_date"], name="placement_period_idx"),
            models.Index(fields=["urn", "end_date"], name="placement_urn_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_placement_type_display()} from {self.start_date:%d %b %Y}"


class LookedAfterReview(models.Model):
    period = models.ForeignKey(LookedAfterPeriod, on_delete=models.PROTECT, related_name="reviews")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_reviews")
    review_date = models.DateField()
    participation = models.CharField(
        max_length=3, blank=True, choices=codes.ReviewParticipation.choices
    )
    # The independent reviewing officer who chaired it (Care Planning Regulations 2010,
    # reg. 36): a worker in the conference chair (IRO) role. None on reviews recorded before
    # this was asked.
    iro = models.ForeignKey(
        Worker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_reviews_chaired",
    )
    iro_recommendations = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["period", "review_date"], name="care_review_period_idx")]

    def __str__(self) -> str:
        return f"Looked-after review {self.review_date:%d %b %Y}"


class ManagementDecision(TimeStampedModel):
    """A management decision on a child's case, with its rationale, who made it and when, so
    an inspector can audit the oversight (threshold, allocation, authorisation, step-down,
    closure)."""

    class Kind(models.TextChoices):
        THRESHOLD = "threshold", "Threshold decision on a contact"
        ALLOCATION = "allocation", "Allocation"
        AUTHORISATION = "authorisation", "Assessment authorised"
        RETURN = "return", "Assessment returned for more work"
        STEP_DOWN = "step_down", "Step down from a child protection plan"
        CLOSURE = "closure", "Case closure"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    decision = models.CharField(max_length=200)
    rationale = models.TextField()
    decided_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="decisions")
    decided_at = models.DateTimeField()
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["child", "decided_at"], name="decision_child_idx"),
            models.Index(fields=["decided_by", "decided_at"], name="decision_worker_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="decision_has_rationale")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.decision}"

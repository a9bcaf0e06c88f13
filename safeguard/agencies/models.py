"""Partner agencies: their organisations, users and API tokens, and what they tell us.

The shapes of PartnerOrganisation, PartnerEvent and PartnerSubmission are fixed by the hub
contract (linkage and signals code against them); fields beyond it are added freely.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safeguard.organisation.models import Authority
from safeguard.people.models import Person


class PartnerOrganisation(models.Model):
    """A school, GP practice, health or police service... that shares information with the
    authority's children's social care (Children Act 2004 s.11)."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "School"
        GP = "gp", "GP practice"
        HEALTH_VISITING = "health_visiting", "Health visiting"
        SCHOOL_NURSING = "school_nursing", "School nursing"
        HOSPITAL = "hospital", "Hospital"
        POLICE = "police", "Police"
        HOUSING = "housing", "Housing"
        PROBATION = "probation", "Probation"
        EARLY_YEARS = "early_years", "Early years"
        OTHER = "other", "Other agency"

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="partner_organisations"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # An organisation that stops sharing keeps its history; its tokens and users stop working.
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="partner_organisation_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PartnerUser(models.Model):
    """A sign-in account that belongs to a partner organisation (no Worker record, so no
    social-care role). Only users authorised for the check may ask the partner check."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="users"
    )
    # CP-IS style: the check is for named practitioners in the organisation, not everyone.
    may_check = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class PartnerToken(models.Model):
    """An API credential. Only the SHA-256 of the token is stored: the token itself is shown
    once, when it is created. Scoped, revocable and expiring."""

    class Scope(models.TextChoices):
        EVENTS_SUBMIT = "events:submit", "Submit single events"
        EVENTS_BULK = "events:bulk", "Submit bulk extracts"
        CHECK_READ = "check:read", "Ask the partner check"

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="tokens"
    )
    label = models.CharField(max_length=100, blank=True)
    # The first characters of the token, kept in clear so a person can tell tokens apart in
    # a list; far too short to guess the rest.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.organisation} token {self.prefix}…"


class PartnerTokenWindow(models.Model):
    """How many requests a token has made in the current minute: the partner API's rate
    limit, counted in the database so that every server process shares one count. One row a
    token, moved on to the new minute by its first request in it."""

    token = models.OneToOneField(PartnerToken, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    requests = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.requests} requests by token {self.token_id} since {self.started_at}"


class PartnerBatch(models.Model):
    """One bulk request or imported file: the per-row report is kept with it."""

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="batches"
    )
    token = models.ForeignKey(
        PartnerToken, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(max_length=200, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    # An imported file's SHA-256: the record that refuses the same file a second time.
    file_sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField()
    report = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="partner_batch_idempotency_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "file_sha256"],
                condition=~Q(file_sha256=""),
                name="partner_batch_file_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Batch {self.pk} from {self.organisation}"


class PartnerSubmission(models.Model):
    """One thing a partner sent (a request, or one row of a bulk file), what became of it,
    and what the partner is told back (closing the loop, without case content)."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        LINKED = "linked", "Linked to a child"
        AWAITING_REVIEW = "awaiting_review", "Awaiting identity review"
        DECIDED = "decided", "Decided"

    class Outcome(models.TextChoices):
        # Fixed phrases only: the partner never sees free text written about the case.
        NONE = "", "Not yet decided"
        PASSED_TO_ALLOCATED_TEAM = (
            "passed_to_allocated_team",
            "Linked to a child known to children's social care; passed to the allocated team.",
        )
        PASSED_TO_FRONT_DOOR = (
            "passed_to_front_door",
            "Passed to the front door (multi-agency safeguarding hub) for a decision.",
        )
        RECORDED = (
            "recorded",
            "Recorded on the child's multi-agency chronology; no further action at this time.",
        )
        NO_FURTHER_ACTION = "no_further_action", "Considered; no further action."
        ACTION_TAKEN = (
            "action_taken",
            "Considered by children's social care; action is being taken.",
        )
        NOT_MATCHED = (
            "not_matched",
            "Children's social care could not match this to the right child; it is not being "
            "taken further through this route. Contact the front door if you remain worried.",
        )
        # What the front door told the sender of a concern (front_door.ReferrerFeedback),
        # in the partner's fixed words.
        MORE_INFORMATION = (
            "more_information",
            "Still being considered by the front door, which may contact you for more information.",
        )
        ADVICE_GIVEN = (
            "advice_given",
            "Considered by the front door; advice and information about services that can "
            "help were given.",
        )
        EARLY_HELP = (
            "early_help",
            "Passed to early help, who will offer the family support.",
        )
        REFERRAL_ACCEPTED = (
            "referral_accepted",
            "Accepted as a referral to children's social care.",
        )

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="submissions"
    )
    token = models.ForeignKey(
        PartnerToken, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        PartnerBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    row_number = models.PositiveIntegerField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=200, blank=True)
    # What the first request looked like, so a retry with the same key but a different body
    # is refused instead of silently answered with the first one's response.
    request_hash = models.CharField(max_length=64, blank=True)
    partner_reference = models.CharField(max_length=100, blank=True)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The response the first request got, returned again to a retry with the same key.
    response_body = models.JSONField(default=dict)
    response_status = models.PositiveSmallIntegerField(default=201)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="partner_submission_idempotency_unique",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="submission_org_status")]

    def __str__(self) -> str:
        return f"Submission {self.pk} from {self.organisation}"

    @property
    def outcome_text(self) -> str:
        return str(self.Outcome(self.outcome).label) if self.outcome else ""


class PartnerEvent(models.Model):
    """One thing a partner told us about a child."""

    class EventType(models.TextChoices):
        ATTENDANCE_CONCERN = "attendance_concern", "Attendance concern"
        CHILD_MISSING_EDUCATION = "child_missing_education", "Child missing education"
        REMOVED_FROM_ROLL = "removed_from_roll", "Removed from roll"
        ELECTIVE_HOME_EDUCATION = "elective_home_education", "Elective home education"
        EXCLUSION = "exclusion", "Exclusion"
        MISSED_HEALTH_APPOINTMENT = "missed_health_appointment", "Missed health appointment"
        EMERGENCY_DEPARTMENT_ATTENDANCE = (
            "emergency_department_attendance",
            "Emergency department attendance",
        )
        INJURY = "injury", "Injury"
        WEIGHT_OR_DEVELOPMENT_CONCERN = (
            "weight_or_development_concern",
            "Concern about weight or development",
        )
        DOMESTIC_ABUSE_NOTIFICATION = (
            "domestic_abuse_notification",
            "Domestic abuse incident notification",
        )
        POLICE_PROTECTION = "police_protection", "Police protection"
        HOUSEHOLD_MEMBER_ARREST = "household_member_arrest", "Arrest of a household member"
        EVICTION = "eviction", "Eviction"
        CONCERN = "concern", "Concern"
        MISSING_EPISODE = "missing_episode", "Missing from home or care"

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="events"
    )
    submission = models.ForeignKey(
        PartnerSubmission, on_delete=models.PROTECT, related_name="events"
    )
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    occurred_on = models.DateField()
    received_at = models.DateTimeField()
    # Null while linkage waits for a person's review of who the child is.
    child = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="partner_events"
    )
    # The linkage review (linkage.MatchReview id) the event waits on; kept as a plain id so
    # this app's tables do not depend on the linkage app's migrations.
    match_review_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    postcode = models.CharField(max_length=8, blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    details = models.JSONField(default=dict)
    significant = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["child", "occurred_on"], name="partner_event_child_idx"),
            models.Index(fields=["postcode", "occurred_on"], name="partner_event_postcode_idx"),
            models.Index(fields=["event_type", "occurred_on"], name="partner_event_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} on {self.occurred_on:%d %b %Y}"


class PartnerEventAdult(models.Model):
    """An adult the partner named at the child's address (e.g. the person arrested, the
    parties to a domestic abuse incident), linked like the child is."""

    event = models.ForeignKey(PartnerEvent, on_delete=models.CASCADE, related_name="adults")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    match_review_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    role = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"Adult on partner event {self.event_id}"


class PartnerCheck(models.Model):
    """One partner check question: who asked, about whom, what they were told (flag only).
    Kept for the allocated worker's notice and for audit."""

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="checks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token = models.ForeignKey(
        PartnerToken, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    on_child_protection_plan = models.BooleanField(default=False)
    looked_after = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Partner check by {self.organisation} at {self.asked_at:%d %b %Y %H:%M}"

"""The front door's working record around a contact: its risk rating over time, what other
agencies were asked and answered, what the sender was told back, and the public form's
attempts (for rate limiting without keeping anyone's address).

The contact itself is part of the statutory record (`cases.Contact`)."""

from __future__ import annotations

from django.db import models

from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.organisation.models import Worker


class ContactRating(models.Model):
    """One RAG rating of a contact by a front door manager. The latest is the contact's
    rating (`Contact.rag`); a revision keeps the earlier ones and says why it changed."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField(max_length=5, choices=codes.RagRating.choices)
    reason = models.TextField()
    rated_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["contact", "rated_at"], name="contact_rating_idx")]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} for {self.contact_id}"


class InformationRequest(models.Model):
    """A multi-agency information request: who was asked what, when, and what came back."""

    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="information_requests"
    )
    # The partner organisation asked (agencies.PartnerOrganisation), as a plain id so the
    # front door does not depend on the hub's tables; `agency` is its name as written.
    partner_organisation_id = models.PositiveIntegerField(null=True, blank=True)
    agency = models.CharField(max_length=200)
    asked_of = models.CharField(
        max_length=200, blank=True, help_text="The person or role asked, e.g. the GP practice."
    )
    question = models.TextField()
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | models.Q(answered_at__gte=models.F("requested_at")),
                name="information_request_answered_after_asked",
            )
        ]
        indexes = [
            models.Index(fields=["contact", "requested_at"], name="info_request_contact_idx"),
            models.Index(
                fields=["partner_organisation_id", "answered_at"], name="info_request_org_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Information request to {self.agency}"


class ReferrerFeedback(models.Model):
    """What the person or agency who made the contact was told about its outcome. The
    words are fixed (`Outcome`), so a partner never reads free text about the case."""

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = (
            "no_further_action",
            "Children's social care considered your concern and will take no further action "
            "at this time. If you are worried again, contact the front door.",
        )
        ADVICE = (
            "advice",
            "Children's social care considered your concern and has given advice and "
            "information about services that can help.",
        )
        EARLY_HELP = (
            "early_help",
            "Your concern has been passed to early help, who will offer the family support.",
        )
        REFERRAL = (
            "referral",
            "Your concern has been accepted as a referral to children's social care, and a "
            "social worker will be involved.",
        )
        MORE_INFORMATION = (
            "more_information",
            "Children's social care is still considering your concern and may contact you "
            "for more information.",
        )

    class Method(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        PARTNER_SYSTEM = "partner_system", "Partner's system or pages"

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="feedback")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    given_at = models.DateTimeField()
    given_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["contact", "given_at"], name="feedback_contact_idx")]

    def __str__(self) -> str:
        return f"Feedback on {self.contact_id}"


class ReportAttempt(models.Model):
    """One attempt to send the public form, for rate limiting per sender. The sender is a
    keyed hash of their network address (never the address), kept for a day."""

    class Outcome(models.TextChoices):
        STORED = "stored", "Stored"
        THROTTLED = "throttled", "Too many reports"
        SPAM = "spam", "Looked automated"

    sender_hash = models.CharField(max_length=64)
    attempted_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    class Meta:
        indexes = [models.Index(fields=["sender_hash", "attempted_at"], name="report_sender_idx")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} at {self.attempted_at:%d %b %Y %H:%M}"

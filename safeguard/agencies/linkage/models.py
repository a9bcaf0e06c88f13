"""The linkage model's versions, the review queue and where created people came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safeguard.organisation.models import Authority
from safeguard.people.models import Person


class LinkageModel(models.Model):
    """One trained version of the Fellegi-Sunter model: the Splink settings JSON with its m
    and u probabilities, the thresholds that turn a match probability into a decision, and
    the figures of the training run. The highest version is the one in use."""

    version = models.PositiveIntegerField(unique=True)
    settings = models.JSONField(help_text="Splink settings with trained m and u probabilities")
    link_threshold = models.FloatField(help_text="At or above this match probability: linked")
    review_threshold = models.FloatField(
        help_text="At or above this (and below the link threshold): a person reviews the match"
    )
    trained_at = models.DateTimeField()
    training = models.JSONField(default=dict, help_text="Figures of the training run")

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_threshold__gt=0)
                & Q(review_threshold__lte=models.F("link_threshold"))
                & Q(link_threshold__lt=1),
                name="linkage_model_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Linkage model version {self.version}"


class MatchReview(models.Model):
    """An incoming person whose best match fell in the grey zone, waiting for (or holding) a
    person's decision. The decision is kept and used: a confirmed pair links from then on, a
    rejected pair never links automatically again (`incoming_fingerprint` + `candidate`)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        CONFIRMED = "confirmed", "Confirmed: the same person"
        REJECTED = "rejected", "Rejected: a different person"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=200, help_text="Who sent the record (organisation)")
    incoming = models.JSONField(help_text="The person as the partner described them")
    incoming_fingerprint = models.CharField(max_length=64, db_index=True)
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    model = models.ForeignKey(LinkageModel, on_delete=models.PROTECT, related_name="reviews")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    comparison_weights = models.JSONField(
        default=list, help_text="Per comparison: the level the pair fell in and its weight"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="After the decision: the candidate (confirmed) or the person created (rejected)",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The queue: waiting reviews, the likeliest match first, then the oldest.
            models.Index(
                fields=["status", "-match_probability", "created_at"],
                name="match_review_ranked_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False) & ~Q(reason="")),
                name="match_review_decided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Match review {self.pk} ({self.get_status_display()})"


class PersonSource(models.Model):
    """A person the linkage created from a partner's record: who sent it, how, what they
    sent, and (in `rejected_candidates`) which known people came near and why none was them."""

    class Route(models.TextChoices):
        NO_MATCH = "no_match", "No known person matched"
        REVIEW_REJECTED = "review_rejected", "A reviewer rejected the suggested match"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=200)
    route = models.CharField(max_length=20, choices=Route.choices)
    postcode = models.CharField(max_length=8, blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    incoming = models.JSONField(
        default=dict,
        blank=True,
        help_text="The person as the partner described them (what the candidates were scored on)",
    )
    model = models.ForeignKey(
        LinkageModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The model version whose scores decided that no known person was them",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Person {self.person_id} from {self.source}"


class RejectedCandidate(models.Model):
    """A known person a partner's record came near (match probability at or above
    `services.NEAR_CANDIDATE_FLOOR`) before a new person was created from it: the nearest few
    are kept with the new person's source, each with its score and the comparisons that told
    against it, so a duplicate made by a near miss can be found and explained."""

    class Reason(models.TextChoices):
        BELOW_REVIEW = "below_review", "Match probability below the review threshold"
        REVIEWER = "reviewer", "A reviewer decided it is someone else"

    source = models.ForeignKey(
        PersonSource, on_delete=models.CASCADE, related_name="rejected_candidates"
    )
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="1 for the nearest candidate")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    told_against = models.JSONField(
        default=list,
        blank=True,
        help_text="The comparisons with a negative weight: comparison, level, match weight",
    )
    review = models.ForeignKey(
        MatchReview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The review whose reviewer rejected this candidate",
    )

    class Meta:
        ordering = ["source", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "rank"], name="rejected_candidate_rank_unique"
            ),
            models.UniqueConstraint(
                fields=["source", "candidate"], name="rejected_candidate_once_per_source"
            ),
            models.CheckConstraint(
                condition=Q(match_probability__gte=0) & Q(match_probability__lte=1),
                name="rejected_candidate_probability_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Candidate {self.candidate_id} rejected for person source {self.source_id}"

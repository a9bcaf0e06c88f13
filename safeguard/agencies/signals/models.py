"""A signal: one rule (`rules.py`) found a pattern in what agencies told us about a child.

It records the rule, the child, the evidence that caused it, when it was raised and to whom
(the allocated worker, or the team: the allocated team, or the front door when the child is
not allocated), and, once someone has looked at it, their decision and why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q

from safeguard.common.models import TimeStampedModel
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person

from .rules import RULES, RULES_BY_ID, Rule


class Signal(TimeStampedModel):
    class Decision(models.TextChoices):
        ALREADY_KNOWN = "already_known", "Already known and covered by the plan"
        ACTION_TAKEN = "action_taken", "Action taken"
        STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion to be held"
        CONTACT_OR_REFERRAL = "contact_or_referral", "Treated as a contact or referral"
        # The acknowledgement itself makes the contact (signals.services.signal_acknowledge).
        FRONT_DOOR_CONTACT = "front_door_contact", "Treat as a contact for the front door"
        NOT_ABOUT_THIS_CHILD = "not_about_this_child", "Not about this child (wrong match)"
        NO_ACTION = "no_action", "No action needed"

    rule_id = models.CharField(
        max_length=10, choices=[(rule.id, f"{rule.id}: {rule.title}") for rule in RULES]
    )
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signals")
    # The evidence as the rule saw it: [{"kind", "id", "on", "description"}], oldest first.
    evidence = models.JSONField(default=list)
    # The sorted evidence references ("partner_event:12,protection_plan:3"); hashed into
    # `evidence_hash` so the same rule and evidence cannot be stored twice on any database.
    evidence_key = models.TextField()
    evidence_hash = models.CharField(max_length=64)
    explanation = models.TextField()
    raised_at = models.DateTimeField()
    raised_on = models.DateField(help_text="The day the rule was evaluated for.")
    recipient_worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="signals"
    )
    # The allocated team, or the front door when the child is not allocated; its manager
    # sees the signal on the team dashboard until it is acknowledged. Null only when the
    # authority has no front-door team (a set-up fault the nightly command reports).
    recipient_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="signals"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=30, blank=True, choices=Decision.choices)
    rationale = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "rule_id", "evidence_hash"], name="signal_once_per_evidence"
            ),
            # Acknowledged means: by someone, when, with a decision and its reason.
            models.CheckConstraint(
                condition=(
                    Q(acknowledged_at__isnull=True)
                    & Q(acknowledged_by__isnull=True)
                    & Q(decision="")
                    & Q(rationale="")
                )
                | (
                    Q(acknowledged_at__isnull=False)
                    & Q(acknowledged_by__isnull=False)
                    & ~Q(decision="")
                    & ~Q(rationale="")
                ),
                name="signal_acknowledgement_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "raised_at"], name="signal_child_idx"),
            models.Index(fields=["recipient_worker", "acknowledged_at"], name="signal_worker_idx"),
            models.Index(fields=["recipient_team", "acknowledged_at"], name="signal_team_idx"),
        ]

    def __str__(self) -> str:
        return f"Signal {self.rule_id} about {self.child_id}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def evidence_items(self) -> list[dict[str, Any]]:
        """The evidence with its dates as dates, oldest first."""
        return [{**item, "on": date.fromisoformat(item["on"])} for item in self.evidence]

    @property
    def rule(self) -> Rule:
        return RULES_BY_ID[self.rule_id]

"""Every write to the statutory case record.

Each service is keyword-only, reads the facts from the database, asks the named statutory rules
in `workflow.rules` about them (no rule is written here), validates the rows it writes, and
writes all or nothing. Views and the partner API call these, and nothing else saves case
models one by one; the demo generator writes in bulk and checks its histories with the same
rules.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common import codes
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

from ..models import (
    ManagementDecision,
    Referral,
)
from ..workflow import rules
from ..workflow.rules import ChildFacts, ReferralFacts, Violation

__all__ = ["ASSESSMENT_FACTOR_CODES", "child_facts", "referral_facts"]

ASSESSMENT_FACTOR_CODES = frozenset(codes.AssessmentFactor.values)


def _today() -> date:
    return timezone.localdate()


def _lock_child(child: Person) -> Person:
    # Serialises writes about one child, so two clerks cannot both open "the only" plan.
    return Person.objects.select_for_update().get(pk=child.pk)


def child_facts(child: Person) -> ChildFacts:
    return ChildFacts(
        date_of_birth=child.date_of_birth,
        expected_date_of_birth=child.expected_date_of_birth,
        date_of_death=child.date_of_death,
    )


def referral_facts(referral: Referral) -> ReferralFacts:
    return ReferralFacts(referral_date=referral.referral_date, closure_date=referral.closure_date)


def _dates_ok(
    child: Person, dates: dict[str, date | None], *, pre_birth_work: bool = True
) -> list[Violation]:
    return rules.dates_not_in_future(_today(), dates) + rules.dates_not_before_birth(
        child_facts(child), dates, pre_birth_work=pre_birth_work
    )


def _save(*instances: Model) -> None:
    """Validate and save; a field-level problem the rules did not catch still comes back as
    a RuleViolation naming the field, never as a half-written record."""
    for instance in instances:
        try:
            instance.full_clean()
        except ValidationError as error:
            raise rules.RuleViolation(rules.invalid_values(error.message_dict)) from error
        adding = instance._state.adding
        instance.save()
        # Every write to the record is in the audit trail, in the same transaction.
        audit_record(
            action=Action.CREATE if adding else Action.UPDATE,
            object_type=instance._meta.label_lower,
            object_id=instance.pk,
            child_id=_child_id_of(instance),
        )


def _child_id_of(instance: Model) -> int | None:
    """The child a row is about: its own `child`, or its plan's (a child in need plan's
    review has no child of its own), so every write is found under the child."""
    child_id: int | None = getattr(instance, "child_id", None)
    if child_id is None:
        # Only a row without a child reaches for its plan (an assessment's `plan` is text).
        child_id = getattr(getattr(instance, "plan", None), "child_id", None)
    return child_id


def _decision(
    *,
    child: Person,
    kind: str,
    decision: str,
    rationale: str,
    decided_by: Worker,
    subject: Model,
) -> ManagementDecision:
    record = ManagementDecision(
        child=child,
        kind=kind,
        decision=decision[:200],
        rationale=rationale.strip(),
        decided_by=decided_by,
        decided_at=timezone.now(),
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
    )
    _save(record)
    return record

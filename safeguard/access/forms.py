"""Forms for break-glass access and restricted records. Messages are the services' constants,
so the form and the service refuse with the same words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from safeguard.common.forms import GovukForm
from safeguard.organisation.models import Worker

from .services import (
    BREAK_GLASS_REASON_REQUIRED,
    MIN_REASON_LENGTH,
    RESTRICTION_LIFT_REASON_REQUIRED,
    RESTRICTION_REASON_REQUIRED,
)

REASON_TOO_LONG = "Reason must be 2,000 characters or fewer"
NAMED_USER_NOT_OFFERED = "Choose people from the list"


def _reason(label: str, hint: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        error_messages={"required": required_message, "max_length": REASON_TOO_LONG},
    )


class BreakGlassForm(GovukForm):
    reason = _reason(
        "Why do you need to see this record now?",
        f"At least {MIN_REASON_LENGTH} characters. For example, the contact you are deciding "
        "and why it cannot wait.",
        BREAK_GLASS_REASON_REQUIRED,
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if len(reason) < MIN_REASON_LENGTH:
            raise ValidationError(BREAK_GLASS_REASON_REQUIRED, code="too_short")
        return reason


def _worker_label(worker: Worker) -> str:
    where = worker.team.name if worker.team else "no team"
    return f"{worker.full_name}, {worker.get_role_display().lower()} ({where})"


class RestrictionForm(GovukForm):
    reason = _reason(
        "Why must this record be restricted?",
        "For example, the child is related to a member of staff. This is recorded in the audit "
        "trail.",
        RESTRICTION_REASON_REQUIRED,
    )
    named_users = forms.MultipleChoiceField(
        label="Who else may open this record?",
        help_text="You are named on it yourself. Anyone not named, including the allocated "
        "worker and their team, will no longer find or open it.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": NAMED_USER_NOT_OFFERED},
    )

    def __init__(self, *args: Any, workers: list[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._users = {str(w.user_id): w.user for w in workers if w.user is not None}
        field = self.fields["named_users"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(w.user_id), _worker_label(w)) for w in workers]

    def chosen_users(self) -> list[User]:
        """The users chosen; call after is_valid()."""
        return [self._users[key] for key in self.cleaned_data["named_users"]]


class LiftRestrictionForm(GovukForm):
    reason = _reason(
        "Why is the restriction being lifted?",
        "This is recorded in the audit trail with the restriction's history.",
        RESTRICTION_LIFT_REASON_REQUIRED,
    )

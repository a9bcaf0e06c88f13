"""The reviewer's decision on a suggested match. Messages are constants for the tests."""

from __future__ import annotations

from django import forms

from safeguard.common.form_fields import long_text, radios
from safeguard.common.forms import GovukForm

CHOOSE_DECISION = "Select whether this is the same person"
ENTER_REASON = "Enter the reason for your decision"
CONFIRM = "confirm"
REJECT = "reject"


class MatchReviewDecisionForm(GovukForm):
    decision = radios(
        "Is this the same person?",
        [
            (CONFIRM, "Yes, the partner's record is about this person"),
            (REJECT, "No, it is someone else: record them as a new person"),
        ],
        required_message=CHOOSE_DECISION,
    )
    reason = long_text(
        "Why?",
        required_message=ENTER_REASON,
        help_text="For example, which details you checked and with whom. This is kept.",
        rows=4,
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason", "")).strip()
        if not reason:
            raise forms.ValidationError(ENTER_REASON, code="required")
        return reason

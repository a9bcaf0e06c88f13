from __future__ import annotations

from django import forms

from safeguard.common.forms import GovukForm

from .models import Signal
from .services import ERROR_DECISION_MISSING, ERROR_RATIONALE_MISSING


class AcknowledgeForm(GovukForm):
    decision = forms.ChoiceField(
        label="What did you decide?",
        choices=Signal.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": ERROR_DECISION_MISSING,
            "invalid_choice": ERROR_DECISION_MISSING,
        },
    )
    rationale = forms.CharField(
        label="Why?",
        help_text="Say what you considered and why you decided this. It is kept with the signal "
        "and seen by your manager and auditors.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": ERROR_RATIONALE_MISSING},
    )

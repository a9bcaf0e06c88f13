"""The team manager's forms: allocating a child's case and deciding on an assessment.

Each form only parses what the manager typed; the services decide whether it may be done
(`allocation_allocate`, `assessment_authorise`, `assessment_return`) and record the decision
with its rationale, who made it and when.
"""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.common.form_fields import radios
from safeguard.common.forms import ActionForm, GovukDateField

from .selectors import AllocationTeamChoice

ALLOCATE_TO_REQUIRED = "Select who should hold this child's case"
ALLOCATION_RATIONALE_REQUIRED = "Enter the reason for this allocation"
DECISION_REQUIRED = "Select whether to authorise the assessment or return it to the worker"
AUTHORISED_DATE_REQUIRED = "Enter the date you authorised the assessment"
DECISION_RATIONALE_REQUIRED = "Enter the reason for your decision"

AUTHORISE = "authorise"
RETURN = "return"


class AllocationForm(ActionForm):
    allocate_to = forms.ChoiceField(
        label="Who should hold this child's case?",
        widget=forms.RadioSelect,
        error_messages={"required": ALLOCATE_TO_REQUIRED, "invalid_choice": ALLOCATE_TO_REQUIRED},
    )
    start_date = GovukDateField(
        label="Date of allocation",
        help_text="For example, 27 3 2025. It cannot be in the future.",
    )
    rationale = forms.CharField(
        label="Reason for this allocation",
        help_text="Recorded as a management decision, with your name and the time.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": ALLOCATION_RATIONALE_REQUIRED},
    )

    def __init__(self, *args: Any, choices: list[AllocationTeamChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options: list[tuple[str, str]] = []
        self._targets: dict[str, tuple[Any, Any]] = {}
        for choice in choices:
            key = f"team-{choice.team.pk}"
            options.append((key, f"{choice.team.name}: the team, no worker yet"))
            self._targets[key] = (choice.team, None)
            for held in choice.workers:
                key = f"worker-{held.worker.pk}"
                noun = "child" if held.children == 1 else "children"
                options.append(
                    (key, f"{held.worker.full_name}, {choice.team.name} ({held.children} {noun})")
                )
                self._targets[key] = (choice.team, held.worker)
        allocate_to = self.fields["allocate_to"]
        assert isinstance(allocate_to, forms.ChoiceField)
        allocate_to.choices = options

    def clean_rationale(self) -> str:
        rationale: str = self.cleaned_data["rationale"].strip()
        if not rationale:
            raise forms.ValidationError(ALLOCATION_RATIONALE_REQUIRED)
        return rationale

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "allocate_to" in cleaned:
            # The (team, worker or None) chosen, for the service.
            cleaned["target"] = self._targets[cleaned["allocate_to"]]
        return cleaned


class AssessmentDecisionForm(ActionForm):
    decision = radios(
        "Your decision",
        [
            (AUTHORISE, "Authorise the assessment"),
            (RETURN, "Return it to the worker for more work"),
        ],
        required_message=DECISION_REQUIRED,
    )
    authorised_date = GovukDateField(
        label="Date authorised",
        required=False,
        help_text="For example, 27 3 2025.",
    )
    rationale = forms.CharField(
        label="Reason for your decision",
        help_text="Recorded as a management decision, with your name and the time.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": DECISION_RATIONALE_REQUIRED},
    )

    # The date is asked only of a manager who authorises (GOV.UK conditional reveal); typed
    # and then hidden by choosing "return", it is neither kept nor checked.
    reveals = {"decision": {AUTHORISE: ("authorised_date",)}}
    required_when_revealed = {"authorised_date": AUTHORISED_DATE_REQUIRED}

    def clean_rationale(self) -> str:
        rationale: str = self.cleaned_data["rationale"].strip()
        if not rationale:
            raise forms.ValidationError(DECISION_RATIONALE_REQUIRED)
        return rationale

"""Forms on the child record: recording a visit, adding a case note, filtering the chronology.

The forms check only what a person typed (a date is a real date, a choice was made). The
statutory rules (not in the future, a reason when the child was not seen) live once, in
`workflow.rules`; the recording flow (`views/actions/flow.py`) shows their refusals on the
form and carries the one-time token that makes a double submission record once.
"""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.common import codes
from safeguard.common.forms import ActionForm, GovukDateField, GovukForm

from .extensions import AGENCIES, CHRONOLOGY_TYPES
from .workflow import rules

CHOOSE_VISIT_KIND = "Select the kind of visit"
CHOOSE_CHILD_SEEN = "Select yes if the child was seen"
ENTER_SUBJECT = "Enter a subject for the case note"
ENTER_BODY = "Write the case note"
SUBJECT_TOO_LONG = "The subject must be 200 characters or fewer"

YES, NO = "yes", "no"


class VisitForm(ActionForm):
    kind = forms.ChoiceField(
        label="Kind of visit",
        choices=codes.VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_VISIT_KIND, "invalid_choice": CHOOSE_VISIT_KIND},
    )
    visit_date = GovukDateField(label="Date of visit", help_text="For example, 27 3 2025")
    child_seen = forms.ChoiceField(
        label="Was the child seen?",
        choices=[(YES, "Yes"), (NO, "No")],
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_CHILD_SEEN, "invalid_choice": CHOOSE_CHILD_SEEN},
    )
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    not_seen_reason = forms.CharField(
        label="Why was the child not seen?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Only what the chosen answer reveals counts: a box ticked under "Yes" and then
        # hidden by choosing "No" was not meant (GOV.UK conditional reveal guidance).
        if cleaned.get("child_seen") == NO:
            cleaned["seen_alone"] = False
        elif cleaned.get("child_seen") == YES:
            cleaned["not_seen_reason"] = ""
        if "child_seen" in cleaned:
            # The service checks this rule again; asking it here too shows every problem on
            # the first attempt, not one after another. Whether the child is born yet is the
            # service's to check.
            for violation in rules.visit_seen_consistent(
                child_seen=cleaned["child_seen"] == YES,
                seen_alone=cleaned.get("seen_alone", False),
                not_seen_reason=cleaned.get("not_seen_reason", ""),
                child_born=True,
            ):
                self.add_error(violation.fields[0], violation.message)
        return cleaned


class CaseNoteForm(ActionForm):
    event_date = GovukDateField(
        label="Date of the event",
        help_text="When what you are recording happened, for example 27 3 2025",
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": ENTER_SUBJECT, "max_length": SUBJECT_TOO_LONG},
    )
    body = forms.CharField(
        label="Case note",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": ENTER_BODY},
    )


class ChronologyFilterForm(GovukForm):
    """Filters on the chronology, sent with GET so a filtered view can be bookmarked."""

    type = forms.MultipleChoiceField(
        label="Type of event",
        required=False,
        choices=CHRONOLOGY_TYPES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select types of event from the list"},
    )
    agency = forms.MultipleChoiceField(
        label="Agency or source",
        required=False,
        choices=AGENCIES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select agencies from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "chronology-%s")
        super().__init__(*args, **kwargs)

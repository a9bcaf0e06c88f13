"""Forms on the child record: recording a visit, adding a case note, filtering the chronology.

The forms check only what a person typed (a date is a real date, a choice was made). The
statutory rules (not in the future, a reason when the child was not seen) live once, in
`workflow.rules`; the recording flow (`views/actions/flow.py`) shows their refusals on the
form and carries the one-time token that makes a double submission record once.
"""

from __future__ import annotations

import re
from datetime import time
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
ENTER_VISIT_TIME = "Enter the time of the visit"
VISIT_TIME_INVALID = "Enter the time of the visit as a real time, for example 2:30pm or 14:30"
CHOOSE_VISIT_PLACE = "Select where the visit took place"
PLACE_OTHER_TOO_LONG = "The place must be 200 characters or fewer"
CHOOSE_NOTE_KIND = "Select what the case note records"

# 14:30, 2:30pm, 2.30 pm, 9am, 9 am; "midday", "noon" and "midnight" as GOV.UK writes them.
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")
_NAMED_TIMES = {"midday": time(12), "noon": time(12), "midnight": time(0)}

YES, NO = "yes", "no"


def record_again_field() -> forms.BooleanField:
    """Asked only when the same visit or note was recorded minutes ago (the service's
    RecordedAlready): ticked, it is recorded a second time."""
    return forms.BooleanField(label="Yes, record it again", required=False)


class VisitTimeField(forms.CharField):
    """A time of day typed as people write it (GOV.UK has no time input: a text input with
    an example), to a `datetime.time`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": ENTER_VISIT_TIME})
        super().__init__(max_length=20, **kwargs)
        self.widget.attrs.update({"data-width": "govuk-input--width-10", "spellcheck": "false"})

    def clean(self, value: Any) -> time | None:
        text = str(super().clean(value) or "").strip().lower()
        if not text:
            return None
        if text in _NAMED_TIMES:
            return _NAMED_TIMES[text]
        found = _CLOCK.match(text)
        if found is None:
            raise forms.ValidationError(VISIT_TIME_INVALID)
        hour, minute, half = int(found[1]), int(found[2] or 0), found[3]
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(VISIT_TIME_INVALID)
            hour = hour % 12 + (12 if half == "pm" else 0)
        elif found[2] is None:
            # "9" alone could be morning or evening.
            raise forms.ValidationError(VISIT_TIME_INVALID)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(VISIT_TIME_INVALID)
        return time(hour, minute)


class VisitForm(ActionForm):
    kind = forms.ChoiceField(
        label="Kind of visit",
        choices=codes.VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_VISIT_KIND, "invalid_choice": CHOOSE_VISIT_KIND},
    )
    visit_date = GovukDateField(label="Date of visit", help_text="For example, 27 3 2025")
    visit_time = VisitTimeField(label="Time of visit", help_text="For example, 2:30pm or 14:30")
    place = forms.ChoiceField(
        label="Where did the visit take place?",
        choices=codes.VisitPlace.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_VISIT_PLACE, "invalid_choice": CHOOSE_VISIT_PLACE},
    )
    place_other = forms.CharField(
        label="Where the visit took place",
        required=False,
        max_length=200,
        error_messages={"max_length": PLACE_OTHER_TOO_LONG},
    )
    present = forms.CharField(
        label="Who was present (optional)",
        help_text="Everyone at the visit besides you and the child, and their relationship "
        "to the child",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
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
    wishes_and_feelings = forms.CharField(
        label="The child's wishes and feelings",
        help_text="What the child said, or how they showed how they feel, in their words "
        "where you can. Needed when the child was seen.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    observations = forms.CharField(
        label="What you observed (optional)",
        help_text="For example, the child's presentation, the home conditions, how the child "
        "and the adults were with each other",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    record_again = record_again_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "place" in cleaned and cleaned["place"] != codes.VisitPlace.OTHER:
            cleaned["place_other"] = ""  # typed under "Somewhere else", then changed
        # Only what the chosen answer reveals counts: a box ticked under "Yes" and then
        # hidden by choosing "No" was not meant (GOV.UK conditional reveal guidance).
        if cleaned.get("child_seen") == NO:
            cleaned["seen_alone"] = False
        elif cleaned.get("child_seen") == YES:
            cleaned["not_seen_reason"] = ""
        # The service checks these rules again; asking them here too shows every problem on
        # the first attempt, not one after another. Whether the child is born yet is the
        # service's to check.
        violations = rules.visit_record_complete(
            child_seen=cleaned.get("child_seen") == YES,
            wishes_and_feelings=cleaned.get("wishes_and_feelings", ""),
            place=cleaned.get("place", ""),
            place_other=cleaned.get("place_other", ""),
        )
        if "child_seen" in cleaned:
            violations = (
                rules.visit_seen_consistent(
                    child_seen=cleaned["child_seen"] == YES,
                    seen_alone=cleaned.get("seen_alone", False),
                    not_seen_reason=cleaned.get("not_seen_reason", ""),
                    child_born=True,
                )
                + violations
            )
        for violation in violations:
            if violation.fields[0] not in self.errors:
                self.add_error(violation.fields[0], violation.message)
        return cleaned


class CaseNoteForm(ActionForm):
    kind = forms.ChoiceField(
        label="What does the note record?",
        choices=codes.CaseNoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_NOTE_KIND, "invalid_choice": CHOOSE_NOTE_KIND},
    )
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
    significant = forms.BooleanField(
        label="This is a significant event",
        help_text="It will be listed among the significant events in the child's chronology "
        "and marked significant in the court-bundle chronology",
        required=False,
    )
    record_again = record_again_field()


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
    significant = forms.BooleanField(
        label="Significant events only",
        help_text="Events a worker or partner agency marked significant",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "chronology-%s")
        super().__init__(*args, **kwargs)

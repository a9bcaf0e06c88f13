"""The forms that record a family group conference's steps and a child's pre-proceedings.

They only parse what was typed: which step may follow which is checked by the services
against `proceedings.rules`, and their refusals come back beside the inputs they name
(`add_errors_from`).
"""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.common.form_fields import date_field, long_text, radios, select, yes_no
from safeguard.common.forms import ActionForm

from .models import (
    FamilyGroupConference,
    GatewayOutcome,
    PreProceedings,
    PreProceedingsMeeting,
    YesNoUnknown,
)
from .services import NetworkAttendee

# Enough rows for the family network at most conferences; more are named in the plan.
ATTENDEES = 8


def _text(label: str, *, required_message: str = "", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=200,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be 200 characters or fewer",
        },
    )


# Family group conferences ----------------------------------------------------------------


class ConferenceOfferForm(ActionForm):
    offered_on = date_field(
        "Date the family group conference was offered",
        errors_name="The date the conference was offered",
    )


class ConferenceAnswerForm(ActionForm):
    answer = radios(
        "What did the family say?",
        FamilyGroupConference.Answer.choices,
        required_message="Select whether the family accepted or declined",
        help_text="A family group conference is voluntary: it is the family's choice.",
    )
    answered_on = date_field("Date the family answered", errors_name="The date the family answered")


class ConferenceHoldForm(ActionForm):
    """The conference, with the people of the family network who came: one name and
    relationship per row, the rows left blank not read."""

    held_on = date_field("Date of the conference", errors_name="The date of the conference")
    coordinator_name = _text(
        "Independent coordinator",
        required_message="Enter the coordinator's name",
        help_text="The coordinator who prepared and ran the conference.",
    )
    coordinator_organisation = _text(
        "Coordinator's organisation", help_text="For example, the family group conference service."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, ATTENDEES + 1):
            self.add_field(
                f"attendee_{n}_name",
                _text(f"Family network member {n}: name", help_text="As the family names them."),
            )
            self.add_field(
                f"attendee_{n}_relationship",
                _text(
                    f"Family network member {n}: relationship to the child",
                    help_text="For example, maternal grandmother or family friend.",
                ),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, ATTENDEES + 1):
            name = cleaned.get(f"attendee_{n}_name", "").strip()
            relationship = cleaned.get(f"attendee_{n}_relationship", "").strip()
            # Half a row would be dropped silently by the service: ask for the other half.
            if name and not relationship:
                self.add_error(
                    f"attendee_{n}_relationship", f"Enter member {n}'s relationship to the child"
                )
            if relationship and not name:
                self.add_error(f"attendee_{n}_name", f"Enter member {n}'s name")
        return cleaned


def attendees(answers: dict[str, Any]) -> list[NetworkAttendee]:
    """The rows of the family network that were filled in, in order."""
    rows = []
    for n in range(1, ATTENDEES + 1):
        name = answers.get(f"attendee_{n}_name", "").strip()
        relationship = answers.get(f"attendee_{n}_relationship", "").strip()
        if name and relationship:
            rows.append(NetworkAttendee(name=name, relationship=relationship))
    return rows


class FamilyPlanForm(ActionForm):
    plan_agreed_on = date_field(
        "Date the family's plan was agreed", errors_name="The date the plan was agreed"
    )
    family_plan = long_text(
        "The family's plan",
        required_message="Enter what the family's plan says",
        help_text="What the family will do to keep the child safe, who does each part and by "
        "when, and what the council and others will provide.",
        rows=8,
    )
    plan_review_on = date_field(
        "Date the plan will be reviewed",
        errors_name="The date the plan will be reviewed",
        required=False,
    )


# Pre-proceedings --------------------------------------------------------------------------


class LegalPlanningMeetingForm(ActionForm):
    held_on = date_field("Date of the meeting", errors_name="The date of the meeting")
    outcome = radios(
        "What did the meeting decide?",
        GatewayOutcome.choices,
        required_message="Select what the meeting decided",
    )
    rationale = long_text(
        "Reasons for the decision",
        required_message="Enter the reasons for the decision",
        help_text="Whether the threshold for proceedings is met, and why this course.",
        rows=6,
    )
    plo_family_reference = _text(
        "Family reference of a brother or sister",
        help_text="Only if a brother or sister starts pre-proceedings with this child: their "
        "PLO reference, so the family shares it. Leave blank for a new one.",
    )

    def __init__(self, *args: Any, chairs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_field(
            "chaired_by",
            select(
                "Who chaired the meeting?",
                chairs,
                prompt="Choose the manager who chaired",
                required_message="Select who chaired the meeting",
            ),
        )


class LetterForm(ActionForm):
    sent_on = date_field(
        "Date the letter before proceedings was sent", errors_name="The date the letter was sent"
    )
    family_group_conference_offered = yes_no(
        "Did the letter offer a family group conference?",
        required_message="Select whether the letter offered a family group conference",
    )
    parents_legally_represented = radios(
        "Are the parents legally represented?",
        YesNoUnknown.choices,
        required_message="Select whether the parents are legally represented",
        inline=True,
    )


class PreProceedingsMeetingForm(ActionForm):
    held_on = date_field("Date of the meeting", errors_name="The date of the meeting")
    kind = radios(
        "Which meeting was it?",
        PreProceedingsMeeting.Kind.choices,
        required_message="Select which meeting it was",
    )
    summary = long_text(
        "What was agreed",
        help_text="Who came, the progress on what the letter asked for, and what happens next.",
        rows=6,
    )


class PreProceedingsEndForm(ActionForm):
    outcome = radios(
        "What was decided?",
        PreProceedings.Outcome.choices,
        required_message="Select what was decided",
    )
    outcome_decided_on = date_field("Date of the decision", errors_name="The date of the decision")
    court_application_on = date_field(
        "Date of the application to the court",
        errors_name="The date of the application to the court",
        required=False,
    )
    care_proceedings_letter_on = date_field(
        "Date of the letter telling the parents proceedings are issued",
        errors_name="The date of the letter",
        required=False,
    )
    court_reference = forms.CharField(
        label="Court reference",
        required=False,
        max_length=50,
        error_messages={"max_length": "Court reference must be 50 characters or fewer"},
    )
    reveals = {
        "outcome": {
            PreProceedings.Outcome.ISSUE_CARE_PROCEEDINGS: (
                "court_application_on",
                "care_proceedings_letter_on",
                "court_reference",
            )
        }
    }

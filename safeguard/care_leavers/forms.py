"""The forms for a care leaver's record. They parse what was typed; which answers fit
together, and on which days a young person is a care leaver, are the rules'."""

from __future__ import annotations

from django import forms

from safeguard.common import codes
from safeguard.common.form_fields import (
    RADIOS_TEMPLATE,
    date_field,
    drawn_with,
    long_text,
    radios,
    select,
)
from safeguard.common.forms import ActionForm


class NeedsAssessmentForm(ActionForm):
    completed_on = date_field(
        "Date the needs assessment was completed",
        errors_name="The date the needs assessment was completed",
    )
    summary = long_text(
        "What the assessment found",
        required_message="Enter what the assessment found",
        help_text="Needs for health, education, training or work, accommodation, money, "
        "relationships and practical skills, in the young person's words where you can.",
    )


class PathwayPlanForm(ActionForm):
    agreed_on = date_field(
        "Date the pathway plan was agreed", errors_name="The date the pathway plan was agreed"
    )
    summary = long_text(
        "What the plan says",
        required_message="Enter what the plan says",
        help_text="The actions, who does them and by when, as agreed with the young person.",
    )


class PathwayPlanReviewForm(ActionForm):
    reviewed_on = date_field("Date of the review", errors_name="The date of the review")
    notes = long_text("What changed", help_text="What the review changed in the plan, if anything.")


class PersonalAdviserForm(ActionForm):
    name = forms.CharField(
        label="Personal adviser's name",
        max_length=200,
        error_messages={
            "required": "Enter the personal adviser's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    contact_details = forms.CharField(
        label="How to contact them (optional)",
        help_text="A phone number or email address, and their team or service",
        max_length=200,
        required=False,
        error_messages={"max_length": "How to contact them must be 200 characters or fewer"},
    )
    appointed_on = date_field(
        "Date they were appointed", errors_name="The date they were appointed"
    )


def _optional_yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CareLeaverContactForm(ActionForm):
    """In touch, accommodation and activity, in SSDA903 OC3's codes (`common.codes`)."""

    contact_date = date_field(
        "Date of the contact",
        errors_name="The date of the contact",
        help_text="The day you spoke to or saw the young person, or last tried to. "
        "For example, 27 3 2025",
    )
    in_touch = radios(
        "Is the council in touch with the young person?",
        codes.CareLeaverInTouch.choices,
        required_message="Select whether the council is in touch with the young person",
    )
    accommodation = select(
        "Where are they living?",
        codes.CareLeaverAccommodation.choices,
        required_message="Select where the young person is living",
        prompt="Select the accommodation",
        help_text="Leave unselected if not known.",
        required=False,
    )
    accommodation_suitable = drawn_with(
        RADIOS_TEMPLATE,
        forms.TypedChoiceField(
            label="Is the accommodation suitable for them?",
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=_optional_yes_no,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"inline": True}),
        ),
    )
    activity = select(
        "What are they mainly doing?",
        codes.CareLeaverActivity.choices,
        required_message="Select what the young person is mainly doing",
        prompt="Select the activity",
        help_text="Leave unselected if not known.",
        required=False,
    )

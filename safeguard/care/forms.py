"""The forms for a looked-after child's health. They parse what was typed; the rules (dates in
the period of care, one initial assessment, the SDQ's range and ages) are the services'."""

from __future__ import annotations

from django import forms

from safeguard.common.form_fields import date_field, long_text, radios, yes_no
from safeguard.common.forms import ActionForm

from .models import HealthAssessment


class HealthAssessmentForm(ActionForm):
    kind = radios(
        "Which health assessment was it?",
        HealthAssessment.Kind.choices,
        required_message="Select whether it was the initial or a review health assessment",
        help_text="The first assessment after becoming looked after is the initial one; "
        "every later one is a review.",
    )
    assessment_date = date_field(
        "Date of the assessment",
        errors_name="The date of the assessment",
        help_text="The day the child was seen. For example, 27 3 2025",
    )
    carried_out_by = forms.CharField(
        label="Who carried it out",
        help_text="Name and role, for example Dr A Khan, community paediatrician",
        max_length=200,
        error_messages={
            "required": "Enter who carried out the assessment",
            "max_length": "Who carried it out must be 200 characters or fewer",
        },
    )
    outcome = long_text(
        "Outcome",
        help_text="What the assessment found and what the health plan says next.",
    )


class DentalCheckForm(ActionForm):
    check_date = date_field(
        "Date of the dental check",
        errors_name="The date of the dental check",
        help_text="For example, 27 3 2025",
    )
    notes = long_text("Notes", help_text="Anything the dentist asked to follow up.", rows=3)


class ImmunisationStatusForm(ActionForm):
    recorded_on = date_field(
        "Date checked",
        errors_name="The date checked",
        help_text="The day the child's immunisations were checked. For example, 27 3 2025",
    )
    up_to_date = yes_no(
        "Were the child's immunisations up to date for their age?",
        required_message="Select yes if the immunisations were up to date",
    )
    notes = long_text("Notes", help_text="Which immunisations are outstanding, if any.", rows=3)


class SdqScoreForm(ActionForm):
    completed_on = date_field(
        "Date the questionnaire was completed",
        errors_name="The date the questionnaire was completed",
        help_text="For example, 27 3 2025",
    )
    score = forms.IntegerField(
        label="Total difficulties score",
        help_text="From 0 to 40, as scored from the carer's questionnaire.",
        error_messages={
            "required": "Enter the total difficulties score",
            "invalid": "The total difficulties score must be a whole number, like 14",
        },
    )

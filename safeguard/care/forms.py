"""The forms for a looked-after child's health. They parse what was typed; the rules (dates in
the period of care, one initial assessment, the SDQ's range and ages) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from safeguard.common.form_fields import (
    RADIOS_TEMPLATE,
    date_field,
    drawn_with,
    long_text,
    radios,
    yes_no,
)
from safeguard.common.forms import ActionForm
from safeguard.organisation.models import Worker

from .models import (
    HealthAssessment,
    IroContact,
    MissingEpisode,
    PersonalEducationPlan,
    SubstanceMisuse,
)


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


_RHI_CHOICES = [("yes", "Yes"), ("no", "No"), ("not_yet", "Not answered yet")]


def _optional_yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ReturnInterviewForm(ActionForm):
    """Whether the return home interview was offered and accepted, and the day it was held;
    which answers fit together is the rules' (`return_interview_answers_fit`)."""

    reveals = {"rhi_offered": {"yes": ("rhi_accepted", "rhi_date")}}

    rhi_offered = drawn_with(
        RADIOS_TEMPLATE,
        forms.TypedChoiceField(
            label="Was the child offered a return home interview?",
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=_optional_yes_no,
            widget=forms.RadioSelect(),
            error_messages={"required": "Select yes if the child was offered a return interview"},
        ),
    )
    rhi_accepted = drawn_with(
        RADIOS_TEMPLATE,
        forms.TypedChoiceField(
            label="Did the child accept it?",
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=_optional_yes_no,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"inline": True}),
        ),
    )
    rhi_date = date_field(
        "Date of the return home interview",
        errors_name="The date of the return home interview",
        help_text="If the child accepted it. For example, 27 3 2025",
        required=False,
    )


class MissingReturnForm(ReturnInterviewForm):
    end_date = date_field(
        "Date the child returned or was found",
        errors_name="The date the child returned",
        help_text="For example, 27 3 2025",
    )
    found_at = forms.CharField(
        label="Where were they found, or where did they return to?",
        help_text="A few words, for example returned to the placement by police",
        max_length=200,
        required=False,
        error_messages={"max_length": "Where they were found must be 200 characters or fewer"},
    )
    rhi_offered = drawn_with(
        RADIOS_TEMPLATE,
        forms.TypedChoiceField(
            label="Was the child offered a return home interview?",
            help_text="Choose not answered yet if it is still to be offered; record it later "
            "from the record.",
            choices=_RHI_CHOICES,
            coerce=_optional_yes_no,
            widget=forms.RadioSelect(),
            error_messages={"required": "Select whether the child was offered a return interview"},
        ),
    )

    field_order = ["end_date", "found_at", "rhi_offered", "rhi_accepted", "rhi_date"]


class MissingStartForm(ActionForm):
    kind = radios(
        "Was the child missing, or away from placement without authorisation?",
        MissingEpisode.Kind.choices,
        required_message="Select whether the child was missing or away without authorisation",
        help_text="Away: the child's whereabouts were known but they were not where they "
        "should have been.",
    )
    start_date = date_field(
        "Date the child went missing",
        errors_name="The date the child went missing",
        help_text="For example, 27 3 2025",
    )


class EducationPlanForm(ActionForm):
    kind = radios(
        "Was this the initial personal education plan or a review?",
        PersonalEducationPlan.Kind.choices,
        required_message="Select whether it was the initial plan or a review",
        help_text="The first PEP after becoming looked after is the initial one; every later "
        "PEP meeting reviews it.",
    )
    meeting_date = date_field(
        "Date of the PEP meeting",
        errors_name="The date of the PEP meeting",
        help_text="The day the plan was agreed or reviewed. For example, 27 3 2025",
    )
    school = forms.CharField(
        label="School or setting",
        help_text="As the plan names it, for example Northbridge Academy, Year 8",
        max_length=200,
        error_messages={
            "required": "Enter the school or setting",
            "max_length": "The school or setting must be 200 characters or fewer",
        },
    )
    virtual_school_involved = yes_no(
        "Did the Virtual School Head or their team take part?",
        required_message="Select yes if the virtual school took part",
    )
    notes = long_text("Notes", help_text="The plan's targets and the support agreed.", rows=3)


class UascForm(ActionForm):
    ceased_on = date_field(
        "Date UASC status ceased",
        errors_name="The date UASC status ceased",
        help_text="Leave blank if the child is still an unaccompanied asylum-seeking child. "
        "For example, 27 3 2025",
        required=False,
    )


class UascCeasedForm(ActionForm):
    ceased_on = date_field(
        "Date UASC status ceased",
        errors_name="The date UASC status ceased",
        help_text="On or before the child's 18th birthday. For example, 27 3 2025",
    )


class MotherhoodForm(ActionForm):
    first_child_born_on = date_field(
        "Date of birth of her first child",
        errors_name="The date of birth of her first child",
        help_text="For example, 27 3 2025",
    )


class ConvictionForm(ActionForm):
    convicted_on = date_field(
        "Date of the conviction",
        errors_name="The date of the conviction",
        help_text="The day the court convicted the child. For example, 27 3 2025",
    )
    notes = long_text("Notes", help_text="The court and the sentence, briefly.", rows=3)


class SubstanceMisuseForm(ActionForm):
    identified_on = date_field(
        "Date the problem was identified",
        errors_name="The date the problem was identified",
        help_text="For example, 27 3 2025",
    )
    intervention = radios(
        "Was the child offered an intervention?",
        SubstanceMisuse.Intervention.choices,
        required_message="Select whether the child received an intervention",
    )
    notes = long_text("Notes", help_text="Which service, and what was agreed.", rows=3)


class IroContactForm(ActionForm):
    """The IRO's visit or contact; whether the child was seen alone is asked of a visit in
    person only (`iro_contact_seen_alone_fits`)."""

    reveals = {"method": {IroContact.Method.VISIT.value: ("seen_alone",)}}

    contact_date = date_field(
        "Date of the visit or contact",
        errors_name="The date of the visit or contact",
        help_text="For example, 27 3 2025",
    )
    iro = forms.ModelChoiceField(
        queryset=Worker.objects.none(),
        label="Independent reviewing officer (IRO)",
        empty_label="Choose the IRO",
        error_messages={
            "required": "Select the independent reviewing officer",
            "invalid_choice": "Select the independent reviewing officer",
        },
    )
    method = radios(
        "How was the contact made?",
        IroContact.Method.choices,
        required_message="Select how the IRO made contact with the child",
    )
    seen_alone = drawn_with(
        RADIOS_TEMPLATE,
        forms.TypedChoiceField(
            label="Did the IRO see the child alone?",
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=_optional_yes_no,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"inline": True}),
        ),
    )

    def __init__(self, *args: Any, iros: QuerySet[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["iro"].queryset = iros  # type: ignore[attr-defined]

"""The forms that record the establishment, starters, leavers and absence.

They only parse what was typed: the workforce rules (funded FTE, overlapping absence, a
leaving date before the start) are checked by the services against `workforce.rules`, and
their refusals come back beside the inputs they name (`add_errors_from`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from safeguard.common.codes import Ethnicity
from safeguard.common.form_fields import date_field, radios, select
from safeguard.common.forms import ActionForm
from safeguard.organisation.models import Worker

from .codes import (
    AbsenceReason,
    CswwGender,
    LeaverDestination,
    PayPolicyEligibility,
    QualLevel,
    ReasonLeave,
    StartOrigin,
)
from .models import Post, PostHolding

BASIS_HINT = "An agency worker covers the post: it still counts as vacant in the workforce figures."


def _text(
    label: str, *, required_message: str = "", help_text: str = "", max_length: int = 100
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=max_length,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _fte(label: str, *, required_message: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text or "1 for full time; 0.5 for half time.",
        required=bool(required_message),
        max_digits=4,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "data-width": "govuk-input--width-4"}
        ),
        error_messages={
            "required": required_message,
            "invalid": f"{label} must be a number, like 0.6",
            "max_digits": f"{label} must be a number, like 0.6",
            "max_decimal_places": f"{label} must have no more than 2 decimal places",
            "max_whole_digits": f"{label} must be a number, like 0.6",
        },
    )


def _role_choices() -> list[tuple[str, str]]:
    # Posts in the social work establishment: the census counts these roles.
    wanted = (
        Worker.Role.SOCIAL_WORKER,
        Worker.Role.SENIOR_PRACTITIONER,
        Worker.Role.TEAM_MANAGER,
        Worker.Role.HEAD_OF_SERVICE,
        Worker.Role.FRONT_DOOR_WORKER,
        Worker.Role.CONFERENCE_CHAIR,
        Worker.Role.FAMILY_HELP_PRACTITIONER,
    )
    return [(str(role.value), str(role.label)) for role in wanted]


class PostAddForm(ActionForm):
    reference = _text(
        "Post number",
        required_message="Enter the post number",
        help_text="The council's own number for the post, as the HR system names it.",
        max_length=30,
    )
    role = radios("Role", _role_choices(), required_message="Select the post's role")
    funded_fte = _fte("Funded full-time equivalent", required_message="Enter the funded FTE")
    start_date = date_field("Date the post was funded from", errors_name="The date it was funded")


class PostFillForm(ActionForm):
    basis = radios(
        "Who holds the post?",
        PostHolding.Basis.choices,
        required_message="Select permanent or agency",
        help_text=BASIS_HINT,
    )
    fte = _fte("Full-time equivalent they hold", required_message="Enter the FTE they hold")
    start_date = date_field("Date they start in the post", errors_name="The start date")
    end_date = date_field(
        "Date they leave the post (if known)",
        errors_name="The end date",
        required=False,
        help_text="Leave blank if open-ended. For example, 27 3 2026",
    )

    def __init__(self, *args: Any, workers: list[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "worker": select(
                "Worker",
                [(str(w.pk), w.full_name) for w in workers],
                required_message="Select who holds the post",
                prompt="Choose a worker",
                help_text="Someone new to the council is recorded as a starter.",
            ),
            **self.fields,
        }
        self._style("worker", self.fields["worker"])


class StarterForm(ActionForm):
    first_name = _text("First name", required_message="Enter their first name")
    last_name = _text("Last name", required_message="Enter their last name")
    role = radios("Role", _role_choices(), required_message="Select their role")
    basis = radios(
        "Employed by the council or through an agency?",
        PostHolding.Basis.choices,
        required_message="Select permanent or agency",
        help_text=BASIS_HINT,
    )
    fte = _fte("Full-time equivalent", required_message="Enter the FTE they work")
    started_on = date_field("Start date", errors_name="The start date")
    registration_number = _text(
        "Social Work England registration number",
        help_text="SW and its digits, for example SW123456. Every social worker and social "
        "work manager must be registered.",
        max_length=14,
    )
    start_origin = select(
        "Where did they come from?",
        StartOrigin.choices,
        required_message="Select where they came from",
        prompt="Choose one",
        help_text="As the workforce census asks it (StartOrigin).",
    )
    qualification_level = select(
        "Social work qualification",
        QualLevel.choices,
        required_message="",
        prompt="Not qualified or not known",
        required=False,
    )
    qualification_institution = _text(
        "Where they qualified", help_text="The university or programme.", max_length=300
    )
    qualified_on = date_field(
        "Date they qualified", errors_name="The date they qualified", required=False
    )

    def __init__(self, *args: Any, posts: list[Post], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_field(
            "post",
            select(
                "Post they fill",
                [(str(p.pk), f"{p.reference}: {p.get_role_display()}") for p in posts],
                required_message="Select the post they fill",
                prompt="Choose a post",
                help_text="Add the post first if it is not in the establishment.",
            ),
        )


class LeaverForm(ActionForm):
    left_on = date_field("Leaving date", errors_name="The leaving date")
    leaver_destination = select(
        "Where are they going?",
        LeaverDestination.choices,
        required_message="Select where they are going",
        prompt="Choose one",
        help_text="As the workforce census asks it (LeaverDestination).",
    )
    reason_for_leaving = select(
        "Why are they leaving?",
        ReasonLeave.choices,
        required_message="Select why they are leaving",
        prompt="Choose one",
    )


class AbsenceForm(ActionForm):
    reason = select(
        "Reason for absence",
        AbsenceReason.choices,
        required_message="Select the reason for the absence",
        prompt="Choose one",
    )
    start_date = date_field("First day of absence", errors_name="The first day of absence")
    end_date = date_field("Last day of absence", errors_name="The last day of absence")
    working_days_lost = forms.DecimalField(
        label="Working days lost (only for part days)",
        help_text="Leave blank to count the working days in the period at their FTE.",
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "data-width": "govuk-input--width-4"}
        ),
        error_messages={
            "invalid": "Working days lost must be a number, like 2.5",
            "min_value": "Working days lost must be 0 or more",
            "max_decimal_places": "Working days lost must have no more than 2 decimal places",
        },
    )


YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No")]


def _yes_no_unknown(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "Not known"), *YES_NO_UNKNOWN],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )


class DetailsForm(ActionForm):
    """The census's details of a worker (CSWWWorker), as HR keeps them."""

    registration_number = StarterForm.base_fields["registration_number"]
    birth_date = date_field("Date of birth", errors_name="The date of birth", required=False)
    gender = select(
        "Gender", CswwGender.choices, required_message="", prompt="Not recorded", required=False
    )
    ethnicity = select(
        "Ethnicity", Ethnicity.choices, required_message="", prompt="Not recorded", required=False
    )
    qualification_level = StarterForm.base_fields["qualification_level"]
    qualification_institution = StarterForm.base_fields["qualification_institution"]
    qualified_on = StarterForm.base_fields["qualified_on"]
    step_up_graduate = _yes_no_unknown("Step Up to Social Work graduate")
    frontline_graduate = _yes_no_unknown("Frontline graduate")


def _pounds(label: str, *, required: bool, hint: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=hint,
        required=required,
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "data-width": "govuk-input--width-10"}
        ),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be an amount in pounds, like 39186.00",
            "min_value": f"The {label.lower()} must be 0 or more",
            "max_decimal_places": f"The {label.lower()} must have no more than 2 decimal places",
        },
    )


class PayForm(ActionForm):
    """A worker's pay from a day (census 2025 BaseSalary, RRPayments, OtherPayments)."""

    effective_from = date_field("Pay from", errors_name="The day the pay applies from")
    base_salary = _pounds(
        "Base salary",
        required=True,
        hint="The full-time annual salary of their grade and point, in pounds, whatever their FTE.",
    )
    recruitment_retention_payments = _pounds(
        "Recruitment and retention payments",
        required=False,
        hint="A year, in pounds. Leave blank if none.",
    )
    other_payments = _pounds(
        "Other payments", required=False, hint="A year, in pounds. Leave blank if none."
    )


def _eligible(item: str) -> forms.ChoiceField:
    return radios(
        f"Are directly employed social workers eligible for {item}?",
        PayPolicyEligibility.choices,
        required_message=f"Select whether social workers are eligible for {item}",
    )


class PayPolicyForm(ActionForm):
    """The council's pay policy for a census year (census 2025 `LALevelVacancies`:
    RecruitmentBonus to CostDBS, and OtherAllowances)."""

    recruitment_bonus = _eligible("a recruitment bonus")
    retention_bonus = _eligible("a retention bonus")
    performance_award = _eligible("a performance award")
    car_allowance = _eligible("a car allowance")
    relocation_package = _eligible("a relocation package")
    regional_weighting = _eligible("regional weighting")
    cost_swe = _eligible("their Social Work England registration fee paid")
    cost_dbs = _eligible("their DBS check fee paid")
    other_allowances = _text(
        "Other allowances",
        required_message="Enter the other allowances the council pays, or None",
        help_text="Any other allowance the council pays its social workers, or None.",
        max_length=500,
    )

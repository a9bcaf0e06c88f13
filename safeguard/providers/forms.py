"""The register's forms: a provider's details, an Ofsted inspection, Ofsted's file to import,
and the register's search. Each checks what it can with the register's rules
(`providers.rules`), so a wrong URN or date is shown on the first page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from safeguard.common.form_fields import date_field, radios, select
from safeguard.common.forms import ActionForm, GovukForm

from . import rules
from .codes import Grade, InspectionKind, ProviderKind, RegistrationStatus
from .ofsted_file import MAX_BYTES
from .selectors import NOT_GRADED

# A radio needs a value for "no grade"; the record keeps a blank grade.
NO_GRADE = "none"
CHOOSE_KIND = "Select what kind of provider it is"
CHOOSE_STATUS = "Select the provider's registration status"
CHOOSE_INSPECTION_KIND = "Select what kind of inspection it was"
CHOOSE_GRADE = "Select the grade Ofsted gave, or that it gave none"
FILE_MISSING = "Select Ofsted's provider-level file (CSV)"
FILE_NOT_CSV = "The selected file must be a CSV file: save Ofsted's file as CSV first"
FILE_TOO_BIG = "The selected file must be smaller than 20 MB"


class ProviderForm(ActionForm):
    """A provider's details. The URN is asked only of a new provider: it is who it is."""

    urn = forms.CharField(
        label="Ofsted URN",
        help_text="SC and 6 digits, or 6 or 7 digits, as on the provider's Ofsted report",
        max_length=12,
        error_messages={"required": rules.URN_REQUIRED},
        widget=forms.TextInput(
            attrs={"data-width": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label="Name",
        help_text="Ofsted does not publish children's homes' names: give the name you know",
        max_length=200,
        required=False,
    )
    kind = select(
        "Kind of provider",
        ProviderKind.choices,
        required_message=CHOOSE_KIND,
        prompt="Select the kind",
    )
    registration_status = radios(
        "Registration status with Ofsted",
        RegistrationStatus.choices,
        required_message=CHOOSE_STATUS,
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=8,
        required=False,
        widget=forms.TextInput(
            attrs={"data-width": "govuk-input--width-10", "autocomplete": "off"}
        ),
    )
    local_authority = forms.CharField(
        label="Local authority where it is",
        max_length=100,
        required=False,
    )

    def __init__(self, *args: Any, new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["urn"]

    def clean_urn(self) -> str:
        urn = rules.urn_normalise(self.cleaned_data["urn"])
        for problem in rules.urn_problems(urn):
            raise forms.ValidationError(problem.message)
        return urn


class InspectionForm(ActionForm):
    kind = radios(
        "Kind of inspection", InspectionKind.choices, required_message=CHOOSE_INSPECTION_KIND
    )
    inspection_date = date_field(
        "Date of the inspection",
        errors_name="The date of the inspection",
        help_text="The first day of the inspection, as on Ofsted's report. For example, 7 11 2025",
    )
    grade = radios(
        "Grade",
        [*Grade.choices, (NO_GRADE, "No grade: a visit or an inspection without one")],
        required_message=CHOOSE_GRADE,
        help_text="For a children's home, the overall experiences and progress of children and "
        "young people; for an agency, its overall effectiveness",
    )
    publication_date = date_field(
        "Date the report was published",
        errors_name="The date the report was published",
        help_text="Leave blank if it is not published yet. For example, 12 12 2025",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for problem in rules.inspection_date_problems(
            inspection_date=cleaned.get("inspection_date"),
            publication_date=cleaned.get("publication_date"),
            today=timezone.localdate(),
        ):
            for name in problem.fields:
                if name not in self.errors:
                    self.add_error(name, problem.message)
        return cleaned

    @staticmethod
    def grade_of(answers: dict[str, Any]) -> str:
        """The grade to record: blank for "no grade"."""
        grade = str(answers.get("grade") or "")
        return "" if grade == NO_GRADE else grade


class OfstedFileForm(GovukForm):
    file = forms.FileField(
        label="Ofsted's provider-level file",
        error_messages={"required": FILE_MISSING, "empty": FILE_MISSING, "invalid": FILE_MISSING},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith(".csv"):
            raise forms.ValidationError(FILE_NOT_CSV)
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(FILE_TOO_BIG)
        return upload


class RegisterSearchForm(GovukForm):
    """The register's search: never refuses (an unknown filter value is ignored)."""

    search = forms.CharField(label="Name or URN", max_length=100, required=False)
    grade = forms.ChoiceField(
        label="Current grade",
        choices=[("", "Any grade"), *Grade.choices, (NOT_GRADED, "Not graded yet")],
        required=False,
    )
    kind = forms.ChoiceField(
        label="Kind of provider",
        choices=[("", "Any kind"), *ProviderKind.choices],
        required=False,
    )

"""Forms for finding and recording people. Messages are constants so tests assert the text."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguard.common.forms import GovukDateField, GovukForm

from .identifiers import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn
from .search_keys import normalise_name
from .selectors import SearchTerms

NO_SEARCH_TERMS = "Enter a name, date of birth, NHS number, UPN, child ID, postcode or address"
NAME_TOO_SHORT = "Enter at least 2 letters of the child's first name or last name"
DATE_OF_BIRTH_IN_FUTURE = "Date of birth must be today or in the past"
CHILD_ID_INVALID = "A child ID is up to 20 letters and numbers, with no spaces or symbols"
ADDRESS_TOO_SHORT = "Enter a postcode, like NB1 2AB, or at least 3 characters of the address"

_SEARCH_FIELDS = ("name", "date_of_birth", "nhs_number", "upn", "child_id", "address")


def _text(label: str, *, hint: str = "", width: str = "", **attrs: str) -> forms.CharField:
    widget_attrs = {"spellcheck": "false", "autocomplete": "off", **attrs}
    if width:
        widget_attrs["data-width"] = width
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=widget_attrs),
    )


class ChildSearchForm(GovukForm):
    """The "Find a child" form: any one detail is enough; every detail given must match."""

    name = _text(
        "Name",
        hint="First name and last name, or either. The spelling does not need to be exact.",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2016"
    )
    nhs_number = _text(
        "NHS number",
        hint="10 digits, for example 999 013 7161",
        width="govuk-input--width-10",
        inputmode="numeric",
    )
    upn = _text(
        "Unique pupil number (UPN)",
        hint="13 characters, for example X999000123456",
        width="govuk-input--width-20",
    )
    child_id = _text(
        "Child ID",
        hint="The council's reference number for the child",
        width="govuk-input--width-20",
    )
    address = _text("Postcode or address", hint="For example, NB1 2AB or 14 Willow Road")

    @classmethod
    def was_submitted(cls, data: Any) -> bool:
        """A search was asked for: the page was opened with any of the form's fields."""
        return any(key.startswith(_SEARCH_FIELDS) for key in data)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        # An initial helps with a last name ("J Smith") but is not a name to search for alone.
        if name and not any(len(normalise_name(word)) >= 2 for word in name.split()):
            raise ValidationError(NAME_TOO_SHORT, code="too_short")
        return name

    def clean_date_of_birth(self) -> Any:
        born = self.cleaned_data["date_of_birth"]
        if born is not None and born > timezone.localdate():
            raise ValidationError(DATE_OF_BIRTH_IN_FUTURE, code="future")
        return born

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"].strip()
        if value:
            validate_nhs_number(value)
            return normalise_nhs_number(value)
        return ""

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip()
        if value:
            validate_upn(value)
            return normalise_upn(value)
        return ""

    def clean_child_id(self) -> str:
        value: str = self.cleaned_data["child_id"].strip()
        if value and not re.fullmatch(r"[A-Za-z0-9]{1,20}", value):
            raise ValidationError(CHILD_ID_INVALID, code="invalid")
        return value

    def clean_address(self) -> str:
        value = " ".join(self.cleaned_data["address"].split())
        if value and len(re.sub(r"[^A-Za-z0-9]", "", value)) < 3:
            raise ValidationError(ADDRESS_TOO_SHORT, code="too_short")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(cleaned.get(field) for field in _SEARCH_FIELDS):
            raise ValidationError(NO_SEARCH_TERMS, code="empty")
        return cleaned

    def terms(self) -> SearchTerms:
        """The checked terms; call after is_valid()."""
        data = self.cleaned_data
        return SearchTerms(
            name=data["name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
            child_id=data["child_id"],
            address=data["address"],
        )

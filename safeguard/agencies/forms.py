"""The partner check form (a partner user's page)."""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import ValidationError as PydanticValidationError

from safeguard.common.forms import GovukDateField, GovukForm

from .schemas import CheckIn

_FIELD_OF_ERROR = {"nhs_number": "nhs_number", "date_of_birth": "date_of_birth"}


class PartnerCheckForm(GovukForm):
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=14,
        help_text="10 digits, for example 943 476 5919. If you do not have it, give the name "
        "and date of birth instead.",
    )
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = GovukDateField(label="Date of birth", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.question = CheckIn(
                nhs_number=data.get("nhs_number", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                date_of_birth=data.get("date_of_birth"),
            )
        except PydanticValidationError as error:
            for item in error.errors():
                field = str(item["loc"][0]) if item["loc"] else None
                message = str(item["msg"]).removeprefix("Value error, ")
                self.add_error(field if field in self.fields else None, message)
        return data

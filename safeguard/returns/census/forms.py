"""The analyst's choice of collection year for the census."""

from __future__ import annotations

from django import forms

from safeguard.common.forms import GovukForm

from .years import FIRST_YEAR, LAST_YEAR


class CensusYearForm(GovukForm):
    year = forms.TypedChoiceField(
        label="Collection year",
        help_text="The census covers 1 April to 31 March.",
        coerce=int,
        choices=[
            (y, f"{y - 1} to {y} (ending 31 March {y})")
            for y in range(LAST_YEAR, FIRST_YEAR - 1, -1)
        ],
    )

"""The analyst's choice of collection year for the SSDA903 return."""

from __future__ import annotations

from django import forms

from safeguard.common.forms import GovukForm

from .years import PLACEMENT_TYPES


class SSDA903YearForm(GovukForm):
    year = forms.TypedChoiceField(
        label="Collection year",
        help_text="The return covers 1 April to 31 March.",
        coerce=int,
        choices=[
            (y, f"{y - 1} to {y} (ending 31 March {y})")
            for y in sorted(PLACEMENT_TYPES, reverse=True)
        ],
    )

"""The analyst's choice of window for Annex A."""

from __future__ import annotations

from typing import Any

from safeguard.common.forms import GovukDateField, GovukForm

from .window import WindowError, reporting_window


class AnnexAWindowForm(GovukForm):
    from_date = GovukDateField(
        label="First day of the window",
        help_text="For example, 1 4 2025. The lists cover six or twelve whole months.",
    )
    to_date = GovukDateField(
        label="Last day of the window",
        help_text="For example, 30 9 2025: the day before an inspection, or today.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start is not None and end is not None:
            try:
                cleaned["window"] = reporting_window(start, end)
            except WindowError as error:
                self.add_error("to_date", str(error))
        return cleaned

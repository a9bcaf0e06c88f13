"""The dashboard's period and team: GOV.UK date inputs, or ISO dates in a link."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict

from safeguard.common.forms import GovukDateField, GovukForm
from safeguard.organisation.models import Team

from .queries import Period, PeriodError

TEAM_UNKNOWN = "Select a team from the list, or the whole authority"
LINK_KEYS = ("from", "to", "team")


class PeriodForm(GovukForm):
    date_from = GovukDateField(label="From", help_text="For example, 1 4 2025")
    date_to = GovukDateField(label="To", help_text="The last day included, for example 31 3 2026")
    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": TEAM_UNKNOWN},
    )

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ChoiceField)
        team_field.choices = [("", "Whole authority")] + [(str(t.pk), t.name) for t in teams]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            try:
                cleaned["period"] = Period(start, end)
            except PeriodError as error:
                self.add_error("date_to", str(error))
        return cleaned

    @property
    def period(self) -> Period:
        period: Period = self.cleaned_data["period"]
        return period

    @property
    def team_id(self) -> int | None:
        value = self.cleaned_data.get("team") or ""
        return int(value) if value else None


def form_data(query: QueryDict, default: Period) -> dict[str, Any]:
    """The form's data from the query string: the date inputs as typed, or ISO dates from a
    link (from, to, team), or the default period."""
    if any(key.startswith(("date_from_", "date_to_")) for key in query):
        return query.dict()
    data: dict[str, Any] = {"team": query.get("team", "")}
    for name, key, fallback in (
        ("date_from", "from", default.date_from),
        ("date_to", "to", default.date_to),
    ):
        raw = query.get(key)
        parts: list[Any]
        if raw is None:
            parts = [fallback.day, fallback.month, fallback.year]
        else:
            try:
                day = date.fromisoformat(raw)
                parts = [day.day, day.month, day.year]
            except ValueError:
                parts = ["x", "x", "x"]  # shown as "must be a real date"
        for i, part in enumerate(parts):
            data[f"{name}_{i}"] = part
    return data

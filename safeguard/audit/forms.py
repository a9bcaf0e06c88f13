"""The auditor's questions of the trail: about a child, about a user, over a period, or any of
these together, narrowed to one kind of action if wanted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model

from safeguard.common.forms import GovukDateField, GovukForm

from .models import Action, AuditEntry

SEARCH_NEEDS_A_TERM = "Enter a child ID, an authority child ID, a username or a date"
NO_SUCH_CHILD = "No child has that ID: check the ID printed on the child's record"
NO_SUCH_USER = "No account has that username"
TO_BEFORE_FROM = "The date to search to must be the same as or after the date to search from"

# Every GET parameter the search reads; pages and the export carry them on.
SEARCH_PARAMETERS = (
    "child",
    "username",
    "date_from_0",
    "date_from_1",
    "date_from_2",
    "date_to_0",
    "date_to_1",
    "date_to_2",
    "action",
)


class AuditSearchForm(GovukForm):
    child = forms.CharField(
        label="Child",
        required=False,
        max_length=20,
        help_text="The child's ID or their authority child ID, as shown on their record.",
    )
    username = forms.CharField(
        label="Username",
        required=False,
        max_length=150,
        help_text="To see what one person has looked at, changed or been refused.",
    )
    date_from = GovukDateField(
        label="From",
        required=False,
        help_text="The first day to include, for example 1 3 2025. UK time.",
    )
    date_to = GovukDateField(
        label="To",
        required=False,
        help_text="The last day to include, for example 31 3 2025.",
    )
    action = forms.ChoiceField(
        label="What happened",
        required=False,
        choices=[("", "Anything"), *Action.choices],
    )

    def clean_child(self) -> int | None:
        """The internal id of the child the auditor names, by either id the record shows."""
        value = self.cleaned_data["child"].strip()
        if not value:
            return None
        # The audit app imports no app it records; the one lookup it needs goes by name.
        people = apps.get_model("people", "Person").objects.values_list(
            "pk", "la_child_id", "first_name", "last_name"
        )
        match = people.filter(la_child_id=value).first()
        if match is None and value.isdigit():
            match = people.filter(pk=int(value)).first()
        if match is None:
            raise forms.ValidationError(NO_SUCH_CHILD, code="no_such_child")
        self.authority_child_id = match[1] or ""
        self.child_name = " ".join(part for part in match[2:] if part)
        return int(match[0])

    def clean_username(self) -> dict[str, Any] | None:
        """The account named, or (for an account since deleted) the username the trail kept."""
        value = self.cleaned_data["username"].strip()
        if not value:
            return None
        user_id = (
            get_user_model().objects.filter(username=value).values_list("pk", flat=True).first()
        )
        if user_id is None and not AuditEntry.objects.filter(actor_username=value).exists():
            raise forms.ValidationError(NO_SUCH_USER, code="no_such_user")
        return {"id": user_id, "username": value}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", TO_BEFORE_FROM)
        terms = ("child", "username", "date_from", "date_to")
        if not self.errors and not any(cleaned.get(term) for term in terms):
            raise forms.ValidationError(SEARCH_NEEDS_A_TERM, code="no_terms")
        return cleaned

"""The auditor's questions of the trail: about a child, about a user, or both together."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model

from safeguard.common.forms import GovukForm

from .models import AuditEntry

SEARCH_NEEDS_A_TERM = "Enter a child ID, an authority child ID or a username"
NO_SUCH_CHILD = "No child has that ID: check the ID printed on the child's record"
NO_SUCH_USER = "No account has that username"


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
        help_text="To see what one person has looked at or changed.",
    )

    def clean_child(self) -> int | None:
        """The internal id of the child the auditor names, by either id the record shows."""
        value = self.cleaned_data["child"].strip()
        if not value:
            return None
        # The audit app imports no app it records; the one lookup it needs goes by name.
        people = apps.get_model("people", "Person").objects.values_list("pk", "la_child_id")
        match = people.filter(la_child_id=value).first()
        if match is None and value.isdigit():
            match = people.filter(pk=int(value)).first()
        if match is None:
            raise forms.ValidationError(NO_SUCH_CHILD, code="no_such_child")
        self.authority_child_id = match[1] or ""
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
        if not self.errors and not cleaned.get("child") and not cleaned.get("username"):
            raise forms.ValidationError(SEARCH_NEEDS_A_TERM, code="no_terms")
        return cleaned

"""GOV.UK wording for each kind of question: the field builders every app's forms use.

Each builder gives the field its label, hint and the Design System's error messages, and a
radio question the template that draws its conditional reveals (`ActionForm.reveals`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django import forms

from .forms import GovukDateField

RADIOS_TEMPLATE = "govuk/field_radios.html"
DATE_HINT = "For example, 27 3 2025"

_F = TypeVar("_F", bound=forms.Field)


def drawn_with(template: str, field: _F) -> _F:
    """Draw the field with its own template (Field.template_name, Django 5.0; not yet in
    django-stubs' constructor signatures)."""
    field.template_name = template  # type: ignore[attr-defined]
    return field


def date_field(
    label: str, *, errors_name: str, help_text: str = DATE_HINT, required: bool = True
) -> GovukDateField:
    """A day/month/year date. `errors_name` starts the messages: "Enter {it}", "{It} must be
    a real date"."""
    field = GovukDateField(label=label, help_text=help_text, required=required)
    field.name_for_errors = errors_name
    return field


def radios(
    label: str,
    choices: Iterable[tuple[str, str]],
    *,
    required_message: str,
    help_text: str = "",
    inline: bool = False,
) -> forms.ChoiceField:
    field = forms.ChoiceField(
        label=label,
        choices=list(choices),
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"inline": True} if inline else None),
        error_messages={"required": required_message, "invalid_choice": required_message},
    )
    return drawn_with(RADIOS_TEMPLATE, field)


def yes_no(label: str, *, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": required_message, "invalid_choice": required_message},
    )
    return drawn_with(RADIOS_TEMPLATE, field)


def select(
    label: str,
    choices: Iterable[tuple[str, str]],
    *,
    required_message: str,
    prompt: str,
    help_text: str = "",
    required: bool = True,
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", prompt), *choices],
        help_text=help_text,
        required=required,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def long_text(
    label: str, *, required_message: str = "", help_text: str = "", rows: int = 5
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )

"""Form pieces in the GOV.UK Design System's shape: day/month/year dates with its error
messages, and a renderer that draws every field with the GOV.UK markup
(templates/govuk/field.html) and the error summary (templates/govuk/error_summary.html)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class DateInput(forms.MultiWidget):
    template_name = "govuk/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        part = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        super().__init__(
            [
                forms.TextInput({**part, "class": part["class"] + " govuk-input--width-2"}),
                forms.TextInput({**part, "class": part["class"] + " govuk-input--width-2"}),
                forms.TextInput({**part, "class": part["class"] + " govuk-input--width-4"}),
            ],
            attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with the Design System's error messages."""

    widget = DateInput

    def __init__(self, *, label: str = "", **kwargs: Any) -> None:
        self.name_for_errors = (label or "The date").strip()
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields, require_all_fields=False, label=label, **kwargs)

    def clean(self, value: Any) -> date | None:
        day, month, year = ((str(v).strip() if v is not None else "") for v in (value or []))
        name = self.name_for_errors
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(f"Enter {name.lower()}", code="required")
            return None
        missing = [part for part, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(
                f"{name} must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{name} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() overrides
        return data_list


_CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxInput, forms.CheckboxSelectMultiple)
_INPUT_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
}


class GovukForm(forms.Form):
    """A form drawn with GOV.UK markup: classes, hints and errors wired for screen readers."""

    default_renderer = GovukFormRenderer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self._style(name, field)

    def _style(self, name: str, field: forms.Field, *, error: bool = False) -> None:
        widget = field.widget
        bound = self[name]
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}-hint")
        if error:
            described.append(f"{bound.auto_id}-error")
        if isinstance(widget, forms.MultiWidget):
            for sub in widget.widgets:
                base = sub.attrs.get("class", "").replace(" govuk-input--error", "")
                sub.attrs["class"] = base + (" govuk-input--error" if error else "")
            return
        if isinstance(widget, _CHOICE_WIDGETS):
            return
        css = next((c for t, c in _INPUT_CLASSES.items() if isinstance(widget, t)), "govuk-input")
        extra = widget.attrs.get("data-width", "")
        widget.attrs["class"] = " ".join(
            part for part in (css, extra, f"{css}--error" if error else "") if part
        )
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
        else:
            widget.attrs.pop("aria-describedby", None)

    def full_clean(self) -> None:
        super().full_clean()
        self._style_errors()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._style_errors()

    def _style_errors(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            self._style(name, field, error=name in errors)


def add_errors_from(form: forms.Form, error: Any, field_map: dict[str, str] | None = None) -> None:
    """Show a service's refusal (a SafeguardError, or a RuleViolation with its violations) on
    the form: each message beside the input it names, the rest at the top of the summary."""
    field_map = field_map or {}
    violations = getattr(error, "violations", None) or [error]
    for violation in violations:
        fields = [field_map.get(f, f) for f in getattr(violation, "fields", ())]
        target = next((f for f in fields if f in form.fields), None)
        form.add_error(target, str(getattr(violation, "message", violation)))

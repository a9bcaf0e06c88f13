"""Form pieces in the GOV.UK Design System's shape: day/month/year dates with its error
messages, a renderer that draws every field with the GOV.UK markup
(templates/govuk/field.html) and the error summary (templates/govuk/error_summary.html), and
`ActionForm`, a form whose radios reveal follow-up questions and whose answers are read back
on a "Check your answers" page. The field builders that word each kind of question the
GOV.UK way are in `common.form_fields`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any, ClassVar

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.renderers import TemplatesSetting

NOT_GIVEN = "Not given"


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


def day_text(on: date | None) -> str:
    """A date as GOV.UK writes it: 6 January 2025."""
    return f"{on.day} {on:%B %Y}" if on else "Not recorded"


def time_text(at: time) -> str:
    """A time of day as GOV.UK writes it: 9am, 2:30pm, midday, midnight."""
    if at.minute == 0 and at.hour in (0, 12):
        return "midnight" if at.hour == 0 else "midday"
    hour = at.hour % 12 or 12
    minutes = f":{at.minute:02d}" if at.minute else ""
    return f"{hour}{minutes}{'am' if at.hour < 12 else 'pm'}"


@dataclass(frozen=True)
class Answer:
    """One row of a "Check your answers" list; `anchor` is the input a "Change" link opens."""

    label: str
    value: str | list[str]
    anchor: str

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


class ActionBoundField(BoundField):
    """A field that knows what it reveals, whether it is itself revealed, and its anchor."""

    @property
    def reveal_options(self) -> list[tuple[BoundWidget, list[BoundField]]]:
        """Each radio option with the fields it reveals when chosen."""
        reveals = self.form.reveals.get(self.name, {})  # type: ignore[attr-defined]
        return [
            (option, [self.form[name] for name in reveals.get(str(option.data["value"]), ())])
            for option in self
        ]

    @property
    def is_revealed(self) -> bool:
        return self.name in self.form.revealed_names  # type: ignore[attr-defined]

    @property
    def anchor(self) -> str:
        """The id the error summary and "Change" links point at: the first input of a group."""
        widget = self.field.widget
        grouped = isinstance(
            widget, forms.MultiWidget | forms.RadioSelect | forms.CheckboxSelectMultiple
        )
        return f"{self.auto_id}_0" if grouped else str(self.auto_id)


class ActionForm(GovukForm):
    """A form for a step that is checked before it is recorded. `reveals` maps a radio field
    to the fields each of its values reveals (GOV.UK's conditional reveal); a revealed field
    counts only when its value is chosen, and is then required if named in
    `required_when_revealed`. `answers()` reads the valid form back for "Check your
    answers"."""

    template_name = "govuk/action_form.html"
    bound_field_class = ActionBoundField
    reveals: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {}
    required_when_revealed: ClassVar[dict[str, str]] = {}

    def add_field(self, name: str, field: forms.Field) -> None:
        """Add a field that only some users are asked, drawn like the declared ones."""
        self.fields[name] = field
        self._style(name, field)

    @property
    def revealed_names(self) -> set[str]:
        return {
            name
            for by_value in self.reveals.values()
            for names in by_value.values()
            for name in names
        }

    def _applies(self, name: str) -> bool:
        """False for a revealed field whose revealing answer is not chosen."""
        for parent, by_value in self.reveals.items():
            for value, names in by_value.items():
                if name in names:
                    return str(self[parent].data or "") == value
        return True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.revealed_names:
            if not self._applies(name):
                # Typed, then hidden again by choosing another answer: not part of the record.
                cleaned[name] = ""
                self.errors.pop(name, None)
            elif (
                name in self.required_when_revealed
                and name not in self.errors
                and not cleaned.get(name)
            ):
                self.add_error(name, self.required_when_revealed[name])
        return cleaned

    def answers(self) -> list[Answer]:
        """The valid form read back in the words the user chose."""
        return [
            Answer(str(bound.label), self._display(bound), bound.anchor)  # type: ignore[attr-defined]
            for bound in self.visible_fields()
            if self._applies(bound.name)
        ]

    def _display(self, bound: BoundField) -> str | list[str]:
        field, value = bound.field, self.cleaned_data.get(bound.name)
        if isinstance(field, forms.ModelChoiceField):
            return str(value) if value is not None else NOT_GIVEN
        if isinstance(field, forms.MultipleChoiceField):
            labels = dict(field.choices)  # type: ignore[arg-type]
            return [str(labels.get(v, v)) for v in value or []] or NOT_GIVEN
        if isinstance(field, forms.ChoiceField):
            labels = dict(field.choices)  # type: ignore[arg-type]
            return str(labels.get(bound.data, NOT_GIVEN)) if bound.data else NOT_GIVEN
        if isinstance(value, date):
            return day_text(value)
        return str(value) if value else NOT_GIVEN

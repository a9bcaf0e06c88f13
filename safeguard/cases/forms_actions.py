"""The forms a practitioner fills in to record a statutory step.

They only parse what was typed: which step may follow which, and what each needs, is checked
by the services against `cases.workflow.rules`, and their refusals come back onto the form
(`add_errors_from`). What a form adds is the GOV.UK shape: one question per fieldset, radios
that reveal a follow-up question (GOV.UK's conditional reveal), the census assessment factors
grouped by theme, and the answers read back on a "Check your answers" page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypeVar

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField, BoundWidget

from safeguard.common import codes
from safeguard.common.forms import GovukDateField, GovukForm
from safeguard.organisation.models import Team, Worker

RADIOS_TEMPLATE = "cases/actions/field_radios.html"
FACTORS_TEMPLATE = "cases/actions/field_factors.html"
DATE_HINT = "For example, 27 3 2025"
NOT_GIVEN = "Not given"

Outcome = codes.ConferenceOutcome


def day_text(on: date | None) -> str:
    """A date as GOV.UK writes it: 6 January 2025."""
    return f"{on.day} {on:%B %Y}" if on else "Not recorded"


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
    """A statutory action's form. `reveals` maps a radio field to the fields each of its
    values reveals; a revealed field counts only when its value is chosen, and is then
    required if named in `required_when_revealed`."""

    template_name = "cases/actions/form_fields.html"
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


# --- Field helpers: GOV.UK wording for each kind of question -----------------------------------

_F = TypeVar("_F", bound=forms.Field)


def _drawn_with(template: str, field: _F) -> _F:
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
    return _drawn_with(RADIOS_TEMPLATE, field)


def yes_no(label: str, *, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": required_message, "invalid_choice": required_message},
    )
    return _drawn_with(RADIOS_TEMPLATE, field)


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


def chair_field(chairs: QuerySet[Worker]) -> forms.ModelChoiceField[Worker]:
    return forms.ModelChoiceField(
        queryset=chairs,
        label="Who chaired the conference?",
        empty_label="Choose the chair",
        error_messages={
            "required": "Select who chaired the conference",
            "invalid_choice": "Select who chaired the conference",
        },
    )


# --- The forms ---------------------------------------------------------------------------------


class ReferralOpenForm(ActionForm):
    referral_date = date_field("Date of the referral", errors_name="The date of the referral")
    source = select(
        "Who made the referral?",
        codes.ReferralSource.choices,
        prompt="Choose the source",
        required_message="Select who made the referral",
    )
    primary_need = select(
        "The child's primary need",
        codes.PrimaryNeed.choices,
        prompt="Choose the primary need",
        help_text="The census category of need.",
        required_message="Select the child's primary need",
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="Team taking the referral",
        empty_label="Choose a team",
        error_messages={
            "required": "Select the team taking the referral",
            "invalid_choice": "Select the team taking the referral",
        },
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class AssessmentStartForm(ActionForm):
    start_date = date_field(
        "Date the assessment started", errors_name="The date the assessment started"
    )


# Census N00181 factors grouped by theme for the checkboxes. 21 (no factors) stands apart as
# the exclusive "or" option (census rule 8869); 18A and 19A are superseded (queries 8945Q,
# 8950Q) and offered only on an assessment that already has them.
FACTOR_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Alcohol and drug misuse", ("1A", "1B", "1C", "2A", "2B", "2C")),
    ("Domestic violence", ("3A", "3B", "3C")),
    (
        "Mental health, learning disability and physical health",
        (
            "4A",
            "4B",
            "4C",
            "5A",
            "5B",
            "5C",
            "6A",
            "6B",
            "6C",
        ),
    ),
    ("Abuse and neglect", ("16A", "17A", "18B", "18C", "19B", "19C", "22A", "23A")),
    ("Exploitation and going missing", ("10A", "11A", "12A", "13A", "24A")),
    ("The child's circumstances", ("7A", "9A", "14A", "15A")),
    ("Private fostering", ("8B", "8C", "8D", "8E", "8F")),
    ("Other", ("20",)),
)
NO_FACTORS = codes.AssessmentFactor.NO_FACTORS.value
SUPERSEDED_GROUP = ("Superseded codes", tuple(sorted(codes.SUPERSEDED_ASSESSMENT_FACTORS)))


class AssessmentForm(ActionForm):
    child_seen_date = date_field(
        "Date the child was seen",
        errors_name="The date the child was seen",
        help_text="Leave this empty only if the child could not be seen (for example, an "
        "unborn child), and say why in the summary. For example, 27 3 2025",
        required=False,
    )
    factors = _drawn_with(
        FACTORS_TEMPLATE,
        forms.MultipleChoiceField(
            label="Factors identified at the end of the assessment",
            help_text="Select all that apply.",
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": "Select the factors identified, or select 'No factors identified'",
                "invalid_choice": "Select factors from the list",
            },
        ),
    )
    outcome = radios(
        "What did the assessment conclude?",
        codes.AssessmentOutcome.choices,
        required_message="Select what the assessment concluded",
    )
    summary = long_text(
        "Summary and analysis",
        required_message="Enter the summary of the assessment",
        help_text="What you found, the child's views, and why the outcome is right.",
        rows=12,
    )

    def __init__(self, *args: Any, include_superseded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = list(FACTOR_GROUPS) + ([SUPERSEDED_GROUP] if include_superseded else [])
        self.groups = groups
        labels = dict(codes.AssessmentFactor.choices)
        # Flat choices (no optgroups) keep input ids as id_factors_0, _1, ... for the error
        # summary; the grouping is drawn by the template from `factor_groups`.
        self.fields["factors"].choices = [  # type: ignore[attr-defined]
            (code, labels[code]) for _, group in groups for code in group
        ] + [(NO_FACTORS, labels[NO_FACTORS])]

    def factor_groups(self) -> list[tuple[str, list[BoundWidget]]]:
        options = {str(option.data["value"]): option for option in self["factors"]}
        return [(heading, [options[code] for code in group]) for heading, group in self.groups]

    def no_factors_option(self) -> BoundWidget:
        return next(o for o in self["factors"] if str(o.data["value"]) == NO_FACTORS)


# Who a strategy discussion includes: Working Together 2023 (ch. 2) expects social care,
# police and health at least, and others as the case needs.
AGENCIES = (
    ("social_care", "Children's social care"),
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education"),
    ("probation", "Probation"),
    ("housing", "Housing"),
)


def agencies_present(answers: dict[str, Any]) -> str:
    """The agencies ticked and named, as the record keeps them."""
    labels = dict(AGENCIES)
    other = answers["other_agencies"].strip()
    return ", ".join([labels[a] for a in answers["agencies"]] + ([other] if other else []))


class StrategyDiscussionForm(ActionForm):
    discussion_date = date_field(
        "Date of the strategy discussion", errors_name="The date of the strategy discussion"
    )
    agencies = forms.MultipleChoiceField(
        label="Which agencies took part?",
        help_text="Select all that apply. Social care, police and health should take part.",
        choices=AGENCIES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies that took part"},
    )
    other_agencies = forms.CharField(
        label="Other agencies that took part (optional)", required=False, max_length=120
    )
    section47_started = yes_no(
        "Does a section 47 enquiry start?",
        help_text="The enquiry starts on the date of the strategy discussion.",
        required_message="Select yes if a section 47 enquiry starts",
    )
    rationale = long_text(
        "Reasons for the decision",
        required_message="Enter the reasons for the decision",
        help_text="Why there is, or is not, reasonable cause to suspect significant harm, and "
        "how the child will be kept safe now.",
    )


class Section47OutcomeForm(ActionForm):
    completed_date = date_field(
        "Date the enquiry was completed", errors_name="The date the enquiry was completed"
    )
    outcome = radios(
        "What did the enquiry find?",
        codes.Section47Outcome.choices,
        required_message="Select what the enquiry found",
    )
    conference_required = yes_no(
        "Is an initial child protection conference needed?",
        help_text="Needed when the child is likely to suffer significant harm.",
        required_message="Select yes if an initial child protection conference is needed",
    )


class InitialConferenceForm(ActionForm):
    conference_date = date_field("Date of the conference", errors_name="The date of the conference")
    outcome = radios(
        "What did the conference decide?",
        [
            (Outcome.PLAN.value, "The child is subject to a child protection plan"),
            (Outcome.NO_PLAN.value, "No child protection plan"),
        ],
        required_message="Select what the conference decided",
    )
    category = select(
        "Category of abuse",
        codes.CategoryOfAbuse.choices,
        prompt="Choose the category",
        required=False,
        required_message="Select the category of abuse",
    )

    reveals = {"outcome": {Outcome.PLAN.value: ("category",)}}
    required_when_revealed = {"category": "Select the category of abuse"}

    def __init__(self, *args: Any, chairs: QuerySet[Worker] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if chairs is not None:
            self.add_field("chair", chair_field(chairs))


class ReviewConferenceForm(ActionForm):
    conference_date = date_field(
        "Date of the review conference", errors_name="The date of the review conference"
    )
    outcome = radios(
        "What did the review conference decide?",
        [
            (Outcome.CONTINUE_PLAN.value, "The child protection plan continues"),
            (Outcome.END_PLAN.value, "The child protection plan ends"),
        ],
        required_message="Select what the review conference decided",
    )
    rationale = long_text(
        "Why does the plan end?",
        help_text="Why the child is no longer at continuing risk of significant harm, and what "
        "support follows (for example, a child in need plan).",
    )
    latest_category = select(
        "Category of abuse",
        codes.CategoryOfAbuse.choices,
        prompt="Choose the category",
        help_text="Change it if the conference changed the category.",
        required_message="Select the category of abuse",
    )

    reveals = {"outcome": {Outcome.END_PLAN.value: ("rationale",)}}
    required_when_revealed = {"rationale": "Enter why the plan ends"}

    def __init__(self, *args: Any, chairs: QuerySet[Worker] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if chairs is not None:
            self.add_field("chair", chair_field(chairs))


class ReferralCloseForm(ActionForm):
    closure_date = date_field(
        "Date the referral closed", errors_name="The date the referral closed"
    )
    closure_reason = radios(
        "Why is the referral closing?",
        codes.ReasonForClosure.choices,
        required_message="Select why the referral is closing",
    )

    def __init__(self, *args: Any, ask_rationale: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ask_rationale:
            # A manager's closure is a management decision: its reasons are kept for audit.
            self.add_field(
                "rationale",
                long_text(
                    "Reasons for closing",
                    required_message="Enter the reasons for closing the referral",
                    help_text="Why the child's needs are met or no longer need social care.",
                ),
            )

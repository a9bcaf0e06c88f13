"""The forms that change who a child is, who they are related to, who they live with and
where: they parse what was typed (the identifiers with their own checks: `identifiers`);
what may be recorded is decided by `people.services`, whose refusals come back onto the form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from safeguard.common import codes
from safeguard.common.form_fields import date_field, radios, select, yes_no
from safeguard.common.forms import NOT_GIVEN, ActionForm, Answer, day_text

from .identifiers import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn
from .models import Person, Residence
from .services import NewPerson

NEW_PERSON = "new"
ADULT_AGE = 18


def _text(
    label: str,
    *,
    required_message: str = "",
    help_text: str = "",
    max_length: int = 100,
    width: str = "",
) -> forms.CharField:
    attrs = {"spellcheck": "false", "autocomplete": "off"}
    if width:
        attrs["data-width"] = width
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
        error_messages={
            "required": required_message,
            "max_length": f"{label.removesuffix(' (optional)')} must be {max_length} "
            "characters or fewer",
        },
    )


def _born(person: Person) -> str:
    return f", born {day_text(person.date_of_birth)}" if person.date_of_birth else ""


def _new_person_fields(form: ActionForm) -> None:
    """The questions about someone not on the record yet, revealed by 'someone else'."""
    form.add_field("first_name", _text("Their first name (optional)"))
    form.add_field("last_name", _text("Their last name"))
    form.add_field(
        "date_of_birth",
        date_field(
            "Their date of birth (optional)",
            errors_name="Their date of birth",
            required=False,
            help_text="For example, 27 3 1990",
        ),
    )


def new_person_from(answers: dict[str, Any]) -> NewPerson | None:
    """Someone new, from the answers revealed by 'Someone not on the record yet'; None when
    someone on the record was chosen."""
    if answers.get("who") != NEW_PERSON:
        return None
    born = answers.get("date_of_birth") or None
    return NewPerson(
        first_name=answers["first_name"],
        last_name=answers["last_name"],
        date_of_birth=born,
        is_child=new_person_is_child(born),
    )


def new_person_is_child(born: date | None) -> bool:
    """Someone new is held as a child when they are under 18; with no date of birth, as an
    adult (a relative whose age is not known is most often a parent or a carer)."""
    if born is None:
        return False
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day)) < ADULT_AGE


# --- Who the child is -------------------------------------------------------------------------

DETAIL_NAMES = (
    "first_name",
    "middle_names",
    "last_name",
    "known_as",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "nhs_number",
    "upn",
    "upn_unknown_reason",
)


def details_of(person: Person) -> dict[str, Any]:
    """The person's details as the form holds them (no NHS number: empty)."""
    values = {name: getattr(person, name) for name in DETAIL_NAMES}
    values["nhs_number"] = values["nhs_number"] or ""
    return values


def details_from(before: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Every detail as `people.services.person_details_change` takes them: the answers given,
    and what the person already has for any the form did not ask (the expected date of birth
    of a child already born)."""
    return {name: answers[name] if name in answers else before[name] for name in DETAIL_NAMES}


class ChildDetailsForm(ActionForm):
    first_name = _text("First name (optional)", help_text="Leave empty for an unborn child.")
    middle_names = _text("Middle names (optional)", max_length=200)
    last_name = _text("Last name", required_message="Enter the last name")
    known_as = _text(
        "Known as (optional)", help_text="The name the child uses, if it is not their first name."
    )
    date_of_birth = date_field(
        "Date of birth",
        errors_name="The date of birth",
        required=False,
        help_text="Leave empty for an unborn child. For example, 27 3 2016",
    )
    sex = radios("Sex", codes.Sex.choices, required_message="Select the child's sex")
    ethnicity = select(
        "Ethnicity",
        codes.Ethnicity.choices,
        prompt="Choose the ethnicity",
        help_text="As the child or their family describe it.",
        required_message="Select the child's ethnicity",
    )
    nhs_number = _text(
        "NHS number (optional)",
        help_text="10 digits, for example 999 013 7161",
        max_length=12,
        width="govuk-input--width-10",
    )
    upn = _text(
        "Unique pupil number (UPN) (optional)",
        help_text="13 characters, for example X999000123456. A number it replaces is kept as "
        "the former UPN.",
        max_length=20,
        width="govuk-input--width-20",
    )
    upn_unknown_reason = select(
        "If the UPN is not known, why not",
        codes.UPNUnknown.choices,
        prompt="The UPN is known",
        required=False,
        required_message="Select why the UPN is not known",
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.before = details_of(person)
        if person.date_of_birth is None and person.expected_date_of_birth is not None:
            # Unborn: the expected date stays until the date of birth is entered.
            self.add_field(
                "expected_date_of_birth",
                date_field(
                    "Expected date of birth",
                    errors_name="The expected date of birth",
                    required=False,
                    help_text="For example, 27 8 2025",
                ),
            )
            self.order_fields(["first_name", "middle_names", "last_name", "known_as",
                               "date_of_birth", "expected_date_of_birth"])  # fmt: skip

    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data["nhs_number"].strip()
        if value:
            validate_nhs_number(value)
            return normalise_nhs_number(value)
        return ""

    def clean_upn(self) -> str:
        value: str = self.cleaned_data["upn"].strip()
        if value:
            validate_upn(value)
            return normalise_upn(value)
        return ""

    def answers(self) -> list[Answer]:
        """Only what changes, each with what it was: the check page reads back the change."""
        shown = []
        after_all = details_from(self.before, self.cleaned_data)
        for answer, bound in zip(super().answers(), self.visible_fields(), strict=True):
            before, after = self.before[bound.name], after_all[bound.name]
            if (before or "") == (after or ""):
                continue
            was = self._before_text(bound.field, before)
            shown.append(Answer(answer.label, f"{answer.value}\nWas: {was}", answer.anchor))
        return shown

    @staticmethod
    def _before_text(field: forms.Field, value: Any) -> str:
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, NOT_GIVEN)) if value else NOT_GIVEN  # type: ignore[arg-type]
        if isinstance(value, date):
            return day_text(value)
        return str(value) if value else NOT_GIVEN


# --- Relationships ------------------------------------------------------------------------------

_KIND_LABEL = "What are they to the child?"


def _kind(required: bool = True) -> forms.ChoiceField:
    return select(
        _KIND_LABEL,
        codes.RelationshipKind.choices,
        prompt="Choose the relationship",
        required=required,
        required_message="Select what they are to the child",
    )


def _responsibility() -> forms.TypedChoiceField:
    return yes_no(
        "Do they have parental responsibility for the child?",
        help_text="For example, a mother, a father named on the birth certificate since "
        "December 2003, or someone with a court order.",
        required_message="Select yes if they have parental responsibility for the child",
    )


class _WhoForm(ActionForm):
    """'Who is it?': someone already on the child's record, or someone new (revealing their
    name and date of birth)."""

    reveals = {"who": {NEW_PERSON: ("first_name", "last_name", "date_of_birth")}}
    required_when_revealed = {"last_name": "Enter their last name"}

    def __init__(self, *args: Any, people: list[Person], who_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), f"{p.full_name}{_born(p)}") for p in people]
        self.add_field(
            "who",
            radios(
                who_label,
                [*choices, (NEW_PERSON, "Someone not on the record yet")],
                required_message="Select who it is",
            ),
        )
        _new_person_fields(self)
        self.order_fields(["who"])


class RelationshipAddForm(_WhoForm):
    kind = _kind()
    has_parental_responsibility = _responsibility()
    start_date = date_field(
        "When did the relationship start? (optional)",
        errors_name="The date the relationship started",
        required=False,
        help_text="Leave empty if it is from the child's birth or not known. For example, "
        "27 3 2025",
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, people=people, who_label="Who is it?", **kwargs)


class RelationshipChangeForm(ActionForm):
    kind = _kind()
    has_parental_responsibility = _responsibility()


class RelationshipEndForm(ActionForm):
    end_date = date_field(
        "When did the relationship end?", errors_name="The date the relationship ended"
    )


# --- The household ------------------------------------------------------------------------------


def _address_choice(label: str, residences: list[Residence]) -> forms.ChoiceField:
    return radios(
        label,
        [(str(r.pk), str(r.address)) for r in residences],
        required_message="Select the address",
    )


class HouseholdAddForm(_WhoForm):
    reveals = {
        "who": {
            NEW_PERSON: (
                "first_name",
                "last_name",
                "date_of_birth",
                "kind",
                "has_parental_responsibility",
            )
        }
    }
    required_when_revealed = {
        "last_name": "Enter their last name",
        "kind": "Select what they are to the child",
    }
    start_date = date_field("When did they move in?", errors_name="The date they moved in")

    def __init__(
        self, *args: Any, people: list[Person], homes: list[Residence], **kwargs: Any
    ) -> None:
        super().__init__(*args, people=people, who_label="Who has moved in?", **kwargs)
        self.add_field("kind", _kind(required=False))
        self.add_field("has_parental_responsibility", _responsibility())
        if len(homes) > 1:
            self.add_field("address", _address_choice("Where do they live with the child?", homes))
        self.order_fields(["who", "address"])


class HouseholdLeaveForm(ActionForm):
    end_date = date_field("When did they move out?", errors_name="The date they moved out")


# --- Moving house -------------------------------------------------------------------------------


class MoveForm(ActionForm):
    move_date = date_field("Date of the move", errors_name="The date of the move")
    line_1 = _text(
        "Address line 1",
        required_message="Enter the first line of the address",
        max_length=200,
    )
    line_2 = _text("Address line 2 (optional)", max_length=200)
    town = _text(
        "Town or city",
        required_message="Enter the town or city",
        width="govuk-!-width-two-thirds",
    )
    postcode = _text(
        "Postcode",
        required_message="Enter the postcode",
        max_length=10,
        width="govuk-input--width-10",
    )
    kind = radios(
        "What kind of address is it?",
        codes.AddressKind.choices,
        required_message="Select what kind of address it is",
    )

    def __init__(
        self,
        *args: Any,
        homes: list[Residence],
        household: list[Residence],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if len(homes) > 1:
            self.add_field("leaving", _address_choice("Which address is the child leaving?", homes))
        if household:
            self.add_field(
                "moving_with",
                forms.MultipleChoiceField(
                    label="Who else is moving? (optional)",
                    help_text="Select everyone who moves with the child. Anyone not selected "
                    "stays at the old address.",
                    required=False,
                    choices=[
                        (str(r.pk), f"{r.person.full_name}, at {r.address}") for r in household
                    ],
                    widget=forms.CheckboxSelectMultiple,
                ),
            )
        self.order_fields(["leaving", "move_date"])

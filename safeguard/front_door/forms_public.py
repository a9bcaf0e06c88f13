"""The pages of the public's "Report a concern about a child" form and of the professional
referral form, one form per page.

The public's pages ask one thing each, in plain words, and nearly everything about the child
may be left blank: a worried neighbour often knows only a first name and a street. A
professional's pages follow the multi-agency referral form, grouped by subject. Each form
only parses what was typed and reads it back for "Check your answers" (`summary`); what the
answers become is decided by `front_door.services` (`public_report_from` and
`professional_referral_from` hand them over).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from safeguard.common import codes
from safeguard.common.form_fields import date_field
from safeguard.common.forms import ActionBoundField, ActionForm, Answer, day_text
from safeguard.people.identifiers import (
    POSTCODE_INVALID,
    normalise_nhs_number,
    normalise_postcode,
    postcode_is_valid,
    validate_nhs_number,
)

from .services.public import (
    HouseholdMember,
    ProfessionalReferral,
    PublicReport,
    source_for_organisation_kind,
)

RADIOS_TEMPLATE = "front_door/public/field_radios.html"
HEADING_TEMPLATE = "front_door/public/field_heading.html"
NOT_KNOWN = "Not known"
NOT_GIVEN = "Not given"
DATE_HINT = "For example, 27 3 2019"

PHONE_INVALID = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
_PHONE = re.compile(r"\+?[0-9]{10,13}")
# Spaces, hyphens, dots and brackets people type in phone numbers.
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")

# --- Fields, with GOV.UK's error messages ----------------------------------------------------


def text(
    label: str,
    *,
    max_length: int,
    name_for_errors: str,
    required_message: str = "",
    help_text: str = "",
    width: str = "",
    autocomplete: str = "",
    textarea: bool = False,
) -> forms.CharField:
    """A text answer. Too long is an error that says the limit, never a silent cut: no
    `maxlength` on the input (GOV.UK: people paste, and lose what the browser drops)."""
    attrs: dict[str, Any] = {}
    if width:
        attrs["data-width"] = width
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if textarea:
        attrs["rows"] = 8
        attrs["spellcheck"] = "true"
    return forms.CharField(
        label=label,
        required=bool(required_message),
        help_text=help_text,
        widget=forms.Textarea(attrs) if textarea else forms.TextInput(attrs),
        error_messages={"required": required_message},
        validators=[
            MaxLengthValidator(
                max_length,
                message=f"{name_for_errors} must be {max_length:,} characters or fewer",
            )
        ],
    )


def radios(
    label: str,
    choices: Sequence[tuple[str, str]],
    *,
    required_message: str,
    help_text: str = "",
    hints: dict[str, str] | None = None,
) -> forms.ChoiceField:
    field = forms.ChoiceField(
        label=label,
        choices=list(choices),
        help_text=help_text,
        widget=forms.RadioSelect(),
        error_messages={"required": required_message, "invalid_choice": required_message},
    )
    field.option_hints = hints or {}  # type: ignore[attr-defined]
    return field


def phone_field(label: str, *, required_message: str = "", help_text: str = "") -> forms.CharField:
    return text(
        label,
        max_length=40,
        name_for_errors="Phone number",
        required_message=required_message,
        help_text=help_text,
        width="govuk-input--width-20",
        autocomplete="tel",
    )


def email_field(label: str, *, required_message: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=bool(required_message),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": required_message, "invalid": EMAIL_INVALID},
        validators=[
            MaxLengthValidator(254, message="Email address must be 254 characters or fewer")
        ],
    )


def clean_phone(value: str) -> str:
    value = value.strip()
    if value and not _PHONE.fullmatch(_PHONE_PUNCTUATION.sub("", value)):
        raise ValidationError(PHONE_INVALID, code="invalid_phone")
    return value


def clean_postcode(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if not postcode_is_valid(value):
        raise ValidationError(POSTCODE_INVALID, code="invalid_postcode")
    return normalise_postcode(value)


def checked_date_of_birth(born: date | None) -> date | None:
    """A child's date of birth: not in the future, and under 18 today."""
    if born is None:
        return None
    today = timezone.localdate()
    if born > today:
        raise ValidationError("The date of birth must be today or in the past", code="future")
    adult_if_born_by = today - relativedelta(years=18)
    if born <= adult_if_born_by:
        raise ValidationError(
            "The child must be under 18, so the date of birth must be after "
            f"{day_text(adult_if_born_by)}",
            code="adult",
        )
    return born


def checked_due_date(due: date | None) -> date | None:
    """An unborn baby's expected date of birth: from today to 10 months ahead."""
    if due is None:
        return None
    today = timezone.localdate()
    if due < today:
        raise ValidationError(
            "The expected date of birth must be today or in the future", code="past"
        )
    if due > today + relativedelta(months=10):
        raise ValidationError(
            "The expected date of birth must be within the next 10 months", code="too_far"
        )
    return due


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


# --- The page a form is drawn on -----------------------------------------------------------


class StepBoundField(ActionBoundField):
    @property
    def is_heading(self) -> bool:
        """The page asks only this question, so its label is the page's heading."""
        return isinstance(self.form, StepForm) and self.name == self.form.heading_field

    @property
    def question_options(self) -> list[dict[str, Any]]:
        """Each radio option with its hint and the fields it reveals."""
        hints = getattr(self.field, "option_hints", {})
        return [
            {"option": option, "revealed": revealed, "hint": hints.get(str(option.data["value"]))}
            for option, revealed in self.reveal_options
        ]


class StepForm(ActionForm):
    """One page of a report. `title` is the page's heading: the question itself when the page
    asks one (`heading_field`, whose label it is), else a heading above its questions."""

    bound_field_class = StepBoundField
    title: ClassVar[str] = ""
    caption: ClassVar[str] = ""
    # A sentence under the heading, for a page of several questions.
    description: ClassVar[str] = ""
    heading_field: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                field.template_name = RADIOS_TEMPLATE  # type: ignore[attr-defined]
            elif name == self.heading_field:
                field.template_name = HEADING_TEMPLATE  # type: ignore[attr-defined]

    def summary(self) -> list[Answer]:
        """The valid page read back for "Check your answers"."""
        raise NotImplementedError

    def _answer(self, label: str, value: str | list[str], field: str) -> Answer:
        return Answer(label, value, self[field].anchor)  # type: ignore[attr-defined]

    def _choice_label(self, field: str) -> str:
        choices = dict(self.fields[field].choices)  # type: ignore[attr-defined]
        return str(choices.get(self.cleaned_data.get(field), NOT_GIVEN))


# --- The public's report, one question a page ------------------------------------------------


class ChildNameForm(StepForm):
    title = "What is the child's name?"
    caption = "About the child"
    description = "Leave these blank if you do not know. You can still tell us about the child."

    child_first_name = text(
        "First name",
        max_length=100,
        name_for_errors="First name",
        width="govuk-!-width-two-thirds",
        autocomplete="off",
    )
    child_last_name = text(
        "Last name",
        max_length=100,
        name_for_errors="Last name",
        width="govuk-!-width-two-thirds",
        autocomplete="off",
    )

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        name = " ".join(p for p in (data["child_first_name"], data["child_last_name"]) if p)
        return [self._answer("Child's name", name or NOT_KNOWN, "child_first_name")]

    def clean_child_first_name(self) -> str:
        return " ".join(self.cleaned_data["child_first_name"].split())

    def clean_child_last_name(self) -> str:
        return " ".join(self.cleaned_data["child_last_name"].split())


AGE_CHOICES = [
    ("birth", "I know their date of birth"),
    ("age", "I know about how old they are"),
    ("unborn", "The baby is not born yet"),
    ("unknown", "I do not know"),
]


class ChildAgeForm(StepForm):
    title = "How old is the child?"
    caption = "About the child"
    heading_field = "child_age_known"
    reveals = {
        "child_age_known": {
            "birth": ("child_date_of_birth",),
            "age": ("child_age",),
            "unborn": ("child_expected_date_of_birth",),
        }
    }
    required_when_revealed = {"child_date_of_birth": "Enter the child's date of birth"}

    child_age_known = radios(
        "How old is the child?",
        AGE_CHOICES,
        required_message="Select if you know how old the child is",
    )
    child_date_of_birth = date_field(
        "Date of birth", errors_name="Date of birth", help_text=DATE_HINT, required=False
    )
    child_age = forms.IntegerField(
        label="Age in years",
        required=False,
        min_value=0,
        max_value=17,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "data-width": "govuk-input--width-3"}
        ),
        error_messages={
            "invalid": "Enter about how old the child is as a number, like 6",
            "min_value": "Enter about how old the child is as a number, like 6",
            "max_value": "The child must be under 18: enter an age from 0 to 17",
        },
    )
    child_expected_date_of_birth = date_field(
        "When is the baby due? (optional)",
        errors_name="The expected date of birth",
        help_text="For example, 14 8 2026",
        required=False,
    )

    def clean_child_date_of_birth(self) -> date | None:
        return checked_date_of_birth(self.cleaned_data.get("child_date_of_birth"))

    def clean_child_expected_date_of_birth(self) -> date | None:
        return checked_due_date(self.cleaned_data.get("child_expected_date_of_birth"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Not among `required_when_revealed`, which counts 0 (a baby) as no answer.
        if (
            cleaned.get("child_age_known") == "age"
            and cleaned.get("child_age") is None
            and "child_age" not in self.errors
        ):
            self.add_error("child_age", "Enter about how old the child is, like 6")
        return cleaned

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        known = data["child_age_known"]
        if known == "birth":
            value = f"Born {day_text(data['child_date_of_birth'])}"
        elif known == "age":
            age = data["child_age"]
            value = (
                "Under 1 year old" if age == 0 else f"About {age} year{'s' if age > 1 else ''} old"
            )
        elif known == "unborn":
            due = data["child_expected_date_of_birth"]
            value = f"Not born yet, due {day_text(due)}" if due else "Not born yet"
        else:
            value = NOT_KNOWN
        return [self._answer("Child's age", value, "child_age_known")]


class ChildAddressForm(StepForm):
    title = "Where does the child live?"
    caption = "About the child"

    child_address = text(
        "Address, street or area",
        max_length=200,
        name_for_errors="Address",
        help_text="Tell us as much as you know. Leave this blank if you do not know.",
        autocomplete="off",
    )
    child_postcode = text(
        "Postcode (if you know it)",
        max_length=8,
        name_for_errors="Postcode",
        width="govuk-input--width-10",
        autocomplete="off",
    )

    def clean_child_address(self) -> str:
        return " ".join(self.cleaned_data["child_address"].split())

    def clean_child_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["child_postcode"])

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        where = _lines(data["child_address"], data["child_postcode"])
        return [self._answer("Where the child lives", where or NOT_KNOWN, "child_address")]


class ChildSchoolForm(StepForm):
    title = "Which school or nursery does the child go to?"
    caption = "About the child"
    heading_field = "child_school"

    child_school = text(
        "Which school or nursery does the child go to?",
        max_length=200,
        name_for_errors="School or nursery",
        help_text="Leave this blank if you do not know, or if they do not go to one.",
        autocomplete="off",
    )

    def clean_child_school(self) -> str:
        return " ".join(self.cleaned_data["child_school"].split())

    def summary(self) -> list[Answer]:
        school = self.cleaned_data["child_school"]
        return [self._answer("School or nursery", school or NOT_KNOWN, "child_school")]


class WorryForm(StepForm):
    title = "What is worrying you about the child?"
    heading_field = "concerns"

    concerns = text(
        "What is worrying you about the child?",
        max_length=5000,
        name_for_errors="What is worrying you",
        required_message="Tell us what is worrying you about the child",
        help_text=(
            "Tell us what you have seen or heard, when it happened and who was there. "
            "Use your own words."
        ),
        textarea=True,
    )

    def clean_concerns(self) -> str:
        return str(self.cleaned_data["concerns"]).strip()

    def summary(self) -> list[Answer]:
        return [self._answer("What is worrying you", self.cleaned_data["concerns"], "concerns")]


DANGER_CHOICES = [
    ("yes", "Yes, the child is in danger right now"),
    ("not_sure", "I am not sure"),
    ("no", "No, not right now"),
]
# How soon the front door must act, from what the reporter said.
DANGER_URGENCY = {
    "yes": codes.ContactUrgency.IMMEDIATE,
    "not_sure": codes.ContactUrgency.TODAY,
    "no": codes.ContactUrgency.ROUTINE,
}


class DangerForm(StepForm):
    title = "Is the child in danger right now?"
    heading_field = "danger"

    danger = radios(
        "Is the child in danger right now?",
        DANGER_CHOICES,
        required_message="Select if the child is in danger right now",
        help_text="If the child is in danger right now, call 999 as well as sending this.",
    )

    def summary(self) -> list[Answer]:
        return [
            self._answer(
                "Is the child in danger right now?", self._choice_label("danger"), "danger"
            )
        ]


RELATIONSHIP_CHOICES = [
    ("family", "I am part of their family"),
    ("neighbour", "I am their neighbour"),
    ("friend", "I am a friend of the family"),
    ("self", "It is about me. I am the child or young person"),
    ("other", "Another way"),
]


class RelationshipForm(StepForm):
    title = "How do you know the child?"
    heading_field = "relationship"
    reveals = {"relationship": {"other": ("relationship_described",)}}
    required_when_revealed = {"relationship_described": "Tell us how you know the child"}

    relationship = radios(
        "How do you know the child?",
        RELATIONSHIP_CHOICES,
        required_message="Select how you know the child",
    )
    relationship_described = text(
        "How do you know them?",
        max_length=80,
        name_for_errors="How you know the child",
        help_text="For example, I see them at the park",
    )

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        value = self._choice_label("relationship")
        if data["relationship"] == "other":
            value = data["relationship_described"]
        return [self._answer("How you know the child", value, "relationship")]


class AboutYouForm(StepForm):
    title = "Can we contact you?"
    heading_field = "contact_me"
    reveals = {"contact_me": {"yes": ("name", "phone", "email")}}
    required_when_revealed = {"name": "Enter your name"}

    contact_me = radios(
        "Can we contact you?",
        [("yes", "Yes, I will give my name and how to contact me"), ("no", "No")],
        required_message="Select if we can contact you",
        help_text=(
            "We may need to ask you more about the child. We will not tell the child's "
            "family who sent this."
        ),
        hints={"no": "You will stay anonymous. We will still read what you send."},
    )
    name = text("Your name", max_length=200, name_for_errors="Your name", autocomplete="name")
    phone = phone_field("Phone number")
    email = email_field("Email address")

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("contact_me") == "yes"
            and not cleaned.get("phone")
            and not cleaned.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error(
                "phone", "Enter a phone number or an email address, so we can contact you"
            )
        return cleaned

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        if data["contact_me"] != "yes":
            return [self._answer("Your details", "You chose to stay anonymous", "contact_me")]
        return [
            self._answer(
                "Your details", _lines(data["name"], data["phone"], data["email"]), "contact_me"
            )
        ]


def public_report_from(answers: dict[str, Any]) -> PublicReport:
    """The public's report from the cleaned answers of all its pages."""
    known = answers["child_age_known"]
    anonymous = answers["contact_me"] != "yes"
    return PublicReport(
        concerns=answers["concerns"],
        relationship=answers["relationship"],
        relationship_described=answers["relationship_described"],
        urgency=DANGER_URGENCY[answers["danger"]],
        child_first_name=answers["child_first_name"],
        child_last_name=answers["child_last_name"],
        child_date_of_birth=answers["child_date_of_birth"] if known == "birth" else None,
        child_age=answers["child_age"] if known == "age" else None,
        child_unborn=known == "unborn",
        child_expected_date_of_birth=(
            answers["child_expected_date_of_birth"] if known == "unborn" else None
        )
        or None,
        child_address=answers["child_address"],
        child_postcode=answers["child_postcode"],
        child_school=answers["child_school"],
        anonymous=anonymous,
        name="" if anonymous else answers["name"],
        phone="" if anonymous else answers["phone"],
        email="" if anonymous else answers["email"],
    )


# --- The professional referral form, grouped by subject ----------------------------------------

# Census N00152 sources a professional chooses from, in plain words.
ORGANISATION_KINDS = [
    (codes.ReferralSource.SCHOOL, "School"),
    (codes.ReferralSource.EDUCATION_SERVICES, "Other education service, like a nursery or college"),
    (codes.ReferralSource.HEALTH_GP, "GP practice"),
    (codes.ReferralSource.HEALTH_VISITOR, "Health visiting"),
    (codes.ReferralSource.HEALTH_SCHOOL_NURSE, "School nursing"),
    (codes.ReferralSource.HEALTH_A_AND_E, "Accident and emergency (A&E)"),
    (codes.ReferralSource.HEALTH_OTHER, "Other health service, like a hospital or mental health"),
    (codes.ReferralSource.HOUSING, "Housing"),
    (codes.ReferralSource.POLICE, "Police"),
    (codes.ReferralSource.LA_SOCIAL_CARE, "Council: adult social care"),
    (codes.ReferralSource.LA_OTHER_INTERNAL, "Council: another department, like youth justice"),
    (codes.ReferralSource.LA_EARLY_HELP, "Council: early help"),
    (codes.ReferralSource.LA_EXTERNAL, "Another council"),
    (
        codes.ReferralSource.OTHER_LEGAL_AGENCY,
        "Courts, probation, Cafcass, prison or immigration",
    ),
    (codes.ReferralSource.OTHER, "Voluntary or other organisation"),
]


class PartnerReferrerForm(StepForm):
    """About the referrer, when they are signed in: their organisation is known."""

    title = "About you"

    referrer = text(
        "Your full name",
        max_length=200,
        name_for_errors="Your name",
        required_message="Enter your full name",
        autocomplete="name",
    )
    referrer_role = text(
        "Your job title or role",
        max_length=200,
        name_for_errors="Your role",
        required_message="Enter your job title or role",
        help_text="For example, designated safeguarding lead",
        autocomplete="organization-title",
    )
    referrer_phone = phone_field(
        "Phone number", required_message="Enter a phone number the front door can call you on"
    )
    referrer_email = email_field("Email address", required_message="Enter your email address")

    def clean_referrer(self) -> str:
        return " ".join(self.cleaned_data["referrer"].split())

    def clean_referrer_role(self) -> str:
        return " ".join(self.cleaned_data["referrer_role"].split())

    def clean_referrer_phone(self) -> str:
        return clean_phone(self.cleaned_data["referrer_phone"])

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        return [
            self._answer("Your name", data["referrer"], "referrer"),
            self._answer("Your role", data["referrer_role"], "referrer_role"),
            self._answer("Phone number", data["referrer_phone"], "referrer_phone"),
            self._answer("Email address", data["referrer_email"], "referrer_email"),
        ]


class ReferrerForm(PartnerReferrerForm):
    """About the referrer, for a professional without an account."""

    referrer_organisation = text(
        "Organisation",
        max_length=200,
        name_for_errors="Organisation",
        required_message="Enter the name of your organisation",
        help_text="For example, Northgate Primary School",
        autocomplete="organization",
    )
    organisation_kind = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=[("", "Choose the kind of organisation"), *ORGANISATION_KINDS],
        error_messages={
            "required": "Select the kind of organisation you work for",
            "invalid_choice": "Select the kind of organisation you work for",
        },
    )

    field_order = [
        "referrer",
        "referrer_role",
        "referrer_organisation",
        "organisation_kind",
        "referrer_phone",
        "referrer_email",
    ]

    def clean_referrer_organisation(self) -> str:
        return " ".join(self.cleaned_data["referrer_organisation"].split())

    def summary(self) -> list[Answer]:
        rows = super().summary()
        kind = dict(ORGANISATION_KINDS).get(self.cleaned_data["organisation_kind"], NOT_GIVEN)
        return [
            *rows[:2],
            self._answer(
                "Organisation",
                _lines(self.cleaned_data["referrer_organisation"], str(kind)),
                "referrer_organisation",
            ),
            *rows[2:],
        ]


CONSENT_CHOICES = [
    (codes.ContactConsent.GIVEN, "Yes, they agreed"),
    (codes.ContactConsent.REFUSED, "I asked, and they did not agree"),
    (codes.ContactConsent.NOT_SOUGHT, "No, I have not asked them"),
]


class ConsentForm(StepForm):
    title = "Have you asked the parents or carers if they agree to this referral?"
    heading_field = "consent"
    reveals = {
        "consent": {
            codes.ContactConsent.REFUSED: ("refused_reason",),
            codes.ContactConsent.NOT_SOUGHT: ("not_sought_reason",),
        }
    }
    required_when_revealed = {
        "refused_reason": "Tell us what the parents or carers said",
        "not_sought_reason": "Tell us why you have not asked the parents or carers",
    }

    consent = radios(
        "Have you asked the parents or carers if they agree to this referral?",
        CONSENT_CHOICES,
        required_message="Select if you have asked the parents or carers",
        help_text=(
            "Ask them first, unless asking could put the child at risk of significant harm "
            "or get in the way of a police investigation."
        ),
    )
    refused_reason = text(
        "What did they say?",
        max_length=2000,
        name_for_errors="What the parents or carers said",
        textarea=True,
    )
    not_sought_reason = text(
        "Why have you not asked them?",
        max_length=2000,
        name_for_errors="Why you have not asked",
        help_text="For example, asking could put the child at risk of significant harm",
        textarea=True,
    )

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        value = _lines(
            self._choice_label("consent"), data["refused_reason"] or data["not_sought_reason"]
        )
        return [self._answer("Parents or carers agree", value, "consent")]


SEX_CHOICES = [
    (codes.Sex.FEMALE, "Female"),
    (codes.Sex.MALE, "Male"),
    (codes.Sex.UNKNOWN, "Not known"),
]


class ChildDetailsForm(StepForm):
    title = "About the child"
    reveals = {
        "child_born": {
            "yes": ("child_date_of_birth",),
            "unborn": ("child_expected_date_of_birth",),
        }
    }
    required_when_revealed = {
        "child_date_of_birth": "Enter the child's date of birth",
        "child_expected_date_of_birth": "Enter the expected date of birth",
    }

    child_first_name = text(
        "First names",
        max_length=100,
        name_for_errors="First names",
        help_text="Leave this blank for an unborn baby",
        width="govuk-!-width-two-thirds",
        autocomplete="off",
    )
    child_last_name = text(
        "Last name",
        max_length=100,
        name_for_errors="Last name",
        help_text="For an unborn baby, the mother's last name",
        width="govuk-!-width-two-thirds",
        autocomplete="off",
    )
    child_born = radios(
        "Has the child been born?",
        [("yes", "Yes"), ("unborn", "No, this is an unborn baby")],
        required_message="Select if the child has been born",
    )
    child_date_of_birth = date_field(
        "Date of birth", errors_name="Date of birth", help_text=DATE_HINT, required=False
    )
    child_expected_date_of_birth = date_field(
        "Expected date of birth",
        errors_name="The expected date of birth",
        help_text="For example, 14 8 2026",
        required=False,
    )
    child_sex = radios("Sex", SEX_CHOICES, required_message="Select the child's sex")
    child_address = text(
        "Address (if known)",
        max_length=200,
        name_for_errors="Address",
        help_text="Where the child lives now",
        autocomplete="off",
    )
    child_postcode = text(
        "Postcode (if known)",
        max_length=8,
        name_for_errors="Postcode",
        width="govuk-input--width-10",
        autocomplete="off",
    )
    child_school = text(
        "School, nursery or college (optional)",
        max_length=200,
        name_for_errors="School",
        autocomplete="off",
    )
    child_nhs_number = text(
        "NHS number (optional)",
        max_length=20,
        name_for_errors="NHS number",
        help_text="For example, 485 777 3456",
        width="govuk-input--width-10",
        autocomplete="off",
    )

    def clean_child_first_name(self) -> str:
        return " ".join(self.cleaned_data["child_first_name"].split())

    def clean_child_last_name(self) -> str:
        return " ".join(self.cleaned_data["child_last_name"].split())

    def clean_child_date_of_birth(self) -> date | None:
        return checked_date_of_birth(self.cleaned_data.get("child_date_of_birth"))

    def clean_child_expected_date_of_birth(self) -> date | None:
        return checked_due_date(self.cleaned_data.get("child_expected_date_of_birth"))

    def clean_child_address(self) -> str:
        return " ".join(self.cleaned_data["child_address"].split())

    def clean_child_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["child_postcode"])

    def clean_child_school(self) -> str:
        return " ".join(self.cleaned_data["child_school"].split())

    def clean_child_nhs_number(self) -> str:
        value = self.cleaned_data["child_nhs_number"].strip()
        if not value:
            return ""
        validate_nhs_number(value)
        return normalise_nhs_number(value)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # A born child is referred by name; an unborn baby may have none yet.
        if cleaned.get("child_born") == "yes":
            for name, message in (
                ("child_first_name", "Enter the child's first name"),
                ("child_last_name", "Enter the child's last name"),
            ):
                if name not in self.errors and not cleaned.get(name):
                    self.add_error(name, message)
        return cleaned

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        name = " ".join(p for p in (data["child_first_name"], data["child_last_name"]) if p)
        if data["child_born"] == "yes":
            born = day_text(data["child_date_of_birth"])
        else:
            born = f"Unborn, due {day_text(data['child_expected_date_of_birth'])}"
        return [
            self._answer("Name", name or NOT_GIVEN, "child_first_name"),
            self._answer("Date of birth", born, "child_born"),
            self._answer("Sex", self._choice_label("child_sex"), "child_sex"),
            self._answer(
                "Address",
                _lines(data["child_address"], data["child_postcode"]) or NOT_GIVEN,
                "child_address",
            ),
            self._answer(
                "School, nursery or college", data["child_school"] or NOT_GIVEN, "child_school"
            ),
            self._answer("NHS number", data["child_nhs_number"] or NOT_GIVEN, "child_nhs_number"),
        ]


HOUSEHOLD_ROWS = 4


class HouseholdForm(StepForm):
    """Who lives with the child: up to four people, each a name and how they are related
    (a fixed set of rows, so it works without JavaScript)."""

    title = "Who lives with the child?"
    description = (
        "Tell us about up to 4 people, for example parents, carers, brothers and sisters. "
        "If more people live with the child, tell us about them with your concern."
    )
    template_name = "front_door/public/household_fields.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, HOUSEHOLD_ROWS + 1):
            self.add_field(
                f"person_{number}_name",
                text(
                    "Name",
                    max_length=200,
                    name_for_errors=f"Name of person {number}",
                    autocomplete="off",
                ),
            )
            self.add_field(
                f"person_{number}_relationship",
                text(
                    "Relationship to the child",
                    max_length=100,
                    name_for_errors=f"Relationship of person {number}",
                    help_text="For example, mother, stepfather, sister",
                    autocomplete="off",
                ),
            )

    @property
    def people(self) -> list[dict[str, Any]]:
        """The rows as the template draws them: a fieldset per person."""
        return [
            {
                "number": number,
                "name": self[f"person_{number}_name"],
                "relationship": self[f"person_{number}_relationship"],
            }
            for number in range(1, HOUSEHOLD_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for number in range(1, HOUSEHOLD_ROWS + 1):
            name_key, relationship_key = f"person_{number}_name", f"person_{number}_relationship"
            if name_key in self.errors or relationship_key in self.errors:
                continue
            name = " ".join(str(cleaned.get(name_key, "")).split())
            relationship = " ".join(str(cleaned.get(relationship_key, "")).split())
            cleaned[name_key], cleaned[relationship_key] = name, relationship
            if name and not relationship:
                self.add_error(
                    relationship_key, f"Enter how person {number} is related to the child"
                )
            elif relationship and not name:
                self.add_error(name_key, f"Enter the name of person {number}")
        return cleaned

    def household(self) -> tuple[HouseholdMember, ...]:
        return tuple(
            HouseholdMember(
                name=self.cleaned_data[f"person_{n}_name"],
                relationship=self.cleaned_data[f"person_{n}_relationship"],
            )
            for n in range(1, HOUSEHOLD_ROWS + 1)
            if self.cleaned_data[f"person_{n}_name"]
        )

    def summary(self) -> list[Answer]:
        people = [f"{m.name} ({m.relationship})" for m in self.household()]
        return [self._answer("People", people or "None given", "person_1_name")]


URGENCY_CHOICES = [
    (codes.ContactUrgency.IMMEDIATE, "Now: the child may be at risk of significant harm"),
    (codes.ContactUrgency.TODAY, "Today"),
    (codes.ContactUrgency.ROUTINE, "Within 1 working day"),
]


class ConcernForm(StepForm):
    title = "Your concern"

    concerns = text(
        "What is your concern about the child?",
        max_length=10000,
        name_for_errors="Your concern",
        required_message="Describe your concern about the child",
        help_text="What you have seen, heard or been told, when, and by whom.",
        textarea=True,
    )
    actions_taken = text(
        "What have you done so far?",
        max_length=5000,
        name_for_errors="What you have done",
        required_message="Tell us what you have done so far, or that you have done nothing yet",
        help_text="For example, spoke to the parent, told the police, gave first aid.",
        textarea=True,
    )
    urgency = radios(
        "How soon do you think the front door needs to act?",
        URGENCY_CHOICES,
        required_message="Select how soon the front door needs to act",
        hints={
            codes.ContactUrgency.IMMEDIATE: (
                "If the child is in immediate danger, call 999 and phone the front door as well."
            )
        },
    )

    def clean_concerns(self) -> str:
        return str(self.cleaned_data["concerns"]).strip()

    def clean_actions_taken(self) -> str:
        return str(self.cleaned_data["actions_taken"]).strip()

    def summary(self) -> list[Answer]:
        data = self.cleaned_data
        return [
            self._answer("Your concern", data["concerns"], "concerns"),
            self._answer("What you have done", data["actions_taken"], "actions_taken"),
            self._answer("How soon", self._choice_label("urgency"), "urgency"),
        ]


def professional_referral_from(
    answers: dict[str, Any], household: tuple[HouseholdMember, ...], organisation: Any = None
) -> ProfessionalReferral:
    """The referral from the cleaned answers of all its pages. A signed-in partner user's
    organisation (`agencies.PartnerOrganisation`) names the agency and its census source."""
    consent = answers["consent"]
    unborn = answers["child_born"] == "unborn"
    if organisation is not None:
        referrer_organisation = organisation.name
        source = source_for_organisation_kind(organisation.kind)
    else:
        referrer_organisation = answers["referrer_organisation"]
        source = answers["organisation_kind"]
    return ProfessionalReferral(
        referrer=answers["referrer"],
        referrer_role=answers["referrer_role"],
        referrer_organisation=referrer_organisation,
        referrer_phone=answers["referrer_phone"],
        referrer_email=answers["referrer_email"],
        source=source,
        consent=consent,
        consent_reason=answers["refused_reason"] or answers["not_sought_reason"],
        concerns=answers["concerns"],
        actions_taken=answers["actions_taken"],
        urgency=answers["urgency"],
        child_first_name=answers["child_first_name"],
        child_last_name=answers["child_last_name"],
        child_date_of_birth=None if unborn else answers["child_date_of_birth"],
        child_unborn=unborn,
        child_expected_date_of_birth=answers["child_expected_date_of_birth"] if unborn else None,
        child_sex=answers["child_sex"],
        child_address=answers["child_address"],
        child_postcode=answers["child_postcode"],
        child_school=answers["child_school"],
        child_nhs_number=answers["child_nhs_number"],
        household=household,
    )

"""The MASH's forms: recording a phone, email or in-person contact, and what a front-door
worker or manager does to one (match the child, rate, override consent, ask partners, decide,
tell the referrer).

They parse what was typed; the rules (a reason for every rating, an answer not before the
question, a decision only about a matched child...) are the services', whose refusals come
back onto the form beside the input they name.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguard.common import codes
from safeguard.common.form_fields import date_field, long_text, radios, select
from safeguard.common.forms import ActionForm

from .models import ReferrerFeedback

TIME_HINT = "For example, 9:30am or 14:30"
TIME_FORMAT = "Enter the time like 9:30am or 14:30"
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")

YES = "yes"
NO = "no"


def text(label: str, *, required_message: str = "", help_text: str = "", **attrs: str) -> Any:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=200,
        widget=forms.TextInput(attrs=attrs or None),
        error_messages={"required": required_message},
    )


class TimeOfDayField(forms.CharField):
    """A time typed as people write it: 9:30am, 2pm, 14:30, 09.30."""

    def __init__(self, *, label: str, required_message: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            help_text=TIME_HINT,
            max_length=10,
            error_messages={"required": required_message},
            widget=forms.TextInput(attrs={"data-width": "govuk-input--width-5"}),
            **kwargs,
        )

    def clean(self, value: Any) -> time | None:
        typed = str(super().clean(value) or "").strip().lower().replace(" ", "")
        if not typed:
            return None
        match = _TIME.match(typed)
        if match is None:
            raise ValidationError(TIME_FORMAT, code="invalid")
        hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if half:
            if not 1 <= hour <= 12:
                raise ValidationError(TIME_FORMAT, code="invalid")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(TIME_FORMAT, code="invalid")
        return time(hour, minute)


def moment(on: date, at: time) -> datetime:
    """A date and a time of day in the authority's time zone."""
    return timezone.make_aware(datetime.combine(on, at))


def now_initial() -> dict[str, Any]:
    """Today and the time now, to start a "when" question with."""
    now = timezone.localtime()
    return {"on": now.date(), "at": f"{now:%H:%M}"}


# --- Deciding the contact ---------------------------------------------------------------------


class ContactDecisionForm(ActionForm):
    decision = radios(
        "What has the front door decided?",
        codes.ContactDecision.choices,
        required_message="Select the decision on the contact",
        help_text="A referral, with or without a strategy discussion, opens a referral to "
        "children's social care straight away.",
    )
    primary_need = select(
        "The child's primary need",
        codes.PrimaryNeed.choices,
        prompt="Choose the primary need",
        help_text="The census category of need for the referral.",
        required=False,
        required_message="Select the child's primary need",
    )
    strategy_primary_need = select(
        "Primary need for the referral",
        codes.PrimaryNeed.choices,
        prompt="Choose the primary need",
        help_text="The census category of need for the referral.",
        required=False,
        required_message="Select the child's primary need",
    )
    rationale = long_text(
        "Why is this the right response?",
        required_message="Enter the reason for the decision",
        help_text="Say what the checks found and why this response meets the child's needs. "
        "Your manager and inspectors will read this.",
    )

    reveals = {
        "decision": {
            codes.ContactDecision.REFERRAL.value: ("primary_need",),
            codes.ContactDecision.STRATEGY_DISCUSSION.value: ("strategy_primary_need",),
        }
    }
    required_when_revealed = {
        "primary_need": "Select the child's primary need",
        "strategy_primary_need": "Select the child's primary need",
    }

    def chosen_primary_need(self) -> str:
        data = self.cleaned_data
        return str(data.get("primary_need") or data.get("strategy_primary_need") or "")


# --- The RAG rating, consent, information requests, feedback ---------------------------------


class ContactRatingForm(ActionForm):
    rating = radios(
        "How urgent is the risk to the child?",
        codes.RagRating.choices,
        required_message="Select red, amber or green",
        help_text="Red: the child may be at risk of significant harm now. Amber: concerns "
        "that need a response today. Green: no immediate risk.",
    )
    reason = long_text(
        "Why this rating?",
        required_message="Enter the reason for the rating",
        help_text="If you are changing the rating, say what has changed.",
    )


class ConsentOverrideForm(ActionForm):
    reason = long_text(
        "Why is the front door going ahead without consent?",
        required_message="Enter why the front door proceeds without consent",
        help_text="For example, asking would put the child at risk of significant harm, or "
        "the concern is about significant harm and the family refused. This is recorded "
        "with your name.",
    )


class InformationRequestForm(ActionForm):
    partner_organisation = forms.TypedChoiceField(
        label="Partner agency",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Choose an agency the council shares information with.",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    agency = text(
        "Or type the agency's name",
        help_text="If the agency is not in the list, for example a GP practice in another area.",
    )
    asked_of = text(
        "Who did you ask? (optional)",
        help_text="The person or role, for example the designated safeguarding lead.",
    )
    question = long_text(
        "What are you asking?",
        required_message="Enter what you are asking the agency",
        help_text="Ask only what you need to decide the contact.",
    )

    def __init__(self, *args: Any, partners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner_organisation"].choices = [  # type: ignore[attr-defined]
            ("", "Choose an agency"),
            *partners,
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        chosen, typed = cleaned.get("partner_organisation"), cleaned.get("agency", "").strip()
        if chosen is None and not typed:
            self.add_error(
                "partner_organisation", "Choose the agency from the list, or type its name"
            )
        elif chosen is not None and typed:
            self.add_error("agency", "Choose the agency from the list or type its name, not both")
        return cleaned


class InformationAnswerForm(ActionForm):
    answered_by = text(
        "Who answered?",
        required_message="Enter who answered",
        help_text="Their name and role, for example Sam Example, school nurse.",
    )
    answered_on = date_field("Date of the answer", errors_name="The date of the answer")
    answered_at = TimeOfDayField(
        label="Time of the answer", required_message="Enter the time of the answer"
    )
    answer = long_text(
        "What did they say?",
        required_message="Enter what the agency said",
        rows=8,
    )

    @staticmethod
    def when(answers: dict[str, Any]) -> datetime:
        return moment(answers["answered_on"], answers["answered_at"])


class FeedbackForm(ActionForm):
    method = radios(
        "How did you tell the referrer?",
        ReferrerFeedback.Method.choices,
        required_message="Select how the referrer was told",
    )
    given_on = date_field("Date you told them", errors_name="The date you told them")
    given_at = TimeOfDayField(label="Time you told them", required_message="Enter the time")

    @staticmethod
    def when(answers: dict[str, Any]) -> datetime:
        return moment(answers["given_on"], answers["given_at"])


# --- The child ---------------------------------------------------------------------------------

SEX_CHOICES = [
    (codes.Sex.FEMALE, "Female"),
    (codes.Sex.MALE, "Male"),
    (codes.Sex.UNKNOWN, "Not known"),
]


class NewChildForm(ActionForm):
    """A child the authority does not know, recorded from what the sender and the checks
    said."""

    first_name = text("First name", help_text="Leave blank if it is not known.")
    last_name = text(
        "Last name",
        help_text="Leave blank if it is not known: the child is recorded as 'Unknown' until "
        "someone finds out.",
    )
    born = radios(
        "Has the child been born?",
        [(YES, "Yes"), (NO, "No, the child is unborn")],
        required_message="Select whether the child has been born",
    )
    date_of_birth = date_field(
        "Date of birth",
        errors_name="The date of birth",
        help_text="Leave blank if it is not known. For example, 27 3 2016",
        required=False,
    )
    expected_date_of_birth = date_field(
        "Expected date of birth",
        errors_name="The expected date of birth",
        help_text="For example, 20 6 2025",
        required=False,
    )
    sex = radios(
        "Sex",
        SEX_CHOICES,
        required_message="Select the child's sex, or 'Not known'",
        inline=True,
    )

    reveals = {"born": {YES: ("date_of_birth",), NO: ("expected_date_of_birth",)}}
    required_when_revealed = {"expected_date_of_birth": "Enter the expected date of birth"}

    @staticmethod
    def child_details(data: dict[str, Any]) -> dict[str, Any]:
        """The child as the service records them, from the form's answers."""
        unborn = data["born"] == NO
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "date_of_birth": None if unborn else data["date_of_birth"] or None,
            "expected_date_of_birth": data["expected_date_of_birth"] or None if unborn else None,
            "sex": codes.Sex.UNKNOWN if unborn else data["sex"] or codes.Sex.UNKNOWN,
        }

    @classmethod
    def initial_from(cls, described: dict[str, Any]) -> dict[str, Any]:
        """Start from what the sender said about the child."""

        def day(key: str) -> date | None:
            try:
                return date.fromisoformat(str(described.get(key, "")))
            except ValueError:
                return None

        unborn = bool(described.get("unborn") or described.get("expected_date_of_birth"))
        initial: dict[str, Any] = {
            "first_name": described.get("first_name", ""),
            "last_name": described.get("last_name", ""),
            "born": NO if unborn else "",
            "date_of_birth": day("date_of_birth"),
            "expected_date_of_birth": day("expected_date_of_birth"),
        }
        if described.get("sex") in codes.Sex.values:
            initial["sex"] = described["sex"]
        return initial


# --- Recording a phone, email or in-person contact -------------------------------------------

INTAKE_ROUTES = [
    (codes.ContactRoute.PHONE, "Phone call"),
    (codes.ContactRoute.EMAIL, "Email"),
    (codes.ContactRoute.IN_PERSON, "In person"),
]
CHILD_FIELDS = (
    "first_name",
    "last_name",
    "born",
    "date_of_birth",
    "age",
    "expected_date_of_birth",
    "sex",
    "address_line",
    "postcode",
    "school",
)


class ContactNewForm(ActionForm):
    """What a caller, emailer or visitor told the front door. Without a known child, what
    they said about the child is kept as said (the contact waits to be matched)."""

    route = radios(
        "How did the contact come in?",
        INTAKE_ROUTES,
        required_message="Select how the contact came in",
        inline=True,
    )
    # The child, as described (only when the child was not found).
    first_name = text("Child's first name", help_text="Leave blank if it is not known.")
    last_name = text("Child's last name", help_text="Leave blank if it is not known.")
    born = radios(
        "Has the child been born?",
        [(YES, "Yes"), (NO, "No, the child is unborn")],
        required_message="Select whether the child has been born",
    )
    date_of_birth = date_field(
        "Date of birth",
        errors_name="The date of birth",
        help_text="Leave blank if it is not known. For example, 27 3 2016",
        required=False,
    )
    age = text(
        "Age, if the date of birth is not known",
        help_text="For example, about 6",
        **{"data-width": "govuk-input--width-10"},
    )
    expected_date_of_birth = date_field(
        "Expected date of birth",
        errors_name="The expected date of birth",
        help_text="For example, 20 6 2025",
        required=False,
    )
    sex = select(
        "Sex (optional)",
        SEX_CHOICES,
        prompt="Not given",
        required=False,
        required_message="Choose the child's sex",
    )
    address_line = text("Where the child lives (optional)", help_text="House and street")
    postcode = text("Postcode (optional)", **{"data-width": "govuk-input--width-10"})
    school = text("School or nursery (optional)")
    household = long_text(
        "Who else lives with the child? (optional)",
        help_text="One person a line: their name, a comma, and how they are related to the "
        "child. For example: Sam Example, mother",
        rows=4,
    )
    # Who made the contact.
    referrer_anonymous = forms.BooleanField(
        label="The person did not want to give their name", required=False
    )
    referrer = text("Their name")
    referrer_role = text("Their role (optional)", help_text="For example, class teacher")
    referrer_organisation = text("Their organisation (optional)")
    referrer_phone = text(
        "Phone number (optional)", autocomplete="off", **{"data-width": "govuk-input--width-20"}
    )
    referrer_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    referrer_relationship = text(
        "How do they know the child? (optional)",
        help_text="For example, neighbour, grandparent, GP",
    )
    source = select(
        "Who made the contact, for the census?",
        codes.ReferralSource.choices,
        prompt="Choose who made the contact",
        required_message="Select who made the contact",
    )
    # Consent, the worry, what was done, urgency.
    consent = radios(
        "Does the family know and agree?",
        codes.ContactConsent.choices,
        required_message="Select whether the family consented",
    )
    consent_reason = long_text(
        "What did the family say, or why was consent not sought? (optional)", rows=3
    )
    concerns = long_text(
        "What is the worry about the child?",
        required_message="Enter what the worry is",
        help_text="In the person's own words where you can: what happened, when, and who "
        "was involved.",
        rows=8,
    )
    actions_taken = long_text(
        "What has the person already done? (optional)",
        help_text="For example, told the police, or spoken to the parent.",
        rows=3,
    )
    urgency = radios(
        "How urgent is it?",
        codes.ContactUrgency.choices,
        required_message="Select how urgent it is",
    )

    reveals = {
        "born": {
            YES: ("date_of_birth", "age"),
            NO: ("expected_date_of_birth",),
        }
    }
    required_when_revealed = {"expected_date_of_birth": "Enter the expected date of birth"}

    SECTIONS = (
        ("How it came in", ("route",)),
        ("The child", (*CHILD_FIELDS, "household")),
        (
            "Who made the contact",
            (
                "referrer_anonymous",
                "referrer",
                "referrer_role",
                "referrer_organisation",
                "referrer_phone",
                "referrer_email",
                "referrer_relationship",
                "source",
            ),
        ),
        ("Consent", ("consent", "consent_reason")),
        ("The worry", ("concerns", "actions_taken", "urgency")),
    )

    child_known = False

    def sections(self) -> list[tuple[str, list[Any]]]:
        """The questions in groups, for the page's headings (revealed ones drawn inside the
        question that reveals them)."""
        groups = []
        for heading, names in self.SECTIONS:
            fields = [
                self[name]
                for name in names
                if name in self.fields and not self[name].is_revealed  # type: ignore[attr-defined]
            ]
            if fields:
                groups.append((heading, fields))
        return groups

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        named = cleaned.get("referrer_anonymous") or str(cleaned.get("referrer", "")).strip()
        if not named and "referrer" not in self.errors:
            self.add_error(
                "referrer", "Enter the person's name, or say they did not want to give it"
            )
        born = cleaned.get("date_of_birth")
        if born and born > timezone.localdate():
            self.add_error(
                "date_of_birth",
                "The date of birth must be today or in the past. If the child is not born "
                "yet, say so and give the expected date of birth.",
            )
        return cleaned

    def child_as_described(self) -> dict[str, Any]:
        """What was said about the child, only what was given (dates as ISO)."""
        if self.child_known:
            return {}
        data = self.cleaned_data
        unborn = data.get("born") == NO
        described: dict[str, Any] = {
            "first_name": data.get("first_name", "").strip(),
            "last_name": data.get("last_name", "").strip(),
            "address_line": data.get("address_line", "").strip(),
            "postcode": data.get("postcode", "").strip().upper(),
            "school": data.get("school", "").strip(),
            "sex": data.get("sex", ""),
        }
        if unborn:
            described["unborn"] = True
            if data.get("expected_date_of_birth"):
                described["expected_date_of_birth"] = data["expected_date_of_birth"].isoformat()
        else:
            if data.get("date_of_birth"):
                described["date_of_birth"] = data["date_of_birth"].isoformat()
            described["age"] = data.get("age", "").strip()
        return {key: value for key, value in described.items() if value}

    def household_as_described(self) -> list[dict[str, str]]:
        if self.child_known:
            return []
        members = []
        for line in str(self.cleaned_data.get("household", "")).splitlines():
            line = line.strip()
            if not line:
                continue
            name, _, relationship = line.rpartition(",")
            if not name:
                name, relationship = relationship, ""
            members.append(
                {
                    key: value
                    for key, value in (
                        ("name", name.strip()),
                        ("relationship", relationship.strip()),
                    )
                    if value
                }
            )
        return members

    def contact_details(self) -> dict[str, Any]:
        """The contact's fields for `contact_receive`, beyond the route, source, concerns and
        child."""
        data = self.cleaned_data
        anonymous = bool(data.get("referrer_anonymous"))
        return {
            "referrer": "" if anonymous else data["referrer"].strip(),
            "referrer_anonymous": anonymous,
            "referrer_role": data["referrer_role"].strip(),
            "referrer_organisation": data["referrer_organisation"].strip(),
            "referrer_phone": data["referrer_phone"].strip(),
            "referrer_email": data["referrer_email"].strip(),
            "referrer_relationship": data["referrer_relationship"].strip(),
            "consent": data["consent"],
            "consent_reason": data["consent_reason"].strip(),
            "actions_taken": data["actions_taken"].strip(),
            "urgency": data["urgency"],
            "child_as_described": self.child_as_described(),
            "household_as_described": self.household_as_described(),
        }


class KnownChildContactForm(ContactNewForm):
    """The same questions about a child already found by a search: nothing to describe, so
    nothing to reveal."""

    child_known = True
    reveals: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {}
    required_when_revealed: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (*CHILD_FIELDS, "household"):
            del self.fields[name]


def contact_new_form(*args: Any, child_known: bool, **kwargs: Any) -> ContactNewForm:
    return (KnownChildContactForm if child_known else ContactNewForm)(*args, **kwargs)

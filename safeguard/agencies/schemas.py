"""What a partner may send: one schema per event type, the child, and the adults at the
address. Shared by the API (single and bulk) and the file import, so a row in a nightly
extract is held to exactly the rules of a single submission.

Every string has a length limit no longer than its column and refuses control characters
(PostgreSQL cannot store NUL), so whatever passes here can be stored.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from safeguard.people.identifiers import (
    POSTCODE_INVALID,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    postcode_is_valid,
    validate_nhs_number,
    validate_upn,
)

CONTROL_CHARACTERS = "Remove control characters (such as tabs or NUL) from this text"
DATE_IN_FUTURE = "This date is in the future: give the date it happened"
DATE_AS_TEXT = "Give the date as text, YYYY-MM-DD (a date and time: YYYY-MM-DDThh:mm+01:00)"
DATE_TOO_EARLY = "This date is before 1900: check it was entered correctly"
CHILD_NOT_IDENTIFIED = (
    "Give the child's date of birth, NHS number or unique pupil number with their last name, "
    "so they can be matched to the right record"
)
PERIOD_ENDS_BEFORE_START = "period_end is before period_start"
NAME_NEEDS_LETTERS = "A last name needs at least one letter A to Z"
SUSPENSION_NEEDS_DAYS = "A suspension needs the number of school days (days)"
RETURNED_BEFORE_MISSING = "returned_at is before went_missing_at"
# Only a notification about a household may leave out the child; it names the household by
# its address or by the adults in it, so the children living there can be found.
HOUSEHOLD_EVENT_TYPES = (
    "concern",
    "domestic_abuse_notification",
    "household_member_arrest",
    "eviction",
)
CHILD_REQUIRED_FOR_TYPE = (
    "Name the child this event is about: only a notification about a household ("
    + ", ".join(HOUSEHOLD_EVENT_TYPES)
    + ") may leave the child out"
)
HOUSEHOLD_NOT_IDENTIFIED = (
    "Name the child, or, for a notification about a household, give its address (the "
    "event's postcode and address_line) or the adults in it"
)
EARLIEST = date(1900, 1, 1)
# Every list and string is bounded so one request cannot be made arbitrarily large.
MAX_ADULTS = 10

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError(CONTROL_CHARACTERS)
    return value


def printable(text: str) -> str:
    """`text` with each control character written out as \\xNN. Error reports and the audit
    trail name what was wrong (an unknown field's name, an unexpected event_type, a path),
    and PostgreSQL cannot store NUL, so a refusal must not carry the character itself."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


# The Idempotency-Key header is stored with what it keys, so it is held to the text rules.
IdempotencyKey = Annotated[str, AfterValidator(_no_control_characters)]


def _line(max_length: int) -> Any:
    """A single line of text: newlines refused too."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_length),
        AfterValidator(_no_control_characters),
        AfterValidator(_single_line),
    ]


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("Give this on one line")
    return value


def _text(max_length: int) -> Any:
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_length),
        AfterValidator(_no_control_characters),
    ]


def _required_text(max_length: int) -> Any:
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_no_control_characters),
    ]


def _has_latin_letter(value: str) -> str:
    if not _LATIN_LETTER.search(value):
        raise ValueError(NAME_NEEDS_LETTERS)
    return value


# People are matched on the Latin letters of their names (people.search_keys): a last name
# must have at least one, or the person cannot be matched or recorded.
_LATIN_LETTER = re.compile("[A-Za-z]")
LastName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_control_characters),
    AfterValidator(_single_line),
    AfterValidator(_has_latin_letter),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": "[A-Za-z]",
            "description": "At least one letter A to Z (accents and hyphens are fine)",
        }
    ),
]


def _required_line(max_length: int) -> Any:
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_no_control_characters),
        AfterValidator(_single_line),
    ]


def _past_date(value: date) -> date:
    if value < EARLIEST:
        raise ValueError(DATE_TOO_EARLY)
    if value > timezone.localdate():
        raise ValueError(DATE_IN_FUTURE)
    return value


def _past_datetime(value: datetime) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    _past_date(timezone.localtime(value).date())
    return value


def _nhs_number(value: str) -> str:
    if not value:
        return value
    try:
        validate_nhs_number(value)
    except DjangoValidationError as error:
        raise ValueError(error.messages[0]) from None
    return normalise_nhs_number(value)


def _upn(value: str) -> str:
    if not value:
        return value
    try:
        validate_upn(value)
    except DjangoValidationError as error:
        raise ValueError(error.messages[0]) from None
    return normalise_upn(value)


def _postcode(value: str) -> str:
    if not value:
        return value
    if not postcode_is_valid(value):
        raise ValueError(POSTCODE_INVALID)
    return normalise_postcode(value)


def _blank_is_none(value: Any) -> Any:
    # CSV cells are "" when empty: an empty optional date means "not given".
    return None if value == "" else value


def _date_as_text(value: Any) -> Any:
    # Pydantic would read a number as seconds since 1970: a date is sent as YYYY-MM-DD.
    if isinstance(value, int | float):
        raise ValueError(DATE_AS_TEXT)
    return value


PastDate = Annotated[date, BeforeValidator(_date_as_text), AfterValidator(_past_date)]
OptionalPastDate = Annotated[PastDate | None, BeforeValidator(_blank_is_none)]
PastDateTime = Annotated[datetime, BeforeValidator(_date_as_text), AfterValidator(_past_datetime)]
OptionalPastDateTime = Annotated[PastDateTime | None, BeforeValidator(_blank_is_none)]
# Check digits cannot be written as a pattern: the schema names a format and describes it.
NhsNumber = Annotated[
    str,
    StringConstraints(max_length=14),
    AfterValidator(_nhs_number),
    WithJsonSchema(
        {
            "type": "string",
            "format": "nhs-number",
            "maxLength": 14,
            "description": "10 digits with a valid check digit (spaces or hyphens allowed)",
        }
    ),
]
Upn = Annotated[
    str,
    StringConstraints(max_length=16),
    AfterValidator(_upn),
    WithJsonSchema(
        {
            "type": "string",
            "format": "upn",
            "maxLength": 16,
            "description": "Unique pupil number: 13 characters with a valid check letter",
        }
    ),
]
_POSTCODE_PATTERN = "[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}"
Postcode = Annotated[
    str,
    StringConstraints(max_length=10),
    AfterValidator(_postcode),
    WithJsonSchema({"type": "string", "maxLength": 10, "pattern": f"^(|{_POSTCODE_PATTERN})$"}),
]
RequiredPostcode = Annotated[
    str,
    StringConstraints(min_length=1, max_length=10),
    AfterValidator(_postcode),
    WithJsonSchema({"type": "string", "maxLength": 10, "pattern": f"^{_POSTCODE_PATTERN}$"}),
]
Sex = Literal["M", "F", "U", ""]
HarmType = Literal[
    "physical_abuse",
    "emotional_abuse",
    "sexual_abuse",
    "neglect",
    "sexual_exploitation",
    "criminal_exploitation",
    "other",
    "",
]


class _Strict(Schema):
    # An unknown field is an error, not silently dropped: a misspelt field name would
    # otherwise lose what the partner meant to tell us.
    model_config = ConfigDict(extra="forbid")


class PersonIn(_Strict):
    """A person as the partner knows them (hub contract: IncomingPerson). Every field may be
    blank; the child needs enough of them to be found."""

    first_name: _line(100) = ""  # type: ignore[valid-type]
    last_name: _line(100) = ""  # type: ignore[valid-type]
    date_of_birth: OptionalPastDate = None
    sex: Sex = ""
    postcode: Postcode = ""
    address_line: _line(200) = ""  # type: ignore[valid-type]
    nhs_number: NhsNumber = ""
    upn: Upn = ""


class ChildIn(PersonIn):
    """The child the event is about: a last name and at least one of a date of birth, an NHS
    number or a unique pupil number, so they can be matched to the right record."""

    last_name: LastName

    @model_validator(mode="after")
    def _identifiable(self) -> ChildIn:
        if not (self.nhs_number or self.upn or self.date_of_birth):
            raise ValueError(CHILD_NOT_IDENTIFIED)
        return self


class AdultIn(PersonIn):
    """An adult at the child's address, with their part in what happened (e.g. "arrested",
    "victim", "alleged perpetrator", "parent")."""

    last_name: LastName
    role: _line(100) = ""  # type: ignore[valid-type]


# --- The event types ------------------------------------------------------------------------
# Each has its own required fields; `event_date()` says which of them dates the event in the
# child's chronology. `summary` is what the partner wants the worker to read; `significant`
# is the partner's own view that it matters (some types are significant whatever it says).


class _EventBase(_Strict):
    summary: _text(5000) = ""  # type: ignore[valid-type]
    significant: bool = False

    def event_date(self) -> date:  # pragma: no cover - every type overrides it
        raise NotImplementedError

    def event_address(self) -> tuple[str, str]:
        """(postcode, address line) of the address the event is about, where it names one."""
        return ("", "")


class AttendanceConcern(_EventBase):
    """A school's concern about a pupil's attendance over a period (period_end dates it)."""

    event_type: Literal["attendance_concern"]
    school: _required_line(200)  # type: ignore[valid-type]
    period_start: PastDate
    period_end: PastDate
    attendance_percent: float = Field(ge=0, le=100)
    unauthorised_absence_sessions: int | None = Field(default=None, ge=0, le=1000)

    @model_validator(mode="after")
    def _period_in_order(self) -> AttendanceConcern:
        if self.period_end < self.period_start:
            raise ValueError(PERIOD_ENDS_BEFORE_START)
        return self

    def event_date(self) -> date:
        return self.period_end


class ChildMissingEducation(_EventBase):
    """A child of compulsory school age not on a school roll nor receiving suitable
    education elsewhere (Education Act 1996 s.436A), dated by the last day they attended."""

    event_type: Literal["child_missing_education"]
    last_attended_on: PastDate
    last_known_school: _line(200) = ""  # type: ignore[valid-type]
    enquiries_made: _text(2000) = ""  # type: ignore[valid-type]

    def event_date(self) -> date:
        return self.last_attended_on


class RemovedFromRoll(_EventBase):
    """A pupil's name deleted from the school's admission register: the school, the date
    removed, and the reason and destination if known."""

    event_type: Literal["removed_from_roll"]
    school: _required_line(200)  # type: ignore[valid-type]
    date_removed: PastDate
    # The ground for deletion from the admission register, as the school records it.
    reason: _line(200) = ""  # type: ignore[valid-type]
    destination: _line(200) = Field(  # type: ignore[valid-type]
        default="", description="Where the child has gone, if known"
    )

    def event_date(self) -> date:
        return self.date_removed


class ElectiveHomeEducation(_EventBase):
    """Parents have told the school they will educate the child at home (dated by when the
    school was told)."""

    event_type: Literal["elective_home_education"]
    school: _required_line(200)  # type: ignore[valid-type]
    date_notified: PastDate
    date_removed: OptionalPastDate = None
    reason_given: _text(2000) = ""  # type: ignore[valid-type]

    def event_date(self) -> date:
        return self.date_notified


class Exclusion(_EventBase):
    """A suspension (with its number of school days) or a permanent exclusion."""

    event_type: Literal["exclusion"]
    school: _required_line(200)  # type: ignore[valid-type]
    kind: Literal["suspension", "permanent_exclusion"]
    start_date: PastDate
    days: int | None = Field(default=None, ge=1, le=45)
    reason: _line(200) = ""  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _suspension_has_days(self) -> Exclusion:
        if self.kind == "suspension" and self.days is None:
            raise ValueError(SUSPENSION_NEEDS_DAYS)
        return self

    def event_date(self) -> date:
        return self.start_date


class MissedHealthAppointment(_EventBase):
    """A health appointment the child was not brought to: the service and the appointment
    date."""

    event_type: Literal["missed_health_appointment"]
    service: _required_line(200)  # type: ignore[valid-type]
    appointment_date: PastDate
    appointment_kind: _line(200) = ""  # type: ignore[valid-type]
    follow_up: _text(2000) = ""  # type: ignore[valid-type]

    def event_date(self) -> date:
        return self.appointment_date


class EmergencyDepartmentAttendance(_EventBase):
    """An attendance at an emergency department: the hospital, when, and the presenting
    complaint."""

    event_type: Literal["emergency_department_attendance"]
    hospital: _required_line(200)  # type: ignore[valid-type]
    attended_at: PastDateTime
    presenting_complaint: _required_line(500)  # type: ignore[valid-type]
    accompanied_by: _line(200) = ""  # type: ignore[valid-type]

    def event_date(self) -> date:
        return timezone.localtime(self.attended_at).date()


class Injury(_EventBase):
    """An injury a professional saw: when, what, and any explanation given; `non_mobile` for
    a baby not yet independently mobile."""

    event_type: Literal["injury"]
    seen_on: PastDate
    description: _required_line(1000)  # type: ignore[valid-type]
    explanation_given: _text(2000) = ""  # type: ignore[valid-type]
    # An injury to a baby who cannot yet move about on their own needs particular care.
    non_mobile: bool | None = None

    def event_date(self) -> date:
        return self.seen_on


class WeightOrDevelopmentConcern(_EventBase):
    """A concern from a weight, growth or developmental check."""

    event_type: Literal["weight_or_development_concern"]
    seen_on: PastDate
    concern: Literal["weight", "growth", "development", "speech_and_language", "other"]
    measurement: _line(200) = ""  # type: ignore[valid-type]

    def event_date(self) -> date:
        return self.seen_on


class DomesticAbuseNotification(_EventBase):
    """A domestic abuse incident at the child's address: the date, the address, the DASH
    risk level and whether children were present."""

    event_type: Literal["domestic_abuse_notification"]
    incident_date: PastDate
    address_line: _required_line(200)  # type: ignore[valid-type]
    postcode: RequiredPostcode
    # The DASH risk assessment's grading.
    risk_level: Literal["standard", "medium", "high"]
    children_present: bool | None = None
    police_reference: _line(50) = ""  # type: ignore[valid-type]

    def event_date(self) -> date:
        return self.incident_date

    def event_address(self) -> tuple[str, str]:
        return (self.postcode, self.address_line)


class PoliceProtection(_EventBase):
    """Children Act 1989 s.46: removal to or kept in suitable accommodation for up to 72 hours."""

    event_type: Literal["police_protection"]
    taken_at: PastDateTime
    reason: _required_line(1000)  # type: ignore[valid-type]
    place_of_safety: _line(200) = ""  # type: ignore[valid-type]
    police_reference: _line(50) = ""  # type: ignore[valid-type]

    def event_date(self) -> date:
        return timezone.localtime(self.taken_at).date()


class HouseholdMemberArrest(_EventBase):
    """The arrest of someone in the child's household (name them in `adults` with role
    "arrested")."""

    event_type: Literal["household_member_arrest"]
    arrest_date: PastDate
    offence_category: Literal[
        "violence", "sexual", "domestic_abuse", "drugs", "weapons", "acquisitive", "other"
    ]
    relationship_to_child: _line(100) = ""  # type: ignore[valid-type]
    police_reference: _line(50) = ""  # type: ignore[valid-type]
    address_line: _line(200) = Field(  # type: ignore[valid-type]
        default="", description="The household's address, when no child is named"
    )
    postcode: Postcode = ""

    def event_date(self) -> date:
        return self.arrest_date

    def event_address(self) -> tuple[str, str]:
        return (self.postcode, self.address_line)


class Eviction(_EventBase):
    """A stage of eviction proceedings against the child's household."""

    event_type: Literal["eviction"]
    stage: Literal["notice_served", "possession_order", "eviction_carried_out"]
    stage_date: PastDate
    address_line: _required_line(200)  # type: ignore[valid-type]
    postcode: RequiredPostcode
    rehoused: bool | None = None

    def event_date(self) -> date:
        return self.stage_date

    def event_address(self) -> tuple[str, str]:
        return (self.postcode, self.address_line)


class Concern(_EventBase):
    """Any other concern, in the partner's own words (summary), dated when it happened. Not
    for urgent referrals: phone the front door."""

    event_type: Literal["concern"]
    occurred_on: PastDate
    summary: _required_text(5000)  # type: ignore[valid-type]
    harm_type: HarmType = Field(
        default="",
        description="The harm the concern is about, if you can say: the categories of abuse "
        "in Working Together to Safeguard Children (physical_abuse, emotional_abuse, "
        "sexual_abuse, neglect) or exploitation. A concern of sexual harm (sexual_abuse, "
        "sexual_exploitation) about a child on a child protection plan or looked after is "
        "sent at once to the allocated social worker and their manager",
    )
    address_line: _line(200) = Field(  # type: ignore[valid-type]
        default="", description="The household's address, when no child is named"
    )
    postcode: Postcode = ""

    def event_date(self) -> date:
        return self.occurred_on

    def event_address(self) -> tuple[str, str]:
        return (self.postcode, self.address_line)


class MissingEpisode(_EventBase):
    """A child missing from home or from care (statutory guidance on children who run away
    or go missing from home or care, DfE 2014): when they went missing, from where, and,
    once they are back, when and where they were found."""

    event_type: Literal["missing_episode"]
    missing_from: Literal["home", "care_placement", "school", "other"]
    went_missing_at: PastDateTime
    returned_at: OptionalPastDateTime = Field(
        default=None, description="When the child was found or came back; blank if still missing"
    )
    where_found: _line(200) = ""  # type: ignore[valid-type]
    police_reference: _line(50) = ""  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _returned_after_missing(self) -> MissingEpisode:
        if self.returned_at is not None and self.returned_at < self.went_missing_at:
            raise ValueError(RETURNED_BEFORE_MISSING)
        return self

    def event_date(self) -> date:
        return timezone.localtime(self.went_missing_at).date()


EVENT_SCHEMAS: tuple[type[_EventBase], ...] = (
    AttendanceConcern,
    ChildMissingEducation,
    RemovedFromRoll,
    ElectiveHomeEducation,
    Exclusion,
    MissedHealthAppointment,
    EmergencyDepartmentAttendance,
    Injury,
    WeightOrDevelopmentConcern,
    DomesticAbuseNotification,
    PoliceProtection,
    HouseholdMemberArrest,
    Eviction,
    Concern,
    MissingEpisode,
)

EventIn = Annotated[
    AttendanceConcern
    | ChildMissingEducation
    | RemovedFromRoll
    | ElectiveHomeEducation
    | Exclusion
    | MissedHealthAppointment
    | EmergencyDepartmentAttendance
    | Injury
    | WeightOrDevelopmentConcern
    | DomesticAbuseNotification
    | PoliceProtection
    | HouseholdMemberArrest
    | Eviction
    | Concern
    | MissingEpisode,
    Field(discriminator="event_type"),
]


# One valid submission of each type: shown in the API reference and the OpenAPI schema, and
# sent by the schemathesis run's examples phase. Generated people only.
EXAMPLE_CHILD: dict[str, Any] = {
    "first_name": "Amara",
    "last_name": "Okonkwo-Test",
    "date_of_birth": "2016-04-12",
    "sex": "F",
    "postcode": "nb1 2ab",
    "address_line": "12 Example Road",
}

EXAMPLE_EVENTS: dict[str, dict[str, Any]] = {
    "attendance_concern": {
        "school": "Northgate Primary",
        "period_start": "2025-09-03",
        "period_end": "2025-10-17",
        "attendance_percent": 71.5,
        "unauthorised_absence_sessions": 14,
    },
    "child_missing_education": {
        "last_attended_on": "2025-10-01",
        "last_known_school": "Northgate Primary",
        "enquiries_made": "Home visit, no answer; neighbours say the family left.",
    },
    "removed_from_roll": {
        "school": "Northgate Primary",
        "date_removed": "2025-10-20",
        "reason": "Moved away",
        "destination": "Not known",
    },
    "elective_home_education": {
        "school": "Northgate Primary",
        "date_notified": "2025-10-14",
        "reason_given": "Parent's letter gives no reason.",
    },
    "exclusion": {
        "school": "Northgate Primary",
        "kind": "suspension",
        "start_date": "2025-10-06",
        "days": 3,
    },
    "missed_health_appointment": {
        "service": "Community paediatrics",
        "appointment_date": "2025-10-02",
        "appointment_kind": "Developmental review",
    },
    "emergency_department_attendance": {
        "hospital": "Northgate General",
        "attended_at": "2025-10-11T21:40:00+01:00",
        "presenting_complaint": "Burn to the hand",
    },
    "injury": {
        "seen_on": "2025-10-12",
        "description": "Bruising to the upper arm",
        "explanation_given": "Fell in the park",
        "non_mobile": False,
    },
    "weight_or_development_concern": {
        "seen_on": "2025-09-30",
        "concern": "weight",
        "measurement": "Weight fell from 50th to 9th centile",
    },
    "domestic_abuse_notification": {
        "incident_date": "2025-10-18",
        "address_line": "12 Example Road",
        "postcode": "NB1 2AB",
        "risk_level": "high",
        "children_present": True,
        "police_reference": "NP-2025-001",
    },
    "police_protection": {
        "taken_at": "2025-10-19T02:10:00+01:00",
        "reason": "Child found alone at night",
        "place_of_safety": "Emergency foster carer",
    },
    "household_member_arrest": {
        "arrest_date": "2025-10-15",
        "offence_category": "violence",
        "relationship_to_child": "Mother's partner",
    },
    "eviction": {
        "stage": "notice_served",
        "stage_date": "2025-10-01",
        "address_line": "12 Example Road",
        "postcode": "NB1 2AB",
    },
    "concern": {
        "occurred_on": "2025-10-10",
        "summary": "Child said she is often hungry at home.",
        "harm_type": "neglect",
    },
    "missing_episode": {
        "missing_from": "home",
        "went_missing_at": "2025-10-16T19:30:00+01:00",
        "returned_at": "2025-10-17T08:15:00+01:00",
        "where_found": "A friend's flat in town",
        "police_reference": "NP-2025-014",
    },
}


# A police notification that names only the household's address (no child).
EXAMPLE_HOUSEHOLD_NOTIFICATION: dict[str, Any] = {
    "reference": "example-household",
    "event": {
        "event_type": "domestic_abuse_notification",
        **EXAMPLE_EVENTS["domestic_abuse_notification"],
    },
}


def _submission_examples() -> list[JsonValue]:
    return [
        {
            "reference": f"example-{event_type}",
            "child": EXAMPLE_CHILD,
            "event": {"event_type": event_type, **fields},
        }
        for event_type, fields in EXAMPLE_EVENTS.items()
    ] + [EXAMPLE_HOUSEHOLD_NOTIFICATION]


def _no_child_cells(value: Any) -> Any:
    # A CSV row with no child_ columns arrives as an empty object: no child named.
    return None if value == {} else value


class SubmissionIn(_Strict):
    """One event about one child, and optionally the adults at the address; or, for a
    notification about a household, the event with its address or the adults (no child)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": _submission_examples()}
    )

    reference: _line(100) = Field(  # type: ignore[valid-type]
        default="", description="Your own reference for this submission, if you keep one"
    )
    event: EventIn
    adults: list[AdultIn] = Field(default_factory=list, max_length=MAX_ADULTS)
    # After the event and the adults, so its check can read them.
    child: Annotated[ChildIn | None, BeforeValidator(_no_child_cells)] = Field(
        default=None,
        validate_default=True,
        description="The child the event is about. Leave it out only for a notification about "
        "a household (" + ", ".join(HOUSEHOLD_EVENT_TYPES) + "), and then give the "
        "household's address (the event's postcode and address_line) or the adults in it: "
        "each child living there becomes a contact for the front door",
    )

    @field_validator("child", mode="after")
    @classmethod
    def _child_or_household(cls, child: ChildIn | None, info: ValidationInfo) -> ChildIn | None:
        event = info.data.get("event")
        if child is not None or event is None:
            return child  # a bad event is reported on its own
        if event.event_type not in HOUSEHOLD_EVENT_TYPES:
            raise ValueError(CHILD_REQUIRED_FOR_TYPE)
        if "adults" not in info.data:
            return child  # bad adults are reported on their own
        postcode, address_line = event.event_address()
        if not (postcode and address_line) and not info.data["adults"]:
            raise ValueError(HOUSEHOLD_NOT_IDENTIFIED)
        return child


submission_adapter: TypeAdapter[SubmissionIn] = TypeAdapter(SubmissionIn)


# --- Responses ------------------------------------------------------------------------------


class SubmissionOut(Schema):
    """What a partner is told about their submission: never case content."""

    id: int
    reference: str
    status: Literal["received", "linked", "awaiting_review", "decided"]
    received_at: datetime
    decided_at: datetime | None
    outcome: str = Field(description="What happened, in fixed words without case detail")
    contact_reference: str | None = Field(
        default=None,
        description="The front door's reference for the contact this submission made (a "
        "concern, an injury, a domestic abuse notification, a missing episode, an event you "
        "marked significant, or a notification about a household); quote it if you phone "
        "the front door. Null when the event was recorded without a contact",
    )


class RowReport(Schema):
    row: int = Field(description="1 for the first data row (a CSV header is not counted)")
    stored: bool
    submission_id: int | None = None
    contact_reference: str | None = Field(
        default=None, description="The front door's reference, when the row made a contact"
    )
    errors: list[str] = Field(default_factory=list)


class BatchIn(_Strict):
    # Rows are checked one by one (not here) so a bad row is reported, not fatal.
    rows: list[Any] = Field(
        max_length=10_000,
        description="Each row is one submission (a SubmissionIn object, as POST /api/events "
        "takes); each is stored or rejected on its own",
    )


class BatchOut(Schema):
    batch_id: int
    received: int
    stored: int
    rejected: int
    rows: list[RowReport] = Field(
        description="Every row of a bulk request. For a file the authority imported for you, "
        "the rejected rows only (the first 1,000), each with its reasons: every other row "
        "was stored"
    )


class CheckIn(_Strict):
    """Ask by NHS number, or by name and date of birth."""

    nhs_number: NhsNumber = ""
    first_name: _line(100) = ""  # type: ignore[valid-type]
    last_name: _line(100) = ""  # type: ignore[valid-type]
    date_of_birth: OptionalPastDate = None

    @model_validator(mode="after")
    def _enough_to_ask(self) -> CheckIn:
        if not self.nhs_number and not (self.first_name and self.last_name and self.date_of_birth):
            raise ValueError(CHECK_NEEDS_IDENTITY)
        return self


CHECK_NEEDS_IDENTITY = "Give an NHS number, or a first name, last name and date of birth"


class CheckOut(Schema):
    child_protection_plan: bool
    child_protection_plan_start_date: date | None
    looked_after: bool
    looked_after_start_date: date | None
    responsible_team_phone: str = Field(
        description="Blank when neither flag is set: partners are told nothing more"
    )
    answer: Literal["flag", "no_flag"] = Field(
        description='"flag" when either flag is set; "no_flag" for a child not known and a '
        "known child with neither flag alike. A child who cannot be confirmed from the "
        "details given is answered 409 (CheckNotConfirmedOut), never no_flag"
    )


class CheckNotConfirmedOut(Schema):
    """The details given may be a child on a plan or looked after, but do not identify them
    surely (a misspelt name, twins): the partner phones the front door. Not a yes, not a no."""

    detail: str = Field(
        description="We cannot confirm this child from these details. Phone the front door "
        "on <number>."
    )
    answer: Literal["cannot_confirm"]
    front_door_phone: str = Field(description="Blank when the front door has no number recorded")


class ErrorOut(Schema):
    detail: str


class InvalidInputOut(Schema):
    detail: str
    errors: list[str] = Field(
        default_factory=list,
        description='Each "field.path: what is wrong" (empty when the detail says it all)',
    )


def error_messages(exc: Any) -> list[str]:
    """Pydantic errors as "field.path: message" lines a partner can act on."""
    messages = []
    for error in exc.errors():
        where = printable(".".join(str(part) for part in error["loc"]))
        message = printable(str(error["msg"]).removeprefix("Value error, "))
        messages.append(f"{where}: {message}" if where else message)
    return messages

"""The providers register's rules, as plain functions of plain values (no models, no
requests): what an Ofsted URN looks like, how Ofsted's words read as codes, which dates an
inspection may have, and when a placement has to be reviewed.

The services, the forms, the Ofsted file's reader and the demo all ask these, so each rule is
written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from safeguard.cases.workflow.rules import looked_after as placement_rules
from safeguard.common.errors import SafeguardError

from .codes import Grade, InspectionKind, ProviderKind, RegistrationStatus

# Ofsted's unique reference numbers (SC064050, 2610709): the shape a placement's URN is
# checked against too.
URN_PATTERN = placement_rules.URN_PATTERN
URN_FORMAT = (
    "An Ofsted URN is SC followed by 6 digits (for example SC064050) or 6 or 7 digits (for "
    "example 2610709): copy it from the provider's Ofsted report."
)
URN_REQUIRED = "Enter the provider's Ofsted URN"
URN_TAKEN = "A provider with URN {urn} is already in the register: {name}"

INSPECTION_IN_FUTURE = "The inspection date must be today or in the past"
PUBLISHED_IN_FUTURE = "The publication date must be today or in the past"
PUBLISHED_BEFORE_INSPECTION = (
    "The publication date must be the same as or after the inspection date"
)
INSPECTION_ALREADY_RECORDED = (
    "This provider's {kind} on {day} is already recorded ({grade}). To record another "
    "inspection, check its date and kind"
)


@dataclass(frozen=True)
class Problem:
    """One rule broken: the sentence a person reads and the inputs it is about."""

    message: str
    fields: tuple[str, ...] = ()


class ProvidersRefused(SafeguardError):
    """One or more of the register's rules were broken; nothing was written. Its `violations`
    are shown beside the inputs they name (`common.forms.add_errors_from`)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.violations = tuple(problems)
        super().__init__(
            " ".join(p.message for p in self.violations),
            fields=tuple(dict.fromkeys(f for p in self.violations for f in p.fields)),
            code="providers_refused",
        )


def refuse_if(problems: list[Problem]) -> None:
    if problems:
        raise ProvidersRefused(problems)


# --- URNs -----------------------------------------------------------------------------------


def urn_normalise(value: str) -> str:
    """A URN as typed or pasted ("sc 064050 ") written the one way the register keeps it."""
    return re.sub(r"\s+", "", value or "").upper()


def urn_problems(urn: str, *, field: str = "urn") -> list[Problem]:
    """An Ofsted URN, in the shape Ofsted issues them (`URN_PATTERN`)."""
    if not urn:
        return [Problem(URN_REQUIRED, (field,))]
    if URN_PATTERN.fullmatch(urn) is None:
        return [Problem(f"{urn} is not an Ofsted URN. {URN_FORMAT}", (field,))]
    return []


# --- Ofsted's words -------------------------------------------------------------------------


def words_key(text: str) -> str:
    """Ofsted's spelling varies between files ("Children's home", "Children's Home", a curly
    apostrophe, a dash for a hyphen): compare words, not characters."""
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


_KINDS = {words_key(kind.label): kind for kind in ProviderKind}
_STATUSES = {words_key(status.label): status for status in RegistrationStatus}
_INSPECTION_KINDS = {words_key(kind.label): kind for kind in InspectionKind} | {
    # Ofsted's files write an emergency inspection of a social care setting this way.
    words_key("SC - Emergency inspection"): InspectionKind.EMERGENCY,
}
_GRADES = {words_key(grade.label): grade for grade in Grade} | {
    # Older reports' and forms' short form of the third grade.
    words_key("Requires improvement"): Grade.REQUIRES_IMPROVEMENT,
}
# What Ofsted's files hold in the grade's column when an inspection gave no four-point grade:
# nothing, a database's NULL, "Not judged", or an interim inspection's finding in words.
NOT_GRADED_WORDS = frozenset(
    words_key(words)
    for words in (
        "",
        "NULL",
        "Not judged",
        "Improved effectiveness",
        "Sustained effectiveness",
        "Declined effectiveness",
        "Declined in effectiveness",
    )
)


def provider_kind_from(text: str) -> ProviderKind | None:
    """Ofsted's "Provision type", or None for words Ofsted does not use."""
    return _KINDS.get(words_key(text))


def registration_status_from(text: str) -> RegistrationStatus | None:
    return _STATUSES.get(words_key(text))


def inspection_kind_from(text: str) -> InspectionKind | None:
    return _INSPECTION_KINDS.get(words_key(text))


def grade_from(text: str) -> str | None:
    """The four-point grade in Ofsted's words: the grade's code, "" for an inspection that
    gave none (`NOT_GRADED_WORDS`), or None for anything else."""
    key = words_key(text)
    if key in NOT_GRADED_WORDS:
        return ""
    grade = _GRADES.get(key)
    return grade.value if grade is not None else None


def known_words(
    choices: Iterable[Grade | ProviderKind | RegistrationStatus | InspectionKind],
) -> str:
    """Ofsted's words for a list of choices, as an error message lists them."""
    return ", ".join(f'"{choice.label}"' for choice in choices)


# --- Inspections ----------------------------------------------------------------------------


def inspection_date_problems(
    *,
    inspection_date: date | None,
    publication_date: date | None,
    today: date,
) -> list[Problem]:
    """An inspection has happened (not after today); its report is published on or after
    the inspection and not after today. A date not given is not checked here."""
    problems = []
    if inspection_date is not None and inspection_date > today:
        problems.append(Problem(INSPECTION_IN_FUTURE, ("inspection_date",)))
    if publication_date is not None:
        if publication_date > today:
            problems.append(Problem(PUBLISHED_IN_FUTURE, ("publication_date",)))
        elif inspection_date is not None and publication_date < inspection_date:
            problems.append(Problem(PUBLISHED_BEFORE_INSPECTION, ("publication_date",)))
    return problems


def became_inadequate(before: str, after: str) -> bool:
    """Whether a provider's current grade has just fallen to inadequate: what tells each
    placed child's worker and team manager to review the placement."""
    return after == Grade.INADEQUATE and before != Grade.INADEQUATE


# The order that makes an inspection a provider's current one among its graded inspections:
# the latest inspected, and of two on one day the one recorded last. Every reader of "the
# current grade" (the register, the provider page, the task list) orders by this.
CURRENT_FIRST = ("-inspection_date", "-pk")

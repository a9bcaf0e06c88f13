"""The named rules a looked-after child's health record keeps. Plain functions over dates:
the services, the pages and the demo generator ask the same ones.

Each returns the violations found (empty when the rule holds), named in the one registry of
rules (`cases.workflow.rules.names.Rule`), as every statutory rule is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from safeguard.cases.workflow.rules import Violation
from safeguard.cases.workflow.rules.core import fmt, violation
from safeguard.cases.workflow.rules.names import Rule
from safeguard.people.ages import age_on
from safeguard.timescales.working_days import add_months

SDQ_LOWEST = 0
SDQ_HIGHEST = 40
SDQ_YOUNGEST = 4
SDQ_OLDEST = 16

__all__ = [
    "care_record_date_within_period",
    "conviction_age_10_or_over",
    "health_date_within_care_period",
    "initial_health_assessment_once",
    "iro_contact_by_iro",
    "iro_contact_seen_alone_fits",
    "iro_contact_within_care_period",
    "missing_end_not_before_start",
    "missing_episodes_do_not_overlap",
    "missing_return_recorded_once",
    "missing_within_care_period",
    "mother_is_female",
    "mother_old_enough",
    "mother_recorded_once",
    "pep_from_age_3",
    "pep_initial_once",
    "pep_review_after_initial",
    "return_interview_after_return",
    "return_interview_answers_fit",
    "sdq_age_4_to_16",
    "sdq_score_in_range",
    "uasc_ceased_fits",
    "uasc_recorded_once",
]


def health_date_within_care_period(
    start_date: date, end_date: date | None, field: str, on: date | None
) -> list[Violation]:
    """An assessment, check or score recorded for a period of care falls within it: the
    health clocks run from its start, and SSDA903 OC2 counts what was done while the child
    was looked after."""
    return _within(Rule.HEALTH_DATE_WITHIN_CARE_PERIOD, start_date, end_date, field, on)


def care_record_date_within_period(
    start_date: date, end_date: date | None, field: str, on: date | None
) -> list[Violation]:
    """A personal education plan, a conviction or a substance misuse problem identified is
    recorded in the period of care it happened in: the PEP clocks run from the period's start,
    and SSDA903 OC2 counts what happened while the child was looked after."""
    return _within(Rule.CARE_RECORD_DATE_WITHIN_PERIOD, start_date, end_date, field, on)


def _within(
    rule: Rule, start_date: date, end_date: date | None, field: str, on: date | None
) -> list[Violation]:
    if on is None:
        return []
    if on < start_date:
        return [
            violation(
                rule,
                f"The date must be on or after {fmt(start_date)}, when the child became "
                "looked after.",
                field,
            )
        ]
    if end_date is not None and on > end_date:
        return [
            violation(
                rule,
                f"The date must be on or before {fmt(end_date)}, when the child stopped being "
                "looked after.",
                field,
            )
        ]
    return []


def initial_health_assessment_once(initial_on: date | None, kind: str) -> list[Violation]:
    """One initial health assessment per period of care (Care Planning Regulations 2010,
    reg. 7(1)); every later one is a review health assessment (reg. 7(4))."""
    if kind == "initial" and initial_on is not None:
        return [
            violation(
                Rule.INITIAL_HEALTH_ASSESSMENT_ONCE,
                f"The initial health assessment was recorded on {fmt(initial_on)}: record "
                "this one as a review health assessment.",
                "kind",
            )
        ]
    return []


def sdq_score_in_range(score: int | None) -> list[Violation]:
    """The SDQ's total difficulties score is 0 to 40 (SSDA903 OC2 SDQ_SCORE)."""
    if score is None or SDQ_LOWEST <= score <= SDQ_HIGHEST:
        return []
    return [
        violation(
            Rule.SDQ_SCORE_IN_RANGE,
            f"Enter the total difficulties score, from {SDQ_LOWEST} to {SDQ_HIGHEST}.",
            "score",
        )
    ]


def sdq_age_4_to_16(date_of_birth: date | None, on: date | None) -> list[Violation]:
    """The SDQ is asked of a child aged 4 to 16 on the day (SSDA903 OC2: SDQ_SCORE for
    children aged 4 to 16 at 31 March); a child whose date of birth is not known cannot be
    placed in that range."""
    if on is None:
        return []
    age = age_on(date_of_birth, on)
    if age is None:
        return [
            violation(
                Rule.SDQ_AGE_4_TO_16,
                "The child's date of birth is not recorded, so their age on the day is not "
                "known: record it before the SDQ score.",
                "completed_on",
            )
        ]
    if SDQ_YOUNGEST <= age <= SDQ_OLDEST:
        return []
    return [
        violation(
            Rule.SDQ_AGE_4_TO_16,
            f"The child was {age} on {fmt(on)}: an SDQ is recorded for children aged "
            f"{SDQ_YOUNGEST} to {SDQ_OLDEST}.",
            "completed_on",
        )
    ]


# --- missing episodes ---------------------------------------------------------------------------


def missing_end_not_before_start(start: date | None, end: date | None) -> list[Violation]:
    """A missing episode ends on or after the day it started (SSDA903 validator rule 567)."""
    if start is None or end is None or end >= start:
        return []
    return [
        violation(
            Rule.MISSING_END_NOT_BEFORE_START,
            f"The date the child returned must be on or after {fmt(start)}, when they went "
            "missing.",
            "end_date",
        )
    ]


def missing_within_care_period(
    period_start: date, period_end: date | None, start: date | None, end: date | None
) -> list[Violation]:
    """A looked-after child's missing episode starts while they are looked after (validator
    rules 578 and 581) and ends by the day care ended (rule 577: no episode left open when
    care ends)."""
    found = []
    if start is not None and start < period_start:
        found.append(
            violation(
                Rule.MISSING_WITHIN_CARE_PERIOD,
                f"The date the child went missing must be on or after {fmt(period_start)}, "
                "when they became looked after.",
                "start_date",
            )
        )
    if period_end is not None:
        if start is not None and start > period_end:
            found.append(
                violation(
                    Rule.MISSING_WITHIN_CARE_PERIOD,
                    f"The date the child went missing must be on or before {fmt(period_end)}, "
                    "when they stopped being looked after.",
                    "start_date",
                )
            )
        elif end is not None and end > period_end:
            found.append(
                violation(
                    Rule.MISSING_WITHIN_CARE_PERIOD,
                    f"The date the child returned must be on or before {fmt(period_end)}, "
                    "when they stopped being looked after.",
                    "end_date",
                )
            )
    return found


def missing_episodes_do_not_overlap(
    others: Iterable[tuple[date, date | None]], start: date | None, end: date | None
) -> list[Violation]:
    """One missing episode at a time: a new one cannot start while another is open, and
    episodes do not overlap (validator rule 574). `others` are the child's other episodes'
    (start, end); an open one runs on without end."""
    if start is None:
        return []
    for other_start, other_end in others:
        if other_start <= (end or date.max) and start <= (other_end or date.max):
            if other_end is None:
                message = (
                    f"The child has been missing since {fmt(other_start)}: record their return "
                    "before another episode."
                )
            else:
                message = (
                    f"The child was already recorded missing from {fmt(other_start)} to "
                    f"{fmt(other_end)}: episodes cannot overlap."
                )
            return [violation(Rule.MISSING_EPISODES_DO_NOT_OVERLAP, message, "start_date")]
    return []


def missing_return_recorded_once(end: date | None) -> list[Violation]:
    """An episode ends once (MIS_END): a return already recorded is not recorded again."""
    if end is None:
        return []
    return [
        violation(
            Rule.MISSING_RETURN_RECORDED_ONCE,
            f"The child's return was recorded already, on {fmt(end)}.",
            "end_date",
        )
    ]


def return_interview_after_return(
    end: date | None, offered: bool | None, rhi_date: date | None
) -> list[Violation]:
    """The return home interview follows the return: it is answered only once the episode
    has ended, and held on or after the day the child returned (statutory guidance on
    children who run away or go missing from home or care, DfE 2014)."""
    if end is None:
        if offered is None and rhi_date is None:
            return []
        return [
            violation(
                Rule.RETURN_INTERVIEW_AFTER_RETURN,
                "Record the child's return before the return home interview.",
                "rhi_offered",
            )
        ]
    if rhi_date is not None and rhi_date < end:
        return [
            violation(
                Rule.RETURN_INTERVIEW_AFTER_RETURN,
                f"The date of the return home interview must be on or after {fmt(end)}, when "
                "the child returned.",
                "rhi_date",
            )
        ]
    return []


def return_interview_answers_fit(
    offered: bool | None, accepted: bool | None, rhi_date: date | None
) -> list[Violation]:
    """An interview offered was accepted or declined; one accepted has the day it was held;
    nothing is said of acceptance or a day for an interview not offered (Annex A list 8:
    offered Y/N, accepted Y/N)."""
    found = []
    if offered is True and accepted is None:
        found.append(
            violation(
                Rule.RETURN_INTERVIEW_ANSWERS_FIT,
                "Select yes if the child accepted the return home interview.",
                "rhi_accepted",
            )
        )
    if offered is not True and accepted is not None:
        found.append(
            violation(
                Rule.RETURN_INTERVIEW_ANSWERS_FIT,
                "A child can accept a return home interview only once it has been offered.",
                "rhi_accepted",
            )
        )
    if accepted is True and rhi_date is None:
        found.append(
            violation(
                Rule.RETURN_INTERVIEW_ANSWERS_FIT,
                "Enter the date of the return home interview.",
                "rhi_date",
            )
        )
    if accepted is not True and rhi_date is not None:
        found.append(
            violation(
                Rule.RETURN_INTERVIEW_ANSWERS_FIT,
                "Leave the date of the return home interview blank: the child did not accept one.",
                "rhi_date",
            )
        )
    return found


# --- education, UASC, motherhood, offending and substance misuse ------------------------------

PEP_YOUNGEST = 3
CRIMINAL_RESPONSIBILITY = 10
UASC_UNTIL = 18
MOTHER_YOUNGEST = 11


def pep_initial_once(initial_on: date | None, kind: str) -> list[Violation]:
    """One initial personal education plan per period of care; every later PEP meeting is
    a review of it (Promoting the education of looked-after children, DfE 2018)."""
    if kind == "initial" and initial_on is not None:
        return [
            violation(
                Rule.PEP_INITIAL_ONCE,
                f"The initial personal education plan was recorded on {fmt(initial_on)}: "
                "record this one as a review.",
                "kind",
            )
        ]
    return []


def pep_review_after_initial(
    initial_on: date | None, kind: str, on: date | None
) -> list[Violation]:
    """A review follows the plan it reviews: none before the initial PEP is recorded, and
    none dated before it."""
    if kind != "review":
        return []
    if initial_on is None:
        return [
            violation(
                Rule.PEP_REVIEW_AFTER_INITIAL,
                "No initial personal education plan is recorded for this period of care: "
                "record this one as the initial plan.",
                "kind",
            )
        ]
    if on is not None and on < initial_on:
        return [
            violation(
                Rule.PEP_REVIEW_AFTER_INITIAL,
                f"The date must be on or after {fmt(initial_on)}, when the initial personal "
                "education plan was agreed.",
                "meeting_date",
            )
        ]
    return []


def pep_from_age_3(date_of_birth: date | None, on: date | None) -> list[Violation]:
    """A PEP is for a child of 3 or over on the day (the early years PEP starts with the
    early education entitlement at 3); a child whose age is not known is not refused."""
    if on is None:
        return []
    age = age_on(date_of_birth, on)
    if age is None or age >= PEP_YOUNGEST:
        return []
    return [
        violation(
            Rule.PEP_FROM_AGE_3,
            f"The child was {age} on {fmt(on)}: a personal education plan is recorded for "
            f"children aged {PEP_YOUNGEST} or over.",
            "meeting_date",
        )
    ]


def uasc_recorded_once(recorded: bool) -> list[Violation]:
    """A period of care is recorded as a UASC's once; the day the status ceased is added
    to it."""
    if not recorded:
        return []
    return [
        violation(
            Rule.UASC_RECORDED_ONCE,
            "The child is already recorded as an unaccompanied asylum-seeking child in this "
            "period of care.",
            "ceased_on",
        )
    ]


def uasc_ceased_fits(
    period_start: date, date_of_birth: date | None, ceased_on: date | None
) -> list[Violation]:
    """UASC status ceases on or after the day the child became looked after as one, and on
    or before their 18th birthday (the validator's rule 304)."""
    if ceased_on is None:
        return []
    if ceased_on < period_start:
        return [
            violation(
                Rule.UASC_CEASED_FITS,
                f"The date UASC status ceased must be on or after {fmt(period_start)}, when "
                "the child became looked after.",
                "ceased_on",
            )
        ]
    if date_of_birth is not None:
        eighteenth = add_months(date_of_birth, 12 * UASC_UNTIL)
        if ceased_on > eighteenth:
            return [
                violation(
                    Rule.UASC_CEASED_FITS,
                    f"The date UASC status ceased must be on or before {fmt(eighteenth)}, the "
                    "child's 18th birthday.",
                    "ceased_on",
                )
            ]
    return []


def mother_is_female(sex: str) -> list[Violation]:
    """SSDA903 MOTHER is asked of girls (the validator's rule 165 refuses it for boys)."""
    if sex == "F":
        return []
    return [
        violation(
            Rule.MOTHER_IS_FEMALE,
            "Whether the child is a mother is recorded for girls: the child's record does "
            "not say she is female.",
            "first_child_born_on",
        )
    ]


def mother_old_enough(
    date_of_birth: date | None, first_child_born_on: date | None
) -> list[Violation]:
    """Her first child was born after her and when she was at least 11 (the validator's
    rules 620 and 621)."""
    if date_of_birth is None or first_child_born_on is None:
        return []
    youngest = add_months(date_of_birth, 12 * MOTHER_YOUNGEST)
    if first_child_born_on >= youngest:
        return []
    return [
        violation(
            Rule.MOTHER_OLD_ENOUGH,
            f"The date of birth of her first child must be on or after {fmt(youngest)}, her "
            f"{MOTHER_YOUNGEST}th birthday.",
            "first_child_born_on",
        )
    ]


def mother_recorded_once(recorded_on: date | None) -> list[Violation]:
    """MC_DOB is the first child's date of birth: it does not change from year to year
    (the validator's rules 207 and 624)."""
    if recorded_on is None:
        return []
    return [
        violation(
            Rule.MOTHER_RECORDED_ONCE,
            f"She is already recorded as a mother, her first child born on {fmt(recorded_on)}.",
            "first_child_born_on",
        )
    ]


def conviction_age_10_or_over(date_of_birth: date | None, on: date | None) -> list[Violation]:
    """No child under 10, the age of criminal responsibility in England, is convicted
    (Children and Young Persons Act 1933, s. 50; the validator's rule 542)."""
    if on is None:
        return []
    age = age_on(date_of_birth, on)
    if age is None or age >= CRIMINAL_RESPONSIBILITY:
        return []
    return [
        violation(
            Rule.CONVICTION_AGE_10_OR_OVER,
            f"The child was {age} on {fmt(on)}: no child under {CRIMINAL_RESPONSIBILITY} can "
            "be convicted of an offence.",
            "convicted_on",
        )
    ]


def iro_contact_within_care_period(
    start_date: date, end_date: date | None, field: str, on: date | None
) -> list[Violation]:
    """The IRO's visit or contact is with a looked-after child: within the period of care
    whose reviews the IRO chairs (Care Planning Regulations 2010, reg. 36)."""
    return _within(Rule.IRO_CONTACT_WITHIN_CARE_PERIOD, start_date, end_date, field, on)


def iro_contact_by_iro(iro_in_post: bool) -> list[Violation]:
    """The contact is the independent reviewing officer's: in Safeguard, a worker in the
    conference chair (IRO) role who had not left on the day (as for the review's chair,
    `care_review_chaired_by_iro`)."""
    if iro_in_post:
        return []
    return [
        violation(
            Rule.IRO_CONTACT_BY_IRO,
            "Choose the independent reviewing officer from the authority's IROs in post on "
            "the day of the contact.",
            "iro",
        )
    ]


def iro_contact_seen_alone_fits(method: str, seen_alone: bool | None) -> list[Violation]:
    """Whether the child was seen alone is asked of a visit in person, and only of one: the
    IRO speaks to the child in private before the review (reg. 36)."""
    if method == "visit" and seen_alone is None:
        message = "Select whether the IRO saw the child alone."
    elif method != "visit" and seen_alone is not None:
        message = "Only answer whether the child was seen alone for a visit in person."
    else:
        return []
    return [violation(Rule.IRO_CONTACT_SEEN_ALONE_FITS, message, "seen_alone")]

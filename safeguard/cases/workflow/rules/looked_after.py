"""Looked-after children: periods of care, their placements (SSDA903 episodes) and reviews
(Children Act 1989 s.20, s.31; the Care Planning Regulations 2010; the SSDA903 guide)."""

from __future__ import annotations

import re
from datetime import date

from safeguard.common import codes

from .core import Violation, fmt, not_before, violation
from .names import Rule


def one_open_care_period(looked_after: bool) -> list[Violation]:
    """A child is in one period of care at a time (SSDA903: episodes do not overlap)."""
    if not looked_after:
        return []
    return [
        violation(Rule.ONE_OPEN_CARE_PERIOD, "The child is already looked after.", "start_date")
    ]


def care_starts_with_placement(period_start: date, first_placement: date | None) -> list[Violation]:
    """A period of care opens with its first SSDA903 episode, the same day (reason S)."""
    if first_placement == period_start:
        return []
    return [
        violation(
            Rule.CARE_STARTS_WITH_PLACEMENT,
            "A period of care starts with its first placement, on the same day.",
            "start_date",
        )
    ]


def placement_needs_open_period(period_end: date | None) -> list[Violation]:
    """A placement changes only while the child is looked after (SSDA903 episodes)."""
    if period_end is None:
        return []
    return [
        violation(
            Rule.PLACEMENT_NEEDS_OPEN_PERIOD, "The child is no longer looked after.", "start_date"
        )
    ]


def placement_after_previous(
    current_start: date | None, change_date: date | None
) -> list[Violation]:
    """A new SSDA903 episode starts on or after the one it ends (episodes do not overlap)."""
    return not_before(
        earlier=("start_date", current_start),
        later=("start_date", change_date),
        rule=Rule.PLACEMENT_AFTER_PREVIOUS,
        earlier_is="the date the current placement started",
    )


def placements_follow_on(end_date: date | None, expected_end: date | None) -> list[Violation]:
    """Each episode ends the day the next starts, or the period ends (SSDA903: no gaps, no
    overlaps)."""
    if end_date == expected_end:
        return []
    return [
        violation(
            Rule.PLACEMENT_AFTER_PREVIOUS,
            "A placement ends the day the next one starts, or the period of care ends.",
            "end_date",
        )
    ]


def placement_end_not_before_start(start_date: date, end_date: date | None) -> list[Violation]:
    """An episode ends on or after the day it started (SSDA903 DEC after DECOM)."""
    return not_before(
        earlier=("start_date", start_date),
        later=("end_date", end_date),
        rule=Rule.PLACEMENT_END_NOT_BEFORE_START,
        earlier_is="the date the placement started",
    )


def care_ends_after_last_placement(latest_start: date, end_date: date | None) -> list[Violation]:
    """Care ends on or after the last episode started (SSDA903 DEC)."""
    return not_before(
        earlier=("start_date", latest_start),
        later=("end_date", end_date),
        rule=Rule.CARE_ENDS_AFTER_LAST_PLACEMENT,
        earlier_is="the date the last placement started",
    )


def care_period_ended_once(period_end: date | None) -> list[Violation]:
    """A period of care ends once."""
    if period_end is None:
        return []
    return [
        violation(Rule.CARE_PERIOD_ENDED_ONCE, "This period of care has already ended.", "end_date")
    ]


def care_end_needs_reason(end_date: date | None, reason_ceased: str) -> list[Violation]:
    """Care ends with the reason it ceased (SSDA903 REC), and a reason means it ended."""
    if (end_date is None) == (reason_ceased == ""):
        return []
    return [
        violation(
            Rule.CARE_END_NEEDS_REASON,
            "Choose the reason the child stopped being looked after.",
            "reason_ceased",
        )
    ]


def care_review_within_period(period_start: date, review_date: date | None) -> list[Violation]:
    """A looked-after review falls within the period of care (Care Planning Regulations 2010,
    reg. 33)."""
    return not_before(
        earlier=("start_date", period_start),
        later=("review_date", review_date),
        rule=Rule.CARE_REVIEW_WITHIN_PERIOD,
        earlier_is="the date the child became looked after",
    )


def care_review_before_care_ended(
    period_end: date | None, review_date: date | None
) -> list[Violation]:
    """A looked-after review is held while the child is looked after (Care Planning
    Regulations 2010, reg. 32: the authority reviews the case of a child it looks after)."""
    if period_end is None or review_date is None or review_date <= period_end:
        return []
    return [
        violation(
            Rule.CARE_REVIEW_BEFORE_CARE_ENDED,
            f"The review date must be on or before {fmt(period_end)}, the date the child "
            "stopped being looked after.",
            "review_date",
        )
    ]


_UNDER_FOUR = "PN0"


def care_review_participation_fits_age(
    fourth_birthday: date | None, review_date: date | None, participation: str
) -> list[Violation]:
    """How the child took part (SSDA903 REVIEW_CODE) fits their age on the day: PN0 is for a
    child under 4, PN1-PN7 for a child of 4 or over (the D2I 903 validator's rules 440 and
    441; on the fourth birthday itself either is accepted, as there)."""
    if not participation or fourth_birthday is None or review_date is None:
        return []
    if participation == _UNDER_FOUR and review_date > fourth_birthday:
        message = "The child was 4 or over on the day of the review: choose how they took part."
    elif participation != _UNDER_FOUR and review_date < fourth_birthday:
        message = (
            "The child was under 4 on the day of the review: choose 'Under 4 at the time "
            "of the review'."
        )
    else:
        return []
    return [violation(Rule.CARE_REVIEW_PARTICIPATION_FITS_AGE, message, "participation")]


def care_review_chaired_by_iro(iro_is_reviewing_officer: bool | None) -> list[Violation]:
    """The independent reviewing officer chairs the review (Care Planning Regulations 2010,
    reg. 36; reg. 5(d): the care plan names the IRO). In Safeguard an IRO is a worker in post
    in the role of conference chair (IRO). None: no IRO named (the page asks for one)."""
    if iro_is_reviewing_officer is None or iro_is_reviewing_officer:
        return []
    return [
        violation(
            Rule.CARE_REVIEW_CHAIRED_BY_IRO,
            "Choose the independent reviewing officer from the authority's IROs in post.",
            "iro",
        )
    ]


def care_plan_recorded_once(care_plan_date: date | None) -> list[Violation]:
    """The date the first care plan was agreed is recorded once for a period of care: its
    clock is the first plan's (Care Planning Regulations 2010, reg. 4(2)); later changes are
    the plan's reviews (reg. 6)."""
    if care_plan_date is None:
        return []
    return [
        violation(
            Rule.CARE_PLAN_RECORDED_ONCE,
            f"The care plan for this period of care is already recorded, agreed on "
            f"{fmt(care_plan_date)}.",
            "care_plan_date",
        )
    ]


def care_plan_before_care_ended(
    period_end: date | None, care_plan_date: date | None
) -> list[Violation]:
    """A care plan is for a child the authority looks after: agreed before the first
    placement or within 10 working days of it (Care Planning Regulations 2010, reg. 4(2)),
    never after care has ended."""
    if period_end is None or care_plan_date is None or care_plan_date <= period_end:
        return []
    return [
        violation(
            Rule.CARE_PLAN_BEFORE_CARE_ENDED,
            f"The care plan date must be on or before {fmt(period_end)}, the date the child "
            "stopped being looked after.",
            "care_plan_date",
        )
    ]


# SSDA903 RNE: which reasons for a new episode change the legal status, and which move the
# child (a new placement, with a new carer or the same one).
_STATUS_CHANGES = frozenset({"L", "B", "U"})
_PLACEMENT_CHANGES = frozenset({"P", "T", "B", "U"})


def episode_change_fits_reason(
    reason_new_episode: str,
    *,
    current_legal_status: str,
    new_legal_status: str,
    placement_changed: bool,
) -> list[Violation]:
    """A new SSDA903 episode within a period of care changes what its reason says, and only
    that (the D2I 903 validator's rules 434-436): L the legal status alone, P and T the
    placement alone, B and U both. A placement has changed when its type, provider, postcode
    or URN has. S starts a period of care, never a change within one."""
    if reason_new_episode not in _STATUS_CHANGES | _PLACEMENT_CHANGES:
        return [
            violation(
                Rule.EPISODE_CHANGE_FITS_REASON,
                "Choose what changed: the legal status, the placement, or both.",
                "reason_new_episode",
            )
        ]
    found: list[Violation] = []
    status_changed = new_legal_status != current_legal_status
    if reason_new_episode in _STATUS_CHANGES and not status_changed:
        found.append(
            violation(
                Rule.EPISODE_CHANGE_FITS_REASON,
                "The legal status is the one the child has now: choose the new legal status, "
                "or say that only the placement changed.",
                "legal_status",
            )
        )
    if reason_new_episode not in _STATUS_CHANGES and status_changed:
        found.append(
            violation(
                Rule.EPISODE_CHANGE_FITS_REASON,
                "The legal status changed as well as the placement: say that both changed.",
                "reason_new_episode",
            )
        )
    if reason_new_episode in _PLACEMENT_CHANGES and not placement_changed:
        found.append(
            violation(
                Rule.EPISODE_CHANGE_FITS_REASON,
                "The new placement is the same as the current one: change its type, provider, "
                "postcode or URN, or say that only the legal status changed.",
                "placement_type",
            )
        )
    if reason_new_episode not in _PLACEMENT_CHANGES and placement_changed:
        found.append(
            violation(
                Rule.EPISODE_CHANGE_FITS_REASON,
                "A change of legal status only keeps the placement as it is: leave its type, "
                "provider, postcode and URN unchanged, or say that the placement changed too.",
                "placement_type",
            )
        )
    return found


def placement_move_reason(
    reason_new_episode: str,
    reason_place_change: str,
    *,
    temporary: bool,
    tenth_birthday: date | None = None,
    change_date: date | None = None,
) -> list[Violation]:
    """Why a placement ended in a move (SSDA903 REASON_PLACE_CHANGE, on the episode that
    ended): needed when the child moves to a new placement (the D2I 903 validator's rule 225),
    not when only the legal status changes, nor into or out of a temporary placement (rule
    226); never a custody arrangement for a child under 10 (rule 234). An unknown reason for
    the new episode is `episode_change_fits_reason`'s to report."""
    if reason_new_episode not in _STATUS_CHANGES | _PLACEMENT_CHANGES:
        return []
    moved = reason_new_episode in _PLACEMENT_CHANGES
    if moved and not temporary and not reason_place_change:
        return [
            violation(
                Rule.PLACEMENT_MOVE_REASON, "Choose why the placement ended.", "reason_place_change"
            )
        ]
    if reason_place_change and not moved:
        return [
            violation(
                Rule.PLACEMENT_MOVE_REASON,
                "Only the legal status changed, so the placement did not end: leave the reason "
                "for the move empty.",
                "reason_place_change",
            )
        ]
    if reason_place_change and temporary:
        return [
            violation(
                Rule.PLACEMENT_MOVE_REASON,
                "A move into or out of a temporary placement has no reason for the change in "
                "the SSDA903 return: leave it empty.",
                "reason_place_change",
            )
        ]
    if (
        reason_place_change == "CUSTOD"
        and tenth_birthday is not None
        and change_date is not None
        and change_date < tenth_birthday
    ):
        return [
            violation(
                Rule.PLACEMENT_MOVE_REASON,
                "A child under 10 cannot move because of a custody arrangement: choose "
                "another reason.",
                "reason_place_change",
            )
        ]
    return []


def placement_move_planned(reason_new_episode: str, move_planned: bool | None) -> list[Violation]:
    """Whether a move was planned is asked of every move (the unplanned endings an authority
    watches for placement stability), and of nothing else."""
    if reason_new_episode not in _STATUS_CHANGES | _PLACEMENT_CHANGES:
        return []
    moved = reason_new_episode in _PLACEMENT_CHANGES
    if moved and move_planned is None:
        return [
            violation(
                Rule.PLACEMENT_MOVE_PLANNED, "Select yes if the move was planned.", "move_planned"
            )
        ]
    if not moved and move_planned is not None:
        return [
            violation(
                Rule.PLACEMENT_MOVE_PLANNED,
                "Only the legal status changed, so the child did not move: leave whether the "
                "move was planned empty.",
                "move_planned",
            )
        ]
    return []


# An Ofsted unique reference number: "SC" and 6 digits for a children's social care
# provider registered before about 2015, or 6 or 7 digits since (the providers register
# checks its URNs with this too) (the D2I 903 validator's rule 1008 looks it up in Ofsted's list).
URN_PATTERN = re.compile(r"(SC\d{6}|\d{6,7})")
# Placements with no Ofsted registration to refer to (the validator's rule 222 for 2025-26:
# P1, P3, R1, R2, R5, T0-T4 and the Z1 codes).
_NO_URN_PLACEMENTS = frozenset(
    {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14"}
)


def placement_urn_format(urn: str) -> list[Violation]:
    """An Ofsted URN, if given, is "SC" and 6 digits, or 6 or 7 digits (SSDA903 URN)."""
    if not urn or URN_PATTERN.fullmatch(urn):
        return []
    return [
        violation(
            Rule.PLACEMENT_URN_FORMAT,
            "Enter the Ofsted URN as SC and 6 numbers, or 6 or 7 numbers, like SC123456 or "
            "1234567.",
            "urn",
        )
    ]


def placement_urn_fits_type(placement_type: str, urn: str) -> list[Violation]:
    """No Ofsted URN for a placement Ofsted does not register (the D2I 903 validator's rule
    222: with a parent, in residential employment, a care home, a health setting, a young
    offender institution, a temporary placement or an other placement)."""
    if not urn or placement_type not in _NO_URN_PLACEMENTS:
        return []
    return [
        violation(
            Rule.PLACEMENT_URN_FITS_TYPE,
            "This kind of placement has no Ofsted URN: leave it empty.",
            "urn",
        )
    ]


# Placements the validator's rule 218 asks no URN of: those Ofsted does not register, and
# semi-independent and independent living before 2025 (H5, P2), which it did not either.
_URN_NOT_REQUIRED = _NO_URN_PLACEMENTS | {"H5", "P2"}
# Whose URN a placement carries: foster care and adoption with the council's own service
# carry its fostering or adoption agency's, which Ofsted registers as it does an agency's.
_URN_OF = {
    "U": "the fostering agency (for the council's own foster carers, the council's fostering "
    "agency)",
    "A": "the adoption agency (for adopters the council approved, the council's adoption agency)",
}


def placement_urn_required(
    placement_type: str, urn: str, *, new_placement: bool = True
) -> list[Violation]:
    """A placement with a provider Ofsted registers carries its URN (the D2I 903 validator's
    rule 218): a children's home, supported accommodation, a residential school or family
    centre, a fostering or an adoption agency, the council's own included. Asked of a new
    placement: a change of legal status alone keeps the placement, and its URN, as they were
    (`episode_change_fits_reason`)."""
    if urn or not new_placement or not placement_type or placement_type in _URN_NOT_REQUIRED:
        return []
    label = (
        codes.PlacementType(placement_type).label
        if placement_type in codes.PlacementType.values
        else "this kind"
    )
    whose = _URN_OF.get(placement_type[0], "the provider, as Ofsted's register gives it")
    return [
        violation(
            Rule.PLACEMENT_URN_REQUIRED,
            f"Enter the Ofsted URN of {whose}: a placement of type {placement_type} "
            f"({label}) has one, and the SSDA903 return asks for it.",
            "urn",
        )
    ]


def placement_fits_legal_status(placement_type: str, legal_status: str) -> list[Violation]:
    """A child placed with their parents (P1) is not accommodated under section 20 (V2):
    accommodation is away from the parents, so a child at home with them is looked after only
    under an order (the Placement with Parents provisions, Care Planning Regulations 2010
    Part 4; the D2I 903 validator's rule 378). A child placed for adoption under a placement
    order (A5, A6) is looked after under that order (E1), which suspends any care order while
    it is in force (Adoption and Children Act 2002 s.29(1); the validator's rule 408)."""
    if placement_type in ("A5", "A6") and legal_status != "E1":
        return [
            violation(
                Rule.PLACEMENT_FITS_LEGAL_STATUS,
                "A child placed for adoption under a placement order (A5 or A6) is looked "
                "after under that order: choose placement order (E1) as the legal status, or "
                "the placement the child is in.",
                "legal_status",
            )
        ]
    if placement_type != "P1" or legal_status != "V2":
        return []
    return [
        violation(
            Rule.PLACEMENT_FITS_LEGAL_STATUS,
            "A child placed with their parents (P1) cannot be accommodated under section 20 "
            "(V2): choose the order the child is looked after under, or the placement they "
            "are accommodated in.",
            "legal_status",
        )
    ]


def placement_six_monthly_visits_long_term_foster(
    visiting_plan: str, six_monthly_visits_agreed: bool
) -> list[Violation]:
    """Visits up to six months apart are allowed only after the first year of a long-term
    foster placement, where the child agrees (Care Planning Regulations 2010, reg. 28 as
    amended by SI 2015/495): the agreement is recorded only on such a placement."""
    if not six_monthly_visits_agreed or visiting_plan == "long_term_foster":
        return []
    return [
        violation(
            Rule.PLACEMENT_SIX_MONTHLY_VISITS_LONG_TERM_FOSTER,
            "The child can agree to visits every six months only in a long-term foster "
            "placement: choose that placement plan, or answer no.",
            "six_monthly_visits_agreed",
        )
    ]

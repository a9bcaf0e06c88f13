"""What a demo visit, case note and assessment say beyond their dates: the time and place of
a visit, who was there, the child's wishes and feelings and what was observed; a note's type
and whether it is significant.

Every text is invented. Each choice is drawn from its own generator seeded by the record's
date and kind, not from the journey's, so adding these leaves every other generated value
(dates, outcomes, who did what) as it was.
"""

from __future__ import annotations

import random
from datetime import date, time
from typing import Any, Final

from safeguard.common import codes

from .records import CaseNoteRow, VisitRow
from .timeline import years_between

_PLACE_BY_KIND: Final[dict[str, tuple[str, ...]]] = {
    codes.VisitKind.LAC_VISIT: ("placement", "placement", "placement", "school", "other"),
    codes.VisitKind.CP_VISIT: ("home", "home", "home", "school", "office"),
    codes.VisitKind.CIN_VISIT: ("home", "home", "school", "office", "other"),
    codes.VisitKind.ASSESSMENT_VISIT: ("home", "home", "home", "school"),
}
_OTHER_PLACES: Final = (
    "Grandmother's flat",
    "The family centre",
    "A cafe near the child's school",
    "The contact centre",
)
_PRESENT: Final[dict[str, tuple[str, ...]]] = {
    "home": (
        "Mother and the child's younger brother.",
        "Mother and her partner.",
        "Father; mother joined at the end.",
        "Mother and maternal grandmother.",
    ),
    "school": (
        "The designated safeguarding lead, for the start of the visit.",
        "The class teacher, for the start of the visit.",
    ),
    "placement": ("Foster carer.", "Foster carer and their own child.", "Key worker."),
    "office": ("Mother.", "Father and his support worker."),
    "other": ("Grandmother.", "Family support worker."),
}
_WISHES_YOUNG: Final = (
    "Too young to say in words. Settled and smiling; went to her mother for comfort.",
    "Too young to say in words. Babbled and played with the bricks; calm when picked up.",
    "Pointed at her drawings and said 'mummy' and 'home'; happy to sit with her mother.",
)
_WISHES: Final = (
    "Said she likes her new class and wants to keep seeing her dad at weekends.",
    "Said home is 'better now' because there is less shouting; wants it to stay that way.",
    "Said he misses his brother and would like to see him more often.",
    "Said she feels safe with her carer and wants to stay at this school.",
    "Did not want to talk about home today; said he is worried about his mum.",
    "Said she gets hungry at school some days and would like breakfast club.",
)
_OBSERVED: Final = (
    "The home was warm and tidy, with food in the kitchen. The child was relaxed with the adults.",
    "The child was clean and dressed for the weather. Showed me her bedroom, which had a "
    "bed, bedding and toys.",
    "The home was cluttered and cold; the heating was off. Mother said the meter had run out.",
    "The child was quiet at first, then chatted about school. No marks or injuries seen.",
    "The carer and child were warm with each other; the child went to the carer when upset.",
)
_NOT_SEEN_OBSERVED: Final = (
    "No answer at the door; curtains drawn. Card left.",
    "Mother spoke to me at the door and would not let me in.",
)

# A note's type follows what it records (the subjects the journeys write).
_NOTE_KIND_BY_SUBJECT: Final[dict[str, str]] = {
    "Referral accepted": codes.CaseNoteKind.MANAGEMENT_OVERSIGHT,
    "Referral closed": codes.CaseNoteKind.MANAGEMENT_OVERSIGHT,
    "Case closed": codes.CaseNoteKind.MANAGEMENT_OVERSIGHT,
    "Assessment authorised": codes.CaseNoteKind.MANAGEMENT_OVERSIGHT,
    "Strategy discussion": codes.CaseNoteKind.MEETING,
    "Initial child protection conference": codes.CaseNoteKind.MEETING,
    "Review conference": codes.CaseNoteKind.MEETING,
    "Child in need plan": codes.CaseNoteKind.MEETING,
    "Child in need plan ended": codes.CaseNoteKind.MEETING,
    "Became looked after": codes.CaseNoteKind.MANAGEMENT_OVERSIGHT,
    "Stopped being looked after": codes.CaseNoteKind.MANAGEMENT_OVERSIGHT,
    "Placement move": codes.CaseNoteKind.PHONE_CALL,
}
# The events a court chronology lists as significant: the decisions that changed the
# child's legal or protection status.
_SIGNIFICANT_SUBJECTS: Final = frozenset(
    {
        "Strategy discussion",
        "Initial child protection conference",
        "Became looked after",
        "Stopped being looked after",
        "Placement move",
    }
)


def _seeded(*parts: object) -> random.Random:
    """A generator of its own for one record, seeded by what identifies it."""
    return random.Random("|".join(str(p) for p in parts))


def visit_details(row: VisitRow, *, child: int, born: date | None) -> dict[str, Any]:
    """The time, place, who was there, the child's wishes and feelings and what was
    observed (wishes and feelings whenever the child was seen, as the rules require).
    `child` is the child's place in the generated population."""
    rng = _seeded("visit", child, row.visit_date, row.kind)
    place = rng.choice(_PLACE_BY_KIND.get(row.kind, ("home", "office")))
    latest_hour = 14 if place == "school" else 17
    young = born is None or years_between(born, row.visit_date) < 4
    return {
        "place": place,
        "place_other": rng.choice(_OTHER_PLACES) if place == "other" else "",
        "visit_time": time(rng.randint(9, latest_hour), rng.choice((0, 15, 30, 45))),
        "present": rng.choice(_PRESENT[place]),
        "wishes_and_feelings": (
            rng.choice(_WISHES_YOUNG if young else _WISHES) if row.child_seen else ""
        ),
        "observations": rng.choice(_OBSERVED if row.child_seen else _NOT_SEEN_OBSERVED),
    }


def note_details(row: CaseNoteRow) -> dict[str, Any]:
    """A note's type from what it records; significant for a change of the child's status."""
    return {
        "kind": _NOTE_KIND_BY_SUBJECT.get(row.subject, codes.CaseNoteKind.OTHER),
        "significant": row.subject in _SIGNIFICANT_SUBJECTS,
    }

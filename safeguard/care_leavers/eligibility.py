"""Who is entitled to leaving-care support, worked out from the record of their care.

The Children Act 1989 as amended by the Children (Leaving Care) Act 2000 names three groups
(the fourth, "qualifying" young people under s. 24, is not worked out here: it turns on facts
the record does not hold, such as being accommodated by a health or education body or in a
care home for three months, being privately fostered, or a special guardianship order still
in force at 18):

- an **eligible** child (Sch. 2 para. 19B; Care Planning, Placement and Case Review (England)
  Regulations 2010, reg. 40): aged 16 or 17, looked after now, and looked after for 13 weeks
  in all since their 14th birthday, some of it after their 16th;
- a **relevant** child (s. 23A; Care Leavers (England) Regulations 2010, reg. 3): aged 16 or
  17, no longer looked after, and eligible before they left care;
- a **former relevant** young person (s. 23C): aged 18 to 20 who was eligible or relevant
  before 18; and up to 25 while they are still receiving support (s. 23C(7), education or
  training; s. 23CZB, a personal adviser on request, Children and Social Work Act 2017).

Reg. 40 leaves out a pre-planned series of short breaks, none longer than four weeks, after
each of which the child returns home: the SSDA903 legal statuses V3 and V4. Their days do not
count towards the 13 weeks, nor does a short break make a child looked after "now".

Plain Python over plain dates, so the services, the pages, the returns and the demo ask the
same functions.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.people.ages import age_on

__all__ = [
    "OC3_MONTHS_AFTER",
    "OC3_MONTHS_BEFORE",
    "QUALIFYING_DAYS",
    "CareSpell",
    "Entitlement",
    "became_eligible_on",
    "birthday",
    "days_looked_after_since_14",
    "entitlement_on",
    "looked_after_on",
    "qualifies",
]

# 13 weeks, "or periods amounting in total to 13 weeks" (Sch. 2 para. 19B(2)).
QUALIFYING_DAYS = 13 * 7
SHORT_BREAKS = frozenset({"V3", "V4"})
_FOURTEEN, _SIXTEEN, _EIGHTEEN, _TWENTY_ONE, _TWENTY_FIVE = 14, 16, 18, 21, 25
# Whether the council was in touch on a birthday, and what the young person was doing and
# where they lived: the DfE's SSDA903 guide reads a contact "around the birthday", from 3
# months before it to 1 month after. The return (OC3) and the indicator both ask these.
OC3_MONTHS_BEFORE, OC3_MONTHS_AFTER = 3, 1


class Entitlement(enum.StrEnum):
    ELIGIBLE = "eligible", "Eligible"
    RELEVANT = "relevant", "Relevant"
    FORMER_RELEVANT = "former_relevant", "Former relevant"
    FORMER_RELEVANT_TO_25 = "former_relevant_25", "Former relevant (21 to 25, receiving support)"

    label: str

    def __new__(cls, value: str, label: str) -> Entitlement:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


@dataclass(frozen=True)
class CareSpell:
    """An SSDA903 episode: looked after from `start` to `end` (None: still) under
    `legal_status`. The day care ends is the first day not looked after."""

    start: date
    end: date | None
    legal_status: str


def birthday(date_of_birth: date, age: int) -> date:
    """The day the person turns `age`, as `people.ages.age_on` counts it: someone born on 29
    February turns a year older on 1 March in a year without a 29th."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def _counted(spells: Iterable[CareSpell]) -> list[CareSpell]:
    return [s for s in spells if s.legal_status not in SHORT_BREAKS]


def looked_after_on(spells: Iterable[CareSpell], on: date) -> bool:
    """Looked after on the day, not on a short break."""
    return any(s.start <= on and (s.end is None or on < s.end) for s in _counted(spells))


def days_looked_after_since_14(
    date_of_birth: date, spells: Iterable[CareSpell], up_to: date
) -> int:
    """Days looked after from the 14th birthday up to and including `up_to`, short breaks
    left out; overlapping spells count each day once."""
    first = birthday(date_of_birth, _FOURTEEN)
    days: set[date] = set()
    for spell in _counted(spells):
        start = max(spell.start, first)
        last = up_to if spell.end is None else min(up_to, spell.end - timedelta(days=1))
        day = start
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return len(days)


def became_eligible_on(date_of_birth: date, spells: Sequence[CareSpell]) -> date | None:
    """The first day the young person met the test: looked after that day, at 16 or over and
    under 18, with 13 weeks in all since 14 counted up to and including it. None if they never
    did. The needs assessment's clock runs from this day (Care Planning Regulations 2010,
    reg. 42(1): three months from 16, or from becoming eligible after 16)."""
    sixteen = birthday(date_of_birth, _SIXTEEN)
    eighteen = birthday(date_of_birth, _EIGHTEEN)
    fourteen = birthday(date_of_birth, _FOURTEEN)
    counted = sorted(_counted(spells), key=lambda s: s.start)
    total = 0
    seen: set[date] = set()
    for spell in counted:
        day = max(spell.start, fourteen)
        end = eighteen if spell.end is None else min(spell.end, eighteen)
        while day < end:
            if day not in seen:
                seen.add(day)
                total += 1
            if day >= sixteen and total >= QUALIFYING_DAYS:
                return day
            day += timedelta(days=1)
    return None


def qualifies(date_of_birth: date, spells: Sequence[CareSpell]) -> bool:
    """Looked after 13 weeks in all since 14, some of it at 16 or over, before 18."""
    return became_eligible_on(date_of_birth, spells) is not None


def entitlement_on(
    date_of_birth: date | None,
    spells: Sequence[CareSpell],
    on: date,
    *,
    receiving_support: bool = False,
) -> Entitlement | None:
    """Which group the young person is in on the day, or None if they are entitled to no
    leaving-care support then. `receiving_support`: from 21, still in education or training
    under their pathway plan, or asking for a personal adviser's support (to 25)."""
    if date_of_birth is None:
        return None
    age = age_on(date_of_birth, on)
    if age is None or age < _SIXTEEN or age >= _TWENTY_FIVE:
        return None
    eligible_from = became_eligible_on(date_of_birth, spells)
    if eligible_from is None or eligible_from > on:
        return None
    if age < _EIGHTEEN:
        return Entitlement.ELIGIBLE if looked_after_on(spells, on) else Entitlement.RELEVANT
    if age < _TWENTY_ONE:
        return Entitlement.FORMER_RELEVANT
    return Entitlement.FORMER_RELEVANT_TO_25 if receiving_support else None

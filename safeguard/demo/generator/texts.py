"""Short generated wording for contacts, visits and case notes.

Deliberately plain and repetitive: enough for the screens to look lived-in, with no real
content about any child.
"""

from __future__ import annotations

import random
from typing import Final

from safeguard.demo import names

from .streams import pick

REFERRER_BY_SOURCE: Final = {
    "1A": ("Grandparent", "Aunt", "Parent", "Family friend acting for the family"),
    "1B": ("Neighbour", "Childminder", "Family acquaintance"),
    "1C": ("The young person, by phone", "The young person, at the council offices"),
    "1D": ("Member of the public",),
    "2A": ("Designated safeguarding lead, {part} Primary School", "Head of year, {part} Academy"),
    "2B": ("Education welfare officer", "Special educational needs officer"),
    "3A": ("GP, {part} Medical Centre", "Practice nurse, {part} Surgery"),
    "3B": ("Health visitor, {part} Children's Centre",),
    "3C": ("School nurse, Northbridge school nursing team",),
    "3D": ("Community midwife", "Practice pharmacist"),
    "3E": ("Emergency department, Northbridge General Hospital",),
    "3F": ("Hospital midwife, Northbridge General Hospital", "Child and adolescent mental health"),
    "4": ("Housing officer, Northbridge Homes", "Homelessness prevention team"),
    "5A": ("Adult social care worker",),
    "5B": ("Youth justice worker", "Youth service worker"),
    "5C": ("Social worker, neighbouring council",),
    "5D": ("Early help practitioner, {part} family hub",),
    "6": ("Public protection unit, Northbridge Police", "Police officer, response team"),
    "7": ("Probation officer", "Cafcass officer"),
    "8": ("Children's centre worker", "Voluntary sector family support worker"),
    "9": ("Anonymous caller",),
    "10": ("Not recorded",),
}

CONCERNS: Final = (
    "Domestic abuse incident at the home; child present.",
    "Child arrived at school hungry and in unwashed clothes on several days.",
    "Bruise seen on the child's arm; explanation unclear.",
    "Parent appeared under the influence of alcohol at collection.",
    "Concerns about the parent's mental health and the care of the children.",
    "Child disclosed being shouted at and locked out of the house.",
    "Home conditions reported to be very poor.",
    "Missed health appointments and immunisations.",
    "Young person reported missing overnight.",
    "Worries about older associates and unexplained money.",
    "Family facing eviction; parent struggling to cope.",
    "Parent asking for help managing the child's behaviour.",
)

PRE_BIRTH_CONCERNS: Final = (
    "Pregnant mother with previous children removed from her care.",
    "Late booking for antenatal care; concerns about drug use in pregnancy.",
    "Domestic abuse reported during pregnancy.",
)

NOT_SEEN_REASONS: Final = (
    "No answer at the door",
    "Child asleep; parent declined to wake them",
    "Child at nursery",
    "Family away from home",
    "Parent refused entry",
    "Child staying with a relative",
)

PRE_BIRTH_VISIT: Final = "Pre-birth visit: mother seen"

HOME_VISIT_NOTES: Final = (
    "Home visit: child seen alone; bedroom seen",
    "Home visit: child seen with parent; home conditions adequate",
    "Home visit: child seen alone; spoke about school",
    "School visit: child seen alone",
    "Home visit: child seen; kitchen and bedrooms seen",
    "Announced home visit: child seen with siblings",
)
UNSEEN_VISIT_NOTES: Final = (
    "Unannounced visit: child not seen",
    "Home visit: child not seen; follow-up arranged",
)
CARE_VISIT_NOTES: Final = (
    "Placement visit: child seen alone; bedroom seen",
    "Placement visit: child seen with carer",
    "Placement visit: child seen alone; spoke about contact with family",
)

STRATEGY_AGENCIES: Final = (
    "Children's social care, police, health",
    "Children's social care, police, health, school",
    "Children's social care, police, health visitor",
)


def referrer_for(rng: random.Random, source: str) -> str:
    return pick(rng, REFERRER_BY_SOURCE[source]).format(part=pick(rng, names.STREET_FIRST_PARTS))


def concerns_for(rng: random.Random, *, unborn: bool) -> str:
    return pick(rng, PRE_BIRTH_CONCERNS if unborn else CONCERNS)

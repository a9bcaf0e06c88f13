"""Short generated wording for contacts, visits and case notes.

Deliberately plain and repetitive: enough for the screens to look lived-in, with no real
content about any child.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

from safeguard.demo import names

from .streams import pick

# Who makes a contact, by census source: (role, organisation, relationship). A member of the
# public has a relationship to the child and no organisation; "{part}" is a street-name part,
# so the schools and surgeries are as fictional as the streets.
REFERRERS_BY_SOURCE: Final[dict[str, tuple[tuple[str, str, str], ...]]] = {
    "1A": (
        ("Grandparent", "", "grandparent"),
        ("Aunt", "", "aunt"),
        ("Parent", "", "parent"),
        ("Family friend acting for the family", "", "family friend"),
    ),
    "1B": (
        ("Neighbour", "", "neighbour"),
        ("Childminder", "", "childminder"),
        ("Family acquaintance", "", "family acquaintance"),
    ),
    "1C": (
        ("The young person, by phone", "", "self"),
        ("The young person, at the council offices", "", "self"),
    ),
    "1D": (("Member of the public", "", "member of the public"),),
    "2A": (
        ("Designated safeguarding lead", "{part} Primary School", ""),
        ("Head of year", "{part} Academy", ""),
    ),
    "2B": (
        ("Education welfare officer", "Northbridge education welfare service", ""),
        ("Special educational needs officer", "Northbridge SEND service", ""),
    ),
    "3A": (("GP", "{part} Medical Centre", ""), ("Practice nurse", "{part} Surgery", "")),
    "3B": (("Health visitor", "{part} Children's Centre", ""),),
    "3C": (("School nurse", "Northbridge school nursing team", ""),),
    "3D": (
        ("Community midwife", "Northbridge community midwifery", ""),
        ("Practice pharmacist", "{part} Pharmacy", ""),
    ),
    "3E": (("Emergency department nurse", "Northbridge General Hospital", ""),),
    "3F": (
        ("Hospital midwife", "Northbridge General Hospital", ""),
        ("Clinician", "Child and adolescent mental health service", ""),
    ),
    "4": (
        ("Housing officer", "Northbridge Homes", ""),
        ("Homelessness prevention officer", "Northbridge City Council housing", ""),
    ),
    "5A": (("Adult social care worker", "Northbridge adult social care", ""),),
    "5B": (
        ("Youth justice worker", "Northbridge youth justice service", ""),
        ("Youth service worker", "Northbridge youth service", ""),
    ),
    "5C": (("Social worker", "A neighbouring council's children's services", ""),),
    "5D": (("Early help practitioner", "{part} family hub", ""),),
    "6": (
        ("Public protection unit officer", "Northbridge Police", ""),
        ("Police officer, response team", "Northbridge Police", ""),
    ),
    "7": (("Probation officer", "Probation service", ""), ("Family court adviser", "Cafcass", "")),
    "8": (
        ("Children's centre worker", "{part} Children's Centre", ""),
        ("Family support worker", "{part} Family Support (voluntary sector)", ""),
    ),
    "9": (("Anonymous caller", "", "anonymous"),),
    "10": (("Not recorded", "", ""),),
}


@dataclass(frozen=True, slots=True)
class Referrer:
    """Who made a contact: `text` is the contact's one-line "referrer" as the front door
    wrote it; the rest fill the referrer's fields."""

    text: str
    role: str = ""
    organisation: str = ""
    relationship: str = ""
    anonymous: bool = False


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


def referrer_for(rng: random.Random, source: str) -> Referrer:
    # Always two draws (the option, then a street part), whatever the option, so a child's
    # journey draws the same numbers whichever referrer it gets.
    role, organisation, relationship = pick(rng, REFERRERS_BY_SOURCE[source])
    organisation = organisation.format(part=pick(rng, names.STREET_FIRST_PARTS))
    if relationship == "anonymous":
        return Referrer(role, anonymous=True)
    if relationship:
        return Referrer(role, relationship=relationship)
    if not organisation:
        return Referrer(role)
    return Referrer(f"{role}, {organisation}", role, organisation)


def concerns_for(rng: random.Random, *, unborn: bool) -> str:
    return pick(rng, PRE_BIRTH_CONCERNS if unborn else CONCERNS)

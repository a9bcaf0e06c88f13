"""What a demo assessment says: the Assessment Framework's three domains (the child's
developmental needs, parenting capacity, family and environmental factors), the child's
voice, the analysis and the plan, as `assessment_submit` requires them.

Each write-up follows what the journey decided: the census factors chosen name what the
sections describe (a parent's drinking under parenting capacity, a young person going
missing under their developmental needs), the child's age decides how their voice is heard
(or, unborn or not seen, why it could not be), and the outcome decides the analysis and the
plan. Every text is invented and names no one: people are referred to by their role.

The choices are drawn from a generator of their own, seeded by the child and the day the
assessment started, not from the journey's, so adding these leaves every other generated
value (dates, outcomes, who did what) as it was.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Final

from safeguard.common import codes

Outcome = codes.AssessmentOutcome

# --- the child's developmental needs ------------------------------------------------------------

_DEVELOPMENT_BY_AGE: Final[dict[str, tuple[str, ...]]] = {
    "unborn": (
        "Pre-birth assessment. The pregnancy is at {weeks} weeks; mother has been to most "
        "antenatal appointments and the midwife has no concerns about the baby's growth.",
        "Pre-birth assessment. The pregnancy is at {weeks} weeks; mother booked late and has "
        "missed two scans, so the midwife has asked to see her weekly.",
    ),
    "baby": (
        "Feeding well and gaining weight along their centile; immunisations are up to date.",
        "The health visitor reports weight gain is slow and two development checks were "
        "missed. Otherwise alert and responsive.",
        "Meeting their milestones: sitting, babbling and reaching for toys. Seen by the GP "
        "twice this year for chest infections.",
    ),
    "young": (
        "Speech is behind what is expected for their age; nursery has started a language "
        "group. Toilet trained and sleeps through the night.",
        "Attends nursery most days and is making friends. Dental decay was found at the last "
        "check-up and treatment is booked.",
        "Meeting their milestones; the health visitor says growth and speech are on track.",
    ),
    "primary": (
        "Attendance at school is {attendance}%. Reading is behind the rest of the class, and "
        "the school is giving extra help.",
        "Growing well. Attendance at school is {attendance}%; teachers describe a "
        "child who is quiet and eager to please.",
        "Attendance at school is {attendance}%. Has had several days off with headaches and "
        "stomach aches; the school nurse thinks these may be linked to worry.",
    ),
    "teen": (
        "Attendance at school is {attendance}% and falling; predicted grades have dropped "
        "this year. Sleeps late and skips breakfast.",
        "Attendance at school is {attendance}%. Doing well in most subjects and plays for a "
        "football team at weekends.",
        "Attendance at school is {attendance}%. Has been excluded for a fixed period this "
        "year; registered with a GP but has not been seen for two years.",
    ),
}
# A census factor about the child, said as the worker found it.
_CHILD_FACTORS: Final[dict[str, str]] = {
    "1A": "Drinks alcohol with older friends at weekends and has come home drunk twice.",
    "2A": "Uses cannabis most days, which is affecting sleep and school.",
    "3A": "Is in a relationship in which they have been pushed and controlled by their partner.",
    "4A": "Low mood and poor sleep for some months; on the waiting list for mental health support.",
    "5A": "Has a learning disability and needs help with self-care and to understand changes.",
    "6A": "Has a long-term condition that needs daily care and regular hospital appointments.",
    "7A": "Cares for a parent most evenings and is often tired at school.",
    "9A": "Arrived in the country alone and is unaccompanied; has had no health assessment yet.",
    "10A": "Has been missing overnight three times this term; return interviews say they were "
    "with older young people.",
    "11A": "There are signs of sexual exploitation: gifts and a second phone no one can explain, "
    "and contact with adults online.",
    "12A": "There are signs of trafficking: brought to the area by adults who are not family.",
    "13A": "Spends time with a local gang; police have stopped them with older members.",
    "14A": "Behaviour at school and in the community has led to exclusions and police warnings.",
    "15A": "Has self-harmed by cutting; the school nurse has made a referral for support.",
    "18B": "Was assaulted by another young person near school; police are involved.",
    "19B": "Disclosed sexual abuse by another young person; police are investigating.",
    "24A": "Police believe they are carrying drugs for older young people (county lines).",
}

# --- parenting capacity -------------------------------------------------------------------------

# The main carer the assessment speaks of, by their role.
_CARERS: Final = ("Mother", "Mother", "Father", "Grandmother")
_PARENT_FACTORS: Final[dict[str, str]] = {
    "1B": "{carer}'s drinking means that basic care is unreliable in the evenings and at weekends.",
    "2B": "{carer}'s drug use affects the routine of the home; a referral to the drug and "
    "alcohol service has been made.",
    "3B": "There has been domestic abuse between the adults; police were called to the home "
    "twice this year.",
    "4B": "{carer} has depression and finds it hard to get up and keep to routines.",
    "5B": "{carer} has a learning disability and needs help to understand the child's health "
    "needs.",
    "6B": "{carer}'s illness limits what they can do at home.",
    "16A": "Basic care is poor: the child is often hungry, clothes are unwashed and health "
    "appointments are missed.",
    "17A": "The child is often shouted at and blamed; little warmth was seen between them.",
    "18C": "The child had bruising that the adults at home could not explain.",
    "19C": "The child disclosed sexual abuse by an adult known to the family; police are "
    "investigating.",
    "22A": "The family is from a community where female genital mutilation is practised; "
    "{carer} says the family oppose it.",
    "23A": "Relatives believe the child is possessed, and the family is under pressure to take "
    "them to a ceremony.",
}
_PARENT_STRENGTHS: Final = (
    "{carer} is warm with the child and knows their routines well.",
    "{carer} engaged with the assessment and was honest about what has been hard.",
    "{carer} keeps the home clean and the child's routines steady.",
    "{carer} wants help and has kept every appointment during the assessment.",
)
_PARENT_WELL: Final = (
    "{carer} meets the child's needs: meals, routines and school are managed well.",
    "{carer} provides good basic care and the child is clearly loved.",
)

# --- family and environmental factors ------------------------------------------------------------

_HOUSEHOLD_FACTORS: Final[dict[str, str]] = {
    "1C": "An adult sibling who lives at home drinks heavily.",
    "2C": "An uncle who stays at the home uses drugs; the parents have been asked to keep him "
    "away.",
    "3C": "There is violence between other adults in the household.",
    "4C": "A grandparent living in the home has dementia and needs a lot of care.",
    "5C": "An older sibling has a learning disability and needs a lot of support.",
    "6C": "A grandparent who lives with the family is seriously ill.",
    "20": "The family is in debt and has been given notice to leave their home.",
}
_HOME: Final = (
    "The family live in a two-bedroom flat that is overcrowded; they are on the housing register.",
    "The family rent a house from a housing association; it is in reasonable repair.",
    "The family live in temporary accommodation a long way from the child's school.",
    "The home is a privately rented flat with damp in two rooms; the landlord has been told.",
)
_MONEY_AND_SUPPORT: Final = (
    "Income is from benefits, and money runs short at the end of each month. A grandmother "
    "lives nearby and helps with childcare.",
    "One parent works part time. The family have few friends in the area since they moved.",
    "Both adults work shifts. Extended family live nearby and are a real support.",
    "The family use the local food bank. They go to a community centre that runs a parents' group.",
)

# --- the child's voice --------------------------------------------------------------------------

_VOICE_UNBORN: Final = (
    "The child is not yet born, so their views could not be gathered. Their experience is "
    "considered through mother's health, her plans for the baby and the home they will come "
    "to.",
)
_VOICE_NOT_SEEN: Final = (
    "The child was not seen during the assessment: the family cancelled two visits and were "
    "not at home for a third. Their views could not be gathered directly; their teacher says "
    "they have seemed {mood} lately.",
    "The child was not seen: they were staying with relatives out of the area during the "
    "assessment. Their views could not be gathered; they will be seen on their return.",
)
_VOICE_BABY: Final = (
    "Too young to say in words. Observed at home: settled in {carer_lower}'s arms and "
    "responsive to their voice.",
    "Too young to say in words. Observed at home: alert, watchful of strangers, and calmed "
    "quickly when picked up.",
)
_VOICE_YOUNG: Final = (
    "Showed me their toys and said 'mummy cross' when asked about home. Played happily and "
    "went to {carer_lower} for comfort.",
    "Talked about nursery and their friends. Drew a picture of their family and put "
    "themselves next to {carer_lower}.",
    "Said they like bath time and stories. Became quiet when asked about the evenings.",
)
_VOICE_OLDER: Final = (
    "Seen alone at school. Said home is 'better now' because there is less shouting, and "
    "wants it to stay that way.",
    "Seen alone at home. Said they worry about {carer_lower} and sometimes do not want to "
    "leave them to go to school.",
    "Seen alone at school. Said they would like their own space at home and to see their "
    "grandparents more often.",
    "Seen alone. Did not want to talk about home at first; later said they feel 'nobody "
    "listens' and want someone to talk to.",
    "Seen alone at school. Said they are happy at home, like their teachers, and do not "
    "want social workers to keep coming.",
)
_MOODS: Final = ("withdrawn", "tired", "anxious", "unsettled")

# --- the analysis and the plan, by outcome -------------------------------------------------------

_ANALYSIS: Final[dict[str, tuple[str, ...]]] = {
    Outcome.NO_FURTHER_ACTION: (
        "{found} The child's needs are met within the family, who know how to ask for help if "
        "things change, so no further action is needed from children's social care.",
        "{found} The family have made changes during the assessment and the child is safe and "
        "well cared for. There is no role for children's social care.",
    ),
    Outcome.EARLY_HELP: (
        "{found} The child's needs are not met in full, but the family are willing to work "
        "with support and the risks are low. Early help can meet these needs without "
        "statutory involvement.",
        "{found} These are needs the family can meet with the right support; there is no "
        "evidence of harm. Early help is the proportionate response.",
    ),
    Outcome.CHILD_IN_NEED_PLAN: (
        "{found} Without support, the child's health or development is likely to be impaired: "
        "the child is a child in need (Children Act 1989, section 17). The family have "
        "strengths to build on and agree to a plan.",
        "{found} Each concern on its own might be managed, but together they leave the child's "
        "needs unmet much of the time. A child in need plan should bring the support together.",
    ),
    Outcome.STRATEGY_DISCUSSION: (
        "{found} There is reasonable cause to suspect the child is suffering, or is likely to "
        "suffer, significant harm. The concerns need to be considered with police and health "
        "under section 47.",
        "{found} The pattern of harm and the adults' limited insight mean the child may not be "
        "safe. Child protection procedures are needed.",
    ),
    Outcome.LOOKED_AFTER: (
        "{found} The child cannot be kept safe at home at present, even with support. They "
        "need to be looked after while the family's capacity to change is assessed.",
        "{found} The risks at home are too high and the adults cannot keep the child safe. "
        "Accommodation is needed now.",
    ),
}
_PLAN: Final[dict[str, tuple[str, ...]]] = {
    Outcome.NO_FURTHER_ACTION: (
        "Close the referral with no further action. Write to the family and tell the referrer "
        "the outcome. The school will keep an eye on attendance and contact the front door if "
        "worried.",
        "No further action. Share the outcome with the family and the referrer; give the "
        "family details of local support services.",
    ),
    Outcome.EARLY_HELP: (
        "Step down to early help: a family support worker will meet the family within two "
        "weeks and agree a plan with them. Tell the referrer the outcome.",
        "Refer to the early help team for parenting support and help with {focus}. The school "
        "will lead the team around the family.",
    ),
    Outcome.CHILD_IN_NEED_PLAN: (
        "Child in need plan: first meeting with the family and professionals within 10 "
        "working days. Weekly family support on {focus}; visits at least every 4 weeks; "
        "review in 3 months.",
        "Child in need plan agreed with the family. Support with {focus}; the school to "
        "report attendance monthly; review the plan in 3 months.",
    ),
    Outcome.STRATEGY_DISCUSSION: (
        "Share this assessment with the strategy discussion with police and health. See the "
        "child again within the week; the family are told what happens next.",
        "Strategy discussion with police and health; a safety plan with the family in the "
        "meantime, and the child seen again within the week.",
    ),
    Outcome.LOOKED_AFTER: (
        "The child is looked after. Care plan within 10 working days; first review within 20 "
        "working days; contact with family agreed with the carers.",
        "Placement with foster carers; care plan and health assessment arranged; first "
        "looked-after review within 20 working days; family time twice a week.",
    ),
}
_FOCUS_BY_FACTOR: Final[dict[str, str]] = {
    "1B": "the drinking",
    "2B": "drug use",
    "3B": "safety from domestic abuse",
    "4B": "mental health",
    "16A": "routines and basic care",
    "17A": "warmth and managing behaviour",
    "7A": "the young carer's own time",
    "10A": "keeping safe when out",
    "14A": "behaviour and school",
    "15A": "emotional health",
    "20": "money and housing",
}


def _age_band(age: int) -> str:
    if age < 0:
        return "unborn"
    if age < 1:
        return "baby"
    if age < 5:
        return "young"
    if age < 12:
        return "primary"
    return "teen"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _factor_words(label: str) -> str:
    """A census factor as a sentence says it: "Drug misuse: parent or carer" becomes "drug
    misuse (parent or carer)"."""
    what, _, whose = label.lower().partition(": ")
    return f"{what} ({whose})" if whose else what


def _found(factors: list[str]) -> str:
    """What the assessment found, in the census factors' words."""
    labels = dict(codes.AssessmentFactor.choices)
    named = [_factor_words(labels[f]) for f in factors if f in labels and f != "21"]
    if not named:
        return "No factors of concern were identified."
    return f"The assessment found {_listed(named)}."


def assessment_write_up(
    *,
    child: int,
    start: date,
    age: int,
    seen: date | None,
    factors: list[str],
    outcome: str,
) -> dict[str, str]:
    """The six sections of a completed assessment, by name (`rules.ASSESSMENT_SECTIONS`).
    `child` is the child's place in the generated population; `age` their age in years when
    the assessment started (negative: not yet born)."""
    rng = random.Random(f"assessment|{child}|{start.isoformat()}")
    band = _age_band(age)
    carer = rng.choice(_CARERS)
    fill = {
        "carer": carer,
        "carer_lower": carer[0].lower() + carer[1:],
        "weeks": str(rng.randint(20, 34)),
        "attendance": str(rng.randint(78, 97)),
        "mood": rng.choice(_MOODS),
    }
    development = [rng.choice(_DEVELOPMENT_BY_AGE[band])]
    if band == "unborn":
        # Before birth the factors are about the adults: what they will mean for the baby.
        labels = dict(codes.AssessmentFactor.choices)
        concerns = [labels[f].split(":")[0].lower() for f in factors if f in _PARENT_FACTORS]
        parenting = []
        if concerns:
            they = "it" if len(concerns) == 1 else "they"
            parenting.append(
                f"The assessment considered {_listed(concerns)} and what {they} will mean for "
                "the baby's care."
            )
    else:
        development += [_CHILD_FACTORS[f] for f in factors if f in _CHILD_FACTORS]
        parenting = [_PARENT_FACTORS[f] for f in factors if f in _PARENT_FACTORS]
    parenting.append(rng.choice(_PARENT_STRENGTHS if parenting else _PARENT_WELL))
    family = [rng.choice(_HOME), rng.choice(_MONEY_AND_SUPPORT)]
    family += [_HOUSEHOLD_FACTORS[f] for f in factors if f in _HOUSEHOLD_FACTORS]
    if band == "unborn" and seen is None:
        voice = rng.choice(_VOICE_UNBORN)
    elif band == "unborn":
        # Born during the assessment, and seen as a newborn.
        voice = rng.choice(_VOICE_BABY)
    elif seen is None:
        voice = rng.choice(_VOICE_NOT_SEEN)
    else:
        voice = rng.choice({"baby": _VOICE_BABY, "young": _VOICE_YOUNG}.get(band, _VOICE_OLDER))
    chosen = Outcome(outcome) if outcome in Outcome.values else Outcome.NO_FURTHER_ACTION
    focus = next((_FOCUS_BY_FACTOR[f] for f in factors if f in _FOCUS_BY_FACTOR), "routines")
    return {
        "developmental_needs": " ".join(development).format(**fill),
        "parenting_capacity": " ".join(parenting).format(**fill),
        "family_and_environment": " ".join(family),
        "childs_voice": voice.format(**fill),
        "analysis": rng.choice(_ANALYSIS[chosen]).format(found=_found(factors)),
        "plan": rng.choice(_PLAN[chosen]).format(focus=focus),
    }

"""What a demo child protection conference records beyond its date and outcome: the agencies
there and those that sent a report, who attended by role, how the parents and the child took
part, and, when the plan starts or goes on, an outline plan in the words of its category of
abuse and the dates set for the next core group and review.

The dates fit the clocks (`timescales.clocks`: the first core group within 10 working days of
the initial conference, the first review within 3 months, later ones within 6) and are mostly
kept: where the next meeting was in fact held within its clock, the date set is usually that
day; otherwise the date set was within the clock and the meeting slipped past it. Every person
is invented. Each child has its own generator, so the journeys draw the same numbers as before.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Final

from safeguard.cases.forms_actions import AGENCIES
from safeguard.cases.models import ChildProtectionConference
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_working_days

from .records import ChildHistory, ConferenceRow, PlanRow
from .streams import Weighted, between, chance, substream
from .timeline import previous_working_day, years_between

Parents = ChildProtectionConference.ParentsParticipation
Child = ChildProtectionConference.ChildParticipation
_AGENCY: Final = dict(AGENCIES)

# Where the next meeting was held within its clock, how often the conference had set that day.
KEPT_SHARE = 0.85

_PARENTS = Weighted(
    {
        Parents.ATTENDED: 68,
        Parents.ATTENDED_PART: 10,
        Parents.DID_NOT_ATTEND: 17,
        Parents.EXCLUDED: 5,
    }
)
_CHILD_PRIMARY = Weighted({Child.SOCIAL_WORKER: 50, Child.IN_WRITING: 30, Child.ADVOCATE: 20})
_CHILD_TEEN = Weighted(
    {
        Child.ATTENDED: 30,
        Child.ADVOCATE: 30,
        Child.IN_WRITING: 15,
        Child.SOCIAL_WORKER: 17,
        Child.DECLINED: 8,
    }
)

# The professionals each agency sends, by the child's age: under 5, school age.
_PROFESSIONAL: Final = {
    "police": ("Detective constable, public protection unit",) * 2,
    "health": ("Health visitor", "School nurse"),
    "education": ("Nursery manager", "Designated safeguarding lead, the child's school"),
    "probation": ("Probation officer",) * 2,
    "housing": ("Housing officer",) * 2,
}

# The outline plan in the words of the category of abuse: what must change, who does what.
_OUTLINES: Final[dict[str, tuple[str, ...]]] = {
    "NEG": (
        "Mother to make sure the child has regular meals, clean clothes and a warm home; the "
        "health visitor to check growth and weight every month; the school to tell the social "
        "worker the same day of any absence; the family support worker to help set a morning "
        "routine.",
        "Parents to take the child to every health and dental appointment; the home to be kept "
        "safe and clean, checked on unannounced visits; breakfast club place from next week; "
        "referral to the food bank and to debt advice.",
    ),
    "PHY": (
        "The child not to be left alone with the person who caused the injury; mother to "
        "attend the parenting programme weekly; the school to check for and report any marks; "
        "police to share the outcome of their investigation with the core group.",
        "Parents to use the safety plan agreed at conference when they feel angry; the social "
        "worker to see the child alone at each visit; the GP to review the child's injuries.",
    ),
    "EMO": (
        "Parents to attend the domestic abuse programme; the child to have weekly sessions "
        "with the school counsellor; no arguing in front of the children, checked with the "
        "child at each visit; mother to be referred to the independent domestic violence "
        "adviser.",
        "Father to take part in work on his drinking and how it affects the children; the "
        "child to keep a feelings diary with the social worker; the school to tell the social "
        "worker of any change in the child's mood.",
    ),
    "SAB": (
        "No contact between the child and the alleged abuser while the police investigate; "
        "the child to be offered therapeutic support; mother to complete the protective "
        "parent programme; the school to follow the safety plan for the journey home.",
        "The child to be supported by the independent sexual violence adviser; internet use "
        "at home to be supervised and filtered; the core group to share any disclosure the "
        "same day.",
    ),
    "MUL": (
        "Mother to make sure the child has regular meals and goes to school every day; no "
        "contact with the person who caused the injury; parents to attend the parenting "
        "programme and the domestic abuse service; the health visitor and the school to report "
        "concerns to the social worker the same day.",
    ),
}
_REVIEWED: Final = (
    "Some progress: school attendance has improved and the home is warmer. The plan continues. ",
    "Progress is slow: the parents have missed two appointments. The plan continues. ",
    "Good progress on most actions; the core group agreed what still needs to change. ",
)

_REVIEW_CLOCK = {"initial": "first_review_conference", "review": "later_review_conference"}


def record_conferences(children: list[ChildHistory], seed: int) -> None:
    """Give every conference who took part and, where the plan starts or goes on, the plan
    and the dates it set (module docstring)."""
    for h in children:
        if not h.conferences:
            continue
        rng = substream(seed, "conferences", h.index)
        born = h.child.date_of_birth
        for c in h.conferences:
            _taking_part(rng, c, born)
        for plan in h.plans:
            _plans_agreed(rng, h, plan)


def _age(born: date | None, on: date) -> int:
    return years_between(born, on) if born is not None and born <= on else -1


def _taking_part(rng: random.Random, c: ConferenceRow, born: date | None) -> None:
    age = _age(born, c.conference_date)
    school_age = age >= 5
    present = ["social_care", "health"]
    if chance(rng, 0.85):
        present.append("police")
    if age >= 3 and chance(rng, 0.9):
        present.append("education")
    for agency, share in (("probation", 0.08), ("housing", 0.1)):
        if chance(rng, share):
            present.append(agency)
    # An agency that cannot come sends its report: most often the GP's, through health.
    reports = [
        a for a in ("police", "education", "housing") if a not in present and chance(rng, 0.5)
    ]
    gp = chance(rng, 0.6)
    c.agencies_present = ", ".join(_AGENCY[a] for a in present)
    c.reports_from = ", ".join([_AGENCY[a] for a in reports] + (["GP"] if gp else []))

    parents = _PARENTS.pick(rng)
    # Under 5, too young to share their views in words.
    child = Child.NOT_ABLE if age < 5 else (_CHILD_TEEN if age >= 12 else _CHILD_PRIMARY).pick(rng)
    c.parents_participation = parents
    c.child_participation = child

    chair = f"{c.chair.first_name} {c.chair.last_name}, " if c.chair is not None else ""
    people = [f"{chair}independent chair", "Allocated social worker", "Team manager"]
    if parents in (Parents.ATTENDED, Parents.ATTENDED_PART):
        people.append("Mother")
        if chance(rng, 0.45):
            people.append("Father" if chance(rng, 0.7) else "Mother's partner")
    if child == Child.ATTENDED:
        people.append("The child, for part of the conference")
    elif child == Child.ADVOCATE:
        people.append("The child's advocate")
    for agency in present[1:]:
        people.append(_PROFESSIONAL[agency][1 if school_age else 0])
    people.append("Minute taker")
    c.attendees = "\n".join(people)


def _plans_agreed(rng: random.Random, h: ChildHistory, plan: PlanRow) -> None:
    """The outline plan and next dates of each conference that started or kept `plan` going."""
    conferences = [
        plan.initial_conference,
        *sorted((c for c in h.conferences if c.plan is plan), key=lambda c: c.conference_date),
    ]
    meetings = sorted(g.meeting_date for g in h.core_groups if g.plan is plan)
    for i, c in enumerate(conferences):
        if c.outcome not in ("plan", "continue_plan"):
            continue
        held = c.conference_date
        category = plan.initial_category if c.kind == "initial" else plan.latest_category
        outline = rng.choice(_OUTLINES[category])
        c.plan_outline = outline if c.kind == "initial" else rng.choice(_REVIEWED) + outline

        review_due = CLOCKS[_REVIEW_CLOCK[c.kind]].due_from(held)
        next_review = conferences[i + 1].conference_date if i + 1 < len(conferences) else None
        c.next_review_date = _kept_or_set(
            rng,
            next_review,
            review_due,
            previous_working_day(review_due - timedelta(days=between(rng, 0, 21))),
        )

        if c.kind == "initial":
            limit = CLOCKS["first_core_group"].due_from(held)
            fallback = add_working_days(held, between(rng, 5, 10))
        else:
            # Later core groups follow local procedures: about monthly here.
            limit = add_working_days(held, 30)
            fallback = add_working_days(held, between(rng, 15, 25))
        next_meeting = next((d for d in meetings if d > held), None)
        c.next_core_group_date = _kept_or_set(rng, next_meeting, limit, fallback)


def _kept_or_set(rng: random.Random, held: date | None, limit: date, fallback: date) -> date:
    """The day the meeting was held, if that was within `limit` (usually); else `fallback`."""
    if held is not None and held <= limit and chance(rng, KEPT_SHARE):
        return held
    return fallback

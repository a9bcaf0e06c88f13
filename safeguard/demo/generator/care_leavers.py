"""The demo authority's care leavers: the young people of 17 to 22 on the as-of day whom the
record makes eligible, relevant or former relevant (looked after 13 weeks since 14, some of it
at 16: `care_leavers.eligibility`, asked of their written periods of care).

Each has a needs assessment (most within the 3 months, some late), a pathway plan built on it
and reviewed about every six months (for about one in five the latest review is late), a
personal adviser, and contacts every month or two from leaving care. At 17 and 18 the
council is in touch with nearly all; in the year after the 18th birthday about one in eleven
drift out of touch for good, and of the rest some live in unsuitable accommodation and about
two in five are not in education, employment or training, so that the young people of 19 to
21 come out near the DfE's shares (`calibration.CARE_LEAVERS_19_TO_21_*`, with their sources
and years: in touch, in suitable accommodation, NEET).

Written after the rest of the authority, from the database, with a random stream of its own
keyed by the young person, so the rest of the demo is as it was. Every row is checked with
the rules the services ask (`care_leavers.rules`) and holds nothing after the as-of day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from random import Random

from django.db import transaction

from safeguard.care_leavers import rules
from safeguard.care_leavers.eligibility import (
    CareSpell,
    became_eligible_on,
    birthday,
    entitlement_on,
)
from safeguard.care_leavers.models import (
    CareLeaverContact,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
)
from safeguard.cases.models import Placement
from safeguard.cases.workflow.rules import Violation
from safeguard.common import codes
from safeguard.people.models import Person
from safeguard.timescales.working_days import add_months

from . import calibration as cal
from .streams import Weighted, substream

# From the 17th birthday to the day before the 23rd: someone of 22 on the as-of day was 21 in
# the latest return's year, and OC3 asks what the council knew of them then.
AGES = (17, 23)
ASSESSED_LATE = 0.15
REVIEW_LATE = 0.2
# The national shares are of every care leaver of 19 to 21, those out of touch among them;
# where they live and what they do is known only of those in touch.
OUT_OF_TOUCH = 1 - cal.CARE_LEAVERS_19_TO_21_IN_TOUCH
UNSUITABLE = 1 - cal.CARE_LEAVERS_19_TO_21_SUITABLE / cal.CARE_LEAVERS_19_TO_21_IN_TOUCH
NEET = cal.CARE_LEAVERS_19_TO_21_NEET / cal.CARE_LEAVERS_19_TO_21_IN_TOUCH
# Someone who drifts does so within 270 days of the 18th birthday: still in touch at 18 (the
# return reads a contact in touch before one not), out of touch when the window of the 19th
# birthday opens, 3 months before it.
DRIFT_AFTER_18_DAYS = (0, 270)
_ADVISERS = (
    ("Priya Lund", "0100 200 3101, Leaving Care Team"),
    ("Marcus Hale", "0100 200 3102, Leaving Care Team"),
    ("Tess Okoro", "0100 200 3103, Leaving Care Team"),
    ("Dan Whitby", "0100 200 3104, Northbridge Youth Trust"),
    ("Ana Sousa", "0100 200 3105, Leaving Care Team"),
)
_ACCOMMODATION_UNDER_18 = Weighted({"D": 40, "E": 20, "B": 15, "C": 10, "T": 5, "K": 10})
# Where a young person in suitable accommodation lives; no fixed abode (S) and custody (X),
# never suitable, are among the unsuitable.
_ACCOMMODATION_ADULT = Weighted(
    {"U": 35, "D": 15, "Z": 12, "B": 12, "E": 8, "T": 6, "K": 6, "Y": 3}
)
_ACCOMMODATION_UNSUITABLE = Weighted({"V": 30, "W": 20, "S": 20, "K": 15, "D": 10, "X": 5})
_ACTIVITY = Weighted({"F2": 30, "F4": 22, "P4": 12, "F1": 10, "P2": 8, "P1": 3, "F5": 2})
_NEET = Weighted({"G5": 60, "G4": 20, "G6": 20})
_NEEDS = (
    "Wants to stay near college and friends; needs help with budgeting and cooking; "
    "anxious about moving on.",
    "Ready for supported lodgings; keen to start an apprenticeship; contact with birth "
    "family to be planned.",
    "Needs support with emotional health (CAMHS referral open); wants to stay put with "
    "current carers.",
)
_PLANS = (
    "Stay in current placement to 18, then staying put; college course in September; "
    "adviser to help open a bank account.",
    "Move to semi-independent accommodation in the spring; careers adviser by end of term; "
    "health passport to be given.",
    "Apply for council housing at 18; keep weekly contact with adviser; GP registration to "
    "be moved.",
)


def _spells_by_child(as_of: date) -> dict[int, list[CareSpell]]:
    spells: dict[int, list[CareSpell]] = defaultdict(list)
    for child_id, start, end, status in (
        Placement.objects.filter(start_date__lte=as_of)
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "start_date", "end_date", "legal_status")
    ):
        spells[child_id].append(CareSpell(start, end, status))
    return spells


def _checked(found: list[Violation], what: str) -> None:
    if found:
        raise AssertionError(f"demo care leaver {what} breaks {[v.rule for v in found]}")


class _YoungPerson:
    """One care leaver's rows, drawn in order and each checked."""

    def __init__(self, person: Person, spells: list[CareSpell], rng: Random, as_of: date):
        assert person.date_of_birth is not None
        self.person, self.spells, self.rng, self.as_of = person, spells, rng, as_of
        self.born = person.date_of_birth
        eligible = became_eligible_on(self.born, spells)
        assert eligible is not None
        self.eligible = eligible
        ends = [s.end for s in spells if s.end is not None]
        open_now = any(s.end is None for s in spells)
        self.left_care = None if open_now or not ends else max(ends)
        self.assessments: list[NeedsAssessment] = []
        self.plans: list[PathwayPlan] = []
        self.reviews: list[PathwayPlanReview] = []
        self.advisers: list[PersonalAdviser] = []
        self.contacts: list[CareLeaverContact] = []

    def entitled(self, on: date) -> bool:
        return on <= self.as_of and (
            entitlement_on(self.born, self.spells, on, receiving_support=True) is not None
        )

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def build(self) -> None:
        late = self.rng.random() < ASSESSED_LATE
        assessed = self.eligible + (self.days(95, 160) if late else self.days(15, 85))
        if not self.entitled(assessed):
            return
        self.assessments.append(
            NeedsAssessment(
                child=self.person, completed_on=assessed, summary=self.rng.choice(_NEEDS)
            )
        )
        agreed = assessed + self.days(7, 35)
        if not self.entitled(agreed):
            return
        _checked(rules.pathway_plan_after_needs_assessment(assessed, agreed), "plan")
        plan = PathwayPlan(child=self.person, agreed_on=agreed, summary=self.rng.choice(_PLANS))
        self.plans.append(plan)
        self._reviews(plan)
        appointed = max(self.eligible, (self.left_care or self.eligible) - self.days(0, 60))
        name, contact = self.rng.choice(_ADVISERS)
        self.advisers.append(
            PersonalAdviser(
                child=self.person, name=name, contact_details=contact, appointed_on=appointed
            )
        )
        self._contacts(start=self.left_care or agreed)

    def _reviews(self, plan: PathwayPlan) -> None:
        late_at_end = self.rng.random() < REVIEW_LATE
        on = add_months(plan.agreed_on, 6) - self.days(0, 40)
        # A late review: none held in the last seven months or so.
        stop = self.as_of - (timedelta(days=220) if late_at_end else timedelta(days=0))
        while on <= stop and self.entitled(on):
            _checked(rules.pathway_review_after_plan(plan.agreed_on, on), "review")
            self.reviews.append(PathwayPlanReview(child=self.person, plan=plan, reviewed_on=on))
            on = add_months(on, 6) - self.days(0, 40)

    def _contacts(self, start: date) -> None:
        drifts = self.rng.random() < OUT_OF_TOUCH
        unsuitable = self.rng.random() < UNSUITABLE
        neet = self.rng.random() < NEET
        drift_from = birthday(self.born, 18) + self.days(*DRIFT_AFTER_18_DAYS)
        on = start + self.days(3, 30)
        while on <= self.as_of and self.entitled(on):
            self.contacts.append(self._contact(on, drifts and on >= drift_from, unsuitable, neet))
            on += self.days(25, 70)

    def _contact(
        self, on: date, out_of_touch: bool, unsuitable: bool, neet: bool
    ) -> CareLeaverContact:
        if out_of_touch:
            in_touch = self.rng.choice(("NO", "NO", "REFU"))
            contact = CareLeaverContact(child=self.person, contact_date=on, in_touch=in_touch)
        else:
            adult = on >= birthday(self.born, 18)
            if unsuitable:
                letter, suitable = _ACCOMMODATION_UNSUITABLE.pick(self.rng), False
            else:
                table = _ACCOMMODATION_ADULT if adult else _ACCOMMODATION_UNDER_18
                letter = table.pick(self.rng)
                if not adult and letter == "Z":
                    letter = "D"
                suitable = letter not in codes.CARE_LEAVER_ALWAYS_UNSUITABLE
            activity = (_NEET if neet else _ACTIVITY).pick(self.rng)
            contact = CareLeaverContact(
                child=self.person,
                contact_date=on,
                in_touch="YES",
                accommodation=letter,
                accommodation_suitable=suitable,
                activity=activity,
            )
        _checked(
            rules.care_leaver_contact_answers_fit(
                contact.in_touch,
                contact.accommodation,
                contact.accommodation_suitable,
                contact.activity,
            ),
            "contact",
        )
        return contact


def give_care_leavers(seed: int, as_of: date) -> dict[str, int]:
    """Write the care leavers' records for every young person of 17 to 22 on `as_of` whom the
    record makes a care leaver; the rows written, by model."""
    spells = _spells_by_child(as_of)
    oldest, youngest = (add_months(as_of, -12 * age) for age in reversed(AGES))
    people = Person.objects.filter(
        id__in=Placement.objects.values("child_id"),
        date_of_birth__gt=oldest,
        date_of_birth__lte=youngest,
    ).order_by("id")
    built = []
    for person in people:
        own = spells[person.pk]
        if person.date_of_birth is None or became_eligible_on(person.date_of_birth, own) is None:
            continue
        young = _YoungPerson(person, own, substream(seed, "care-leavers", person.pk), as_of)
        young.build()
        if young.assessments:
            built.append(young)
    with transaction.atomic():
        assessments = NeedsAssessment.objects.bulk_create(
            [a for y in built for a in y.assessments], batch_size=2000
        )
        # Plans before their reviews, which point at them.
        plans = PathwayPlan.objects.bulk_create(
            [p for y in built for p in y.plans], batch_size=2000
        )
        reviews = PathwayPlanReview.objects.bulk_create(
            [r for y in built for r in y.reviews], batch_size=2000
        )
        advisers = PersonalAdviser.objects.bulk_create(
            [a for y in built for a in y.advisers], batch_size=2000
        )
        contacts = CareLeaverContact.objects.bulk_create(
            [c for y in built for c in y.contacts], batch_size=2000
        )
    return {
        "care_leavers.needsassessment": len(assessments),
        "care_leavers.pathwayplan": len(plans),
        "care_leavers.pathwayplanreview": len(reviews),
        "care_leavers.personaladviser": len(advisers),
        "care_leavers.careleavercontact": len(contacts),
    }

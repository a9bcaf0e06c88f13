"""Reads of a care leaver's record. The callers have found the young person within need to
know (the record's selector, or `child_get_for_action` on a page); each read is a fixed
number of queries whatever their history, so the record keeps its query count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from safeguard.cases.extensions import ClockFamily, ClockSource, OpenClock
from safeguard.cases.models import Placement
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.id_lists import IdIn
from safeguard.people.ages import age_on
from safeguard.people.models import Person
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_months

from .clocks import NEEDS_ASSESSMENT, PATHWAY_REVIEW, CareLeaverFacts, care_leaver_due_items
from .eligibility import CareSpell, Entitlement, became_eligible_on, entitlement_on
from .models import (
    CareLeaverContact,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
)

__all__ = [
    "CareLeaverRecord",
    "care_leaver_clock_source",
    "care_leaver_record",
    "care_spells_by_child",
    "entitlement_for",
    "latest_pathway_plan_get",
    "needs_assessment_first_on",
    "open_care_leaver_clocks",
]

# From 21, support runs on to 25 while the young person is still in touch and asking for it:
# read from the record as a contact in the last year saying they are in touch.
SUPPORT_LOOK_BACK_DAYS = 365
_YOUNGEST, _OLDEST = 16, 25


def care_spells_by_child(child_ids: Iterable[int]) -> dict[int, list[CareSpell]]:
    """Every SSDA903 episode of these children as plain spells: one query."""
    spells: dict[int, list[CareSpell]] = defaultdict(list)
    rows = Placement.objects.filter(child_id__in=list(child_ids)).values_list(
        "child_id", "start_date", "end_date", "legal_status"
    )
    for child_id, start, end, legal_status in rows.order_by("start_date", "pk"):
        spells[child_id].append(CareSpell(start, end, legal_status))
    return spells


def _receiving_support(contacts: Iterable[CareLeaverContact], on: date) -> bool:
    return any(
        c.in_touch == "YES" and 0 <= (on - c.contact_date).days <= SUPPORT_LOOK_BACK_DAYS
        for c in contacts
    )


def entitlement_for(
    child: Person, spells: list[CareSpell], contacts: Iterable[CareLeaverContact], on: date
) -> Entitlement | None:
    return entitlement_on(
        child.date_of_birth, spells, on, receiving_support=_receiving_support(contacts, on)
    )


@dataclass(frozen=True)
class CareLeaverRecord:
    """Everything the record and the pages show of a care leaver."""

    entitlement: Entitlement | None
    eligible_from: date | None
    assessments: list[NeedsAssessment] = field(default_factory=list)
    plans: list[PathwayPlan] = field(default_factory=list)
    reviews: list[PathwayPlanReview] = field(default_factory=list)
    adviser: PersonalAdviser | None = None
    contacts: list[CareLeaverContact] = field(default_factory=list)
    clocks: list[DueItem] = field(default_factory=list)

    @property
    def latest_plan(self) -> PathwayPlan | None:
        return self.plans[-1] if self.plans else None

    @property
    def latest_contact(self) -> CareLeaverContact | None:
        return self.contacts[-1] if self.contacts else None

    @property
    def shown(self) -> bool:
        """Whether the record has a care leaver's section: entitled now, or with anything
        recorded."""
        return self.entitlement is not None or bool(self.assessments or self.plans)


def care_leaver_record(
    *, child: Person, today: date, timescales: Mapping[str, int] | None = None
) -> CareLeaverRecord:
    """The young person's care-leaver record: no query for a child under 16, six otherwise."""
    age = age_on(child.date_of_birth, today)
    if age is None or age < _YOUNGEST:
        return CareLeaverRecord(entitlement=None, eligible_from=None)
    spells = care_spells_by_child([child.pk]).get(child.pk, [])
    assert child.date_of_birth is not None
    eligible_from = became_eligible_on(child.date_of_birth, spells)
    contacts = list(CareLeaverContact.objects.filter(child=child).order_by("contact_date", "pk"))
    entitlement = entitlement_for(child, spells, contacts, today)
    assessments = list(NeedsAssessment.objects.filter(child=child).order_by("completed_on", "pk"))
    plans = list(PathwayPlan.objects.filter(child=child).order_by("agreed_on", "pk"))
    reviews = list(PathwayPlanReview.objects.filter(child=child).order_by("reviewed_on", "pk"))
    adviser = PersonalAdviser.objects.filter(child=child).order_by("-appointed_on", "-pk").first()
    facts = CareLeaverFacts(
        child_id=child.pk,
        eligible_from=eligible_from,
        entitled_now=entitlement is not None,
        assessments=[a.completed_on for a in assessments],
        plans=[
            (p.pk, p.agreed_on, [r.reviewed_on for r in reviews if r.plan_id == p.pk])
            for p in plans
        ],
    )
    return CareLeaverRecord(
        entitlement=entitlement,
        eligible_from=eligible_from,
        assessments=assessments,
        plans=plans,
        reviews=reviews,
        adviser=adviser,
        contacts=contacts,
        clocks=care_leaver_due_items(facts, today=today, timescales=timescales or {}),
    )


def latest_pathway_plan_get(*, child: Person) -> PathwayPlan | None:
    return PathwayPlan.objects.filter(child=child).order_by("-agreed_on", "-pk").first()


def needs_assessment_first_on(*, child: Person) -> date | None:
    found: date | None = (
        NeedsAssessment.objects.filter(child=child)
        .order_by("completed_on")
        .values_list("completed_on", flat=True)
        .first()
    )
    return found


def _facts_for(people: list[Person], today: date) -> list[tuple[Person, CareLeaverFacts]]:
    """The clocks' facts for these young people: five queries whatever their number."""
    ids = [p.pk for p in people]
    spells = care_spells_by_child(ids)
    contacts: dict[int, list[CareLeaverContact]] = defaultdict(list)
    for contact in CareLeaverContact.objects.filter(child_id__in=ids).order_by("contact_date"):
        contacts[contact.child_id].append(contact)
    assessed: dict[int, list[date]] = defaultdict(list)
    for child_id, on in NeedsAssessment.objects.filter(child_id__in=ids).values_list(
        "child_id", "completed_on"
    ):
        assessed[child_id].append(on)
    reviews: dict[int, list[date]] = defaultdict(list)
    for plan_id, on in PathwayPlanReview.objects.filter(child_id__in=ids).values_list(
        "plan_id", "reviewed_on"
    ):
        reviews[plan_id].append(on)
    plans: dict[int, list[tuple[int, date, list[date]]]] = defaultdict(list)
    for plan_id, child_id, agreed_on in PathwayPlan.objects.filter(child_id__in=ids).values_list(
        "pk", "child_id", "agreed_on"
    ):
        plans[child_id].append((plan_id, agreed_on, reviews.get(plan_id, [])))
    found = []
    for person in people:
        own = spells.get(person.pk, [])
        assert person.date_of_birth is not None  # asked only of those with one
        entitled = entitlement_for(person, own, contacts.get(person.pk, []), today)
        facts = CareLeaverFacts(
            child_id=person.pk,
            eligible_from=became_eligible_on(person.date_of_birth, own),
            entitled_now=entitled is not None,
            assessments=assessed.get(person.pk, []),
            plans=plans.get(person.pk, []),
        )
        found.append((person, facts))
    return found


def open_care_leaver_clocks(
    child_ids: Collection[int] | None, today: date, timescales: Mapping[str, int]
) -> list[OpenClock]:
    """The open needs assessment and pathway plan review clocks of these young people (None:
    every one): six queries whatever their number. Only someone entitled to leaving-care
    support today has open clocks."""
    people = Person.objects.filter(
        id__in=Placement.objects.values("child_id"),
        date_of_birth__lte=add_months(today, -12 * _YOUNGEST),
        date_of_birth__gt=add_months(today, -12 * _OLDEST),
    )
    if child_ids is not None:
        people = people.filter(IdIn("id", list(child_ids)))
    items = []
    for person, facts in _facts_for(list(people), today):
        for item in care_leaver_due_items(facts, today=today, timescales=timescales):
            if item.is_open:
                items.append(
                    OpenClock(
                        person.pk, item.clock, item.subject, item.subject_id, item.started, item.due
                    )
                )
    return items


def care_leaver_clock_source() -> ClockSource:
    """The care leavers' clocks for `cases.extensions.register_clock_source`: one pair of
    figures on the team dashboard."""
    needs, review = CLOCKS[NEEDS_ASSESSMENT], CLOCKS[PATHWAY_REVIEW]
    return ClockSource(
        name="care_leavers",
        families=(
            ClockFamily(
                "care-leavers",
                "Care leavers' plans",
                "care leavers' needs assessments and pathway plan reviews",
                f"Care leavers whose needs assessment is not yet recorded, due {needs.period} "
                "after their 16th birthday or becoming eligible if later (Care Planning "
                "Regulations 2010, reg. 42), or whose pathway plan review is not yet held, "
                f"due {review.period} after the plan or its last review (Care Leavers "
                "(England) Regulations 2010, reg. 7).",
                "Eligible from, or plan last reviewed",
                frozenset({NEEDS_ASSESSMENT, PATHWAY_REVIEW}),
            ),
        ),
        open_items=open_care_leaver_clocks,
    )

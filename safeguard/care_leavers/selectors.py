"""Reads of a care leaver's record. The callers have found the young person within need to
know (the record's selector, or `child_get_for_action` on a page); each read is a fixed
number of queries whatever their history, so the record keeps its query count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, Protocol

from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    F,
    Field,
    Model,
    QuerySet,
)

from safeguard.cases.extensions import ClockFamily, ClockSource, OpenClock
from safeguard.cases.models import Placement
from safeguard.cases.selectors import care_periods_of, placements_of
from safeguard.cases.selectors.care_periods import care_rows, register_care_tables, row_fields
from safeguard.cases.selectors.record import Table
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.compiled import RunParam, values_rows
from safeguard.common.id_lists import IdInParam
from safeguard.common.unions import union_branch
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


def _care_spells() -> QuerySet[Any]:
    return (
        Placement.objects.filter(IdInParam("child_id", "children"))
        .order_by("start_date", "pk")
        .values("child_id", "start_date", "end_date", "legal_status")
    )


def care_spells_by_child(child_ids: Iterable[int]) -> dict[int, list[CareSpell]]:
    """Every SSDA903 episode of these children as plain spells: one query, the same statement
    for any children (`common.compiled`)."""
    spells: dict[int, list[CareSpell]] = defaultdict(list)
    rows = values_rows("care_spells", _care_spells, params={"children": list(child_ids)})
    for row in rows:
        spells[row["child_id"]].append(
            CareSpell(row["start_date"], row["end_date"], row["legal_status"])
        )
    return spells


class _Contacted(Protocol):
    """A contact with a care leaver, as far as their support asks: a record's, or the clocks'
    read of one (`_facts_for`)."""

    @property
    def in_touch(self) -> str: ...

    @property
    def contact_date(self) -> date: ...


class _Contact(NamedTuple):
    in_touch: str
    contact_date: date


def _receiving_support(contacts: Iterable[_Contacted], on: date) -> bool:
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


@dataclass(frozen=True)
class _CareLeaverRows:
    """What the young person's care-leaver record is built from, each oldest first."""

    contacts: list[CareLeaverContact]
    assessments: list[NeedsAssessment]
    plans: list[PathwayPlan]
    reviews: list[PathwayPlanReview]
    advisers: list[PersonalAdviser]


_ROWS = "_care_leaver_rows"
# The care leaver's tables, each under its name in `care_rows`: read with care's and
# permanence's in one statement, once for the request.
_CONTACTS, _ASSESSMENTS, _PLANS = "leaver_contact", "leaver_assessment", "leaver_plan"
_REVIEWS, _ADVISERS = "leaver_review", "leaver_adviser"
register_care_tables(
    *(
        Table(name, model, row_fields(model))
        for name, model in (
            (_CONTACTS, CareLeaverContact),
            (_ASSESSMENTS, NeedsAssessment),
            (_PLANS, PathwayPlan),
            (_REVIEWS, PathwayPlanReview),
            (_ADVISERS, PersonalAdviser),
        )
    )
)


def _care_leaver_rows(child: Person) -> _CareLeaverRows:
    """Read once for the object: the record's section and its clocks are given the same
    child. None for someone never looked after; otherwise the care rows' one statement
    (`care_rows`), shared with care's and permanence's sections."""
    found: _CareLeaverRows | None = child.__dict__.get(_ROWS)
    if found is None:
        found = _CareLeaverRows(
            contacts=care_rows(child, _CONTACTS, order_by=("contact_date",)),
            assessments=care_rows(child, _ASSESSMENTS, order_by=("completed_on",)),
            plans=care_rows(child, _PLANS, order_by=("agreed_on",)),
            reviews=care_rows(child, _REVIEWS, order_by=("reviewed_on",)),
            advisers=care_rows(child, _ADVISERS, order_by=("appointed_on",)),
        )
        setattr(child, _ROWS, found)
    return found


def care_leaver_record(
    *, child: Person, today: date, timescales: Mapping[str, int] | None = None
) -> CareLeaverRecord:
    """The young person's care-leaver record: no query for a child under 16 or never looked
    after (only someone looked after can be entitled, and nothing is recorded for anyone
    else), and for others what is recorded read once for the object with the other care
    rows (`care_rows`; the episodes too, none for those on the record, which has read them)."""
    age = age_on(child.date_of_birth, today)
    if age is None or age < _YOUNGEST or not care_periods_of(child):
        return CareLeaverRecord(entitlement=None, eligible_from=None)
    spells = [CareSpell(p.start_date, p.end_date, p.legal_status) for p in placements_of(child)]
    assert child.date_of_birth is not None
    eligible_from = became_eligible_on(child.date_of_birth, spells)
    rows = _care_leaver_rows(child)
    contacts, assessments, plans = rows.contacts, rows.assessments, rows.plans
    entitlement = entitlement_for(child, spells, contacts, today)
    adviser = rows.advisers[-1] if rows.advisers else None
    facts = CareLeaverFacts(
        child_id=child.pk,
        eligible_from=eligible_from,
        entitled_now=entitlement is not None,
        assessments=[a.completed_on for a in assessments],
        plans=[
            (p.pk, p.agreed_on, [r.reviewed_on for r in rows.reviews if r.plan_id == p.pk])
            for p in plans
        ],
    )
    return CareLeaverRecord(
        entitlement=entitlement,
        eligible_from=eligible_from,
        assessments=assessments,
        plans=plans,
        reviews=rows.reviews,
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


def _spells_of_age(every_child: bool) -> QuerySet[Any]:
    """The spells of care of the children given at each run as "children" (or of every
    child) who are of an age to be care leavers: born in the run's "born_by" and after its
    "born_after", given each run so that one statement serves every day."""
    spells = Placement.objects.filter(
        child__date_of_birth__lte=RunParam("born_by", DateField()),
        child__date_of_birth__gt=RunParam("born_after", DateField()),
    )
    if not every_child:
        spells = spells.filter(IdInParam("child_id", "children"))
    return spells.values(
        "pk", "child_id", "start_date", "end_date", "legal_status", born=F("child__date_of_birth")
    )


# The columns of `_care_leaver_records`' union (`common.unions.union_branch`).
_SLOTS: dict[str, Field[Any, Any]] = {
    "l_id": BigIntegerField(),
    "l_child": BigIntegerField(),
    "l_on": DateField(),
    "l_in_touch": CharField(),
}


def _read(model: type[Model], read: str, **columns: str) -> QuerySet[Any]:
    children = model._default_manager.filter(IdInParam("child_id", "children"))
    return union_branch(children, _SLOTS, ("l_read", read), **columns)


def _care_leaver_records() -> QuerySet[Any]:
    """The contacts, needs assessments, pathway plans and plan reviews of the young people
    given at each run as "children", as one UNION ALL."""
    return _read(
        CareLeaverContact, "contact", l_child="child_id", l_on="contact_date", l_in_touch="in_touch"
    ).union(
        _read(NeedsAssessment, "assessment", l_child="child_id", l_on="completed_on"),
        _read(PathwayPlan, "plan", l_id="pk", l_child="child_id", l_on="agreed_on"),
        _read(PathwayPlanReview, "review", l_id="plan_id", l_child="child_id", l_on="reviewed_on"),
        all=True,
    )


def _facts_for(
    spells_of_age: Iterable[dict[str, Any]], records: Iterable[dict[str, Any]], today: date
) -> list[CareLeaverFacts]:
    """The clocks' facts of each young person with a spell of care (`_spells_of_age`), from
    what is recorded of them (`_care_leaver_records`), in the order of their ids."""
    spells: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for spell in spells_of_age:
        spells[spell["child_id"]].append(spell)
    contacts: dict[int, list[_Contact]] = defaultdict(list)
    assessed: dict[int, list[date]] = defaultdict(list)
    reviews: dict[int, list[date]] = defaultdict(list)
    agreed: list[dict[str, Any]] = []
    for row in records:
        read, child_id = row["l_read"], row["l_child"]
        if read == "contact":
            contacts[child_id].append(_Contact(row["l_in_touch"], row["l_on"]))
        elif read == "assessment":
            assessed[child_id].append(row["l_on"])
        elif read == "review":
            reviews[row["l_id"]].append(row["l_on"])
        else:
            agreed.append(row)
    plans: dict[int, list[tuple[int, date, list[date]]]] = defaultdict(list)
    for row in agreed:
        plans[row["l_child"]].append((row["l_id"], row["l_on"], reviews.get(row["l_id"], [])))
    found = []
    for child_id in sorted(spells):
        # In the order `care_spells_by_child` gives them.
        own_rows = sorted(spells[child_id], key=lambda r: (r["start_date"], r["pk"]))
        own = [CareSpell(r["start_date"], r["end_date"], r["legal_status"]) for r in own_rows]
        born: date = own_rows[0]["born"]  # of an age to be a care leaver, so known
        entitled = entitlement_on(
            born, own, today, receiving_support=_receiving_support(contacts[child_id], today)
        )
        found.append(
            CareLeaverFacts(
                child_id=child_id,
                eligible_from=became_eligible_on(born, own),
                entitled_now=entitled is not None,
                assessments=assessed.get(child_id, []),
                plans=plans.get(child_id, []),
            )
        )
    return found


def open_care_leaver_clocks(
    child_ids: Collection[int] | None, today: date, timescales: Mapping[str, int]
) -> list[OpenClock]:
    """The open needs assessment and pathway plan review clocks of these young people (None:
    every one). Only someone aged 16 to 25 who was ever looked after can be entitled to
    leaving-care support today, and only someone entitled has open clocks: one query finds
    their spells of care, and a second, only if there are any, what is recorded of them.
    Each compiled once (`common.compiled`)."""
    every_child = child_ids is None
    spells = values_rows(
        ("care_leaver_spells", every_child),
        lambda: _spells_of_age(every_child),
        params={
            "children": [] if child_ids is None else list(child_ids),
            "born_by": add_months(today, -12 * _YOUNGEST),
            "born_after": add_months(today, -12 * _OLDEST),
        },
    )
    if not spells:
        return []
    # Only the young people found. Read with the spells in one statement, each read joined
    # to the age band, PostgreSQL's estimate of its cost made it start parallel workers: 5 to
    # 13 ms to read nothing for a caseload with no one of care-leaving age.
    young_people = sorted({spell["child_id"] for spell in spells})
    records = values_rows(
        "care_leaver_records", _care_leaver_records, params={"children": young_people}
    )
    items = []
    for facts in _facts_for(spells, records, today):
        for item in care_leaver_due_items(facts, today=today, timescales=timescales):
            if item.is_open:
                items.append(
                    OpenClock(
                        facts.child_id,
                        item.clock,
                        item.subject,
                        item.subject_id,
                        item.started,
                        item.due,
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

"""Reads for the child record page: everything it shows, read once per table."""

from __future__ import annotations

# --- Child record page ------------------------------------------------------------------------
# Everything the child record page shows, read once per table whatever the size of the case,
# after `child_record_get` has applied need to know and written the one audit entry.
import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import DEFERRED, Field, ForeignObjectRel, Model
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.http import HttpRequest
from django.utils import timezone
from django.utils.encoding import force_str

from safeguard.access.models import Alert, RestrictedRecord
from safeguard.access.permissions import allowed
from safeguard.access.queries import child_get_visible
from safeguard.access.roles import worker_of
from safeguard.audit.models import Action
from safeguard.audit.services import audit_child_read, audit_record
from safeguard.common import codes, postcodes
from safeguard.common.forms import time_text
from safeguard.common.services import draft_get
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Team, Worker
from safeguard.people.models import Address, Person, PersonDisability, Residence
from safeguard.timescales.clocks import CLOCKS, ClockStatus, local_timescales

from .. import extensions
from ..extensions import SOCIAL_CARE, ChronologyEvent, Panel
from ..models import (
    Allocation,
    Assessment,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    CoreGroupMeeting,
    LookedAfterPeriod,
    LookedAfterReview,
    ManagementDecision,
    Placement,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from ..workflow.next_steps import CaseState
from ..workflow.timeline import DueItem, due_items, due_now_and_history
from .actions import case_state_from
from .care_periods import care_periods_known
from .record_tables import record_tables_known, registered_record_tables
from .timescales import case_facts_from

M = TypeVar("M", bound=Model)

# A census referral source's first digit -> the chronology's agency (extensions.AGENCIES).
_SOURCE_AGENCY = {
    "1": "individual",
    "2": "education",
    "3": "health",
    "4": "housing",
    "5": "council",
    "6": "police",
    "7": "legal",
    "8": "voluntary",
    "9": "anonymous",
}
# Words in a strategy discussion's "agencies present" that name an agency.
_AGENCY_WORDS = (
    ("police", "police"),
    ("health", "health"),
    ("gp", "health"),
    ("nurse", "health"),
    ("hospital", "health"),
    ("midwi", "health"),
    ("school", "education"),
    ("education", "education"),
    ("housing", "housing"),
    ("probation", "legal"),
    ("cafcass", "legal"),
    ("court", "legal"),
)

# A relationship is stored one way ("<person> is <kind> of <relative>"); read from the child's
# side when the child is the `person`, the relative is the inverse of the kind.
_INVERSE_KIND: dict[str, str] = {
    codes.RelationshipKind.PARENT: "Child",
    codes.RelationshipKind.STEP_PARENT: "Step-child",
    codes.RelationshipKind.PARTNER_OF_PARENT: "Child of partner",
    codes.RelationshipKind.SIBLING: "Sibling",
    codes.RelationshipKind.HALF_SIBLING: "Half-sibling",
    codes.RelationshipKind.GRANDPARENT: "Grandchild",
    codes.RelationshipKind.OTHER_RELATIVE: "Other relative",
    codes.RelationshipKind.HOUSEHOLD_MEMBER: "Household member",
    codes.RelationshipKind.CARER: "Cared for by the child",
}

# The tag colour for each clock state; the state's label is always shown as text too.
STATUS_TAG_CLASSES = {
    ClockStatus.OVERDUE: "govuk-tag--red",
    ClockStatus.DUE_SOON: "govuk-tag--yellow",
    ClockStatus.MET_LATE: "govuk-tag--orange",
    ClockStatus.MET_IN_TIME: "govuk-tag--green",
    ClockStatus.UPCOMING: "govuk-tag--grey",
}


def source_agency(code: str) -> str:
    """The agency group of a census referral source code ("10", unknown, goes with "9")."""
    if code == codes.ReferralSource.UNKNOWN:
        return "anonymous"
    return _SOURCE_AGENCY.get(code[:1], "voluntary")


def agencies_named(text: str) -> set[str]:
    words = text.lower()
    return {agency for word, agency in _AGENCY_WORDS if word in words}


@dataclass(frozen=True)
class Relative:
    person: Person
    relationship: str
    # The relative's parental responsibility for the child; None when the relationship is
    # stored from the child's side (the child is the parent, sibling, ... of the relative).
    parental_responsibility: bool | None
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class HouseholdMember:
    person: Person
    relationship: str
    address: Any


@dataclass(frozen=True)
class TimelineRow:
    item: DueItem

    @property
    def tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self.item.status]


@dataclass
class ChildRecord:
    """The child record page: who the child is, their household, the open work, the
    statutory timeline and the chronology."""

    child: Person
    today: date
    age: int | None
    is_restricted: bool
    disabilities: list[str]
    relatives: list[Relative]
    household: list[HouseholdMember]
    household_hidden_at_refuge: bool
    residences: list[Residence]
    allocation: Allocation | None
    open_referral: Referral | None
    assessment: Assessment | None
    assessment_due: date | None
    section47_enquiry: Section47Enquiry | None
    enquiries_awaiting_conference: list[Section47Enquiry]
    protection_plan: ChildProtectionPlan | None
    # The open plan's latest conference: who took part, the outline plan, the dates it set.
    plan_conference: ChildProtectionConference | None
    cin_plan: ChildInNeedPlan | None
    care_period: LookedAfterPeriod | None
    placement: Placement | None
    undecided_contacts: list[Contact]
    timeline: list[TimelineRow]
    # The same clocks as the page shows them: the open ones, most urgent first ("Due now"),
    # and the met or closed ones, latest first (the history, folded away).
    due_now: list[TimelineRow]
    timeline_history: list[TimelineRow]
    alerts: list[Alert]
    chronology: list[ChronologyEvent]
    case_notes: list[CaseNote]
    overdue: list[DueItem]
    # What is open on the case, as the workflow rules ask it (`workflow.next_steps`): the
    # steps the page offers come from this.
    state: CaseState
    # Blocks added by the multi-agency hub (signals about this child): cases.extensions.
    panels: list[Panel] = field(default_factory=list)
    # The open period of care's care plan clock while no plan is recorded (its due date),
    # and its latest review (with the IRO who chaired it).
    care_plan_due: date | None = None
    care_review: LookedAfterReview | None = None
    # The open placement's plan for visits, in words (`visiting_plan_words`).
    placement_visiting_plan: str = ""
    # How far the open placement is from the home the child came into care from, and whether
    # it is in the authority's area (`distance_from_home_words`); empty while unknown.
    placement_distance: str = ""

    @property
    def has_open_work(self) -> bool:
        return any(
            (
                self.open_referral,
                self.assessment,
                self.section47_enquiry,
                self.protection_plan,
                self.cin_plan,
                self.care_period,
            )
        )


def _name(worker: Worker | None) -> str:
    return worker.full_name if worker is not None else ""


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def _local_date(moment: Any) -> date:
    return timezone.localtime(moment).date()


def _is_current(start: date | None, end: date | None, today: date) -> bool:
    return (start is None or start <= today) and (end is None or end >= today)


# The people around the child, in one read: the child's relationships, whichever way each
# is stored, with both people's names; and every residence at an address the child has lived
# at: the child's own, and others' current ones (start today or before, no end or an end
# today or after), with names and addresses, ranked by name (as the database orders names)
# and id. The relationships come first, so that their columns give the union's their types
# (SQLite's driver converts a column by its first branch's: the dates); a residence's address
# lines take the relative's name columns, its town and postcode columns of their own.
_PEOPLE_SQL = """
    SELECT 'relationship', r.person_id, r.relative_id, r.kind, r.has_parental_responsibility,
           r.start_date, r.end_date,
           p.first_name, p.last_name, p.date_of_birth,
           q.first_name, q.last_name, q.date_of_birth,
           CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS varchar),
           CAST(NULL AS varchar), CAST(NULL AS bigint)
    FROM people_relationship r
    JOIN people_person p ON p.id = r.person_id
    JOIN people_person q ON q.id = r.relative_id
    WHERE r.person_id = %(child)s OR r.relative_id = %(child)s
    UNION ALL
    SELECT 'residence', r.person_id, CAST(NULL AS bigint), r.kind, CAST(NULL AS boolean),
           r.start_date, r.end_date,
           p.first_name, p.last_name, p.date_of_birth,
           a.line_1, a.line_2, CAST(NULL AS date),
           r.id, r.address_id, a.town, a.postcode,
           row_number() OVER (ORDER BY p.last_name, p.first_name, r.id)
    FROM people_residence r
    JOIN people_person p ON p.id = r.person_id
    JOIN people_address a ON a.id = r.address_id
    WHERE r.address_id IN (SELECT address_id FROM people_residence WHERE person_id = %(child)s)
      AND (r.person_id = %(child)s
           OR ((r.end_date IS NULL OR r.end_date >= %(today)s) AND r.start_date <= %(today)s))
"""


def _people_around(child: Person, today: date) -> tuple[list[Any], list[Any]]:
    """The child's relationships and the residences (`_PEOPLE_SQL`), each a row of the
    union without its first column: one query."""
    with connection.cursor() as cursor:
        cursor.execute(_PEOPLE_SQL, {"child": child.pk, "today": today})
        found = cursor.fetchall()
    relationships = [row[1:] for row in found if row[0] == "relationship"]
    residences = sorted((row[1:] for row in found if row[0] == "residence"), key=lambda r: r[-1])
    return relationships, residences


@functools.cache
def _plain(model: type[Model]) -> bool:
    """Whether nothing listens for the model's instances being made (`_new` may skip
    `Model.__init__`). Receivers connect when apps are ready, before any page is read."""
    return not (pre_init.has_listeners(model) or post_init.has_listeners(model))


def _new(model: type[M], values: dict[str, Any], related: dict[str, Model] | None = None) -> M:
    """A `model` instance as read from the database, with only `values` (by attribute name,
    "id" for the key) loaded, the rest deferred as `.only()` leaves them, and `related`
    objects already set on its foreign keys (by field name). `Model.__init__` checks every
    field for each keyword; the page makes some dozens of these on every view."""
    if not _plain(model):
        instance = model(**values, **(related or {}))
    else:
        instance = model.__new__(model)
        instance._state = ModelState()
        instance.__dict__.update(values)
        if related:
            instance._state.fields_cache.update(related)
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


def _person(pk: int, first_name: str, last_name: str, date_of_birth: date | None) -> Person:
    """Someone on the record as the page shows them: name and date of birth only."""
    return _new(
        Person,
        {
            "id": pk,
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": date_of_birth,
        },
    )


def _relatives(child: Person, found: Iterable[Sequence[Any]]) -> list[Relative]:
    """The child's relationships (`_people_around`) as the page lists them."""
    kind_label = dict(codes.RelationshipKind.choices)
    rows = []
    for person_id, relative_id, kind, responsibility, start, end, *names in found:
        label = str(kind_label.get(kind, kind))
        if relative_id == child.pk:
            person = _person(person_id, *names[:3])
            rows.append(Relative(person, label, bool(responsibility), start, end))
        else:
            person = _person(relative_id, *names[3:6])
            rows.append(Relative(person, _INVERSE_KIND.get(kind, label), None, start, end))
    return sorted(rows, key=lambda r: (r.end_date is not None, r.relationship, r.person.last_name))


@functools.cache
def _labels(model: type[Model], name: str) -> dict[Any, Any]:
    return dict(model._meta.get_field(name).flatchoices)  # type: ignore[union-attr]


def choice_label(instance: Model, name: str) -> Any:
    """`instance.get_<name>_display()`, from the field's choices as a dict kept once: the
    chronology asks some hundred times a page, and the record's lists a few dozen."""
    value = getattr(instance, name)
    return force_str(_labels(type(instance), name).get(value, value), strings_only=True)


def visiting_plan_words(placement: Placement) -> str:
    """What the placement is meant to be, as it sets the visits (`workflow.lac_visits`): the
    plan's label, and the child's agreement to longer intervals; without a plan, the
    six-weekly visits."""
    if placement.visiting_plan == Placement.VisitingPlan.STANDARD:
        return f"None that changes the visits: at most every {CLOCKS['lac_visit'].period}"
    words = str(choice_label(placement, "visiting_plan"))
    if placement.six_monthly_visits_agreed:
        period = CLOCKS["lac_visit_long_term_foster"].period
        words += f": the child agreed to visits every {period} after the first year"
    return words


def distance_from_home_words(home_postcode: str, placement_postcode: str) -> str:
    """How far the placement is from the home the child came into care from, in a straight
    line, and whether it is in the authority's area: "3.6 miles, in the authority's area" or
    "…, out of the area (Salford)"; empty when either postcode cannot be placed
    (`common.postcodes`)."""
    miles = postcodes.distance_miles(home_postcode, placement_postcode)
    placed = postcodes.locate(placement_postcode)
    if miles is None or placed is None:
        return ""
    if postcodes.in_authority_area(placed):
        return f"{miles} miles, in the authority's area"
    return f"{miles} miles, out of the area ({placed.la_name or placed.la_code})"


def _chronology(
    *,
    contacts: Sequence[Contact],
    referrals: Sequence[Referral],
    allocations: Sequence[Allocation],
    assessments: Sequence[Assessment],
    discussions: Sequence[StrategyDiscussion],
    enquiries: Sequence[Section47Enquiry],
    conferences: Sequence[ChildProtectionConference],
    protection_plans: Sequence[ChildProtectionPlan],
    core_groups: Sequence[CoreGroupMeeting],
    cin_plans: Sequence[ChildInNeedPlan],
    cin_reviews: Sequence[ChildInNeedPlanReview],
    care_periods: Sequence[LookedAfterPeriod],
    placements: Sequence[Placement],
    care_reviews: Sequence[LookedAfterReview],
    visits: Sequence[Visit],
    case_notes: Sequence[CaseNote],
    decisions: Sequence[ManagementDecision],
) -> list[ChronologyEvent]:
    """Every event on the child's record, newest first."""
    events: list[ChronologyEvent] = []
    add = events.append
    for c in contacts:
        decided = (
            f" Decision: {choice_label(c, 'decision')} on {_day(_local_date(c.decided_at))}."
            if c.decided_at
            else " Not yet decided."
        )
        add(
            ChronologyEvent(
                _local_date(c.received_at),
                "contact",
                f"Contact from {choice_label(c, 'source')}",
                (c.concerns + decided).strip(),
                who=c.referrer,
                agencies=frozenset({source_agency(c.source)}),
            )
        )
    for r in referrals:
        add(
            ChronologyEvent(
                r.referral_date,
                "referral",
                "Referral opened",
                f"Source: {choice_label(r, 'source')}. "
                f"Primary need: {choice_label(r, 'primary_need')}.",
                who=r.team.name,
                agencies=frozenset({source_agency(r.source)}),
            )
        )
        if r.closure_date:
            add(
                ChronologyEvent(
                    r.closure_date,
                    "referral",
                    "Referral closed",
                    choice_label(r, "closure_reason"),
                    step=1,
                )
            )
    for a in allocations:
        add(
            ChronologyEvent(
                a.start_date,
                "allocation",
                f"Allocated to {a.worker.full_name + ', ' if a.worker else ''}{a.team.name}",
                a.reason,
                who=_name(a.allocated_by),
            )
        )
    for s in assessments:
        add(ChronologyEvent(s.start_date, "assessment", "Assessment started", who=_name(s.worker)))
        if s.submitted_date:
            seen = (
                f"Child seen on {_day(s.child_seen_date)}."
                if s.child_seen_date
                else "Child not recorded as seen."
            )
            outcome = f" Outcome: {choice_label(s, 'outcome')}." if s.outcome else ""
            add(
                ChronologyEvent(
                    s.submitted_date,
                    "assessment",
                    "Assessment completed",
                    f"{seen}{outcome} {s.analysis}".strip(),
                    who=_name(s.worker),
                    step=1,
                )
            )
        if s.authorised_date:
            add(
                ChronologyEvent(
                    s.authorised_date,
                    "assessment",
                    "Assessment authorised",
                    who=_name(s.authorised_by),
                    step=2,
                )
            )
    for d in discussions:
        started = "started" if d.section47_started else "not started"
        add(
            ChronologyEvent(
                d.discussion_date,
                "strategy_discussion",
                "Strategy discussion",
                f"Agencies present: {d.agencies_present or 'not recorded'}. "
                f"Section 47 enquiry {started}.",
                rationale=d.rationale,
                agencies=frozenset({SOCIAL_CARE, *agencies_named(d.agencies_present)}),
            )
        )
    for e in enquiries:
        add(ChronologyEvent(e.start_date, "section47", "Section 47 enquiry started"))
        if e.completed_date:
            conference = " Initial conference needed." if e.conference_required else ""
            add(
                ChronologyEvent(
                    e.completed_date,
                    "section47",
                    "Section 47 enquiry completed",
                    f"Outcome: {choice_label(e, 'outcome') or 'not recorded'}.{conference}",
                    step=1,
                )
            )
    for k in conferences:
        present = f" Agencies present: {k.agencies_present}." if k.agencies_present else ""
        review = (
            f" Next review conference planned for {_day(k.next_review_date)}."
            if k.next_review_date
            else ""
        )
        add(
            ChronologyEvent(
                k.conference_date,
                "conference",
                choice_label(k, "kind"),
                f"Outcome: {choice_label(k, 'outcome')}.{present}{review}",
                who=f"Chaired by {k.chair.full_name}" if k.chair else "",
                # Filtering by an agency finds the conferences it attended.
                agencies=frozenset({SOCIAL_CARE, *agencies_named(k.agencies_present)}),
            )
        )
    for p in protection_plans:
        add(
            ChronologyEvent(
                p.start_date,
                "plan",
                "Child protection plan started",
                f"Category: {choice_label(p, 'initial_category')}.",
            )
        )
        if p.end_date:
            add(ChronologyEvent(p.end_date, "plan", "Child protection plan ended", step=3))
    for g in core_groups:
        add(ChronologyEvent(g.meeting_date, "plan", "Core group meeting", g.notes, step=1))
    for n in cin_plans:
        add(ChronologyEvent(n.start_date, "plan", "Child in need plan started"))
        if n.end_date:
            add(ChronologyEvent(n.end_date, "plan", "Child in need plan ended", step=3))
    for v in cin_reviews:
        add(ChronologyEvent(v.review_date, "plan", "Child in need plan review", step=2))
    for period in care_periods:
        add(
            ChronologyEvent(
                period.start_date,
                "looked_after",
                "Became looked after",
                f"Category of need: {choice_label(period, 'category_of_need')}.",
            )
        )
        if period.care_plan_date:
            add(ChronologyEvent(period.care_plan_date, "looked_after", "Care plan agreed", step=1))
        if period.end_date:
            add(
                ChronologyEvent(
                    period.end_date,
                    "looked_after",
                    "Stopped being looked after",
                    choice_label(period, "reason_ceased"),
                    step=3,
                )
            )
    home_postcodes = {period.pk: period.home_postcode for period in care_periods}
    for pl in placements:
        distance = distance_from_home_words(home_postcodes.get(pl.period_id, ""), pl.postcode)
        add(
            ChronologyEvent(
                pl.start_date,
                "looked_after",
                f"Placement: {choice_label(pl, 'placement_type')}",
                f"Legal status: {choice_label(pl, 'legal_status')}. "
                f"Provider: {choice_label(pl, 'provider')}. "
                f"Visiting plan: {visiting_plan_words(pl)}."
                + (f" Distance from home: {distance}." if distance else ""),
                step=1,
            )
        )
        if pl.end_date and (pl.reason_place_change or pl.move_planned is not None):
            planned = {True: "Planned move.", False: "Unplanned move.", None: ""}
            reason = choice_label(pl, "reason_place_change") if pl.reason_place_change else ""
            add(
                ChronologyEvent(
                    pl.end_date,
                    "looked_after",
                    "Placement ended",
                    " ".join(p for p in (planned[pl.move_planned], reason) if p),
                )
            )
    for lr in care_reviews:
        participation = choice_label(lr, "participation") if lr.participation else ""
        add(
            ChronologyEvent(
                lr.review_date,
                "looked_after",
                "Looked-after review",
                " ".join(
                    part
                    for part in (
                        f"{participation}." if participation else "",
                        f"Recommendations: {lr.iro_recommendations}"
                        if lr.iro_recommendations
                        else "",
                    )
                    if part
                ),
                who=f"Chaired by {lr.iro.full_name}" if lr.iro else "",
            )
        )
    for visit in visits:
        add(
            ChronologyEvent(
                visit.visit_date,
                "visit",
                choice_label(visit, "kind"),
                visit_detail(visit),
                who=_name(visit.visited_by),
            )
        )
    for note in case_notes:
        add(
            ChronologyEvent(
                note.event_date,
                "case_note",
                note.subject,
                choice_label(note, "kind") if note.kind else "",
                who=_name(note.written_by),
                anchor=f"case-note-{note.pk}",
                significant=note.significant,
            )
        )
    for m in decisions:
        add(
            ChronologyEvent(
                _local_date(m.decided_at),
                "decision",
                choice_label(m, "kind"),
                m.decision,
                who=f"{m.decided_by.full_name}, {timezone.localtime(m.decided_at):%H:%M}",
                rationale=m.rationale,
            )
        )
    return sorted(events, key=lambda e: e.sort_key, reverse=True)


def visit_detail(visit: Visit) -> str:
    """A visit as its chronology entry reads: when and where, whether the child was seen,
    who was there, the child's wishes and feelings, what was observed, and the notes. A
    visit recorded before time and place were asked for leaves out what it lacks."""
    first = []
    if visit.visit_time:
        first.append(f"Time: {time_text(visit.visit_time)}.")
    if visit.place:
        other = visit.place == codes.VisitPlace.OTHER and visit.place_other
        first.append(f"Place: {other or choice_label(visit, 'place')}.")
    if visit.child_seen:
        first.append("Child seen alone." if visit.seen_alone else "Child seen, not alone.")
    else:
        first.append(f"Child not seen: {visit.not_seen_reason}")
    lines = [" ".join(first)]
    if visit.present:
        lines.append(f"Present: {visit.present}")
    if visit.wishes_and_feelings:
        lines.append(f"The child's wishes and feelings: {visit.wishes_and_feelings}")
    if visit.observations:
        lines.append(f"Observed: {visit.observations}")
    if visit.notes:
        lines.append(visit.notes)
    return "\n".join(lines)


def _with_partner_events(
    events: list[ChronologyEvent], partner_events: Sequence[ChronologyEvent]
) -> list[ChronologyEvent]:
    if not partner_events:
        return events
    return sorted([*events, *partner_events], key=lambda e: e.sort_key, reverse=True)


def chronology_filter(
    events: Iterable[ChronologyEvent],
    *,
    types: Iterable[str] = (),
    agencies: Iterable[str] = (),
    significant_only: bool = False,
) -> list[ChronologyEvent]:
    """The events of the chosen types from the chosen agencies (no choice: all of them);
    with `significant_only`, only the significant events (a court chronology's list)."""
    wanted_types, wanted_agencies = set(types), set(agencies)
    return [
        e
        for e in events
        if (not wanted_types or e.kind in wanted_types)
        and (not wanted_agencies or e.agencies & wanted_agencies)
        and (e.significant or not significant_only)
    ]


def child_get_for_recording(
    *, user: AnyUser, child_id: int, permission: str, request: HttpRequest | None = None
) -> Person:
    """The child, for a form that records work on their record: 404 unless the user may see
    them, 403 unless the named permission allows this user to record on this child. The form
    shows who the child is, so it is a read of the record: one audit entry, naming what for."""
    child = child_get_visible(user, child_id)
    if not allowed(user, permission, child):
        raise PermissionDenied(permission)
    audit_child_read(actor=user, child_id=child.pk, request=request, details={"for": permission})
    return child


def draft_get_for_child(
    *, user: AnyUser, form_key: str, child: Person, request: HttpRequest | None = None
) -> dict[str, Any] | None:
    """What the user typed into a form about `child` and has not sent yet (their draft), for
    the form to show again; the caller has applied need to know to the child. A draft is
    case content in the making, so reading it back is audited (the form's key names it)."""
    if not user.is_authenticated:  # keeps no drafts
        return None
    draft = draft_get(user=user, form_key=form_key)
    if draft is not None:
        audit_record(
            action=Action.READ,
            actor=user,
            request=request,
            object_type="common.draft",
            object_id=form_key,
            child_id=child.pk,
        )
    return draft


def child_record_get(*, user: AnyUser, child_id: int, request: HttpRequest | None = None) -> Person:
    """Open a child's record for `user`: 404 unless they may see it (so its existence does not
    leak), and exactly one audit entry for the read."""
    child = child_get_visible(user, child_id)
    audit_child_read(actor=user, child_id=child.pk, request=request)
    return child


# --- Reading one table's rows for the page ------------------------------------------------------
# The page reads some twenty tables on every view. Django compiling a queryset (resolving the
# filter, the columns, the joins) costs more than the database's answer to these one-index
# reads, so each is written once, from the model's own table and column names, and run as it
# is: `Model.objects.raw` still gives model instances, with the database's values converted.


def _column(field: Field[Any, Any] | ForeignObjectRel) -> str:
    if not isinstance(field, Field) or field.column is None:
        raise TypeError(f"{field} is not a column of its table")
    return field.column


# Compared by identity: each is made once (`_read`), and found by it in `_converters`.
@dataclass(frozen=True, eq=False)
class _Read:
    """How `_rows` reads one model's rows: the statement, and for each column the place of
    its field among the model's concrete fields (the order `Model.__init__` takes them)."""

    sql: str
    model: type[Model]
    fields: tuple[Field[Any, Any], ...]
    places: tuple[int, ...]
    width: int
    # The fields' attribute names, in the read's order.
    names: tuple[str, ...]


@functools.cache
def _read(model: type[Model], fields: tuple[str, ...], where: str, order_by: str) -> _Read:
    """SELECT the model's id and `fields` (field names) FROM its table WHERE `where` (columns
    and %s placeholders) [ORDER BY `order_by`]."""
    quote = connection.ops.quote_name
    meta = model._meta
    concrete = list(meta.concrete_fields)
    chosen = [meta.get_field(name) for name in ("id", *fields)]
    columns = ", ".join(quote(_column(f)) for f in chosen)
    # `where` and `order_by` are literals in this module; values are always bound parameters.
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608
    if order_by:
        sql = f"{sql} ORDER BY {order_by}"
    picked = tuple(f for f in chosen if isinstance(f, Field))
    places = tuple(concrete.index(f) for f in picked)
    return _Read(sql, model, picked, places, len(concrete), tuple(f.attname for f in picked))


_local = threading.local()


def _converters(read: _Read) -> list[tuple[int, list[Any], Any]]:
    """The database's converters for each column that has some (a datetime from SQLite's
    text, made aware), as a queryset would apply them; on PostgreSQL usually none. Found once
    per thread: converters belong to the thread's connection."""
    known: dict[_Read, list[tuple[int, list[Any], Any]]] = _local.__dict__.setdefault(
        "converters", {}
    )
    found = known.get(read)
    if found is None:
        found = known[read] = []
        for index, f in enumerate(read.fields):
            col = f.get_col(read.model._meta.db_table)
            convert = [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)]
            if convert:
                found.append((index, convert, col))
    return found


def _rows(
    model: type[M],
    fields: tuple[str, ...],
    params: Sequence[Any],
    *,
    where: str = "child_id = %s",
    order_by: str = "",
) -> list[M]:
    """The rows of `model` matching `where`, with only `fields` loaded (reading another is a
    query: list every field the page uses). As `Model.objects.raw` would give them, without
    its per-query resolving of columns: the statement and the columns' places are worked
    out once per process."""
    read = _read(model, fields, where, order_by)
    with connection.cursor() as cursor:
        cursor.execute(read.sql, params)
        return _instances(read, cursor.fetchall())


def _builder(model: type[Model], alias: str) -> Any:
    """Makes an instance of `model` read from the database `alias` from its concrete fields'
    values in order (DEFERRED for a field not read), as `Model.from_db` does. Without
    listeners on the model's init signals, the values are set as `Model.__init__` would set
    them (each loaded field's attribute; a deferred one left out) without its per-field
    checks: the page makes a hundred instances or more."""
    if not _plain(model):

        def init(values: list[Any]) -> Model:
            instance = model(*values)
            instance._state.adding = False
            instance._state.db = alias
            return instance

        return init
    names = [f.attname for f in model._meta.concrete_fields]
    new = model.__new__

    def build(values: list[Any]) -> Model:
        instance = new(model)
        state = instance._state = ModelState()
        state.adding, state.db = False, alias
        instance.__dict__.update(
            (name, value)
            for name, value in zip(names, values, strict=True)
            if value is not DEFERRED
        )
        return instance

    return build


def _instances(read: _Read, found: Sequence[Sequence[Any]]) -> list[Any]:
    """`read.model` instances from rows of its id and fields (further columns are ignored)."""
    if not found:
        return []
    converters = _converters(read)
    model, alias = read.model, connection.alias
    if _plain(model):
        # Only the fields read are set, as `_builder` sets them, without first laying the
        # row out over every field of the model (a long record makes hundreds of rows).
        names, width, new = read.names, len(read.names), model.__new__
        made = []
        for row in found:
            loaded = list(row[:width])
            for index, convert, col in converters:
                value = loaded[index]
                for converter in convert:
                    value = converter(value, col, connection)
                loaded[index] = value
            instance = new(model)
            state = instance._state = ModelState()
            state.adding, state.db = False, alias
            instance.__dict__.update(zip(names, loaded, strict=True))
            made.append(instance)
        return made
    build = _builder(model, alias)
    places, width = read.places, read.width
    rows = []
    for row in found:
        values: list[Any] = [DEFERRED] * width
        for place, value in zip(places, row, strict=False):
            values[place] = value
        for index, convert, col in converters:
            value = values[places[index]]
            for converter in convert:
                value = converter(value, col, connection)
            values[places[index]] = value
        rows.append(build(values))
    return rows


@dataclass(frozen=True, eq=False)
class _Together:
    """How `rows_together` reads several tables in one statement: the UNION ALL, and for each
    table its `_Read` and what picks its id and fields, in the read's order, from a row."""

    sql: str
    tables: tuple[tuple[str, _Read, Callable[[Sequence[Any]], Sequence[Any]]], ...]


def _picker(columns: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """What takes these columns of a row, as a tuple (`itemgetter` gives one column alone)."""
    if len(columns) == 1:
        (column,) = columns
        return lambda row: (row[column],)
    return itemgetter(*columns)


class Table(NamedTuple):
    """One table's read in a union (`rows_together`): its name there, the model, the fields
    read (besides the id), and which of its rows, with named parameters (`%(child)s`, bound
    at each run): those `where` says, or with `ids_from` (a subquery), those whose id it
    selects."""

    name: str
    model: type[Model]
    fields: tuple[str, ...]
    where: str = "child_id = %(child)s"
    ids_from: str = ""


def _where(table: Table) -> str:
    if not table.ids_from:
        return table.where
    if connection.vendor == "postgresql":
        # The ids found first, then each row by its key: PostgreSQL's one plan for every
        # child (a prepared statement's) otherwise guesses how many ids the subquery gives
        # and may read a whole table (every worker) to join them.
        return f"id = ANY(ARRAY({table.ids_from}))"
    return f"id IN ({table.ids_from})"


def _slot_type(f: Field[Any, Any]) -> str:
    """The column type a union slot holding `f` has: its own type without a length (text of
    any length shares a slot). Never a date and a date-time in one slot: SQLite's driver
    converts a union's column by the type of its first branch's column."""
    db_type = f.db_type(connection) or "text"
    return db_type.split("(", 1)[0].strip()


@functools.cache
def _together(tables: tuple[Table, ...]) -> _Together:
    """One UNION ALL of each table's rows about the child: every row starts with its table's
    name, then a column per slot. A slot has one type (the field's cast type) and each table
    puts each of its columns in a slot of that column's type, NULL (cast to the slot's type,
    so that PostgreSQL knows it) in the slots it does not use; so the database's values
    arrive as their own types, converted as `_rows` converts them."""
    quote = connection.ops.quote_name
    slots: list[str] = []
    planned = []
    for table in tables:
        read = _read(table.model, table.fields, _where(table), "")
        taken: list[int] = []
        for f in read.fields:
            kind = _slot_type(f)
            free = (i for i, k in enumerate(slots) if k == kind and i not in taken)
            place = next(free, None)
            if place is None:
                slots.append(kind)
                place = len(slots) - 1
            taken.append(place)
        planned.append((table, read, tuple(taken)))
    branches = []
    for table, read, places in planned:
        columns = [f"CAST(NULL AS {kind})" for kind in slots]
        for f, place in zip(read.fields, places, strict=True):
            columns[place] = quote(_column(f))
        # Table and column names from the models' metadata, the names and conditions from
        # the callers' literals; the values are bound parameters.
        branches.append(
            f"SELECT '{table.name}', {', '.join(columns)} "  # noqa: S608
            f"FROM {quote(read.model._meta.db_table)} WHERE {_where(table)}"
        )
    return _Together(
        " UNION ALL ".join(branches),
        tuple(
            (table.name, read, _picker([1 + place for place in places]))
            for table, read, places in planned
        ),
    )


def rows_together(tables: tuple[Table, ...], params: dict[str, Any]) -> dict[str, list[Any]]:
    """Each table's rows (`tables`), as `_rows` reads them, in one statement whose named
    parameters `params` gives: a page's many small reads cost more in sending and answering
    each than in the reading. In no particular order (the caller sorts)."""
    together = _together(tables)
    with connection.cursor() as cursor:
        cursor.execute(together.sql, params)
        found = cursor.fetchall()
    by_table: dict[str, list[Sequence[Any]]] = {name: [] for name, _, _ in together.tables}
    for row in found:
        by_table[row[0]].append(row)
    return {
        name: _instances(read, [pick(row) for row in by_table[name]])
        for name, read, pick in together.tables
    }


def _ids_read_by(*reads: tuple[type[Model], str]) -> str:
    """The ids in these columns (model, foreign key) of the child's rows, as a subquery."""
    return " UNION ".join(
        f"SELECT {_column(model._meta.get_field(name))} FROM {model._meta.db_table}"  # noqa: S608
        " WHERE child_id = %(child)s"
        for model, name in reads
    )


# What the record reads of each table about the child, in one statement (`rows_together`):
# the child is the parameter `child`, the reader `reader`.
_RECORD_TABLES: tuple[Table, ...] = (
    Table(
        "allocations",
        Allocation,
        ("team", "worker", "allocated_by", "start_date", "end_date", "reason"),
    ),
    Table(
        "referrals",
        Referral,
        ("referral_date", "source", "primary_need", "closure_date", "closure_reason", "team"),
    ),
    # The teams of the child's allocations and referrals; the authorities of the allocations'.
    Table(
        "teams",
        Team,
        ("name", "phone", "authority"),
        ids_from=_ids_read_by((Allocation, "team"), (Referral, "team")),
    ),
    Table(
        "authorities",
        Authority,
        (
            "cp_visit_working_days",
            "cin_visit_working_days",
            "cin_review_months",
            "due_soon_working_days",
        ),
        ids_from="SELECT t.authority_id FROM organisation_team t"
        " JOIN cases_allocation a ON a.team_id = t.id WHERE a.child_id = %(child)s",
    ),
    Table(
        "contacts",
        Contact,
        ("received_at", "source", "referrer", "concerns", "decision", "decided_at"),
    ),
    Table(
        "assessments",
        Assessment,
        (
            "referral",
            "worker",
            "start_date",
            "child_seen_date",
            "submitted_date",
            "authorised_date",
            "authorised_by",
            "outcome",
            "analysis",
        ),
    ),
    Table(
        "enquiries",
        Section47Enquiry,
        ("referral", "start_date", "completed_date", "outcome", "conference_required"),
    ),
    Table(
        "conferences",
        ChildProtectionConference,
        (
            "kind",
            "section47_enquiry",
            "plan",
            "conference_date",
            "outcome",
            "chair",
            "agencies_present",
            "reports_from",
            "attendees",
            "parents_participation",
            "child_participation",
            "plan_outline",
            "next_core_group_date",
            "next_review_date",
        ),
    ),
    Table(
        "care_periods",
        LookedAfterPeriod,
        (
            "start_date",
            "end_date",
            "reason_ceased",
            "category_of_need",
            "care_plan_date",
            "home_postcode",
        ),
    ),
    Table(
        "placements",
        Placement,
        (
            "period",
            "start_date",
            "end_date",
            "legal_status",
            "placement_type",
            "provider",
            "postcode",
            "urn",
            "reason_place_change",
            "move_planned",
            "visiting_plan",
            "six_monthly_visits_agreed",
        ),
    ),
    Table(
        "care_reviews",
        LookedAfterReview,
        ("period", "review_date", "participation", "iro", "iro_recommendations"),
    ),
    Table(
        "case_notes",
        CaseNote,
        ("written_by", "event_date", "subject", "body", "created_at", "kind", "significant"),
    ),
    Table(
        "visits",
        Visit,
        (
            "kind",
            "visit_date",
            "child_seen",
            "seen_alone",
            "not_seen_reason",
            "notes",
            "visited_by",
            "visit_time",
            "place",
            "place_other",
            "present",
            "wishes_and_feelings",
            "observations",
        ),
    ),
    Table(
        "discussions",
        StrategyDiscussion,
        ("discussion_date", "agencies_present", "section47_started", "rationale"),
    ),
    Table(
        "decisions",
        ManagementDecision,
        ("kind", "decision", "rationale", "decided_by", "decided_at"),
    ),
    Table(
        "protection_plans",
        ChildProtectionPlan,
        ("start_date", "end_date", "initial_category", "latest_category", "initial_conference"),
    ),
    Table("cin_plans", ChildInNeedPlan, ("start_date", "end_date")),
    Table("core_groups", CoreGroupMeeting, ("plan", "meeting_date", "notes")),
    Table(
        "cin_reviews",
        ChildInNeedPlanReview,
        ("plan", "review_date"),
        "plan_id IN (SELECT id FROM cases_childinneedplan WHERE child_id = %(child)s)",
    ),
    # The names of the workers on the rows above, so that nothing reads a worker row by row.
    Table(
        "workers",
        Worker,
        ("first_name", "last_name"),
        ids_from=_ids_read_by(
            (Allocation, "worker"),
            (Allocation, "allocated_by"),
            (Assessment, "worker"),
            (Assessment, "authorised_by"),
            (ChildProtectionConference, "chair"),
            (CaseNote, "written_by"),
            (Visit, "visited_by"),
            (ManagementDecision, "decided_by"),
            (LookedAfterReview, "iro"),
        ),
    ),
    # The reader's unread alerts about the child (put newest first in Python), whether the
    # record is restricted, and the child's disabilities (census codes, in the order they
    # are stored in).
    Table(
        "alerts",
        Alert,
        ("message", "created_at"),
        "recipient_id = %(reader)s AND child_id = %(child)s AND read_at IS NULL",
    ),
    Table("restricted", RestrictedRecord, ()),
    Table("disabilities", PersonDisability, ("code",), "person_id = %(child)s"),
)

RECORD_TABLE_NAMES = frozenset(table.name for table in _RECORD_TABLES)


def _addresses(
    child: Person, today: date, found: Iterable[Sequence[Any]]
) -> tuple[list[Residence], list[Residence], bool]:
    """The child's addresses, current first; who else lives at the child's current addresses
    now; and whether anyone was left out because the address is a refuge. From the
    residences `_people_around` read, in their order (by name, then id)."""
    rows = []
    for person_id, _, kind, _, start, end, first, last, born, *rest in found:
        person = _person(person_id, first, last, born)
        line_1, line_2, _, pk, address_id, town, postcode, _ = rest
        address = _new(
            Address,
            {
                "id": address_id,
                "line_1": line_1,
                "line_2": line_2,
                "town": town,
                "postcode": postcode,
            },
        )
        residence = {"id": pk, "person_id": person_id, "address_id": address_id, "kind": kind}
        residence |= {"start_date": start, "end_date": end}
        rows.append(_new(Residence, residence, {"person": person, "address": address}))
    own = sorted(
        (r for r in rows if r.person_id == child.pk),
        key=lambda r: (r.end_date is None, r.start_date),
        reverse=True,
    )
    current = [r for r in own if _is_current(r.start_date, r.end_date, today)]
    # Who else lives at a refuge is never shown: it would point to other families there.
    shared = {r.address_id for r in current if r.kind != codes.AddressKind.REFUGE}
    others = [r for r in rows if r.person_id != child.pk and r.address_id in shared]
    return own, others, len(shared) < len(current)


def _allocations_and_referrals(
    read: dict[str, list[Any]],
) -> tuple[list[Allocation], list[Referral]]:
    """The child's allocations, oldest first, and referrals, in the order they were made,
    each with its team (name and phone) as `rows_together` read them; an allocation's team
    with its authority's local timescales (the statutory timeline's lengths). The workers'
    names are read with the other names on the record (its "workers")."""
    authorities = {a.pk: a for a in read["authorities"]}
    teams = {t.pk: t for t in read["teams"]}
    allocations: list[Allocation] = sorted(read["allocations"], key=lambda a: (a.start_date, a.pk))
    _attach([teams[held.team_id] for held in allocations], "authority", authorities)
    _attach(allocations, "team", teams)
    referrals: list[Referral] = sorted(read["referrals"], key=_id)
    _attach(referrals, "team", teams)
    return allocations, referrals


def _attach(rows: Iterable[Model], name: str, by_id: dict[Any, Any]) -> None:
    """Set each row's `name` foreign key's object from `by_id` (None for none), as assigning
    it would, without the descriptor's checks on every assignment: a view sets some fifty."""
    attname = f"{name}_id"
    for row in rows:
        row._state.fields_cache[name] = by_id.get(getattr(row, attname))


def _id(row: Model) -> int:
    return row.pk  # type: ignore[no-any-return]


def _plan_conference(
    plan: ChildProtectionPlan | None, conferences: Sequence[ChildProtectionConference]
) -> ChildProtectionConference | None:
    """The plan's latest conference, its initial one or a review, from the rows read."""
    if plan is None:
        return None
    of_plan = [k for k in conferences if k.plan_id == plan.pk or k.pk == plan.initial_conference_id]
    return max(of_plan, key=lambda k: (k.conference_date, k.pk), default=None)


def child_record_page_get(
    *, user: User, child_id: int, today: date, request: HttpRequest | None = None
) -> ChildRecord:
    """Open the child's record (need to know, one audit entry) and read everything the page
    shows: one query per table, each reading only the columns shown, the same number of
    queries however long the case. The statutory timeline and the chronology are both built
    from the rows read here."""
    child = child_record_get(user=user, child_id=child_id, request=request)

    # With the tables other apps read for their panels and chronology (`record_tables`).
    read = rows_together(
        _RECORD_TABLES + registered_record_tables(), {"child": child.pk, "reader": user.pk}
    )
    record_tables_known(child, read)
    allocations, referrals = _allocations_and_referrals(read)
    allocation = next((a for a in allocations if a.end_date is None), None)
    authority: Authority | None
    if allocation is not None:
        authority = allocation.team.authority
    else:
        worker = worker_of(user)
        authority = worker.authority if worker else None

    relationships, residences_read = _people_around(child, today)
    residences, living_with, at_refuge = _addresses(child, today, residences_read)
    relatives = _relatives(child, relationships)
    relation_of = {r.person.pk: r.relationship for r in relatives if r.end_date is None}
    household = [
        HouseholdMember(r.person, relation_of.get(r.person_id, "Not recorded"), r.address)
        for r in living_with
    ]

    # In the orders the page shows them (ties by id: the order they were recorded).
    contacts: list[Contact] = sorted(read["contacts"], key=lambda c: (c.received_at, c.pk))
    assessments: list[Assessment] = read["assessments"]
    enquiries: list[Section47Enquiry] = read["enquiries"]
    conferences: list[ChildProtectionConference] = read["conferences"]
    # In the order they were recorded: the union gives rows in no particular order.
    protection_plans: list[ChildProtectionPlan] = sorted(read["protection_plans"], key=_id)
    cin_plans: list[ChildInNeedPlan] = sorted(read["cin_plans"], key=_id)
    care_periods: list[LookedAfterPeriod] = read["care_periods"]
    placements: list[Placement] = sorted(read["placements"], key=lambda p: (p.start_date, p.pk))
    # The care apps' sections and clocks start from these (`extensions`): kept on the child.
    care_periods_known(child, care_periods, placements)
    case_notes: list[CaseNote] = sorted(
        read["case_notes"], key=lambda n: (n.event_date, n.created_at, n.pk), reverse=True
    )
    core_groups: list[CoreGroupMeeting] = sorted(read["core_groups"], key=_id)
    cin_reviews: list[ChildInNeedPlanReview] = sorted(read["cin_reviews"], key=_id)
    care_reviews: list[LookedAfterReview] = sorted(
        read["care_reviews"], key=lambda r: (r.review_date, r.pk)
    )
    visits: list[Visit] = read["visits"]
    discussions: list[StrategyDiscussion] = read["discussions"]
    decisions: list[ManagementDecision] = read["decisions"]

    # The names on the rows above, read with them and set on them.
    workers = {w.pk: w for w in read["workers"]}
    _attach(assessments, "referral", {r.pk: r for r in referrals})
    for rows, names in (
        (assessments, ("worker", "authorised_by")),
        (conferences, ("chair",)),
        (case_notes, ("written_by",)),
        (visits, ("visited_by",)),
        (decisions, ("decided_by",)),
        (care_reviews, ("iro",)),
        (allocations, ("worker", "allocated_by")),
    ):
        for name in names:
            _attach(rows, name, workers)

    open_referral = next((r for r in referrals if r.closure_date is None), None)
    in_progress = next((a for a in assessments if a.authorised_date is None), None)
    # The timeline is computed from the rows just read, not read again.
    timeline = (
        due_items(
            case_facts_from(
                contacts=contacts,
                assessments=assessments,
                section47_enquiries=enquiries,
                conferences=conferences,
                protection_plans=protection_plans,
                core_groups=core_groups,
                cin_plans=cin_plans,
                cin_reviews=cin_reviews,
                care_periods=care_periods,
                care_reviews=care_reviews,
                visits=visits,
                placements=placements,
            ),
            today=today,
            timescales=local_timescales(authority),
        )
        if authority
        else []
    )
    if authority:
        # Clocks other apps keep (the care app's health assessments), in the same order.
        timeline = sorted(
            timeline + extensions.timeline_items(user, child, today, local_timescales(authority)),
            key=lambda item: (item.due, item.clock, item.subject_id),
        )
    assessment_due = next(
        (
            i.due
            for i in timeline
            if in_progress and i.clock == "assessment" and i.subject_id == in_progress.pk
        ),
        None,
    )
    due_now, history = due_now_and_history(timeline)
    initial_for = {k.section47_enquiry_id for k in conferences if k.kind == "initial"}
    protection_plan = next((p for p in protection_plans if p.end_date is None), None)
    care_period = next((p for p in care_periods if p.end_date is None), None)
    placement = next(
        (
            p
            for p in reversed(placements)
            if care_period and p.period_id == care_period.pk and p.end_date is None
        ),
        None,
    )
    disability_label = dict(codes.Disability.choices)
    is_restricted = bool(read["restricted"])
    disabilities = [str(disability_label.get(d.code, d.code)) for d in read["disabilities"]]
    alerts: list[Alert] = read["alerts"]
    alerts.sort(key=lambda alert: alert.created_at, reverse=True)

    return ChildRecord(
        child=child,
        today=today,
        age=child.age_on(today),
        is_restricted=is_restricted,
        disabilities=disabilities,
        relatives=relatives,
        household=household,
        household_hidden_at_refuge=at_refuge,
        residences=residences,
        allocation=allocation,
        open_referral=open_referral,
        assessment=in_progress,
        assessment_due=assessment_due,
        section47_enquiry=next((e for e in enquiries if e.completed_date is None), None),
        enquiries_awaiting_conference=[
            e
            for e in enquiries
            if e.conference_required is not False
            and e.pk not in initial_for
            and open_referral is not None
            and e.referral_id == open_referral.pk
        ],
        protection_plan=protection_plan,
        plan_conference=_plan_conference(protection_plan, conferences),
        cin_plan=next((p for p in cin_plans if p.end_date is None), None),
        care_period=care_period,
        placement=placement,
        undecided_contacts=[c for c in contacts if c.decided_at is None],
        timeline=[TimelineRow(item) for item in timeline],
        due_now=[TimelineRow(item) for item in due_now],
        timeline_history=[TimelineRow(item) for item in history],
        overdue=[i for i in timeline if i.status == ClockStatus.OVERDUE and i.is_open],
        alerts=alerts,
        chronology=_with_partner_events(
            _chronology(
                contacts=contacts,
                referrals=referrals,
                allocations=allocations,
                assessments=assessments,
                discussions=discussions,
                enquiries=enquiries,
                conferences=conferences,
                protection_plans=protection_plans,
                core_groups=core_groups,
                cin_plans=cin_plans,
                cin_reviews=cin_reviews,
                care_periods=care_periods,
                placements=placements,
                care_reviews=care_reviews,
                visits=visits,
                case_notes=case_notes,
                decisions=decisions,
            ),
            extensions.chronology_events(user, child),
        ),
        case_notes=case_notes,
        state=case_state_from(
            today=today,
            referrals=referrals,
            assessments=assessments,
            enquiries=enquiries,
            conferences=conferences,
            protection_plans=protection_plans,
            cin_plans=cin_plans,
            care_periods=care_periods,
        ),
        panels=extensions.record_panels(user, child, today),
        care_plan_due=next(
            (
                i.due
                for i in timeline
                if care_period and i.clock == "lac_care_plan" and i.subject_id == care_period.pk
            ),
            None,
        ),
        care_review=next(
            (r for r in reversed(care_reviews) if care_period and r.period_id == care_period.pk),
            None,
        ),
        placement_visiting_plan=visiting_plan_words(placement) if placement else "",
        placement_distance=(
            distance_from_home_words(care_period.home_postcode, placement.postcode)
            if care_period and placement
            else ""
        ),
    )

"""Reads for the child record page: everything it shows, read once per table."""

from __future__ import annotations

# --- Child record page ------------------------------------------------------------------------
# Everything the child record page shows, read once per table whatever the size of the case,
# after `child_record_get` has applied need to know and written the one audit entry.
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Q,
)
from django.http import HttpRequest
from django.utils import timezone

from safeguard.access.models import Alert, RestrictedRecord
from safeguard.access.permissions import allowed
from safeguard.access.queries import child_get_visible
from safeguard.access.roles import worker_of
from safeguard.audit.models import Action
from safeguard.audit.services import audit_child_read, audit_record
from safeguard.common import codes
from safeguard.common.services import draft_get
from safeguard.people.models import Person, PersonDisability, Relationship, Residence
from safeguard.timescales.clocks import ClockStatus

from .. import extensions
from ..extensions import Panel
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
from ..workflow.timeline import DueItem, due_items
from .timescales import authority_timescales, case_facts_from, child_record_get

# The chronology's types of event, in the order the statutory journey meets them (also the
# order of events on the same day, oldest first).
CHRONOLOGY_TYPES: tuple[tuple[str, str], ...] = (
    ("contact", "Contacts"),
    ("referral", "Referrals"),
    ("allocation", "Allocations"),
    ("assessment", "Assessments"),
    ("strategy_discussion", "Strategy discussions"),
    ("section47", "Section 47 enquiries"),
    ("conference", "Child protection conferences"),
    ("plan", "Plans and plan reviews"),
    ("looked_after", "Looked after"),
    ("visit", "Visits"),
    ("case_note", "Case notes"),
    ("decision", "Management decisions"),
    ("partner", "Information from partner agencies"),
)
_TYPE_RANK = {code: rank for rank, (code, _) in enumerate(CHRONOLOGY_TYPES)}
_TYPE_LABELS = {
    "contact": "Contact",
    "referral": "Referral",
    "allocation": "Allocation",
    "assessment": "Assessment",
    "strategy_discussion": "Strategy discussion",
    "section47": "Section 47 enquiry",
    "conference": "Conference",
    "plan": "Plan",
    "looked_after": "Looked after",
    "visit": "Visit",
    "case_note": "Case note",
    "decision": "Management decision",
    "partner": "Partner information",
}

SOCIAL_CARE = "social_care"
# Who an event came from: children's social care itself, or the agency that told us, grouped
# as the census groups referral sources (codes.ReferralSource: 1x individuals, 2x education,
# 3x health, ...).
AGENCIES: tuple[tuple[str, str], ...] = (
    (SOCIAL_CARE, "Children's social care"),
    ("individual", "Family, friends and the public"),
    ("education", "Education"),
    ("health", "Health"),
    ("housing", "Housing"),
    ("council", "Other council services"),
    ("police", "Police"),
    ("legal", "Courts, probation and other legal agencies"),
    ("voluntary", "Voluntary and other organisations"),
    ("anonymous", "Anonymous or unknown"),
)
_AGENCY_LABELS = dict(AGENCIES)
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
class ChronologyEvent:
    on: date
    kind: str  # a CHRONOLOGY_TYPES code
    title: str
    detail: str = ""
    who: str = ""
    rationale: str = ""
    agencies: frozenset[str] = frozenset({SOCIAL_CARE})
    # The id of the fuller entry on the page (a case note), if there is one.
    anchor: str = ""
    # Orders events of the same type on the same day (a start before its end).
    step: int = 0
    # Marked significant by the agency or worker (a court-bundle chronology's "significance").
    significant: bool = False
    # What was done about it ("action taken" in a court-bundle chronology), where recorded.
    action_taken: str = ""

    @property
    def kind_label(self) -> str:
        return _TYPE_LABELS[self.kind]

    @property
    def agency_labels(self) -> list[str]:
        return [label for code, label in AGENCIES if code in self.agencies]

    @property
    def sort_key(self) -> tuple[date, int, int]:
        return (self.on, _TYPE_RANK[self.kind], self.step)


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
    cin_plan: ChildInNeedPlan | None
    care_period: LookedAfterPeriod | None
    placement: Placement | None
    undecided_contacts: list[Contact]
    timeline: list[TimelineRow]
    alerts: list[Alert]
    chronology: list[ChronologyEvent]
    case_notes: list[CaseNote]
    overdue: list[DueItem]
    # Blocks added by the multi-agency hub (signals about this child): cases.extensions.
    panels: list[Panel] = field(default_factory=list)

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


def _name(worker: Any) -> str:
    return worker.full_name if worker is not None else ""


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def _local_date(moment: Any) -> date:
    return timezone.localtime(moment).date()


def _is_current(start: date | None, end: date | None, today: date) -> bool:
    return (start is None or start <= today) and (end is None or end >= today)


def _relatives(child: Person) -> list[Relative]:
    rows = []
    for r in Relationship.objects.filter(Q(person=child) | Q(relative=child)).select_related(
        "person", "relative"
    ):
        if r.relative_id == child.pk:
            rows.append(
                Relative(
                    r.person,
                    r.get_kind_display(),
                    r.has_parental_responsibility,
                    r.start_date,
                    r.end_date,
                )
            )
        else:
            label = _INVERSE_KIND.get(r.kind, r.get_kind_display())
            rows.append(Relative(r.relative, label, None, r.start_date, r.end_date))
    return sorted(rows, key=lambda r: (r.end_date is not None, r.relationship, r.person.last_name))


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
            f" Decision: {c.get_decision_display()} on {_day(_local_date(c.decided_at))}."
            if c.decided_at
            else " Not yet decided."
        )
        add(
            ChronologyEvent(
                _local_date(c.received_at),
                "contact",
                f"Contact from {c.get_source_display()}",
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
                f"Source: {r.get_source_display()}. Primary need: {r.get_primary_need_display()}.",
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
                    r.get_closure_reason_display(),
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
            outcome = f" Outcome: {s.get_outcome_display()}." if s.outcome else ""
            add(
                ChronologyEvent(
                    s.submitted_date,
                    "assessment",
                    "Assessment completed",
                    f"{seen}{outcome} {s.summary}".strip(),
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
                    f"Outcome: {e.get_outcome_display() or 'not recorded'}.{conference}",
                    step=1,
                )
            )
    for k in conferences:
        add(
            ChronologyEvent(
                k.conference_date,
                "conference",
                k.get_kind_display(),
                f"Outcome: {k.get_outcome_display()}.",
                who=f"Chaired by {k.chair.full_name}" if k.chair else "",
            )
        )
    for p in protection_plans:
        add(
            ChronologyEvent(
                p.start_date,
                "plan",
                "Child protection plan started",
                f"Category: {p.get_initial_category_display()}.",
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
                f"Category of need: {period.get_category_of_need_display()}.",
            )
        )
        if period.end_date:
            add(
                ChronologyEvent(
                    period.end_date,
                    "looked_after",
                    "Stopped being looked after",
                    period.get_reason_ceased_display(),
                    step=3,
                )
            )
    for pl in placements:
        add(
            ChronologyEvent(
                pl.start_date,
                "looked_after",
                f"Placement: {pl.get_placement_type_display()}",
                f"Legal status: {pl.get_legal_status_display()}. "
                f"Provider: {pl.get_provider_display()}.",
                step=1,
            )
        )
    for lr in care_reviews:
        participation = lr.get_participation_display() if lr.participation else ""
        add(ChronologyEvent(lr.review_date, "looked_after", "Looked-after review", participation))
    for visit in visits:
        if visit.child_seen:
            seen = "Child seen alone." if visit.seen_alone else "Child seen, not alone."
        else:
            seen = f"Child not seen: {visit.not_seen_reason}"
        add(
            ChronologyEvent(
                visit.visit_date,
                "visit",
                visit.get_kind_display(),
                f"{seen} {visit.notes}".strip(),
                who=_name(visit.visited_by),
            )
        )
    for note in case_notes:
        add(
            ChronologyEvent(
                note.event_date,
                "case_note",
                note.subject,
                who=_name(note.written_by),
                anchor=f"case-note-{note.pk}",
            )
        )
    for m in decisions:
        add(
            ChronologyEvent(
                _local_date(m.decided_at),
                "decision",
                m.get_kind_display(),
                m.decision,
                who=f"{m.decided_by.full_name}, {timezone.localtime(m.decided_at):%H:%M}",
                rationale=m.rationale,
            )
        )
    return sorted(events, key=lambda e: e.sort_key, reverse=True)


def _with_partner_events(
    events: list[ChronologyEvent], partner_events: Sequence[ChronologyEvent]
) -> list[ChronologyEvent]:
    if not partner_events:
        return events
    return sorted([*events, *partner_events], key=lambda e: e.sort_key, reverse=True)


def chronology_filter(
    events: Iterable[ChronologyEvent], *, types: Iterable[str] = (), agencies: Iterable[str] = ()
) -> list[ChronologyEvent]:
    """The events of the chosen types from the chosen agencies (no choice: all of them)."""
    wanted_types, wanted_agencies = set(types), set(agencies)
    return [
        e
        for e in events
        if (not wanted_types or e.kind in wanted_types)
        and (not wanted_agencies or e.agencies & wanted_agencies)
    ]


def child_get_for_recording(
    *, user: Any, child_id: int, permission: str, request: HttpRequest | None = None
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
    *, user: Any, form_key: str, child: Person, request: HttpRequest | None = None
) -> dict[str, Any] | None:
    """What the user typed into a form about `child` and has not sent yet (their draft), for
    the form to show again; the caller has applied need to know to the child. A draft is
    case content in the making, so reading it back is audited (the form's key names it)."""
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


def child_record_page_get(
    *, user: Any, child_id: int, today: date, request: HttpRequest | None = None
) -> ChildRecord:
    """Open the child's record (need to know, one audit entry) and read everything the page
    shows, in the same number of queries however long the case."""
    child = child_record_get(user=user, child_id=child_id, request=request)

    allocations = list(
        Allocation.objects.filter(child=child)
        .select_related("team__authority", "worker", "allocated_by")
        .order_by("start_date", "pk")
    )
    allocation = next((a for a in allocations if a.end_date is None), None)
    worker = worker_of(user)
    authority = allocation.team.authority if allocation else worker.authority if worker else None

    residences = sorted(
        Residence.objects.filter(person=child).select_related("address"),
        key=lambda r: (r.end_date is None, r.start_date),
        reverse=True,
    )
    current = [r for r in residences if _is_current(r.start_date, r.end_date, today)]
    # Who else lives at a refuge is never shown: it would point to other families there.
    shared = [r.address_id for r in current if r.kind != codes.AddressKind.REFUGE]
    relatives = _relatives(child)
    relation_of = {r.person.pk: r.relationship for r in relatives if r.end_date is None}
    household = [
        HouseholdMember(r.person, relation_of.get(r.person_id, "Not recorded"), r.address)
        for r in Residence.objects.filter(address_id__in=shared)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today)
        .exclude(person=child)
        .select_related("person", "address")
        .order_by("person__last_name", "person__first_name")
    ]

    contacts = list(Contact.objects.filter(child=child).order_by("received_at"))
    referrals = list(Referral.objects.filter(child=child).select_related("team"))
    assessments = list(
        Assessment.objects.filter(child=child).select_related("referral", "worker", "authorised_by")
    )
    enquiries = list(Section47Enquiry.objects.filter(child=child))
    conferences = list(
        ChildProtectionConference.objects.filter(child=child).select_related("chair")
    )
    protection_plans = list(ChildProtectionPlan.objects.filter(child=child))
    cin_plans = list(ChildInNeedPlan.objects.filter(child=child))
    care_periods = list(LookedAfterPeriod.objects.filter(child=child))
    placements = list(Placement.objects.filter(child=child).order_by("start_date", "pk"))
    case_notes = list(
        CaseNote.objects.filter(child=child)
        .select_related("written_by")
        .order_by("-event_date", "-created_at", "-pk")
    )

    core_groups = list(CoreGroupMeeting.objects.filter(child=child))
    cin_reviews = list(ChildInNeedPlanReview.objects.filter(plan__child=child))
    care_reviews = list(LookedAfterReview.objects.filter(child=child))
    visits = list(Visit.objects.filter(child=child).select_related("visited_by"))

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
            ),
            today=today,
            timescales=authority_timescales(authority),
        )
        if authority
        else []
    )
    assessment_due = next(
        (
            i.due
            for i in timeline
            if in_progress and i.clock == "assessment" and i.subject_id == in_progress.pk
        ),
        None,
    )
    initial_for = {k.section47_enquiry_id for k in conferences if k.kind == "initial"}
    care_period = next((p for p in care_periods if p.end_date is None), None)

    return ChildRecord(
        child=child,
        today=today,
        age=child.age_on(today),
        is_restricted=RestrictedRecord.objects.filter(child=child).exists(),
        disabilities=[d.get_code_display() for d in PersonDisability.objects.filter(person=child)],
        relatives=relatives,
        household=household,
        household_hidden_at_refuge=len(shared) < len(current),
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
        protection_plan=next((p for p in protection_plans if p.end_date is None), None),
        cin_plan=next((p for p in cin_plans if p.end_date is None), None),
        care_period=care_period,
        placement=next(
            (
                p
                for p in reversed(placements)
                if care_period and p.period_id == care_period.pk and p.end_date is None
            ),
            None,
        ),
        undecided_contacts=[c for c in contacts if c.decided_at is None],
        timeline=[TimelineRow(item) for item in timeline],
        overdue=[i for i in timeline if i.status == ClockStatus.OVERDUE and i.is_open],
        alerts=list(
            Alert.objects.filter(recipient=user, child=child, read_at__isnull=True).order_by(
                "-created_at"
            )
        ),
        chronology=_with_partner_events(
            _chronology(
                contacts=contacts,
                referrals=referrals,
                allocations=allocations,
                assessments=assessments,
                discussions=list(StrategyDiscussion.objects.filter(child=child)),
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
                decisions=list(
                    ManagementDecision.objects.filter(child=child).select_related("decided_by")
                ),
            ),
            extensions.chronology_events(user, child),
        ),
        case_notes=case_notes,
        panels=extensions.record_panels(user, child, today),
    )

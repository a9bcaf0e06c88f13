"""Reads of the case record.

The overdue lists are set-based: one SQL statement (a UNION ALL of one SELECT per clock) finds
everything overdue for a team or for the whole authority, with due dates computed in SQL
from the working-day calendar table. `workflow.timeline` computes the same due dates in
Python for one child; the tests hold the two to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import HttpRequest
from django.utils import timezone

from safeguard.access.queries import child_get_visible
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common import codes
from safeguard.organisation.models import Authority, Team
from safeguard.people.models import Person
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.expressions import days_after, months_after, working_days_after

from .models import (
    Allocation,
    Assessment,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    CoreGroupMeeting,
    LookedAfterPeriod,
    LookedAfterReview,
    Section47Enquiry,
    Visit,
)
from .workflow.timeline import (
    AssessmentFact,
    CaseFacts,
    ContactFact,
    DueItem,
    PlanFact,
    Section47Fact,
    VisitFact,
    due_items,
)


@dataclass(frozen=True)
class OverdueItem:
    child_id: int
    clock: str
    subject: str
    subject_id: int
    started: date
    due: date

    @property
    def label(self) -> str:
        return CLOCKS[self.clock].label


def _str(value: str) -> Value:
    return Value(value, output_field=CharField())


def _last(model: Any, date_field: str, parent: str, **filters: Any) -> Subquery:
    """The latest `date_field` of `model` rows belonging to the outer row (NULL if none)."""
    return Subquery(
        model.objects.filter(**{parent: OuterRef("pk")}, **filters)
        .values(parent)
        .annotate(last=Max(date_field))
        .values("last"),
        output_field=DateField(),
    )


def _last_seen_visit(kind: str) -> Subquery:
    """The child's latest visit of `kind` at which they were seen, after the episode started."""
    return Subquery(
        Visit.objects.filter(
            child=OuterRef("child_id"),
            kind=kind,
            child_seen=True,
            visit_date__gt=OuterRef("start_date"),
        )
        .values("child")
        .annotate(last=Max("visit_date"))
        .values("last"),
        output_field=DateField(),
    )


def _shape(qs: QuerySet[Any], *, clock: Any, subject: str, started: Any, due: Any) -> QuerySet[Any]:
    return (
        qs.annotate(
            o_child=F("child_id"),
            o_clock=clock if not isinstance(clock, str) else _str(clock),
            o_subject=_str(subject),
            o_subject_id=F("pk"),
            o_started=started,
            o_due=due,
        )
        .values("o_child", "o_clock", "o_subject", "o_subject_id", "o_started", "o_due")
        .order_by()
    )


def _clock_querysets(authority: Authority) -> list[QuerySet[Any]]:
    """One queryset per statutory clock, each giving the open (unmet) items and their due dates."""
    return list(clock_querysets_by_name(authority).values())


def clock_querysets_by_name(authority: Authority) -> dict[str, QuerySet[Any]]:
    """The open (unmet) items of each clock and their due dates, keyed by the clock's name (a
    clock that moves on within one episode, such as reviews, is named for the family:
    "review_conference", "lac_review", "lac_visit"). Each queryset has the columns o_child,
    o_clock, o_subject, o_subject_id, o_started and o_due, so any of them can be unioned."""
    plans = ChildProtectionPlan.objects.filter(end_date__isnull=True)
    cin_plans = ChildInNeedPlan.objects.filter(end_date__isnull=True)
    periods = LookedAfterPeriod.objects.filter(end_date__isnull=True)

    received_on = TruncDate("received_at")
    last_review = _last(ChildProtectionConference, "conference_date", "plan", kind="review")
    last_cin_review = _last(ChildInNeedPlanReview, "review_date", "plan")
    last_lac_review = _last(LookedAfterReview, "review_date", "period")
    lac_reviews = Subquery(
        LookedAfterReview.objects.filter(period=OuterRef("pk"))
        .values("period")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )

    return {
        "contact_decision": _shape(
            Contact.objects.filter(decided_at__isnull=True),
            clock="contact_decision",
            subject="contact",
            started=received_on,
            due=working_days_after(received_on, 1),
        ),
        "assessment": _shape(
            Assessment.objects.filter(
                authorised_date__isnull=True, referral__closure_date__isnull=True
            ),
            clock="assessment",
            subject="assessment",
            started=F("referral__referral_date"),
            due=working_days_after(F("referral__referral_date"), 45),
        ),
        "initial_conference": _shape(
            Section47Enquiry.objects.filter(referral__closure_date__isnull=True)
            .exclude(conference_required=False)
            .filter(
                ~Exists(
                    ChildProtectionConference.objects.filter(
                        section47_enquiry=OuterRef("pk"), kind="initial"
                    )
                )
            ),
            clock="initial_conference",
            subject="section47_enquiry",
            started=F("start_date"),
            due=working_days_after(F("start_date"), 15),
        ),
        "first_core_group": _shape(
            plans.filter(~Exists(CoreGroupMeeting.objects.filter(plan=OuterRef("pk")))),
            clock="first_core_group",
            subject="protection_plan",
            started=F("start_date"),
            due=working_days_after(F("start_date"), 10),
        ),
        "review_conference": _shape(
            plans.annotate(last_review=last_review),
            clock=Case(
                When(last_review__isnull=True, then=_str("first_review_conference")),
                default=_str("later_review_conference"),
            ),
            subject="protection_plan",
            started=Coalesce("last_review", "start_date"),
            due=months_after(
                Coalesce("last_review", "start_date"),
                Case(When(last_review__isnull=True, then=Value(3)), default=Value(6)),
            ),
        ),
        "cp_visit": _shape(
            plans.annotate(last_visit=_last_seen_visit(codes.VisitKind.CP_VISIT)),
            clock="cp_visit",
            subject="protection_plan",
            started=Coalesce("last_visit", "start_date"),
            due=working_days_after(
                Coalesce("last_visit", "start_date"), authority.cp_visit_working_days
            ),
        ),
        "cin_plan_review": _shape(
            cin_plans.annotate(last_review=last_cin_review),
            clock="cin_plan_review",
            subject="cin_plan",
            started=Coalesce("last_review", "start_date"),
            due=months_after(Coalesce("last_review", "start_date"), authority.cin_review_months),
        ),
        "cin_visit": _shape(
            cin_plans.annotate(last_visit=_last_seen_visit(codes.VisitKind.CIN_VISIT)),
            clock="cin_visit",
            subject="cin_plan",
            started=Coalesce("last_visit", "start_date"),
            due=working_days_after(
                Coalesce("last_visit", "start_date"), authority.cin_visit_working_days
            ),
        ),
        "lac_review": _shape(
            periods.annotate(last_review=last_lac_review, review_count=Coalesce(lac_reviews, 0)),
            clock=Case(
                When(review_count=0, then=_str("lac_first_review")),
                When(review_count=1, then=_str("lac_second_review")),
                default=_str("lac_later_review"),
            ),
            subject="care_period",
            started=Coalesce("last_review", "start_date"),
            due=Case(
                When(review_count=0, then=working_days_after(F("start_date"), 20)),
                When(review_count=1, then=months_after(F("last_review"), 3)),
                default=months_after(F("last_review"), 6),
                output_field=DateField(),
            ),
        ),
        "lac_visit": _shape(
            periods.annotate(last_visit=_last_seen_visit(codes.VisitKind.LAC_VISIT)),
            clock=Case(
                When(last_visit__isnull=True, then=_str("lac_first_visit")),
                default=_str("lac_visit"),
            ),
            subject="care_period",
            started=Coalesce("last_visit", "start_date"),
            due=Case(
                When(last_visit__isnull=True, then=days_after(F("start_date"), 7)),
                default=days_after(F("last_visit"), 42),
                output_field=DateField(),
            ),
        ),
    }


def _overdue(authority: Authority, today: date, scope: Q, contact_scope: Q) -> list[OverdueItem]:
    parts = []
    for qs in _clock_querysets(authority):
        scoped = qs.filter(contact_scope if qs.model is Contact else scope)
        parts.append(scoped.filter(o_due__lt=today))
    union = parts[0].union(*parts[1:], all=True)
    rows = union.order_by("o_due", "o_clock", "o_subject_id")
    return [
        OverdueItem(
            child_id=row["o_child"],
            clock=row["o_clock"],
            subject=row["o_subject"],
            subject_id=row["o_subject_id"],
            started=row["o_started"],
            due=row["o_due"],
        )
        for row in rows
    ]


def overdue_for_authority(*, authority: Authority, today: date) -> list[OverdueItem]:
    """Everything overdue across the authority, in one query, oldest first."""
    return _overdue(authority, today, Q(), Q())


def overdue_for_team(*, team: Team, today: date) -> list[OverdueItem]:
    """Everything overdue for children allocated to the team (and contacts at its front door)."""
    allocated = Exists(
        Allocation.objects.filter(child=OuterRef("child_id"), team=team, end_date__isnull=True)
    )
    return _overdue(team.authority, today, Q(allocated), Q(team=team))


def child_case_facts(child: Person) -> CaseFacts:
    """Everything the statutory timeline needs about one child, in a fixed number of queries."""
    plans = list(
        ChildProtectionPlan.objects.filter(child=child).values("id", "start_date", "end_date")
    )
    reviews: dict[int, list[date]] = {}
    for plan_id, on in ChildProtectionConference.objects.filter(
        child=child, kind="review"
    ).values_list("plan_id", "conference_date"):
        reviews.setdefault(plan_id, []).append(on)
    core_groups: dict[int, list[date]] = {}
    for plan_id, on in CoreGroupMeeting.objects.filter(child=child).values_list(
        "plan_id", "meeting_date"
    ):
        core_groups.setdefault(plan_id, []).append(on)
    cin_reviews: dict[int, list[date]] = {}
    for plan_id, on in ChildInNeedPlanReview.objects.filter(plan__child=child).values_list(
        "plan_id", "review_date"
    ):
        cin_reviews.setdefault(plan_id, []).append(on)
    lac_reviews: dict[int, list[date]] = {}
    for period_id, on in LookedAfterReview.objects.filter(child=child).values_list(
        "period_id", "review_date"
    ):
        lac_reviews.setdefault(period_id, []).append(on)
    initial_conference_dates = dict(
        ChildProtectionConference.objects.filter(child=child, kind="initial").values_list(
            "section47_enquiry_id", "conference_date"
        )
    )
    return CaseFacts(
        contacts=[
            ContactFact(
                c.pk,
                timezone.localtime(c.received_at).date(),
                timezone.localtime(c.decided_at).date() if c.decided_at else None,
            )
            for c in Contact.objects.filter(child=child).only("received_at", "decided_at")
        ],
        assessments=[
            AssessmentFact(a["id"], a["referral__referral_date"], a["authorised_date"])
            for a in Assessment.objects.filter(child=child).values(
                "id", "referral__referral_date", "authorised_date"
            )
        ],
        section47_enquiries=[
            Section47Fact(
                s["id"],
                s["start_date"],
                s["conference_required"],
                initial_conference_dates.get(s["id"]),
            )
            for s in Section47Enquiry.objects.filter(child=child).values(
                "id", "start_date", "conference_required"
            )
        ],
        protection_plans=[
            PlanFact(
                p["id"],
                p["start_date"],
                p["end_date"],
                tuple(reviews.get(p["id"], ())),
                tuple(core_groups.get(p["id"], ())),
            )
            for p in plans
        ],
        cin_plans=[
            PlanFact(p["id"], p["start_date"], p["end_date"], tuple(cin_reviews.get(p["id"], ())))
            for p in ChildInNeedPlan.objects.filter(child=child).values(
                "id", "start_date", "end_date"
            )
        ],
        care_periods=[
            PlanFact(p["id"], p["start_date"], p["end_date"], tuple(lac_reviews.get(p["id"], ())))
            for p in LookedAfterPeriod.objects.filter(child=child).values(
                "id", "start_date", "end_date"
            )
        ],
        visits=[
            VisitFact(*v)
            for v in Visit.objects.filter(child=child).values_list(
                "visit_date", "kind", "child_seen"
            )
        ],
    )


def child_due_items(*, child: Person, authority: Authority, today: date) -> list[DueItem]:
    """The child's statutory timeline: every clock, met or not, soonest due first."""
    return due_items(
        child_case_facts(child), today=today, timescales=authority_timescales(authority)
    )


def authority_timescales(authority: Authority) -> dict[str, int]:
    return {
        "CP_VISIT_WORKING_DAYS": authority.cp_visit_working_days,
        "CIN_VISIT_WORKING_DAYS": authority.cin_visit_working_days,
        "CIN_REVIEW_MONTHS": authority.cin_review_months,
        "DUE_SOON_WORKING_DAYS": authority.due_soon_working_days,
    }


def child_record_get(*, user: Any, child_id: int, request: HttpRequest | None = None) -> Person:
    """Open a child's record for `user`: 404 unless they may see it (so its existence does not
    leak), and exactly one audit entry for the read."""
    child = child_get_visible(user, child_id)
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type="people.person",
        object_id=child.pk,
        child_id=child.pk,
    )
    return child


# --- Child record page ------------------------------------------------------------------------
# Everything the child record page shows, read once per table whatever the size of the case,
# after `child_record_get` has applied need to know and written the one audit entry.

from collections.abc import Iterable, Sequence  # noqa: E402

from django.core.exceptions import PermissionDenied  # noqa: E402

from safeguard.access.models import Alert, RestrictedRecord  # noqa: E402
from safeguard.access.roles import worker_of  # noqa: E402
from safeguard.people.models import PersonDisability, Relationship, Residence  # noqa: E402
from safeguard.timescales.clocks import ClockStatus  # noqa: E402

from .models import (  # noqa: E402
    CaseNote,
    ManagementDecision,
    Placement,
    Referral,
    StrategyDiscussion,
)

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


def child_get_for_recording(*, user: Any, child_id: int, permission: str) -> Person:
    """The child, for a form that records work on their record: 404 unless the user may see
    them, 403 unless the named permission allows this user to record on this child."""
    child = child_get_visible(user, child_id)
    if not user.has_perm(permission, child):
        raise PermissionDenied(permission)
    return child


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
        Assessment.objects.filter(child=child).select_related("worker", "authorised_by")
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

    open_referral = next((r for r in referrals if r.closure_date is None), None)
    in_progress = next((a for a in assessments if a.authorised_date is None), None)
    timeline = child_due_items(child=child, authority=authority, today=today) if authority else []
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
        chronology=_chronology(
            contacts=contacts,
            referrals=referrals,
            allocations=allocations,
            assessments=assessments,
            discussions=list(StrategyDiscussion.objects.filter(child=child)),
            enquiries=enquiries,
            conferences=conferences,
            protection_plans=protection_plans,
            core_groups=list(CoreGroupMeeting.objects.filter(child=child)),
            cin_plans=cin_plans,
            cin_reviews=list(ChildInNeedPlanReview.objects.filter(plan__child=child)),
            care_periods=care_periods,
            placements=placements,
            care_reviews=list(LookedAfterReview.objects.filter(child=child)),
            visits=list(Visit.objects.filter(child=child).select_related("visited_by")),
            case_notes=case_notes,
            decisions=list(
                ManagementDecision.objects.filter(child=child).select_related("decided_by")
            ),
        ),
        case_notes=case_notes,
    )


# --- Statutory actions ---
# Reads for the pages where a practitioner records a statutory step (views/actions). Every
# object named in a URL is found through the children the user may see (404 otherwise, so a
# record's existence never leaks), its child is checked against the page's named permission
# (403), and the read is audited once, as `child_record_get` does.

from django.http import Http404  # noqa: E402

from safeguard.access.queries import team_ids_overseen, visible_children  # noqa: E402
from safeguard.organisation.models import Worker  # noqa: E402
from safeguard.timescales.clocks import (  # noqa: E402
    DEFAULT_DUE_SOON_WORKING_DAYS,
    ClockStatus,
    clock_status,
)
from safeguard.timescales.working_days import working_days_between  # noqa: E402


@dataclass(frozen=True)
class AwaitingContact:
    """A contact waiting at the front door, with where its 1-working-day clock stands."""

    contact: Contact
    received_on: date
    due: date
    working_days_waited: int
    status: ClockStatus

    @property
    def tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self.status]


def front_door_contacts_awaiting(*, user: Any, today: date) -> list[AwaitingContact]:
    """Contacts at the user's front door still waiting for a decision, oldest first, with the
    working days each has waited and its due date (Working Together 2023, ch. 3: decided
    within one working day). Only contacts about children the user may see are listed, so
    every row opens."""
    worker = worker_of(user)
    due_soon = worker.authority.due_soon_working_days if worker else DEFAULT_DUE_SOON_WORKING_DAYS
    clock = CLOCKS["contact_decision"]
    contacts = (
        Contact.objects.filter(
            decided_at__isnull=True,
            team_id__in=team_ids_overseen(user),
            child__in=visible_children(user),
        )
        .select_related("child", "team")
        .order_by("received_at", "pk")
    )
    awaiting = []
    for contact in contacts:
        received_on = timezone.localtime(contact.received_at).date()
        due = clock.due_from(received_on)
        awaiting.append(
            AwaitingContact(
                contact=contact,
                received_on=received_on,
                due=due,
                working_days_waited=max(working_days_between(received_on, today), 0),
                status=clock_status(due=due, met=None, today=today, due_soon_working_days=due_soon),
            )
        )
    return awaiting


def _allowed(user: Any, child: Person, permission: str, request: HttpRequest | None) -> None:
    if not user.has_perm(permission, child):
        raise PermissionDenied(permission)
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type="people.person",
        object_id=child.pk,
        child_id=child.pk,
    )


def _action_subject(
    queryset: QuerySet[Any],
    pk: int,
    *,
    user: Any,
    permission: str,
    request: HttpRequest | None,
) -> Any:
    subject = queryset.filter(pk=pk, child__in=visible_children(user)).first()
    if subject is None:
        raise Http404("Not found")
    _allowed(user, subject.child, permission, request)
    return subject


def child_get_for_action(
    *, user: Any, child_id: int, permission: str, request: HttpRequest | None = None
) -> Person:
    """The child, for a page that records a statutory step on their record: 404 outside need
    to know, 403 unless `permission` lets this user act on this child; one audit entry."""
    child = child_get_visible(user, child_id)
    _allowed(user, child, permission, request)
    return child


def contact_get_for_action(
    *, user: Any, contact_id: int, request: HttpRequest | None = None
) -> Contact:
    contact: Contact = _action_subject(
        Contact.objects.select_related("child", "team"),
        contact_id,
        user=user,
        permission="contact.decide",
        request=request,
    )
    return contact


def referral_get_for_action(
    *, user: Any, referral_id: int, permission: str, request: HttpRequest | None = None
) -> Referral:
    referral: Referral = _action_subject(
        Referral.objects.select_related("child", "team"),
        referral_id,
        user=user,
        permission=permission,
        request=request,
    )
    return referral


def assessment_get_for_action(
    *, user: Any, assessment_id: int, permission: str, request: HttpRequest | None = None
) -> Assessment:
    assessment: Assessment = _action_subject(
        Assessment.objects.select_related("child", "referral", "worker"),
        assessment_id,
        user=user,
        permission=permission,
        request=request,
    )
    return assessment


def section47_enquiry_get_for_action(
    *, user: Any, enquiry_id: int, permission: str, request: HttpRequest | None = None
) -> Section47Enquiry:
    enquiry: Section47Enquiry = _action_subject(
        Section47Enquiry.objects.select_related("child", "referral"),
        enquiry_id,
        user=user,
        permission=permission,
        request=request,
    )
    return enquiry


def protection_plan_get_for_action(
    *, user: Any, plan_id: int, permission: str, request: HttpRequest | None = None
) -> ChildProtectionPlan:
    plan: ChildProtectionPlan = _action_subject(
        ChildProtectionPlan.objects.select_related("child", "referral"),
        plan_id,
        user=user,
        permission=permission,
        request=request,
    )
    return plan


def conference_chairs_list(*, authority: Authority) -> QuerySet[Worker]:
    """The authority's conference chairs who have not left, to choose who chaired."""
    return Worker.objects.filter(
        authority=authority, role=Worker.Role.CONFERENCE_CHAIR, left_on__isnull=True
    ).order_by("last_name", "first_name")


def referral_teams_list(*, authority: Authority) -> QuerySet[Team]:
    """The authority's teams a referral can be opened in."""
    return Team.objects.filter(authority=authority).order_by("name")


# --- Caseloads and team oversight ---
#
# "My cases" and the team manager's dashboard. Like the overdue lists above, each page reads
# the open statutory items of all its children in one UNION ALL over the per-clock querysets
# (`clock_querysets_by_name`), so the number of queries does not grow with the children.

import decimal  # noqa: E402
from collections import abc as _abc  # noqa: E402

from django import http as _http  # noqa: E402
from django.db.models import BigIntegerField as _BigIntegerField  # noqa: E402
from django.db.models.functions import Cast as _Cast  # noqa: E402

from safeguard.access import models as _access_models  # noqa: E402
from safeguard.access import queries as _access  # noqa: E402
from safeguard.access import roles as _roles  # noqa: E402
from safeguard.organisation import models as _organisation  # noqa: E402
from safeguard.timescales import clocks as _clocks  # noqa: E402
from safeguard.timescales import working_days as _working_days  # noqa: E402

from . import models as _case_models  # noqa: E402

# Working days before the 45-working-day deadline from which a manager sees an assessment
# as "approaching".
ASSESSMENT_WARNING_WORKING_DAYS = 10

# The case holder's clocks: a contact's decision belongs to the front door, not the worker.
CASE_HOLDER_CLOCKS = (
    "assessment",
    "initial_conference",
    "first_core_group",
    "review_conference",
    "cp_visit",
    "cin_plan_review",
    "cin_visit",
    "lac_review",
    "lac_visit",
)


def _open_items(authority: Authority, *, scope: Q, clocks: _abc.Iterable[str]) -> list[OverdueItem]:
    """Every open (unmet) item of `clocks` for the children `scope` selects, soonest due
    first, in one query. Items without a due date (beyond the calendar table) are left out."""
    querysets = clock_querysets_by_name(authority)
    parts = [querysets[name].filter(scope).filter(o_due__isnull=False) for name in clocks]
    union = parts[0].union(*parts[1:], all=True).order_by("o_due", "o_clock", "o_subject_id")
    return [
        OverdueItem(
            child_id=row["o_child"],
            clock=row["o_clock"],
            subject=row["o_subject"],
            subject_id=row["o_subject_id"],
            started=row["o_started"],
            due=row["o_due"],
        )
        for row in union
    ]


@dataclass(frozen=True)
class CaseloadEntry:
    """A child on a worker's caseload, with the next statutory item due."""

    child: Person
    allocated_on: date
    next_item: OverdueItem | None
    status: _clocks.ClockStatus | None
    # Open items already past their due date, the next one included.
    overdue_items: int
    # Open items after the next one (overdue or not).
    later_items: int


@dataclass(frozen=True)
class Caseload:
    worker: _organisation.Worker | None
    entries: list[CaseloadEntry]

    @property
    def overdue_items(self) -> int:
        return sum(entry.overdue_items for entry in self.entries)

    @property
    def overdue_children(self) -> int:
        return sum(1 for entry in self.entries if entry.overdue_items)


def caseload_get(*, user: Any, today: date) -> Caseload:
    """Every child allocated to the signed-in worker that they may see, each with the next
    statutory item and when it is due: overdue first (most overdue first), then soonest due,
    then children with nothing due. Two queries whatever the size of the caseload."""
    worker = _roles.worker_of(user)
    if worker is None:
        return Caseload(worker=None, entries=[])
    visible = _access.visible_children(user).values("pk")
    allocations = list(
        Allocation.objects.filter(worker=worker, end_date__isnull=True, child__in=visible)
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "child_id")
    )
    mine = Exists(
        Allocation.objects.filter(child=OuterRef("child_id"), worker=worker, end_date__isnull=True)
    )
    items: dict[int, list[OverdueItem]] = {}
    for item in _open_items(
        worker.authority, scope=Q(mine) & Q(child__in=visible), clocks=CASE_HOLDER_CLOCKS
    ):
        items.setdefault(item.child_id, []).append(item)

    window = worker.authority.due_soon_working_days
    entries = []
    for allocation in allocations:
        child_items = items.get(allocation.child_id, [])
        next_item = child_items[0] if child_items else None
        entries.append(
            CaseloadEntry(
                child=allocation.child,
                allocated_on=allocation.start_date,
                next_item=next_item,
                status=_clocks.clock_status(
                    due=next_item.due, met=None, today=today, due_soon_working_days=window
                )
                if next_item
                else None,
                overdue_items=sum(1 for item in child_items if item.due < today),
                later_items=max(len(child_items) - 1, 0),
            )
        )
    # Stable sort: children with the same due date keep their alphabetical order.
    entries.sort(key=lambda e: (e.next_item is None, e.next_item.due if e.next_item else today))
    return Caseload(worker=worker, entries=entries)


@dataclass(frozen=True)
class TeamMeasure:
    """A figure on the team dashboard and the list of children behind it."""

    slug: str
    label: str
    # Read after the number by screen readers: "3 unallocated referrals".
    noun: str
    definition: str
    started_heading: str
    shows_due: bool = True
    # "waited", "overdue" or "left": which count of working days the list shows.
    days: str | None = "overdue"


TEAM_MEASURES: dict[str, TeamMeasure] = {
    m.slug: m
    for m in (
        TeamMeasure(
            "unallocated",
            "Waiting for allocation",
            "unallocated referrals",
            "Children allocated to the team without a worker, and open referrals to the team "
            "with no allocation at all. Waiting is counted in working days from the team "
            "allocation or the referral.",
            "Waiting since",
            shows_due=False,
            days="waited",
        ),
        TeamMeasure(
            "awaiting-authorisation",
            "Assessments waiting for authorisation",
            "assessments waiting for authorisation",
            "Assessments the worker has completed and sent to a manager, not yet authorised "
            "or returned. Due is 45 working days from the referral.",
            "Submitted",
            days=None,
        ),
        TeamMeasure(
            "assessments-due-soon",
            "Assessments due within 10 working days",
            "assessments due within 10 working days",
            "Open assessments whose 45-working-day deadline from the referral falls today or "
            f"within the next {ASSESSMENT_WARNING_WORKING_DAYS} working days.",
            "Referral",
            days="left",
        ),
        TeamMeasure(
            "assessments-overdue",
            "Assessments past 45 working days",
            "assessments past 45 working days",
            "Open assessments not authorised within 45 working days of the referral "
            "(Working Together to Safeguard Children 2023, ch. 3).",
            "Referral",
        ),
        TeamMeasure(
            "cp-visits-overdue",
            "Child protection visits overdue",
            "child protection visits overdue",
            "Children on a child protection plan not seen on a visit within the authority's "
            "visiting timescale of the plan's start or the last visit at which they were seen.",
            "Last seen or plan start",
        ),
        TeamMeasure(
            "initial-conferences-overdue",
            "Initial conferences out of time",
            "initial child protection conferences out of time",
            "Section 47 enquiries needing an initial child protection conference that has not "
            "been held within 15 working days of the strategy discussion.",
            "Section 47 started",
        ),
        TeamMeasure(
            "review-conferences-overdue",
            "Review conferences out of time",
            "review child protection conferences out of time",
            "Child protection plans whose review conference is past due: 3 months after the "
            "initial conference, then 6 months after the previous review.",
            "Plan start or last review",
        ),
        TeamMeasure(
            "caseload",
            "Children allocated to workers",
            "children allocated to workers",
            "Children whose case is allocated to a worker in the team.",
            "Allocated on",
            shows_due=False,
            days=None,
        ),
    )
}

_MEASURE_COLUMNS = (
    "m_measure",
    "m_team",
    "m_worker",
    "m_child",
    "m_first_name",
    "m_last_name",
    "m_subject_id",
    "m_started",
    "m_due",
    "m_held",
)


@dataclass(frozen=True)
class TeamMeasureRow:
    measure: str
    team_id: int
    child_id: int
    child_name: str
    worker: _organisation.Worker | None
    subject_id: int
    started: date
    due: date | None
    # Working days waited, overdue or left, as the measure's `days` says.
    working_days: int | None
    # Whether the child's case is allocated at all. A child referred to the team and not yet
    # allocated is not in `access.queries.visible_children`, so their record does not open.
    held: bool = True


@dataclass(frozen=True)
class WorkerCaseload:
    worker: _organisation.Worker
    children: int

    @property
    def children_per_fte(self) -> decimal.Decimal | None:
        fte = self.worker.full_time_equivalent
        if not fte:
            return None
        return (decimal.Decimal(self.children) / fte).quantize(decimal.Decimal("0.1"))


@dataclass(frozen=True)
class TeamDashboard:
    team: Team
    counts: dict[str, int]
    waiting: list[TeamMeasureRow]
    awaiting_authorisation: list[TeamMeasureRow]
    caseloads: list[WorkerCaseload]

    @property
    def figures(self) -> list[tuple[TeamMeasure, int]]:
        return [(measure, self.counts.get(slug, 0)) for slug, measure in TEAM_MEASURES.items()]


def _open_allocation(column: str, child: str = "child_id") -> Subquery:
    return Subquery(
        Allocation.objects.filter(child=OuterRef(child), end_date__isnull=True).values(column)[:1],
        output_field=IntegerField(),
    )


def _open_referral_team(child: str = "child_id") -> Subquery:
    return Subquery(
        _case_models.Referral.objects.filter(
            child=OuterRef(child), closure_date__isnull=True
        ).values("team_id")[:1],
        output_field=IntegerField(),
    )


def children_overseen_q(user: Any, team_ids: _abc.Iterable[int]) -> Q:
    """A filter on Person for the children of `team_ids` this user may oversee: those they may
    see (access.queries) whose case is allocated to one of the teams, and children referred to
    one of the teams and not yet allocated at all. The second group is not in
    `visible_children` (it follows allocations); a manager must see who is waiting to be
    allocated, so they are added here, restricted records still only for their named people."""
    team_ids = list(team_ids)
    open_allocations = Allocation.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    allocated_here = Exists(open_allocations.filter(team_id__in=team_ids))
    referred_here = Exists(
        _case_models.Referral.objects.filter(
            child=OuterRef("pk"), closure_date__isnull=True, team_id__in=team_ids
        )
    )
    restricted = Exists(_access_models.RestrictedRecord.objects.filter(child=OuterRef("pk")))
    named = Exists(
        _access_models.RestrictedRecord.objects.filter(child=OuterRef("pk"), named_users=user)
    )
    waiting = Q(referred_here) & ~Q(Exists(open_allocations)) & (~Q(restricted) | Q(named))
    return (_access.visible_children_q(user) & Q(allocated_here)) | waiting


def _measure_part(
    qs: QuerySet[Any],
    *,
    measure: str,
    team: Any,
    worker: Any,
    subject_id: Any,
    started: Any,
    due: Any,
) -> QuerySet[Any]:
    # Every part annotates the same columns in the same order, so the union lines up.
    return (
        qs.annotate(
            m_measure=_str(measure),
            m_team=team,
            m_worker=worker,
            m_child=F("child_id"),
            m_first_name=F("child__first_name"),
            m_last_name=F("child__last_name"),
            m_subject_id=subject_id,
            m_started=started,
            m_due=due,
            m_held=Exists(
                Allocation.objects.filter(child=OuterRef("child_id"), end_date__isnull=True)
            ),
        )
        .values(*_MEASURE_COLUMNS)
        .order_by()
    )


def _clock_part(qs: QuerySet[Any], measure: str, team_ids: list[int]) -> QuerySet[Any]:
    """A clock's open items attributed to the team holding the case (or, while nobody holds
    it, the team the open referral went to)."""
    return _measure_part(
        qs,
        measure=measure,
        team=Coalesce(_open_allocation("team_id"), _open_referral_team()),
        worker=_open_allocation("worker_id"),
        subject_id=F("o_subject_id"),
        started=F("o_started"),
        due=F("o_due"),
    ).filter(m_team__in=team_ids)


def _measure_parts(
    authority: Authority, team_ids: list[int], today: date, measures: _abc.Iterable[str]
) -> list[QuerySet[Any]]:
    # Typed NULLs: PostgreSQL would read two bare NULLs in a row of the union as text.
    no_date = _Cast(Value(None), output_field=DateField())
    no_worker = _Cast(Value(None), output_field=_BigIntegerField())
    clocks = clock_querysets_by_name(authority)
    assessments = clocks["assessment"]
    warning_until = _working_days.add_working_days(today, ASSESSMENT_WARNING_WORKING_DAYS)
    builders: dict[str, Any] = {
        "unallocated": lambda: [
            _measure_part(
                Allocation.objects.filter(
                    end_date__isnull=True, worker__isnull=True, team_id__in=team_ids
                ),
                measure="unallocated",
                team=F("team_id"),
                worker=no_worker,
                subject_id=F("pk"),
                started=F("start_date"),
                due=no_date,
            ),
            _measure_part(
                _case_models.Referral.objects.filter(
                    closure_date__isnull=True, team_id__in=team_ids
                ).filter(
                    ~Exists(
                        Allocation.objects.filter(child=OuterRef("child_id"), end_date__isnull=True)
                    )
                ),
                measure="unallocated",
                team=F("team_id"),
                worker=no_worker,
                subject_id=F("pk"),
                started=F("referral_date"),
                due=no_date,
            ),
        ],
        "awaiting-authorisation": lambda: [
            _measure_part(
                Assessment.objects.filter(
                    submitted_date__isnull=False,
                    authorised_date__isnull=True,
                    referral__closure_date__isnull=True,
                ),
                measure="awaiting-authorisation",
                team=Coalesce(_open_allocation("team_id"), _open_referral_team()),
                worker=_open_allocation("worker_id"),
                subject_id=F("pk"),
                started=F("submitted_date"),
                due=working_days_after(F("referral__referral_date"), 45),
            ).filter(m_team__in=team_ids)
        ],
        "assessments-due-soon": lambda: [
            _clock_part(
                assessments.filter(o_due__gte=today, o_due__lte=warning_until),
                "assessments-due-soon",
                team_ids,
            )
        ],
        "assessments-overdue": lambda: [
            _clock_part(assessments.filter(o_due__lt=today), "assessments-overdue", team_ids)
        ],
        "cp-visits-overdue": lambda: [
            _clock_part(clocks["cp_visit"].filter(o_due__lt=today), "cp-visits-overdue", team_ids)
        ],
        "initial-conferences-overdue": lambda: [
            _clock_part(
                clocks["initial_conference"].filter(o_due__lt=today),
                "initial-conferences-overdue",
                team_ids,
            )
        ],
        "review-conferences-overdue": lambda: [
            _clock_part(
                clocks["review_conference"].filter(o_due__lt=today),
                "review-conferences-overdue",
                team_ids,
            )
        ],
        "caseload": lambda: [
            _measure_part(
                Allocation.objects.filter(
                    end_date__isnull=True, worker__isnull=False, team_id__in=team_ids
                ),
                measure="caseload",
                team=F("team_id"),
                worker=F("worker_id"),
                subject_id=F("pk"),
                started=F("start_date"),
                due=no_date,
            )
        ],
    }
    return [part for slug in measures for part in builders[slug]()]


def _working_days_for(measure: TeamMeasure, started: date, due: date | None, today: date) -> Any:
    if measure.days == "waited":
        return _working_days.working_days_between(started, today)
    if measure.days == "overdue" and due is not None:
        return _working_days.working_days_between(due, today)
    if measure.days == "left" and due is not None:
        return _working_days.working_days_between(today, due)
    return None


def _team_measure_rows(
    *,
    authority: Authority,
    team_ids: list[int],
    today: date,
    measures: _abc.Iterable[str],
    overseen: QuerySet[Any],
    worker_id: int | None = None,
) -> tuple[list[TeamMeasureRow], dict[int, _organisation.Worker]]:
    """The children behind each measure for these teams, in one query, with the workers
    named in them (and every current member of the teams) in a second. `overseen` is the
    ids of the children the user may oversee (`children_overseen_q`)."""
    parts = [
        part.filter(child__in=overseen)
        for part in _measure_parts(authority, team_ids, today, measures)
    ]
    if worker_id is not None:
        parts = [part.filter(m_worker=worker_id) for part in parts]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    raw = list(union)
    workers = {
        worker.pk: worker
        for worker in _organisation.Worker.objects.filter(
            Q(team_id__in=team_ids, left_on__isnull=True)
            | Q(pk__in=[row["m_worker"] for row in raw if row["m_worker"] is not None])
        ).order_by("last_name", "first_name", "pk")
    }
    rows = []
    for row in raw:
        measure = TEAM_MEASURES[row["m_measure"]]
        rows.append(
            TeamMeasureRow(
                measure=measure.slug,
                team_id=row["m_team"],
                child_id=row["m_child"],
                child_name=" ".join(
                    part for part in (row["m_first_name"], row["m_last_name"]) if part
                )
                or "(no name)",
                worker=workers.get(row["m_worker"]) if row["m_worker"] is not None else None,
                subject_id=row["m_subject_id"],
                started=row["m_started"],
                due=row["m_due"],
                working_days=_working_days_for(measure, row["m_started"], row["m_due"], today),
                held=bool(row["m_held"]),
            )
        )
    rows.sort(key=lambda r: (r.due or r.started, r.started, r.child_name, r.child_id))
    return rows, workers


def team_list_overseen(*, user: Any) -> list[Team]:
    """The teams this user oversees: a team manager's team(s), a head of service's service."""
    return list(
        Team.objects.filter(pk__in=_access.team_ids_overseen(user))
        .select_related("authority", "service")
        .order_by("name")
    )


def team_get_overseen(*, user: Any, team_id: int) -> Team:
    """One of the user's teams; 404 for anyone else's, so other teams' figures never show."""
    for team in team_list_overseen(user=user):
        if team.pk == team_id:
            return team
    raise _http.Http404("No team found")


def team_dashboards_get(*, user: Any, teams: list[Team], today: date) -> list[TeamDashboard]:
    """The figures of each team, the children waiting for allocation, the assessments waiting
    for authorisation and each worker's caseload: the same few queries for one team or many,
    whatever the number of children."""
    if not teams:
        return []
    team_ids = [team.pk for team in teams]
    slugs = [slug for slug in TEAM_MEASURES if slug != "caseload"]
    overseen = Person.objects.filter(children_overseen_q(user, team_ids)).values("pk")
    rows, workers = _team_measure_rows(
        authority=teams[0].authority,
        team_ids=team_ids,
        today=today,
        measures=slugs,
        overseen=overseen,
    )
    held = {
        (row["team_id"], row["worker_id"]): row["children"]
        for row in Allocation.objects.filter(
            end_date__isnull=True,
            worker__isnull=False,
            team_id__in=team_ids,
            child__in=overseen,
        )
        .values("team_id", "worker_id")
        .annotate(children=Count("pk"))
        .order_by()
    }
    dashboards = []
    for team in teams:
        team_rows = [row for row in rows if row.team_id == team.pk]
        counts = {slug: 0 for slug in TEAM_MEASURES}
        for row in team_rows:
            counts[row.measure] += 1
        counts["caseload"] = sum(n for (t, _), n in held.items() if t == team.pk)
        caseloads = [
            WorkerCaseload(worker=worker, children=held.get((team.pk, worker.pk), 0))
            for worker in workers.values()
            if (worker.team_id == team.pk and worker.left_on is None)
            or (team.pk, worker.pk) in held
        ]
        dashboards.append(
            TeamDashboard(
                team=team,
                counts=counts,
                waiting=sorted(
                    (r for r in team_rows if r.measure == "unallocated"),
                    key=lambda r: (r.started, r.child_name, r.child_id),
                ),
                awaiting_authorisation=[
                    r for r in team_rows if r.measure == "awaiting-authorisation"
                ],
                caseloads=caseloads,
            )
        )
    return dashboards


@dataclass(frozen=True)
class TeamMeasureList:
    measure: TeamMeasure
    rows: list[TeamMeasureRow]
    # Set when the list is one worker's share of the figure.
    worker: _organisation.Worker | None


def team_measure_list(
    *, user: Any, team: Team, measure: str, today: date, worker_id: int | None = None
) -> TeamMeasureList:
    """The children behind one figure on a team's dashboard (optionally one worker's share);
    404 for a figure or a worker the team does not have."""
    definition = TEAM_MEASURES.get(measure)
    if definition is None:
        raise _http.Http404("No such figure")
    rows, workers = _team_measure_rows(
        authority=team.authority,
        team_ids=[team.pk],
        today=today,
        measures=[measure],
        overseen=Person.objects.filter(children_overseen_q(user, [team.pk])).values("pk"),
        worker_id=worker_id,
    )
    worker = None
    if worker_id is not None:
        worker = workers.get(worker_id)
        if worker is None:
            raise _http.Http404("No such worker in the team")
    if measure == "caseload":
        rows.sort(
            key=lambda r: (
                r.worker.last_name if r.worker else "",
                r.worker.first_name if r.worker else "",
                r.child_name,
                r.child_id,
            )
        )
    return TeamMeasureList(measure=definition, rows=rows, worker=worker)


def child_get_for_allocation(*, user: Any, child_id: int) -> tuple[Person, Allocation | None]:
    """A child whose case this manager may allocate, with the current allocation: held by,
    or referred to, one of the teams they oversee. 404 otherwise."""
    team_ids = _access.team_ids_overseen(user)
    child = Person.objects.filter(children_overseen_q(user, team_ids)).filter(pk=child_id).first()
    if child is None:
        raise _http.Http404("No child found")
    current = (
        Allocation.objects.filter(child=child, end_date__isnull=True)
        .select_related("team", "worker")
        .first()
    )
    return child, current


@dataclass(frozen=True)
class AllocationTeamChoice:
    team: Team
    workers: list[WorkerCaseload]


def allocation_choices_get(*, user: Any) -> list[AllocationTeamChoice]:
    """The teams a manager may allocate to, each with its current case-holding workers and how
    many children each holds (so the manager can see who has room)."""
    teams = team_list_overseen(user=user)
    team_ids = [team.pk for team in teams]
    workers = (
        _organisation.Worker.objects.filter(
            team_id__in=team_ids,
            left_on__isnull=True,
            role__in=[
                *_organisation.Worker.CASE_HOLDING_ROLES,
                _organisation.Worker.Role.TEAM_MANAGER,
            ],
        )
        .annotate(
            children=Count("allocations", filter=Q(allocations__end_date__isnull=True)),
        )
        .order_by("last_name", "first_name", "pk")
    )
    by_team: dict[int, list[WorkerCaseload]] = {}
    for worker in workers:
        by_team.setdefault(worker.team_id or 0, []).append(
            WorkerCaseload(worker=worker, children=worker.children)
        )
    return [AllocationTeamChoice(team=team, workers=by_team.get(team.pk, [])) for team in teams]


def assessment_get_for_review(*, user: Any, assessment_id: int) -> Assessment:
    """An assessment of a child in one of the manager's teams; 404 otherwise."""
    team_ids = _access.team_ids_overseen(user)
    overseen = Person.objects.filter(children_overseen_q(user, team_ids)).values("pk")
    assessment = (
        Assessment.objects.filter(pk=assessment_id, child__in=overseen)
        .select_related("child", "worker", "referral", "authorised_by")
        .first()
    )
    if assessment is None:
        raise _http.Http404("No assessment found")
    return assessment

"""The statutory clocks over the case record: what is overdue, and one child's timeline.

The overdue lists are set-based: one SQL statement (a UNION ALL of one SELECT per clock) finds
everything overdue for a team or for the whole authority, with due dates computed in SQL
from the working-day calendar table, each through its clock's own SQL form
(`timescales.expressions.clock_due`). `workflow.timeline` computes the same due dates in
Python for one child from the same clocks; the tests hold the two to each other.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    Expression,
    ExpressionWrapper,
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
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from safeguard.common import codes
from safeguard.organisation.models import Authority, Team
from safeguard.people.models import Person
from safeguard.timescales.clocks import (
    CLOCKS,
    Clock,
    clocks_with_local_overrides,
    local_timescales,
)
from safeguard.timescales.expressions import clock_due, months_after
from safeguard.timescales.working_days import CALENDAR_EPOCH

from .. import extensions
from ..models import (
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
    Placement,
    Section47Enquiry,
    Visit,
)
from ..workflow import lac_visits
from ..workflow.lac_visits import PlacementPlanFact
from ..workflow.timeline import (
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
    # None for a contact not yet matched to a child: it still counts (its clock runs).
    child_id: int | None
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


def _seen_visits(kind: str) -> QuerySet[Visit]:
    """The child's visits of `kind` at which they were seen, after the outer episode started,
    newest first: the first is the visit the episode's visiting clock runs from."""
    return Visit.objects.filter(
        child=OuterRef("child_id"),
        kind=kind,
        child_seen=True,
        visit_date__gt=OuterRef("start_date"),
    ).order_by("-visit_date")


def _last_seen_visit(kind: str) -> Subquery:
    """The child's latest visit of `kind` at which they were seen, after the episode started.

    Read as the first of the visits newest first rather than as MAX() over them: the same
    date (a visit's date is never NULL), but the database reads one entry from the end of the
    (child, kind, visit date) index instead of every visit of the child."""
    return Subquery(_seen_visits(kind).values("visit_date")[:1], output_field=DateField())


class _CaseOf(Expression):
    """`CASE subject WHEN value THEN result ... ELSE default END` (SQL-92, any database): the
    subject, a subquery, is written and worked out once, where `Case(When(subject=...))`
    writes it again in every WHEN and PostgreSQL plans and runs each copy."""

    def __init__(
        self, subject: Any, results: Mapping[str, Any], default: Any, output_field: Any
    ) -> None:
        super().__init__(output_field=output_field)
        self.subject = subject
        self.cases = [(_str(value), result) for value, result in results.items()]
        self.default = default

    def get_source_expressions(self) -> list[Any]:
        return [self.subject, *(part for case in self.cases for part in case), self.default]

    def set_source_expressions(self, exprs: Any) -> None:
        self.subject, *pairs, self.default = exprs
        self.cases = list(zip(pairs[0::2], pairs[1::2], strict=True))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.subject)
        parts, all_params = [f"CASE {sql}"], list(params)
        for value, result in self.cases:
            value_sql, value_params = compiler.compile(value)
            result_sql, result_params = compiler.compile(result)
            parts.append(f" WHEN {value_sql} THEN {result_sql}")
            all_params += [*value_params, *result_params]
        default_sql, default_params = compiler.compile(self.default)
        parts.append(f" ELSE {default_sql} END")
        return "".join(parts), (*all_params, *default_params)


def _shape(qs: QuerySet[Any], *, clock: Any, subject: str, started: Any, due: Any) -> QuerySet[Any]:
    shaped: QuerySet[Any] = (
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
    return shaped


@dataclass(frozen=True)
class _Counted:
    """One way a clock's items have their due date counted: for the items `when` picks (the
    rest, for the last way), `clock`'s period on from `start`."""

    when: Q | None
    start: Any
    clock: str


# How the clocks whose items are filtered by due date (the team dashboard's figures) count
# it, in order: their due dates (`clock_querysets_by_name`) and, for those counted from a
# column of the item itself, the filter on their start dates (`clock_due_before_q`).
_COUNTED: dict[str, tuple[_Counted, ...]] = {
    "assessment": (_Counted(None, F("referral__referral_date"), "assessment"),),
    "initial_conference": (_Counted(None, F("start_date"), "initial_conference"),),
    "review_conference": (
        _Counted(Q(last_review__isnull=True), F("start_date"), "first_review_conference"),
        _Counted(None, F("last_review"), "later_review_conference"),
    ),
    "cp_visit": (_Counted(None, Coalesce("last_visit", "start_date"), "cp_visit"),),
    "lac_care_plan": (_Counted(None, F("start_date"), "lac_care_plan"),),
    "lac_review": (
        _Counted(Q(review_count=0), F("start_date"), "lac_first_review"),
        _Counted(Q(review_count=1), F("last_review"), "lac_second_review"),
        _Counted(None, F("last_review"), "lac_later_review"),
    ),
}


def _lac_visits_with_clock() -> QuerySet[Any]:
    """The period's looked-after visits at which the child was seen, newest first, each with
    `v_clock`: the clock that runs after it (`workflow.lac_visits.lac_visit_clock` asked in
    SQL of the placement in force that day; "lac_visit" where none was). Asked of the visit's
    own row, its date is a column: asked of the period, each condition on the placement and
    the reviews read the last visit again (a hundred subqueries in the dashboard's query)."""
    reviewed_by_then = Exists(
        LookedAfterReview.objects.filter(
            period=OuterRef("period_id"), review_date__lte=OuterRef(OuterRef("visit_date"))
        )
    )
    after_first_year = Q(first_year_ends__lte=OuterRef("visit_date"))
    in_force = (
        Placement.objects.filter(
            period=OuterRef(OuterRef("pk")), start_date__lte=OuterRef("visit_date")
        )
        .annotate(
            first_year_ends=months_after(F("start_date"), lac_visits.PLACEMENT_FIRST_YEAR_MONTHS)
        )
        .annotate(
            clock=Case(
                When(
                    Q(visiting_plan__in=lac_visits.WEEKLY_UNTIL_FIRST_REVIEW)
                    & ~Q(reviewed_by_then),
                    then=_str("lac_visit_weekly_until_first_review"),
                ),
                When(
                    visiting_plan=lac_visits.CONNECTED_PERSON,
                    then=_str("lac_visit_connected_person"),
                ),
                When(
                    Q(visiting_plan=lac_visits.LONG_TERM_FOSTER, six_monthly_visits_agreed=True)
                    & after_first_year,
                    then=_str("lac_visit_long_term_foster"),
                ),
                When(
                    Q(visiting_plan__in=lac_visits.MEANT_TO_LAST_UNTIL_18) & after_first_year,
                    then=_str("lac_visit_until_18"),
                ),
                default=_str("lac_visit"),
                output_field=CharField(),
            )
        )
        .order_by("-start_date", "-pk")
    )
    return _seen_visits(codes.VisitKind.LAC_VISIT).annotate(
        v_clock=Coalesce(
            Subquery(in_force.values("clock")[:1], output_field=CharField()), _str("lac_visit")
        )
    )


def _after_visit(by_clock: Mapping[str, Any], output_field: Any) -> _CaseOf:
    """Of a row of `_lac_visits_with_clock`: `by_clock`'s entry for the clock that runs after
    the visit."""
    *named, default = lac_visits.LATER_VISIT_CLOCKS
    return _CaseOf(
        F("v_clock"), {name: by_clock[name] for name in named}, by_clock[default], output_field
    )


@dataclass(frozen=True)
class _FromLatest:
    """A clock family counted from the item's start date (clock `first`) until its first
    event, then from its latest event: `events()` are the item's events newest first, dated
    `on`; `later(cutoffs)` is, over an event's row, the cutoff of the clock running after it,
    given each clock's by name."""

    first: str
    events: Callable[[], QuerySet[Any]]
    on: str
    later: Callable[[Mapping[str, Any]], Any]
    clocks: tuple[str, ...]


def _later_lac_review(cutoffs: Mapping[str, Any]) -> Any:
    # The second review runs from the first (the only one held); later ones from the last.
    others = LookedAfterReview.objects.filter(period=OuterRef("period_id")).exclude(
        pk=OuterRef("pk")
    )
    return Case(
        When(Exists(others), then=cutoffs["lac_later_review"]),
        default=cutoffs["lac_second_review"],
        output_field=DateField(),
    )


# The families of `_COUNTED` whose later clocks run from an event (a visit, a review), and the
# looked-after visits, whose clock after a visit is the placement's (`workflow.lac_visits`):
# their filter asks the latest event's own date once, rather than the item's subqueries for
# it in each way of counting.
_FROM_LATEST: dict[str, _FromLatest] = {
    "cp_visit": _FromLatest(
        "cp_visit",
        lambda: _seen_visits(codes.VisitKind.CP_VISIT),
        "visit_date",
        lambda cutoffs: cutoffs["cp_visit"],
        ("cp_visit",),
    ),
    "review_conference": _FromLatest(
        "first_review_conference",
        lambda: ChildProtectionConference.objects.filter(
            plan=OuterRef("pk"), kind="review"
        ).order_by("-conference_date"),
        "conference_date",
        lambda cutoffs: cutoffs["later_review_conference"],
        ("later_review_conference",),
    ),
    "lac_review": _FromLatest(
        "lac_first_review",
        lambda: LookedAfterReview.objects.filter(period=OuterRef("pk")).order_by("-review_date"),
        "review_date",
        _later_lac_review,
        ("lac_second_review", "lac_later_review"),
    ),
    "lac_visit": _FromLatest(
        "lac_first_visit",
        _lac_visits_with_clock,
        "visit_date",
        lambda cutoffs: _after_visit(cutoffs, DateField()),
        lac_visits.LATER_VISIT_CLOCKS,
    ),
}


def _counted_due(clocks: Mapping[str, Clock], name: str) -> Any:
    """The due date of `name`'s items (SQL), each clock's own (`clock_due`)."""
    *first, last = _COUNTED[name]
    default = clock_due(clocks[last.clock], last.start)
    if not first:
        return default
    return Case(
        *(When(c.when, then=clock_due(clocks[c.clock], c.start)) for c in first),
        default=default,
        output_field=DateField(),
    )


def _in_calendar_before(start: Any, cutoff: Any) -> Q:
    """`start` has a due date in SQL (it is in the calendar table: the table ends long after
    any cutoff) and is before `cutoff`."""
    return Q(GreaterThanOrEqual(start, Value(CALENDAR_EPOCH, output_field=DateField()))) & Q(
        LessThan(start, cutoff)
    )


def clock_due_before_q(authority: Authority, name: str, day: date) -> Q:
    """A filter on `clock_querysets_by_name(authority)[name]` passing the items due before
    `day`: what `Q(o_due__lt=day)` passes, asked of each item's start date (before the
    first start due on or after `day`: `Period.first_start_due_on_or_after`), so that the
    database compares a column rather than working out every open item's due date. A start
    outside the calendar table has no due date in SQL, and is left out as before."""
    clocks = clocks_with_local_overrides(local_timescales(authority))

    def cutoff(clock: str) -> Value:
        return Value(clocks[clock].period.first_start_due_on_or_after(day), DateField())

    latest = _FROM_LATEST.get(name)
    if latest is not None:
        # The latest event's answer, or the start date's while there is none (never NULL
        # otherwise: its date and the cutoff are never NULL).
        cutoffs = {clock: cutoff(clock) for clock in latest.clocks}
        event_before = ExpressionWrapper(
            _in_calendar_before(F(latest.on), latest.later(cutoffs)), BooleanField()
        )
        return Q(
            Coalesce(
                Subquery(
                    latest.events().annotate(_before=event_before).values("_before")[:1],
                    output_field=BooleanField(),
                ),
                ExpressionWrapper(
                    _in_calendar_before(F("start_date"), cutoff(latest.first)), BooleanField()
                ),
                output_field=BooleanField(),
            )
        )
    counted = _COUNTED.get(name)
    if counted is None:
        return Q(o_due__lt=day)
    parts = []
    earlier = Q()
    for c in counted:
        picks = earlier if c.when is None else earlier & c.when
        parts.append(picks & _in_calendar_before(c.start, cutoff(c.clock)))
        if c.when is not None:
            earlier &= ~c.when
    return reduce(operator.or_, parts)


def _clock_querysets(authority: Authority) -> list[QuerySet[Any]]:
    """One queryset per statutory clock, each giving the open (unmet) items and their due dates."""
    return list(clock_querysets_by_name(authority).values())


def clock_querysets_by_name(authority: Authority) -> dict[str, QuerySet[Any]]:
    """The open (unmet) items of each clock and their due dates, keyed by the clock's name (a
    clock that moves on within one episode, such as reviews, is named for the family:
    "review_conference", "lac_review", "lac_visit"). Each queryset has the columns o_child,
    o_clock, o_subject, o_subject_id, o_started and o_due, so any of them can be unioned.
    Every due date is the clock's own (`timescales.expressions.clock_due`), with the
    authority's local visit and review lengths applied, as `workflow.timeline` does."""
    clocks = clocks_with_local_overrides(local_timescales(authority))
    plans = ChildProtectionPlan.objects.filter(end_date__isnull=True)
    cin_plans = ChildInNeedPlan.objects.filter(end_date__isnull=True)
    periods = LookedAfterPeriod.objects.filter(end_date__isnull=True)
    lac_visits_seen = _lac_visits_with_clock()

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
            due=clock_due(clocks["contact_decision"], received_on),
        ),
        "assessment": _shape(
            Assessment.objects.filter(
                authorised_date__isnull=True, referral__closure_date__isnull=True
            ),
            clock="assessment",
            subject="assessment",
            started=F("referral__referral_date"),
            due=_counted_due(clocks, "assessment"),
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
            due=_counted_due(clocks, "initial_conference"),
        ),
        "first_core_group": _shape(
            plans.filter(~Exists(CoreGroupMeeting.objects.filter(plan=OuterRef("pk")))),
            clock="first_core_group",
            subject="protection_plan",
            started=F("start_date"),
            due=clock_due(clocks["first_core_group"], F("start_date")),
        ),
        "review_conference": _shape(
            plans.annotate(last_review=last_review),
            clock=Case(
                When(last_review__isnull=True, then=_str("first_review_conference")),
                default=_str("later_review_conference"),
            ),
            subject="protection_plan",
            started=Coalesce("last_review", "start_date"),
            due=_counted_due(clocks, "review_conference"),
        ),
        "cp_visit": _shape(
            plans.annotate(last_visit=_last_seen_visit(codes.VisitKind.CP_VISIT)),
            clock="cp_visit",
            subject="protection_plan",
            started=Coalesce("last_visit", "start_date"),
            due=_counted_due(clocks, "cp_visit"),
        ),
        "cin_plan_review": _shape(
            cin_plans.annotate(last_review=last_cin_review),
            clock="cin_plan_review",
            subject="cin_plan",
            started=Coalesce("last_review", "start_date"),
            due=clock_due(clocks["cin_plan_review"], Coalesce("last_review", "start_date")),
        ),
        "cin_visit": _shape(
            cin_plans.annotate(last_visit=_last_seen_visit(codes.VisitKind.CIN_VISIT)),
            clock="cin_visit",
            subject="cin_plan",
            started=Coalesce("last_visit", "start_date"),
            due=clock_due(clocks["cin_visit"], Coalesce("last_visit", "start_date")),
        ),
        "lac_care_plan": _shape(
            periods.filter(care_plan_date__isnull=True),
            clock="lac_care_plan",
            subject="care_period",
            started=F("start_date"),
            due=_counted_due(clocks, "lac_care_plan"),
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
            due=_counted_due(clocks, "lac_review"),
        ),
        "lac_visit": _shape(
            periods.annotate(last_visit=_last_seen_visit(codes.VisitKind.LAC_VISIT)),
            clock=Coalesce(
                Subquery(lac_visits_seen.values("v_clock")[:1], output_field=CharField()),
                _str("lac_first_visit"),
            ),
            subject="care_period",
            started=Coalesce("last_visit", "start_date"),
            due=Case(
                When(
                    last_visit__isnull=True,
                    then=clock_due(clocks["lac_first_visit"], F("start_date")),
                ),
                default=Subquery(
                    lac_visits_seen.annotate(
                        v_due=_after_visit(
                            {
                                name: clock_due(clocks[name], F("visit_date"))
                                for name in lac_visits.LATER_VISIT_CLOCKS
                            },
                            DateField(),
                        )
                    ).values("v_due")[:1],
                    output_field=DateField(),
                ),
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


def open_extension_items(
    authority: Authority, child_ids: Collection[int] | None, today: date
) -> list[OverdueItem]:
    """The open items of the clocks other apps register (`extensions.register_clock_source`)
    for these children (None: every child), as the overdue lists hold theirs."""
    return [
        OverdueItem(i.child_id, i.clock, i.subject, i.subject_id, i.started, i.due)
        for i in extensions.open_clocks(child_ids, today, local_timescales(authority))
    ]


def _with_extension_items(
    items: list[OverdueItem], extra: list[OverdueItem], today: date
) -> list[OverdueItem]:
    overdue = [i for i in extra if i.due < today]
    if not overdue:
        return items
    return sorted([*items, *overdue], key=lambda i: (i.due, i.clock, i.subject_id))


def overdue_for_authority(*, authority: Authority, today: date) -> list[OverdueItem]:
    """Everything overdue across the authority, oldest first: one query for the case record's
    clocks, and the registered sources' fixed few for theirs."""
    items = _overdue(authority, today, Q(), Q())
    return _with_extension_items(items, open_extension_items(authority, None, today), today)


def overdue_for_team(*, team: Team, today: date) -> list[OverdueItem]:
    """Everything overdue for children allocated to the team (and contacts at its front door)."""
    allocated = Exists(
        Allocation.objects.filter(child=OuterRef("child_id"), team=team, end_date__isnull=True)
    )
    items = _overdue(team.authority, today, Q(allocated), Q(team=team))
    child_ids = Allocation.objects.filter(team=team, end_date__isnull=True).values_list(
        "child_id", flat=True
    )
    extra = open_extension_items(team.authority, set(child_ids), today)
    return _with_extension_items(items, extra, today)


def case_facts_from(
    *,
    contacts: Iterable[Contact],
    assessments: Iterable[Assessment],
    section47_enquiries: Iterable[Section47Enquiry],
    conferences: Iterable[ChildProtectionConference],
    protection_plans: Iterable[ChildProtectionPlan],
    core_groups: Iterable[CoreGroupMeeting],
    cin_plans: Iterable[ChildInNeedPlan],
    cin_reviews: Iterable[ChildInNeedPlanReview],
    care_periods: Iterable[LookedAfterPeriod],
    care_reviews: Iterable[LookedAfterReview],
    visits: Iterable[Visit],
    placements: Iterable[Placement] = (),
) -> CaseFacts:
    """The statutory timeline's facts from one child's rows, already read (the child record
    page reads them anyway for the chronology). Assessments need their referral loaded."""
    reviews: dict[int, list[date]] = {}
    initial_conference_dates: dict[int, date] = {}
    for k in conferences:
        if k.kind == "review" and k.plan_id is not None:
            reviews.setdefault(k.plan_id, []).append(k.conference_date)
        elif k.kind == "initial" and k.section47_enquiry_id is not None:
            initial_conference_dates[k.section47_enquiry_id] = k.conference_date
    core_group_dates: dict[int, list[date]] = {}
    for m in core_groups:
        core_group_dates.setdefault(m.plan_id, []).append(m.meeting_date)
    cin_review_dates: dict[int, list[date]] = {}
    for r in cin_reviews:
        cin_review_dates.setdefault(r.plan_id, []).append(r.review_date)
    care_review_dates: dict[int, list[date]] = {}
    for c in care_reviews:
        care_review_dates.setdefault(c.period_id, []).append(c.review_date)
    period_placements: dict[int, list[PlacementPlanFact]] = {}
    for pl in placements:
        period_placements.setdefault(pl.period_id, []).append(
            PlacementPlanFact(pl.start_date, pl.visiting_plan, pl.six_monthly_visits_agreed)
        )
    return CaseFacts(
        contacts=[
            ContactFact(
                c.pk,
                timezone.localtime(c.received_at).date(),
                timezone.localtime(c.decided_at).date() if c.decided_at else None,
            )
            for c in contacts
        ],
        assessments=[
            AssessmentFact(a.pk, a.referral.referral_date, a.authorised_date) for a in assessments
        ],
        section47_enquiries=[
            Section47Fact(
                e.pk, e.start_date, e.conference_required, initial_conference_dates.get(e.pk)
            )
            for e in section47_enquiries
        ],
        protection_plans=[
            PlanFact(
                p.pk,
                p.start_date,
                p.end_date,
                tuple(reviews.get(p.pk, ())),
                tuple(core_group_dates.get(p.pk, ())),
            )
            for p in protection_plans
        ],
        cin_plans=[
            PlanFact(p.pk, p.start_date, p.end_date, tuple(cin_review_dates.get(p.pk, ())))
            for p in cin_plans
        ],
        care_periods=[
            PlanFact(
                p.pk,
                p.start_date,
                p.end_date,
                tuple(care_review_dates.get(p.pk, ())),
                care_plan_date=p.care_plan_date,
                placements=tuple(period_placements.get(p.pk, ())),
            )
            for p in care_periods
        ],
        visits=[VisitFact(v.visit_date, v.kind, v.child_seen) for v in visits],
    )


def child_case_facts(child: Person) -> CaseFacts:
    """Everything the statutory timeline needs about one child, in a fixed number of queries."""
    return case_facts_from(
        contacts=Contact.objects.filter(child=child).only("received_at", "decided_at"),
        assessments=Assessment.objects.filter(child=child)
        .select_related("referral")
        .only("authorised_date", "referral__referral_date"),
        section47_enquiries=Section47Enquiry.objects.filter(child=child).only(
            "start_date", "conference_required"
        ),
        conferences=ChildProtectionConference.objects.filter(child=child).only(
            "kind", "plan_id", "section47_enquiry_id", "conference_date"
        ),
        protection_plans=ChildProtectionPlan.objects.filter(child=child).only(
            "start_date", "end_date"
        ),
        core_groups=CoreGroupMeeting.objects.filter(child=child).only("plan_id", "meeting_date"),
        cin_plans=ChildInNeedPlan.objects.filter(child=child).only("start_date", "end_date"),
        cin_reviews=ChildInNeedPlanReview.objects.filter(plan__child=child).only(
            "plan_id", "review_date"
        ),
        care_periods=LookedAfterPeriod.objects.filter(child=child).only(
            "start_date", "end_date", "care_plan_date"
        ),
        care_reviews=LookedAfterReview.objects.filter(child=child).only("period_id", "review_date"),
        visits=Visit.objects.filter(child=child).only("visit_date", "kind", "child_seen"),
        placements=Placement.objects.filter(child=child).only(
            "period_id", "start_date", "visiting_plan", "six_monthly_visits_agreed"
        ),
    )


def child_due_items(*, child: Person, authority: Authority, today: date) -> list[DueItem]:
    """The child's statutory timeline: every clock, met or not, soonest due first."""
    return due_items(child_case_facts(child), today=today, timescales=local_timescales(authority))

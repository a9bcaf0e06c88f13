"""Annex A rows, projected from the case record with set-based queries.

Each list is one query over its episodes (contacts, referrals, assessments, enquiries, plans,
periods of care) whose per-row facts — "number of referrals in the last 12 months", the
allocation on a date, the latest visit — are correlated subqueries in the same SQL, so the
database does the work in one statement whatever the number of children. Looked-after
placements are read in one more query and walked in one pass in Python. Nothing is asked
per child.

The workbook is what the record said **as at the window's last day**: a date after it (an
authorisation, a closure, a plan's end) is left out as not yet happened, so a past window
reads the same next year as it did then. Allocated team and worker are the child's
allocation on the day the episode ended, or on the window's last day if it was still open.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
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
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from safeguard.care.models import (
    DentalCheck,
    HealthAssessment,
    IroContact,
    MissingEpisode,
    UascStatus,
)
from safeguard.care_leavers.models import CareLeaverContact, PathwayPlanReview, PersonalAdviser
from safeguard.care_leavers.selectors import care_spells_by_child, entitlement_for
from safeguard.cases.models import (
    Allocation,
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    LookedAfterPeriod,
    LookedAfterReview,
    Placement,
    Referral,
    Section47Enquiry,
    Visit,
)
from safeguard.common import codes, postcodes
from safeguard.family_help.models import EarlyHelpEpisode, LeadPractitioner
from safeguard.organisation.models import Authority, Team, Worker
from safeguard.people.ages import age_on
from safeguard.people.models import Person, PersonDisability
from safeguard.permanence.models import AdoptionDecision, PermanencePlan, PermanencePlanOption
from safeguard.timescales.expressions import months_after
from safeguard.timescales.working_days import add_months

from . import layout
from .layout import AnnexAList
from .window import ReportingWindow

Row = tuple[Any, ...]

CHILD_FIELDS = (
    "child__la_child_id",
    "child_id",
    "child__sex",
    "child__ethnicity",
    "child__date_of_birth",
)

# Ofsted's "in the last 12 months" columns (lists 3 and 4) count back this many months.
LOOK_BACK_MONTHS = 12

# Assessment outcomes that mean the child needed children's social care support.
NEEDS_SUPPORT = frozenset(
    {
        codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        codes.AssessmentOutcome.STRATEGY_DISCUSSION,
        codes.AssessmentOutcome.LOOKED_AFTER,
    }
)
NO_SUPPORT = frozenset(
    {codes.AssessmentOutcome.NO_FURTHER_ACTION, codes.AssessmentOutcome.EARLY_HELP}
)
# SSDA903 legal statuses of short breaks, which Ofsted's looked-after list leaves out.
SHORT_BREAKS = frozenset({codes.LegalStatus.V3, codes.LegalStatus.V4})
EMERGENCY_PROTECTION = (codes.LegalStatus.L1, codes.LegalStatus.L2)
# An SSDA903 episode starting for a change of legal status only is the same placement.
SAME_PLACEMENT = codes.ReasonNewEpisode.L
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
FOSTERING_FOR_ADOPTION = frozenset({"U2", "U5"})
ADOPTED = frozenset({codes.ReasonEpisodeCeased.E11, codes.ReasonEpisodeCeased.E12})


@dataclass(frozen=True)
class Projection:
    """What every list needs besides its own episodes: the window, and names by id."""

    window: ReportingWindow
    authority: Authority | None
    teams: dict[int, str]
    workers: dict[int, str]

    @classmethod
    def for_window(cls, window: ReportingWindow, authority: Authority | None) -> Projection:
        teams = Team.objects.all()
        workers = Worker.objects.all()
        if authority is not None:
            teams = teams.filter(authority=authority)
            workers = workers.filter(authority=authority)
        return cls(
            window=window,
            authority=authority,
            teams=dict(teams.values_list("pk", "name")),
            workers={
                pk: f"{first} {last}"
                for pk, first, last in workers.values_list("pk", "first_name", "last_name")
            },
        )

    # --- Helpers used by every list ---------------------------------------------------------

    @property
    def end(self) -> date:
        return self.window.end

    def known(self, value: date | None) -> date | None:
        """A date on or before the window's last day; a later one has not happened yet."""
        return value if value is not None and value <= self.window.end else None

    def child_columns(
        self, la_child_id: str | None, child_id: int, sex: str, ethnicity: str, born: date | None
    ) -> tuple[Any, ...]:
        return (
            la_child_id or str(child_id),
            layout.sex_value(sex),
            layout.ethnicity_value(ethnicity),
            born,
            age_on(born, self.window.end),
        )

    def allocated(self, team_id: int | None, worker_id: int | None) -> tuple[Any, Any]:
        return (
            self.teams.get(team_id) if team_id is not None else None,
            self.workers.get(worker_id) if worker_id is not None else None,
        )

    def belongs(self) -> Q:
        """The row's child is the chosen authority's: its teams hold (or held) the child's
        referrals or allocations."""
        return Q(
            Exists(Referral.objects.filter(child=OuterRef("child"), team__authority=self.authority))
        ) | Q(
            Exists(
                Allocation.objects.filter(child=OuterRef("child"), team__authority=self.authority)
            )
        )

    def scoped(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Only the chosen authority's children; with no authority chosen (one authority in
        the database, so every child is its own) no filter is added."""
        if self.authority is None:
            return queryset
        return queryset.filter(self.belongs())

    def as_at(self, ended: str) -> Least:
        """The day the episode ended, or the window's last day if it was open then."""
        end = Value(self.window.end, output_field=DateField())
        return Least(Coalesce(ended, end), end, output_field=DateField())


def _allocation(field: str) -> Subquery:
    """The child's allocation on the row's `as_at` day (the latest if two overlap)."""
    return Subquery(
        Allocation.objects.filter(child=OuterRef("child"), start_date__lte=OuterRef("as_at"))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("as_at")))
        .order_by("-start_date", "-pk")
        .values(field)[:1]
    )


def _has_disability() -> Exists:
    return Exists(
        PersonDisability.objects.filter(person=OuterRef("child")).exclude(
            code=codes.Disability.NONE
        )
    )


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """How many rows of a correlated queryset, as an integer column (0 when none)."""
    counted = queryset.order_by().values("child").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _earlier(field: str) -> Q:
    """Rows of `model` before this one: an earlier date, or the same date and a lower id (so
    two on one day count as one before the other, not both before each other)."""
    return Q(**{f"{field}__lt": OuterRef(field)}) | Q(
        **{field: OuterRef(field), "pk__lt": OuterRef("pk")}
    )


def _active(
    queryset: QuerySet[Any], window: ReportingWindow, start: str, ended: str
) -> QuerySet[Any]:
    """Episodes open at any time in the window: started by its last day, not ended before
    its first."""
    return queryset.filter(
        Q(**{f"{start}__lte": window.end}),
        Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gte": window.start}),
    )


def _stream(queryset: QuerySet[Any], *fields: str) -> Iterator[tuple[Any, ...]]:
    return queryset.values_list(*fields).iterator(chunk_size=5000)


# --- List 1: contacts ------------------------------------------------------------------------


def contacts(p: Projection) -> Iterator[Row]:
    """Every contact received in the window, one row per contact (Ofsted: a contact about
    several children is a row for each)."""
    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(p.window.start, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(p.window.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    queryset = Contact.objects.filter(received_at__gte=first, received_at__lt=after)
    if p.authority is not None:
        queryset = queryset.filter(Q(team__authority=p.authority) | p.belongs())
    rows = _stream(
        queryset.order_by("received_at", "pk"), *CHILD_FIELDS, "received_at", "source", "reference"
    )
    for *child, received_at, source, reference in rows:
        # A contact still waiting for the front door to say who the child is: listed under
        # its reference, so the count of contacts is whole, with nothing known of the child.
        columns = (
            p.child_columns(*child) if child[1] is not None else (reference, None, None, None, None)
        )
        yield (
            *columns,
            timezone.localtime(received_at, zone).date(),
            layout.source_value(source),
        )


# --- List 2: early help ----------------------------------------------------------------------

# The family's assessment, read through each child's early help episode (one row per child).
_ASSESSMENT = "family_help__assessments__"


def early_help(p: Projection) -> Iterator[Row]:
    """Family help (early help) assessments open at any time in the window (started by its
    last day, not completed before its first), one row per child in the family while it was
    assessed: the assessment is the family's, and Ofsted lists children (Annex A list 2: "all
    early help assessments in the six months before the inspection").

    "Organisation completing assessment" is the organisation the assessment was completed by,
    as it was named that day (a partner leading names the partner); for one not completed by
    the window's last day, the lead practitioner's organisation on that day (or on the day
    the family's help closed), who is completing it."""
    end = Value(p.end, output_field=DateField())
    # The family's lead on the row's day, as the organisation was named then.
    lead = LeadPractitioner.objects.filter(
        family_help=OuterRef("family_help"), start_date__lte=OuterRef("lead_on")
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("lead_on")))
    queryset = EarlyHelpEpisode.objects.filter(
        # One filter() call: every condition is on the same assessment (one join).
        Q(**{f"{_ASSESSMENT}start_date__lte": p.end}),
        Q(**{f"{_ASSESSMENT}completed_on__isnull": True})
        | Q(**{f"{_ASSESSMENT}completed_on__gte": p.window.start}),
        # The child was in the family at some time while it was assessed (a child who joined
        # after the assessment was completed, or left before it began, was not assessed).
        Q(start_date__lte=Least(Coalesce(F(f"{_ASSESSMENT}completed_on"), end), end)),
        Q(end_date__isnull=True) | Q(end_date__gte=F(f"{_ASSESSMENT}start_date")),
    )
    if p.authority is not None:
        queryset = queryset.filter(family_help__team__authority=p.authority)
    queryset = queryset.annotate(
        lead_on=p.as_at("family_help__ended_on"),
        lead_organisation=Subquery(
            lead.order_by("-start_date", "-pk").values("organisation_name")[:1]
        ),
    )
    rows = _stream(
        queryset.order_by(f"{_ASSESSMENT}start_date", f"{_ASSESSMENT}id", "child_id", "pk"),
        *CHILD_FIELDS,
        f"{_ASSESSMENT}start_date",
        f"{_ASSESSMENT}completed_on",
        f"{_ASSESSMENT}completed_by_organisation",
        "lead_organisation",
    )
    for *child, started, completed, completed_by, lead_organisation in rows:
        completed = p.known(completed)
        yield (
            *p.child_columns(*child),
            started,
            completed,
            (completed_by if completed is not None else lead_organisation) or None,
        )


# --- List 3: referrals -----------------------------------------------------------------------


def referrals(p: Projection) -> Iterator[Row]:
    """Every referral received in the window. "Number of referrals in last 12 months" counts
    the child's other referrals in the 12 months up to this one's date, not this one."""
    queryset = p.scoped(
        Referral.objects.filter(referral_date__gte=p.window.start, referral_date__lte=p.end)
    ).annotate(
        year_before=months_after("referral_date", -LOOK_BACK_MONTHS),
        as_at=p.as_at("closure_date"),
        earlier=_count(
            Referral.objects.filter(
                _earlier("referral_date"),
                child=OuterRef("child"),
                referral_date__gte=OuterRef("year_before"),
            )
        ),
        team_now=_allocation("team"),
        worker_now=_allocation("worker"),
    )
    rows = _stream(
        queryset.order_by("referral_date", "pk"),
        *CHILD_FIELDS,
        "referral_date",
        "source",
        "no_further_action",
        "earlier",
        "team_now",
        "worker_now",
        "team_id",
    )
    for *child, referred, source, nfa, earlier, team_id, worker_id, referral_team in rows:
        yield (
            *p.child_columns(*child),
            referred,
            layout.source_value(source),
            layout.yes_no(nfa),
            earlier,
            # Without an allocation on the day, the team the referral was opened in.
            *p.allocated(team_id or referral_team, worker_id),
        )


# --- List 4: assessments ---------------------------------------------------------------------


def assessments(p: Projection) -> Iterator[Row]:
    """Assessments open at any time in the window (started by its end, not authorised before
    its start)."""
    queryset = p.scoped(
        _active(Assessment.objects.all(), p.window, "start_date", "authorised_date")
    ).annotate(
        disabled=_has_disability(),
        as_at=p.as_at("authorised_date"),
        team_now=_allocation("team"),
        worker_now=_allocation("worker"),
    )
    rows = _stream(
        queryset.order_by("start_date", "pk"),
        *CHILD_FIELDS,
        "disabled",
        "start_date",
        "child_seen_date",
        "authorised_date",
        "outcome",
        "team_now",
        "worker_now",
        "referral__team_id",
    )
    for *child, disabled, started, seen, authorised, outcome, team_id, worker_id, ref_team in rows:
        authorised = p.known(authorised)
        needs_support = None
        if authorised is not None and outcome in NEEDS_SUPPORT:
            needs_support = True
        elif authorised is not None and outcome in NO_SUPPORT:
            needs_support = False
        yield (
            *p.child_columns(*child),
            layout.yes_no(disabled),
            started,
            layout.yes_no(p.known(seen) is not None),
            authorised,
            layout.yes_no(needs_support),
            *p.allocated(team_id or ref_team, worker_id),
        )


# --- List 5: section 47 enquiries -----------------------------------------------------------


def section47_enquiries(p: Projection) -> Iterator[Row]:
    """Section 47 enquiries open at any time in the window, one row per enquiry. The two
    "last 12 months" counts are of the child's other enquiries, and initial conferences,
    in the 12 months before this enquiry started."""
    initial = ChildProtectionConference.objects.filter(kind=ChildProtectionConference.Kind.INITIAL)
    first_conference = initial.filter(
        section47_enquiry=OuterRef("pk"), conference_date__lte=p.end
    ).order_by("conference_date", "pk")
    queryset = p.scoped(
        _active(Section47Enquiry.objects.all(), p.window, "start_date", "completed_date")
    ).annotate(
        disabled=_has_disability(),
        year_before=months_after("start_date", -LOOK_BACK_MONTHS),
        as_at=p.as_at("completed_date"),
        conference_on=Subquery(first_conference.values("conference_date")[:1]),
        conference_outcome=Subquery(first_conference.values("outcome")[:1]),
        earlier=_count(
            Section47Enquiry.objects.filter(
                _earlier("start_date"),
                child=OuterRef("child"),
                start_date__gte=OuterRef("year_before"),
            )
        ),
        conferences=_count(
            initial.filter(
                child=OuterRef("child"),
                conference_date__gte=OuterRef("year_before"),
                conference_date__lt=OuterRef("start_date"),
            )
        ),
        team_now=_allocation("team"),
        worker_now=_allocation("worker"),
    )
    rows = _stream(
        queryset.order_by("start_date", "pk"),
        *CHILD_FIELDS,
        "disabled",
        "start_date",
        "completed_date",
        "conference_required",
        "conference_on",
        "conference_outcome",
        "earlier",
        "conferences",
        "team_now",
        "worker_now",
        "referral__team_id",
    )
    for (
        *child,
        disabled,
        started,
        completed,
        required,
        conference_on,
        outcome,
        earlier,
        conferences,
        team_id,
        worker_id,
        ref_team,
    ) in rows:
        # "Deemed unnecessary" is known once the enquiry has ended (or a conference was held).
        unnecessary = None
        if conference_on is not None:
            unnecessary = False
        elif p.known(completed) is not None and required is not None:
            unnecessary = not required
        led_to_plan = None if conference_on is None else outcome == codes.ConferenceOutcome.PLAN
        yield (
            *p.child_columns(*child),
            layout.yes_no(disabled),
            started,
            layout.yes_no(unnecessary),
            conference_on,
            layout.yes_no(led_to_plan),
            earlier,
            conferences,
            *p.allocated(team_id or ref_team, worker_id),
        )


# --- List 6: children in need ----------------------------------------------------------------


def _open_on_last_day(model: type[Any], start: str, ended: str, end: date) -> Exists:
    return Exists(
        model.objects.filter(child=OuterRef("child"), **{f"{start}__lte": end}).filter(
            Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gt": end})
        )
    )


def children_in_need(p: Projection) -> Iterator[Row]:
    """Children-in-need episodes open at any time in the window, one row per episode;
    referrals closed with no further action are left out (Ofsted: not children who were
    only the subject of a referral)."""
    end = p.end
    last_seen = (
        Visit.objects.filter(
            child=OuterRef("child"),
            child_seen=True,
            visit_date__gte=OuterRef("referral_date"),
            visit_date__lte=OuterRef("as_at"),
        )
        .order_by()
        .values("child")
        .annotate(last=Max("visit_date"))
        .values("last")
    )
    queryset = p.scoped(
        _active(
            Referral.objects.filter(no_further_action=False),
            p.window,
            "referral_date",
            "closure_date",
        )
    ).annotate(
        disabled=_has_disability(),
        as_at=p.as_at("closure_date"),
        last_seen=Subquery(last_seen, output_field=DateField()),
        looked_after=_open_on_last_day(LookedAfterPeriod, "start_date", "end_date", end),
        on_plan=_open_on_last_day(ChildProtectionPlan, "start_date", "end_date", end),
        on_cin_plan=_open_on_last_day(ChildInNeedPlan, "start_date", "end_date", end),
        assessing=_open_on_last_day(Assessment, "start_date", "authorised_date", end),
        team_now=_allocation("team"),
        worker_now=_allocation("worker"),
    )
    rows = _stream(
        queryset.order_by("referral_date", "pk"),
        *CHILD_FIELDS,
        "disabled",
        "referral_date",
        "primary_need",
        "last_seen",
        "closure_date",
        "closure_reason",
        "looked_after",
        "on_plan",
        "on_cin_plan",
        "assessing",
        "team_now",
        "worker_now",
        "team_id",
    )
    for (
        *child,
        disabled,
        referred,
        need,
        last_seen_on,
        closed,
        reason,
        looked_after,
        on_plan,
        on_cin_plan,
        assessing,
        team_id,
        worker_id,
        referral_team,
    ) in rows:
        closed = p.known(closed)
        yield (
            *p.child_columns(*child),
            layout.yes_no(disabled),
            referred,
            layout.coded(need, codes.PrimaryNeed),
            last_seen_on,
            closed,
            layout.coded(reason, codes.ReasonForClosure) if closed else None,
            _case_status(closed, looked_after, on_plan, on_cin_plan, assessing),
            *p.allocated(team_id or referral_team, worker_id),
        )


def _case_status(
    closed: date | None, looked_after: bool, on_plan: bool, on_cin_plan: bool, assessing: bool
) -> str | None:
    """The child's status on the window's last day, the most intensive first. An open
    episode with none of these (say, between an assessment and a plan) is left blank rather
    than guessed."""
    if closed is not None:
        return layout.CASE_STATUS_CLOSED
    for held, status in (
        (looked_after, layout.CASE_STATUS_LOOKED_AFTER),
        (on_plan, layout.CASE_STATUS_PROTECTION_PLAN),
        (on_cin_plan, layout.CASE_STATUS_CIN_PLAN),
        (assessing, layout.CASE_STATUS_OPEN_ASSESSMENT),
    ):
        if held:
            return status
    return None


# --- List 7: child protection ----------------------------------------------------------------


def child_protection(p: Projection) -> Iterator[Row]:
    """Child protection plans open at any time in the window, one row per plan."""
    last_visit = Visit.objects.filter(
        child=OuterRef("child"),
        kind=codes.VisitKind.CP_VISIT,
        visit_date__gte=OuterRef("start_date"),
        visit_date__lte=OuterRef("as_at"),
    ).order_by("-visit_date", "-pk")
    last_review = (
        ChildProtectionConference.objects.filter(
            plan=OuterRef("pk"),
            kind=ChildProtectionConference.Kind.REVIEW,
            conference_date__lte=OuterRef("as_at"),
        )
        .order_by()
        .values("plan")
        .annotate(last=Max("conference_date"))
        .values("last")
    )
    six_months_before = p.window.six_months_before_end
    queryset = p.scoped(
        _active(ChildProtectionPlan.objects.all(), p.window, "start_date", "end_date")
    ).annotate(
        disabled=_has_disability(),
        as_at=p.as_at("end_date"),
        visited_on=Subquery(last_visit.values("visit_date")[:1]),
        seen_alone=Subquery(last_visit.values("seen_alone")[:1]),
        reviewed_on=Subquery(last_review, output_field=DateField()),
        emergency=Exists(
            Placement.objects.filter(
                child=OuterRef("child"),
                legal_status__in=EMERGENCY_PROTECTION,
                start_date__lte=p.end,
            ).filter(Q(end_date__isnull=True) | Q(end_date__gte=six_months_before))
        ),
        previous=_count(
            ChildProtectionPlan.objects.filter(_earlier("start_date"), child=OuterRef("child"))
        ),
        team_now=_allocation("team"),
        worker_now=_allocation("worker"),
    )
    rows = _stream(
        queryset.order_by("start_date", "pk"),
        *CHILD_FIELDS,
        "disabled",
        "start_date",
        "initial_category",
        "latest_category",
        "visited_on",
        "seen_alone",
        "reviewed_on",
        "end_date",
        "emergency",
        "previous",
        "team_now",
        "worker_now",
        "referral__team_id",
    )
    for (
        *child,
        disabled,
        started,
        initial,
        latest,
        visited_on,
        seen_alone,
        reviewed_on,
        ended,
        emergency,
        previous,
        team_id,
        worker_id,
        ref_team,
    ) in rows:
        yield (
            *p.child_columns(*child),
            layout.yes_no(disabled),
            started,
            layout.CATEGORY_OF_ABUSE_VALUES.get(initial),
            layout.CATEGORY_OF_ABUSE_VALUES.get(latest),
            visited_on,
            layout.yes_no(seen_alone if visited_on is not None else None),
            reviewed_on,
            p.known(ended),
            layout.yes_no(emergency),
            previous,
            *p.allocated(team_id or ref_team, worker_id),
        )


# --- Lists 8 and 10: looked after and adoption -----------------------------------------------


@dataclass(frozen=True)
class _Episode:
    """An SSDA903 episode (a Placement row) of a child's period of care."""

    period_id: int
    start: date
    end: date | None
    reason_new: str
    legal_status: str
    placement_type: str
    provider: str
    postcode: str
    urn: str


def _episodes_by_child(periods: QuerySet[Any], end: date) -> dict[int, list[_Episode]]:
    """Every episode started by the window's last day of the children with a period in
    `periods`, in order: one query, read once."""
    by_child: dict[int, list[_Episode]] = defaultdict(list)
    rows = _stream(
        Placement.objects.filter(child__in=periods.values("child"), start_date__lte=end).order_by(
            "child", "start_date", "pk"
        ),
        "child_id",
        "period_id",
        "start_date",
        "end_date",
        "reason_new_episode",
        "legal_status",
        "placement_type",
        "provider",
        "postcode",
        "urn",
    )
    for child_id, *episode in rows:
        by_child[child_id].append(_Episode(*episode))
    return by_child


def _current(episodes: Sequence[_Episode]) -> _Episode | None:
    return episodes[-1] if episodes else None


def _legal_status_since(episodes: Sequence[_Episode]) -> date | None:
    """When the current legal status began: the first of the trailing run of episodes with
    the same legal status."""
    if not episodes:
        return None
    status, since = episodes[-1].legal_status, episodes[-1].start
    for episode in reversed(episodes):
        if episode.legal_status != status:
            break
        since = episode.start
    return since


def _placement_since(episodes: Sequence[_Episode]) -> date | None:
    """When the current placement began: an episode for a change of legal status only
    continues the placement before it."""
    for episode in reversed(episodes):
        if episode.reason_new != SAME_PLACEMENT:
            return episode.start
    return episodes[0].start if episodes else None


def _placements_in(episodes: Iterable[_Episode], first: date, last: date) -> int:
    """How many placements the child was in at any time from `first` to `last`: each
    episode that starts a placement counts once, and a placement carried into the period
    by a change of legal status only counts once too."""
    overlapping = [e for e in episodes if e.start <= last and (e.end is None or e.end >= first)]
    if not overlapping:
        return 0
    placements = sum(1 for e in overlapping if e.reason_new != SAME_PLACEMENT)
    return placements + (1 if overlapping[0].reason_new == SAME_PLACEMENT else 0)


def _placement_area(postcode: str) -> tuple[str | None, str | None]:
    """List 8's placement location ("In area" or "Out of area") and the authority the
    placement is in (its name, else its ONS code), from the placement's postcode through the
    ONS Postcode Directory; both blank when the postcode cannot be placed."""
    placed = postcodes.locate(postcode)
    if placed is None:
        return None, None
    in_area = postcodes.in_authority_area(placed)
    return ("In area" if in_area else "Out of area"), placed.la_name or placed.la_code


def _looked_after_periods(p: Projection) -> QuerySet[Any]:
    return p.scoped(_active(LookedAfterPeriod.objects.all(), p.window, "start_date", "end_date"))


def looked_after(p: Projection) -> Iterator[Row]:
    """Periods of care open at any time in the window, one row per period; a period whose
    legal status on its last day in the window is a short break (V3, V4) is left out, as
    Ofsted's list is of children in care."""
    end = p.end
    year_before = p.window.year_before_end
    periods = _looked_after_periods(p)
    episodes_by_child = _episodes_by_child(periods, end)
    last_review = (
        LookedAfterReview.objects.filter(period=OuterRef("pk"), review_date__lte=OuterRef("as_at"))
        .order_by()
        .values("period")
        .annotate(last=Max("review_date"))
        .values("last")
    )
    last_visit = (
        Visit.objects.filter(
            child=OuterRef("child"),
            kind=codes.VisitKind.LAC_VISIT,
            visit_date__gte=OuterRef("start_date"),
            visit_date__lte=OuterRef("as_at"),
        )
        .order_by()
        .values("child")
        .annotate(last=Max("visit_date"))
        .values("last")
    )
    # The last health assessment (initial or review) and dental check of the period, by then.
    last_health = (
        HealthAssessment.objects.filter(
            period=OuterRef("pk"), assessment_date__lte=OuterRef("as_at")
        )
        .order_by()
        .values("period")
        .annotate(last=Max("assessment_date"))
        .values("last")
    )
    last_dental = (
        DentalCheck.objects.filter(period=OuterRef("pk"), check_date__lte=OuterRef("as_at"))
        .order_by()
        .values("period")
        .annotate(last=Max("check_date"))
        .values("last")
    )
    # The permanence plan in force on the day (the latest agreed by then) and the IRO's last
    # recorded visit or contact: a looked-after review is not counted as one, as the list
    # asks the review's date in its own column (docs/returns.md).
    plan_then = (
        PermanencePlan.objects.filter(period=OuterRef("pk"), agreed_on__lte=OuterRef("as_at"))
        .order_by("-agreed_on", "-pk")
        .values("plan")[:1]
    )
    last_iro_contact = (
        IroContact.objects.filter(period=OuterRef("pk"), contact_date__lte=OuterRef("as_at"))
        .order_by()
        .values("period")
        .annotate(last=Max("contact_date"))
        .values("last")
    )

    # The child's missing and absent (away) episodes that began in the 12 months to the day;
    # the return interview after the last episode begun by then (blank until answered).
    def episodes_begun(kind: str) -> Subquery:
        return Subquery(
            MissingEpisode.objects.filter(
                child=OuterRef("child"),
                kind=kind,
                start_date__gte=year_before,
                start_date__lte=OuterRef("as_at"),
            )
            .order_by()
            .values("child")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        )

    last_episode = MissingEpisode.objects.filter(
        child=OuterRef("child"), start_date__lte=OuterRef("as_at")
    ).order_by("-start_date", "-pk")
    queryset = periods.annotate(
        disabled=_has_disability(),
        as_at=p.as_at("end_date"),
        # UASC in the 12 months to the day: a period of the child's recorded as a UASC's,
        # begun by then, whose status had not ceased before those 12 months (care.UascStatus).
        uasc=Exists(
            UascStatus.objects.filter(
                child=OuterRef("child"), period__start_date__lte=OuterRef("as_at")
            ).filter(Q(ceased_on__isnull=True) | Q(ceased_on__gte=year_before))
        ),
        missing_count=Coalesce(episodes_begun(MissingEpisode.Kind.MISSING), 0),
        absent_count=Coalesce(episodes_begun(MissingEpisode.Kind.AWAY), 0),
        rhi_offered=Subquery(last_episode.values("rhi_offered")[:1]),
        rhi_accepted=Subquery(last_episode.values("rhi_accepted")[:1]),
        reviewed_on=Subquery(last_review, output_field=DateField()),
        visited_on=Subquery(last_visit, output_field=DateField()),
        health_on=Subquery(last_health, output_field=DateField()),
        dental_on=Subquery(last_dental, output_field=DateField()),
        plan=Subquery(plan_then),
        iro_contact_on=Subquery(last_iro_contact, output_field=DateField()),
        earlier_in_year=Exists(
            LookedAfterPeriod.objects.filter(
                child=OuterRef("child"),
                start_date__lt=OuterRef("start_date"),
                start_date__gte=year_before,
            )
        ),
        team_now=_allocation("team"),
        worker_now=_allocation("worker"),
    )
    rows = _stream(
        queryset.order_by("start_date", "pk"),
        *CHILD_FIELDS,
        "pk",
        "uasc",
        "disabled",
        "start_date",
        "category_of_need",
        "earlier_in_year",
        "reviewed_on",
        "visited_on",
        "plan",
        "iro_contact_on",
        "health_on",
        "dental_on",
        "end_date",
        "reason_ceased",
        "missing_count",
        "absent_count",
        "rhi_offered",
        "rhi_accepted",
        "team_now",
        "worker_now",
    )
    for (
        *child,
        period_id,
        uasc,
        disabled,
        started,
        need,
        earlier_in_year,
        reviewed_on,
        visited_on,
        plan,
        iro_contact_on,
        health_on,
        dental_on,
        ended,
        reason,
        missing_count,
        absent_count,
        rhi_offered,
        rhi_accepted,
        team_id,
        worker_id,
    ) in rows:
        child_episodes = episodes_by_child.get(child[1], [])
        own = [e for e in child_episodes if e.period_id == period_id]
        current = _current(own)
        if current is not None and current.legal_status in SHORT_BREAKS:
            continue
        ended = p.known(ended)
        yield (
            *p.child_columns(*child),
            layout.yes_no(uasc),
            layout.yes_no(disabled),
            started,
            need,
            layout.yes_no(started >= year_before and earlier_in_year),
            _legal_status_since(own),
            current.legal_status if current else None,
            reviewed_on,
            visited_on,
            PermanencePlanOption(plan).label if plan else None,
            iro_contact_on,
            health_on,
            dental_on,
            _placements_in(child_episodes, year_before, end),
            ended,
            reason if ended else None,
            _placement_since(own),
            current.placement_type if current else None,
            current.provider if current else None,
            (current.postcode or None) if current else None,
            (current.urn or None) if current else None,
            *_placement_area(current.postcode if current else ""),
            missing_count,
            absent_count,
            layout.yes_no(rhi_offered),
            layout.yes_no(rhi_accepted),
            *p.allocated(team_id, worker_id),
        )


def adoption(p: Projection) -> Iterator[Row]:
    """Periods of care open in the window in which the record shows a step towards adoption
    by the window's last day: a placement order (legal status E1), a placement for adoption
    (A3-A6), a fostering-for-adoption placement (U2, U5) or an adoption order (ceased E11,
    E12), or a decision that the child should be placed for adoption. Dates of placement and
    orders come from the SSDA903 episodes; the decision, the match and the decision no
    longer to place from the period's latest decision made by the last day
    (`permanence.AdoptionDecision`), each as known on that day."""
    periods = _looked_after_periods(p)
    episodes_by_child = _episodes_by_child(periods, p.end)
    decisions = _adoption_decisions(periods, p.end)
    rows = _stream(
        periods.annotate(disabled=_has_disability()).order_by("start_date", "pk"),
        *CHILD_FIELDS,
        "pk",
        "disabled",
        "start_date",
        "end_date",
        "reason_ceased",
    )
    blank = None
    for *child, period_id, disabled, started, ended, reason in rows:
        own = [e for e in episodes_by_child.get(child[1], []) if e.period_id == period_id]
        placement_order = _first(own, lambda e: e.legal_status == codes.LegalStatus.E1)
        placed = _first(own, lambda e: e.placement_type in PLACED_FOR_ADOPTION)
        fostering = _first(own, lambda e: e.placement_type in FOSTERING_FOR_ADOPTION)
        adopted = p.known(ended) if reason in ADOPTED else None
        decision = decisions.get(period_id)
        if not (placement_order or placed or fostering or adopted or decision):
            continue
        decided = matched = no_longer = no_longer_reason = None
        if decision is not None:
            decided, matched = decision.decision_date, p.known(decision.match_date)
            no_longer = p.known(decision.no_longer_date)
            if no_longer is not None:
                no_longer_reason = (
                    f"{decision.no_longer_reason} - {decision.get_no_longer_reason_display()}"
                )
        la_child_id, *characteristics = p.child_columns(*child)
        yield (
            la_child_id,
            blank,  # family identifier
            *characteristics,
            layout.yes_no(disabled),
            started,
            decided,
            placement_order,
            matched,
            placed,
            adopted,
            no_longer,
            no_longer_reason,
            fostering,
        )


def _adoption_decisions(periods: QuerySet[Any], end: date) -> dict[int, AdoptionDecision]:
    """Each period's latest decision to place for adoption made by `end`: one query."""
    latest: dict[int, AdoptionDecision] = {}
    for decision in AdoptionDecision.objects.filter(
        period__in=periods, decision_date__lte=end
    ).order_by("decision_date", "pk"):
        latest[decision.period_id] = decision
    return latest


def _first(episodes: Iterable[_Episode], test: Callable[[_Episode], bool]) -> date | None:
    return next((e.start for e in episodes if test(e)), None)


# --- List 9: care leavers --------------------------------------------------------------------

# Entitled to leaving-care support: from 16 to the 25th birthday (care_leavers.eligibility).
CARE_LEAVER_AGES = (16, 25)


def care_leavers(p: Projection) -> Iterator[Row]:
    """Young people of the authority entitled to leaving-care support on the window's last
    day (eligible, relevant, former relevant: `care_leavers.eligibility`, worked out from
    their periods of care), one row each, by child; their personal adviser, latest pathway
    plan review and latest contact by that day. Seven queries whatever their number."""
    end = p.end
    # A day's margin either side: `entitlement_for` holds the exact ages.
    youngest, oldest = (add_months(end, -12 * a) for a in CARE_LEAVER_AGES)
    periods = p.scoped(
        LookedAfterPeriod.objects.filter(
            start_date__lte=end,
            child__date_of_birth__lte=youngest + dt.timedelta(days=1),
            child__date_of_birth__gte=oldest - dt.timedelta(days=1),
        )
    )
    people = list(Person.objects.filter(id__in=periods.values("child_id")).order_by("id"))
    ids = [person.pk for person in people]
    spells = care_spells_by_child(ids)
    contacts = defaultdict(list)
    for contact in CareLeaverContact.objects.filter(
        child_id__in=ids, contact_date__lte=end
    ).order_by("contact_date", "pk"):
        contacts[contact.child_id].append(contact)
    advisers = dict(
        PersonalAdviser.objects.filter(child_id__in=ids, appointed_on__lte=end)
        .order_by("child_id", "appointed_on", "pk")
        .values_list("child_id", "name")
    )
    reviewed = dict(
        PathwayPlanReview.objects.filter(child_id__in=ids, reviewed_on__lte=end)
        .order_by("child_id", "reviewed_on")
        .values_list("child_id", "reviewed_on")
    )
    allocated = {
        child_id: (team_id, worker_id)
        for child_id, team_id, worker_id in Allocation.objects.filter(
            child_id__in=ids, start_date__lte=end
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=end))
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "team_id", "worker_id")
    }
    disabled = set(
        PersonDisability.objects.filter(person_id__in=ids)
        .exclude(code=codes.Disability.NONE)
        .values_list("person_id", flat=True)
    )
    uasc = set(
        UascStatus.objects.filter(child_id__in=ids, period__start_date__lte=end).values_list(
            "child_id", flat=True
        )
    )
    for person in people:
        own = contacts.get(person.pk, [])
        entitlement = entitlement_for(person, spells.get(person.pk, []), own, end)
        if entitlement is None:
            continue
        latest = own[-1] if own else None
        yield (
            *p.child_columns(
                person.la_child_id, person.pk, person.sex, person.ethnicity, person.date_of_birth
            ),
            layout.yes_no(person.pk in uasc),
            layout.yes_no(person.pk in disabled),
            *p.allocated(*allocated.get(person.pk, (None, None))),
            advisers.get(person.pk),
            entitlement.label,
            reviewed.get(person.pk),
            layout.coded(latest.in_touch, codes.CareLeaverInTouch) if latest else None,
            latest.contact_date if latest else None,
            layout.coded(latest.accommodation, codes.CareLeaverAccommodation) if latest else None,
            layout.yes_no(latest.accommodation_suitable) if latest else None,
            layout.coded(latest.activity, codes.CareLeaverActivity) if latest else None,
        )


# --- The lists in order ----------------------------------------------------------------------


def no_rows(p: Projection) -> Iterator[Row]:
    """A list Safeguard holds no records for: the sheet keeps its headers and no rows."""
    return iter(())


ROWS: dict[int, Callable[[Projection], Iterator[Row]]] = {
    layout.CONTACTS.number: contacts,
    layout.EARLY_HELP.number: early_help,
    layout.REFERRALS.number: referrals,
    layout.ASSESSMENTS.number: assessments,
    layout.SECTION_47.number: section47_enquiries,
    layout.CHILDREN_IN_NEED.number: children_in_need,
    layout.CHILD_PROTECTION.number: child_protection,
    layout.LOOKED_AFTER.number: looked_after,
    layout.CARE_LEAVERS.number: care_leavers,
    layout.ADOPTION.number: adoption,
    layout.ADOPTERS.number: no_rows,
}


def rows_for(annex_list: AnnexAList, projection: Projection) -> Iterator[Row]:
    return ROWS[annex_list.number](projection)

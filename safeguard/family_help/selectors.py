"""Reads of family help that a person sees: each through need to know for families
(`access.queries.family_help_visible_q`, the one filter) and each audited, as the child
record's reads are (`audit.services`).

A family's rows are about every child in it (docs/family-help.md), so reading the family's
page is one read entry per child, as the services write one entry per child for each change:
a child's audit trail shows who read their family's help. A list is one search entry naming
the children it showed (`audit_list`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from safeguard.access.permissions import allowed
from safeguard.access.queries import family_help_visible_q
from safeguard.audit.models import Action
from safeguard.audit.services import audit_list, audit_record
from safeguard.cases.models import ChildInNeedPlan, Referral
from safeguard.cases.selectors.record import Table
from safeguard.cases.selectors.record_tables import record_rows, register_record_tables
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from .models import (
    EarlyHelpEpisode,
    FamilyHelpAssessment,
    FamilyHelpEpisode,
    FamilyPlan,
    FamilyPlanReview,
    LeadPractitioner,
    MeetingAttendee,
    OutcomeProgress,
    PlanOutcome,
    TeamAroundFamilyMeeting,
)

FAMILY = "family_help.familyhelpepisode"


def family_help_visible(user: AnyUser) -> QuerySet[FamilyHelpEpisode]:
    """The families this user may see (open and closed); nothing read, nothing audited."""
    return FamilyHelpEpisode.objects.filter(family_help_visible_q(user))


# The child's episodes, read with the record's own tables in its one statement
# (`cases.selectors.record_tables`): most children never had family help, and their record
# then asks family help nothing.
_EPISODES = "family_help_episodes"
# And what a step down could start from (`panels.step_down_referrals`): the child's closed
# referrals, those a family help has already taken up, and those whose child in need plan
# ended.
_CLOSED, _TAKEN_UP, _PLANS_ENDED = (
    "family_help_closed_referrals",
    "family_help_taken_up",
    "family_help_plans_ended",
)
_REFERRALS_OF_CHILD = f"SELECT id FROM {Referral._meta.db_table} WHERE child_id = %(child)s"  # noqa: S608
register_record_tables(
    Table(_EPISODES, EarlyHelpEpisode, ("end_date",)),
    Table(
        _CLOSED,
        Referral,
        ("referral_date", "closure_date", "closure_reason"),
        "child_id = %(child)s AND closure_date IS NOT NULL",
    ),
    Table(
        _TAKEN_UP,
        EarlyHelpEpisode,
        ("stepped_down_from",),
        f"stepped_down_from_id IN ({_REFERRALS_OF_CHILD})",
    ),
    Table(
        _PLANS_ENDED,
        ChildInNeedPlan,
        ("referral",),
        f"referral_id IN ({_REFERRALS_OF_CHILD}) AND end_date IS NOT NULL",
    ),
)


@dataclass(frozen=True)
class ClosedReferral:
    """A closed referral of the child no family help has taken up, as a step down asks it."""

    pk: int
    referral_date: date
    closure_date: date
    closure_reason: str
    cin_plan_ended: bool


def closed_referrals_not_taken_up(child: Person) -> list[ClosedReferral]:
    """The child's closed referrals that no family help has stepped down from, latest closed
    first, each with whether its child in need plan ended: read with the record's own tables
    (none on the record, one statement off it)."""
    taken = {e.stepped_down_from_id for e in record_rows(child, _TAKEN_UP)}
    ended = {plan.referral_id for plan in record_rows(child, _PLANS_ENDED)}
    closed = sorted(
        (r for r in record_rows(child, _CLOSED) if r.pk not in taken),
        key=lambda r: (r.closure_date, r.pk),
        reverse=True,
    )
    return [
        ClosedReferral(r.pk, r.referral_date, r.closure_date, r.closure_reason, r.pk in ended)
        for r in closed
    ]


def had_family_help(child: Person) -> bool:
    """Whether the child has had family help, open or closed: no query on the record (read
    with its tables), one otherwise. The caller has applied need to know to the child."""
    return bool(record_rows(child, _EPISODES))


def lead_name(lead: LeadPractitioner) -> str:
    """The lead as the pages name them: the person and, in brackets, their organisation as
    it was named when they led."""
    if lead.worker is not None:
        name = lead.worker.full_name
    elif lead.partner_user is not None:
        account = lead.partner_user.user
        name = account.get_full_name() or account.get_username()
    else:  # the database refuses a lead who is neither (lead_practitioner_worker_or_partner)
        name = "Not known"
    return f"{name} ({lead.organisation_name})"


def _leads() -> Prefetch[str, QuerySet[LeadPractitioner], str]:
    return Prefetch(
        "leads",
        LeadPractitioner.objects.select_related(
            "worker", "partner_user__user", "partner_user__organisation"
        ).order_by("-start_date", "-pk"),
    )


def _children() -> Prefetch[str, QuerySet[EarlyHelpEpisode], str]:
    return Prefetch(
        "children",
        EarlyHelpEpisode.objects.select_related("child").order_by("start_date", "pk"),
    )


def _plans() -> Prefetch[str, QuerySet[FamilyPlan], str]:
    return Prefetch(
        "plans",
        FamilyPlan.objects.prefetch_related(
            Prefetch("outcomes", PlanOutcome.objects.order_by("pk").prefetch_related("actions")),
            Prefetch(
                "reviews",
                FamilyPlanReview.objects.order_by("reviewed_on", "pk").prefetch_related(
                    Prefetch(
                        "progress",
                        OutcomeProgress.objects.select_related("outcome").order_by("outcome_id"),
                    )
                ),
            ),
        ).order_by("agreed_on", "pk"),
    )


# --- Your families -------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyRow:
    """One open family as "Your families" lists it, with what is open in its help."""

    family_help: FamilyHelpEpisode
    children: list[str]
    lead: str
    next_review_due: date | None
    # The assessment in progress (its start), or whether none has been started.
    assessment_in_progress_since: date | None
    assessment_started: bool
    plan_agreed: bool
    # The latest plan's actions not yet done, of how many, and whether it has been reviewed.
    actions_open: int
    actions: int
    plan_reviewed: bool


def family_help_list_for_user(
    *, user: AnyUser, request: HttpRequest | None = None
) -> list[FamilyRow]:
    """The open families this user may see, oldest help first, for "Your families"; one
    audit entry naming the children listed."""
    families = list(
        family_help_visible(user)
        .filter(ended_on__isnull=True)
        .select_related("team")
        .prefetch_related(
            _children(),
            _leads(),
            Prefetch("assessments", FamilyHelpAssessment.objects.order_by("start_date", "pk")),
            _plans(),
        )
        .order_by("started_on", "reference")
    )
    rows = []
    child_ids: list[int] = []
    for family in families:
        children = [c for c in family.children.all() if c.end_date is None]
        child_ids += [c.child_id for c in children]
        current = next((lead for lead in family.leads.all() if lead.end_date is None), None)
        assessments = list(family.assessments.all())
        in_progress = next((a for a in assessments if a.completed_on is None), None)
        plans = list(family.plans.all())
        latest_plan = plans[-1] if plans else None
        actions = (
            [a for o in latest_plan.outcomes.all() for a in o.actions.all()] if latest_plan else []
        )
        reviews = [r for p in plans for r in p.reviews.all()]
        latest = max(reviews, key=lambda r: (r.reviewed_on, r.pk), default=None)
        rows.append(
            FamilyRow(
                family_help=family,
                children=[c.child.full_name for c in children],
                lead=lead_name(current) if current is not None else "No lead yet",
                next_review_due=latest.next_review_due if latest is not None else None,
                assessment_in_progress_since=in_progress.start_date if in_progress else None,
                assessment_started=bool(assessments),
                plan_agreed=latest_plan is not None,
                actions_open=sum(1 for a in actions if a.done_on is None),
                actions=len(actions),
                plan_reviewed=latest_plan is not None and bool(latest_plan.reviews.all()),
            )
        )
    audit_list(
        actor=user,
        request=request,
        name="family_help_families",
        object_type=FAMILY,
        child_ids=child_ids,
        details={"families": len(rows)},
    )
    return rows


# --- The family's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyHelpPage:
    """Everything the family's page shows, read at once."""

    family_help: FamilyHelpEpisode
    children: list[EarlyHelpEpisode]
    # Newest first; the current lead (no end date) leads the list while the help is open.
    leads: list[LeadPractitioner]
    assessments: list[FamilyHelpAssessment]
    plans: list[FamilyPlan]
    meetings: list[TeamAroundFamilyMeeting]
    # The children whose social care record this user may open from the page: a partner
    # lead none (they see family help's data only), a practitioner those in their need to know.
    child_records_open: frozenset[int] = field(default_factory=frozenset)

    @property
    def current_lead(self) -> LeadPractitioner | None:
        return next((lead for lead in self.leads if lead.end_date is None), None)

    @property
    def has_reviews(self) -> bool:
        return any(plan.reviews.all() for plan in self.plans)


def family_help_get(
    *, user: AnyUser, family_help_id: int, request: HttpRequest | None = None
) -> FamilyHelpPage:
    """A family's help for its page: 404 unless this user may see it (so a family outside
    their need to know is not shown to exist), then one read entry per child in the family."""
    family = (
        family_help_visible(user)
        .filter(pk=family_help_id)
        .select_related("team", "lead_user")
        .prefetch_related(
            _children(),
            _leads(),
            Prefetch(
                "assessments",
                FamilyHelpAssessment.objects.order_by("start_date", "pk").prefetch_related("needs"),
            ),
            _plans(),
            Prefetch(
                "meetings",
                TeamAroundFamilyMeeting.objects.order_by("held_on", "pk").prefetch_related(
                    Prefetch("attendees", MeetingAttendee.objects.order_by("pk"))
                ),
            ),
        )
        .first()
    )
    if family is None:
        raise Http404("No family found")
    children = list(family.children.all())
    # A family always has a child (the services refuse to start one without); one entry
    # without a child if it ever had none, so the read is still recorded.
    child_ids: list[int | None] = [*sorted({c.child_id for c in children})] or [None]
    for child_id in child_ids:
        audit_record(
            action=Action.READ,
            actor=user,
            request=request,
            object_type=FAMILY,
            object_id=family.pk,
            child_id=child_id,
        )
    return FamilyHelpPage(
        family_help=family,
        children=children,
        leads=list(family.leads.all()),
        assessments=list(family.assessments.all()),
        plans=list(family.plans.all()),
        meetings=list(family.meetings.all()),
        child_records_open=frozenset(
            c.child_id for c in children if allowed(user, "child.view", c.child)
        ),
    )

"""Reads for the statutory action pages: each object found through the child's visibility."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Q,
    QuerySet,
)

# --- Statutory actions ---
# Reads for the pages where a practitioner records a statutory step (views/actions). Every
# object named in a URL is found through the children the user may see (404 otherwise, so a
# record's existence never leaks), its child is checked against the page's named permission
# (403), and the read is audited once, as `child_record_get` does.
from django.http import Http404, HttpRequest

from safeguard.access.permissions import allowed
from safeguard.access.queries import child_get_visible, visible_children
from safeguard.audit.services import audit_child_read
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Team, Worker, in_post_q
from safeguard.people.models import Person

from ..models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    LookedAfterPeriod,
    Referral,
    Section47Enquiry,
)
from ..workflow.next_steps import (
    AssessmentState,
    CaseState,
    EnquiryState,
    PlanState,
    ReferralState,
)


def _allowed(user: AnyUser, child: Person, permission: str, request: HttpRequest | None) -> None:
    if not allowed(user, permission, child):
        raise PermissionDenied(permission)
    audit_child_read(actor=user, child_id=child.pk, request=request)


def _action_subject(
    queryset: QuerySet[Any],
    pk: int,
    *,
    user: AnyUser,
    permission: str,
    request: HttpRequest | None,
) -> Any:
    subject = queryset.filter(pk=pk, child__in=visible_children(user)).first()
    if subject is None:
        raise Http404("Not found")
    _allowed(user, subject.child, permission, request)
    return subject


def child_get_for_action(
    *, user: AnyUser, child_id: int, permission: str, request: HttpRequest | None = None
) -> Person:
    """The child, for a page that records a statutory step on their record: 404 outside need
    to know, 403 unless `permission` lets this user act on this child; one audit entry."""
    child = child_get_visible(user, child_id)
    _allowed(user, child, permission, request)
    return child


def referral_get_for_action(
    *, user: AnyUser, referral_id: int, permission: str, request: HttpRequest | None = None
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
    *, user: AnyUser, assessment_id: int, permission: str, request: HttpRequest | None = None
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
    *, user: AnyUser, enquiry_id: int, permission: str, request: HttpRequest | None = None
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
    *, user: AnyUser, plan_id: int, permission: str, request: HttpRequest | None = None
) -> ChildProtectionPlan:
    plan: ChildProtectionPlan = _action_subject(
        ChildProtectionPlan.objects.select_related("child", "referral"),
        plan_id,
        user=user,
        permission=permission,
        request=request,
    )
    return plan


def cin_plan_get_for_action(
    *, user: AnyUser, cin_plan_id: int, permission: str, request: HttpRequest | None = None
) -> ChildInNeedPlan:
    plan: ChildInNeedPlan = _action_subject(
        ChildInNeedPlan.objects.select_related("child", "referral"),
        cin_plan_id,
        user=user,
        permission=permission,
        request=request,
    )
    return plan


def core_group_dates_list(*, plan: ChildProtectionPlan) -> list[date]:
    """When the plan's core group has met, for a page that has applied need to know to the
    plan (`protection_plan_get_for_action`)."""
    return list(
        plan.core_group_meetings.order_by("meeting_date").values_list("meeting_date", flat=True)
    )


def protection_plan_latest_conference(
    *, plan: ChildProtectionPlan
) -> ChildProtectionConference | None:
    """The plan's latest conference (its initial conference or a review): the outline plan
    and the next dates it set. For a page that has applied need to know to the plan."""
    return (
        ChildProtectionConference.objects.filter(Q(plan=plan) | Q(pk=plan.initial_conference_id))
        .order_by("-conference_date", "-pk")
        .first()
    )


def conference_chairs_list(*, authority: Authority) -> QuerySet[Worker]:
    """The authority's conference chairs who have not left, to choose who chaired."""
    return Worker.objects.filter(
        in_post_q(), authority=authority, role=Worker.Role.CONFERENCE_CHAIR
    ).order_by("last_name", "first_name")


def referral_teams_list(*, authority: Authority) -> QuerySet[Team]:
    """The authority's teams a referral can be opened in."""
    return Team.objects.filter(authority=authority).order_by("name")


# --- What is open on the case ---


def _open_plan(plans: Iterable[Any]) -> PlanState | None:
    plan = next((p for p in plans if p.end_date is None), None)
    return PlanState(plan.pk, plan.start_date, plan.end_date) if plan is not None else None


def _open_care_period(periods: Iterable[LookedAfterPeriod]) -> PlanState | None:
    period = next((p for p in periods if p.end_date is None), None)
    if period is None:
        return None
    return PlanState(period.pk, period.start_date, period.end_date, period.care_plan_date)


def case_state_from(
    *,
    today: date,
    referrals: Iterable[Referral],
    assessments: Iterable[Assessment],
    enquiries: Iterable[Section47Enquiry],
    conferences: Iterable[ChildProtectionConference],
    protection_plans: Iterable[ChildProtectionPlan],
    cin_plans: Iterable[ChildInNeedPlan],
    care_periods: Iterable[LookedAfterPeriod],
) -> CaseState:
    """The facts `workflow.next_steps` and `workflow.what_follows` ask, from the child's rows
    as a page has read them (the record reads them once for everything it shows)."""
    referral = next((r for r in referrals if r.closure_date is None), None)
    if referral is None:
        return CaseState(
            today=today,
            protection_plan=_open_plan(protection_plans),
            cin_plan=_open_plan(cin_plans),
            care_period=_open_care_period(care_periods),
        )
    held = {
        c.section47_enquiry_id: c.conference_date
        for c in conferences
        if c.kind == ChildProtectionConference.Kind.INITIAL
    }
    return CaseState(
        today=today,
        referral=ReferralState(referral.pk, referral.referral_date, referral.closure_date),
        assessments=tuple(
            AssessmentState(
                a.pk, a.start_date, a.submitted_date, a.authorised_date, a.outcome or ""
            )
            for a in sorted(assessments, key=lambda a: (a.start_date, a.pk))
            if a.referral_id == referral.pk
        ),
        enquiries=tuple(
            EnquiryState(
                e.pk, e.start_date, e.completed_date, e.conference_required, held.get(e.pk)
            )
            for e in sorted(enquiries, key=lambda e: (e.start_date, e.pk))
            if e.referral_id == referral.pk
        ),
        protection_plan=_open_plan(protection_plans),
        cin_plan=_open_plan(cin_plans),
        care_period=_open_care_period(care_periods),
    )


def case_state_get(*, child: Person, today: date) -> CaseState:
    """What is open on the child's case, for a page that has already applied need to know to
    the child (an action page, after recording a step). Reads only the columns the rules ask."""
    return case_state_from(
        today=today,
        referrals=Referral.objects.filter(child=child).only("referral_date", "closure_date"),
        assessments=Assessment.objects.filter(child=child).only(
            "referral", "start_date", "submitted_date", "authorised_date", "outcome"
        ),
        enquiries=Section47Enquiry.objects.filter(child=child).only(
            "referral", "start_date", "completed_date", "conference_required"
        ),
        conferences=ChildProtectionConference.objects.filter(
            child=child, kind=ChildProtectionConference.Kind.INITIAL
        ).only("kind", "section47_enquiry", "conference_date"),
        protection_plans=ChildProtectionPlan.objects.filter(
            child=child, end_date__isnull=True
        ).only("start_date", "end_date"),
        cin_plans=ChildInNeedPlan.objects.filter(child=child, end_date__isnull=True).only(
            "start_date", "end_date"
        ),
        care_periods=LookedAfterPeriod.objects.filter(child=child, end_date__isnull=True).only(
            "start_date", "end_date", "care_plan_date"
        ),
    )

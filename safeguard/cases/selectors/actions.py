"""Reads for the statutory action pages: each object found through the child's visibility."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
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
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
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


def conference_chairs_list(*, authority: Authority) -> QuerySet[Worker]:
    """The authority's conference chairs who have not left, to choose who chaired."""
    return Worker.objects.filter(
        in_post_q(), authority=authority, role=Worker.Role.CONFERENCE_CHAIR
    ).order_by("last_name", "first_name")


def referral_teams_list(*, authority: Authority) -> QuerySet[Team]:
    """The authority's teams a referral can be opened in."""
    return Team.objects.filter(authority=authority).order_by("name")

"""Who sees which child: allocation, team, management line, restriction and break-glass."""

from datetime import timedelta

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from safeguard.access.models import Alert, BreakGlassGrant
from safeguard.access.queries import child_get_visible, visible_children
from safeguard.access.services import (
    BREAK_GLASS_NOT_ALLOWED,
    BREAK_GLASS_REASON_REQUIRED,
    BREAK_GLASS_RESTRICTED,
    break_glass_grant,
)
from safeguard.audit.models import AuditEntry
from safeguard.common.errors import SafeguardError

REASON = "Police called out of hours about a child at this address."


def _names(user):
    return sorted(c.first_name for c in visible_children(user))


def test_a_social_worker_sees_their_own_and_their_teams_children_but_not_restricted(personas):
    assert _names(personas.social_worker) == ["Own", "Team"]


def test_a_worker_from_another_team_is_refused_this_teams_children(personas):
    assert _names(personas.other_worker) == ["Other"]
    with pytest.raises(Http404):
        child_get_visible(personas.other_worker, personas.own_child.pk)


def test_a_team_manager_sees_their_team_and_the_restricted_record_they_are_named_on(personas):
    assert _names(personas.team_manager) == ["Own", "Restricted", "Team"]


def test_a_head_of_service_sees_the_teams_in_their_service(personas):
    assert _names(personas.head_of_service) == ["Own", "Team"]


@pytest.mark.parametrize("role", ["auditor", "analyst", "system_administrator"])
def test_roles_without_case_work_see_no_child_records(personas, role):
    assert _names(getattr(personas, role)) == []


def test_break_glass_without_a_reason_is_refused_and_grants_nothing(personas):
    with pytest.raises(SafeguardError) as error:
        break_glass_grant(user=personas.other_worker, child=personas.own_child, reason="  ")
    assert error.value.message == BREAK_GLASS_REASON_REQUIRED
    assert not BreakGlassGrant.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_system_administrator_cannot_break_glass(personas):
    with pytest.raises(SafeguardError, match=BREAK_GLASS_NOT_ALLOWED):
        break_glass_grant(
            user=personas.system_administrator, child=personas.own_child, reason=REASON
        )


def test_a_superuser_administrator_cannot_break_glass_either(personas):
    admin = personas.system_administrator
    admin.is_superuser = True
    admin.save()

    with pytest.raises(SafeguardError, match=BREAK_GLASS_NOT_ALLOWED):
        break_glass_grant(user=admin, child=personas.own_child, reason=REASON)
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_grants_time_limited_access_records_it_and_alerts(personas):
    break_glass_grant(user=personas.other_worker, child=personas.own_child, reason=REASON)
    assert "Own" in _names(personas.other_worker)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.child_id, entry.reason) == (
        "break_glass",
        personas.own_child.pk,
        REASON,
    )
    recipients = set(Alert.objects.values_list("recipient__username", flat=True))
    assert recipients == {"tm", "auditor"}
    with time_machine.travel(timezone.now() + timedelta(hours=4, minutes=1)):
        personas.other_worker.__dict__.pop("_safeguard_worker", None)
        assert "Own" not in _names(personas.other_worker)


def test_break_glass_refuses_a_restricted_record_and_grants_nothing(personas):
    with pytest.raises(SafeguardError) as error:
        break_glass_grant(
            user=personas.other_worker, child=personas.restricted_child, reason=REASON
        )
    assert (error.value.message, error.value.code) == (
        BREAK_GLASS_RESTRICTED,
        "break_glass_restricted",
    )
    assert "Restricted" not in _names(personas.other_worker)
    assert not BreakGlassGrant.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not Alert.objects.exists()


def test_an_auditor_cannot_break_glass_into_a_restricted_record_either(personas):
    with pytest.raises(SafeguardError, match="restricted"):
        break_glass_grant(user=personas.auditor, child=personas.restricted_child, reason=REASON)
    assert not BreakGlassGrant.objects.exists()


def test_a_person_named_on_a_restricted_record_may_still_be_granted_break_glass(personas):
    grant = break_glass_grant(
        user=personas.team_manager, child=personas.restricted_child, reason=REASON
    )
    assert grant.child == personas.restricted_child


def test_a_disabled_account_sees_nothing(personas):
    personas.social_worker.is_active = False
    personas.social_worker.save()
    personas.social_worker.__dict__.pop("_safeguard_worker", None)
    assert _names(personas.social_worker) == []


def test_a_front_door_worker_sees_a_child_whose_contact_awaits_a_decision_however_old(personas):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from safeguard.cases.models import Contact

    Contact.objects.create(
        child=personas.other_child,
        team=personas.front_door,
        source="6",
        received_at=datetime(2020, 1, 6, 9, tzinfo=ZoneInfo("Europe/London")),
    )
    assert "Other" in _names(personas.front_door_worker)
    assert "Own" not in _names(personas.front_door_worker)


def test_a_conference_chair_sees_children_on_a_plan_across_the_authority(personas):
    from safeguard.cases.tests.factories import ChildProtectionPlanFactory, ReferralFactory

    assert _names(personas.conference_chair) == []
    referral = ReferralFactory(child=personas.other_child, team=personas.other_team)
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    assert _names(personas.conference_chair) == ["Other"]


# --- Remembering the answer within one request ---------------------------------------------


def _in_a_request(user):
    """Run as if inside a request by `user` (audit.context's current request)."""
    from django.test import RequestFactory

    from safeguard.audit import context

    request = RequestFactory().get("/")
    request.user = user
    return context._request.set(request)


def test_a_yes_is_remembered_for_the_rest_of_the_request(personas, django_assert_num_queries):
    from safeguard.access.queries import can_see_child
    from safeguard.audit import context

    token = _in_a_request(personas.social_worker)
    try:
        assert can_see_child(personas.social_worker, personas.own_child)
        with django_assert_num_queries(0):
            assert can_see_child(personas.social_worker, personas.own_child)
    finally:
        context._request.reset(token)


def test_a_no_is_asked_again_so_break_glass_counts_at_once(personas):
    from safeguard.access.queries import can_see_child
    from safeguard.audit import context

    user, child = personas.social_worker, personas.other_child
    token = _in_a_request(user)
    try:
        assert not can_see_child(user, child)
        break_glass_grant(user=user, child=child, reason="Police called about a sibling tonight")
        assert can_see_child(user, child)
    finally:
        context._request.reset(token)


def test_nothing_is_remembered_outside_a_request_or_for_another_user(personas):
    from safeguard.access.queries import can_see_child
    from safeguard.audit import context
    from safeguard.cases.models import Allocation

    user, child = personas.social_worker, personas.own_child
    assert can_see_child(user, child)
    Allocation.objects.filter(child=child).update(end_date=timezone.localdate())
    assert not can_see_child(user, child)
    # Inside someone else's request, this user's answers are not remembered either.
    token = _in_a_request(personas.team_manager)
    try:
        assert not can_see_child(user, child)
    finally:
        context._request.reset(token)

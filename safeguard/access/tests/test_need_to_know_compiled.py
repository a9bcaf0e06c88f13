"""Need to know compiled once per user and run afresh (access/queries.py, common/compiled.py):
the same answer as the queryset, a break-glass grant still ending on the second it expires,
and the teams a manager oversees asked once per request."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from safeguard.access.models import BreakGlassGrant
from safeguard.access.queries import (
    can_see_child,
    child_get_visible,
    team_ids_overseen,
    visible_children,
)
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db

REASON = "Police called out of hours about a child at this address."


@pytest.mark.parametrize(
    "persona", ["social_worker", "other_worker", "team_manager", "head_of_service", "auditor"]
)
def test_the_compiled_checks_answer_as_the_queryset_does(personas, persona):
    user = getattr(personas, persona)
    visible = set(visible_children(user).values_list("pk", flat=True))
    for child in Person.objects.filter(is_child=True):
        assert can_see_child(user, child) == (child.pk in visible)
        if child.pk in visible:
            got = child_get_visible(user, child.pk)
            assert (got.pk, got.first_name, got.date_of_birth) == (
                child.pk,
                child.first_name,
                child.date_of_birth,
            )
            assert got._state.adding is False
        else:
            with pytest.raises(Http404):
                child_get_visible(user, child.pk)


def test_a_grant_ends_on_the_second_it_expires_though_the_query_is_compiled_once(personas):
    user, child = personas.other_worker, personas.own_child
    with pytest.raises(Http404):
        child_get_visible(user, child.pk)  # compiled now, before any grant
    granted_at = child.created_at
    grant = BreakGlassGrant.objects.create(
        user=user,
        child=child,
        reason=REASON,
        granted_at=granted_at,
        expires_at=granted_at + timedelta(days=3650),
    )
    assert child_get_visible(user, child.pk) == child
    with time_machine.travel(grant.expires_at - timedelta(microseconds=1), tick=False):
        assert can_see_child(user, child)
    with time_machine.travel(grant.expires_at, tick=False):
        assert not can_see_child(user, child)
        with pytest.raises(Http404):
            child_get_visible(user, child.pk)


def test_a_second_check_of_another_child_is_one_query(personas):
    user = personas.social_worker
    child_get_visible(user, personas.own_child.pk)
    with CaptureQueriesContext(connection) as queries:
        child_get_visible(user, personas.team_child.pk)
    assert len(queries) == 1


def test_a_managers_teams_are_asked_once_for_the_same_account(personas):
    user = personas.team_manager
    with CaptureQueriesContext(connection) as first:
        teams = team_ids_overseen(user)
    with CaptureQueriesContext(connection) as again:
        assert team_ids_overseen(user) == teams
    assert personas.team.pk in teams
    assert len(first) >= 1
    assert len(again) == 0

"""Whom the team dashboard attributes a child to, read once with the children overseen
(`selectors.team._children_overseen`) rather than by each branch of the figures' union."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from safeguard.access.models import RestrictedRecord
from safeguard.cases.tests.factories import AllocationFactory, AssessmentFactory
from safeguard.people.tests.factories import ChildFactory

from .test_team_dashboard import _child, _referral, figures, frozen_today, listed, measure_url

__all__ = ["frozen_today"]


def _dashboard(client: Any) -> dict[str, int]:
    return figures(client.get(reverse("cases:team_dashboard")).content.decode())


def test_a_child_referred_here_but_held_by_another_team_is_not_this_teams(personas, sign_in):
    client = sign_in(personas.team_manager)
    before = _dashboard(client)
    child = ChildFactory(first_name="Heldelsewhere", last_name="Testchild")
    AllocationFactory(child=child, team=personas.other_team, worker=None)
    AssessmentFactory(referral=_referral(child, personas.team, date(2025, 1, 6)))
    assert _dashboard(client) == before
    assert (
        "Heldelsewhere"
        not in client.get(measure_url(personas.team, "unallocated")).content.decode()
    )


def test_a_waiting_child_is_listed_only_for_the_people_their_restricted_record_names(
    personas, sign_in
):
    named = ChildFactory(first_name="Namedwaiting", last_name="Testchild")
    unnamed = ChildFactory(first_name="Unnamedwaiting", last_name="Testchild")
    for child in (named, unnamed):
        _referral(child, personas.team, date(2025, 3, 3))
        RestrictedRecord.objects.create(child=child, reason="Related to a member of staff")
    named.restriction.named_users.add(personas.team_manager)
    waiting = listed(
        sign_in(personas.team_manager)
        .get(measure_url(personas.team, "unallocated"))
        .content.decode()
    )
    assert "Namedwaiting Testchild" in waiting
    assert "Unnamedwaiting Testchild" not in waiting


def test_each_figures_row_names_the_worker_holding_the_childs_case(personas, sign_in):
    worker = personas.social_worker.worker
    child = _child("Heldhere", personas.team, worker)
    AssessmentFactory(referral=_referral(child, personas.team, date(2025, 1, 6)), worker=worker)
    client = sign_in(personas.team_manager)
    theirs = client.get(measure_url(personas.team, "assessments-overdue", worker=worker.pk))
    assert "Heldhere Testchild" in listed(theirs.content.decode())
    assert worker.full_name in theirs.content.decode()
    others = client.get(
        measure_url(personas.team, "assessments-overdue", worker=personas.team_manager.worker.pk)
    )
    assert "Heldhere Testchild" not in listed(others.content.decode())

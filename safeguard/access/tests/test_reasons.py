"""The seam through which the apps above access tell it their reasons to know, and the one
filter for restricted records that every reason gives way to."""

from __future__ import annotations

import pytest
from django.db.models import Q

from safeguard.access import reasons
from safeguard.access.queries import (
    restricted_from,
    restriction_allows_q,
    visible_children,
)
from safeguard.access.reasons import CaseHolders, case_holders_of, registered_reasons
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db


def _sees(user, child) -> bool:
    return visible_children(user).filter(pk=child.pk).exists()


def test_the_case_record_family_help_and_case_audits_register_their_reasons_in_order():
    assert list(registered_reasons()) == [
        "allocated",
        "referred_to_team",
        "front_door_contact",
        "conference_chair",
        # Family help's (family_help/need_to_know.py): the children of the families a council
        # practitioner works with.
        "family_help",
        # Case audits' (case_audits/need_to_know.py): the child of an audit in progress, to
        # the audit's auditor (decision 0014).
        "case_audit",
    ]


def test_a_registered_reason_lets_someone_see_a_child(personas, monkeypatch):
    worker, child = personas.other_worker, personas.own_child
    assert not _sees(worker, child)

    def shadowing(asker: reasons.Asker) -> Q | None:
        return Q(pk=child.pk) if asker.worker.pk == worker.worker.pk else None

    monkeypatch.setitem(reasons._reasons, "shadowing", shadowing)
    assert _sees(worker, child)
    assert not _sees(personas.front_door_worker, child)


def test_with_no_reason_registered_a_practitioner_sees_only_what_they_are_named_on(
    personas, monkeypatch
):
    monkeypatch.setattr(reasons, "_reasons", {})
    assert list(visible_children(personas.social_worker)) == []
    assert list(visible_children(personas.team_manager)) == [personas.restricted_child]


def test_a_restriction_overrides_every_registered_reason(personas, monkeypatch):
    child = personas.restricted_child
    monkeypatch.setitem(reasons._reasons, "everyone", lambda asker: Q(pk=child.pk))
    # Allocated to the social worker, and now a reason for everyone: still only the named.
    assert not _sees(personas.social_worker, child)
    assert not _sees(personas.other_worker, child)
    assert _sees(personas.team_manager, child)


def test_the_restriction_filter_passes_the_unrestricted_and_the_named(personas):
    manager, worker = personas.team_manager, personas.social_worker
    restricted, own = personas.restricted_child, personas.own_child
    assert set(Person.objects.filter(restriction_allows_q(manager), pk__in=[restricted.pk])) == {
        restricted
    }
    assert not Person.objects.filter(restriction_allows_q(worker), pk=restricted.pk).exists()
    assert Person.objects.filter(restriction_allows_q(worker), pk=own.pk).exists()
    assert restricted_from(worker, restricted.pk)
    assert not restricted_from(manager, restricted.pk)
    assert not restricted_from(worker, own.pk)


def test_the_case_record_says_who_holds_a_case(personas):
    holders = case_holders_of(personas.own_child.pk)
    assert holders.worker_user_id == personas.social_worker.pk
    assert holders.team_manager_user_id == personas.team_manager.pk


def test_nobody_holds_a_case_no_app_can_answer_for(personas, monkeypatch):
    monkeypatch.setattr(reasons, "_case_holders", [])
    assert case_holders_of(personas.own_child.pk) == CaseHolders()

"""The registry that names audit entries: every kind it reads names a real model and field,
every type the code records is named in words, and a page is named in bulk."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from safeguard.audit.models import Action, AuditEntry
from safeguard.audit.names import RECORD_KINDS, describe_entries
from safeguard.audit.services import AuditRecord, audit_append
from safeguard.cases.tests.factories import AssessmentFactory, ReferralFactory

SOURCE = Path(settings.BASE_DIR) / "safeguard"
WRITTEN = re.compile(r'object_type="([a-z_.0-9]+)"')


def test_every_kind_read_from_the_database_names_a_real_model_and_its_fields():
    for object_type, kind in RECORD_KINDS.items():
        if not kind.model:
            continue
        model = apps.get_model(*kind.model.split("."))
        for name in (kind.date_field, *kind.name_fields):
            if name:
                model._meta.get_field(name)  # raises if the registry names a field not there
        assert kind.date_field or kind.name_fields or object_type == "people.person"


def test_every_type_the_code_records_is_named_in_words():
    """A literal `object_type` is in the registry or names a model (shown by its verbose
    name); an unregistered code would reach the auditor as "something.thing 12"."""
    unnamed = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for object_type in WRITTEN.findall(path.read_text()):
            if object_type in RECORD_KINDS:
                continue
            try:
                apps.get_model(*object_type.split("."))
            except (LookupError, ValueError):
                unnamed.add(f"{path.relative_to(SOURCE)}: {object_type}")
    assert sorted(unnamed) == []


def _entries(**fields) -> list[AuditEntry]:
    audit_append([AuditRecord(action=Action.READ, actor_username="sw", **fields)])
    return list(AuditEntry.objects.order_by("-sequence")[:1])


@pytest.mark.django_db
def test_an_assessment_is_named_by_its_child_and_start(personas):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team),
        start_date=date(2025, 2, 4),
    )
    (named,) = describe_entries(
        _entries(
            object_type="cases.assessment",
            object_id=str(assessment.pk),
            child_id=personas.own_child.pk,
            details={"for": "assessment.authorise"},
        )
    )
    assert named.record == "Assessment of Own Child, started 4 February 2025"
    assert named.child_name == "Own Child"
    assert named.note == "Opened to review the assessment"


@pytest.mark.django_db
def test_a_model_not_in_the_registry_is_named_by_its_verbose_name(personas):
    (named,) = describe_entries(
        _entries(
            object_type="cases.coregroupmeeting", object_id="5", child_id=personas.own_child.pk
        )
    )
    assert named.record == "Core group meeting 5 about Own Child"


@pytest.mark.django_db
def test_a_team_and_an_account_are_named(personas):
    (team,) = describe_entries(
        _entries(object_type="organisation.team", object_id=str(personas.team.pk))
    )
    (account,) = describe_entries(
        _entries(object_type="auth.user", object_id=str(personas.team_manager.pk))
    )
    assert (team.record, account.record) == ("Team: Team A", "Account: tm")


@pytest.mark.django_db
def test_a_list_says_which_list_and_how_many_children(personas):
    (named,) = describe_entries(
        _entries(
            object_type="cases.caseload",
            details={"list": "my_cases", "children": 3, "child_ids": [1, 2, 3]},
        )
    )
    assert (named.record, named.note) == ("My cases", "My cases: 3 children listed")


@pytest.mark.django_db
def test_a_failed_sign_in_and_a_lockout_say_the_username_tried():
    audit_append(
        [
            AuditRecord(
                action=Action.SIGN_IN_FAILED, details={"username": "sw", "step": "password"}
            ),
            AuditRecord(
                action=Action.REFUSED,
                details={"username": "sw", "step": "password", "refused": "locked out"},
            ),
        ]
    )
    notes = [n.note for n in describe_entries(list(AuditEntry.objects.order_by("sequence")))]
    assert notes == [
        "Failed sign-in: username tried 'sw' at the password step",
        "Locked out: username tried 'sw' at the password step",
    ]


@pytest.mark.django_db
def test_a_person_who_is_not_a_child_is_named_as_a_person(personas):
    from safeguard.people.models import Person

    parent = Person.objects.create(first_name="Pat", last_name="Parent", is_child=False)
    (named,) = describe_entries(_entries(object_type="people.person", object_id=str(parent.pk)))
    assert named.record == "Person record: Pat Parent"

"""Every page that shows case content writes its audit entry: the management pages (the
assessment review, allocation), the forms that show who the child is (a visit, a case note),
a draft read back, and the lists of children (My cases, the team dashboards and their
figures). A list writes one entry naming the children by id, never by name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import Action, AuditEntry
from safeguard.audit.services import LIST_CHILD_IDS_KEPT, audit_list
from safeguard.cases.tests.factories import AssessmentFactory, ReferralFactory
from safeguard.common.services import draft_save
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def frozen_today(calendar: Any) -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def only_entry(**filters: Any) -> AuditEntry:
    return AuditEntry.objects.get(**filters)


def assert_no_names(entry: AuditEntry, *people: Any) -> None:
    written = str(entry.details) + entry.object_id + entry.reason
    for person in people:
        assert person.first_name not in written
        assert person.last_name not in written


@pytest.fixture
def submitted(personas: Any) -> Any:
    referral = ReferralFactory(
        child=personas.own_child, team=personas.team, referral_date=date(2025, 2, 3)
    )
    return AssessmentFactory(
        referral=referral,
        worker=personas.social_worker.worker,
        submitted=True,
        submitted_date=date(2025, 3, 12),
    )


# --- One child's record ----------------------------------------------------------------------


def test_the_assessment_review_page_is_audited_as_a_read_of_the_assessment(
    personas, sign_in, submitted
):
    url = reverse("cases:assessment_review", args=[submitted.pk])
    assert sign_in(personas.team_manager).get(url).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.object_type, entry.object_id, entry.child_id) == (
        Action.READ,
        "cases.assessment",
        str(submitted.pk),
        personas.own_child.pk,
    )
    assert entry.actor_username == "tm"
    assert entry.details == {"for": "assessment.authorise"}


def test_the_allocation_page_is_audited_as_a_read_of_the_childs_record(personas, sign_in):
    url = reverse("cases:allocate", args=[personas.own_child.pk])
    assert sign_in(personas.team_manager).get(url).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.object_type, entry.child_id, entry.details) == (
        Action.READ,
        "people.person",
        personas.own_child.pk,
        {"for": "allocation.change"},
    )


def test_the_visit_form_is_audited_as_a_read_of_the_childs_record(personas, sign_in):
    url = reverse("cases:visit_record", args=[personas.own_child.pk])
    assert sign_in(personas.social_worker).get(url).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.object_id, entry.child_id, entry.details) == (
        Action.READ,
        str(personas.own_child.pk),
        personas.own_child.pk,
        {"for": "child.record_visit"},
    )


def test_the_case_note_form_is_audited_as_a_read_of_the_childs_record(personas, sign_in):
    url = reverse("cases:case_note_add", args=[personas.own_child.pk])
    assert sign_in(personas.social_worker).get(url).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.child_id, entry.details) == (
        Action.READ,
        personas.own_child.pk,
        {"for": "child.add_case_note"},
    )


def test_a_case_note_draft_read_back_is_audited_as_a_read_of_the_draft(personas, sign_in):
    child = personas.own_child
    key = f"case-note-{child.pk}"
    draft_save(user=personas.social_worker, form_key=key, data={"subject": ["Phone call"]})
    page = sign_in(personas.social_worker).get(reverse("cases:case_note_add", args=[child.pk]))
    assert "Phone call" in page.content.decode()
    draft = only_entry(object_type="common.draft")
    assert (draft.action, draft.object_id, draft.child_id) == (Action.READ, key, child.pk)
    assert draft.details == {}, "the draft's words stay out of the trail"


def test_no_draft_means_no_draft_entry(personas, sign_in):
    sign_in(personas.social_worker).get(
        reverse("cases:case_note_add", args=[personas.own_child.pk])
    )
    assert not AuditEntry.objects.filter(object_type="common.draft").exists()


def test_a_statutory_forms_draft_read_back_is_audited(personas, sign_in):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    key = f"assessment-{assessment.pk}"
    draft_save(user=personas.social_worker, form_key=key, data={"summary": ["Half-written"]})
    client = sign_in(personas.social_worker)
    client.get(reverse("cases:assessment_edit", args=[assessment.pk]))
    draft = only_entry(object_type="common.draft")
    assert (draft.object_id, draft.child_id, draft.actor_username) == (
        key,
        personas.own_child.pk,
        "sw",
    )


def test_a_refused_form_writes_no_read(personas, sign_in):
    url = reverse("cases:visit_record", args=[personas.other_child.pk])
    assert sign_in(personas.social_worker).get(url).status_code == 404
    assert not AuditEntry.objects.filter(action=Action.READ).exists()


# --- Lists of children -----------------------------------------------------------------------


def test_my_cases_is_audited_as_one_list_naming_the_children_by_id(personas, sign_in):
    assert sign_in(personas.social_worker).get(reverse("cases:my_cases")).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.object_type, entry.child_id) == (
        Action.SEARCH,
        "cases.caseload",
        None,
    )
    assert entry.details["list"] == "my_cases"
    # The restricted record is allocated to the worker but not theirs to see, so not listed.
    assert entry.details["child_ids"] == [personas.own_child.pk]
    assert entry.details["children"] == 1
    assert_no_names(entry, personas.own_child)


def test_the_team_dashboard_is_audited_with_the_children_it_lists(personas, sign_in):
    waiting = ChildFactory(first_name="Waiting")
    ReferralFactory(child=waiting, team=personas.team, referral_date=date(2025, 3, 3))
    assert sign_in(personas.team_manager).get(reverse("cases:team_dashboard")).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.object_type, entry.object_id) == (
        Action.SEARCH,
        "organisation.team",
        str(personas.team.pk),
    )
    assert entry.details["list"] == "team_dashboard"
    assert entry.details["teams"] == [personas.team.pk]
    assert waiting.pk in entry.details["child_ids"]
    assert_no_names(entry, waiting)


def test_a_team_dashboard_opened_from_the_head_of_services_list_is_audited(personas, sign_in):
    url = reverse("cases:team_detail", args=[personas.team.pk])
    assert sign_in(personas.head_of_service).get(url).status_code == 200
    entry = only_entry()
    assert (entry.details["list"], entry.object_id, entry.actor_username) == (
        "team_dashboard",
        str(personas.team.pk),
        "hos",
    )


def test_the_head_of_services_dashboard_of_several_teams_names_them_and_no_children(
    personas, sign_in
):
    from safeguard.organisation.models import Team

    second = Team.objects.create(
        authority=personas.authority, service=personas.team.service, name="Team C"
    )
    assert sign_in(personas.head_of_service).get(reverse("cases:team_dashboard")).status_code == 200
    entry = only_entry()
    assert (entry.object_type, entry.object_id) == ("organisation.team", "")
    assert entry.details["teams"] == sorted([personas.team.pk, second.pk])
    # Several teams' page shows figures, not children.
    assert (entry.details["children"], entry.details["child_ids"]) == (0, [])


def test_the_children_behind_a_figure_are_audited_as_one_list(personas, sign_in):
    url = reverse("cases:team_measure", args=[personas.team.pk, "caseload"])
    response = sign_in(personas.head_of_service).get(url)
    assert response.status_code == 200
    entry = only_entry()
    assert entry.details["list"] == "team_measure"
    assert entry.details["measure"] == "caseload"
    assert entry.details["worker"] is None
    shown = sorted(row["child_id"] for row in response.context["rows"])
    assert entry.details["child_ids"] == shown
    assert entry.details["children"] == len(shown) > 0


def test_one_workers_share_of_a_figure_names_the_worker(personas, sign_in):
    worker = personas.social_worker.worker
    url = reverse("cases:team_measure", args=[personas.team.pk, "caseload"])
    sign_in(personas.team_manager).get(url, {"worker": worker.pk})
    assert only_entry().details["worker"] == worker.pk


def test_a_long_list_keeps_its_count_and_the_first_ids(personas):
    audit_list(
        actor=personas.team_manager,
        request=None,
        name="team_measure",
        child_ids=range(1, LIST_CHILD_IDS_KEPT + 11),
    )
    entry = only_entry()
    assert entry.details["children"] == LIST_CHILD_IDS_KEPT + 10
    assert entry.details["child_ids"] == list(range(1, LIST_CHILD_IDS_KEPT + 1))

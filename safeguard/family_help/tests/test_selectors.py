"""Family help's reads: only within need to know for families, a 404 for any other, and every
read audited (a list as one search entry naming its children, a family's page as one read
entry per child)."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from safeguard.audit.models import AuditEntry
from safeguard.family_help.models import EndReason
from safeguard.family_help.selectors import family_help_get, family_help_list_for_user
from safeguard.family_help.tests.access_support import family_help_work, family_led_by
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
FAMILY = "family_help.familyhelpepisode"


@pytest.fixture
def led(personas):
    return family_led_by(
        personas.partner_lead,
        team=personas.family_help_team,
        children=(ChildFactory(first_name="Ada"), ChildFactory(first_name="Ben")),
    )


@pytest.fixture
def other(personas):
    return family_led_by(
        personas.other_worker, team=personas.other_team, children=(ChildFactory(),)
    )


def test_the_list_holds_the_open_families_the_user_may_see_with_what_is_open(personas, led, other):
    family_help_work(led)
    rows = family_help_list_for_user(user=personas.partner_lead)
    assert [row.family_help.pk for row in rows] == [led.pk]
    row = rows[0]
    assert [name.split()[0] for name in row.children] == ["Ada", "Ben"]
    assert row.lead.endswith("(Personas Health Visiting)")
    assert row.next_review_due == date(2025, 7, 7)
    assert (row.assessment_started, row.assessment_in_progress_since) == (True, None)
    assert (row.plan_agreed, row.actions_open, row.actions, row.plan_reviewed) == (
        True,
        1,
        2,
        True,
    )


def test_a_family_without_an_assessment_says_so_and_has_no_review_due(personas, led):
    (row,) = family_help_list_for_user(user=personas.fhp)
    assert (row.assessment_started, row.plan_agreed, row.next_review_due) == (False, False, None)


def test_closed_families_leave_the_list(personas, led):
    led.ended_on, led.end_reason = date(2025, 3, 1), EndReason.NEEDS_MET
    led.save(update_fields=["ended_on", "end_reason"])
    assert family_help_list_for_user(user=personas.fhp) == []


def test_the_list_is_audited_once_naming_the_children_it_showed(personas, led, other):
    family_help_list_for_user(user=personas.fhp)
    (entry,) = AuditEntry.objects.filter(action="search", object_type=FAMILY)
    child_ids = sorted(led.children.values_list("child_id", flat=True))
    assert entry.actor_id == personas.fhp.pk
    assert entry.details["list"] == "family_help_families"
    assert entry.details["child_ids"] == child_ids
    assert entry.details["families"] == 1


def test_a_family_is_read_with_everything_its_page_shows(personas, led):
    work = family_help_work(led)
    page = family_help_get(user=personas.partner_lead, family_help_id=led.pk)
    assert page.family_help == led
    assert len(page.children) == 2
    assert page.current_lead is not None and page.current_lead.partner_user is not None
    assert page.assessments == [work["assessment"]]
    assert page.plans == [work["plan"]]
    assert page.meetings == [work["meeting"]]
    assert page.has_reviews


def test_reading_a_family_is_audited_once_for_each_child_in_it(personas, led):
    family_help_get(user=personas.partner_lead, family_help_id=led.pk)
    entries = AuditEntry.objects.filter(action="read", object_type=FAMILY, object_id=str(led.pk))
    assert sorted(entries.values_list("child_id", flat=True)) == sorted(
        led.children.values_list("child_id", flat=True)
    )
    assert {e.actor_id for e in entries} == {personas.partner_lead.pk}


def test_a_family_outside_need_to_know_is_not_found_and_nothing_is_read(personas, led, other):
    with pytest.raises(Http404):
        family_help_get(user=personas.partner_lead, family_help_id=other.pk)
    with pytest.raises(Http404):
        family_help_get(user=personas.partner_user, family_help_id=led.pk)
    assert not AuditEntry.objects.filter(action="read", object_type=FAMILY).exists()


def test_a_partner_lead_may_open_no_childs_record_from_the_page_a_practitioner_may(personas, led):
    assert (
        family_help_get(user=personas.partner_lead, family_help_id=led.pk).child_records_open
        == frozenset()
    )
    assert family_help_get(user=personas.fhp, family_help_id=led.pk).child_records_open == set(
        led.children.values_list("child_id", flat=True)
    )

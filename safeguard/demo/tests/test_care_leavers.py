"""The demo's care leavers (issue 15): the young people of 17 to 22 whom the record makes
care leavers have a needs assessment, a pathway plan with reviews, a personal adviser and
contacts, every row within the rules and nothing after the as-of day; and the demo's
clocks and OC3 read them."""

from __future__ import annotations

import pytest

from safeguard.care_leavers import rules
from safeguard.care_leavers.eligibility import entitlement_on
from safeguard.care_leavers.models import (
    CareLeaverContact,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
)
from safeguard.care_leavers.selectors import care_spells_by_child
from safeguard.people.ages import age_on
from safeguard.people.models import Person

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_care_leavers_of_17_to_22_have_the_whole_record(northbridge):
    people = {
        p.pk: p for p in Person.objects.filter(id__in=NeedsAssessment.objects.values("child_id"))
    }
    assert len(people) >= 3
    assert {age_on(p.date_of_birth, AS_OF) for p in people.values()} <= set(range(17, 23))
    for model in (PathwayPlan, PersonalAdviser, CareLeaverContact):
        assert set(model.objects.values_list("child_id", flat=True)) == set(people), model


def test_every_row_is_on_a_day_the_young_person_was_a_care_leaver(northbridge):
    spells = care_spells_by_child(NeedsAssessment.objects.values_list("child_id", flat=True))
    born = dict(Person.objects.values_list("pk", "date_of_birth"))
    for model, field in (
        (NeedsAssessment, "completed_on"),
        (PathwayPlan, "agreed_on"),
        (PathwayPlanReview, "reviewed_on"),
        (PersonalAdviser, "appointed_on"),
        (CareLeaverContact, "contact_date"),
    ):
        for child_id, on in model.objects.values_list("child_id", field):
            assert on <= AS_OF
            assert entitlement_on(born[child_id], spells[child_id], on, receiving_support=True)


def test_plans_follow_assessments_and_contacts_keep_their_rules(northbridge):
    assessed = dict(NeedsAssessment.objects.values_list("child_id", "completed_on"))
    for plan in PathwayPlan.objects.all():
        assert not rules.pathway_plan_after_needs_assessment(
            assessed[plan.child_id], plan.agreed_on
        )
    for contact in CareLeaverContact.objects.all():
        assert not rules.care_leaver_contact_answers_fit(
            contact.in_touch,
            contact.accommodation,
            contact.accommodation_suitable,
            contact.activity,
        )
    assert CareLeaverContact.objects.filter(in_touch="YES").exists()

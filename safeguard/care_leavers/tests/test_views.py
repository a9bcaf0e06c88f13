"""The care leaver pages: the one flow (check your answers, confirm), refusals beside the
answer with nothing written, who may open them, and the record's section and timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from safeguard.care_leavers import services
from safeguard.care_leavers.models import CareLeaverContact, PersonalAdviser
from safeguard.cases.tests.views.test_actions import (
    banner,
    check_answers,
    child_record,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)

from .support import make_care_leaver

pytestmark = pytest.mark.django_db


def _url(name: str, child: Any) -> str:
    return reverse(f"care_leavers:{name}", args=[child.pk])


def _contact(**answers: str) -> dict[str, str]:
    return {**day("contact_date", date(2025, 3, 10)), "in_touch": "YES", **answers}


def test_the_worker_records_a_contact_through_check_your_answers(personas, sign_in):
    child = make_care_leaver(personas.own_child)
    client = sign_in(personas.social_worker)
    answers = _contact(accommodation="E", accommodation_suitable="yes", activity="F2")

    page = check_answers(client, _url("contact", child), answers).content.decode()
    assert "Supported lodgings" in page and "Other education, full time" in page
    assert not CareLeaverContact.objects.exists()

    response = record(client, _url("contact", child), answers)

    assert banner(response) == ["Contact recorded"]
    contact = CareLeaverContact.objects.get()
    assert (contact.in_touch, contact.oc3_accommodation, contact.activity) == ("YES", "E1", "F2")


def test_a_contact_in_touch_without_an_activity_is_refused_beside_it(personas, sign_in):
    child = make_care_leaver(personas.own_child)
    response = sign_in(personas.social_worker).post(
        _url("contact", child), _contact(accommodation="U", accommodation_suitable="yes")
    )
    assert response.status_code == 400
    assert "Select what the young person is mainly doing" in response.content.decode()
    assert not CareLeaverContact.objects.exists()


def test_a_date_before_the_young_person_qualified_is_refused(personas, sign_in):
    child = make_care_leaver(personas.own_child)
    response = sign_in(personas.social_worker).post(
        _url("personal_adviser", child),
        {"name": "Sam Adviser", **day("appointed_on", date(2023, 12, 1))},
    )
    assert response.status_code == 400
    assert "was not an eligible, relevant or former relevant" in response.content.decode()
    assert not PersonalAdviser.objects.exists()


def test_a_worker_from_another_team_is_refused(personas, sign_in):
    child = make_care_leaver(personas.own_child)
    response = sign_in(personas.other_worker).get(_url("needs_assessment", child))
    assert response.status_code in (403, 404)


def test_a_child_who_is_no_care_leaver_is_sent_back_to_the_record(personas, sign_in):
    response = sign_in(personas.social_worker).get(_url("contact", personas.own_child))
    assert response.status_code == 302
    assert response["Location"] == child_record(personas.own_child)
    assert "is not an eligible, relevant or former relevant care leaver" in banner(response)[0]


def test_the_review_page_waits_for_a_plan(personas, sign_in):
    child = make_care_leaver(personas.own_child)
    response = sign_in(personas.social_worker).get(_url("pathway_plan_review", child))
    assert response.status_code == 302
    assert banner(response) == [
        "Own Child has no pathway plan yet: record the plan before its review."
    ]


def test_the_record_shows_the_leaving_care_section_and_its_clocks(personas, sign_in):
    child = make_care_leaver(personas.own_child)
    services.needs_assessment_record(child=child, completed_on=date(2024, 8, 1), summary="N")
    services.pathway_plan_record(child=child, agreed_on=date(2024, 8, 20), summary="P")
    services.personal_adviser_appoint(
        child=child,
        name="Sam Adviser",
        contact_details="0100 000 0002",
        appointed_on=date(2025, 2, 11),
    )
    page = sign_in(personas.social_worker).get(child_record(child)).content.decode()
    assert "Leaving care" in page and "Relevant" in page
    assert "Sam Adviser, 0100 000 0002" in page
    # Agreed 20 August 2024: the review was due 20 February 2025 and is overdue.
    assert "Pathway plan review due by" in page and "20 February 2025 (overdue)" in page
    assert _url("pathway_plan_review", child) in page


def test_an_overdue_pathway_plan_review_reaches_my_cases(personas, sign_in):
    from safeguard.cases import extensions

    child = make_care_leaver(personas.own_child)
    services.needs_assessment_record(child=child, completed_on=date(2024, 8, 1), summary="N")
    plan = services.pathway_plan_record(child=child, agreed_on=date(2024, 8, 20), summary="P")
    (item,) = extensions.open_clocks([child.pk], date(2025, 3, 14), {})
    assert (item.clock, item.subject_id, item.due) == (
        "pathway_plan_review",
        plan.pk,
        date(2025, 2, 20),
    )
    page = sign_in(personas.social_worker).get(reverse("cases:my_cases")).content.decode()
    assert "Pathway plan review" in page

"""The pages for a looked-after child's education, UASC status, motherhood, convictions and
substance misuse: the one flow, refusals beside the answer with nothing written, who may open
them, and what the record shows.

Time is frozen at noon on Friday 14 March 2025; Own Child (born 1 March 2016) is looked
after since Monday 3 February 2025, so the PEP was due Monday 3 March.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from safeguard.care.models import (
    Conviction,
    Motherhood,
    PersonalEducationPlan,
    SubstanceMisuse,
    UascStatus,
)
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.tests.views.test_actions import (
    banner,
    check_answers,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)

pytestmark = pytest.mark.django_db
PAGES = ("education_plan", "uasc", "mother", "conviction", "substance_misuse")


def _looked_after(personas: Any) -> Any:
    return PlacementFactory(period__child=personas.own_child).period


def _url(name: str, personas: Any) -> str:
    return reverse(f"care:{name}", args=[personas.own_child.pk])


def _pep(on: date, kind: str = "initial") -> dict[str, str]:
    return {
        "kind": kind,
        **day("meeting_date", on),
        "school": "Riverside Primary School, Year 4",
        "virtual_school_involved": "yes",
        "notes": "",
    }


def test_the_worker_records_the_initial_pep_through_check_your_answers(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = _url("education_plan", personas)

    page = check_answers(client, url, _pep(date(2025, 2, 24))).content.decode()
    assert "Riverside Primary School" in page and "24 February 2025" in page
    assert not PersonalEducationPlan.objects.exists()

    response = record(client, url, _pep(date(2025, 2, 24)))
    assert banner(response) == ["Initial personal education plan recorded"]
    assert PersonalEducationPlan.objects.get().virtual_school_involved is True


def test_a_review_before_any_plan_is_refused_beside_the_question(personas, sign_in):
    _looked_after(personas)
    response = sign_in(personas.social_worker).post(
        _url("education_plan", personas), _pep(date(2025, 3, 1), kind="review")
    )
    assert response.status_code == 400
    assert "record this one as the initial plan" in response.content.decode()
    assert not PersonalEducationPlan.objects.exists()


def test_uasc_is_recorded_then_the_page_asks_only_when_it_ceased(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = _url("uasc", personas)
    response = record(client, url, {})
    assert banner(response) == ["Recorded as an unaccompanied asylum-seeking child"]
    assert "Record the date UASC status ceased" in client.get(url).content.decode()
    record(client, url, day("ceased_on", date(2025, 3, 10)))
    assert UascStatus.objects.get().ceased_on == date(2025, 3, 10)
    again = client.get(url)
    assert again.status_code == 302
    assert "nothing more to record" in banner(again)[-1]


def test_a_mother_is_recorded_once_and_a_child_too_young_is_refused(personas, sign_in):
    _looked_after(personas)
    child = personas.own_child
    child.sex = "F"
    child.save()
    client = sign_in(personas.social_worker)
    url = _url("mother", personas)
    refused = client.post(url, day("first_child_born_on", date(2025, 2, 10)))
    assert refused.status_code == 400 and "her 11th birthday" in refused.content.decode()
    child.date_of_birth = date(2009, 5, 1)
    child.save()
    record(client, url, day("first_child_born_on", date(2025, 2, 10)))
    assert Motherhood.objects.get().first_child_born_on == date(2025, 2, 10)
    assert "already recorded as a mother" in banner(client.get(url))[-1]


def test_a_conviction_and_substance_misuse_are_recorded(personas, sign_in):
    _looked_after(personas)
    child = personas.own_child
    child.date_of_birth = date(2010, 1, 1)
    child.save()
    client = sign_in(personas.social_worker)
    record(client, _url("conviction", personas), {**day("convicted_on", date(2025, 3, 3))})
    record(
        client,
        _url("substance_misuse", personas),
        {**day("identified_on", date(2025, 3, 4)), "intervention": "received", "notes": ""},
    )
    assert Conviction.objects.get().convicted_on == date(2025, 3, 3)
    assert SubstanceMisuse.objects.get().intervention == "received"


def test_a_child_not_looked_after_is_sent_back_to_the_record(personas, sign_in):
    client = sign_in(personas.social_worker)
    for name in PAGES:
        response = client.get(_url(name, personas))
        assert response.status_code == 302, name
        assert "not looked after now" in banner(response)[0]


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("social_worker", 200),
        ("team_manager", 200),
        ("other_worker", 404),
        ("front_door_worker", 403),
        ("auditor", 403),
    ],
)
def test_who_may_open_the_pages(personas, sign_in, user, status):
    _looked_after(personas)
    personas.own_child.sex = "F"
    personas.own_child.save()
    client = sign_in(getattr(personas, user))
    for name in PAGES:
        assert client.get(_url(name, personas)).status_code == status, name


def test_the_record_shows_education_and_circumstances_with_the_overdue_pep(personas, sign_in):
    period = _looked_after(personas)
    UascStatus.objects.create(child=personas.own_child, period=period)
    page = sign_in(personas.social_worker).get(f"/children/{personas.own_child.pk}")
    text = page.content.decode()
    assert "Education (looked after)" in text
    assert "Personal education plan due by" in text and "3 March 2025 (overdue)" in text
    assert "Asylum, motherhood, offending and substance misuse" in text
    assert "Record the date UASC status ceased" in text
    due_now = [(row.item.clock, row.item.due) for row in page.context["record"].due_now]
    assert ("lac_pep", date(2025, 3, 3)) in due_now


def test_an_auditor_reading_the_record_is_offered_no_links(personas, sign_in):
    _looked_after(personas)
    text = sign_in(personas.auditor).get(f"/children/{personas.own_child.pk}").content.decode()
    assert _url("education_plan", personas) not in text

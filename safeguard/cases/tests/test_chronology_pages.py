"""The chronology a page at a time (`cases.chronology_pages`), without a database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safeguard.cases.chronology_pages import EVENTS_PER_PAGE, PageLink, chronology_page
from safeguard.cases.extensions import ChronologyEvent

# Newest first, as the record holds them: event 0 is the newest.
EVENTS = [
    ChronologyEvent(date(2025, 3, 1) - timedelta(days=n), "case_note", f"Event {n}")
    for n in range(60)
]


def url(number: int) -> str:
    return f"/record?chronology_page={number}#chronology"


def titles(page: object) -> list[str]:
    return [event.title for event in page.events]  # type: ignore[attr-defined]


def test_the_first_page_is_the_newest_events_when_no_page_is_asked_for() -> None:
    page = chronology_page(EVENTS, None, url)
    assert titles(page) == [f"Event {n}" for n in range(EVENTS_PER_PAGE)]
    assert (page.number, page.pages, page.total, page.first, page.last) == (1, 3, 60, 1, 25)
    assert page.previous_url == "" and page.next_url == url(2)
    assert page.problem == ""


def test_page_two_shows_the_next_events_in_the_same_order() -> None:
    page = chronology_page(EVENTS, "2", url)
    assert titles(page) == [f"Event {n}" for n in range(25, 50)]
    assert (page.first, page.last) == (26, 50)
    assert page.previous_url == url(1) and page.next_url == url(3)


def test_the_last_page_holds_what_is_left() -> None:
    page = chronology_page(EVENTS, "3", url)
    assert titles(page) == [f"Event {n}" for n in range(50, 60)]
    assert page.next_url == ""


@pytest.mark.parametrize("asked", ["4", "99", "0", "-1", "two", "1.5", " ", "9" * 40])
def test_a_page_that_is_not_there_shows_the_first_page_and_says_so(asked: str) -> None:
    page = chronology_page(EVENTS, asked, url)
    assert page.number == 1 and titles(page)[0] == "Event 0"
    assert page.problem.startswith("There is no page “")
    assert page.problem.endswith("of the chronology. This is page 1 of 3.")
    assert len(page.problem) < 80  # a long address is not repeated back in full


def test_an_empty_chronology_is_one_empty_page_without_links() -> None:
    page = chronology_page([], None, url)
    assert (page.events, page.pages, page.first, page.last, page.links) == ([], 1, 0, 0, [])


def test_a_chronology_of_one_page_has_no_pagination() -> None:
    page = chronology_page(EVENTS[:EVENTS_PER_PAGE], None, url)
    assert page.links == [] and page.next_url == ""


def test_the_pagination_lists_the_first_last_and_neighbouring_pages_with_gaps() -> None:
    many = EVENTS * 4  # 240 events: 10 pages
    numbers = [link.number for link in chronology_page(many, "5", url).links]
    assert numbers == [1, None, 4, 5, 6, None, 10]
    first = chronology_page(many, "1", url).links
    assert [link.number for link in first] == [1, 2, None, 10]
    assert first[0] == PageLink(1, url(1), current=True)
    assert first[2].is_gap

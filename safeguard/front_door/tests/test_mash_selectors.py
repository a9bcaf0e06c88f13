"""The MASH's reads: the queue (order, how each child is shown, the 1-working-day clock, a
fixed number of queries), finding one contact, and the front door's dashboard figures.

Time is frozen at noon on Friday 14 March 2025.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from safeguard.cases import selectors as case_selectors
from safeguard.cases.tests.factories import ContactFactory
from safeguard.common import codes
from safeguard.front_door import selectors
from safeguard.front_door.tests.mash_support import (
    front_door_manager,
    unmatched_contact,
    waiting_contact,
)
from safeguard.people.tests.factories import ChildFactory
from safeguard.timescales.clocks import ClockStatus

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 14)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 3, day, hour, 0, tzinfo=LONDON)


def references(queue: selectors.ContactQueue) -> list[str]:
    return [row.referrer for row in queue.rows]


def test_the_queue_is_red_then_amber_green_and_unrated_oldest_first_within_each(personas):
    waiting_contact(personas, received_at=at(13), referrer="unrated new")
    waiting_contact(personas, received_at=at(10), referrer="unrated old")
    waiting_contact(personas, received_at=at(13), rag="green", referrer="green")
    waiting_contact(personas, received_at=at(14, 9), rag="red", referrer="red new")
    waiting_contact(personas, received_at=at(11), rag="red", referrer="red old")
    waiting_contact(personas, received_at=at(12), rag="amber", referrer="amber")

    queue = selectors.contact_queue_get(user=personas.front_door_worker, today=TODAY)

    assert references(queue) == [
        "red old",
        "red new",
        "amber",
        "green",
        "unrated old",
        "unrated new",
    ]


def test_the_queue_is_shown_a_page_at_a_time_with_the_whole_queues_counts(personas):
    waiting_contact(personas, received_at=at(10), referrer="overdue 1")
    waiting_contact(personas, received_at=at(11), referrer="overdue 2")
    waiting_contact(personas, received_at=at(12), rag="red", referrer="red overdue")
    waiting_contact(personas, received_at=at(13), referrer="due today 1")
    waiting_contact(personas, received_at=at(13, 11), referrer="due today 2")

    def page(number: int) -> selectors.ContactQueue:
        return selectors.contact_queue_get(
            user=personas.front_door_worker, today=TODAY, page=number, page_size=2
        )

    second = page(2)
    assert references(second) == ["overdue 2", "due today 1"]
    assert (second.page, second.pages, second.first, second.last) == (2, 3, 3, 4)
    # The counts are the whole queue's, whichever page is shown.
    assert (second.waiting, second.overdue, second.due_today, second.unrated) == (5, 3, 2, 4)
    assert references(page(1)) == ["red overdue", "overdue 1"]
    # A page past the last (a contact decided meanwhile) shows the last; before the first, the
    # first.
    assert references(page(9)) == ["due today 2"] and page(9).page == 3
    assert page(0).page == 1


def test_the_queue_read_again_shows_what_changed_since(personas):
    # Its queries are compiled once and run again (`common.compiled`): what they read is not.
    old = waiting_contact(personas, received_at=at(10), referrer="old")
    waiting_contact(personas, received_at=at(13), referrer="new")
    first = selectors.contact_queue_get(user=personas.front_door_worker, today=TODAY)

    old.decided_at, old.decision = at(14, 9), codes.ContactDecision.NO_FURTHER_ACTION
    old.save(update_fields=["decided_at", "decision"])
    waiting_contact(personas, received_at=at(14, 9), rag="red", referrer="red")
    again = selectors.contact_queue_get(user=personas.front_door_worker, today=TODAY)

    assert references(first) == ["old", "new"] and first.overdue == 1
    assert references(again) == ["red", "new"]
    assert (again.waiting, again.due_today, again.overdue, again.unrated) == (2, 1, 0, 1)


def test_the_queue_holds_only_undecided_contacts_at_the_users_front_door(personas):
    waiting_contact(personas, received_at=at(13), referrer="Waiting")
    waiting_contact(
        personas, received_at=at(10), referrer="Decided", referred=True, decided_at=at(11)
    )
    ContactFactory(child=personas.own_child, team=personas.team, referrer="Another team")

    queue = selectors.contact_queue_get(user=personas.front_door_worker, today=TODAY)

    assert references(queue) == ["Waiting"]
    assert queue.team_names == ["Front door"]
    assert selectors.contact_queue_get(user=personas.team_manager, today=TODAY).rows == []


def test_each_contact_has_its_one_working_day_clock_and_the_counts_add_up(personas):
    # Monday 10 March: due Tuesday 11th, waited Tue-Fri. Thursday 13th: due today.
    waiting_contact(personas, received_at=at(10), referrer="Monday")
    waiting_contact(personas, received_at=at(13), referrer="Thursday", rag="amber")
    waiting_contact(personas, received_at=at(14, 9), referrer="Today")

    queue = selectors.contact_queue_get(user=personas.front_door_worker, today=TODAY)

    clocks = {row.referrer: row.clock for row in queue.rows}
    assert (clocks["Monday"].due, clocks["Monday"].working_days_waited) == (date(2025, 3, 11), 4)
    assert clocks["Monday"].status == ClockStatus.OVERDUE
    assert (clocks["Thursday"].due, clocks["Thursday"].status) == (TODAY, ClockStatus.DUE_SOON)
    assert (clocks["Today"].due, clocks["Today"].working_days_waited) == (date(2025, 3, 17), 0)
    assert (queue.waiting, queue.due_today, queue.overdue, queue.unrated) == (3, 1, 1, 2)


def test_an_unmatched_contact_is_listed_with_what_the_sender_said(personas):
    unmatched_contact(
        personas,
        received_at=at(13),
        child_as_described={
            "first_name": "Tobi",
            "last_name": "Example",
            "age": "about 6",
            "postcode": "ZZ99 1AA",
        },
    )

    (row,) = selectors.contact_queue_get(user=personas.front_door_worker, today=TODAY).rows

    assert row.child.label == "Child not yet identified"
    assert row.child.described == "Tobi Example, age about 6, ZZ99 1AA"
    assert row.child.opens


def test_a_restricted_record_is_listed_without_a_name_and_says_whom_to_ask(personas):
    waiting_contact(personas, child=personas.restricted_child, received_at=at(13))

    (row,) = selectors.contact_queue_get(user=personas.front_door_worker, today=TODAY).rows

    assert row.child.label == "Restricted record — ask Tm Persona"
    assert "Restricted" not in row.child.name and row.child.name == ""
    assert not row.child.opens


def test_a_manager_of_the_front_door_sees_the_known_child_its_contact_is_about(
    personas, django_user_model
):
    manager = front_door_manager(personas, django_user_model)
    waiting_contact(personas, received_at=at(13))

    (row,) = selectors.contact_queue_get(user=manager, today=TODAY).rows

    assert row.child.name == personas.own_child.full_name and row.child.opens


def test_the_queue_reads_the_same_number_of_queries_however_many_contacts_wait(
    personas, django_user_model
):
    def mixed(n: int) -> None:
        for i in range(n):
            waiting_contact(personas, child=ChildFactory(), received_at=at(13) - timedelta(hours=i))
            unmatched_contact(personas, received_at=at(12) - timedelta(hours=i))
            waiting_contact(
                personas, child=personas.restricted_child, received_at=at(11) - timedelta(hours=i)
            )

    def count() -> int:
        user = django_user_model.objects.get(pk=personas.front_door_worker.pk)  # nothing cached
        with CaptureQueriesContext(connection) as captured:
            selectors.contact_queue_get(user=user, today=TODAY)
        return len(captured)

    mixed(1)
    few = count()
    mixed(6)
    many = count()

    assert few == many
    # The user's worker (read afresh here; a request has it with the user), the teams, the
    # whole queue's counts (a row a day), the page with whether each child may be seen, and
    # the three that say whom to ask about a restricted record.
    assert many == 7


def test_a_contact_opens_at_the_users_front_door_or_through_need_to_know(
    personas, django_user_model
):
    manager = front_door_manager(personas, django_user_model)
    waiting = waiting_contact(personas, received_at=at(13))
    restricted = waiting_contact(personas, child=personas.restricted_child, received_at=at(13))
    long_decided = ContactFactory(
        child=personas.other_child,
        team=personas.front_door,
        received_at=datetime(2025, 1, 6, 9, tzinfo=LONDON),
        referred=True,
        decided_at=datetime(2025, 1, 6, 11, tzinfo=LONDON),
    )

    assert selectors.contact_get(user=manager, contact_id=waiting.pk) == waiting
    assert selectors.contact_get(user=personas.team_manager, contact_id=waiting.pk) == waiting
    assert selectors.contact_get(user=personas.team_manager, contact_id=restricted.pk) == restricted
    for user, contact in [
        (personas.front_door_worker, restricted),
        (manager, restricted),
        (personas.front_door_worker, long_decided),
        (personas.other_worker, waiting),
    ]:
        with pytest.raises(Http404):
            selectors.contact_get(user=user, contact_id=contact.pk)


def test_the_front_door_figures_count_unmatched_contacts_and_agree_with_the_queue(
    personas, calendar
):
    waiting_contact(personas, received_at=at(10))
    unmatched_contact(personas, received_at=at(11))
    unmatched_contact(personas, received_at=at(13))
    waiting_contact(personas, received_at=at(14, 9))
    ContactFactory(child=personas.own_child, team=personas.team)  # not at a front door

    (figures,) = selectors.front_door_figures_get(
        teams=[personas.team, personas.front_door], today=TODAY
    )
    queue = selectors.contact_queue_get(user=personas.front_door_worker, today=TODAY)

    assert figures.team == personas.front_door
    assert (figures.waiting, figures.due_today, figures.overdue, figures.not_identified) == (
        4,
        1,
        2,
        2,
    )
    assert (queue.waiting, queue.due_today, queue.overdue) == (
        figures.waiting,
        figures.due_today,
        figures.overdue,
    )
    assert selectors.front_door_figures_get(teams=[personas.team], today=TODAY) == []


def test_the_overdue_list_of_the_front_door_counts_an_unmatched_contact_without_a_child(
    personas, calendar
):
    contact = unmatched_contact(personas, received_at=at(10))

    (item,) = case_selectors.overdue_for_team(team=personas.front_door, today=TODAY)

    assert (item.clock, item.subject_id, item.child_id) == ("contact_decision", contact.pk, None)

"""Your conferences, the conference chair's landing page: which conferences are theirs, out of
time by the statutory clocks, held and not yet recorded; need to know; a fixed number of
queries; and who may open it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.access.models import RestrictedRecord
from safeguard.audit.models import Action, AuditEntry, AuditHead
from safeguard.cases.selectors import (
    CONFERENCE_INITIAL,
    CONFERENCE_REVIEW,
    conference_draft_key,
    conference_list_for_chair,
)
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    ReferralFactory,
    ReviewConferenceFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
)
from safeguard.common import codes
from safeguard.common.services import draft_save
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.tests.factories import ChildFactory
from safeguard.timescales.clocks import CLOCKS

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen_today(calendar: Any) -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _referral(personas: Any, name: str, **kwargs: Any) -> Any:
    child = ChildFactory(first_name=name, last_name="Testchild")
    return ReferralFactory(child=child, team=personas.team, **kwargs)


def _enquiry(personas: Any, name: str, discussed: date, **kwargs: Any) -> Any:
    """A section 47 enquiry started at a strategy discussion on `discussed`."""
    referral = _referral(personas, name)
    return Section47EnquiryFactory(
        strategy_discussion=StrategyDiscussionFactory(referral=referral, discussion_date=discussed),
        **kwargs,
    )


def _plan(personas: Any, name: str, started: date, chair: Any, **kwargs: Any) -> Any:
    """A plan from an initial conference on `started` chaired by `chair`."""
    referral = _referral(personas, name, referral_date=date(2024, 5, 1))
    return ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral,
        initial_conference__section47_enquiry__strategy_discussion__discussion_date=date(
            2024, 5, 6
        ),
        initial_conference__section47_enquiry__completed_date=date(2024, 5, 10),
        initial_conference__conference_date=started,
        initial_conference__chair=chair,
        **kwargs,
    )


def _review_draft(user: Any, plan: Any, held: date) -> None:
    draft_save(
        user=user,
        form_key=conference_draft_key(CONFERENCE_REVIEW, plan.pk),
        data={
            "conference_date_0": [str(held.day)],
            "conference_date_1": [str(held.month)],
            "conference_date_2": [str(held.year)],
            "outcome": [codes.ConferenceOutcome.CONTINUE_PLAN.value],
        },
    )


def build_conferences(personas: Any) -> dict[str, Any]:
    """Conferences around Friday 14 March 2025, worked by hand:

    - Late: strategy discussion Monday 10 February; the initial conference is due within 15
      working days, by Monday 3 March; on 14 March 9 working days out of time (4-7, 10-14).
      No chair yet.
    - Soon: strategy discussion Monday 3 March, due Monday 24 March: upcoming, no chair yet.
    - Held: a plan from an initial conference the chair held on Monday 6 January; the first
      review is due within 3 months, by 6 April. The chair typed 13 March into its record and
      has not sent it: held, not yet recorded.
    - Next: a plan whose last review the chair held on Monday 16 September 2024; the next is
      due within 6 months, by Sunday 16 March: due soon, the chair's own. A draft of the
      record dated 16 September 2024 is of that recorded review: stale, not "started".
    - Orphan: a plan whose initial conference (2 December 2024) was chaired by a chair who has
      since left; the first review was due by 2 March: out of time, no chair yet.
    - Someone else's: a plan followed by another chair in post: not shown.
    - Not shown either: an enquiry that needs no conference, one whose referral closed, and a
      restricted record.
    """
    chair = personas.conference_chair.worker
    authority = personas.authority
    other_chair = WorkerFactory(authority=authority, team=None, chair=True)
    left_chair = WorkerFactory(
        authority=authority, team=None, chair=True, left_on=date(2025, 1, 31)
    )

    late = _enquiry(personas, "Late", date(2025, 2, 10))
    soon = _enquiry(personas, "Soon", date(2025, 3, 3))
    held = _plan(personas, "Held", date(2025, 1, 6), chair)
    _review_draft(personas.conference_chair, held, date(2025, 3, 13))
    nxt = _plan(personas, "Next", date(2024, 3, 4), chair)
    ReviewConferenceFactory(plan=nxt, conference_date=date(2024, 9, 16), chair=chair)
    _review_draft(personas.conference_chair, nxt, date(2024, 9, 16))
    orphan = _plan(personas, "Orphan", date(2024, 12, 2), left_chair)
    _plan(personas, "Elsewhere", date(2025, 1, 6), other_chair)
    _enquiry(
        personas,
        "Noconference",
        date(2025, 3, 3),
        completed=True,
        completed_date=date(2025, 3, 7),
        conference_required=False,
    )
    closed = _enquiry(personas, "Closed", date(2025, 2, 10))
    closed.referral.closure_date = date(2025, 3, 10)
    closed.referral.closure_reason = codes.ReasonForClosure.RC7
    closed.referral.save()
    restricted = _enquiry(personas, "Restricted", date(2025, 2, 10))
    RestrictedRecord.objects.create(child=restricted.child, reason="Related to a member of staff")
    return {"late": late, "soon": soon, "held": held, "next": nxt, "orphan": orphan}


def _names(conferences: list[Any]) -> list[str]:
    return [c.child_name for c in conferences]


# --- Which conferences, and where each stands -------------------------------------------------


def test_the_chairs_conferences_match_the_hand_worked_cases(personas):
    built = build_conferences(personas)
    found = conference_list_for_chair(user=personas.conference_chair, today=TODAY)

    assert _names(found.to_record) == ["Held Testchild"]
    (held,) = found.to_record
    assert (held.kind, held.subject_id) == (CONFERENCE_REVIEW, built["held"].pk)
    assert held.held_on == date(2025, 3, 13)
    assert held.due == date(2025, 4, 6) and held.clock == "first_review_conference"
    assert held.yours and held.record_started

    assert _names(found.out_of_time) == ["Orphan Testchild", "Late Testchild"]
    orphan, late = found.out_of_time
    assert (orphan.due, orphan.working_days_overdue, orphan.yours) == (date(2025, 3, 2), 10, False)
    assert (late.kind, late.subject_id) == (CONFERENCE_INITIAL, built["late"].pk)
    assert (late.due, late.working_days_overdue, late.yours) == (date(2025, 3, 3), 9, False)

    assert _names(found.upcoming) == ["Next Testchild"]
    (nxt,) = found.upcoming
    assert nxt.clock == "later_review_conference" and nxt.due == date(2025, 3, 16)
    assert nxt.status == "due_soon" and nxt.yours
    # The draft dated on the review already recorded is not a record started.
    assert not nxt.record_started and nxt.held_on is None

    assert _names(found.unchaired) == ["Soon Testchild"]
    (soon,) = found.unchaired
    assert (soon.due, soon.status, soon.yours) == (date(2025, 3, 24), "upcoming", False)


def test_the_initial_conference_is_out_of_time_the_working_day_after_its_clock_ends(personas):
    """Due by the last of the 15 working days (the clock's, not a number here): in time on
    Monday 3 March, out of time from Tuesday 4 March."""
    _enquiry(personas, "Late", date(2025, 2, 10))
    assert CLOCKS["initial_conference"].period.due_from(date(2025, 2, 10)) == date(2025, 3, 3)
    on_the_day = conference_list_for_chair(user=personas.conference_chair, today=date(2025, 3, 3))
    assert _names(on_the_day.unchaired) == ["Late Testchild"]
    assert on_the_day.out_of_time == []
    next_day = conference_list_for_chair(user=personas.conference_chair, today=date(2025, 3, 4))
    assert [(c.child_name, c.working_days_overdue) for c in next_day.out_of_time] == [
        ("Late Testchild", 1)
    ]


def test_upcoming_reviews_are_in_the_order_of_the_dates_their_last_conference_set(
    personas, sign_in
):
    """Planned: the initial conference on 6 January set the first review for Monday 17 March
    (due by 6 April). Unplanned: set no date; due by 20 March. The planned one comes first,
    shown with its date; the other by its due date."""
    chair = personas.conference_chair.worker
    _plan(
        personas,
        "Planned",
        date(2025, 1, 6),
        chair,
        initial_conference__next_review_date=date(2025, 3, 17),
    )
    _plan(personas, "Unplanned", date(2024, 12, 20), chair)

    found = conference_list_for_chair(user=personas.conference_chair, today=TODAY)

    assert [(c.child_name, c.planned, c.due) for c in found.upcoming] == [
        ("Planned Testchild", date(2025, 3, 17), date(2025, 4, 6)),
        ("Unplanned Testchild", None, date(2025, 3, 20)),
    ]
    html = sign_in(personas.conference_chair).get(reverse("cases:conferences")).content.decode()
    table = html.split('id="upcoming-table"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col" class="govuk-table__header" role="columnheader">Planned for</th>' in (
        table
    )
    assert re.search(
        r'data-label="Planned for">17 Mar 2025<.*data-label="Planned for">Not set<', table, re.S
    )


def test_a_review_planned_by_a_later_review_takes_that_reviews_date(personas):
    chair = personas.conference_chair.worker
    plan = _plan(
        personas,
        "Reviewed",
        date(2024, 3, 4),
        chair,
        initial_conference__next_review_date=date(2024, 5, 1),
    )
    ReviewConferenceFactory(
        plan=plan,
        conference_date=date(2024, 9, 16),
        chair=chair,
        next_review_date=date(2025, 3, 12),
    )

    (upcoming,) = conference_list_for_chair(user=personas.conference_chair, today=TODAY).upcoming
    # Planned for Wednesday 12 March (passed, not yet recorded), due by Sunday 16 March.
    assert (upcoming.planned, upcoming.due) == (date(2025, 3, 12), date(2025, 3, 16))


def test_a_draft_dated_in_the_future_marks_the_record_started_without_calling_it_held(personas):
    plan = _plan(personas, "Held", date(2025, 1, 6), personas.conference_chair.worker)
    _review_draft(personas.conference_chair, plan, date(2025, 3, 20))
    found = conference_list_for_chair(user=personas.conference_chair, today=TODAY)
    assert found.to_record == []
    (upcoming,) = found.upcoming
    assert upcoming.record_started and upcoming.held_on == date(2025, 3, 20)


def test_a_conference_another_chair_follows_becomes_yours_once_you_start_its_record(personas):
    other = WorkerFactory(authority=personas.authority, team=None, chair=True)
    plan = _plan(personas, "Shared", date(2025, 1, 6), other)
    assert conference_list_for_chair(user=personas.conference_chair, today=TODAY).upcoming == []
    _review_draft(personas.conference_chair, plan, date(2025, 3, 12))
    found = conference_list_for_chair(user=personas.conference_chair, today=TODAY)
    assert _names(found.to_record) == ["Shared Testchild"]


def test_another_chairs_drafts_are_not_yours(personas):
    build_conferences(personas)
    other = WorkerFactory(authority=personas.authority, team=None, chair=True)
    other_user = type(personas.conference_chair).objects.create_user(username="chair2")
    other.user = other_user
    other.save()
    found = conference_list_for_chair(user=other_user, today=TODAY)
    assert found.to_record == []
    assert "Held Testchild" not in _names(found.upcoming)


def test_a_restricted_record_is_left_out_unless_the_chair_is_named_on_it(personas):
    restricted = _enquiry(personas, "Restricted", date(2025, 3, 3))
    restriction = RestrictedRecord.objects.create(child=restricted.child, reason="Staff")
    assert conference_list_for_chair(user=personas.conference_chair, today=TODAY).unchaired == []
    restriction.named_users.add(personas.conference_chair)
    found = conference_list_for_chair(user=personas.conference_chair, today=TODAY)
    assert _names(found.unchaired) == ["Restricted Testchild"]


# --- The page ---------------------------------------------------------------------------------


def _section(html: str, table_id: str) -> list[str]:
    """The children named in one of the page's tables, in order."""
    match = re.search(rf'<table [^>]*id="{table_id}".*?</table>', html, re.S)
    if match is None:
        return []
    return re.findall(r'role="rowheader"><a class="govuk-link" href="[^"]+">([^<]+)</a>', match[0])


def test_the_page_lists_each_section_with_links_to_record_and_says_what_the_clocks_are(
    personas, sign_in
):
    built = build_conferences(personas)
    response = sign_in(personas.conference_chair).get(reverse("cases:conferences"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _section(html, "to-record-table") == ["Held Testchild"]
    assert _section(html, "out-of-time-table") == ["Orphan Testchild", "Late Testchild"]
    assert _section(html, "upcoming-table") == ["Next Testchild"]
    assert _section(html, "no-chair-table") == ["Soon Testchild"]
    assert "9 working days" in html and "10 working days" in html
    record_review = reverse("cases:review_conference_record", args=[built["held"].pk])
    assert f'href="{record_review}">Finish the record' in html
    record_initial = reverse("cases:initial_conference_record", args=[built["late"].pk])
    assert f'href="{record_initial}">Record the conference' in html
    for clock in ("initial_conference", "first_review_conference", "later_review_conference"):
        assert f"within {CLOCKS[clock].period} of" in html
    figures = dict(re.findall(r'data-figure="([\w-]+)">(\d+)<', html))
    assert figures == {"to-record": "1", "out-of-time": "2", "upcoming": "1"}


def test_the_record_form_restores_the_draft_the_page_counts_as_started(personas, sign_in):
    """The page and the record's form use the same draft key: the draft the page reads is
    the one the form shows again."""
    plan = _plan(personas, "Held", date(2025, 1, 6), personas.conference_chair.worker)
    _review_draft(personas.conference_chair, plan, date(2025, 3, 13))
    form = sign_in(personas.conference_chair).get(
        reverse("cases:review_conference_record", args=[plan.pk])
    )
    assert form.status_code == 200
    html = form.content.decode()
    assert re.search(r'name="conference_date_0"[^>]*value="13"', html) or re.search(
        r'value="13"[^>]*name="conference_date_0"', html
    )


def test_the_page_is_audited_with_the_children_it_lists(personas, sign_in):
    built = build_conferences(personas)
    sign_in(personas.conference_chair).get(reverse("cases:conferences"))
    entry = AuditEntry.objects.filter(action=Action.SEARCH, object_type="cases.conference").get()
    assert entry.details["list"] == "chair_conferences"
    listed = {built[k].child.pk for k in ("late", "soon", "held", "next", "orphan")}
    assert set(entry.details["child_ids"]) == listed


# Session; the user with their worker (one query: accounts.backends); the conferences due
# (one UNION ALL of the two clocks); those of their children the chair may see, with names;
# the chairs still in post; the chair's drafts; the audit entry naming the children
# (savepoint, lock the chain's head, insert, move the head, release); and saving the
# session's last-seen time (savepoint, update, release).
PAGE_QUERIES = 14


@pytest.mark.parametrize("size", [1, 8])
def test_the_page_takes_the_same_queries_whatever_the_number_of_conferences(
    personas, sign_in, django_assert_num_queries, size
):
    chair = personas.conference_chair.worker
    left_chair = WorkerFactory(authority=personas.authority, team=None, chair=True)
    for n in range(size):
        _enquiry(personas, f"Late{n}", date(2025, 2, 10))
        plan = _plan(personas, f"Held{n}", date(2025, 1, 6), chair)
        _review_draft(personas.conference_chair, plan, date(2025, 3, 13))
        _plan(personas, f"Other{n}", date(2025, 1, 6), left_chair)
    AuditHead.objects.get_or_create(id=1)
    client = sign_in(personas.conference_chair)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("cases:conferences"))
    html = response.content.decode()
    assert len(_section(html, "to-record-table")) == size
    assert len(_section(html, "out-of-time-table")) == size


# --- Who may open it ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        "social_worker",
        "team_manager",
        "head_of_service",
        "front_door_worker",
        "auditor",
        "analyst",
        "system_administrator",
        "partner_user",
    ],
)
def test_only_a_conference_chair_may_open_the_page(personas, sign_in, role):
    assert sign_in(getattr(personas, role)).get(reverse("cases:conferences")).status_code == 403


def test_the_page_asks_for_the_chairs_permission():
    from django.urls import resolve

    assert resolve(reverse("cases:conferences")).func.safeguard_permission == "conference.list"

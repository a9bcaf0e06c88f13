"""A child's statutory timeline (`cases.workflow.timeline.due_items`), without a database.

Every expected date is a literal worked out by hand from the England bank holidays; the
working is in the comment beside it. A working day is Monday to Friday, not a bank holiday;
"N working days after D" counts from the first working day strictly after D.

Bank holidays used here: Christmas Day and Boxing Day 2024 (Wed 25, Thu 26 December), New
Year's Day 2025 (Wed 1 January), Good Friday and Easter Monday 2025 (18 and 21 April), the
early May bank holiday (Mon 5 May 2025) and the spring bank holiday (Mon 26 May 2025).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from safeguard.cases.workflow.timeline import (
    AssessmentFact,
    CaseFacts,
    ContactFact,
    DueItem,
    PlanFact,
    Section47Fact,
    VisitFact,
    due_items,
    open_items,
)
from safeguard.timescales.clocks import ClockStatus

DEFAULTS: Mapping[str, int] = {}


def items_for(
    facts: CaseFacts, clock: str, *, today: date, timescales: Mapping[str, int] = DEFAULTS
) -> list[DueItem]:
    return [
        item for item in due_items(facts, today=today, timescales=timescales) if item.clock == clock
    ]


def one(
    facts: CaseFacts, clock: str, *, today: date, timescales: Mapping[str, int] = DEFAULTS
) -> DueItem:
    found = items_for(facts, clock, today=today, timescales=timescales)
    assert len(found) == 1, found
    return found[0]


def seen(*days: date, kind: str = "cp_visit") -> tuple[VisitFact, ...]:
    return tuple(VisitFact(day, kind, child_seen=True) for day in days)


def not_seen(*days: date, kind: str = "cp_visit") -> tuple[VisitFact, ...]:
    return tuple(VisitFact(day, kind, child_seen=False) for day in days)


def dates(items: list[DueItem]) -> list[tuple[date, date, date | None, ClockStatus]]:
    return [(item.started, item.due, item.met, item.status) for item in items]


# --- Contact decision: 1 working day -----------------------------------------------------------


def test_a_contact_received_on_christmas_eve_is_due_a_decision_after_the_bank_holidays() -> None:
    # Received Tue 24 Dec 2024; Wed 25 and Thu 26 are bank holidays: 1st working day Fri 27.
    facts = CaseFacts(contacts=[ContactFact(1, date(2024, 12, 24), None)])

    item = one(facts, "contact_decision", today=date(2024, 12, 24))

    assert item.due == date(2024, 12, 27)
    assert item.subject == "contact"
    assert item.status is ClockStatus.DUE_SOON


def test_a_contact_decided_after_the_next_working_day_is_met_late() -> None:
    facts = CaseFacts(contacts=[ContactFact(1, date(2024, 12, 24), date(2024, 12, 30))])

    item = one(facts, "contact_decision", today=date(2025, 1, 6))

    assert (item.due, item.met, item.status) == (
        date(2024, 12, 27),
        date(2024, 12, 30),
        ClockStatus.MET_LATE,
    )


# --- Assessment: 45 working days from the referral, across Christmas ----------------------------

# Referral Fri 20 Dec 2024. Working days after it: Mon 23 (1), Tue 24 (2), [25, 26 bank
# holidays], Fri 27 (3), Mon 30 (4), Tue 31 (5), [1 Jan bank holiday], Thu 2 (6), Fri 3 (7);
# then five a week: 10 Jan (12), 17 Jan (17), 24 Jan (22), 31 Jan (27), 7 Feb (32),
# 14 Feb (37), 21 Feb (42); Mon 24 Feb (43), Tue 25 (44), Wed 26 Feb 2025 (45).
REFERRAL_BEFORE_CHRISTMAS = date(2024, 12, 20)
ASSESSMENT_DUE = date(2025, 2, 26)


@pytest.mark.parametrize(
    ("authorised", "status"),
    [
        (date(2025, 2, 26), ClockStatus.MET_IN_TIME),
        (date(2025, 2, 27), ClockStatus.MET_LATE),
    ],
)
def test_an_assessment_is_due_45_working_days_after_a_referral_before_christmas(
    authorised: date, status: ClockStatus
) -> None:
    facts = CaseFacts(assessments=[AssessmentFact(7, REFERRAL_BEFORE_CHRISTMAS, authorised)])

    item = one(facts, "assessment", today=date(2025, 3, 14))

    assert (item.subject, item.subject_id) == ("assessment", 7)
    assert (item.started, item.due, item.met, item.status) == (
        REFERRAL_BEFORE_CHRISTMAS,
        ASSESSMENT_DUE,
        authorised,
        status,
    )


@pytest.mark.parametrize(
    ("today", "status"),
    [
        # Five working days before the due date is the default "due soon" window:
        # from Tue 18 Feb there are six left (19, 20, 21, 24, 25, 26), from Wed 19 five.
        (date(2025, 2, 18), ClockStatus.UPCOMING),
        (date(2025, 2, 19), ClockStatus.DUE_SOON),
        (date(2025, 2, 26), ClockStatus.DUE_SOON),
        (date(2025, 2, 27), ClockStatus.OVERDUE),
    ],
)
def test_an_unauthorised_assessment_is_upcoming_then_due_soon_then_overdue(
    today: date, status: ClockStatus
) -> None:
    facts = CaseFacts(assessments=[AssessmentFact(7, REFERRAL_BEFORE_CHRISTMAS, None)])

    item = one(facts, "assessment", today=today)

    assert item.due == ASSESSMENT_DUE
    assert item.status is status
    assert item.is_open


def test_the_due_soon_window_is_local_policy() -> None:
    facts = CaseFacts(assessments=[AssessmentFact(7, REFERRAL_BEFORE_CHRISTMAS, None)])

    item = one(
        facts, "assessment", today=date(2025, 2, 25), timescales={"DUE_SOON_WORKING_DAYS": 0}
    )

    assert item.status is ClockStatus.UPCOMING


# --- Initial conference: 15 working days from the strategy discussion, across Easter ------------

# Section 47 enquiry started Thu 10 Apr 2025. Working days after it: Fri 11 (1), Mon 14 to
# Thu 17 (2-5), [Good Friday 18, weekend, Easter Monday 21], Tue 22 to Fri 25 (6-9), Mon 28 to
# Fri 2 May (10-14), [weekend, early May bank holiday Mon 5], Tue 6 May 2025 (15).
SECTION47_BEFORE_EASTER = date(2025, 4, 10)
INITIAL_CONFERENCE_DUE = date(2025, 5, 6)


@pytest.mark.parametrize(
    ("held", "status"),
    [(date(2025, 5, 6), ClockStatus.MET_IN_TIME), (date(2025, 5, 7), ClockStatus.MET_LATE)],
)
def test_an_initial_conference_is_due_15_working_days_after_the_enquiry_starts_across_easter(
    held: date, status: ClockStatus
) -> None:
    facts = CaseFacts(section47_enquiries=[Section47Fact(3, SECTION47_BEFORE_EASTER, True, held)])

    item = one(facts, "initial_conference", today=date(2025, 6, 2))

    assert (item.subject, item.subject_id) == ("section47_enquiry", 3)
    assert (item.due, item.met, item.status) == (INITIAL_CONFERENCE_DUE, held, status)


def test_an_enquiry_still_deciding_on_a_conference_keeps_its_clock() -> None:
    facts = CaseFacts(section47_enquiries=[Section47Fact(3, SECTION47_BEFORE_EASTER, None, None)])

    item = one(facts, "initial_conference", today=date(2025, 5, 7))

    assert (item.due, item.status) == (INITIAL_CONFERENCE_DUE, ClockStatus.OVERDUE)


def test_an_enquiry_that_needs_no_conference_has_no_conference_clock() -> None:
    facts = CaseFacts(section47_enquiries=[Section47Fact(3, SECTION47_BEFORE_EASTER, False, None)])

    assert items_for(facts, "initial_conference", today=date(2025, 5, 7)) == []


# --- Child protection plan: first core group ------------------------------------------------------

# Initial conference Mon 3 Mar 2025. Ten working days after it: Tue 4 to Fri 7 (1-4),
# Mon 10 to Fri 14 (5-9), Mon 17 Mar 2025 (10). No bank holidays in March 2025.
PLAN_START = date(2025, 3, 3)


def test_the_first_core_group_is_due_10_working_days_after_the_initial_conference() -> None:
    plan = PlanFact(1, PLAN_START, None, core_group_dates=[date(2025, 2, 28), date(2025, 3, 12)])

    item = one(CaseFacts(protection_plans=[plan]), "first_core_group", today=date(2025, 3, 31))

    # A core group dated before the plan started belongs to another plan and is ignored.
    assert (item.due, item.met, item.status) == (
        date(2025, 3, 17),
        date(2025, 3, 12),
        ClockStatus.MET_IN_TIME,
    )


# --- Child protection visits --------------------------------------------------------------------


def cp_plan_facts(*visits: VisitFact, end: date | None = None) -> CaseFacts:
    return CaseFacts(protection_plans=[PlanFact(1, PLAN_START, end)], visits=visits)


def test_a_visit_where_the_child_was_not_seen_does_not_stop_the_clock() -> None:
    # From the plan start Mon 3 Mar: due Mon 17 Mar (worked above). Tue 11 Mar: not seen.
    facts = cp_plan_facts(*not_seen(date(2025, 3, 11)))

    assert dates(items_for(facts, "cp_visit", today=date(2025, 3, 18))) == [
        (PLAN_START, date(2025, 3, 17), None, ClockStatus.OVERDUE)
    ]


def test_a_visit_where_the_child_was_seen_restarts_the_clock() -> None:
    # Seen Fri 14 Mar: next due ten working days later, Mon 17 to Fri 21 (1-5), Mon 24 to
    # Fri 28 Mar 2025 (6-10).
    facts = cp_plan_facts(*not_seen(date(2025, 3, 11)), *seen(date(2025, 3, 14)))

    assert dates(items_for(facts, "cp_visit", today=date(2025, 3, 28))) == [
        (PLAN_START, date(2025, 3, 17), date(2025, 3, 14), ClockStatus.MET_IN_TIME),
        (date(2025, 3, 14), date(2025, 3, 28), None, ClockStatus.DUE_SOON),
    ]


def test_a_plan_is_overdue_a_visit_when_the_child_was_last_seen_more_than_10_working_days_ago() -> (
    None
):
    # Last seen Fri 14 Mar; Mon 31 Mar is the 11th working day after it.
    facts = cp_plan_facts(*seen(date(2025, 3, 14)), *not_seen(date(2025, 3, 27)))

    open_visit = [i for i in items_for(facts, "cp_visit", today=date(2025, 3, 31)) if i.is_open]

    assert dates(open_visit) == [(date(2025, 3, 14), date(2025, 3, 28), None, ClockStatus.OVERDUE)]


def test_a_late_visit_is_met_late_and_restarts_the_clock_from_itself() -> None:
    # Seen Wed 19 Mar, two days after the 17 Mar due date. Next: Thu 20, Fri 21 (1-2),
    # Mon 24 to Fri 28 (3-7), Mon 31 Mar, Tue 1 and Wed 2 Apr 2025 (8-10).
    facts = cp_plan_facts(*seen(date(2025, 3, 19)))

    assert dates(items_for(facts, "cp_visit", today=date(2025, 3, 20))) == [
        (PLAN_START, date(2025, 3, 17), date(2025, 3, 19), ClockStatus.MET_LATE),
        (date(2025, 3, 19), date(2025, 4, 2), None, ClockStatus.UPCOMING),
    ]


def test_the_visit_interval_is_local_policy() -> None:
    # CP_VISIT_WORKING_DAYS = 15. From Mon 3 Mar: 4-7 (1-4), 10-14 (5-9), 17-21 (10-14),
    # Mon 24 Mar (15). From Fri 14 Mar: 17-21 (1-5), 24-28 (6-10), Mon 31 Mar to
    # Fri 4 Apr 2025 (11-15).
    facts = cp_plan_facts(*seen(date(2025, 3, 14)))
    local = {"CP_VISIT_WORKING_DAYS": 15}

    assert dates(items_for(facts, "cp_visit", today=date(2025, 3, 31), timescales=local)) == [
        (PLAN_START, date(2025, 3, 24), date(2025, 3, 14), ClockStatus.MET_IN_TIME),
        (date(2025, 3, 14), date(2025, 4, 4), None, ClockStatus.DUE_SOON),
    ]
    # Statutory and other clocks keep their own length.
    assert one(facts, "first_core_group", today=date(2025, 3, 31), timescales=local).due == (
        date(2025, 3, 17)
    )


def test_visits_of_another_kind_do_not_meet_the_protection_plan_visit_clock() -> None:
    facts = cp_plan_facts(*seen(date(2025, 3, 14), kind="cin_visit"))

    assert dates(items_for(facts, "cp_visit", today=date(2025, 3, 18))) == [
        (PLAN_START, date(2025, 3, 17), None, ClockStatus.OVERDUE)
    ]


# --- Child protection review conferences ---------------------------------------------------------


def test_the_first_review_is_due_3_months_after_the_initial_conference_then_every_6_months() -> (
    None
):
    # ICPC Fri 29 Nov 2024: three months on is "29 February 2025", which does not exist, so
    # Fri 28 Feb 2025. Reviewed Thu 27 Feb: next within six months, Wed 27 Aug 2025.
    plan = PlanFact(1, date(2024, 11, 29), None, review_dates=[date(2025, 2, 27)])

    items = [
        i
        for i in due_items(
            CaseFacts(protection_plans=[plan]), today=date(2025, 4, 1), timescales={}
        )
        if i.clock.endswith("review_conference")
    ]

    assert [(i.clock, i.started, i.due, i.met, i.status) for i in items] == [
        (
            "first_review_conference",
            date(2024, 11, 29),
            date(2025, 2, 28),
            date(2025, 2, 27),
            ClockStatus.MET_IN_TIME,
        ),
        (
            "later_review_conference",
            date(2025, 2, 27),
            date(2025, 8, 27),
            None,
            ClockStatus.UPCOMING,
        ),
    ]


def test_a_late_first_review_restarts_the_six_month_clock_from_when_it_was_held() -> None:
    plan = PlanFact(1, date(2024, 11, 29), None, review_dates=[date(2025, 3, 3)])
    facts = CaseFacts(protection_plans=[plan])

    first = one(facts, "first_review_conference", today=date(2025, 4, 1))
    later = one(facts, "later_review_conference", today=date(2025, 4, 1))

    assert (first.due, first.met, first.status) == (
        date(2025, 2, 28),
        date(2025, 3, 3),
        ClockStatus.MET_LATE,
    )
    assert (later.started, later.due) == (date(2025, 3, 3), date(2025, 9, 3))


def test_the_clocks_of_an_ended_plan_stop() -> None:
    # Plan from Mon 3 Mar 2025, ended at a review on Thu 29 May 2025. Visits every fortnight,
    # each within ten working days of the one before:
    #   3 Mar -> due 17 Mar, seen 14 Mar;  14 Mar -> due 28 Mar, seen 28 Mar;
    #   28 Mar -> 31 Mar-4 Apr (1-5), 7-11 Apr (6-10): due 11 Apr, seen 11 Apr;
    #   11 Apr -> 14-17 (1-4), [Easter 18-21], 22-25 (5-8), 28, 29 (9-10): due 29 Apr, seen 25 Apr;
    #   25 Apr -> 28 Apr-2 May (1-5), [5 May], 6-9 (6-9), 12 (10): due 12 May, seen 9 May;
    #   9 May -> 12-16 (1-5), 19-22 (6-9), 23 (10): due 23 May, seen 22 May;
    #   22 May -> 23 (1), [26 May], 27-30 (2-5), 2-6 Jun (6-10): due 6 Jun, after the plan ended.
    # A visit after the plan ended (5 Jun) belongs to no plan.
    visits = seen(
        date(2025, 3, 14),
        date(2025, 3, 28),
        date(2025, 4, 11),
        date(2025, 4, 25),
        date(2025, 5, 9),
        date(2025, 5, 22),
        date(2025, 6, 5),
    )
    plan = PlanFact(
        1,
        PLAN_START,
        date(2025, 5, 29),
        review_dates=[date(2025, 5, 29)],
        core_group_dates=[date(2025, 3, 12)],
    )
    facts = CaseFacts(protection_plans=[plan], visits=visits)

    items = due_items(facts, today=date(2025, 7, 1), timescales={})

    assert open_items(items) == []
    assert {i.status for i in items} == {ClockStatus.MET_IN_TIME}
    assert [i.due for i in items if i.clock == "cp_visit"] == [
        date(2025, 3, 17),
        date(2025, 3, 28),
        date(2025, 4, 11),
        date(2025, 4, 29),
        date(2025, 5, 12),
        date(2025, 5, 23),
    ]
    # The conference that ended the plan met the first review clock (due Tue 3 Jun 2025).
    review = one(facts, "first_review_conference", today=date(2025, 7, 1))
    assert (review.due, review.met) == (date(2025, 6, 3), date(2025, 5, 29))


def test_a_clock_that_fell_due_before_the_plan_ended_stays_on_the_record() -> None:
    # No core group before the plan ended on Mon 31 Mar; it was due on Mon 17 Mar.
    plan = PlanFact(1, PLAN_START, date(2025, 3, 31), review_dates=[date(2025, 3, 31)])

    item = one(CaseFacts(protection_plans=[plan]), "first_core_group", today=date(2025, 4, 1))

    assert (item.due, item.met) == (date(2025, 3, 17), None)
    assert item.status == ClockStatus.OVERDUE
    assert item.closed and not item.is_open


# --- Child in need plans ----------------------------------------------------------------------


def test_a_child_in_need_plan_is_reviewed_every_3_months_and_visited_every_20_working_days() -> (
    None
):
    # Plan from Mon 3 Feb 2025. Review: three months on, Sat 3 May 2025 (calendar months do
    # not move to a working day). Visit: 4-7 Feb (1-4), then five a week to Fri 28 Feb (19),
    # Mon 3 Mar 2025 (20).
    facts = CaseFacts(cin_plans=[PlanFact(2, date(2025, 2, 3), None)])

    review = one(facts, "cin_plan_review", today=date(2025, 2, 10))
    visit = one(facts, "cin_visit", today=date(2025, 2, 10))

    assert (review.subject, review.due) == ("cin_plan", date(2025, 5, 3))
    assert (visit.subject, visit.due) == ("cin_plan", date(2025, 3, 3))


def test_the_child_in_need_review_interval_is_local_policy() -> None:
    facts = CaseFacts(cin_plans=[PlanFact(2, date(2025, 2, 3), None)])

    review = one(
        facts, "cin_plan_review", today=date(2025, 2, 10), timescales={"CIN_REVIEW_MONTHS": 1}
    )

    assert review.due == date(2025, 3, 3)


# --- Looked after -------------------------------------------------------------------------------

# Looked after from Mon 2 Dec 2024. First review within 20 working days: 3-6 Dec (1-4),
# 9-13 (5-9), 16-20 (10-14), Mon 23, Tue 24 (15-16), [25, 26 Dec], Fri 27, Mon 30, Tue 31
# (17-19), [1 Jan], Thu 2 Jan 2025 (20).
CARE_START = date(2024, 12, 2)


def test_looked_after_reviews_are_due_at_20_working_days_then_3_months_then_6_months() -> None:
    # Reviewed Thu 19 Dec 2024 -> second due Wed 19 Mar 2025; reviewed Fri 14 Mar 2025 ->
    # next due Sun 14 Sep 2025.
    period = PlanFact(5, CARE_START, None, review_dates=[date(2024, 12, 19), date(2025, 3, 14)])

    items = [
        i
        for i in due_items(CaseFacts(care_periods=[period]), today=date(2025, 4, 1), timescales={})
        if i.clock.endswith("review")
    ]

    assert [(i.clock, i.started, i.due, i.met, i.status) for i in items] == [
        (
            "lac_first_review",
            CARE_START,
            date(2025, 1, 2),
            date(2024, 12, 19),
            ClockStatus.MET_IN_TIME,
        ),
        (
            "lac_second_review",
            date(2024, 12, 19),
            date(2025, 3, 19),
            date(2025, 3, 14),
            ClockStatus.MET_IN_TIME,
        ),
        ("lac_later_review", date(2025, 3, 14), date(2025, 9, 14), None, ClockStatus.UPCOMING),
    ]
    assert {i.subject for i in items} == {"care_period"}


def test_a_first_looked_after_review_after_20_working_days_is_met_late() -> None:
    period = PlanFact(5, CARE_START, None, review_dates=[date(2025, 1, 3)])

    item = one(CaseFacts(care_periods=[period]), "lac_first_review", today=date(2025, 1, 6))

    assert (item.due, item.status) == (date(2025, 1, 2), ClockStatus.MET_LATE)


def test_a_looked_after_child_is_visited_within_a_week_then_every_6_weeks() -> None:
    # From Mon 2 Dec 2024: first visit due Mon 9 Dec; seen Fri 6 Dec -> next due six weeks
    # later, Fri 17 Jan 2025.
    facts = CaseFacts(
        care_periods=[PlanFact(5, CARE_START, None)],
        visits=seen(date(2024, 12, 6), kind="lac_visit"),
    )

    first = one(facts, "lac_first_visit", today=date(2025, 1, 6))
    later = one(facts, "lac_visit", today=date(2025, 1, 6))

    assert (first.due, first.met, first.status) == (
        date(2024, 12, 9),
        date(2024, 12, 6),
        ClockStatus.MET_IN_TIME,
    )
    assert (later.started, later.due, later.status) == (
        date(2024, 12, 6),
        date(2025, 1, 17),
        ClockStatus.UPCOMING,
    )


# --- The whole timeline -------------------------------------------------------------------------


def test_the_timeline_lists_every_clock_soonest_due_first() -> None:
    facts = CaseFacts(
        contacts=[ContactFact(1, date(2024, 12, 19), date(2024, 12, 20))],
        assessments=[AssessmentFact(1, REFERRAL_BEFORE_CHRISTMAS, None)],
        section47_enquiries=[Section47Fact(1, date(2025, 1, 13), True, None)],
    )

    items = due_items(facts, today=date(2025, 1, 14), timescales={})

    # Contact: Thu 19 Dec + 1 working day = Fri 20 Dec. Enquiry Mon 13 Jan + 15 working days:
    # 14-17 (1-4), 20-24 (5-9), 27-31 (10-14), Mon 3 Feb 2025 (15).
    assert [(i.clock, i.due) for i in items] == [
        ("contact_decision", date(2024, 12, 20)),
        ("initial_conference", date(2025, 2, 3)),
        ("assessment", ASSESSMENT_DUE),
    ]
    assert [i.clock for i in open_items(items)] == ["initial_conference", "assessment"]


def test_a_case_with_no_episodes_has_no_clocks() -> None:
    assert due_items(CaseFacts(), today=date(2025, 1, 14), timescales={}) == []

"""Personal education plans on time, return home interviews and care leavers in touch, on
hand-worked cases (Easter 2025: Good Friday 18 and Easter Monday 21 April; early May bank
holiday Monday 5 May; 29 February), the same answer as each child's own timeline and as the
SSDA903 return's OC3, team attribution, and who sees the young people behind them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.care import clocks as care_clocks
from safeguard.care import selectors as care_selectors
from safeguard.care.models import MissingEpisode, PersonalEducationPlan
from safeguard.care_leavers import eligibility
from safeguard.care_leavers.models import CareLeaverContact
from safeguard.care_leavers.selectors import care_spells_by_child
from safeguard.cases.models import Allocation, LookedAfterPeriod
from safeguard.cases.tests.factories import (
    AllocationFactory,
    LookedAfterPeriodFactory,
    PlacementFactory,
)
from safeguard.people.tests.factories import ChildFactory
from safeguard.performance import queries
from safeguard.performance.registry import (
    CARE_LEAVER_AGE_MONTHS,
    INDICATORS,
    OC3_WINDOW_MONTHS,
    PEP_FROM_AGE_MONTHS,
)
from safeguard.returns.ssda903 import build
from safeguard.timescales.clocks import ClockStatus, local_timescales

from .indicator_runs import APRIL, run

pytestmark = pytest.mark.django_db

YEAR = (date(2024, 4, 1), date(2025, 3, 31))
EVERYONE = ("SELECT id FROM people_person", [])


def facts(authority, slug, period=APRIL):
    rows, hidden = queries.fact_rows(
        INDICATORS[slug],
        queries.Period(*period),
        authority,
        team_id=None,
        numerator_only=False,
        children_sql=EVERYONE,
        limit=None,
    )
    assert hidden == 0
    return {row["child_id"]: row for row in rows}


def in_care(team, since, *, born=date(2015, 6, 1), ended=None, child=None):
    if child is None:
        child = ChildFactory(date_of_birth=born)
        AllocationFactory(child=child, team=team, start_date=since)
    period = LookedAfterPeriodFactory(
        child=child, start_date=since, end_date=ended, reason_ceased="E13" if ended else ""
    )
    return child, period


def test_the_indicators_lengths_are_the_rules_own():
    assert PEP_FROM_AGE_MONTHS == 12 * care_clocks.PEP_FROM_AGE
    assert OC3_WINDOW_MONTHS == {
        "oc3_months_before": build.OC3_MONTHS_BEFORE,
        "oc3_months_after": build.OC3_MONTHS_AFTER,
    }
    assert INDICATORS["care_leavers_in_touch"].parameters["qualifying_days"] == (
        eligibility.QUALIFYING_DAYS
    )
    # The short breaks the SQL leaves out, by their legal statuses.
    assert {"V3", "V4"} == eligibility.SHORT_BREAKS
    assert "NOT IN ('V3', 'V4')" in INDICATORS["care_leavers_in_touch"].sql
    # OC3's own exclusions, by the reason the last period of care ended.
    assert {"E2", "E3", "E11", "E12"} == build.OC3_NOT_CARE_LEAVERS
    assert "NOT IN ('E2', 'E3', 'E11', 'E12')" in INDICATORS["care_leavers_in_touch"].sql
    assert CARE_LEAVER_AGE_MONTHS["age_22_months"] == 12 * (build.OC3_AGES.stop)


# --- Personal education plans -------------------------------------------------------------------


def pep(period, on):
    return PersonalEducationPlan.objects.create(
        child=period.child,
        period=period,
        kind=PersonalEducationPlan.Kind.INITIAL,
        meeting_date=on,
        school="Northbridge Example Primary",
        virtual_school_involved=True,
    )


def pep_cases(team):
    """Children who became looked after in April 2025 (PEP due 20 working days later):

    - on_the_day: from Tue 1 April; 2-4 (3), 7-11 (8), 14-17 (12), (Easter) 22-25 (16), 28-30
      (19), Thu 1 May (20): in place 1 May, in time (without Easter it was due 29 April).
    - a_day_late: from 1 April, in place Fri 2 May: late, 21 working days.
    - over_may_day: from Thu 3 April, due Tue 6 May (Mon 5 May a bank holiday); in place
      6 May: in time.
    - turned_three: in care since 10 January 2025 aged 2; 3 on Tue 15 April, when the clock
      starts (counted in April, not January); in place that day.
    - not_yet: from Mon 7 April, nothing yet: due Thu 8 May, after April: not on time.
    - ended_first: from Wed 2 April (due Fri 2 May), care ended 25 April with no plan: none due.
    - march: from Mon 3 March, due 31 March, in place 28 March: not in April's cohort.
    - three_after_care: born 20 April 2022, in care 1-10 April 2025: never 3 while looked
      after, no plan due.
    """
    on_the_day, period = in_care(team, date(2025, 4, 1))
    pep(period, date(2025, 5, 1))
    a_day_late, period = in_care(team, date(2025, 4, 1))
    pep(period, date(2025, 5, 2))
    over_may_day, period = in_care(team, date(2025, 4, 3))
    pep(period, date(2025, 5, 6))
    turned_three, period = in_care(team, date(2025, 1, 10), born=date(2022, 4, 15))
    pep(period, date(2025, 4, 15))
    not_yet, _ = in_care(team, date(2025, 4, 7))
    ended_first, _ = in_care(team, date(2025, 4, 2), ended=date(2025, 4, 25))
    march, period = in_care(team, date(2025, 3, 3))
    pep(period, date(2025, 3, 28))
    three_after_care, _ = in_care(
        team, date(2025, 4, 1), born=date(2022, 4, 20), ended=date(2025, 4, 10)
    )
    return {
        "on_the_day": on_the_day,
        "a_day_late": a_day_late,
        "over_may_day": over_may_day,
        "turned_three": turned_three,
        "not_yet": not_yet,
        "ended_first": ended_first,
        "march": march,
        "three_after_care": three_after_care,
    }


def test_children_who_became_looked_after_and_the_share_with_a_plan_in_time(authority, team_a):
    pep_cases(team_a)
    result = run(authority, "lac_peps_on_time")
    # on_the_day, a_day_late, over_may_day, turned_three, not_yet: 3 of 5 in time.
    assert (result.count, result.numerator, result.value) == (5, 3, Decimal("60.0"))
    assert {row.key: row.count for row in result.breakdown} == {
        "before_start": 1,
        "in_time": 2,
        "late": 1,
        "not_in_place": 0,
        "due_after_period": 1,
    }


def test_a_plan_is_dated_by_the_day_its_clock_started_with_the_working_days_it_took(
    authority, team_a
):
    cases = pep_cases(team_a)
    rows = facts(authority, "lac_peps_on_time")
    by_child = {k: (r["event_date"], r["days"], r["numerator"]) for k, r in rows.items()}
    assert by_child[cases["on_the_day"].pk] == (date(2025, 4, 1), 20, 1)
    assert by_child[cases["a_day_late"].pk] == (date(2025, 4, 1), 21, 0)
    assert by_child[cases["over_may_day"].pk] == (date(2025, 4, 3), 20, 1)
    assert by_child[cases["turned_three"].pk] == (date(2025, 4, 15), 0, 1)
    assert by_child[cases["not_yet"].pk] == (date(2025, 4, 7), None, 0)


def test_a_plan_still_missing_after_its_day_is_not_in_place_over_a_longer_period(authority, team_a):
    pep_cases(team_a)
    result = run(authority, "lac_peps_on_time", period=(date(2025, 4, 1), date(2025, 6, 30)))
    breakdown = {row.key: row.count for row in result.breakdown}
    assert (breakdown["not_in_place"], breakdown["due_after_period"]) == (1, 0)
    assert (result.count, result.numerator) == (5, 3)


def test_the_plans_counted_are_those_on_each_childs_timeline(authority, team_a):
    children = pep_cases(team_a)
    timescales = local_timescales(authority)
    due: list[Any] = []
    for child in children.values():
        items = care_selectors.pep_due_items_for_child(
            child=child, today=date(2025, 6, 30), timescales=timescales
        )
        due += [i for i in items if i.clock == "lac_pep" and APRIL[0] <= i.started <= APRIL[1]]
    result = run(authority, "lac_peps_on_time")
    assert result.count == len(due)
    assert result.numerator == sum(1 for i in due if i.status is ClockStatus.MET_IN_TIME)


def test_a_plan_is_the_teams_that_held_the_case_on_the_day_it_was_due(authority, team_a, team_b):
    # From 1 April, due Thu 1 May; the case moved to Team B on Wed 30 April.
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, start_date=date(2025, 4, 1), end_date=date(2025, 4, 30)
    )
    AllocationFactory(child=child, team=team_b, start_date=date(2025, 4, 30))
    in_care(None, date(2025, 4, 1), child=child)
    assert run(authority, "lac_peps_on_time", team=team_a).count == 0
    assert run(authority, "lac_peps_on_time", team=team_b).count == 1


# --- Return home interviews ---------------------------------------------------------------------


def missing(period, *, back, start=None, offered=None, accepted=None, held=None):
    return MissingEpisode.objects.create(
        child=period.child,
        period=period,
        kind=MissingEpisode.Kind.MISSING,
        start_date=start or back,
        end_date=back,
        rhi_offered=offered,
        rhi_accepted=accepted,
        rhi_date=held,
    )


def missing_cases(team):
    """Episodes of one child in care since 2024; 72 hours read as 3 calendar days:

    - back Thu 17 April, interview Sun 20 April (3 days, over Easter: bank holidays do not
      matter here): in time. Back 17 April, interview Mon 21 April (4 days): late.
    - back 30 April, interview Sat 3 May: in time, counted in April (dated by the return).
    - back 3 April: accepted, no day recorded; 8 April: declined; 9 April: offered, no answer;
      10 April: not offered; 11 April: nothing recorded.
    - back 31 March, interview 2 April: March's. Missing since 28 April: not back, not counted.
    """
    child, period = in_care(team, date(2024, 9, 2))
    missing(period, back=date(2025, 4, 17), offered=True, accepted=True, held=date(2025, 4, 20))
    missing(period, back=date(2025, 4, 17), offered=True, accepted=True, held=date(2025, 4, 21))
    missing(period, back=date(2025, 4, 30), offered=True, accepted=True, held=date(2025, 5, 3))
    missing(period, back=date(2025, 4, 3), offered=True, accepted=True)
    missing(period, back=date(2025, 4, 8), offered=True, accepted=False)
    missing(period, back=date(2025, 4, 9), offered=True)
    missing(period, back=date(2025, 4, 10), offered=False)
    missing(period, back=date(2025, 4, 11))
    missing(period, back=date(2025, 3, 31), offered=True, accepted=True, held=date(2025, 4, 2))
    MissingEpisode.objects.create(
        child=child, period=period, kind=MissingEpisode.Kind.AWAY, start_date=date(2025, 4, 28)
    )
    return child


def test_episodes_ended_in_the_period_and_the_share_with_an_interview_in_72_hours(
    authority, team_a
):
    missing_cases(team_a)
    result = run(authority, "missing_return_interviews")
    assert (result.count, result.numerator) == (8, 2)
    assert result.value == Decimal("25.0")
    assert {row.key: row.count for row in result.breakdown} == {
        "held_in_time": 2,
        "held_late": 1,
        "accepted_not_held": 1,
        "declined": 1,
        "offered_no_answer": 1,
        "not_offered": 1,
        "not_recorded": 1,
    }


def test_an_interview_counts_the_calendar_days_from_the_return(authority, team_a):
    missing_cases(team_a)
    rows, _ = queries.fact_rows(
        INDICATORS["missing_return_interviews"],
        queries.Period(*APRIL),
        authority,
        team_id=None,
        numerator_only=False,
        children_sql=EVERYONE,
        limit=None,
    )
    held = sorted(
        (r["event_date"], r["days"], r["numerator"]) for r in rows if r["days"] is not None
    )
    assert held == [
        (date(2025, 4, 17), 3, 1),
        (date(2025, 4, 17), 4, 0),
        (date(2025, 4, 30), 3, 1),
    ]


def test_the_interviews_counted_are_those_on_the_childs_timeline(authority, team_a):
    child = missing_cases(team_a)
    items = care_selectors.return_interview_due_items_for_child(
        child=child, today=date(2025, 6, 30), timescales=local_timescales(authority)
    )
    ended_in_april = [i for i in items if APRIL[0] <= i.started <= APRIL[1]]
    result = run(authority, "missing_return_interviews")
    assert result.count == len(ended_in_april)
    assert result.numerator == sum(1 for i in ended_in_april if i.status is ClockStatus.MET_IN_TIME)


# --- Care leavers in touch ----------------------------------------------------------------------


def young_person(team, born, *spells, last_reason="E13", contacts=()):
    """A young person born on `born`, looked after in each (start, end, legal status) spell
    (one period of care each), with contacts (day, OC3 answer)."""
    person = ChildFactory(date_of_birth=born)
    AllocationFactory(child=person, team=team, start_date=spells[0][0])
    for start, end, legal_status in spells:
        period = LookedAfterPeriodFactory(
            child=person, start_date=start, end_date=end, reason_ceased=last_reason
        )
        PlacementFactory(period=period, start_date=start, end_date=end, legal_status=legal_status)
    for day, answer in contacts:
        in_touch = answer == "YES"
        CareLeaverContact.objects.create(
            child=person,
            contact_date=day,
            in_touch=answer,
            accommodation="B" if in_touch else "",
            accommodation_suitable=True if in_touch else None,
            activity="F2" if in_touch else "",
        )
    return person


def care_leaver_cases(team):
    """Young people on Monday 31 March 2025, the last day of the year to 31 March:

    - in_touch: born 10 June 2005, 19 on 10 June 2024, in care from 16 to 18; in touch on
      1 June 2024 (within 3 months before the birthday).
    - window_missed: 20 on 15 January 2025; the window runs 15 October 2024 to 15 February
      2025: not in touch on 20 January, in touch on 16 February (a day after): not in touch.
    - window_edge: 21 on 15 January 2025; in touch on 15 October 2024, the window's first day.
    - after_the_year: 19 on 20 March 2025; in touch on 15 April, after the last day but inside
      the month after the birthday, as the return reads it.
    - leap_day: born 29 February 2004, 21 on 1 March 2025 (no 29th); in touch on 1 April 2025,
      the window's last day (were the birthday 28 February, the window would end 28 March).
    - no_contact: 21 on 1 April 2024 (born 1 April 2003; 22 only on 1 April 2025): no contact.
    - refuses: 20 on 1 September 2024; refuses contact on 1 September.
    - ninety_one: born 1 January 2005 (16 by 2021); two overlapping placements, 1 February to
      3 April and 1 March to 3 May 2021 (the day care ends is not looked after): 1 February
      to 2 May, 28 + 31 + 30 + 2 = 91 days counted once: a care leaver; in touch.
    Not counted:
    - ninety: the same from 1 February to 1 May, 90 days: never eligible.
    - too_young: 18 (19 on 1 April 2025); too_old: 22 on the last day (born 31 March 2003).
    - before_16: looked after at 15 only (200 days); short_breaks: 200 days under V3.
    - adopted: care ended in adoption (E11); died: the return records that they died.
    """

    def cared_for(born, **kwargs):
        start = eligibility.birthday(born, 16)
        return young_person(team, born, (start, eligibility.birthday(born, 18), "C2"), **kwargs)

    cases = {
        "in_touch": cared_for(date(2005, 6, 10), contacts=[(date(2024, 6, 1), "YES")]),
        "window_missed": cared_for(
            date(2005, 1, 15),
            contacts=[(date(2025, 1, 20), "NO"), (date(2025, 2, 16), "YES")],
        ),
        "window_edge": cared_for(date(2004, 1, 15), contacts=[(date(2024, 10, 15), "YES")]),
        "after_the_year": cared_for(date(2006, 3, 20), contacts=[(date(2025, 4, 15), "YES")]),
        "leap_day": cared_for(date(2004, 2, 29), contacts=[(date(2025, 4, 1), "YES")]),
        "no_contact": cared_for(date(2003, 4, 1)),
        "refuses": cared_for(date(2004, 9, 1), contacts=[(date(2024, 9, 1), "REFU")]),
        "ninety_one": young_person(
            team,
            date(2005, 1, 1),
            (date(2021, 2, 1), date(2021, 4, 3), "C2"),
            (date(2021, 3, 1), date(2021, 5, 3), "C2"),
            contacts=[(date(2025, 1, 1), "YES")],
        ),
        "ninety": young_person(
            team,
            date(2005, 1, 1),
            (date(2021, 2, 1), date(2021, 4, 3), "C2"),
            (date(2021, 3, 1), date(2021, 5, 2), "C2"),
            contacts=[(date(2025, 1, 1), "YES")],
        ),
        "too_young": cared_for(date(2006, 4, 1), contacts=[(date(2025, 3, 1), "YES")]),
        "too_old": cared_for(date(2003, 3, 31), contacts=[(date(2025, 3, 31), "YES")]),
        "before_16": young_person(
            team,
            date(2004, 6, 1),
            (date(2019, 6, 1), date(2019, 12, 18), "C2"),
            contacts=[(date(2024, 6, 1), "YES")],
        ),
        "short_breaks": young_person(
            team,
            date(2004, 6, 1),
            (date(2020, 7, 1), date(2021, 1, 17), "V3"),
            contacts=[(date(2024, 6, 1), "YES")],
        ),
        "adopted": cared_for(
            date(2004, 6, 1), last_reason="E11", contacts=[(date(2024, 6, 1), "YES")]
        ),
        "died": cared_for(date(2004, 6, 1), contacts=[(date(2024, 6, 1), "DIED")]),
    }
    return cases


COUNTED = (
    "in_touch",
    "window_missed",
    "window_edge",
    "after_the_year",
    "leap_day",
    "no_contact",
    "refuses",
    "ninety_one",
)


def test_care_leavers_aged_19_to_21_and_the_share_in_touch(authority, team_a):
    cases = care_leaver_cases(team_a)
    rows = facts(authority, "care_leavers_in_touch", period=YEAR)
    assert sorted(rows) == sorted(cases[name].pk for name in COUNTED)
    in_touch = {"in_touch", "window_edge", "after_the_year", "leap_day", "ninety_one"}
    assert {name for name in COUNTED if rows[cases[name].pk]["numerator"]} == in_touch
    result = run(authority, "care_leavers_in_touch", period=YEAR)
    assert (result.count, result.numerator, result.value) == (8, 5, Decimal("62.5"))
    assert {row.key: row.count for row in result.breakdown} == {
        "in_touch": 5,
        "not_in_touch": 1,
        "refuses_contact": 1,
        "no_longer_needs_services": 0,
        "no_contact": 1,
    }


def test_a_care_leaver_is_dated_by_the_birthday_their_answer_is_read_at(authority, team_a):
    cases = care_leaver_cases(team_a)
    rows = facts(authority, "care_leavers_in_touch", period=YEAR)
    assert rows[cases["leap_day"].pk]["event_date"] == date(2025, 3, 1)
    assert rows[cases["no_contact"].pk]["event_date"] == date(2024, 4, 1)
    assert rows[cases["window_missed"].pk]["event_date"] == date(2025, 1, 15)


def test_the_care_leavers_and_their_answers_are_the_returns_own(authority, team_a):
    """The same young people and answers as the SSDA903 build's rules (eligibility.qualifies,
    OC3's exclusions and oc3_row), at 19 to 21, leaving out DIED and RHOM as the DfE does."""
    cases = care_leaver_cases(team_a)
    last_day = YEAR[1]
    people = list(cases.values())
    spells = care_spells_by_child(p.pk for p in people)
    expected = {}
    for person in people:
        born = person.date_of_birth
        age = next(
            (a for a in (19, 20, 21) if YEAR[0] <= eligibility.birthday(born, a) <= last_day),
            None,
        )
        last = LookedAfterPeriod.objects.filter(child=person).order_by("start_date", "pk").last()
        if (
            age is None
            or not eligibility.qualifies(born, spells.get(person.pk, []))
            or (last is not None and last.reason_ceased in build.OC3_NOT_CARE_LEAVERS)
        ):
            continue
        contacts = CareLeaverContact.objects.filter(child=person).order_by("contact_date", "pk")
        row = build.oc3_row("", "", contacts, eligibility.birthday(born, age))
        if row["IN_TOUCH"] not in {"DIED", "RHOM"}:
            expected[person.pk] = row["IN_TOUCH"] == "YES"
    rows = facts(authority, "care_leavers_in_touch", period=YEAR)
    assert {pk: bool(row["numerator"]) for pk, row in rows.items()} == expected


def test_on_another_day_the_young_people_of_19_to_21_that_day_are_counted(authority, team_a):
    cases = care_leaver_cases(team_a)
    # On 31 March 2024: in_touch is 18 (19 on 10 June 2024); too_old turns 21 that day (22 a
    # year later), read at that birthday.
    rows = facts(authority, "care_leavers_in_touch", period=(date(2024, 3, 1), date(2024, 3, 31)))
    assert cases["in_touch"].pk not in rows
    assert cases["too_old"].pk in rows
    assert rows[cases["too_old"].pk]["event_date"] == date(2024, 3, 31)


def test_a_care_leaver_is_the_teams_holding_their_case_on_the_last_day(authority, team_a, team_b):
    person = young_person(
        team_a,
        date(2005, 6, 10),
        (date(2021, 6, 10), date(2023, 6, 10), "C2"),
        contacts=[(date(2024, 6, 1), "YES")],
    )
    allocation = Allocation.objects.get(child=person)
    allocation.end_date = date(2025, 3, 31)
    allocation.save()
    AllocationFactory(child=person, team=team_b, start_date=date(2025, 3, 31))
    assert run(authority, "care_leavers_in_touch", period=YEAR, team=team_a).count == 0
    assert run(authority, "care_leavers_in_touch", period=YEAR, team=team_b).count == 1


# --- Who sees the children behind the numbers ---------------------------------------------------


def _peps(personas):
    for child in (personas.own_child, personas.other_child):
        in_care(None, date(2025, 4, 1), child=child)
    return {"from": "2025-04-01", "to": "2025-04-30"}


def _returns(personas):
    for child in (personas.own_child, personas.other_child):
        _, period = in_care(None, date(2024, 9, 2), child=child)
        missing(period, back=date(2025, 4, 10), offered=False)
    return {"from": "2025-04-01", "to": "2025-04-30"}


def _care_leavers(personas):
    for child in (personas.own_child, personas.other_child):
        child.date_of_birth = date(2005, 6, 10)
        child.save(update_fields=["date_of_birth"])
        period = LookedAfterPeriodFactory(
            child=child,
            start_date=date(2021, 6, 10),
            end_date=date(2023, 6, 10),
            reason_ceased="E13",
        )
        PlacementFactory(period=period, end_date=date(2023, 6, 10))
    return {"from": "2024-04-01", "to": "2025-03-31"}


@pytest.mark.parametrize(
    ("slug", "build_cases"),
    [
        ("lac_peps_on_time", _peps),
        ("missing_return_interviews", _returns),
        ("care_leavers_in_touch", _care_leavers),
    ],
)
def test_a_team_manager_sees_their_teams_child_by_name_and_an_analyst_only_counts(
    calendar, personas, sign_in, slug, build_cases
):
    period = build_cases(personas)
    url = reverse("performance:children", args=[slug])
    manager = sign_in(personas.team_manager)
    listing = manager.get(url, period).context["listing"]
    assert [row["name"] for row in listing.rows] == ["Own Child"]
    assert listing.hidden == 1
    audited = AuditEntry.objects.filter(object_type="performance.indicator")
    assert list(audited.values_list("child_id", flat=True)) == [personas.own_child.pk]

    analyst = sign_in(personas.analyst)
    response = analyst.get(url, period)
    assert (len(response.context["listing"].rows), response.context["listing"].hidden) == (0, 2)
    assert "Own Child" not in response.content.decode()
    page = analyst.get(reverse("performance:indicator", args=[slug]), period)
    assert page.status_code == 200
    assert page.context["result"].count == 2
    assert INDICATORS[slug].no_benchmark in page.content.decode()

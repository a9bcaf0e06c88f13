"""Each rule with a case that fires and cases that do not, on hand-worked dates.

"Today" is Friday 14 March 2025 unless a test says otherwise. Worked windows:
- 90 days back from 14 March 2025 is 14 December 2024 (17 + 31 + 28 + 14 = 90).
- Six calendar months back is 14 September 2024; twelve is 14 March 2024.
- A plan from Monday 3 February 2025; 28 days after Friday 14 February 2025 is 14 March 2025.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safeguard.agencies.signals import rules
from safeguard.agencies.signals.rules import (
    ChildFacts,
    ContactFact,
    Evidence,
    Finding,
    PartnerEventFact,
    Period,
    ResidenceFact,
    SightingFact,
    evaluate,
    first_birthday,
    months_before,
    new_findings,
    same_address,
)

TODAY = date(2025, 3, 14)
PLAN = Period(7, date(2025, 2, 3))
REFERRAL = Period(5, date(2025, 1, 6))
HOME = ResidenceFact("ZZ99 1AA", "12 Acacia Avenue", date(2015, 6, 1))


def event(pk: int, event_type: str, on: date, **kwargs: str) -> PartnerEventFact:
    return PartnerEventFact(pk, event_type, on, organisation="Test school", **kwargs)


def facts(**kwargs: object) -> ChildFacts:
    return ChildFacts(child_id=1, date_of_birth=date(2015, 6, 1), **kwargs)  # type: ignore[arg-type]


def rule_ids(findings: list[Finding]) -> list[str]:
    return [f.rule_id for f in findings]


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "months", "expected"),
    [
        (date(2025, 3, 14), 6, date(2024, 9, 14)),
        (date(2025, 3, 14), 12, date(2024, 3, 14)),
        (date(2025, 8, 31), 6, date(2025, 2, 28)),  # no 31 February
        (date(2024, 8, 31), 6, date(2024, 2, 29)),  # a leap year
        (date(2025, 1, 15), 1, date(2024, 12, 15)),  # across the new year
    ],
)
def test_months_before_counts_calendar_months(on, months, expected):
    assert months_before(on, months) == expected


def test_a_baby_born_on_29_february_turns_one_on_1_march():
    assert first_birthday(date(2024, 2, 29)) == date(2025, 3, 1)
    assert first_birthday(date(2024, 6, 1)) == date(2025, 6, 1)


def test_the_same_address_needs_the_postcode_and_the_first_line():
    at_home = event(
        1,
        "domestic_abuse_notification",
        TODAY,
        postcode="zz991aa",
        address_line="12, Acacia Avenue, Testtown",
    )
    assert same_address(at_home, HOME)
    assert not same_address(replace(at_home, address_line="14 Acacia Avenue"), HOME)
    assert not same_address(replace(at_home, address_line="1 Acacia Avenue"), HOME)
    assert not same_address(replace(at_home, address_line=""), HOME), "a postcode is not enough"
    assert not same_address(replace(at_home, postcode="ZZ99 2AA"), HOME)


# --- SG01 removed from roll or home education -------------------------------------------------


def test_sg01_fires_when_a_child_on_a_plan_is_removed_from_roll():
    found = evaluate(
        facts(
            protection_plans=(PLAN,),
            sightings=(SightingFact("visit", 3, date(2025, 3, 7)),),
            events=(event(1, "removed_from_roll", date(2025, 3, 10)),),
        ),
        TODAY,
    )
    assert rule_ids(found) == ["SG01"]
    assert found[0].evidence_key == "partner_event:1,protection_plan:7"
    assert "Removed from roll on 10 March 2025" in found[0].explanation


def test_sg01_fires_for_home_education_while_a_referral_is_open():
    found = rules.removed_from_education(
        facts(referrals=(REFERRAL,), events=(event(2, "elective_home_education", TODAY),)), TODAY
    )
    assert [e.ref for e in found[0].evidence] == ["partner_event:2", "referral:5"]


def test_sg01_looks_back_ninety_days_and_no_further():
    on_edge = event(1, "removed_from_roll", date(2024, 12, 14))
    too_old = event(2, "removed_from_roll", date(2024, 12, 13))
    plan = Period(7, date(2024, 1, 1))
    found = rules.removed_from_education(
        facts(protection_plans=(plan,), events=(on_edge, too_old)), TODAY
    )
    assert [f.evidence[0].id for f in found] == [1]


def test_sg01_does_not_fire_for_a_child_not_open_to_social_care():
    closed = Period(5, date(2025, 1, 6), date(2025, 2, 28))
    removal = event(1, "removed_from_roll", date(2025, 3, 10))
    assert rules.removed_from_education(facts(events=(removal,)), TODAY) == []
    assert rules.removed_from_education(facts(referrals=(closed,), events=(removal,)), TODAY) == []
    # ... but it does when the referral was open on the day of the removal.
    earlier = event(1, "removed_from_roll", date(2025, 2, 20))
    assert rule_ids(
        rules.removed_from_education(facts(referrals=(closed,), events=(earlier,)), TODAY)
    ) == ["SG01"]


def test_sg01_ignores_other_school_events():
    concern = event(1, "attendance_concern", date(2025, 3, 10))
    assert (
        rules.removed_from_education(facts(protection_plans=(PLAN,), events=(concern,)), TODAY)
        == []
    )


# --- SG02 missed health appointments ----------------------------------------------------------


MISSED = (
    event(1, "missed_health_appointment", date(2024, 9, 14)),
    event(2, "missed_health_appointment", date(2025, 1, 1)),
    event(3, "missed_health_appointment", date(2025, 3, 1)),
)


def test_sg02_fires_for_three_missed_appointments_in_six_months_when_known():
    found = rules.missed_health_appointments(facts(referrals=(REFERRAL,), events=MISSED), TODAY)
    assert rule_ids(found) == ["SG02"]
    assert found[0].evidence_key == "partner_event:1,partner_event:2,partner_event:3"
    assert found[0].explanation.startswith(
        "3 missed health appointments between 14 September 2024 and 1 March 2025"
    )


def test_sg02_counts_only_the_six_calendar_months_up_to_today():
    older = (replace(MISSED[0], occurred_on=date(2024, 9, 13)), *MISSED[1:])
    assert rules.missed_health_appointments(facts(referrals=(REFERRAL,), events=older), TODAY) == []


def test_sg02_needs_the_child_to_be_known_to_social_care():
    assert rules.missed_health_appointments(facts(events=MISSED), TODAY) == []
    # A contact in the last twelve months makes them known.
    contact = ContactFact(4, date(2024, 6, 1), became_referral=False)
    known = facts(events=MISSED, contacts=(contact,))
    assert rule_ids(rules.missed_health_appointments(known, TODAY)) == ["SG02"]
    # A referral closed more than twelve months ago does not.
    old = Period(5, date(2022, 1, 4), date(2023, 6, 1))
    assert rules.missed_health_appointments(facts(events=MISSED, referrals=(old,)), TODAY) == []


# --- SG03 contacts that never became a referral -----------------------------------------------


CONTACTS = (
    ContactFact(1, date(2024, 3, 14), False),
    ContactFact(2, date(2024, 9, 1), False),
    ContactFact(3, date(2025, 3, 1), False),
)


def test_sg03_fires_for_three_contacts_in_twelve_months_none_referred():
    found = rules.repeated_contacts_without_referral(facts(contacts=CONTACTS), TODAY)
    assert rule_ids(found) == ["SG03"]
    assert found[0].evidence_key == "contact:1,contact:2,contact:3"


def test_sg03_does_not_fire_when_one_became_a_referral():
    referred = (*CONTACTS[:2], replace(CONTACTS[2], became_referral=True))
    assert rules.repeated_contacts_without_referral(facts(contacts=referred), TODAY) == []


def test_sg03_counts_only_the_twelve_calendar_months_up_to_today():
    older = (replace(CONTACTS[0], received_on=date(2024, 3, 13)), *CONTACTS[1:])
    assert rules.repeated_contacts_without_referral(facts(contacts=older), TODAY) == []


def test_sg03_counts_contacts_from_every_route_but_a_signal_treated_as_one():
    routes = ("partner_api", "public_form", "phone")
    every_route = tuple(replace(c, route=r) for c, r in zip(CONTACTS, routes, strict=True))
    assert rule_ids(rules.repeated_contacts_without_referral(facts(contacts=every_route), TODAY))
    # The contact the last "three contacts" signal made is not a fourth worry from outside.
    from_a_signal = (*CONTACTS[:2], replace(CONTACTS[2], route="signal"))
    assert rules.repeated_contacts_without_referral(facts(contacts=from_a_signal), TODAY) == []


# --- SG04 domestic abuse at the home of a child on a plan -------------------------------------


ABUSE = event(
    9,
    "domestic_abuse_notification",
    date(2025, 3, 10),
    postcode="ZZ99 1AA",
    address_line="12 Acacia Avenue",
)


def test_sg04_fires_for_a_notification_at_the_home_of_a_child_on_a_plan():
    found = rules.domestic_abuse_at_home(
        facts(protection_plans=(PLAN,), residences=(HOME,), address_events=(ABUSE,)), TODAY
    )
    assert rule_ids(found) == ["SG04"]
    assert found[0].evidence_key == "partner_event:9,protection_plan:7"
    assert "at the child's home" in found[0].explanation


def test_sg04_fires_for_a_notification_linked_to_the_child_wherever_it_happened():
    elsewhere = replace(ABUSE, postcode="ZZ99 5AA", address_line="3 Other Road")
    found = rules.domestic_abuse_at_home(
        facts(protection_plans=(PLAN,), events=(elsewhere,)), TODAY
    )
    assert rule_ids(found) == ["SG04"]


def test_sg04_does_not_fire_next_door_or_after_the_child_moved_or_without_a_plan():
    next_door = replace(ABUSE, address_line="14 Acacia Avenue")
    assert (
        rules.domestic_abuse_at_home(
            facts(protection_plans=(PLAN,), residences=(HOME,), address_events=(next_door,)), TODAY
        )
        == []
    )
    moved_out = replace(HOME, end=date(2025, 2, 28))
    assert (
        rules.domestic_abuse_at_home(
            facts(protection_plans=(PLAN,), residences=(moved_out,), address_events=(ABUSE,)), TODAY
        )
        == []
    )
    assert (
        rules.domestic_abuse_at_home(
            facts(referrals=(REFERRAL,), residences=(HOME,), address_events=(ABUSE,)), TODAY
        )
        == []
    )


# --- SG05 on a plan, not seen for four weeks --------------------------------------------------


SEEN = SightingFact("visit", 3, date(2025, 2, 14))


def test_sg05_fires_when_28_days_have_passed_since_the_child_was_seen():
    found = rules.not_seen_on_plan(facts(protection_plans=(PLAN,), sightings=(SEEN,)), TODAY)
    assert rule_ids(found) == ["SG05"]
    assert found[0].evidence_key == "protection_plan:7,visit:3"
    assert "since 14 February 2025" in found[0].explanation
    assert "28 days" in found[0].explanation


def test_sg05_does_not_fire_at_27_days():
    assert (
        rules.not_seen_on_plan(
            facts(protection_plans=(PLAN,), sightings=(SEEN,)), date(2025, 3, 13)
        )
        == []
    )


def test_sg05_counts_a_partner_who_saw_the_child_but_not_one_who_did_not():
    seen_at_hospital = event(4, "emergency_department_attendance", date(2025, 3, 1))
    not_in_school = event(5, "attendance_concern", date(2025, 3, 1))
    on_plan = facts(protection_plans=(PLAN,), sightings=(SEEN,))
    assert rules.not_seen_on_plan(replace(on_plan, events=(seen_at_hospital,)), TODAY) == []
    assert rule_ids(rules.not_seen_on_plan(replace(on_plan, events=(not_in_school,)), TODAY)) == [
        "SG05"
    ]


def test_sg05_counts_from_the_start_of_the_plan_when_the_child_was_never_seen():
    on_plan = facts(protection_plans=(PLAN,))
    found = rules.not_seen_on_plan(on_plan, date(2025, 3, 3))
    assert found[0].evidence_key == "protection_plan:7"
    assert rules.not_seen_on_plan(on_plan, date(2025, 3, 2)) == []


def test_sg05_does_not_fire_for_a_child_not_on_a_plan():
    assert rules.not_seen_on_plan(facts(referrals=(REFERRAL,)), TODAY) == []


# --- SG06 injury to a baby under one ----------------------------------------------------------


def test_sg06_fires_for_an_injury_to_a_baby_under_one():
    baby = ChildFacts(1, date(2024, 6, 1), events=(event(8, "injury", date(2025, 3, 10)),))
    found = rules.injury_under_one(baby, TODAY)
    assert rule_ids(found) == ["SG06"]
    assert "born 1 June 2024" in found[0].explanation


def test_sg06_uses_the_age_on_the_day_of_the_injury():
    injured = (event(8, "injury", date(2025, 2, 28)), event(9, "injury", date(2025, 3, 1)))
    leap_baby = ChildFacts(1, date(2024, 2, 29), events=injured)
    assert [f.evidence[0].id for f in rules.injury_under_one(leap_baby, TODAY)] == [8]


def test_sg06_fires_for_an_older_child_the_agency_says_is_not_mobile():
    injury = replace(event(8, "injury", date(2025, 3, 10)), non_mobile=True)
    found = rules.injury_under_one(ChildFacts(1, date(2020, 6, 1), events=(injury,)), TODAY)
    assert found[0].explanation == (
        "Injury on 10 March 2025 to a child the reporting agency says is not yet mobile."
    )
    assert rule_ids(rules.injury_under_one(ChildFacts(1, None, events=(injury,)), TODAY)) == [
        "SG06"
    ]


def test_sg06_does_not_fire_for_a_toddler_or_an_unknown_age():
    toddler = ChildFacts(1, date(2023, 6, 1), events=(event(8, "injury", date(2025, 3, 10)),))
    assert rules.injury_under_one(toddler, TODAY) == []
    unknown = ChildFacts(1, None, events=(event(8, "injury", date(2025, 3, 10)),))
    assert rules.injury_under_one(unknown, TODAY) == []


# --- SG07 injury, sexual harm or missing episode on a plan or looked after --------------------


CARE = Period(11, date(2024, 11, 4))


def test_sg07_fires_for_an_injury_to_a_child_on_a_plan():
    injury = event(8, "injury", date(2025, 3, 10))
    found = rules.serious_harm_while_protected(
        facts(protection_plans=(PLAN,), events=(injury,)), TODAY
    )
    assert rule_ids(found) == ["SG07"]
    assert found[0].evidence_key == "partner_event:8,protection_plan:7"
    assert found[0].explanation == (
        "Injury (Test school) on 10 March 2025: an injury, and the child is on a child "
        "protection plan (child protection plan from 3 February 2025)."
    )


def test_sg07_fires_for_a_missing_episode_of_a_looked_after_child():
    missing = event(8, "missing_episode", date(2025, 3, 13))
    found = rules.serious_harm_while_protected(
        facts(care_periods=(CARE,), events=(missing,)), TODAY
    )
    assert found[0].evidence_key == "looked_after:11,partner_event:8"
    assert found[0].explanation.endswith(
        "a missing episode, and the child is looked after (looked after from 4 November 2024)."
    )


def test_sg07_fires_for_sexual_harm_about_the_child_or_at_their_home():
    concern = replace(event(8, "concern", date(2025, 3, 10)), sexual_harm=True)
    assert rule_ids(
        rules.serious_harm_while_protected(
            facts(protection_plans=(PLAN,), events=(concern,)), TODAY
        )
    ) == ["SG07"]
    arrest_at_home = replace(
        event(9, "household_member_arrest", date(2025, 3, 10)),
        sexual_harm=True,
        postcode="ZZ99 1AA",
        address_line="12 Acacia Avenue",
    )
    found = rules.serious_harm_while_protected(
        facts(protection_plans=(PLAN,), residences=(HOME,), address_events=(arrest_at_home,)),
        TODAY,
    )
    assert rule_ids(found) == ["SG07"]
    assert "at the child's home: sexual harm" in found[0].explanation


@pytest.mark.parametrize(
    ("event_type", "details", "marked"),
    [
        ("concern", {"harm_type": "sexual_abuse"}, True),
        ("concern", {"harm_type": "sexual_exploitation"}, True),
        ("concern", {"harm_type": "neglect"}, False),
        ("concern", {}, False),
        ("household_member_arrest", {"offence_category": "sexual"}, True),
        ("household_member_arrest", {"offence_category": "violence"}, False),
        ("domestic_abuse_notification", {"harm_type": "sexual_abuse"}, False),
    ],
)
def test_sexual_harm_is_marked_by_the_concern_harm_type_or_a_sexual_offence_arrest(
    event_type, details, marked
):
    assert rules.marks_sexual_harm(event_type, details) is marked


def test_sg07_does_not_fire_without_a_plan_or_care_nor_for_other_events_or_old_ones():
    injury = event(8, "injury", date(2025, 3, 10))
    assert (
        rules.serious_harm_while_protected(facts(referrals=(REFERRAL,), events=(injury,)), TODAY)
        == []
    )
    neglect = event(8, "concern", date(2025, 3, 10))  # not marked sexual harm
    assert (
        rules.serious_harm_while_protected(
            facts(protection_plans=(PLAN,), events=(neglect,)), TODAY
        )
        == []
    )
    # 90 days back from 14 March 2025 is 14 December 2024: the day before is out.
    old = event(8, "injury", date(2024, 12, 13))
    on_plan_then = Period(7, date(2024, 6, 3))
    assert (
        rules.serious_harm_while_protected(
            facts(protection_plans=(on_plan_then,), events=(old,)), TODAY
        )
        == []
    )
    edge = replace(old, occurred_on=date(2024, 12, 14))
    assert rule_ids(
        rules.serious_harm_while_protected(
            facts(protection_plans=(on_plan_then,), events=(edge,)), TODAY
        )
    ) == ["SG07"]
    # Sexual harm at a neighbour's home is not about this child.
    next_door = replace(
        event(9, "concern", date(2025, 3, 10)),
        sexual_harm=True,
        postcode="ZZ99 1AA",
        address_line="14 Acacia Avenue",
    )
    assert (
        rules.serious_harm_while_protected(
            facts(protection_plans=(PLAN,), residences=(HOME,), address_events=(next_door,)), TODAY
        )
        == []
    )


def test_sg07_fires_for_a_plan_that_started_after_the_event():
    injury = event(8, "injury", date(2025, 1, 20))  # before the plan of 3 February
    assert rule_ids(
        rules.serious_harm_while_protected(facts(protection_plans=(PLAN,), events=(injury,)), TODAY)
    ) == ["SG07"]


def test_sg07_tells_the_manager_and_no_other_rule_does():
    assert [r.id for r in rules.RULES if r.tells_manager] == ["SG07"]


# --- the rule set and dedupe ------------------------------------------------------------------


def test_every_rule_has_an_id_a_description_and_a_window():
    assert [r.id for r in rules.RULES] == [
        "SG01",
        "SG02",
        "SG03",
        "SG04",
        "SG05",
        "SG06",
        "SG07",
    ]
    for rule in rules.RULES:
        assert rule.title and len(rule.description) > 50 and rule.window


def test_the_same_evidence_is_never_raised_twice_under_a_rule():
    finding = Finding("SG03", (Evidence("contact", 1, TODAY), Evidence("contact", 2, TODAY)), "")
    raised: dict[str, set[str]] = {}
    assert new_findings([finding], raised) == [finding]
    assert new_findings([finding], raised) == []


def test_a_new_event_in_a_pattern_is_raised_but_a_part_of_one_raised_is_not():
    a, b, c, d = (Evidence("partner_event", n, TODAY) for n in range(4))
    raised = {"SG02": {a.ref, b.ref, c.ref}}
    assert new_findings([Finding("SG02", (b, c), "")], raised) == []
    fourth = Finding("SG02", (b, c, d), "")
    assert new_findings([fourth], raised) == [fourth]
    # The same evidence under another rule is another signal.
    assert new_findings([Finding("SG01", (a,), "")], raised) != []

"""Each named rule of family group conferences and pre-proceedings: it holds, and it refuses
exactly what it should, naming itself and the field at fault."""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow.rules.names import Rule
from safeguard.proceedings import rules

DAY = date(2025, 3, 10)
BEFORE = date(2025, 3, 3)
AFTER = date(2025, 3, 17)


def _found(violations):
    return [(v.rule, v.fields) for v in violations]


def test_a_conference_is_for_a_family_or_a_child():
    assert rules.conference_for_someone(True, False) == []
    assert rules.conference_for_someone(False, True) == []
    assert _found(rules.conference_for_someone(False, False)) == [
        (Rule.FAMILY_GROUP_CONFERENCE_FOR_SOMEONE, ("child",))
    ]


def test_each_conference_step_follows_the_one_before_once():
    assert rules.conference_step_in_order(DAY, None, "held_on", DAY, "conference") == []
    refused = [
        rules.conference_step_in_order(None, None, "held_on", DAY, "conference"),
        rules.conference_step_in_order(DAY, BEFORE, "held_on", AFTER, "conference"),
        rules.conference_step_in_order(DAY, None, "held_on", BEFORE, "conference"),
    ]
    for found in refused:
        assert _found(found) == [(Rule.FAMILY_GROUP_CONFERENCE_STEP_IN_ORDER, ("held_on",))]
    assert "already recorded on 3 March 2025" in refused[1][0].message


def test_a_conference_is_held_only_when_the_family_accepted():
    assert rules.conference_needs_acceptance("accepted") == []
    for answer in ("declined", ""):
        assert _found(rules.conference_needs_acceptance(answer)) == [
            (Rule.FAMILY_GROUP_CONFERENCE_NEEDS_ACCEPTANCE, ("held_on",))
        ]


def test_someone_of_the_family_network_came():
    assert rules.conference_network_attended(1) == []
    assert _found(rules.conference_network_attended(0)) == [
        (Rule.FAMILY_GROUP_CONFERENCE_NETWORK_ATTENDED, ("attendees",))
    ]


def test_the_familys_plan_is_reviewed_after_it_was_agreed():
    assert rules.plan_review_after_agreed(DAY, AFTER) == []
    for review_on in (None, DAY, BEFORE):
        assert _found(rules.plan_review_after_agreed(DAY, review_on)) == [
            (Rule.FAMILY_GROUP_PLAN_REVIEW_AFTER_AGREED, ("plan_review_on",))
        ]


def test_a_child_is_in_one_period_of_pre_proceedings_at_a_time():
    assert rules.one_open_pre_proceedings_per_child(None) == []
    (found,) = rules.one_open_pre_proceedings_per_child(BEFORE)
    assert (found.rule, "since 3 March 2025" in found.message) == (
        Rule.PRE_PROCEEDINGS_ONE_OPEN_PER_CHILD,
        True,
    )


def test_nothing_is_recorded_on_pre_proceedings_that_have_ended():
    assert rules.pre_proceedings_open("") == []
    assert _found(rules.pre_proceedings_open("step_down")) == [
        (Rule.PRE_PROCEEDINGS_OPEN, ("pre_proceedings",))
    ]


def test_pre_proceedings_steps_are_on_or_after_the_decision_to_start():
    assert rules.date_within_pre_proceedings(DAY, "sent_on", DAY) == []
    assert _found(rules.date_within_pre_proceedings(DAY, "sent_on", BEFORE)) == [
        (Rule.PRE_PROCEEDINGS_DATE_WITHIN, ("sent_on",))
    ]


def test_one_letter_before_proceedings_is_sent():
    assert rules.letter_once(None) == []
    assert _found(rules.letter_once(DAY)) == [(Rule.PRE_PROCEEDINGS_LETTER_ONCE, ("sent_on",))]


def test_a_pre_proceedings_meeting_follows_the_letter_that_invites_the_parents():
    assert rules.meeting_after_letter(DAY, DAY) == []
    for letter_on, held_on in ((None, DAY), (DAY, BEFORE)):
        assert _found(rules.meeting_after_letter(letter_on, held_on)) == [
            (Rule.PRE_PROCEEDINGS_MEETING_AFTER_LETTER, ("held_on",))
        ]


def test_one_initial_meeting_comes_before_the_reviews():
    assert rules.initial_meeting_first("initial", None, DAY) == []
    assert rules.initial_meeting_first("review", DAY, AFTER) == []
    for kind, initial_on, held_on in (
        ("initial", DAY, AFTER),
        ("review", None, DAY),
        ("review", DAY, BEFORE),
    ):
        assert _found(rules.initial_meeting_first(kind, initial_on, held_on)) == [
            (Rule.PRE_PROCEEDINGS_INITIAL_MEETING_FIRST, ("kind",))
        ]


def test_court_dates_belong_to_a_decision_to_issue_in_the_census_order():
    issue = "issue_care_proceedings"
    assert rules.court_dates_fit(issue, DAY, DAY, AFTER) == []
    assert rules.court_dates_fit(issue, DAY, None, None) == []
    assert rules.court_dates_fit("step_down", DAY, None, None) == []
    assert _found(rules.court_dates_fit("step_down", DAY, AFTER, None)) == [
        (Rule.PRE_PROCEEDINGS_COURT_DATES_FIT, ("court_application_on",))
    ]
    assert _found(rules.court_dates_fit(issue, DAY, BEFORE, None)) == [
        (Rule.PRE_PROCEEDINGS_COURT_DATES_FIT, ("court_application_on",))
    ]
    for application_on in (None, AFTER):
        assert _found(rules.court_dates_fit(issue, DAY, application_on, DAY)) == [
            (Rule.PRE_PROCEEDINGS_COURT_DATES_FIT, ("care_proceedings_letter_on",))
        ]

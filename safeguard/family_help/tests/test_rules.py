"""Family help's named rules, without a database: each refuses what it names and allows the
edge cases."""

from datetime import date

from safeguard.cases.workflow.rules.names import Rule
from safeguard.family_help import rules

START = date(2025, 1, 6)
END = date(2025, 6, 30)


def _names(found):
    return [v.rule for v in found]


def _fields(found):
    return [f for v in found for f in v.fields]


def test_a_date_before_family_help_started_or_after_it_ended_is_refused():
    before = rules.date_within_family_help(START, END, "held_on", date(2025, 1, 5))
    assert _names(before) == [Rule.FAMILY_HELP_DATE_WITHIN_EPISODE]
    assert _fields(before) == ["held_on"]
    assert "6 January 2025" in before[0].message
    after = rules.date_within_family_help(START, END, "held_on", date(2025, 7, 1))
    assert _names(after) == [Rule.FAMILY_HELP_DATE_WITHIN_EPISODE]
    assert rules.date_within_family_help(START, END, "held_on", START) == []
    assert rules.date_within_family_help(START, END, "held_on", END) == []
    assert rules.date_within_family_help(START, None, "held_on", date(2030, 1, 1)) == []
    assert rules.date_within_family_help(START, END, "held_on", None) == []


def test_nothing_more_is_recorded_on_closed_family_help():
    assert _names(rules.family_help_open(END)) == [Rule.FAMILY_HELP_OPEN]
    assert rules.family_help_open(None) == []


def test_family_help_needs_consent_given_before_it_starts():
    assert _names(rules.consent_before_start(None, START)) == [
        Rule.FAMILY_HELP_CONSENT_BEFORE_START
    ]
    late = rules.consent_before_start(date(2025, 1, 7), START)
    assert _names(late) == [Rule.FAMILY_HELP_CONSENT_BEFORE_START]
    assert _fields(late) == ["consent_given_on"]
    assert rules.consent_before_start(START, START) == []


def test_a_child_is_in_one_familys_help_at_a_time():
    found = rules.one_open_early_help_per_child(START)
    assert (_names(found), _fields(found)) == ([Rule.EARLY_HELP_ONE_OPEN_PER_CHILD], ["child"])
    assert rules.one_open_early_help_per_child(None) == []


def test_family_help_keeps_at_least_one_child():
    assert _names(rules.family_help_keeps_a_child(0, 0)) == [Rule.FAMILY_HELP_KEEPS_A_CHILD]
    assert _names(rules.family_help_keeps_a_child(1, 1)) == [Rule.FAMILY_HELP_KEEPS_A_CHILD]
    assert rules.family_help_keeps_a_child(2, 1) == []
    assert rules.family_help_keeps_a_child(1, 0) == []


def test_a_new_lead_does_not_start_before_the_current_one():
    found = rules.lead_not_before_current(START, date(2025, 1, 5))
    assert _names(found) == [Rule.LEAD_PRACTITIONER_NOT_BEFORE_CURRENT]
    assert _fields(found) == ["start_date"]
    assert rules.lead_not_before_current(START, START) == []
    assert rules.lead_not_before_current(None, date(2000, 1, 1)) == []


def test_the_lead_is_one_active_person():
    assert _names(rules.lead_practitioner_fits(0, True)) == [Rule.LEAD_PRACTITIONER_FITS]
    assert _names(rules.lead_practitioner_fits(2, True)) == [Rule.LEAD_PRACTITIONER_FITS]
    assert _names(rules.lead_practitioner_fits(1, False)) == [Rule.LEAD_PRACTITIONER_FITS]
    assert rules.lead_practitioner_fits(1, True) == []


def test_one_assessment_at_a_time():
    assert _names(rules.assessment_one_open(START)) == [Rule.FAMILY_HELP_ASSESSMENT_ONE_OPEN]
    assert rules.assessment_one_open(None) == []


def test_an_assessment_completes_after_it_started_with_a_need():
    early = rules.assessment_completed_after_start(START, date(2025, 1, 5), 1)
    assert (_names(early), _fields(early)) == (
        [Rule.FAMILY_HELP_ASSESSMENT_COMPLETE_FITS],
        ["completed_on"],
    )
    none_found = rules.assessment_completed_after_start(START, START, 0)
    assert _fields(none_found) == ["needs"]
    assert rules.assessment_completed_after_start(START, START, 1) == []
    again = rules.assessment_completed_after_start(START, END, 1, already_completed_on=START)
    assert (_names(again), _fields(again)) == (
        [Rule.FAMILY_HELP_ASSESSMENT_COMPLETE_FITS],
        ["completed_on"],
    )


def test_a_plan_needs_an_assessment_completed_by_the_day_it_is_agreed():
    assert _names(rules.plan_needs_completed_assessment(None, END)) == [
        Rule.FAMILY_PLAN_NEEDS_ASSESSMENT
    ]
    assert _names(rules.plan_needs_completed_assessment(END, date(2025, 6, 29))) == [
        Rule.FAMILY_PLAN_NEEDS_ASSESSMENT
    ]
    assert rules.plan_needs_completed_assessment(END, END) == []


def test_a_plan_has_an_outcome():
    assert _names(rules.plan_has_outcomes(0)) == [Rule.FAMILY_PLAN_HAS_OUTCOMES]
    assert rules.plan_has_outcomes(1) == []


def test_an_action_is_done_once_and_not_before_the_plan():
    assert _names(rules.action_done_once(START, START, END)) == [Rule.PLAN_ACTION_DONE_ONCE]
    assert _names(rules.action_done_once(None, START, date(2025, 1, 5))) == [
        Rule.PLAN_ACTION_DONE_ONCE
    ]
    assert rules.action_done_once(None, START, START) == []


def test_a_review_needs_a_plan_agreed_by_then():
    assert _names(rules.review_needs_plan(None, END)) == [Rule.FAMILY_PLAN_REVIEW_NEEDS_PLAN]
    assert _names(rules.review_needs_plan(END, START)) == [Rule.FAMILY_PLAN_REVIEW_NEEDS_PLAN]
    assert rules.review_needs_plan(START, START) == []


def test_a_review_names_a_meeting_of_the_same_family():
    assert _names(rules.review_meeting_of_the_family(False)) == [
        Rule.FAMILY_PLAN_REVIEW_MEETING_OF_FAMILY
    ]
    assert rules.review_meeting_of_the_family(True) == []


def test_progress_is_recorded_once_on_each_of_the_plans_outcomes_only():
    refused = [Rule.FAMILY_PLAN_PROGRESS_ON_OUTCOMES]
    assert _names(rules.progress_on_plan_outcomes([1, 2], [1])) == refused
    assert _names(rules.progress_on_plan_outcomes([1, 2], [1, 2, 3])) == refused
    assert _names(rules.progress_on_plan_outcomes([1, 2], [1, 1, 2])) == refused
    assert rules.progress_on_plan_outcomes([1, 2], [2, 1]) == []


def test_needs_met_only_when_every_action_is_done():
    found = rules.close_needs_actions_done("needs_met", 2)
    assert (_names(found), _fields(found)) == (
        [Rule.FAMILY_HELP_CLOSE_NEEDS_ACTIONS_DONE],
        ["end_reason"],
    )
    assert rules.close_needs_actions_done("needs_met", 0) == []
    assert rules.close_needs_actions_done("family_declined", 2) == []


def test_every_rule_is_named_in_the_registry():
    assert {r.value for r in Rule} >= {
        "family_help_date_within_episode",
        "family_help_close_needs_actions_done",
        "lead_practitioner_fits",
    }


# Moving between the front door, social care and family help ---------------------------------


def test_family_help_starts_from_a_contact_only_after_an_early_help_decision_once():
    decided = date(2025, 3, 10)
    for decision, on in (("", None), ("referral", decided), ("no_further_action", decided)):
        found = rules.family_help_from_early_help_decision(decision, on, decided, False)
        assert (_names(found), _fields(found)) == (
            [Rule.FAMILY_HELP_FROM_EARLY_HELP_DECISION],
            ["contact"],
        )
    twice = rules.family_help_from_early_help_decision("early_help", decided, decided, True)
    assert _fields(twice) == ["contact"]
    early = rules.family_help_from_early_help_decision(
        "early_help", decided, date(2025, 3, 9), False
    )
    assert _fields(early) == ["started_on"]
    assert "10 March 2025" in early[0].message
    assert rules.family_help_from_early_help_decision("early_help", decided, decided, False) == []


def test_a_step_up_needs_children_of_the_family_not_waiting_a_lead_and_a_reason():
    fits = {"chosen": 2, "not_in_family": 0, "waiting": 0, "has_lead": True, "reason": "Why"}
    assert rules.step_up_fits(**fits) == []
    for change, field in (
        ({"chosen": 0}, "children"),
        ({"not_in_family": 1}, "children"),
        ({"waiting": 1}, "children"),
        ({"has_lead": False}, "lead"),
        ({"reason": "  "}, "reason"),
    ):
        found = rules.step_up_fits(**{**fits, **change})
        assert (_names(found), _fields(found)) == ([Rule.FAMILY_HELP_STEP_UP_FITS], [field])


def test_a_step_down_follows_a_closed_referral_of_the_child_that_stepped_down():
    closed = date(2025, 3, 10)
    fits = {
        "referral_of_child": True,
        "closure_date": closed,
        "closure_reason": "RC9",
        "cin_plan_ended": False,
        "started_on": closed,
    }
    assert rules.step_down_fits(**fits) == []
    assert rules.step_down_fits(**{**fits, "closure_reason": "RC7", "cin_plan_ended": True}) == []
    for change, field in (
        ({"referral_of_child": False}, "referral"),
        ({"closure_date": None, "closure_reason": ""}, "referral"),
        ({"closure_reason": "RC8"}, "referral"),
        ({"closure_reason": "RC7"}, "referral"),
        ({"started_on": date(2025, 3, 9)}, "started_on"),
    ):
        found = rules.step_down_fits(**{**fits, **change})
        assert (_names(found), _fields(found)) == ([Rule.FAMILY_HELP_STEP_DOWN_FITS], [field])

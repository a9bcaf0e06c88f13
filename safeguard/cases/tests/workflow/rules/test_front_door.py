"""`workflow.rules.front_door`: contacts, the MASH's steps, feedback (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from safeguard.cases.workflow import rules
from safeguard.common import codes

from .support import only

RECEIVED = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def test_an_undecided_contact_may_change_child_and_be_decided() -> None:
    assert rules.contact_child_fixed_once_decided(False) == []
    assert rules.contact_decided_once(False) == []
    assert rules.contact_undecided(False, "rating") == []


def test_a_decided_contacts_child_cannot_change() -> None:
    violation = only(rules.contact_child_fixed_once_decided(True))
    assert (violation.rule, violation.fields) == ("contact_decided_once", ("child",))
    assert violation.message == (
        "This contact has already been decided, so the child it is about cannot change."
    )


def test_a_contact_is_decided_once() -> None:
    violation = only(rules.contact_decided_once(True))
    assert (violation.rule, violation.fields) == ("contact_decided_once", ("decision",))


def test_the_front_doors_work_stops_at_the_decision() -> None:
    violation = only(rules.contact_undecided(True, "question"))
    assert (violation.rule, violation.fields) == ("contact_decided_once", ("question",))
    assert violation.message == rules.CONTACT_ALREADY_DECIDED


def test_a_contact_is_matched_to_a_child_before_it_is_decided() -> None:
    assert rules.contact_matched_before_decision(True) == []
    violation = only(rules.contact_matched_before_decision(False))
    assert (violation.rule, violation.message) == ("contact_not_matched", rules.CONTACT_NOT_MATCHED)


def test_a_decision_follows_the_contact() -> None:
    assert rules.contact_decided_after_received(RECEIVED, RECEIVED) == []
    violation = only(rules.contact_decided_after_received(RECEIVED, RECEIVED - timedelta(1)))
    assert (violation.rule, violation.fields) == ("contact_decided_after_received", ("decided_at",))


@pytest.mark.parametrize(("decision", "at"), [("", None), ("referral", RECEIVED)])
def test_a_decision_and_its_time_are_recorded_together(decision: str, at: datetime | None) -> None:
    assert rules.contact_decision_has_date(decision, at) == []


@pytest.mark.parametrize(("decision", "at"), [("", RECEIVED), ("referral", None)])
def test_a_decision_without_its_time_is_refused(decision: str, at: datetime | None) -> None:
    assert only(rules.contact_decision_has_date(decision, at)).rule == "contact_decision_has_date"


def test_contacts_need_a_front_door_team_and_referrals_a_team() -> None:
    assert rules.front_door_team_exists(True) == [] == rules.referral_needs_team(True)
    assert only(rules.front_door_team_exists(False)).rule == "no_front_door_team"
    assert only(rules.referral_needs_team(False)).message == rules.NO_TEAM_FOR_REFERRAL


def test_an_answer_the_step_needs_is_required() -> None:
    assert rules.answer_given("Police attended", "reason", "Enter the reason") == []
    violation = only(rules.answer_given(" ", "reason", "Enter the reason"))
    assert (violation.rule, violation.fields, violation.message) == (
        "required",
        ("reason",),
        "Enter the reason",
    )


def test_nothing_is_recorded_as_happening_after_now() -> None:
    assert rules.moment_not_in_future(RECEIVED, RECEIVED, "rated_at", "time of the rating") == []
    violation = only(
        rules.moment_not_in_future(
            RECEIVED + timedelta(minutes=1), RECEIVED, "rated_at", "time of the rating"
        )
    )
    assert violation.rule == "date_not_in_future"
    assert violation.message.startswith("The time of the rating cannot be in the future")


def test_an_unborn_child_has_an_expected_date_of_birth_only() -> None:
    today = date(2025, 3, 14)
    assert rules.new_child_birth_dates(None, date(2025, 6, 1), today) == []
    assert rules.new_child_birth_dates(date(2020, 6, 1), None, today) == []
    violation = only(rules.new_child_birth_dates(date(2020, 6, 1), date(2025, 6, 1), today))
    assert violation.rule == "unborn_has_no_birth_date"


def test_a_new_childs_date_of_birth_is_not_in_the_future() -> None:
    violation = only(rules.new_child_birth_dates(date(2025, 3, 15), None, date(2025, 3, 14)))
    assert (violation.rule, violation.fields) == ("date_not_in_future", ("date_of_birth",))


def test_a_rating_is_red_amber_or_green_and_a_revision_changes_it() -> None:
    assert rules.contact_rating_changes(codes.RagRating.RED, "", "") == []
    assert only(rules.contact_rating_changes("purple", "", "")).rule == "rating_required"
    violation = only(rules.contact_rating_changes(codes.RagRating.RED, codes.RagRating.RED, "Red"))
    assert violation.rule == "rating_unchanged"
    assert "already rated red" in violation.message


def test_only_a_manager_of_the_front_door_rates() -> None:
    assert rules.rater_manages_front_door(True) == []
    assert only(rules.rater_manages_front_door(False)).rule == "rater_manages_front_door"


def test_consent_is_overridden_only_when_refused_or_not_sought_and_once() -> None:
    assert rules.consent_overridable(codes.ContactConsent.REFUSED, False) == []
    assert rules.consent_overridable(codes.ContactConsent.NOT_SOUGHT, False) == []
    given = only(rules.consent_overridable(codes.ContactConsent.GIVEN, False))
    assert given.rule == "consent_not_overridable"
    again = only(rules.consent_overridable(codes.ContactConsent.REFUSED, True))
    assert again.rule == "consent_overridden_once"


def test_a_question_goes_to_a_known_partner_or_a_named_agency() -> None:
    assert rules.information_request_agency(True, "") == []
    assert rules.information_request_agency(None, "Riverside GP") == []
    assert only(rules.information_request_agency(False, "")).rule == "unknown_partner"
    assert only(rules.information_request_agency(None, " ")).rule == "agency_required"


def test_an_answer_is_recorded_once_and_after_its_question() -> None:
    assert rules.information_request_answered_once(False) == []
    assert only(rules.information_request_answered_once(True)).rule == "answered_once"
    assert rules.information_request_answered_after_asked(RECEIVED, RECEIVED) == []
    violation = only(
        rules.information_request_answered_after_asked(RECEIVED, RECEIVED - timedelta(hours=1))
    )
    assert violation.rule == "answered_after_asked"
    assert "(asked at 09:30 on 14 March 2025)" in violation.message


def _feedback(
    *,
    anonymous: bool = False,
    outcome: str = "referral",
    method_known: bool = True,
    given_at: datetime = RECEIVED + timedelta(days=1),
) -> list[rules.Violation]:
    return rules.referrer_feedback_allowed(
        anonymous=anonymous,
        outcome=outcome,
        outcome_for_decision="referral",
        method_known=method_known,
        received_at=RECEIVED,
        given_at=given_at,
    )


def test_the_referrer_is_told_the_outcome_of_the_decision() -> None:
    assert _feedback() == []


def test_feedback_breaking_one_rule_is_refused_under_that_rule() -> None:
    assert only(_feedback(anonymous=True)).rule == "referrer_anonymous"
    assert only(_feedback(outcome="early_help")).rule == "feedback_matches_decision"
    assert only(_feedback(method_known=False)).rule == "method_required"
    too_early = only(_feedback(given_at=RECEIVED - timedelta(minutes=1)))
    assert too_early.rule == "feedback_after_contact"
    assert "(received at 09:30 on 14 March 2025)" in too_early.message

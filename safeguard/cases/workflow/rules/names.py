"""Every statutory rule's name: the one registry.

A `Violation` carries one of these; a form shows it beside the field, a test asserts it, the
audit of a refused write and the demo generator's checks name it. The value is the string
the services have always reported (`RuleViolation.code`), so messages and stored codes are
unchanged. A rule's statutory source is on the function that checks it, in the module named
by the section below.
"""

from __future__ import annotations

from enum import StrEnum


class Rule(StrEnum):
    # --- dates and decisions on any record (`core`) ---
    DATE_NOT_IN_FUTURE = "date_not_in_future"
    CHILD_NOT_YET_BORN = "child_not_yet_born"
    DATE_NOT_BEFORE_BIRTH = "date_not_before_birth"
    DATE_NOT_AFTER_DEATH = "date_not_after_death"
    WITHIN_OPEN_REFERRAL = "within_open_referral"
    DECISION_NEEDS_RATIONALE = "decision_needs_rationale"
    # A value the model itself refused (`full_clean`), not a statutory rule.
    INVALID_VALUE = "invalid_value"
    # An answer the step cannot be recorded without.
    REQUIRED = "required"

    # --- the front door (`front_door`) ---
    CONTACT_DECIDED_ONCE = "contact_decided_once"
    CONTACT_NOT_MATCHED = "contact_not_matched"
    CONTACT_DECIDED_AFTER_RECEIVED = "contact_decided_after_received"
    CONTACT_DECISION_HAS_DATE = "contact_decision_has_date"
    NO_FRONT_DOOR_TEAM = "no_front_door_team"
    UNBORN_HAS_NO_BIRTH_DATE = "unborn_has_no_birth_date"
    RATING_REQUIRED = "rating_required"
    RATING_UNCHANGED = "rating_unchanged"
    RATER_MANAGES_FRONT_DOOR = "rater_manages_front_door"
    CONSENT_NOT_OVERRIDABLE = "consent_not_overridable"
    CONSENT_OVERRIDDEN_ONCE = "consent_overridden_once"
    UNKNOWN_PARTNER = "unknown_partner"
    AGENCY_REQUIRED = "agency_required"
    ANSWERED_ONCE = "answered_once"
    ANSWERED_AFTER_ASKED = "answered_after_asked"
    REFERRAL_NEEDS_TEAM = "referral_needs_team"
    REFERRER_ANONYMOUS = "referrer_anonymous"
    FEEDBACK_MATCHES_DECISION = "feedback_matches_decision"
    METHOD_REQUIRED = "method_required"
    FEEDBACK_AFTER_CONTACT = "feedback_after_contact"
    # What the front door's services write together or in order, checked on the demo's
    # invented queue (`demo.generator.front_door.checks`).
    CONSENT_OVERRIDE_RECORDED = "consent_override_reason"
    CONSENT_OVERRIDDEN_AFTER_RECEIVED = "consent_overridden_after_received"
    RATED_AFTER_RECEIVED = "rated_after_received"
    RAG_IS_LATEST_RATING = "rag_is_latest_rating"
    INFORMATION_REQUEST_AFTER_RECEIVED = "information_request_after_received"
    INFORMATION_REQUEST_ANSWER = "information_request_answer"
    FEEDBACK_AFTER_DECISION = "feedback_after_decision"

    # --- the children-in-need episode (`referral`) ---
    ONE_OPEN_REFERRAL = "one_open_referral"
    REFERRALS_DO_NOT_OVERLAP = "referrals_do_not_overlap"
    REFERRAL_CONTACT_SAME_CHILD = "referral_contact_same_child"
    REFERRAL_NEEDS_REFERRAL_DECISION = "referral_needs_referral_decision"
    REFERRAL_ALREADY_CLOSED = "referral_already_closed"
    REFERRAL_CLOSED_NOT_BEFORE_OPENED = "referral_closed_not_before_opened"
    REFERRAL_CLOSURE_NEEDS_REASON = "referral_closure_needs_reason"
    REFERRAL_CLOSURE_NEEDS_DATE = "referral_closure_needs_date"
    REFERRAL_CLOSE_REQUIRES_FINISHED_WORK = "referral_close_requires_finished_work"
    REFERRAL_CLOSED_AFTER_LAST_ACTIVITY = "referral_closed_after_last_activity"

    # --- assessments (`assessment`) ---
    ONE_OPEN_ASSESSMENT = "one_open_assessment"
    ASSESSMENT_COMPLETED_NOT_BEFORE_START = "assessment_completed_not_before_start"
    ASSESSMENT_FACTORS_REQUIRED = "assessment_factors_required"
    ASSESSMENT_SECTION_REQUIRED = "assessment_section_required"
    ASSESSMENT_FACTORS_KNOWN = "assessment_factors_known"
    ASSESSMENT_FACTORS_UNIQUE = "assessment_factors_unique"
    ASSESSMENT_FACTOR_21_ALONE = "assessment_factor_21_alone"
    ASSESSMENT_ALREADY_AUTHORISED = "assessment_already_authorised"
    ASSESSMENT_AUTHORISED_NOT_BEFORE_START = "assessment_authorised_not_before_start"
    ASSESSMENT_AUTHORISED_AFTER_COMPLETED = "assessment_authorised_after_completed"
    ASSESSMENT_RETURN_NEEDS_SUBMITTED = "assessment_return_needs_submitted"
    ASSESSMENT_ONCE_PER_REFERRAL = "assessment_once_per_referral"
    ASSESSMENT_AWAITING_DECISION = "assessment_awaiting_decision"
    CHILD_SEEN_NOT_BEFORE_REFERRAL = "child_seen_not_before_referral"

    # --- child protection (`protection`) ---
    SECTION47_REQUIRES_OPEN_REFERRAL = "section47_requires_open_referral"
    SECTION47_STARTS_AT_STRATEGY = "section47_starts_at_strategy"
    ONE_OPEN_SECTION47 = "one_open_section47"
    SECTION47_COMPLETED_NOT_BEFORE_START = "section47_completed_not_before_start"
    SECTION47_COMPLETED_ONCE = "section47_completed_once"
    CONFERENCE_NOT_BEFORE_SECTION47 = "conference_not_before_section47"
    CONFERENCE_OUTCOME_FITS_KIND = "conference_outcome_fits_kind"
    CONFERENCE_REVIEW_HAS_PLAN = "conference_review_has_plan"
    INITIAL_CONFERENCE_AWAITED = "initial_conference_awaited"
    PLAN_STARTS_AT_INITIAL_CONFERENCE = "plan_starts_at_initial_conference"
    ONE_OPEN_PROTECTION_PLAN = "one_open_protection_plan"
    PROTECTION_PLAN_NOT_BEFORE_CIN_PLAN = "protection_plan_not_before_cin_plan"
    PLAN_NEEDS_CATEGORY = "plan_needs_category"
    REVIEW_NEEDS_OPEN_PLAN = "review_needs_open_plan"
    REVIEW_AFTER_PREVIOUS_CONFERENCE = "review_after_previous_conference"
    PLAN_ENDS_AT_REVIEW = "plan_ends_at_review"
    CORE_GROUP_WITHIN_PLAN = "core_group_within_plan"
    CORE_GROUP_NEEDS_OPEN_PLAN = "core_group_needs_open_plan"
    CONFERENCE_AGENCIES_PRESENT = "conference_agencies_present"
    CONFERENCE_ATTENDEES_GIVEN = "conference_attendees_given"
    CONFERENCE_PARTICIPATION_GIVEN = "conference_participation_given"
    CONFERENCE_PLAN_GIVEN = "conference_plan_given"
    CONFERENCE_PLAN_ONLY_WITH_PLAN = "conference_plan_only_with_plan"
    CONFERENCE_NEXT_CORE_GROUP_IN_TIME = "conference_next_core_group_in_time"
    CONFERENCE_NEXT_REVIEW_IN_TIME = "conference_next_review_in_time"

    # --- child in need plans (`children_in_need`) ---
    CIN_PLAN_NOT_DURING_PROTECTION_PLAN = "cin_plan_not_during_protection_plan"
    ONE_OPEN_CIN_PLAN = "one_open_cin_plan"
    CIN_PLAN_END_NOT_BEFORE_START = "cin_plan_end_not_before_start"
    CIN_REVIEW_WITHIN_PLAN = "cin_review_within_plan"
    CIN_PLAN_STILL_OPEN = "cin_plan_still_open"

    # --- looked-after children (`looked_after`) ---
    ONE_OPEN_CARE_PERIOD = "one_open_care_period"
    CARE_STARTS_WITH_PLACEMENT = "care_starts_with_placement"
    PLACEMENT_NEEDS_OPEN_PERIOD = "placement_needs_open_period"
    PLACEMENT_AFTER_PREVIOUS = "placement_after_previous"
    PLACEMENT_END_NOT_BEFORE_START = "placement_end_not_before_start"
    CARE_ENDS_AFTER_LAST_PLACEMENT = "care_ends_after_last_placement"
    CARE_PERIOD_ENDED_ONCE = "care_period_ended_once"
    CARE_END_NEEDS_REASON = "care_end_needs_reason"
    CARE_REVIEW_WITHIN_PERIOD = "care_review_within_period"
    CARE_REVIEW_BEFORE_CARE_ENDED = "care_review_before_care_ended"
    CARE_REVIEW_PARTICIPATION_FITS_AGE = "care_review_participation_fits_age"
    CARE_REVIEW_CHAIRED_BY_IRO = "care_review_chaired_by_iro"
    CARE_PLAN_RECORDED_ONCE = "care_plan_recorded_once"
    CARE_PLAN_BEFORE_CARE_ENDED = "care_plan_before_care_ended"
    EPISODE_CHANGE_FITS_REASON = "episode_change_fits_reason"
    PLACEMENT_MOVE_REASON = "placement_move_reason"
    PLACEMENT_MOVE_PLANNED = "placement_move_planned"
    PLACEMENT_URN_FORMAT = "placement_urn_format"
    PLACEMENT_URN_FITS_TYPE = "placement_urn_fits_type"
    PLACEMENT_URN_REQUIRED = "placement_urn_required"
    PLACEMENT_FITS_LEGAL_STATUS = "placement_fits_legal_status"
    PLACEMENT_SIX_MONTHLY_VISITS_LONG_TERM_FOSTER = "placement_six_monthly_visits_long_term_foster"

    # --- a looked-after child's health (`safeguard.care.rules`) ---
    HEALTH_DATE_WITHIN_CARE_PERIOD = "health_date_within_care_period"
    INITIAL_HEALTH_ASSESSMENT_ONCE = "initial_health_assessment_once"
    SDQ_SCORE_IN_RANGE = "sdq_score_in_range"
    SDQ_AGE_4_TO_16 = "sdq_age_4_to_16"

    # --- a looked-after child's missing episodes (`safeguard.care.rules`) ---
    MISSING_END_NOT_BEFORE_START = "missing_end_not_before_start"
    MISSING_WITHIN_CARE_PERIOD = "missing_within_care_period"
    MISSING_EPISODES_DO_NOT_OVERLAP = "missing_episodes_do_not_overlap"
    MISSING_RETURN_RECORDED_ONCE = "missing_return_recorded_once"
    RETURN_INTERVIEW_AFTER_RETURN = "return_interview_after_return"
    RETURN_INTERVIEW_ANSWERS_FIT = "return_interview_answers_fit"

    # --- a looked-after child's education, UASC, motherhood, OC2 items (`safeguard.care.rules`)
    CARE_RECORD_DATE_WITHIN_PERIOD = "care_record_date_within_period"
    PEP_INITIAL_ONCE = "pep_initial_once"
    PEP_REVIEW_AFTER_INITIAL = "pep_review_after_initial"
    PEP_FROM_AGE_3 = "pep_from_age_3"
    UASC_RECORDED_ONCE = "uasc_recorded_once"
    UASC_CEASED_FITS = "uasc_ceased_fits"
    MOTHER_IS_FEMALE = "mother_is_female"
    MOTHER_OLD_ENOUGH = "mother_old_enough"
    MOTHER_RECORDED_ONCE = "mother_recorded_once"
    CONVICTION_AGE_10_OR_OVER = "conviction_age_10_or_over"

    # --- care leavers (`safeguard.care_leavers.rules`) ---
    CARE_LEAVER_ENTITLED = "care_leaver_entitled"
    PATHWAY_PLAN_AFTER_NEEDS_ASSESSMENT = "pathway_plan_after_needs_assessment"
    PATHWAY_REVIEW_AFTER_PLAN = "pathway_review_after_plan"
    CARE_LEAVER_CONTACT_ANSWERS_FIT = "care_leaver_contact_answers_fit"

    # --- adoption and previous permanence (`safeguard.permanence.rules`) ---
    ADOPTION_DATE_WITHIN_CARE_PERIOD = "adoption_date_within_care_period"
    ADOPTION_DECISION_ONE_OPEN = "adoption_decision_one_open"
    ADOPTION_DECISION_AFTER_PREVIOUS = "adoption_decision_after_previous"
    ADOPTION_DECISION_STANDS = "adoption_decision_stands"
    ADOPTION_MATCH_AFTER_DECISION = "adoption_match_after_decision"
    ADOPTION_MATCH_RECORDED_ONCE = "adoption_match_recorded_once"
    ADOPTERS_FIT_TOGETHER = "adopters_fit_together"
    ADOPTION_ORDER_NEEDS_PLACEMENT = "adoption_order_needs_placement"
    ADOPTION_ORDER_AFTER_MATCH = "adoption_order_after_match"
    ADOPTION_NO_LONGER_AFTER_DECISION = "adoption_no_longer_after_decision"
    PREVIOUS_PERMANENCE_FITS = "previous_permanence_fits"
    PREVIOUS_PERMANENCE_ONCE = "previous_permanence_once"
    # --- the permanence plan (`safeguard.permanence.rules`) ---
    PERMANENCE_PLAN_WITHIN_CARE_PERIOD = "permanence_plan_within_care_period"
    PERMANENCE_PLAN_AFTER_PREVIOUS = "permanence_plan_after_previous"
    PERMANENCE_PLAN_CHANGED = "permanence_plan_changed"
    # --- the IRO's contacts with the child (`safeguard.care.rules`) ---
    IRO_CONTACT_WITHIN_CARE_PERIOD = "iro_contact_within_care_period"
    IRO_CONTACT_BY_IRO = "iro_contact_by_iro"
    IRO_CONTACT_SEEN_ALONE_FITS = "iro_contact_seen_alone_fits"
    # --- family help (`safeguard.family_help.rules`) ---
    FAMILY_HELP_DATE_WITHIN_EPISODE = "family_help_date_within_episode"
    FAMILY_HELP_OPEN = "family_help_open"
    FAMILY_HELP_CONSENT_BEFORE_START = "family_help_consent_before_start"
    EARLY_HELP_ONE_OPEN_PER_CHILD = "early_help_one_open_per_child"
    FAMILY_HELP_KEEPS_A_CHILD = "family_help_keeps_a_child"
    LEAD_PRACTITIONER_NOT_BEFORE_CURRENT = "lead_practitioner_not_before_current"
    LEAD_PRACTITIONER_FITS = "lead_practitioner_fits"
    FAMILY_HELP_ASSESSMENT_ONE_OPEN = "family_help_assessment_one_open"
    FAMILY_HELP_ASSESSMENT_COMPLETE_FITS = "family_help_assessment_complete_fits"
    FAMILY_PLAN_NEEDS_ASSESSMENT = "family_plan_needs_assessment"
    FAMILY_PLAN_HAS_OUTCOMES = "family_plan_has_outcomes"
    PLAN_ACTION_DONE_ONCE = "plan_action_done_once"
    FAMILY_PLAN_REVIEW_NEEDS_PLAN = "family_plan_review_needs_plan"
    FAMILY_PLAN_REVIEW_MEETING_OF_FAMILY = "family_plan_review_meeting_of_family"
    FAMILY_PLAN_PROGRESS_ON_OUTCOMES = "family_plan_progress_on_outcomes"
    FAMILY_HELP_CLOSE_NEEDS_ACTIONS_DONE = "family_help_close_needs_actions_done"

    # --- visits, case notes and allocation (`recording`) ---
    VISIT_SEEN_ALONE_REQUIRES_SEEN = "visit_seen_alone_requires_seen"
    VISIT_NOT_SEEN_NEEDS_REASON = "visit_not_seen_needs_reason"
    VISIT_UNBORN_NOT_SEEN = "visit_unborn_not_seen"
    VISIT_SEEN_NEEDS_WISHES = "visit_seen_needs_wishes"
    VISIT_OTHER_PLACE_NEEDS_DESCRIPTION = "visit_other_place_needs_description"
    CASE_NOTE_NEEDS_TEXT = "case_note_needs_text"
    ALLOCATION_NOT_BEFORE_CURRENT = "allocation_not_before_current"
    ALLOCATION_ONE_OPEN = "allocation_one_open"
    ALLOCATION_END_NOT_BEFORE_START = "allocation_end_not_before_start"
    ALLOCATION_WORKER_IN_TEAM = "allocation_worker_in_team"
    ALLOCATION_WORKER_EMPLOYED = "allocation_worker_employed"

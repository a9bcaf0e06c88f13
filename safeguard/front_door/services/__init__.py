"""Every write the front door makes: the MASH's decisions (`mash`), reports and referrals from
outside (`public`) and the contact every route becomes (`receive`). Import from here:
`from safeguard.front_door import services`; the names below are its face."""

from .mash import (
    FEEDBACK_GIVEN_HOOKS,
    UNKNOWN_SURNAME,
    ContactDecided,
    contact_child_record,
    contact_consent_override,
    contact_decision_record,
    contact_rate,
    feedback_outcome_for,
    information_request_answer,
    information_request_make,
    referrer_feedback_give,
    register_feedback_given,
)
from .public import (
    HouseholdMember,
    ProfessionalReferral,
    PublicReport,
    ReportSent,
    professional_referral_send,
    public_report_key_new,
    public_report_send,
    report_attempts_prune,
    sender_hash,
    source_for_organisation_kind,
)
from .receive import (
    CONTACT_RECEIVED_HOOKS,
    ContactReceived,
    contact_receive,
    front_door_team,
    register_contact_received,
)

__all__ = [
    "CONTACT_RECEIVED_HOOKS",
    "FEEDBACK_GIVEN_HOOKS",
    "UNKNOWN_SURNAME",
    "ContactDecided",
    "ContactReceived",
    "HouseholdMember",
    "ProfessionalReferral",
    "PublicReport",
    "ReportSent",
    "contact_child_record",
    "contact_consent_override",
    "contact_decision_record",
    "contact_rate",
    "contact_receive",
    "feedback_outcome_for",
    "front_door_team",
    "information_request_answer",
    "information_request_make",
    "professional_referral_send",
    "public_report_key_new",
    "public_report_send",
    "referrer_feedback_give",
    "register_contact_received",
    "register_feedback_given",
    "report_attempts_prune",
    "sender_hash",
    "source_for_organisation_kind",
]

"""The pages where a practitioner records a statutory step: each parses a form and calls one
service (through `flow.run`, which adds "Check your answers" and the one-time token)."""

from .episodes import assessment_edit, assessment_start, referral_close, referral_open
from .protection import (
    initial_conference_record,
    review_conference_record,
    section47_complete,
    strategy_discussion_record,
)

__all__ = [
    "assessment_edit",
    "assessment_start",
    "initial_conference_record",
    "referral_close",
    "referral_open",
    "review_conference_record",
    "section47_complete",
    "strategy_discussion_record",
]

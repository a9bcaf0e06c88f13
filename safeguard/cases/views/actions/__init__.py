"""The pages where a statutory step is recorded: each checks the role, asks one selector,
declares the step and hands it to `flow.run` (check your answers where the step has one, the
one-time token, the draft cleared with the write)."""

from .casework import case_note_add, visit_record
from .children_in_need import cin_plan_end, cin_plan_review, cin_plan_start
from .episodes import assessment_edit, assessment_start, referral_close, referral_open
from .management import allocate, assessment_review
from .protection import (
    core_group_record,
    initial_conference_record,
    review_conference_record,
    section47_complete,
    strategy_discussion_record,
)

__all__ = [
    "allocate",
    "assessment_edit",
    "assessment_review",
    "assessment_start",
    "case_note_add",
    "cin_plan_end",
    "cin_plan_review",
    "cin_plan_start",
    "core_group_record",
    "initial_conference_record",
    "referral_close",
    "referral_open",
    "review_conference_record",
    "section47_complete",
    "strategy_discussion_record",
    "visit_record",
]

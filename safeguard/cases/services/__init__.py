"""Every write to the statutory case record, split by episode. Each service is keyword-only,
reads the facts from the database, asks the named rules in `workflow.rules` about them,
validates the rows it writes, audits them, and writes all or nothing. Import from here:
`from safeguard.cases import services`.
"""

from ._base import (
    ASSESSMENT_FACTOR_CODES,
    child_facts,
    referral_facts,
)
from .allocation import allocation_allocate
from .assessment import (
    assessment_authorise,
    assessment_return,
    assessment_start,
    assessment_submit,
)
from .children_in_need import (
    cin_plan_end,
    cin_plan_review_record,
    cin_plan_start,
)
from .front_door import (
    CONTACT_DETAIL_FIELDS,
    contact_decide,
    contact_match_child,
    contact_record,
)
from .looked_after import (
    care_plan_record,
    looked_after_end,
    looked_after_review_record,
    looked_after_start,
    open_referral_for,
    placement_change,
)
from .protection import (
    core_group_record,
    initial_conference_record,
    review_conference_record,
    section47_complete,
    strategy_discussion_record,
)
from .referral import referral_close, referral_open
from .visits import case_note_add, visit_record

__all__ = [
    "ASSESSMENT_FACTOR_CODES",
    "CONTACT_DETAIL_FIELDS",
    "allocation_allocate",
    "assessment_authorise",
    "assessment_return",
    "assessment_start",
    "assessment_submit",
    "care_plan_record",
    "case_note_add",
    "child_facts",
    "cin_plan_end",
    "cin_plan_review_record",
    "cin_plan_start",
    "contact_decide",
    "contact_match_child",
    "contact_record",
    "core_group_record",
    "initial_conference_record",
    "looked_after_end",
    "looked_after_review_record",
    "looked_after_start",
    "open_referral_for",
    "placement_change",
    "referral_close",
    "referral_facts",
    "referral_open",
    "review_conference_record",
    "section47_complete",
    "strategy_discussion_record",
    "visit_record",
]

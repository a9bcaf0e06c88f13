"""Case supervision in the child's chronology, as management oversight: on the day it was
held, who supervised whom, what was discussed, what was decided and the actions agreed (the
court-bundle chronology's "action taken").

Registered with `cases.extensions.register_chronology_source` from SupervisionConfig.ready().
Two queries whatever the child's history (one with none; shared with the record's panel,
`selectors.case_supervisions_of`); the caller has applied need to know to the child.
"""

from __future__ import annotations

from collections.abc import Sequence

from safeguard.cases.extensions import ChronologyEvent
from safeguard.common.forms import day_text
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from .selectors import ActionSeen, SupervisionSeen, case_supervisions_of

__all__ = ["CHRONOLOGY_KIND", "case_supervision_chronology"]

# Supervision's own type in the chronology's filter (cases.extensions.CHRONOLOGY_TYPES), so an
# inspector or auditor can read the management oversight of the case on its own.
CHRONOLOGY_KIND = "management_oversight"


def _action_text(action: ActionSeen) -> str:
    done = f", done {day_text(action.done_on)}" if action.done_on else ""
    return f"{action.what} ({action.owner}, by {day_text(action.due_on)}{done})"


def _event(supervision: SupervisionSeen) -> ChronologyEvent:
    actions = "; ".join(_action_text(a) for a in supervision.actions)
    return ChronologyEvent(
        on=supervision.held_on,
        kind=CHRONOLOGY_KIND,
        title=f"Case supervision of {supervision.case_holder} by {supervision.supervisor}",
        detail=supervision.discussion,
        who=supervision.supervisor,
        rationale=supervision.decisions,
        action_taken=f"Actions: {actions}" if actions else "",
    )


def case_supervision_chronology(user: AnyUser, child: Person) -> Sequence[ChronologyEvent]:
    """Each case supervision of the child's case, on the day it was held."""
    return [_event(s) for s in case_supervisions_of(child)]

"""A valid submission of every event type (the schema's own examples, also sent by the
schemathesis run), and for each the field it cannot do without."""

from __future__ import annotations

import copy
from typing import Any

from safeguard.agencies.schemas import EXAMPLE_CHILD as CHILD
from safeguard.agencies.schemas import EXAMPLE_EVENTS as EVENTS

# The one field each type names as essential, for the "bad input names the field" tests.
REQUIRED = {
    "attendance_concern": "attendance_percent",
    "child_missing_education": "last_attended_on",
    "removed_from_roll": "date_removed",
    "elective_home_education": "date_notified",
    "exclusion": "kind",
    "missed_health_appointment": "appointment_date",
    "emergency_department_attendance": "presenting_complaint",
    "injury": "description",
    "weight_or_development_concern": "concern",
    "domestic_abuse_notification": "risk_level",
    "police_protection": "reason",
    "household_member_arrest": "offence_category",
    "eviction": "postcode",
    "concern": "summary",
    "missing_episode": "missing_from",
}


def submission(event_type: str, **child: Any) -> dict[str, Any]:
    return {
        "reference": f"ref-{event_type}",
        "child": {**CHILD, **child},
        "event": {"event_type": event_type, **copy.deepcopy(EVENTS[event_type])},
    }

"""Reads of the case record that apply need to know, split by the page or clock family they
serve: `actions` (the records an action page works on), `record` (the child record page),
`team` ("My cases", the team dashboard, allocation and authorisation) and `timescales` (the
statutory clocks and overdue work). Callers import from `safeguard.cases.selectors`; the
names below are its face."""

from .actions import (
    assessment_get_for_action,
    child_get_for_action,
    conference_chairs_list,
    protection_plan_get_for_action,
    referral_get_for_action,
    referral_teams_list,
    section47_enquiry_get_for_action,
)
from .record import (
    STATUS_TAG_CLASSES,
    ChildRecord,
    child_get_for_recording,
    child_record_get,
    child_record_page_get,
    chronology_filter,
    draft_get_for_child,
)
from .team import (
    TEAM_MEASURES,
    AllocationTeamChoice,
    Caseload,
    TeamDashboard,
    TeamMeasureRow,
    allocation_choices_get,
    assessment_get_for_review,
    caseload_get,
    child_get_for_allocation,
    team_dashboards_get,
    team_get_overseen,
    team_list_overseen,
    team_measure_list,
)
from .timescales import (
    OverdueItem,
    child_due_items,
    clock_querysets_by_name,
    overdue_for_authority,
    overdue_for_team,
)

__all__ = [
    "STATUS_TAG_CLASSES",
    "TEAM_MEASURES",
    "AllocationTeamChoice",
    "Caseload",
    "ChildRecord",
    "OverdueItem",
    "TeamDashboard",
    "TeamMeasureRow",
    "allocation_choices_get",
    "assessment_get_for_action",
    "assessment_get_for_review",
    "caseload_get",
    "child_due_items",
    "child_get_for_action",
    "child_get_for_allocation",
    "child_get_for_recording",
    "child_record_get",
    "child_record_page_get",
    "chronology_filter",
    "clock_querysets_by_name",
    "conference_chairs_list",
    "draft_get_for_child",
    "overdue_for_authority",
    "overdue_for_team",
    "protection_plan_get_for_action",
    "referral_get_for_action",
    "referral_teams_list",
    "section47_enquiry_get_for_action",
    "team_dashboards_get",
    "team_get_overseen",
    "team_list_overseen",
    "team_measure_list",
]

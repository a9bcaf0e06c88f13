"""Every case model is read-only here: statutory records change only through cases.services,
which apply the workflow rules."""

from django.contrib import admin

from safeguard.common.admin import StatutoryRecordAdmin

from . import models


def _register(model: type, list_display: tuple[str, ...], **options: object) -> None:
    attrs = {"list_display": list_display, "show_full_result_count": False, **options}
    admin.site.register(model, type(f"{model.__name__}Admin", (StatutoryRecordAdmin,), attrs))


_register(models.Allocation, ("child", "team", "worker", "start_date", "end_date"))
_register(
    models.Contact,
    ("received_at", "child", "source", "decision", "decided_at"),
    list_filter=("decision", "source"),
)
_register(
    models.Referral,
    ("referral_date", "child", "source", "primary_need", "closure_date"),
    list_filter=("source", "primary_need", "closure_reason"),
)
_register(models.Assessment, ("start_date", "child", "submitted_date", "authorised_date"))
_register(models.StrategyDiscussion, ("discussion_date", "child", "section47_started"))
_register(models.Section47Enquiry, ("start_date", "child", "completed_date", "outcome"))
_register(
    models.ChildProtectionConference,
    ("conference_date", "kind", "child", "outcome"),
    list_filter=("kind", "outcome"),
)
_register(
    models.ChildProtectionPlan,
    ("start_date", "child", "initial_category", "end_date"),
    list_filter=("initial_category",),
)
_register(models.CoreGroupMeeting, ("meeting_date", "child"))
_register(models.ChildInNeedPlan, ("start_date", "child", "end_date"))
_register(models.ChildInNeedPlanReview, ("review_date", "plan"))
_register(
    models.Visit,
    ("visit_date", "kind", "child", "child_seen", "seen_alone"),
    list_filter=("kind", "child_seen"),
)
_register(models.CaseNote, ("event_date", "child", "subject", "written_by"))
_register(models.LookedAfterPeriod, ("start_date", "child", "end_date", "reason_ceased"))
_register(models.Placement, ("start_date", "child", "placement_type", "legal_status", "end_date"))
_register(models.LookedAfterReview, ("review_date", "child", "participation"))
_register(
    models.ManagementDecision, ("decided_at", "kind", "child", "decided_by"), list_filter=("kind",)
)

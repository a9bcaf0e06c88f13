"""What goes with a child when they move between family help and children's social care,
frozen on the day so it reads the same later, and how the front door sees it.

- Stepping up (`services.family_help_step_up`), the front door is told the family's help as
  it stands: `family_help_history`, kept on the `StepUp` and shown on the contact page
  (`step_up_panel`, registered with `front_door.extensions`).
- Stepping down (`services.family_help_step_down`), the child's early help keeps
  `social_care_summary`: the referral, the assessments' dates, factors and outcomes, the
  enquiries and plans with their dates, and the decision to close. Never a case note, nor an
  assessment's narrative: partners leading the help read this instead of the social care
  record (Working Together 2023, ch. 1: share what is necessary and proportionate).

Both are plain JSON (dates as ISO strings, codes written out as their labels), so what they
say does not move when the record or a code's label does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.extensions import Panel
from safeguard.cases.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Contact,
    Referral,
    Section47Enquiry,
)
from safeguard.common import codes
from safeguard.common.types import AnyUser

from .models import (
    EarlyHelpEpisode,
    FamilyHelpEpisode,
    FamilyPlanReview,
    MeetingAttendee,
    OutcomeProgress,
    PlanAction,
    StepUp,
)

__all__ = ["family_help_history", "social_care_summary", "step_up_panel"]

Summary = dict[str, Any]

_FACTORS = dict(codes.AssessmentFactor.choices)


def _iso(on: date | None) -> str | None:
    return on.isoformat() if on is not None else None


# Stepping up: the family's help as it stands ---------------------------------------------


def family_help_history(family_help: FamilyHelpEpisode, child_episode: EarlyHelpEpisode) -> Summary:
    """The family's help for the front door: when and why it started, who leads it, the
    latest completed assessment and its needs, the latest plan with each outcome's latest
    progress and its actions done, the reviews and the team around the family meetings."""
    lead = family_help.leads.filter(end_date__isnull=True).first()
    assessment = (
        family_help.assessments.filter(completed_on__isnull=False)
        .order_by("-completed_on", "-pk")
        .first()
    )
    plan = family_help.plans.order_by("-agreed_on", "-pk").first()
    outcomes: list[Summary] = []
    reviews: Summary = {"count": 0, "last_on": None, "next_due": None}
    if plan is not None:
        latest = {
            p.outcome_id: p.get_progress_display()
            for p in OutcomeProgress.objects.filter(review__plan=plan).order_by(
                "review__reviewed_on", "review_id"
            )
        }
        actions: dict[int, tuple[int, int]] = {
            row["outcome"]: (row["total"], row["done"])
            for row in PlanAction.objects.filter(outcome__plan=plan)
            .values("outcome")
            .annotate(total=Count("pk"), done=Count("done_on"))
        }
        outcomes = [
            {
                "area": outcome.get_area_display(),
                "what_will_change": outcome.what_will_change,
                "progress": latest.get(outcome.pk, "Not yet reviewed"),
                "actions": actions.get(outcome.pk, (0, 0))[0],
                "actions_done": actions.get(outcome.pk, (0, 0))[1],
            }
            for outcome in plan.outcomes.order_by("pk")
        ]
        last = FamilyPlanReview.objects.filter(plan=plan).order_by("-reviewed_on", "-pk").first()
        reviews = {
            "count": FamilyPlanReview.objects.filter(plan=plan).count(),
            "last_on": _iso(last.reviewed_on if last else None),
            "next_due": _iso(last.next_review_due if last else None),
        }
    meetings = family_help.meetings.annotate(
        asked=Count("attendees"),
        came=Count("attendees", filter=_attended()),
    ).order_by("held_on", "pk")
    return {
        "reference": family_help.reference,
        "started_on": _iso(family_help.started_on),
        "start_route": family_help.get_start_route_display(),
        "consent_given_on": _iso(family_help.consent_given_on),
        "child_started_on": _iso(child_episode.start_date),
        "reason": child_episode.get_reason_display(),
        "children_in_family": family_help.children.filter(end_date__isnull=True).count(),
        "lead": (
            {"organisation": lead.organisation_name, "since": _iso(lead.start_date)}
            if lead is not None
            else None
        ),
        "assessment": (
            {
                "start_date": _iso(assessment.start_date),
                "completed_on": _iso(assessment.completed_on),
                "completed_by": assessment.completed_by_organisation,
                "needs": [
                    {"area": need.get_area_display(), "description": need.description}
                    for need in assessment.needs.order_by("pk")
                ],
                "analysis": assessment.analysis,
            }
            if assessment is not None
            else None
        ),
        "plan": (
            {"agreed_on": _iso(plan.agreed_on), "outcomes": outcomes, "reviews": reviews}
            if plan is not None
            else None
        ),
        "meetings": [
            {
                "held_on": _iso(m.held_on),
                "kind": m.get_kind_display(),
                "asked": m.asked,
                "attended": m.came,
            }
            for m in meetings
        ],
    }


def _attended() -> Q:
    return Q(attendees__attendance=MeetingAttendee.Attendance.ATTENDED)


# Stepping down: what social care did, without its notes ------------------------------------


def social_care_summary(referral: Referral, frozen_on: date) -> Summary:
    """Social care's work on the referral, as it stood on `frozen_on`: dates, census factors,
    outcomes and the closing decision; no case note or assessment text."""
    assessments = Assessment.objects.filter(referral=referral).order_by("start_date", "pk")
    enquiries = Section47Enquiry.objects.filter(referral=referral).order_by("start_date", "pk")
    protection = ChildProtectionPlan.objects.filter(referral=referral).order_by("start_date", "pk")
    in_need = (
        ChildInNeedPlan.objects.filter(referral=referral)
        .annotate(review_count=Count("reviews"))
        .order_by("start_date", "pk")
    )
    return {
        "frozen_on": _iso(frozen_on),
        "referral": {
            "referral_date": _iso(referral.referral_date),
            "source": referral.get_source_display(),
            "primary_need": referral.get_primary_need_display(),
            "team": referral.team.name,
            "closure_date": _iso(referral.closure_date),
            "closure_reason": referral.get_closure_reason_display(),
        },
        "assessments": [
            {
                "start_date": _iso(a.start_date),
                "authorised_date": _iso(a.authorised_date),
                "factors": [_FACTORS.get(code, code) for code in a.factors or []],
                "outcome": a.get_outcome_display(),
            }
            for a in assessments
        ],
        "section47_enquiries": [
            {
                "start_date": _iso(e.start_date),
                "completed_date": _iso(e.completed_date),
                "outcome": e.get_outcome_display(),
            }
            for e in enquiries
        ],
        "child_protection_plans": [
            {
                "start_date": _iso(p.start_date),
                "end_date": _iso(p.end_date),
                "category": p.get_latest_category_display(),
            }
            for p in protection
        ],
        "child_in_need_plans": [
            {
                "start_date": _iso(p.start_date),
                "end_date": _iso(p.end_date),
                "reviews": p.review_count,
            }
            for p in in_need
        ],
        "decision": referral.get_closure_reason_display(),
    }


# The front door's contact page ---------------------------------------------------------------


def step_up_panel(user: AnyUser, contact: Contact) -> Panel | None:
    """On a contact family help made (a step up), the family's help as the front door was
    told it; on a contact the front door decided "early help", the family help that started
    from it. Two queries; the caller found the contact within need to know, and the family
    help read is audited here."""
    step_up = (
        StepUp.objects.filter(contact=contact).select_related("child_episode__family_help").first()
    )
    started = (
        EarlyHelpEpisode.objects.filter(source_contact=contact)
        .select_related("family_help")
        .first()
        if contact.decision == codes.ContactDecision.EARLY_HELP
        else None
    )
    if step_up is None and started is None:
        return None
    for row in (step_up, started):
        if row is not None:
            audit_record(
                action=Action.READ,
                actor=user,
                object_type=row._meta.label_lower,
                object_id=row.pk,
                child_id=contact.child_id,
            )
    return Panel(
        template_name="family_help/contact_panel.html",
        title="Family help",
        anchor="family-help",
        context={
            "title": "Family help",
            "anchor": "family-help",
            "step_up": _step_up_shown(step_up) if step_up is not None else None,
            "started": started.family_help if started is not None else None,
        },
    )


def _long(iso: str | None) -> str:
    return f"{date.fromisoformat(iso):%-d %B %Y}" if iso else ""


def _step_up_shown(step_up: StepUp) -> Summary:
    """The frozen history, with its dates written out for the page."""
    history = step_up.history
    lead = history.get("lead")
    assessment = history.get("assessment")
    plan = history.get("plan")
    rows = [
        (
            "Family help",
            f"{history['reference']}, since {_long(history['started_on'])} "
            f"({history['start_route'].lower()})",
        ),
        ("Why the child has help", history["reason"]),
        (
            "Lead practitioner",
            f"{lead['organisation']}, since {_long(lead['since'])}" if lead else "None",
        ),
        ("Children in the family's help", str(history["children_in_family"])),
        (
            "Family help assessment",
            f"Completed {_long(assessment['completed_on'])} by {assessment['completed_by']}"
            if assessment
            else "No completed assessment",
        ),
    ]
    if plan:
        reviews = plan["reviews"]
        reviewed = (
            f"; reviewed {reviews['count']} time{'s' if reviews['count'] != 1 else ''}, last "
            f"{_long(reviews['last_on'])}"
            if reviews["count"]
            else "; not yet reviewed"
        )
        rows.append(("Family plan", f"Agreed {_long(plan['agreed_on'])}{reviewed}"))
    return {
        "requested_on": step_up.requested_on,
        "rows": rows,
        "needs": assessment["needs"] if assessment else [],
        "analysis": assessment["analysis"] if assessment else "",
        "outcomes": plan["outcomes"] if plan else [],
        "meetings": [{**m, "held_on": _long(m["held_on"])} for m in history.get("meetings", [])],
    }

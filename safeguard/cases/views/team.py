"""My cases, the team manager's dashboard, and the management actions (allocation and the
decision on an assessment).

Views parse the request, call one selector or service, then render or redirect. Every read
goes through a selector that applies need to know; every write through a service that
records the decision with its rationale, who made it and when.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires
from safeguard.audit.services import audit_list
from safeguard.common import codes
from safeguard.common.errors import SafeguardError
from safeguard.common.forms import add_errors_from
from safeguard.common.services import submission_claim, submission_token_new
from safeguard.timescales import add_working_days

from .. import extensions, selectors, services
from ..forms_team import AUTHORISE, AllocationForm, AssessmentDecisionForm
from ..models import Assessment

ALREADY_RECORDED = "This was already recorded: the form was sent twice, so nothing more was saved"
NOT_AWAITING_DECISION = (
    "This assessment is not waiting for a decision: it has not been completed, or it has "
    "already been authorised"
)

# What a refusal names, mapped to the input the manager can change.
_ALLOCATION_FIELDS = {"worker": "allocate_to", "team": "allocate_to", "reason": "rationale"}
_DECISION_FIELDS = {"assessment": "decision"}


def child_record_url(child_id: int) -> str:
    """The child's record page; its plain path while that page is not yet routed."""
    for kwargs in ({"child_id": child_id}, {"pk": child_id}):
        try:
            return reverse("cases:child_record", kwargs=kwargs)
        except NoReverseMatch:
            continue
    try:
        return reverse("cases:child_record", args=[child_id])
    except NoReverseMatch:
        return f"/children/{child_id}"


def _record_url_for(row: selectors.TeamMeasureRow) -> str | None:
    # A child referred to the team but not yet allocated has no record the manager can open
    # yet (need to know follows allocations): they are listed to be allocated, not linked.
    return child_record_url(row.child_id) if row.held else None


def _manager(request: HttpRequest) -> Any:
    worker = worker_of(request.user)
    if worker is None:  # the permission needs a worker record; this is belt and braces
        raise Http404("No worker record")
    return worker


# --- My cases -------------------------------------------------------------------------------


@requires("caseload.view")
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    caseload = selectors.caseload_get(user=request.user, today=today)
    rows = [
        {"entry": entry, "record_url": child_record_url(entry.child.pk)}
        for entry in caseload.entries
    ]
    panels = extensions.caseload_panels(request.user, today)
    audit_list(
        actor=request.user,
        request=request,
        name="my_cases",
        object_type="cases.caseload",
        child_ids=[entry.child.pk for entry in caseload.entries],
        details={"panels": [panel.anchor for panel in panels]},
    )
    return render(
        request,
        "cases/team/my_cases.html",
        {"caseload": caseload, "rows": rows, "today": today, "panels": panels},
    )


# --- Team dashboard -------------------------------------------------------------------------


def _audit_dashboard(
    request: HttpRequest,
    teams: list[Any],
    dashboards: list[selectors.TeamDashboard],
    panels: list[extensions.Panel],
    *,
    lists_children: bool,
) -> None:
    """One entry for a look at team dashboards: the teams, and the children the page names
    (one team's page lists those waiting for allocation and for authorisation; several
    teams' page shows figures only)."""
    shown = (
        [row.child_id for d in dashboards for row in (*d.waiting, *d.awaiting_authorisation)]
        if lists_children
        else []
    )
    audit_list(
        actor=request.user,
        request=request,
        name="team_dashboard",
        object_type="organisation.team",
        object_id=teams[0].pk if len(teams) == 1 else "",
        child_ids=shown,
        details={
            "teams": [team.pk for team in teams],
            "panels": [panel.anchor for panel in panels],
        },
    )


def _dashboard_context(dashboard: selectors.TeamDashboard) -> dict[str, Any]:
    return {
        "dashboard": dashboard,
        "team": dashboard.team,
        "waiting": [{"row": row, "record_url": _record_url_for(row)} for row in dashboard.waiting],
        "awaiting": [
            {"row": row, "record_url": _record_url_for(row)}
            for row in dashboard.awaiting_authorisation
        ],
    }


@requires("team.dashboard")
@require_GET
def team_dashboard(request: HttpRequest) -> HttpResponse:
    """A team manager's team; a head of service's teams, a row each, the same figures."""
    today = timezone.localdate()
    teams = selectors.team_list_overseen(user=request.user)
    dashboards = selectors.team_dashboards_get(user=request.user, teams=teams, today=today)
    panels = extensions.team_panels(request.user, teams, today)
    one_team = len(dashboards) == 1
    _audit_dashboard(request, teams, dashboards, panels, lists_children=one_team)
    if one_team:
        return render(
            request,
            "cases/team/detail.html",
            {
                **_dashboard_context(dashboards[0]),
                "today": today,
                "only_team": True,
                "panels": panels,
            },
        )
    return render(
        request,
        "cases/team/dashboard.html",
        {
            "dashboards": dashboards,
            "measures": selectors.TEAM_MEASURES.values(),
            "today": today,
            "panels": panels,
        },
    )


@requires("team.dashboard")
@require_GET
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    today = timezone.localdate()
    team = selectors.team_get_overseen(user=request.user, team_id=team_id)
    (dashboard,) = selectors.team_dashboards_get(user=request.user, teams=[team], today=today)
    panels = extensions.team_panels(request.user, [team], today)
    _audit_dashboard(request, [team], [dashboard], panels, lists_children=True)
    return render(
        request,
        "cases/team/detail.html",
        {
            **_dashboard_context(dashboard),
            "today": today,
            "only_team": False,
            "panels": panels,
        },
    )


@requires("team.dashboard")
@require_GET
def team_measure(request: HttpRequest, team_id: int, measure: str) -> HttpResponse:
    """The children behind one figure of the team's dashboard."""
    today = timezone.localdate()
    team = selectors.team_get_overseen(user=request.user, team_id=team_id)
    worker_param = request.GET.get("worker", "")
    if worker_param and not worker_param.isdigit():
        raise Http404("No such worker")
    listing = selectors.team_measure_list(
        user=request.user,
        team=team,
        measure=measure,
        today=today,
        worker_id=int(worker_param) if worker_param else None,
    )
    audit_list(
        actor=request.user,
        request=request,
        name="team_measure",
        object_type="organisation.team",
        object_id=team.pk,
        child_ids=[row.child_id for row in listing.rows],
        details={
            "measure": listing.measure.slug,
            "worker": listing.worker.pk if listing.worker else None,
        },
    )
    return render(
        request,
        "cases/team/measure.html",
        {
            "team": team,
            "measure": listing.measure,
            "worker": listing.worker,
            "rows": [{"row": r, "record_url": _record_url_for(r)} for r in listing.rows],
            "today": today,
        },
    )


# --- Allocation -----------------------------------------------------------------------------


@requires("allocation.change")
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, child_id: int) -> HttpResponse:
    """Allocate or reallocate a child's case to a worker in one of the manager's teams, or to
    the team only, with the reason (Working Together 2023, ch. 3: management oversight)."""
    child, current = selectors.child_get_for_allocation(
        user=request.user, child_id=child_id, request=request
    )
    manager = _manager(request)
    today = timezone.localdate()
    choices = selectors.allocation_choices_get(user=request.user)
    if request.method == "POST":
        form = AllocationForm(request.POST, choices=choices)
    else:
        form = AllocationForm(
            choices=choices,
            initial={"start_date": today, "submission_token": submission_token_new()},
        )
    if request.method == "POST" and form.is_valid():
        team, worker = form.target()
        try:
            with transaction.atomic():
                token = form.cleaned_data["submission_token"]
                if not submission_claim(user=request.user, key=token):
                    messages.info(request, ALREADY_RECORDED)
                    return redirect("cases:team_detail", team_id=team.pk)
                services.allocation_allocate(
                    child=child,
                    team=team,
                    worker=worker,
                    start_date=form.cleaned_data["start_date"],
                    reason=form.cleaned_data["rationale"],
                    allocated_by=manager,
                )
        except SafeguardError as error:
            add_errors_from(form, error, _ALLOCATION_FIELDS)
        else:
            holder = worker.full_name if worker else f"{team.name} (no worker yet)"
            messages.success(request, f"{child.full_name}'s case is allocated to {holder}")
            return redirect("cases:team_detail", team_id=team.pk)
    return render(
        request,
        "cases/team/allocate.html",
        {
            "form": form,
            "child": child,
            "current": current,
            # Need to know follows allocations: an unallocated child's record does not open.
            "record_url": child_record_url(child.pk) if current else None,
        },
        status=400 if form.errors else 200,
    )


# --- Decision on an assessment --------------------------------------------------------------


def _awaiting_decision(assessment: Assessment) -> bool:
    return assessment.submitted_date is not None and assessment.authorised_date is None


def _review_page(
    request: HttpRequest, assessment: Assessment, form: AssessmentDecisionForm, *, status: int
) -> HttpResponse:
    referral_date = assessment.referral.referral_date
    return render(
        request,
        "cases/team/assessment_review.html",
        {
            "form": form,
            "assessment": assessment,
            "child": assessment.child,
            "record_url": child_record_url(assessment.child_id),
            "awaiting": _awaiting_decision(assessment),
            "due": add_working_days(referral_date, 45),
            "factors": assessment_factor_labels(assessment),
        },
        status=status,
    )


def assessment_factor_labels(assessment: Assessment) -> list[str]:
    labels = dict(codes.AssessmentFactor.choices)
    return [f"{code}: {labels.get(code, 'unknown code')}" for code in assessment.factors or []]


_ANSWER_FIELDS = (
    "decision",
    "authorised_date_0",
    "authorised_date_1",
    "authorised_date_2",
    "rationale",
    "submission_token",
)


@requires("assessment.authorise")
@require_http_methods(["GET", "POST"])
def assessment_review(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Read a completed assessment, then authorise it or return it for more work, checking the
    answers before they are recorded."""
    assessment = selectors.assessment_get_for_review(
        user=request.user, assessment_id=assessment_id, request=request
    )
    manager = _manager(request)
    if request.method != "POST":
        form = AssessmentDecisionForm(
            initial={
                "authorised_date": timezone.localdate(),
                "submission_token": submission_token_new(),
            }
        )
        return _review_page(request, assessment, form, status=200)

    form = AssessmentDecisionForm(request.POST)
    action = request.POST.get("action", "check")
    if action == "change":
        return _review_page(request, assessment, form, status=200)
    if not form.is_valid():
        return _review_page(request, assessment, form, status=400)
    if action != "confirm" and not _awaiting_decision(assessment):
        form.add_error(None, NOT_AWAITING_DECISION)
        return _review_page(request, assessment, form, status=400)
    if action != "confirm":
        return render(
            request,
            "cases/team/assessment_check.html",
            {
                "assessment": assessment,
                "child": assessment.child,
                "answers": form.cleaned_data,
                "authorising": form.cleaned_data["decision"] == AUTHORISE,
                "hidden": [(name, request.POST.get(name, "")) for name in _ANSWER_FIELDS],
            },
        )

    authorising = form.cleaned_data["decision"] == AUTHORISE
    try:
        with transaction.atomic():
            if not submission_claim(user=request.user, key=form.cleaned_data["submission_token"]):
                messages.info(request, ALREADY_RECORDED)
                return redirect("cases:team_dashboard")
            # After the token: a second send of a recorded decision is "already recorded".
            if not _awaiting_decision(assessment):
                raise SafeguardError(NOT_AWAITING_DECISION)
            if authorising:
                services.assessment_authorise(
                    assessment=assessment,
                    authorised_date=form.cleaned_data["authorised_date"],
                    authorised_by=manager,
                    rationale=form.cleaned_data["rationale"],
                )
            else:
                services.assessment_return(
                    assessment=assessment,
                    returned_by=manager,
                    rationale=form.cleaned_data["rationale"],
                )
    except SafeguardError as error:
        add_errors_from(form, error, _DECISION_FIELDS)
        return _review_page(request, assessment, form, status=400)
    name = assessment.child.full_name
    if authorising:
        messages.success(request, f"{name}'s assessment is authorised")
    else:
        messages.success(request, f"{name}'s assessment is returned to the worker")
    return redirect("cases:team_dashboard")

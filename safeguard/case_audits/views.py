"""The case audit tool's pages: the list of audits, starting one, the audit itself, grading
each theme, actions, completing it, the worker's response, and results by theme over time.

Each step is recorded through the one flow (`cases/views/actions/flow.py`: check your
answers, the one-time token, nothing written on a refusal). The audit is read through
`selectors.case_audit_get` (404 for an audit the user may not see), then the step's rule is
asked with the audit (403 for someone who may see it but not do this: only its auditor
changes it, only the audited worker responds). A step that no longer applies (grading a
completed audit, responding before it is completed) goes back to the audit with the reason.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, run, signed_in_worker
from safeguard.common import charts
from safeguard.common.forms import day_text
from safeguard.organisation.models import Worker

from . import forms, rules, selectors, services
from .models import GRADE_ORDER, AuditTheme, CaseAudit, CaseAuditAction
from .rules import AuditRule, AuditViolation, CaseAuditRefused

CONDUCT = "case_audit.conduct"
VIEW = "case_audit.view"
RESPOND = "case_audit.respond"
ACTION_DONE = "case_audit.action_done"
RESULTS = "case_audit.results"
NO_SUCH_CHILD = (
    "No child has that ID, or their record is restricted: check the ID on the child's record."
)
# Results by theme look back this far by default: the demo's five-year journey.
RESULTS_YEARS = 5


def _audit_url(audit: CaseAudit) -> str:
    return reverse("case_audits:audit", args=[audit.pk])


def _audit(request: HttpRequest, case_audit_id: int, permission: str) -> CaseAudit:
    audit = selectors.case_audit_get(user=signed_in_user(request), case_audit_id=case_audit_id)
    if not allowed(request.user, permission, audit):
        raise PermissionDenied(permission)
    return audit


def _facts(audit: CaseAudit) -> list[tuple[str, str]]:
    return [
        ("Child", f"{audit.child.full_name} ({audit.child.la_child_id or 'no ID'})"),
        ("Practice of", f"{audit.worker.full_name}, {audit.team.name}"),
        ("Auditor", audit.auditor.full_name),
        ("Started", day_text(audit.started_on)),
    ]


def _back_to(request: HttpRequest, audit: CaseAudit, reason: list[AuditViolation]) -> HttpResponse:
    messages.info(request, " ".join(v.message for v in reason))
    return HttpResponseRedirect(_audit_url(audit))


# Lists and results -------------------------------------------------------------------------


@requires(VIEW)
def audit_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    return render(
        request,
        "case_audits/list.html",
        {
            "lists": selectors.case_audits_list(user=user, today=today),
            "may_start": allowed(user, CONDUCT),
            "may_see_results": allowed(user, RESULTS),
            "today": today,
        },
    )


@requires(RESULTS)
def results(request: HttpRequest) -> HttpResponse:
    worker = signed_in_worker(request)
    today = timezone.localdate()
    date_from = date(today.year - RESULTS_YEARS, 1, 1)
    rows = selectors.audit_results_by_theme(
        authority_id=worker.authority_id, date_from=date_from, date_to=today
    )
    overall = [r for r in rows if r.theme == selectors.OVERALL]
    return render(
        request,
        "case_audits/results.html",
        {
            "rows": rows,
            "quarters": [r.quarter for r in overall],
            "themes": [(selectors.OVERALL, "Overall grade"), *AuditTheme.choices],
            "grades": [str(g.label) for g in GRADE_ORDER],
            "chart": charts.trend_chart(
                chart_id="good-or-better",
                title="Audits graded good or outstanding overall, quarter by quarter (%)",
                unit="the percentage",
                points=[(r.quarter, _share(r.share_good_or_better())) for r in overall],
                benchmark=None,
                benchmark_label="",
                by="quarter",
                top_of_scale=Decimal(100),
                missing="no audits",
                suffix="%",
            ),
            "date_from": date_from,
            "date_to": today,
        },
    )


def _share(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# Starting and reading an audit -------------------------------------------------------------


@requires(CONDUCT)
def start(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    auditor = signed_in_worker(request)

    def record(answers: Answers) -> str:
        child = selectors.child_for_audit(user=user, la_child_id=answers["child"])
        worker = selectors.worker_to_audit(child=child) if child is not None else None
        if child is None or worker is None:
            message = NO_SUCH_CHILD if child is None else rules.worker_held_case(False)[0].message
            raise CaseAuditRefused([AuditViolation(AuditRule.REQUIRED, message, ("child",))])
        audit = services.case_audit_start(
            child=child, worker=worker, auditor=auditor, started_on=answers["started_on"]
        )
        started.append(audit)
        return f"Case audit started: the practice of {worker.full_name}"

    started: list[CaseAudit] = []
    return run(
        request,
        StatutoryAction(
            title="Start a case audit",
            form_class=forms.StartForm,
            record=record,
            initial={"child": request.GET.get("child", ""), "started_on": timezone.localdate()},
            facts=[("Auditor", auditor.full_name)],
            back_url=reverse("case_audits:list"),
            done_url=lambda answers: (
                _audit_url(started[-1]) if started else reverse("case_audits:list")
            ),
        ),
    )


@requires(VIEW)
def audit_detail(request: HttpRequest, case_audit_id: int) -> HttpResponse:
    user = signed_in_user(request)
    audit = selectors.case_audit_get(user=user, case_audit_id=case_audit_id)
    worker = signed_in_worker(request)
    graded = {g.theme: g for g in audit.theme_grades.all()}
    conducting = audit.completed_on is None and allowed(user, CONDUCT, audit)
    today = timezone.localdate()
    return render(
        request,
        "case_audits/audit.html",
        {
            "audit": audit,
            "facts": _facts(audit),
            "themes": [
                (
                    theme,
                    graded.get(theme.value),
                    reverse("case_audits:theme_grade", args=[audit.pk, theme.value]),
                )
                for theme in AuditTheme
            ],
            "actions": [
                (
                    action,
                    action.done_on is None and action.due_on < today,
                    action.done_on is None and worker.pk in (action.owner_id, audit.auditor_id),
                )
                for action in audit.actions.all()
            ],
            "conducting": conducting,
            "may_respond": audit.completed_on is not None
            and audit.worker_responded_on is None
            and allowed(user, RESPOND, audit),
        },
    )


# Conducting the audit ----------------------------------------------------------------------


@requires(CONDUCT)
def theme_grade(request: HttpRequest, case_audit_id: int, theme: str) -> HttpResponse:
    audit = _audit(request, case_audit_id, CONDUCT)
    if theme not in AuditTheme.values:
        raise Http404("No such audit theme")
    if audit.completed_on is not None:
        return _back_to(request, audit, rules.audit_in_progress(audit.completed_on))
    auditor = signed_in_worker(request)
    label = str(AuditTheme(theme).label)
    existing = next((g for g in audit.theme_grades.all() if g.theme == theme), None)

    def record(answers: Answers) -> str:
        services.case_audit_theme_grade(
            audit=audit,
            theme=theme,
            grade=answers["grade"],
            finding=answers["finding"],
            by=auditor,
        )
        return f"{label}: graded"

    return run(
        request,
        StatutoryAction(
            title=f"Grade: {label.lower()}",
            form_class=forms.ThemeGradeForm,
            record=record,
            initial=({"grade": existing.grade, "finding": existing.finding} if existing else {}),
            facts=_facts(audit),
            back_url=_audit_url(audit),
        ),
    )


@requires(CONDUCT)
def action_add(request: HttpRequest, case_audit_id: int) -> HttpResponse:
    audit = _audit(request, case_audit_id, CONDUCT)
    auditor = signed_in_worker(request)
    today = timezone.localdate()
    owners = list(selectors.workers_in_post(authority_id=auditor.authority_id, on=today))

    def record(answers: Answers) -> str:
        owner = Worker.objects.filter(pk=int(answers["owner"])).first()
        services.case_audit_action_add(
            audit=audit,
            action=answers["action"],
            owner=owner,
            due_on=answers["due_on"],
            set_on=answers["set_on"],
            by=auditor,
        )
        return "Action added"

    return run(
        request,
        StatutoryAction(
            title="Add an action",
            form_class=forms.ActionAddForm,
            form_kwargs={"owners": owners},
            record=record,
            initial={
                "owner": str(audit.worker_id),
                "set_on": today,
                "due_on": today + timedelta(days=28),
            },
            facts=_facts(audit),
            back_url=_audit_url(audit),
        ),
    )


@requires(CONDUCT)
def complete(request: HttpRequest, case_audit_id: int) -> HttpResponse:
    audit = _audit(request, case_audit_id, CONDUCT)
    if audit.completed_on is not None:
        return _back_to(request, audit, rules.audit_in_progress(audit.completed_on))
    auditor = signed_in_worker(request)

    def record(answers: Answers) -> str:
        services.case_audit_complete(
            audit=audit,
            grade=answers["grade"],
            strengths=answers["strengths"],
            areas_for_development=answers["areas_for_development"],
            completed_on=answers["completed_on"],
            by=auditor,
        )
        return "Case audit completed: the worker can now respond"

    return run(
        request,
        StatutoryAction(
            title="Complete the audit",
            form_class=forms.CompleteForm,
            record=record,
            initial={
                "completed_on": timezone.localdate(),
                "strengths": audit.strengths,
                "areas_for_development": audit.areas_for_development,
            },
            facts=_facts(audit),
            back_url=_audit_url(audit),
        ),
    )


# The worker and the actions ----------------------------------------------------------------


@requires(RESPOND)
def respond(request: HttpRequest, case_audit_id: int) -> HttpResponse:
    audit = _audit(request, case_audit_id, RESPOND)
    not_yet = rules.audit_completed(audit.completed_on) + rules.responded_once(
        audit.worker_responded_on
    )
    if not_yet:
        return _back_to(request, audit, not_yet)
    worker = signed_in_worker(request)

    def record(answers: Answers) -> str:
        services.case_audit_worker_respond(
            audit=audit,
            response=answers["response"],
            agrees=answers["agrees"],
            responded_on=answers["responded_on"],
            by=worker,
        )
        return "Your response was recorded"

    return run(
        request,
        StatutoryAction(
            title="Respond to the audit",
            form_class=forms.RespondForm,
            record=record,
            initial={"responded_on": timezone.localdate()},
            facts=[
                *_facts(audit),
                ("Overall grade", audit.get_grade_display()),
                ("Completed", day_text(audit.completed_on)),
            ],
            back_url=_audit_url(audit),
        ),
    )


@requires(ACTION_DONE)
def action_done(
    request: HttpRequest, case_audit_id: int, case_audit_action_id: int
) -> HttpResponse:
    audit = selectors.case_audit_get(user=signed_in_user(request), case_audit_id=case_audit_id)
    action: CaseAuditAction | None = next(
        (a for a in audit.actions.all() if a.pk == case_audit_action_id), None
    )
    if action is None:
        raise Http404("No such action on this audit")
    action.audit = audit
    if not allowed(request.user, ACTION_DONE, action):
        raise PermissionDenied(ACTION_DONE)
    if action.done_on is not None:
        return _back_to(request, audit, rules.action_open(action.done_on))
    worker = signed_in_worker(request)
    done = action

    def record(answers: Answers) -> str:
        services.case_audit_action_done(action=done, done_on=answers["done_on"], by=worker)
        return "Action recorded as done"

    return run(
        request,
        StatutoryAction(
            title="Record the action as done",
            form_class=forms.ActionDoneForm,
            record=record,
            initial={"done_on": timezone.localdate()},
            facts=[
                ("Action", action.action),
                ("Owner", action.owner.full_name),
                ("Due", day_text(action.due_on)),
            ],
            back_url=_audit_url(audit),
        ),
    )

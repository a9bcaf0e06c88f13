"""The improvement plan's pages: the plan, a recommendation, adding a source and its
recommendations, changing a status, adding evidence, the board report (page, Word, PDF) and
the inspection-readiness view.

Views parse the request and call one selector or service. Recording goes through the one
flow every recorded step uses (`cases.views.actions.flow`: the form, "Check your answers", a
one-time token); a document is uploaded on its own form (a file cannot wait in the session
for "Check your answers"), carrying the one-time token itself.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.agencies.models import PartnerOrganisation
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, run
from safeguard.common.errors import SafeguardError
from safeguard.common.forms import add_errors_from
from safeguard.common.services import submission_claim, submission_token_new

from . import exports, rules, selectors, services
from .codes import Status
from .forms import (
    AuditEvidenceForm,
    DocumentEvidenceForm,
    IndicatorEvidenceForm,
    PlanFilterForm,
    RecommendationForm,
    SourceForm,
    StatusForm,
)
from .models import Recommendation

VIEW = "improvement.view"
MANAGE = "improvement.manage"
FORM_TEMPLATE = "improvement/form.html"
CHECK_TEMPLATE = "improvement/check_answers.html"


def recommendation_url(recommendation_id: int) -> str:
    return reverse("improvement:recommendation", args=[recommendation_id])


def _facts(recommendation: Recommendation) -> list[tuple[str, str]]:
    return [
        ("Source", recommendation.source.title),
        ("Reference", recommendation.reference),
        ("Status", Status(recommendation.status).label),
    ]


# --- Reading --------------------------------------------------------------------------------


@requires(VIEW)
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PlanFilterForm(request.GET, user=request.user)
    rows = selectors.plan_list(user=request.user, filters=form.filters(), today=today)
    return render(
        request,
        "improvement/plan.html",
        {
            "form": form,
            "rows": rows,
            "today": today,
            "can_manage": allowed(request.user, MANAGE),
            "at_risk_weeks": rules.AT_RISK_WEEKS,
        },
    )


@requires(VIEW)
@require_GET
def recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    page = selectors.recommendation_page_get(
        user=request.user, recommendation_id=recommendation_id, today=timezone.localdate()
    )
    return render(
        request,
        "improvement/recommendation.html",
        {
            "page": page,
            "row": page.row,
            "recommendation": page.recommendation,
            "can_manage": allowed(request.user, MANAGE),
        },
    )


@requires(VIEW)
@require_GET
def evidence_document(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = selectors.evidence_document_get(
        user=request.user, evidence_id=evidence_id, request=request
    )
    name = str(evidence.document.name).rsplit("/", 1)[-1]
    response = FileResponse(evidence.document.open("rb"), as_attachment=True, filename=name)
    # The access decorators are typed for HttpResponse; a streamed response serves the same.
    return cast(HttpResponse, response)


@requires(VIEW)
@require_GET
def board_report(request: HttpRequest) -> HttpResponse:
    report = selectors.board_report_get(user=request.user, today=timezone.localdate())
    return render(
        request,
        "improvement/board_report.html",
        {
            "report": report,
            "title": exports.report_title(report),
            "by_source": [(source.title, tally) for source, tally in report.by_source],
            "by_area": [(tally.label, tally) for tally in report.by_area],
        },
    )


@requires(VIEW)
@require_GET
def board_report_docx(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    report = selectors.board_report_get(
        user=request.user, today=today, request=request, export="docx"
    )
    response = HttpResponse(
        exports.board_report_docx(report), content_type=exports.DOCX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="board-report-{today:%Y-%m-%d}.docx"'
    return response


@requires(VIEW)
@require_GET
def board_report_pdf(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    report = selectors.board_report_get(
        user=request.user, today=today, request=request, export="pdf"
    )
    response = HttpResponse(exports.board_report_pdf(report), content_type=exports.PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="board-report-{today:%Y-%m-%d}.pdf"'
    return response


@requires(VIEW)
@require_GET
def readiness(request: HttpRequest) -> HttpResponse:
    areas = selectors.readiness_get(user=request.user, today=timezone.localdate())
    return render(request, "improvement/readiness.html", {"areas": areas})


# --- Recording ------------------------------------------------------------------------------


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def source_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    authority = selectors.authority_for(user)
    added: dict[str, int] = {}

    def record(answers: Answers) -> str:
        source = services.improvement_source_create(
            authority=authority,
            kind=answers["kind"],
            title=answers["title"],
            published_on=answers["published_on"],
            created_by=user,
        )
        added["source"] = source.pk
        return f"{source.title} added: now add its recommendations"

    return run(
        request,
        StatutoryAction(
            title="Add a review, inspection or audit",
            form_class=SourceForm,
            record=record,
            back_url=reverse("improvement:plan"),
            done_url=lambda answers: (
                reverse("improvement:recommendation_add") + f"?source={added.get('source', '')}"
            ),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
        ),
    )


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def recommendation_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    initial = {}
    chosen = request.GET.get("source", "")
    if chosen.isdigit():
        initial["source"] = selectors.source_get(user=user, source_id=int(chosen)).pk

    def record(answers: Answers) -> str:
        agencies = list(
            PartnerOrganisation.objects.filter(
                authority=selectors.authority_for(user),
                pk__in=[int(a) for a in answers["agencies"]],
            )
        )
        added = services.recommendation_create(
            source=answers["source"],
            kind=answers["kind"],
            reference=answers["reference"],
            text=answers["text"],
            owner=answers["owner"],
            agencies=agencies,
            judgement_area=answers["judgement_area"],
            due_on=answers["due_on"],
            created_by=user,
        )
        return f"{added.reference} added to the plan"

    return run(
        request,
        StatutoryAction(
            title="Add a recommendation or area for improvement",
            form_class=RecommendationForm,
            form_kwargs={"user": user},
            initial=initial,
            record=record,
            back_url=reverse("improvement:plan"),
            done_url=lambda answers: (
                reverse("improvement:recommendation_add") + f"?source={answers['source'].pk}"
            ),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
        ),
    )


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def status_change(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.recommendation_get(user=user, recommendation_id=recommendation_id)

    def record(answers: Answers) -> str:
        change = services.recommendation_status_change(
            recommendation=found,
            status=answers["status"],
            on=answers["on"],
            reason=answers["reason"],
            changed_by=user,
        )
        return f"{found.reference} is now {Status(change.to_status).label.lower()}"

    return run(
        request,
        StatutoryAction(
            title="Change the status",
            form_class=StatusForm,
            initial={"on": timezone.localdate()},
            record=record,
            facts=_facts(found),
            back_url=recommendation_url(found.pk),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
        ),
    )


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def evidence_audit_add(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.recommendation_get(user=user, recommendation_id=recommendation_id)

    def record(answers: Answers) -> str:
        services.evidence_case_audit_add(
            recommendation=found,
            case_audit=answers["case_audit"],
            title=answers["title"],
            added_by=user,
        )
        return "Case audit added as evidence"

    return run(
        request,
        StatutoryAction(
            title="Add a case audit as evidence",
            form_class=AuditEvidenceForm,
            form_kwargs={"user": user},
            record=record,
            facts=_facts(found),
            back_url=recommendation_url(found.pk),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
        ),
    )


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def evidence_indicator_add(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.recommendation_get(user=user, recommendation_id=recommendation_id)

    def record(answers: Answers) -> str:
        services.evidence_indicator_add(
            recommendation=found,
            indicator=answers["indicator"],
            baseline=answers["baseline"],
            baseline_on=answers["baseline_on"],
            target=answers["target"],
            title=answers["title"],
            added_by=user,
        )
        return "Indicator added as evidence"

    return run(
        request,
        StatutoryAction(
            title="Add an indicator as evidence",
            form_class=IndicatorEvidenceForm,
            record=record,
            facts=_facts(found),
            back_url=recommendation_url(found.pk),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
        ),
    )


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def evidence_document_add(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.recommendation_get(user=user, recommendation_id=recommendation_id)
    context = {
        "title": "Add a document as evidence",
        "facts": _facts(found),
        "back_url": recommendation_url(found.pk),
    }
    if request.method != "POST":
        form = DocumentEvidenceForm()
        return render(
            request,
            "improvement/document.html",
            {**context, "form": form, "token": submission_token_new()},
        )
    form = DocumentEvidenceForm(request.POST, request.FILES)
    token = request.POST.get("submission_token", "") or submission_token_new()
    page = {**context, "form": form, "token": token}
    if not form.is_valid():
        return render(request, "improvement/document.html", page, status=400)
    try:
        with transaction.atomic():
            if submission_claim(user=user, key=token):
                services.evidence_document_add(
                    recommendation=found,
                    title=form.cleaned_data["title"],
                    document=form.cleaned_data["document"],
                    added_by=user,
                )
                messages.success(request, "Document added as evidence")
    except SafeguardError as error:
        add_errors_from(form, error)
        return render(request, "improvement/document.html", page, status=400)
    return HttpResponseRedirect(recommendation_url(found.pk))

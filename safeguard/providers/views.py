"""The providers register's pages: the register, a provider, adding a provider or changing its
details, recording an Ofsted inspection, and importing Ofsted's file.

Views parse the request and call one selector or service. Recording goes through the one flow
every recorded step uses (`cases.views.actions.flow`: the form, "Check your answers", a
one-time token); the role is checked by `requires` (403), and a provider page names only the
children the reader may see (`selectors.provider_page_get`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, run
from safeguard.common.forms import day_text

from . import selectors, services
from .forms import InspectionForm, OfstedFileForm, ProviderForm, RegisterSearchForm
from .models import Provider
from .templatetags.provider_grades import grade_label

VIEW = "providers.view"
MANAGE = "providers.manage"
FORM_TEMPLATE = "providers/form.html"
CHECK_TEMPLATE = "providers/check_answers.html"


def provider_url(urn: str) -> str:
    return reverse("providers:provider", args=[urn])


# --- Reading --------------------------------------------------------------------------------


def _page_of(request: HttpRequest, rows: Any) -> Page[Any]:
    raw = request.GET.get("page", "")
    return Paginator(rows, selectors.PAGE_SIZE).get_page(int(raw) if raw.isdigit() else 1)


def _page_urls(page: Page[Any], filters: selectors.RegisterFilters) -> dict[str, str | None]:
    terms = {
        name: value
        for name, value in (
            ("search", filters.search),
            ("grade", filters.grade),
            ("kind", filters.kind),
        )
        if value
    }

    def url(number: int) -> str:
        return "?" + urlencode({**terms, "page": number})

    return {
        "previous_url": url(page.previous_page_number()) if page.has_previous() else None,
        "next_url": url(page.next_page_number()) if page.has_next() else None,
    }


@requires(VIEW)
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterSearchForm(request.GET)
    filters = selectors.RegisterFilters()
    if form.is_valid():
        filters = selectors.RegisterFilters(
            search=form.cleaned_data["search"],
            grade=form.cleaned_data["grade"],
            kind=form.cleaned_data["kind"],
        )
    else:
        # A filter value the form does not offer (an old or edited link): the whole register,
        # the form shown afresh rather than an error about a choice nobody made.
        form = RegisterSearchForm()
    page = _page_of(request, selectors.provider_list(filters=filters))
    return render(
        request,
        "providers/register.html",
        {
            "form": form,
            "filters": filters,
            "providers": list(page.object_list),
            "page": page,
            "total": page.paginator.count,
            "last_import": selectors.last_import_get(),
            "can_manage": allowed(request.user, MANAGE),
            **_page_urls(page, filters),
        },
    )


@requires(VIEW)
@require_GET
def provider(request: HttpRequest, urn: str) -> HttpResponse:
    page = selectors.provider_page_get(user=request.user, urn=urn, request=request)
    return render(
        request,
        "providers/provider.html",
        {"page": page, "provider": page.provider, "can_manage": allowed(request.user, MANAGE)},
    )


# --- Recording ------------------------------------------------------------------------------


def _provider_facts(provider: Provider) -> list[tuple[str, str]]:
    grade = str(getattr(provider, "current_grade", ""))
    inspected = getattr(provider, "current_inspected_on", None)
    current = f"{grade_label(grade)} ({day_text(inspected)})" if grade else grade_label(grade)
    return [
        ("Provider", provider.display_name),
        ("URN", provider.urn),
        ("Current grade", current),
    ]


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def provider_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)

    def record(answers: Answers) -> str:
        added = services.provider_create(
            urn=answers["urn"],
            kind=answers["kind"],
            name=answers["name"],
            postcode=answers["postcode"],
            local_authority=answers["local_authority"],
            registration_status=answers["registration_status"],
            created_by=user,
        )
        return f"{added.display_name} ({added.urn}) added to the register"

    return run(
        request,
        StatutoryAction(
            title="Add a provider",
            form_class=ProviderForm,
            record=record,
            back_url=reverse("providers:register"),
            done_url=lambda answers: provider_url(answers["urn"]),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
        ),
    )


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def provider_change(request: HttpRequest, urn: str) -> HttpResponse:
    user = signed_in_user(request)
    provider = selectors.provider_get(urn=urn)

    def record(answers: Answers) -> str:
        changed = services.provider_change(
            provider=provider,
            kind=answers["kind"],
            name=answers["name"],
            postcode=answers["postcode"],
            local_authority=answers["local_authority"],
            registration_status=answers["registration_status"],
            changed_by=user,
        )
        return "Details changed" if changed else "Nothing changed: the details were already these"

    return run(
        request,
        StatutoryAction(
            title="Change the provider's details",
            form_class=ProviderForm,
            form_kwargs={"new": False},
            initial={
                "kind": provider.kind,
                "name": provider.name,
                "postcode": provider.postcode,
                "local_authority": provider.local_authority,
                "registration_status": provider.registration_status,
            },
            record=record,
            facts=_provider_facts(provider)[:2],
            back_url=provider_url(provider.urn),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
        ),
    )


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def inspection_record(request: HttpRequest, urn: str) -> HttpResponse:
    user = signed_in_user(request)
    provider = selectors.provider_get(urn=urn)

    def record(answers: Answers) -> str:
        recorded = services.inspection_record(
            provider=provider,
            kind=answers["kind"],
            inspection_date=answers["inspection_date"],
            grade=InspectionForm.grade_of(answers),
            publication_date=answers["publication_date"],
            recorded_by=user,
            today=timezone.localdate(),
        )
        said = "Inspection recorded"
        if not recorded.became_inadequate:
            return said
        placed = recorded.children_placed
        if not placed:
            return (
                f"{said}. {provider.display_name} is now rated inadequate; no child is placed "
                "there."
            )
        children = "1 child is" if placed == 1 else f"{placed} children are"
        return (
            f"{said}. {provider.display_name} is now rated inadequate: {children} placed "
            "there. Each placement is due for review, and each child's social worker and team "
            "manager have a task."
        )

    return run(
        request,
        StatutoryAction(
            title="Record an Ofsted inspection",
            form_class=InspectionForm,
            record=record,
            facts=_provider_facts(provider),
            back_url=provider_url(provider.urn),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
        ),
    )


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def ofsted_import(request: HttpRequest) -> HttpResponse:
    """Upload Ofsted's provider-level file; the report says what changed, or every problem
    found (and that nothing was imported)."""
    if request.method != "POST":
        return render(request, "providers/import.html", {"form": OfstedFileForm()})
    form = OfstedFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "providers/import.html", {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    report = services.ofsted_file_import(
        data=upload.read(),
        file_name=str(upload.name),
        imported_by=signed_in_user(request),
        today=timezone.localdate(),
    )
    return render(
        request,
        "providers/import_report.html",
        {"report": report},
        status=200 if report.imported else 400,
    )

"""The identity-linkage pages: the review queue (the likeliest match first), one suggested
match side by side, and the people linkage recorded from partners' records with the known
people each came near."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.accounts.access import requires, signed_in_user
from safeguard.common import codes

from . import selectors, services
from .forms import CONFIRM, MatchReviewDecisionForm
from .models import MatchReview

PAGE_SIZE = 50
# A partner's record gives sex as the census code: shown to the reviewer in words.
SEX_IN_WORDS = dict(codes.Sex.choices)
COMPARISON_LABELS = {
    "first_name": "First name",
    "last_name": "Surname",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "home": "Home (postcode and address)",
    "nhs_number": "NHS number",
    "upn": "Unique pupil number",
}


def _page_of(request: HttpRequest, rows: QuerySet[Any]) -> Page[Any]:
    raw = request.GET.get("page", "")
    return Paginator(rows, PAGE_SIZE).get_page(int(raw) if raw.isdigit() else 1)


def _page_urls(page: Page[Any], **terms: str) -> dict[str, str | None]:
    def url(number: int) -> str:
        return "?" + urlencode({**terms, "page": number})

    return {
        "previous_url": url(page.previous_page_number()) if page.has_previous() else None,
        "next_url": url(page.next_page_number()) if page.has_next() else None,
    }


@requires("linkage.review")
@require_http_methods(["GET"])
def review_list(request: HttpRequest) -> HttpResponse:
    page = _page_of(request, selectors.match_review_list_pending(user=request.user))
    reviews = list(page.object_list)
    selectors.audit_people_listed(
        user=request.user,
        request=request,
        name="linkage reviews",
        child_ids=[review.candidate_id for review in reviews],
    )
    return render(
        request,
        "linkage/review_list.html",
        {"reviews": reviews, "page": page, "total": page.paginator.count, **_page_urls(page)},
    )


@requires("linkage.review")
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    page = selectors.match_review_get(user=request.user, review_id=review_id, request=request)
    review = page.review
    pending = review.status == MatchReview.Status.PENDING
    form = MatchReviewDecisionForm(request.POST if request.method == "POST" and pending else None)
    if request.method == "POST" and pending and form.is_valid():
        decide = (
            services.match_review_confirm
            if form.cleaned_data["decision"] == CONFIRM
            else services.match_review_reject
        )
        try:
            decide(
                review=review,
                decided_by=signed_in_user(request),
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except services.LinkageError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Decision recorded")
            return redirect("linkage:review_list")
    rows = [
        ("Name", f"{page.incoming.first_name} {page.incoming.last_name}".strip(),
         f"{page.candidate.first_name} {page.candidate.last_name}".strip()),
        ("Date of birth", page.incoming.date_of_birth, page.candidate.date_of_birth),
        ("Sex", SEX_IN_WORDS.get(page.incoming.sex, page.incoming.sex), page.candidate.sex),
        ("Postcode", page.incoming.postcode, page.candidate.postcode),
        ("Address", page.incoming.address_line, page.candidate.address_line),
        ("NHS number", page.incoming.nhs_number, page.candidate.nhs_number),
        ("Unique pupil number", page.incoming.upn, page.candidate.upn),
    ]  # fmt: skip
    return render(
        request,
        "linkage/review_detail.html",
        {
            "page": page,
            "review": review,
            "rows": rows,
            "weights": [
                (
                    COMPARISON_LABELS.get(w["comparison"], w["comparison"]),
                    w["level"],
                    w["match_weight"],
                )
                for w in review.comparison_weights
            ],
            "form": form,
            "pending": pending,
        },
        status=400 if form.errors else 200,
    )


@requires("linkage.review")
@require_http_methods(["GET"])
def person_list(request: HttpRequest) -> HttpResponse:
    near_only = request.GET.get("near") == "1"
    page = _page_of(request, selectors.person_source_list(user=request.user, near_only=near_only))
    sources = list(page.object_list)
    near = selectors.near_candidate_summaries(
        user=request.user, source_ids=[source.pk for source in sources]
    )
    selectors.audit_people_listed(
        user=request.user,
        request=request,
        name="linkage people recorded from partners",
        child_ids=[source.person_id for source in sources],
    )
    return render(
        request,
        "linkage/person_list.html",
        {
            "rows": [(source, near.get(source.pk)) for source in sources],
            "page": page,
            "total": page.paginator.count,
            "near_only": near_only,
            **_page_urls(page, **({"near": "1"} if near_only else {})),
        },
    )


@requires("linkage.review")
@require_http_methods(["GET"])
def person_source(request: HttpRequest, person_id: int) -> HttpResponse:
    page = selectors.person_source_get(user=request.user, person_id=person_id, request=request)
    incoming = page.incoming
    near = [
        {
            "rejected": n.rejected,
            "name": f"{n.candidate.first_name} {n.candidate.last_name}".strip() or "(no name)",
            "rows": [
                ("Name", f"{n.candidate.first_name} {n.candidate.last_name}".strip()),
                ("Date of birth", n.candidate.date_of_birth),
                ("Sex", n.candidate.sex),
                ("Postcode", n.candidate.postcode),
                ("Address", n.candidate.address_line),
                ("NHS number", n.candidate.nhs_number),
                ("Unique pupil number", n.candidate.upn),
            ],
            "against": [
                (
                    COMPARISON_LABELS.get(w["comparison"], w["comparison"]),
                    w["level"],
                    w["match_weight"],
                )
                for w in n.rejected.told_against
            ],
        }
        for n in page.near
    ]
    sent = (
        [
            ("Name", f"{incoming.first_name} {incoming.last_name}".strip()),
            ("Date of birth", incoming.date_of_birth),
            ("Sex", SEX_IN_WORDS.get(incoming.sex, incoming.sex)),
            ("Postcode", incoming.postcode),
            ("Address", incoming.address_line),
            ("NHS number", incoming.nhs_number),
            ("Unique pupil number", incoming.upn),
        ]
        if incoming is not None
        else []
    )
    return render(
        request,
        "linkage/person_source.html",
        {
            "page": page,
            "source": page.source,
            "sent": sent,
            "near": near,
            "floor": services.NEAR_CANDIDATE_FLOOR,
        },
    )

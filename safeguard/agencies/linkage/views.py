"""The identity-linkage review queue: the list, and one suggested match side by side."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safeguard.accounts.access import requires, signed_in_user

from . import selectors, services
from .forms import CONFIRM, MatchReviewDecisionForm
from .models import MatchReview

PAGE_SIZE = 50
COMPARISON_LABELS = {
    "first_name": "First name",
    "last_name": "Surname",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "home": "Home (postcode and address)",
    "nhs_number": "NHS number",
    "upn": "Unique pupil number",
}


@requires("linkage.review")
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.match_review_list_pending(user=request.user)
    total = reviews.count()
    return render(
        request,
        "linkage/review_list.html",
        {"reviews": list(reviews[:PAGE_SIZE]), "total": total, "page_size": PAGE_SIZE},
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
        ("Sex", page.incoming.sex, page.candidate.sex),
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

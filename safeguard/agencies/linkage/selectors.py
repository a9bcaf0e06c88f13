"""Reads for the review queue. A reviewer sees identity details only (names, date of birth,
sex, identifiers, home), never case content; a restricted record's candidate is shown only to
the people named on it (access.queries.restriction_allows_q)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from safeguard.access.queries import restriction_allows_q
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser

from .index import index_records
from .models import MatchReview
from .services import incoming_from_json
from .types import IncomingPerson


def _reviews_visible_to(user: AnyUser) -> QuerySet[MatchReview]:
    return MatchReview.objects.filter(restriction_allows_q(user, "candidate_id"))


def match_review_list_pending(*, user: AnyUser) -> QuerySet[MatchReview]:
    """Reviews waiting for a decision, oldest first."""
    return (
        _reviews_visible_to(user)
        .filter(status=MatchReview.Status.PENDING)
        .select_related("candidate")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class CandidateDetails:
    """The candidate as the linkage compared them (their current home included)."""

    person_id: int
    first_name: str
    last_name: str
    date_of_birth: Any
    sex: str
    postcode: str
    address_line: str
    nhs_number: str
    upn: str


@dataclass(frozen=True)
class ReviewPage:
    review: MatchReview
    incoming: IncomingPerson
    candidate: CandidateDetails


def match_review_get(
    *, user: AnyUser, review_id: int, request: HttpRequest | None = None
) -> ReviewPage:
    """One review with both records side by side; 404 if it does not exist or its candidate
    is a restricted record this user is not named on. The read is audited."""
    review = (
        _reviews_visible_to(user)
        .select_related("candidate", "decided_by", "model")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        raise Http404("No such match review")
    person = review.candidate
    prepared = index_records([person.pk])[0]
    candidate = CandidateDetails(
        person_id=person.pk,
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        sex=person.get_sex_display(),
        postcode=prepared["postcode"] or "",
        address_line=prepared["address"] or "",
        nhs_number=person.nhs_number or "",
        upn=person.upn,
    )
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type="linkage.matchreview",
        object_id=review.pk,
        child_id=person.pk,
    )
    return ReviewPage(review, incoming_from_json(review.incoming), candidate)

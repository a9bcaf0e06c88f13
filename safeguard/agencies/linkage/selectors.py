"""Reads for the review queue and for the people linkage created from partners' records. A
reviewer sees identity details only (names, date of birth, sex, identifiers, home), never case
content; a restricted record (a candidate, or a person created) is shown only to the people
named on it (access.queries.restriction_allows_q). Each page that shows people is audited:
a list as one entry naming the children listed, a page about people as a read of each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.http import Http404, HttpRequest

from safeguard.access.queries import restriction_allows_q
from safeguard.audit.models import Action
from safeguard.audit.services import (
    AuditRecord,
    audit_append,
    audit_list,
    audit_record,
    request_origin,
)
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from .index import index_records
from .models import MatchReview, PersonSource, RejectedCandidate
from .services import incoming_from_json
from .types import IncomingPerson


def _reviews_visible_to(user: AnyUser) -> QuerySet[MatchReview]:
    return MatchReview.objects.filter(restriction_allows_q(user, "candidate_id"))


def match_review_list_pending(*, user: AnyUser) -> QuerySet[MatchReview]:
    """Reviews waiting for a decision, the likeliest match first (a reviewer's time goes
    where a duplicate person is likeliest to be avoided), then the oldest."""
    return (
        _reviews_visible_to(user)
        .filter(status=MatchReview.Status.PENDING)
        .select_related("candidate")
        .order_by("-match_probability", "created_at", "pk")
    )


def audit_people_listed(
    *, user: AnyUser, request: HttpRequest | None, name: str, child_ids: Iterable[int]
) -> None:
    """One entry for a linkage list page: which children it showed (ids, never names)."""
    audit_list(actor=user, request=request, name=name, child_ids=child_ids)


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


def _candidate_details(people: Sequence[Person]) -> list[CandidateDetails]:
    """People as the linkage compares them (home from the person index), in the given
    order: two queries however many."""
    homes = {int(p["unique_id"]): p for p in index_records([person.pk for person in people])}
    return [
        CandidateDetails(
            person_id=person.pk,
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
            sex=person.get_sex_display(),
            postcode=homes[person.pk]["postcode"] or "",
            address_line=homes[person.pk]["address"] or "",
            nhs_number=person.nhs_number or "",
            upn=person.upn,
        )
        for person in people
    ]


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
    candidate = _candidate_details([person])[0]
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type="linkage.matchreview",
        object_id=review.pk,
        child_id=person.pk,
    )
    return ReviewPage(review, incoming_from_json(review.incoming), candidate)


# --- People linkage created from partners' records ---------------------------------------


def person_source_list(*, user: AnyUser, near_only: bool = False) -> QuerySet[PersonSource]:
    """People linkage recorded from partners' records, newest first; `near_only`: those
    whose record came near a known person this user may see."""
    sources = (
        PersonSource.objects.filter(restriction_allows_q(user, "person_id"))
        .select_related("person")
        .order_by("-created_at", "-pk")
    )
    if near_only:
        near = RejectedCandidate.objects.filter(source=OuterRef("pk")).filter(
            restriction_allows_q(user, "candidate_id")
        )
        sources = sources.filter(Exists(near))
    return sources


@dataclass(frozen=True)
class NearSummary:
    count: int
    nearest: float  # the nearest candidate's match probability


def near_candidate_summaries(*, user: AnyUser, source_ids: Iterable[int]) -> dict[int, NearSummary]:
    """Per person source: how many near candidates this user may see, and the nearest's
    probability (one query for a page of sources)."""
    rows = (
        RejectedCandidate.objects.filter(source_id__in=list(source_ids))
        .filter(restriction_allows_q(user, "candidate_id"))
        .values("source_id")
        .annotate(count=Count("pk"), nearest=Max("match_probability"))
        .order_by()
    )
    return {row["source_id"]: NearSummary(row["count"], row["nearest"]) for row in rows}


@dataclass(frozen=True)
class NearCandidateDetails:
    rejected: RejectedCandidate
    candidate: CandidateDetails


@dataclass(frozen=True)
class PersonSourcePage:
    person: Person
    source: PersonSource | None  # None: the person was not recorded from a partner's record
    incoming: IncomingPerson | None
    near: list[NearCandidateDetails]


def person_source_get(
    *, user: AnyUser, person_id: int, request: HttpRequest | None = None
) -> PersonSourcePage:
    """Where a person's record came from: the partner's record as sent and the known people
    it came near, each with the comparisons that told against them. 404 if the person does
    not exist or is a restricted record this user is not named on; a near candidate who is
    such a record is left out. A read of each person shown is audited."""
    person = Person.objects.filter(restriction_allows_q(user)).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    source = PersonSource.objects.select_related("model").filter(person_id=person.pk).first()
    near: list[NearCandidateDetails] = []
    if source is not None:
        rejected = list(
            RejectedCandidate.objects.filter(source=source)
            .filter(restriction_allows_q(user, "candidate_id"))
            .select_related("candidate")
            .order_by("rank")
        )
        details = _candidate_details([r.candidate for r in rejected])
        near = [NearCandidateDetails(r, d) for r, d in zip(rejected, details, strict=True)]
    origin = request_origin(request)
    signed_in = user if user.is_authenticated else None
    # One entry per person shown (the person and each candidate beside them), so "who has
    # seen this child's details" finds the page whichever of them it is asked about.
    audit_append(
        [
            AuditRecord(
                action=Action.READ,
                actor_id=signed_in.pk if signed_in else None,
                actor_username=signed_in.get_username() if signed_in else "",
                object_type="linkage.personsource",
                object_id=str(source.pk) if source else "",
                child_id=child_id,
                **origin,
            )
            for child_id in [person.pk, *(n.candidate.person_id for n in near)]
        ]
    )
    incoming = incoming_from_json(source.incoming) if source and source.incoming else None
    return PersonSourcePage(person, source, incoming, near)

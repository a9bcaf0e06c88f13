"""Read the census for a whole authority in a handful of set-based queries.

Each query returns every row the census needs from one table, ordered by child, and is
read through a cursor in chunks (`iterator`); `census_children` walks the streams side by
side and yields one child at a time. Memory holds one chunk per query and the child being
built, never the authority, and no query is made per child.

What a year's census holds (DfE guide, domain notes cin-census.md): every CIN episode open
at any point from 1 April to 31 March, and within it the assessments, CIN plans, section 47
enquiries and protection plans that were open or ended in that year. It is a picture as at
31 March: anything recorded after the reference date is left out, and an end recorded after
it is not yet an end.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from safeguard.cases.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
)
from safeguard.common import codes
from safeguard.people.models import Person, PersonDisability
from safeguard.timescales.clocks import CLOCKS

from .records import (
    AssessmentRecord,
    CensusChild,
    CinEpisode,
    CinPlanRecord,
    ProtectionPlanRecord,
    Section47Record,
)
from .years import CollectionYear

CHUNK_SIZE = 2000
# InitialCPCtarget (N00109): the initial conference clock run from the strategy discussion
# that started the section 47 enquiry (Working Together 2023).
INITIAL_CONFERENCE = CLOCKS["initial_conference"]

INITIAL = ChildProtectionConference.Kind.INITIAL
REVIEW = ChildProtectionConference.Kind.REVIEW


def episodes_in_year(
    authority_id: int, year: CollectionYear, *, child_id: int | None = None
) -> QuerySet[Referral]:
    """Referrals of the authority open at any point in the collection year (of one child, if
    `child_id` is given)."""
    episodes = Referral.objects.filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=year.start),
        team__authority_id=authority_id,
        referral_date__lte=year.reference_date,
    )
    return episodes if child_id is None else episodes.filter(child_id=child_id)


def census_child_count(authority_id: int, year: CollectionYear) -> int:
    return episodes_in_year(authority_id, year).values("child_id").distinct().count()


def _known(value: date | None, year: CollectionYear) -> date | None:
    """A date as the census at 31 March knows it: one after the reference date is not yet."""
    return value if value is not None and value <= year.reference_date else None


class _Stream:
    """Rows of one query, ordered by child id, handed out a child at a time."""

    def __init__(self, rows: Iterator[tuple[Any, ...]], key: int) -> None:
        self._rows = rows
        self._key = key
        self._next: tuple[Any, ...] | None = next(rows, None)

    def take(self, child_id: int) -> list[tuple[Any, ...]]:
        taken = []
        while self._next is not None and self._next[self._key] <= child_id:
            if self._next[self._key] == child_id:
                taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def _iterate(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    return iter(queryset.iterator(chunk_size=CHUNK_SIZE))


def census_children(
    authority_id: int, year: CollectionYear, *, child_id: int | None = None
) -> Iterator[CensusChild]:
    """Every child in the census, with their episodes, in LA child id order of the database
    (person id); each query below runs once for the whole authority. With `child_id`, that
    child alone, read by the same queries (the data-quality page shows what the census holds
    for one child exactly as the build reads it)."""
    ref = year.reference_date
    episodes = episodes_in_year(authority_id, year, child_id=child_id)
    child_ids = episodes.values("child_id")
    referral_ids = episodes.values("id")

    children = _iterate(
        Person.objects.filter(id__in=child_ids)
        .order_by("id")
        .values_list(
            "id",
            "la_child_id",
            "upn",
            "former_upn",
            "upn_unknown_reason",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "date_of_death",
            "ethnicity",
        )
    )
    disabilities = _Stream(
        _iterate(
            PersonDisability.objects.filter(person_id__in=child_ids)
            .order_by("person_id", "code")
            .values_list("person_id", "code")
        ),
        key=0,
    )
    transfer_in_conference = (
        ChildProtectionConference.objects.filter(
            referral_id=OuterRef("id"),
            kind=INITIAL,
            section47_enquiry__isnull=True,
            conference_date__lte=ref,
        )
        .order_by()
        .values("referral_id")
        .annotate(first=Min("conference_date"))
        .values("first")
    )
    referrals = _Stream(
        _iterate(
            episodes.annotate(transfer_in_conference=Subquery(transfer_in_conference))
            .order_by("child_id", "referral_date", "id")
            .values_list(
                "child_id",
                "id",
                "referral_date",
                "source",
                "primary_need",
                "closure_date",
                "closure_reason",
                "transfer_in_conference",
                "no_further_action",
            )
        ),
        key=0,
    )
    assessments = _Stream(
        _iterate(
            Assessment.objects.filter(
                Q(authorised_date__isnull=True) | Q(authorised_date__gte=year.start),
                referral_id__in=referral_ids,
                start_date__lte=ref,
            )
            .order_by("child_id", "start_date", "id")
            .values_list(
                "child_id", "referral_id", "id", "start_date", "authorised_date", "factors"
            )
        ),
        key=0,
    )
    cin_plans = _Stream(
        _iterate(
            ChildInNeedPlan.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=year.start),
                referral_id__in=referral_ids,
                start_date__lte=ref,
            )
            .order_by("child_id", "start_date", "id")
            .values_list("child_id", "referral_id", "id", "start_date", "end_date")
        ),
        key=0,
    )
    enquiry_conference = (
        ChildProtectionConference.objects.filter(
            section47_enquiry_id=OuterRef("id"), kind=INITIAL, conference_date__lte=ref
        )
        .order_by()
        .values("section47_enquiry_id")
        .annotate(first=Min("conference_date"))
        .values("first")
    )
    section47s = _Stream(
        _iterate(
            Section47Enquiry.objects.filter(referral_id__in=referral_ids, start_date__lte=ref)
            .annotate(conference=Subquery(enquiry_conference))
            # Left out: enquiries whose conference, or whose end without one, came before
            # the year began.
            .filter(
                Q(conference__gte=year.start)
                | Q(conference__isnull=True, completed_date__isnull=True)
                | Q(conference__isnull=True, completed_date__gte=year.start)
            )
            .order_by("child_id", "start_date", "id")
            .values_list(
                "child_id",
                "referral_id",
                "id",
                "start_date",
                "conference",
                "completed_date",
                "conference_required",
            )
        ),
        key=0,
    )
    previous_plans = (
        ChildProtectionPlan.objects.filter(
            child_id=OuterRef("child_id"), start_date__lt=OuterRef("start_date")
        )
        .order_by()
        .values("child_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    plans_in_year = ChildProtectionPlan.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=year.start),
        referral_id__in=referral_ids,
        start_date__lte=ref,
    )
    plans = _Stream(
        _iterate(
            plans_in_year.annotate(
                previous=Coalesce(Subquery(previous_plans), 0, output_field=IntegerField())
            )
            .order_by("child_id", "start_date", "id")
            .values_list(
                "child_id",
                "referral_id",
                "id",
                "start_date",
                "end_date",
                "initial_category",
                "latest_category",
                "previous",
            )
        ),
        key=0,
    )
    reviews = _Stream(
        _iterate(
            ChildProtectionConference.objects.filter(
                kind=REVIEW,
                plan_id__in=plans_in_year.values("id"),
                conference_date__gte=year.start,
                conference_date__lte=ref,
            )
            .order_by("child_id", "plan_id", "conference_date")
            .values_list("child_id", "plan_id", "conference_date")
        ),
        key=0,
    )

    for (person_id, la_child_id, upn, former_upn, upn_unknown, born, expected, sex, died,
         ethnicity) in children:  # fmt: skip
        if born is not None and born > ref:
            # Born after 31 March: unborn as at the reference date, so the census carries
            # an expected date of birth (the birth date stands in when none was kept) and
            # sex U (rule 8750).
            expected, born, sex = expected or born, None, codes.Sex.UNKNOWN.value
        child = CensusChild(
            person_id=person_id,
            la_child_id=la_child_id,
            upn=upn,
            former_upn=former_upn,
            upn_unknown=upn_unknown,
            birth_date=born,
            expected_birth_date=expected,
            sex=sex,
            death_date=_known(died, year),
            ethnicity=ethnicity,
            disabilities=[code for _, code in disabilities.take(person_id)],
        )
        by_referral: dict[int, CinEpisode] = {}
        for (_, referral_id, referral_date, source, need, closed, reason, conference,
             nfa) in referrals.take(person_id):  # fmt: skip
            closed = _known(closed, year)
            episode = CinEpisode(
                referral_id=referral_id,
                referral_date=referral_date,
                source=source,
                primary_need=need,
                closure_date=closed,
                closure_reason=reason if closed else "",
                conference_date=conference,
                no_further_action=nfa,
            )
            by_referral[referral_id] = episode
            child.episodes.append(episode)
        for _, referral_id, pk, start, authorised, factors in assessments.take(person_id):
            authorised = _known(authorised, year)
            by_referral[referral_id].assessments.append(
                AssessmentRecord(
                    assessment_id=pk,
                    start_date=start,
                    authorisation_date=authorised,
                    # Factors are identified when the assessment ends (N00181).
                    factors=list(factors or []) if authorised else [],
                )
            )
        for _, referral_id, pk, start, end in cin_plans.take(person_id):
            by_referral[referral_id].cin_plans.append(
                CinPlanRecord(plan_id=pk, start_date=start, end_date=_known(end, year))
            )
        for _, referral_id, pk, start, conference, completed, required in section47s.take(
            person_id
        ):
            completed = _known(completed, year)
            by_referral[referral_id].section47s.append(
                Section47Record(
                    enquiry_id=pk,
                    start_date=start,
                    conference_target=INITIAL_CONFERENCE.due_from(start),
                    conference_date=conference,
                    conference_not_required=completed is not None and required is False,
                )
            )
        plan_reviews: dict[int, list[date]] = {}
        for _, plan_id, review_date in reviews.take(person_id):
            plan_reviews.setdefault(plan_id, []).append(review_date)
        for _, referral_id, pk, start, end, initial, latest, previous in plans.take(person_id):
            by_referral[referral_id].protection_plans.append(
                ProtectionPlanRecord(
                    plan_id=pk,
                    start_date=start,
                    end_date=_known(end, year),
                    initial_category=initial,
                    latest_category=latest,
                    previous_plans=previous,
                    review_dates=plan_reviews.get(pk, []),
                )
            )
        yield child

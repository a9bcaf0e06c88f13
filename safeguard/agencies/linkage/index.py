"""The person index as linkage sees it: each known person's prepared columns.

One loader for training, batch mode and the online candidates, so all three read a person
the same way: names, date of birth, sex, NHS number and UPN from `people.Person`; postcode
and first address line from their current home (the open residence that started last), and
every address they have lived at (all their residences, ended ones included), which the
home comparison and the postcode blocking rule also match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q

from safeguard.people.models import Person, Residence

from .comparisons import Prepared, prepare

_PERSON_FIELDS = ("pk", "first_name", "last_name", "date_of_birth", "sex", "nhs_number", "upn")


Home = tuple[str, str]  # postcode, first address line


def _homes(person_ids: list[int] | None) -> dict[int, tuple[Home, list[Home]]]:
    """Each person's current home and every other home they are recorded at."""
    residences = Residence.objects.all()
    if person_ids is not None:
        residences = residences.filter(person_id__in=person_ids)
    latest: dict[int, tuple[tuple[object, int], Home]] = {}
    every: dict[int, set[Home]] = {}
    rows = residences.values_list(
        "person_id", "start_date", "pk", "end_date", "address__postcode", "address__line_1"
    )
    # A few candidates: one plain query; the whole index: streamed in chunks.
    for person_id, started, pk, ended, postcode, line_1 in (
        rows if person_ids is not None else rows.iterator(chunk_size=20_000)
    ):
        every.setdefault(person_id, set()).add((postcode, line_1))
        if ended is not None:
            continue
        order = (started, pk)
        held = latest.get(person_id)
        if held is None or order > held[0]:
            latest[person_id] = (order, (postcode, line_1))
    homes = {}
    for person_id, lived_at in every.items():
        current = latest[person_id][1] if person_id in latest else ("", "")
        homes[person_id] = (current, sorted(lived_at - {current}))
    return homes


def _prepared(
    rows: Iterable[Sequence[Any]], homes: dict[int, tuple[Home, list[Home]]]
) -> list[Prepared]:
    records = []
    for pk, first, last, born, sex, nhs, upn in rows:
        (postcode, line_1), earlier = homes.get(pk, (("", ""), []))
        records.append(
            prepare(
                unique_id=pk,
                first_name=first,
                last_name=last,
                date_of_birth=born,
                sex=sex,
                postcode=postcode,
                address_line=line_1,
                nhs_number=nhs or "",
                upn=upn,
                homes=earlier,
            )
        )
    return records


def index_records(person_ids: Iterable[int] | None = None) -> list[Prepared]:
    """Prepared records of these people (all people when None), ordered by id."""
    ids = sorted(set(person_ids)) if person_ids is not None else None
    people = Person.objects.order_by("pk")
    if ids is None:
        rows: Iterable[Sequence[Any]] = people.values_list(*_PERSON_FIELDS).iterator(
            chunk_size=20_000
        )
    elif not ids:
        return []
    else:
        rows = people.filter(pk__in=ids).values_list(*_PERSON_FIELDS)
    return _prepared(rows, _homes(ids))


def index_records_matching(filters: Sequence[Q]) -> list[Prepared]:
    """Prepared records of the people any of `filters` finds, in one UNION query (each
    filter answered from its own index) plus one for their homes; ordered by id."""
    if not filters:
        return []
    queries = [Person.objects.filter(f).values_list(*_PERSON_FIELDS) for f in filters]
    first, rest = queries[0], queries[1:]
    rows = sorted(first.union(*rest) if rest else first)
    return _prepared(rows, _homes([row[0] for row in rows]))

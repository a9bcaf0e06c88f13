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

from django.db import connection
from django.db.models import Field

from safeguard.people.models import Address, Person, Residence

from .blocking import CandidateLookup
from .comparisons import Prepared, prepare

_PERSON_FIELDS = ("pk", "first_name", "last_name", "date_of_birth", "sex", "nhs_number", "upn")


Home = tuple[str, str]  # postcode, first address line


_RESIDENCE_FIELDS = (
    "person_id",
    "start_date",
    "pk",
    "end_date",
    "address__postcode",
    "address__line_1",
)


def _homes(person_ids: list[int] | None) -> dict[int, tuple[Home, list[Home]]]:
    """Each person's current home and every other home they are recorded at."""
    residences = Residence.objects.all()
    if person_ids is not None:
        residences = residences.filter(person_id__in=person_ids)
    rows = residences.values_list(*_RESIDENCE_FIELDS)
    # A few candidates: one plain query; the whole index: streamed in chunks.
    return _homes_of(rows if person_ids is not None else rows.iterator(chunk_size=20_000))


def _homes_of(residences: Iterable[Sequence[Any]]) -> dict[int, tuple[Home, list[Home]]]:
    """`_homes` from rows of `_RESIDENCE_FIELDS`."""
    latest: dict[int, tuple[tuple[object, int], Home]] = {}
    every: dict[int, set[Home]] = {}
    for person_id, started, pk, ended, postcode, line_1 in residences:
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


def index_records_looked_up(lookups: Sequence[CandidateLookup]) -> list[Prepared]:
    """Prepared records of the people any of `lookups` finds, with their homes; ordered by
    id. One statement: the lookups as a UNION of indexed selects of ids (each answered
    from its own index), the people and their residences joined to it. Written as SQL
    rather than built by the ORM for each request: building a UNION of every rule took as long
    as running it, and the online match reads candidates on every request."""
    if not lookups:
        return []
    quote = connection.ops.quote_name
    person, residence, address = (
        quote(model._meta.db_table) for model in (Person, Residence, Address)
    )
    parts: list[str] = []
    params: list[Any] = []
    for lookup in lookups:
        if lookup.postcodes:
            parts.append(
                f"SELECT r.person_id FROM {residence} r INNER JOIN {address} a "  # noqa: S608
                f"ON a.id = r.address_id WHERE a.postcode IN ({_marks(lookup.postcodes)})"
            )
            params += lookup.postcodes
            continue
        conditions = []
        for name, values in lookup.fields:
            column = quote(_column(name))
            conditions.append(f"{column} IN ({_marks(values)})")
            params += values
        parts.append(f"SELECT id FROM {person} WHERE {' AND '.join(conditions)}")  # noqa: S608
    # Names from the models' own metadata, every value a bound parameter.
    sql = (
        "SELECT p.id, p.first_name, p.last_name, p.date_of_birth, p.sex, p.nhs_number, p.upn, "  # noqa: S608
        "r.start_date, r.id, r.end_date, a.postcode, a.line_1 "
        f"FROM {person} p LEFT JOIN {residence} r ON r.person_id = p.id "
        f"LEFT JOIN {address} a ON a.id = r.address_id "
        f"WHERE p.id IN ({' UNION '.join(parts)})"
    )
    people: dict[int, Sequence[Any]] = {}
    residences = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            people.setdefault(row[0], row[:7])
            if row[8] is not None:  # the residence's id: None when they have none
                residences.append((row[0], *row[7:]))
    return _prepared([people[pk] for pk in sorted(people)], _homes_of(residences))


def _column(name: str) -> str:
    field = Person._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"Person.{name} is not a column of its own")
    return field.column


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))

"""Which known people an incoming record is compared with (blocking).

Comparing every incoming record with every person would be 300,000 comparisons each, so only
pairs that share something cheap to look up are scored. Each rule is written three times, in
one place: as SQL for Splink (batch mode: `l` is the incoming file, `r` the index), as a
query on indexed columns of `people.Person` (online mode), and as a Python check on the
prepared pair. Online, a candidate the query found is kept only if the Python check holds,
so the online candidates are exactly the pairs Splink's blocking gives in batch.

The postcode rule pairs a record with everyone who has lived at its postcode, not only those
living there now: Splink explodes each side's list of postcodes (`arrays_to_explode`) and
joins on equality, which stays a hash join on DuckDB and Spark alike. It comes last because
Splink cannot leave an exploding rule's pairs out of the rules after it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from safeguard.people.models import Residence

from .comparisons import Prepared, within_edits


@dataclass(frozen=True)
class BlockingRule:
    name: str
    sql: str
    holds: Callable[[Prepared, Prepared], bool]
    arrays_to_explode: tuple[str, ...] = ()


def _same(column: str) -> Callable[[Prepared, Prepared], bool]:
    return lambda a, b: a[column] is not None and a[column] == b[column]


BLOCKING_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("nhs_number", "l.nhs_number = r.nhs_number", _same("nhs_number")),
    BlockingRule("upn", "l.upn = r.upn", _same("upn")),
    BlockingRule("date_of_birth", "l.date_of_birth = r.date_of_birth", _same("date_of_birth")),
    BlockingRule(
        "date_of_birth_swapped",
        "l.date_of_birth_swapped = r.date_of_birth",
        lambda a, b: (
            a["date_of_birth_swapped"] is not None
            and a["date_of_birth_swapped"] == b["date_of_birth"]
        ),
    ),
    BlockingRule(
        "name_sounds",
        "l.last_name_key = r.last_name_key "
        "AND array_contains(l.first_name_variant_keys, r.first_name_key)",
        lambda a, b: (
            a["last_name_key"] is not None
            and a["last_name_key"] == b["last_name_key"]
            and b["first_name_key"] is not None
            and b["first_name_key"] in (a["first_name_variant_keys"] or ())
        ),
    ),
    BlockingRule(
        "names_swapped",
        "l.first_name_key = r.last_name_key AND l.last_name_key = r.first_name_key",
        lambda a, b: (
            a["first_name_key"] is not None
            and a["first_name_key"] == b["last_name_key"]
            and a["last_name_key"] is not None
            and a["last_name_key"] == b["first_name_key"]
        ),
    ),
    # A date of birth with one digit mistyped, when the surname and the home have changed
    # too (a double-barrelled surname, a move, a mistyped postcode), shares no other rule:
    # the first name's sound with the rest of the date pairs it, at a few candidates per
    # record.
    BlockingRule(
        "first_name_born_same_month",
        "l.first_name_key = r.first_name_key "
        "AND substr(l.date_of_birth, 1, 7) = substr(r.date_of_birth, 1, 7)",
        lambda a, b: _same_first_name_and_born(a, b, (slice(0, 7),)),
    ),
    BlockingRule(
        "first_name_born_same_day_of_year",
        "l.first_name_key = r.first_name_key "
        "AND substr(l.date_of_birth, 1, 4) = substr(r.date_of_birth, 1, 4) "
        "AND substr(l.date_of_birth, 9, 2) = substr(r.date_of_birth, 9, 2)",
        lambda a, b: _same_first_name_and_born(a, b, (slice(0, 4), slice(8, 10))),
    ),
    BlockingRule(
        "first_name_birthday_year_mistyped",
        "l.first_name_key = r.first_name_key "
        "AND substr(l.date_of_birth, 6, 5) = substr(r.date_of_birth, 6, 5) "
        "AND levenshtein(substr(l.date_of_birth, 1, 4), substr(r.date_of_birth, 1, 4)) <= 1",
        lambda a, b: (
            _same_first_name_and_born(a, b, (slice(5, 10),))
            and within_edits(a["date_of_birth"][:4], b["date_of_birth"][:4], 1)
        ),
    ),
    BlockingRule(
        "postcode_of_any_home",
        "l.home_postcodes = r.home_postcodes",
        lambda a, b: bool(set(a["home_postcodes"] or ()) & set(b["home_postcodes"] or ())),
        arrays_to_explode=("home_postcodes",),
    ),
)


def _same_first_name_and_born(a: Prepared, b: Prepared, parts: tuple[slice, ...]) -> bool:
    if a["first_name_key"] is None or a["first_name_key"] != b["first_name_key"]:
        return False
    born_a, born_b = a["date_of_birth"], b["date_of_birth"]
    return (
        born_a is not None
        and born_b is not None
        and all(born_a[part] == born_b[part] for part in parts)
    )


def splink_blocking_rules() -> list[dict[str, Any]]:
    """The rules as Splink settings write them (the SQL is DuckDB's; Splink translates a rule
    whose dialect is named when it runs on another engine)."""
    rules: list[dict[str, Any]] = []
    for rule in BLOCKING_RULES:
        entry: dict[str, Any] = {"blocking_rule": rule.sql, "sql_dialect": "duckdb"}
        if rule.arrays_to_explode:
            entry["arrays_to_explode"] = list(rule.arrays_to_explode)
        rules.append(entry)
    return rules


def is_blocked_pair(incoming: Prepared, candidate: Prepared) -> bool:
    return any(rule.holds(incoming, candidate) for rule in BLOCKING_RULES)


@dataclass(frozen=True)
class CandidateLookup:
    """One indexed way into the person index: the people whose Person `fields` each hold one
    of the values given, or (with `postcodes`) who have lived at one of these postcodes."""

    fields: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    postcodes: tuple[str, ...] = ()


def candidate_lookups(incoming: Prepared) -> list[CandidateLookup]:
    """Lookups that together find (at least) every person some rule would pair with
    `incoming`; each uses one indexed column or pair of columns, and they are run as one
    UNION so each is answered from its own index (`index.index_records_looked_up`)."""
    lookups = []
    if incoming["nhs_number"]:
        lookups.append(CandidateLookup((("nhs_number", (incoming["nhs_number"],)),)))
    if incoming["upn"]:
        lookups.append(CandidateLookup((("upn", (incoming["upn"],)),)))
    born = tuple(
        day
        for day in map(_as_date, (incoming["date_of_birth"], incoming["date_of_birth_swapped"]))
        if day is not None
    )
    if born:
        lookups.append(CandidateLookup((("date_of_birth", born),)))
    if incoming["last_name_key"] and incoming["first_name_variant_keys"]:
        lookups.append(
            CandidateLookup(
                (
                    ("last_name_key", (incoming["last_name_key"],)),
                    ("first_name_key", tuple(incoming["first_name_variant_keys"])),
                )
            )
        )
    if incoming["first_name_key"] and incoming["last_name_key"]:
        lookups.append(
            CandidateLookup(
                (
                    ("first_name_key", (incoming["last_name_key"],)),
                    ("last_name_key", (incoming["first_name_key"],)),
                )
            )
        )
    near_births = _born_near(_as_date(incoming["date_of_birth"]))
    if incoming["first_name_key"] and near_births:
        lookups.append(
            CandidateLookup(
                (("first_name_key", (incoming["first_name_key"],)), ("date_of_birth", near_births))
            )
        )
    if incoming["home_postcodes"]:
        lookups.append(CandidateLookup(postcodes=tuple(incoming["home_postcodes"])))
    return lookups


def _born_near(born: date | None) -> tuple[date, ...]:
    """Every real date in `born`'s month, on its day in each month of its year, and on its
    day and month in each year one digit from its year."""
    if born is None:
        return ()
    days = set()
    for day in range(1, 32):
        with suppress(ValueError):
            days.add(born.replace(day=day))
    for month in range(1, 13):
        with suppress(ValueError):
            days.add(born.replace(month=month))
    year = f"{born.year:04d}"
    for at in range(4):
        for digit in "0123456789":
            with suppress(ValueError):
                days.add(born.replace(year=int(year[:at] + digit + year[at + 1 :])))
    return tuple(sorted(days))


def batch_candidate_filters(incomings: Sequence[Prepared]) -> list[Q]:
    """Filters on Person that together find (at least) every person some rule would pair
    with any of `incomings`: `candidate_lookups` taken as sets, so a batch asks a few indexed
    IN queries rather than several per row. A superset is safe: Splink's blocking rules then
    pair exactly, and the names' term frequencies come from the saved model (counted over
    the whole index when it was trained), not from the people read, so the scores are those
    against the whole index."""
    values: dict[str, set[Any]] = {
        name: set() for name in ("nhs", "upn", "born", "last", "first", "variants", "postcode")
    }
    for incoming in incomings:
        if incoming["nhs_number"]:
            values["nhs"].add(incoming["nhs_number"])
        if incoming["upn"]:
            values["upn"].add(incoming["upn"])
        for value in (incoming["date_of_birth"], incoming["date_of_birth_swapped"]):
            born = _as_date(value)
            if born is not None:
                values["born"].add(born)
        if incoming["last_name_key"]:
            values["last"].add(incoming["last_name_key"])
            values["variants"].update(incoming["first_name_variant_keys"] or ())
        if incoming["first_name_key"]:
            values["first"].add(incoming["first_name_key"])
        values["postcode"].update(incoming["home_postcodes"] or ())
    filters = []
    if values["nhs"]:
        filters.append(Q(nhs_number__in=sorted(values["nhs"])))
    if values["upn"]:
        filters.append(Q(upn__in=sorted(values["upn"])))
    if values["born"]:
        filters.append(Q(date_of_birth__in=sorted(values["born"])))
    if values["last"] and values["variants"]:
        filters.append(
            Q(last_name_key__in=sorted(values["last"]))
            & Q(first_name_key__in=sorted(values["variants"]))
        )
    if values["first"] and values["last"]:
        filters.append(
            Q(first_name_key__in=sorted(values["last"]))
            & Q(last_name_key__in=sorted(values["first"]))
        )
    if values["first"] and values["born"]:
        # A superset of the rules on the first name and part of the date of birth: a list
        # of every near date could pass the database's limit of parameters.
        filters.append(
            Q(first_name_key__in=sorted(values["first"]))
            & Q(
                date_of_birth__year__in=sorted(
                    {day.year for born in values["born"] for day in _born_near(born)}
                )
            )
        )
    if values["postcode"]:
        filters.append(
            Q(
                pk__in=Residence.objects.filter(
                    address__postcode__in=sorted(values["postcode"])
                ).values("person_id")
            )
        )
    return filters


def _as_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None

"""A synthetic population of households for training tests and the linkage benchmark.

Households of one or two adults and their children, sharing a surname (mostly) and a home,
with names from the demo authority's lists (`safeguard.demo.names`): realistic collisions
(siblings with one surname and address, common names, twins) without any real person. About
one household in six moved in the last few years: its earlier home is kept as an ended
residence, as the index keeps a family's history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.demo import names
from safeguard.people.identifiers import nhs_number_from_seed, upn_from_seed

from ..types import IncomingPerson

# The share of households that lived somewhere else before their current home.
MOVED_HOUSEHOLDS = 0.15


@dataclass(frozen=True)
class SyntheticPerson:
    key: int
    person: IncomingPerson
    earlier_homes: tuple[tuple[str, str], ...] = ()  # (postcode, address) lived at before
    moved_in: date | None = None  # when they came to the current home, if they moved


def _street_names(rng: random.Random, count: int) -> list[str]:
    return [
        f"{rng.choice(names.STREET_FIRST_PARTS)} {rng.choice(names.STREET_KINDS)}"
        for _ in range(count)
    ]


def synthetic_people(
    count: int, *, seed: int = 1, today: date = date(2026, 11, 1)
) -> list[SyntheticPerson]:
    """`count` people in households; the same seed gives the same people."""
    rng = random.Random(seed)
    # Moves are drawn from their own generator, so the people (names, dates, homes) of a seed
    # are those they were before moves were added.
    moves = random.Random(seed + 1_000_003)
    groups = list(names.SURNAMES)
    letters = names.INWARD_LETTERS
    # About a dozen households per postcode, as in a British town; each postcode covers a
    # street or two.
    postcodes = [
        (
            f"NB{rng.randint(1, names.POSTCODE_DISTRICTS)} "
            f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}",
            _street_names(rng, rng.choice((1, 1, 2))),
        )
        for _ in range(max(20, count // 35))
    ]
    people: list[SyntheticPerson] = []
    while len(people) < count:
        group = rng.choice(groups)
        surname = rng.choice(names.SURNAMES[group])
        postcode, streets = rng.choice(postcodes)
        address = f"{rng.randint(1, 120)} {rng.choice(streets)}"
        earlier: tuple[tuple[str, str], ...] = ()
        moved_in = None
        if moves.random() < MOVED_HOUSEHOLDS:
            before, before_streets = moves.choice(postcodes)
            earlier = ((before, f"{moves.randint(1, 120)} {moves.choice(before_streets)}"),)
            moved_in = today - timedelta(days=moves.randint(60, 5 * 365))
        parent_born = today - timedelta(days=rng.randint(20 * 365, 50 * 365))
        members: list[tuple[str, str, date]] = []
        for n in range(rng.choice((1, 2, 2))):
            sex = "F" if n == 0 else "M"
            born = parent_born + timedelta(days=rng.randint(-2000, 2000)) if n else parent_born
            members.append((sex, surname if rng.random() < 0.8 else "", born))
        first_child = parent_born + timedelta(days=rng.randint(18 * 365, 30 * 365))
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            born = first_child + timedelta(days=rng.randint(0, 12 * 365))
            if born < today:
                members.append((rng.choice("MF"), surname, born))
                if rng.random() < 0.015:  # twins: everything but the first name shared
                    members.append((rng.choice("MF"), surname, born))
        for sex, family_name, born in members:
            if len(people) >= count:
                break
            key = len(people)
            table = names.FIRST_NAMES_FEMALE if sex == "F" else names.FIRST_NAMES_MALE
            child = (today - born).days < 18 * 365
            person = IncomingPerson(
                first_name=rng.choice(table[group]),
                last_name=family_name or rng.choice(names.SURNAMES[rng.choice(groups)]),
                date_of_birth=born,
                sex=sex,
                postcode=postcode,
                address_line=address,
                nhs_number=nhs_number_from_seed(key) if rng.random() < 0.9 else "",
                upn=upn_from_seed(key) if child and (today - born).days > 4 * 365 else "",
            )
            lived_before = earlier if born < (moved_in or born) else ()
            people.append(
                SyntheticPerson(key, person, lived_before, moved_in if lived_before else None)
            )
    return people


def load_population(people: list[SyntheticPerson], *, batch_size: int = 5000) -> dict[int, int]:
    """Write the people, their homes and residences (an ended one for each earlier home) with
    bulk_create; returns key -> Person id.

    People sharing a postcode and first address line share one Address row.
    """
    from safeguard.people.models import Address, Person, Residence
    from safeguard.people.search_keys import search_keys_for

    rows = [
        Person(
            first_name=s.person.first_name,
            last_name=s.person.last_name,
            date_of_birth=s.person.date_of_birth,
            sex=s.person.sex or "U",
            nhs_number=s.person.nhs_number or None,
            upn=s.person.upn,
            is_child=s.person.upn != "" or s.person.date_of_birth is None,
            **search_keys_for(s.person.first_name, s.person.last_name),
        )
        for s in people
    ]
    Person.objects.bulk_create(rows, batch_size=batch_size)
    homes: dict[tuple[str, str], Address] = {}
    for s in people:
        for key in ((s.person.postcode, s.person.address_line), *s.earlier_homes):
            if key not in homes:
                homes[key] = Address(line_1=key[1], town="Northbridge", postcode=key[0])
    Address.objects.bulk_create(list(homes.values()), batch_size=batch_size)
    residences = []
    for s, row in zip(people, rows, strict=True):
        born = s.person.date_of_birth or date(2010, 1, 1)
        for key in s.earlier_homes:
            residences.append(
                Residence(person=row, address=homes[key], start_date=born, end_date=s.moved_in)
            )
        residences.append(
            Residence(
                person=row,
                address=homes[(s.person.postcode, s.person.address_line)],
                start_date=s.moved_in or s.person.date_of_birth or date(2020, 1, 1),
            )
        )
    Residence.objects.bulk_create(residences, batch_size=batch_size)
    return {s.key: row.pk for s, row in zip(people, rows, strict=True)}

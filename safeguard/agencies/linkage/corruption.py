"""The errors partners make when they describe a child, applied to a known person.

Used to train the model (copies of the index with errors, whose origin is known, teach the m
probabilities) and by `bench/linkage.py` to build a corrupted extract of a demo authority.
Each kind of error has its own rate; each is applied independently with a seeded random
generator, so the same seed gives the same copy.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from safeguard.people.search_keys import name_variants

from .comparisons import Prepared
from .types import IncomingPerson


@dataclass(frozen=True)
class CorruptionRates:
    first_name_typo: float = 0.08
    nickname: float = 0.08  # a short form or other spelling from the name's group
    last_name_typo: float = 0.08
    names_swapped: float = 0.02
    surname_changed: float = 0.04  # a different surname altogether (marriage, family change)
    surname_hyphenated: float = 0.03  # another surname added: Smith becomes Smith-Jones
    day_month_swapped: float = 0.05
    date_of_birth_typo: float = 0.04
    date_of_birth_missing: float = 0.02
    date_of_birth_wrong: float = 0.005  # another date altogether (a sibling's, a guess)
    sex_missing: float = 0.1
    sex_wrong: float = 0.005
    nhs_number_missing: float = 0.5
    nhs_number_typo: float = 0.005
    upn_missing: float = 0.5
    upn_typo: float = 0.005
    moved: float = 0.08  # another postcode and address (the family moved)
    # An earlier home of the person's (the partner's record is out of date); only for a
    # person whose residences the index holds.
    earlier_home: float = 0.05
    postcode_missing: float = 0.1
    postcode_typo: float = 0.03
    address_missing: float = 0.2
    address_typo: float = 0.08


def typo(value: str, rng: random.Random) -> str:
    """One keying error: a letter dropped, added, changed, or two neighbours swapped."""
    if not value:
        return value
    if value.isdigit():
        letters = string.digits
    elif value.isupper():
        letters = string.ascii_uppercase
    else:
        letters = string.ascii_lowercase
    i = rng.randrange(len(value))
    kind = rng.choice(("drop", "add", "change", "swap") if len(value) > 2 else ("add", "change"))
    if kind == "drop":
        return value[:i] + value[i + 1 :]
    if kind == "add":
        return value[:i] + rng.choice(letters) + value[i:]
    if kind == "swap" and i + 1 < len(value) and value[i] != value[i + 1]:
        return value[:i] + value[i + 1] + value[i] + value[i + 2 :]
    other = rng.choice([c for c in letters if c != value[i].upper() and c != value[i]])
    return value[:i] + other + value[i + 1 :]


def _date_typo(born: date, rng: random.Random) -> date:
    """A date keyed with one digit wrong that is still a real date (a day or year off)."""
    for _ in range(10):
        text = born.isoformat()
        i = rng.choice([2, 3, 5, 6, 8, 9])
        candidate = text[:i] + rng.choice(string.digits) + text[i + 1 :]
        try:
            changed = date.fromisoformat(candidate)
        except ValueError:
            continue
        if changed != born and changed <= date.today():  # a partner never sends a future date
            return changed
    return born


def _nickname(first_name: str, rng: random.Random) -> str:
    others = sorted(name_variants(first_name) - {first_name.upper()})
    return rng.choice(others).title() if others else first_name


def corrupt_person(
    person: IncomingPerson,
    rng: random.Random,
    rates: CorruptionRates | None = None,
    *,
    donors: Sequence[IncomingPerson] = (),
    earlier_homes: Sequence[tuple[str, str]] = (),
) -> IncomingPerson:
    """A copy of `person` as a partner might send it. `donors` (other people) lend a new
    surname or home for the 'surname changed' and 'moved' errors; without them those two
    errors are not made. `earlier_homes` (postcode, address) are homes the person lived at
    before, one of which a partner may still hold."""
    r = rates or CorruptionRates()
    first, last, born = person.first_name, person.last_name, person.date_of_birth
    sex, postcode, address = person.sex, person.postcode, person.address_line
    nhs, upn = person.nhs_number, person.upn

    if first and rng.random() < r.nickname:
        first = _nickname(first, rng)
    if first and rng.random() < r.first_name_typo:
        first = typo(first, rng)
    if donors and last and rng.random() < r.surname_changed:
        last = rng.choice(donors).last_name or last
    elif donors and last and rng.random() < r.surname_hyphenated:
        last = f"{last}-{rng.choice(donors).last_name}".strip("-")
    if last and rng.random() < r.last_name_typo:
        last = typo(last, rng)
    if rng.random() < r.names_swapped:
        first, last = last, first
    if born is not None:
        if rng.random() < r.date_of_birth_missing:
            born = None
        elif (
            born.day <= 12
            and born.day != born.month
            and born.replace(month=born.day, day=born.month) <= date.today()
            and rng.random() < r.day_month_swapped
        ):
            born = born.replace(month=born.day, day=born.month)
        elif rng.random() < r.date_of_birth_typo:
            born = _date_typo(born, rng)
        elif rng.random() < r.date_of_birth_wrong:
            born = born - timedelta(days=rng.randint(30, 3000))
    if rng.random() < r.sex_missing:
        sex = ""
    elif sex in ("M", "F") and rng.random() < r.sex_wrong:
        sex = "F" if sex == "M" else "M"
    if nhs and rng.random() < r.nhs_number_missing:
        nhs = ""
    elif nhs and rng.random() < r.nhs_number_typo:
        nhs = typo(nhs, rng)
    if upn and rng.random() < r.upn_missing:
        upn = ""
    elif upn and rng.random() < r.upn_typo:
        upn = typo(upn, rng)
    if earlier_homes and rng.random() < r.earlier_home:
        postcode, address = rng.choice(list(earlier_homes))
    elif donors and rng.random() < r.moved:
        home = rng.choice(donors)
        postcode, address = home.postcode, home.address_line
    if postcode and rng.random() < r.postcode_missing:
        postcode = ""
    elif postcode and rng.random() < r.postcode_typo:
        postcode = typo(postcode, rng)
    if address and rng.random() < r.address_missing:
        address = ""
    elif address and rng.random() < r.address_typo:
        address = typo(address, rng)
    return replace(
        person,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        sex=sex,
        postcode=postcode,
        address_line=address,
        nhs_number=nhs,
        upn=upn,
    )


def earlier_homes(record: Prepared) -> list[tuple[str, str]]:
    """The homes a prepared index record lived at besides its current one, as (postcode,
    address)."""
    keys = set(record["home_keys"] or ()) - {record["home_key"]}
    return [(key.split("|")[0], key.split("|")[1]) for key in sorted(keys)]


def incoming_from_prepared(record: Prepared) -> IncomingPerson:
    """A prepared record back as an incoming person (names in capitals, a double-barrelled
    surname rejoined with a hyphen), for making training copies of the index."""
    born = record["date_of_birth"]
    try:
        born_date = date.fromisoformat(born) if born else None
    except ValueError:
        born_date = None
    return IncomingPerson(
        first_name=record["first_name"] or "",
        last_name="-".join(record["last_name_parts"] or ()),
        date_of_birth=born_date,
        sex=record["sex"] or "",
        postcode=record["postcode"] or "",
        address_line=record["address"] or "",
        nhs_number=record["nhs_number"] or "",
        upn=record["upn"] or "",
    )

"""A held-out data set for the identity-linkage benchmark (issue 13): a children's index, a
partner's file about some of those children and some others, and the truth. Prints
name=value lines (what it made, and how many records carry each kind of error).

    .venv/bin/python bench/linkage_data.py --out DIR [--seed N] [--children 20300] \
        [--records 5000] [--unknown 1000]
    .venv/bin/python bench/linkage_data.py --self-check

Writes DIR/index.csv, DIR/incoming.csv and DIR/truth.csv, the input of
`bench/linkage.py --index DIR/index.csv --incoming DIR/incoming.csv --truth DIR/truth.csv`,
and DIR/errors.csv (each partner record's errors, to explain the misses; not an input).

The partner's errors are made here, by code written apart from
`safeguard/agencies/linkage/corruption.py`: the model learns from copies of the index made
with that module, and marked on copies made the same way it would be marked on its own
homework. The names come from this folder's own lists (`_linkage_names.py`), not from the
project's name data. Nothing here imports Safeguard.

What is in it:

- **The index**: `--children` children in households (one to five children, mostly sharing
  a surname and a home; some half-siblings with another surname; some double-barrelled
  surnames) in a fictional town (postcode area QX). About 1.6% of births are twins (same
  surname, home and date of birth, different first names; one pair in ten with names a
  letter or two apart, like Jack and Jake). One household in 25 is a cousin's household
  near an earlier one, with a child of the same first name and surname born a year or
  more apart. Two households in five have moved once or twice in the last twelve years
  (some from outside the town, area QY): a child born before a move has a row for each
  home they lived in, earliest first, the last their home now. 95% have an NHS number (in
  the 999 range the NHS keeps for test data).
- **The partner's file**: `--records` records, `--unknown` of them about children the index
  does not hold (a new brother or sister at a known home, a namesake of a known child born
  in another year, a child of a household the index does not know); the rest about
  distinct known children. Each record carries errors drawn independently at the rates in
  `RATES`: a home the child has left (one from their history) or a move the index has not
  heard of, short forms both ways (Lottie/Charlotte, Jake/Jacob, Olly/Oliver, Alfie/Alfred,
  Ellie/Eleanor, Harry/Henry ...), other spellings, typos, a middle name, capitals, first
  name and surname swapped, a changed or double-barrelled surname (or one part of one),
  day and month swapped, one wrong digit of the date of birth, sex missing or wrong, half
  without the NHS number, the postcode or address missing, mistyped or written another way.
  Every record is one a partner's file import accepts (a valid postcode and NHS number, a
  date of birth or an NHS number).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import random
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

import _linkage_names as names

# A fixed "today", so that a seed gives the same files on any day; in the past, as the
# partner import refuses a date of birth in the future.
AS_OF = date(2026, 9, 1)
COLUMNS = ("id", "first_name", "surname", "dob", "sex", "postcode", "address", "nhs_number")
TRUTH_COLUMNS = ("partner_id", "index_id")

# The share of partner records with each error (of those it can apply to), drawn
# independently. Chosen to be of the kind and size the issue describes, not taken from the
# model's training rates.
RATES: dict[str, float] = {
    "earlier_home": 0.30,  # of children with an earlier home: the partner missed the move
    "new_home": 0.04,  # a move the index has not heard of
    "short_form": 0.10,  # Lottie for Charlotte, or Charlotte for Lottie
    "other_spelling": 0.04,  # Aimee for Amy, Mohammed for Muhammad
    "first_name_typo": 0.05,
    "surname_typo": 0.05,
    "first_part_only": 0.30,  # of hyphenated first names: Lily for Lily-Rose
    "middle_name": 0.03,  # "Lily May" in the first-name field
    "capitals": 0.12,
    "names_swapped": 0.015,
    "surname_changed": 0.03,
    "surname_double_barrelled": 0.04,  # Smith-Jones for Smith, or Smith for Smith-Jones
    "day_month_swapped": 0.03,
    "dob_digit": 0.03,  # one digit of the date of birth wrong
    "dob_missing": 0.005,
    "sex_missing": 0.15,
    "sex_wrong": 0.005,
    "nhs_missing": 0.50,
    "postcode_missing": 0.04,
    "postcode_typo": 0.02,  # still a well-formed postcode, another one
    "postcode_style": 0.10,  # lower case or no space: the same postcode
    "address_missing": 0.05,
    "address_style": 0.25,  # "Rd" for "Road", a comma, the town added, lower case
    "address_typo": 0.04,
}

TWIN_RATE = 0.016
TWINS_ALIKE = 0.1
COUSIN_HOUSEHOLDS = 0.04
HALF_SIBLING = 0.07
HYPHENATED_FIRST_NAME = 0.03  # Lily-Rose, Albie-James
DOUBLE_BARRELLED_HOUSEHOLD = 0.06
MOVES = ((0, 0.6), (1, 0.28), (2, 0.12))  # earlier homes of a household, and how often
MOVED_FROM_ELSEWHERE = 0.2
INDEX_NHS_NUMBER = 0.95
UNKNOWN_KINDS = (("sibling", 0.35), ("namesake", 0.10), ("stranger", 0.55))
# Inward codes of real postcodes never use these letters (C I K M O V).
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}")


class _Weighted:
    """Picks from a list in order of commonness: the n-th item about 1/(n+4) as often."""

    def __init__(self, items: list[str]) -> None:
        self.items = items
        self.cumulative = list(accumulate(1 / (rank + 4) for rank in range(len(items))))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


def _unique(words: str) -> list[str]:
    return list(dict.fromkeys(words.split()))


GIRLS = _Weighted(_unique(names.GIRLS))
BOYS = _Weighted(_unique(names.BOYS))
SURNAMES = _Weighted(_unique(names.SURNAMES))


def _related_names() -> dict[str, set[str]]:
    """Each name -> the names that are the same name to a family (short forms both ways,
    other spellings), in lower case."""
    related: dict[str, set[str]] = {}
    for formal, shorts in names.SHORT_FORMS.items():
        for a in (formal, *shorts):
            related.setdefault(a.lower(), set()).update(n.lower() for n in (formal, *shorts))
    for group in names.SPELLINGS:
        for a in group:
            related.setdefault(a.lower(), set()).update(n.lower() for n in group)
    return related


RELATED = _related_names()


def _other_forms() -> dict[str, list[str]]:
    """Each name -> its short forms, or the formal names it is short for, of the same sex
    (Charlie is short for Charlotte and for Charles; a girl's record says Charlotte)."""
    girls, boys = set(GIRLS.items), set(BOYS.items)
    forms: dict[str, list[str]] = {}
    for formal, shorts in names.SHORT_FORMS.items():
        forms.setdefault(formal, []).extend(shorts)
        for short in shorts:
            forms.setdefault(short, []).append(formal)
    same_sex: dict[str, list[str]] = {}
    for name, others in forms.items():
        for sex_names, other_sex in ((girls, boys), (boys, girls)):
            if name in sex_names:
                fitting = [o for o in others if o in sex_names or o not in other_sex]
                same_sex.setdefault(name, []).extend(dict.fromkeys(fitting))
    return same_sex


OTHER_FORMS = _other_forms()
SPELLING_OF = {n: [m for m in group if m != n] for group in names.SPELLINGS for n in group}


def _one_edit_apart(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _distinct(name: str, others: list[str]) -> bool:
    """A name a family would give alongside `others`: not one of them in another form, a
    letter away, or starting or running alike (Jake and Jakub, Isabelle and Bella), part by
    part of a hyphenated name (Albie and Albie-James)."""
    return all(_unlike(a, b) for o in others for a in name.split("-") for b in o.split("-"))


def _unlike(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    runs = {a[i : i + 4] for i in range(len(a) - 3)}
    return not (
        a == b
        or b in RELATED.get(a, set())
        or _one_edit_apart(a, b)
        or a[:3] == b[:3]
        or any(b[i : i + 4] in runs for i in range(len(b) - 3))
    )


# --- Places ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Home:
    postcode: str
    address: str


class Town:
    """Postcode units of about a dozen households each, each unit a street or two."""

    def __init__(self, rng: random.Random, households: int, area: str) -> None:
        self.rng = rng
        districts = max(6, households // 400)
        self.units: list[tuple[str, list[str]]] = []
        self.by_district: dict[int, list[int]] = {}
        seen: set[str] = set()
        stems = names.words(names.STREET_NAMES)
        kinds = list(names.STREET_KINDS)
        while len(self.units) < max(30, households // 12):
            district = rng.randint(1, districts)
            postcode = (
                f"{area}{district} {rng.randint(0, 9)}"
                f"{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"
            )
            if postcode in seen:
                continue
            seen.add(postcode)
            streets = [
                f"{rng.choice(stems)} {rng.choice(kinds)}" for _ in range(rng.choice((1, 1, 2)))
            ]
            self.by_district.setdefault(district, []).append(len(self.units))
            self.units.append((postcode, streets))
        self.taken: set[Home] = set()

    def home(self, *, near: Home | None = None) -> Home:
        """A home no one else lives at; in the same district as `near` when given."""
        rng = self.rng
        for _ in range(1000):
            if near is not None:
                district = int(near.postcode.split()[0][2:])
                unit = rng.choice(self.by_district.get(district) or range(len(self.units)))
            else:
                unit = rng.randrange(len(self.units))
            postcode, streets = self.units[unit]
            number, street = rng.randint(1, 140), rng.choice(streets)
            address = f"{number} {street}"
            if rng.random() < 0.06:
                address = f"Flat {rng.randint(1, 12)}, {address}"
            home = Home(postcode, address)
            if home not in self.taken:
                self.taken.add(home)
                return home
        raise RuntimeError("The town is full: give it more postcodes")


# --- Children -------------------------------------------------------------------------------


@dataclass
class Child:
    key: str
    first_name: str
    surname: str
    born: date
    sex: str
    nhs_number: str
    homes: list[Home]  # earliest first; the last is where the child lives now
    household: int


def _nhs_check_digit(stem: str) -> int:
    """Modulus 11 over the first nine digits, weights 10 to 2 (10: no number has the stem)."""
    total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
    return (11 - total % 11) % 11


class NhsNumbers:
    """Valid, distinct NHS numbers in the range kept for test data (999 ...)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set[str]()

    def new(self) -> str:
        while True:
            stem = f"999{self.rng.randrange(10**6):06d}"
            check = _nhs_check_digit(stem)
            number = f"{stem}{check}"
            if check != 10 and number not in self.used:
                self.used.add(number)
                return number


def _age_days(born: date) -> int:
    return (AS_OF - born).days


def _first_name(rng: random.Random, sex: str, siblings: list[str]) -> str:
    pick = GIRLS if sex == "F" else BOYS
    for _ in range(200):
        name = pick(rng)
        if "-" not in name and rng.random() < HYPHENATED_FIRST_NAME:
            name = f"{name}-{rng.choice(names.SECOND_PARTS[sex])}"
        if _distinct(name, siblings) and len(set(name.split("-"))) == len(name.split("-")):
            return name
    raise RuntimeError("No distinct first name found")


@dataclass
class Household:
    number: int
    surname: str
    history: list[tuple[Home, date | None]]  # (home, moved out on), earliest first
    children: list[Child]

    @property
    def home(self) -> Home:
        return self.history[-1][0]

    def homes_since(self, born: date) -> list[Home]:
        return [home for home, left in self.history if left is None or left > born]


class Population:
    def __init__(self, rng: random.Random, children: int) -> None:
        self.rng = rng
        households = max(10, children * 10 // 19)
        self.town = Town(rng, households, "QX")
        self.elsewhere = Town(rng, max(10, households // 5), "QY")
        self.nhs = NhsNumbers(rng)
        self.households: list[Household] = []
        self.twins = self.twins_alike = self.cousins = 0

    def _surname(self) -> str:
        surname = SURNAMES(self.rng)
        if self.rng.random() < DOUBLE_BARRELLED_HOUSEHOLD and "-" not in surname:
            other = SURNAMES(self.rng)
            if other != surname and " " not in other + surname and "-" not in other:
                surname = f"{surname}-{other}"
        return surname

    def household(self, *, keys: list[str] | None = None) -> Household:
        """A household with its children; `keys` gives index ids (None: not indexed)."""
        rng = self.rng
        cousin_of = (
            rng.choice(self.households)
            if self.households and keys is not None and rng.random() < COUSIN_HOUSEHOLDS
            else None
        )
        surname = cousin_of.surname if cousin_of else self._surname()
        moves = rng.choices([m for m, _ in MOVES], weights=[w for _, w in MOVES])[0]
        left = sorted(AS_OF - timedelta(days=rng.randint(30, 12 * 365)) for _ in range(moves))
        history: list[tuple[Home, date | None]] = []
        for moved_out in left:
            town = self.elsewhere if rng.random() < MOVED_FROM_ELSEWHERE else self.town
            history.append((town.home(), moved_out))
        history.append((self.town.home(near=cousin_of.home if cousin_of else None), None))
        household = Household(len(self.households), surname, history, [])

        count = rng.choices((1, 2, 3, 4, 5), weights=(40, 35, 17, 6, 2))[0]
        born = AS_OF - timedelta(days=rng.randint(0, 18 * 365 - 40))
        births: list[date] = []
        for _ in range(count):
            if born > AS_OF:
                break
            births.append(born)
            born += timedelta(days=rng.randint(330, 6 * 365))
        given: list[str] = []
        for born in births:
            twins = rng.random() < TWIN_RATE
            if twins and rng.random() < TWINS_ALIKE:
                pair = rng.choice(names.TWIN_NAMES_ALIKE)
                if _distinct(pair[0], given) and _distinct(pair[2], given):
                    self.twins_alike += 1
                    self._child(household, pair[0], pair[1], born, keys)
                    self._child(household, pair[2], pair[3], born, keys)
                    given += [pair[0], pair[2]]
                    self.twins += 1
                    continue
            for _ in range(2 if twins else 1):
                sex = rng.choice("MF")
                name = _first_name(rng, sex, given)
                given.append(name)
                self._child(household, name, sex, born, keys)
            self.twins += twins
        if cousin_of and household.children:
            # Named after the same grandparent: a cousin's first name, another birthday.
            cousin = rng.choice(cousin_of.children)
            mine = rng.choice(household.children)
            others = [c.first_name for c in household.children if c is not mine]
            if (
                cousin.sex == mine.sex
                and abs((cousin.born - mine.born).days) >= 365
                and _distinct(cousin.first_name, others)
            ):
                mine.first_name = cousin.first_name
                mine.surname = cousin.surname
                self.cousins += 1
        if len(household.children) > 1 and rng.random() < HALF_SIBLING * len(household.children):
            other = SURNAMES(rng)
            if other != surname:
                rng.choice(household.children).surname = other
        if household.children:
            self.households.append(household)
        return household

    def _child(
        self, household: Household, first: str, sex: str, born: date, keys: list[str] | None
    ) -> Child | None:
        if keys is not None and not keys:
            return None  # the index is full
        child = Child(
            key=keys.pop() if keys else "",
            first_name=first,
            surname=household.surname,
            born=born,
            sex=sex,
            nhs_number=self.nhs.new() if self.rng.random() < INDEX_NHS_NUMBER else "",
            homes=household.homes_since(born),
            household=household.number,
        )
        household.children.append(child)
        return child


# --- What a partner writes ------------------------------------------------------------------

_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    letter: "".join(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
    for row in _KEYBOARD
    for i, letter in enumerate(row)
}
# Spellings by ear: a receptionist hears the name and writes it another way.
_BY_EAR = (
    ("ph", "f"),
    ("ck", "k"),
    ("ie", "y"),
    ("ey", "y"),
    ("ee", "ea"),
    ("ou", "ow"),
    ("c", "k"),
    ("z", "s"),
    ("ll", "l"),
    ("nn", "n"),
    ("tt", "t"),
    ("an", "en"),
)


def misspell(value: str, rng: random.Random) -> str:
    """One slip: a neighbouring key, a doubled or undoubled letter, a letter dropped, two
    letters swapped, or a spelling by ear. Keeps the capital where it was."""
    for _ in range(20):
        letters = [i for i, c in enumerate(value) if c.isalpha()]
        if len(letters) < 2:
            return value
        i = rng.choice(letters[1:])  # the first letter is the one people get right
        c = value[i].lower()
        kind = rng.randrange(6)
        if kind == 0 and c in _NEIGHBOURS:
            changed = value[:i] + rng.choice(_NEIGHBOURS[c]) + value[i + 1 :]
        elif kind == 1:
            changed = value[:i] + value[i] + value[i:]
        elif kind == 2 and len(letters) > 3:
            changed = value[:i] + value[i + 1 :]
        elif kind == 3 and i + 1 < len(value) and value[i + 1].isalpha() and value[i + 1] != c:
            changed = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
        elif kind == 4 and i + 1 < len(value) and value[i + 1].lower() == c:
            changed = value[:i] + value[i + 1 :]
        else:
            lowered = value.lower()
            found = [
                (lowered.find(a, 1), a, b)
                for x, y in _BY_EAR
                for a, b in ((x, y), (y, x))
                if lowered.find(a, 1) > 0
            ]
            if not found:
                continue
            at, a, b = rng.choice(found)
            changed = value[:at] + b + value[at + len(a) :]
        if changed != value and changed.lower() != value.lower():
            return changed
    return value


def _other_form(first: str, rng: random.Random, table: dict[str, list[str]]) -> str:
    choices = table.get(first) or []
    return rng.choice(choices) if choices else first


def _another_surname(rng: random.Random, surname: str) -> str:
    while True:
        other = SURNAMES(rng)
        if other != surname and other not in surname:
            return other


def _dob_digit(born: date, rng: random.Random) -> date:
    text = born.isoformat()
    for _ in range(40):
        i = rng.choice((2, 3, 5, 6, 8, 9))
        digit = rng.choice([d for d in "0123456789" if d != text[i]])
        try:
            changed = date.fromisoformat(text[:i] + digit + text[i + 1 :])
        except ValueError:
            continue
        if changed <= AS_OF and _age_days(changed) < 19 * 365:
            return changed
    return born


def _postcode_typo(postcode: str, rng: random.Random) -> str:
    outward, inward = postcode.split()
    if rng.random() < 0.5:
        inward = f"{rng.choice([d for d in '0123456789' if d != inward[0]])}{inward[1:]}"
    else:
        i = rng.choice((1, 2))
        letter = rng.choice([c for c in UNIT_LETTERS if c != inward[i]])
        inward = inward[:i] + letter + inward[i + 1 :]
    return f"{outward} {inward}"


def _address_style(address: str, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        for kind, short in names.STREET_KINDS.items():
            if address.endswith(f" {kind}"):
                return address[: -len(kind)] + short
    if style == 1 and address[0].isdigit():
        number, _, rest = address.partition(" ")
        return f"{number}, {rest}"
    if style == 2:
        return f"{address}, {names.TOWN}"
    return address.lower()


@dataclass(frozen=True)
class Record:
    first_name: str
    surname: str
    dob: date | None
    sex: str
    postcode: str
    address: str
    nhs_number: str


def partner_record(child: Child, rng: random.Random, town: Town) -> tuple[Record, list[str]]:
    """How a partner writes `child` down, and the errors it made."""
    errors: list[str] = []

    def happens(kind: str) -> bool:
        if rng.random() < RATES[kind]:
            errors.append(kind)
            return True
        return False

    home = child.homes[-1]
    if len(child.homes) > 1 and happens("earlier_home"):
        home = rng.choice(child.homes[:-1])
    elif happens("new_home"):
        home = town.home()
    first, surname, dob, sex = child.first_name, child.surname, child.born, child.sex
    nhs = child.nhs_number

    if "-" in first and happens("first_part_only"):
        first = first.split("-")[0]
    if OTHER_FORMS.get(first) and happens("short_form"):
        first = _other_form(first, rng, OTHER_FORMS)
    elif first in SPELLING_OF and happens("other_spelling"):
        first = _other_form(first, rng, SPELLING_OF)
    if happens("first_name_typo"):
        first = misspell(first, rng)
    if happens("middle_name"):
        first = f"{first} {_first_name(rng, sex, [first])}"
    if happens("surname_changed"):
        surname = _another_surname(rng, surname)
    elif happens("surname_double_barrelled"):
        if "-" in surname:
            surname = rng.choice(surname.split("-"))
        else:
            other = _another_surname(rng, surname)
            surname = rng.choice((f"{surname}-{other}", f"{other}-{surname}", f"{surname} {other}"))
    if happens("surname_typo"):
        surname = misspell(surname, rng)
    if happens("names_swapped"):
        first, surname = surname, first
    if happens("capitals"):
        first, surname = first.upper(), surname.upper()

    swapped = date(dob.year, dob.day, dob.month) if dob.day <= 12 else dob
    if swapped != dob and swapped <= AS_OF and happens("day_month_swapped"):
        dob = swapped
    elif happens("dob_digit"):
        dob = _dob_digit(dob, rng)
    if happens("sex_missing"):
        sex = ""
    elif happens("sex_wrong"):
        sex = "F" if sex == "M" else "M"
    if nhs and happens("nhs_missing"):
        nhs = ""
    given_dob: date | None = dob
    # A partner's record names the child by a date of birth or an NHS number.
    if nhs and happens("dob_missing"):
        given_dob = None

    postcode, address = home.postcode, home.address
    if happens("postcode_missing"):
        postcode = ""
    elif happens("postcode_typo"):
        postcode = _postcode_typo(postcode, rng)
    elif happens("postcode_style"):
        postcode = rng.choice((postcode.lower(), postcode.replace(" ", "")))
    if happens("address_missing"):
        address = ""
    elif happens("address_typo"):
        number, _, street = address.rpartition(" ")
        address = f"{number} {misspell(street, rng)}" if number else misspell(address, rng)
    elif happens("address_style"):
        address = _address_style(address, rng)
    return Record(first, surname, given_dob, sex, postcode, address, nhs), errors


# --- Children the index does not hold --------------------------------------------------------


def unknown_child(population: Population, rng: random.Random) -> tuple[Child, str]:
    kind = rng.choices([k for k, _ in UNKNOWN_KINDS], weights=[w for _, w in UNKNOWN_KINDS])[0]
    if kind == "sibling":
        household = rng.choice(population.households)
        births = [c.born for c in household.children]
        for _ in range(100):
            born = AS_OF - timedelta(days=rng.randint(0, 18 * 365 - 40))
            if all(abs((born - b).days) >= 300 for b in births):
                sex = rng.choice("MF")
                name = _first_name(rng, sex, [c.first_name for c in household.children])
                return Child(
                    "",
                    name,
                    household.surname,
                    born,
                    sex,
                    population.nhs.new(),
                    [household.home],
                    -1,
                ), kind
        kind = "stranger"
    if kind == "namesake":
        known = rng.choice(rng.choice(population.households).children)
        for _ in range(100):
            born = known.born + timedelta(days=rng.choice((-1, 1)) * rng.randint(365, 6 * 365))
            if 0 <= _age_days(born) < 18 * 365:
                home = population.town.home(near=known.homes[-1])
                return Child(
                    "",
                    known.first_name,
                    known.surname,
                    born,
                    known.sex,
                    population.nhs.new(),
                    [home],
                    -1,
                ), kind
        kind = "stranger"
    household = population.household(keys=None)
    population.households.pop()  # not the index's: the population is the index
    child = rng.choice(household.children)
    return replace(child, homes=[child.homes[-1]], household=-1), kind


# --- The files ------------------------------------------------------------------------------


def generate(out: Path, *, seed: int, children: int, records: int, unknown: int) -> dict[str, int]:
    if not 0 <= unknown <= records:
        raise SystemExit("--unknown must be between 0 and --records")
    if records - unknown > children:
        raise SystemExit("--records minus --unknown cannot be more than --children")
    rng = random.Random(seed)
    population = Population(rng, children)
    keys = [f"C{n:06d}" for n in range(children, 0, -1)]  # popped from the end: C000001 first
    while keys:
        population.household(keys=keys)
    index = [c for h in population.households for c in h.children]

    known = rng.sample(index, records - unknown)
    partner: list[tuple[Child, str]] = [(c, "") for c in known]
    partner += [unknown_child(population, rng) for _ in range(unknown)]
    rng.shuffle(partner)

    out.mkdir(parents=True, exist_ok=True)
    errors = Counter[str]()
    with (
        (out / "incoming.csv").open("w", newline="", encoding="utf-8") as incoming_file,
        (out / "truth.csv").open("w", newline="", encoding="utf-8") as truth_file,
        (out / "errors.csv").open("w", newline="", encoding="utf-8") as errors_file,
    ):
        incoming, truth = csv.writer(incoming_file), csv.writer(truth_file)
        explained = csv.writer(errors_file)
        incoming.writerow(COLUMNS)
        truth.writerow(TRUTH_COLUMNS)
        explained.writerow(("partner_id", "index_id", "errors"))
        for n, (child, unknown_kind) in enumerate(partner, start=1):
            partner_id = f"P{n:06d}"
            record, made = partner_record(child, rng, population.town)
            errors.update(made)
            if unknown_kind:
                errors[f"unknown_{unknown_kind}"] += 1
                made = [f"unknown_{unknown_kind}", *made]
            incoming.writerow(
                (
                    partner_id,
                    record.first_name,
                    record.surname,
                    record.dob.isoformat() if record.dob else "",
                    record.sex,
                    record.postcode,
                    record.address,
                    record.nhs_number,
                )
            )
            if child.key:
                truth.writerow((partner_id, child.key))
            explained.writerow((partner_id, child.key, " ".join(made)))

    index_rows = 0
    with (out / "index.csv").open("w", newline="", encoding="utf-8") as index_file:
        writer = csv.writer(index_file)
        writer.writerow(COLUMNS)
        for child in sorted(index, key=lambda c: c.key):
            for home in child.homes:
                writer.writerow(
                    (
                        child.key,
                        child.first_name,
                        child.surname,
                        child.born.isoformat(),
                        child.sex,
                        home.postcode,
                        home.address,
                        child.nhs_number,
                    )
                )
                index_rows += 1
    figures = {
        "children": len(index),
        "index_rows": index_rows,
        "households": len(population.households),
        "children_with_earlier_homes": sum(1 for c in index if len(c.homes) > 1),
        "twin_pairs": population.twins,
        "twin_pairs_named_alike": population.twins_alike,
        "cousins_named_alike": population.cousins,
        "records": records,
        "known_records": records - unknown,
        "unknown_records": unknown,
    }
    figures.update({f"errors_{kind}": errors[kind] for kind in RATES})
    figures.update({f"unknown_{kind}": errors[f"unknown_{kind}"] for kind, _ in UNKNOWN_KINDS})
    return figures


# --- Self-check -----------------------------------------------------------------------------


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _nhs_valid(number: str) -> bool:
    if not re.fullmatch(r"\d{10}", number):
        return False
    check = _nhs_check_digit(number[:9])
    return check != 10 and check == int(number[9])


def self_check() -> None:
    """Generates a small set twice and checks what the files must hold: the same seed gives
    the same files, every kind of error occurs, the truth is consistent, and every partner
    record is one the partner import accepts."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        first, again, other = Path(folder, "a"), Path(folder, "b"), Path(folder, "c")
        figures = generate(first, seed=7, children=4000, records=1200, unknown=200)
        generate(again, seed=7, children=4000, records=1200, unknown=200)
        generate(other, seed=8, children=4000, records=1200, unknown=200)
        for name in ("index.csv", "incoming.csv", "truth.csv"):
            if not filecmp.cmp(first / name, again / name, shallow=False):
                problems.append(f"seed 7 twice gave two different {name}")
            if filecmp.cmp(first / name, other / name, shallow=False):
                problems.append(f"seeds 7 and 8 gave the same {name}")
        index, incoming = _read(first / "index.csv"), _read(first / "incoming.csv")
        truth = _read(first / "truth.csv")
        keys = [r["id"] for r in index]
        if len(set(keys)) != 4000 or len(incoming) != 1200 or len(truth) != 1000:
            problems.append("wrong counts of children, records or truth rows")
        if not any(n > 1 for n in Counter(keys).values()):
            problems.append("no child has an earlier home")
        twins = Counter((r["surname"], r["dob"], r["address"]) for r in index)
        if not any(n > 1 for n in twins.values()):
            problems.append("no twins")
        people = {r["id"]: r for r in index}
        numbers = Counter(r["nhs_number"] for r in people.values() if r["nhs_number"])
        if any(n > 1 for n in numbers.values()):
            problems.append("two children of the index share an NHS number")
        if {r["index_id"] for r in truth} - set(people):
            problems.append("the truth names a child the index does not hold")
        if len({r["partner_id"] for r in truth}) != len(truth):
            problems.append("the truth names a partner record twice")
        for kind in RATES:
            if not figures[f"errors_{kind}"]:
                problems.append(f"no record has the error {kind}")
        for row in incoming:
            compact = row["postcode"].replace(" ", "").upper()
            if compact and not _POSTCODE.fullmatch(f"{compact[:-3]} {compact[-3:]}"):
                problems.append(f"{row['id']}: postcode {row['postcode']!r} is not well formed")
            if row["nhs_number"] and not _nhs_valid(row["nhs_number"]):
                problems.append(f"{row['id']}: the NHS number fails its check digit")
            if not (row["dob"] or row["nhs_number"]) or not re.search("[A-Za-z]", row["surname"]):
                problems.append(f"{row['id']}: the partner import would refuse this record")
            if row["dob"] and date.fromisoformat(row["dob"]) > AS_OF:
                problems.append(f"{row['id']}: date of birth in the future")
    if problems:
        sys.exit("self_check=failed\n" + "\n".join(problems[:20]))
    print("self_check=ok")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, help="The folder to write the files into.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--children", type=int, default=20_300)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--unknown", type=int, default=1000)
    parser.add_argument("--self-check", action="store_true")
    args = parser.parse_args()
    if args.self_check:
        self_check()
        return
    if args.out is None:
        parser.error("give --out DIR (or --self-check)")
    figures = generate(
        args.out,
        seed=args.seed,
        children=args.children,
        records=args.records,
        unknown=args.unknown,
    )
    print(f"seed={args.seed}")
    for name, value in figures.items():
        print(f"{name}={value}")


if __name__ == "__main__":
    main()

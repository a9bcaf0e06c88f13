"""The Fellegi-Sunter comparisons, written once for both ways of scoring a pair.

Each comparison (first name, surname, date of birth, sex, home, NHS number, UPN) is a list
of levels tried in order, best first; the first level whose condition holds is the pair's
level for that comparison. Every level carries its condition twice, side by
side: as SQL for Splink (batch mode and training, DuckDB) and as a Python function (online
mode, one incoming record against the few candidates an indexed query found). Keeping the
two on adjacent lines is what lets a test check they agree on every pair.

Records are *prepared* first (`prepare`): names reduced to capital letters, sound keys and
known forms of the first name from `people.search_keys`, the date of birth as an ISO string
(so a typo in one digit is one edit) with its day and month swapped, the postcode's sector
and district, and every home the person has lived at. Pure Python: no ORM, no database.

The SQL is DuckDB's, in functions that have a Spark form (`array_contains`, `substr`,
`levenshtein`, `jaro_winkler_similarity`), so one saved model runs on either engine:
`engines.render_settings` writes it out for Spark, with the string measures taken by
functions that compute them exactly as DuckDB does (`DuckDBSimilarity.java`), because
Spark's own differ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from safeguard.people.identifiers import normalise_nhs_number, normalise_postcode, normalise_upn
from safeguard.people.search_keys import (
    first_part,
    name_variants,
    normalise_name,
    phonetic_key,
    variant_keys,
)

# A prepared record: column name -> value (str, list[str] or None). The same columns go to
# Splink as a DataFrame and to the online scorer as a dict.
Prepared = dict[str, Any]

# The columns the comparisons read (besides unique_id); `prepare` fills every one.
COLUMNS = (
    "first_name",
    "first_name_key",
    "first_name_forms",
    "first_name_variant_keys",
    "last_name",
    "last_name_key",
    "last_name_parts",
    "date_of_birth",
    "date_of_birth_swapped",
    "sex",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address",
    "home_key",
    "home_keys",
    "home_postcodes",
    "nhs_number",
    "upn",
)

_POSTCODE_SHAPE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ([0-9])[A-Z]{2}")
# Words a partner may abbreviate or spell out in an address line.
_ADDRESS_WORDS = {
    "ROAD": "RD",
    "STREET": "ST",
    "AVENUE": "AVE",
    "LANE": "LN",
    "DRIVE": "DR",
    "CLOSE": "CL",
    "COURT": "CT",
    "CRESCENT": "CRES",
    "GARDENS": "GDNS",
    "PLACE": "PL",
    "TERRACE": "TER",
    "FLAT": "FLAT",
    "APARTMENT": "FLAT",
}


def normalise_address(value: str) -> str:
    """Capitals, digits and single spaces; common street words in one short form."""
    decomposed = unicodedata.normalize("NFKD", value).upper()
    words = re.sub(r"[^A-Z0-9]+", " ", decomposed).split()
    return " ".join(_ADDRESS_WORDS.get(word, word) for word in words)


@lru_cache(maxsize=100_000)
def swapped_day_and_month(iso: str) -> str | None:
    """'2015-03-07' -> '2015-07-03': the same date written the American way. None when the
    swap gives no other valid reading (day over 12, or day equal to month)."""
    year, month, day = iso[:4], iso[5:7], iso[8:10]
    if not (month.isdigit() and day.isdigit()) or day == month or int(day) > 12:
        return None
    return f"{year}-{day}-{month}"


def surname_parts(value: str) -> list[str]:
    """Each part of a double-barrelled or two-word surname: 'Smith-Jones' -> SMITH, JONES."""
    return [part for part in (normalise_name(p) for p in re.split(r"[\s\-]+", value)) if part]


# Names, homes and dates repeat across a person index (a few thousand names, a dozen
# households per postcode), so what is derived from each is worked out once per process:
# preparing 300,000 people then takes seconds, not a minute.


@lru_cache(maxsize=200_000)
def _first_name_columns(
    value: str,
) -> tuple[str | None, str | None, list[str] | None, list[str] | None]:
    first = normalise_name(first_part(value))
    if not first:
        return None, None, None, None
    return (
        first,
        phonetic_key(first) or None,
        sorted(name_variants(first)),  # itself and its known forms (people.search_keys)
        sorted(variant_keys(first)) or None,
    )


@lru_cache(maxsize=200_000)
def _last_name_columns(value: str) -> tuple[str | None, str | None, list[str] | None]:
    last = normalise_name(value)
    if not last:
        return None, None, None
    return last, phonetic_key(last) or None, surname_parts(value) or None


@lru_cache(maxsize=200_000)
def _home_columns(postcode: str, address_line: str) -> tuple[str | None, ...]:
    code = normalise_postcode(postcode)
    shape = _POSTCODE_SHAPE.fullmatch(code)
    address = normalise_address(address_line)
    return (
        code or None,
        f"{shape.group(1)} {shape.group(2)}" if shape else None,
        shape.group(1) if shape else None,
        address or None,
        home_key(code, address),
    )


def home_key(postcode: str, address: str) -> str | None:
    """A home as one value (normalised postcode and address line), so 'lived at this home'
    is one list lookup; None unless both are known."""
    return f"{postcode}|{address}" if postcode and address else None


def _history_columns(
    current: tuple[str | None, ...], homes: Sequence[tuple[str, str]]
) -> tuple[list[str] | None, list[str] | None]:
    if not homes:  # most people: the current home alone
        return ([current[4]] if current[4] else None), ([current[0]] if current[0] else None)
    keys, postcodes = set(), set()
    for home in [current, *(_home_columns(p, a) for p, a in homes)]:
        if home[0]:
            postcodes.add(home[0])
        if home[4]:
            keys.add(home[4])
    return sorted(keys) or None, sorted(postcodes) or None


def prepare(
    *,
    unique_id: int | str,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | str | None = None,
    sex: str = "",
    postcode: str = "",
    address_line: str = "",
    nhs_number: str = "",
    upn: str = "",
    homes: Sequence[tuple[str, str]] = (),
) -> Prepared:
    """The columns the comparisons read, from a person as recorded or as a partner sent it.

    `date_of_birth` may be a date or an ISO string (FEBRL's dates are not always real dates;
    compared as text they still count their typos). `postcode` and `address_line` are the
    current home; `homes` every other home the person is recorded at, as (postcode, address
    line), so a partner who still has an earlier address is recognised.
    """
    first, first_key, first_forms, first_variants = _first_name_columns(first_name)
    last, last_key, last_parts = _last_name_columns(last_name)
    current = _home_columns(postcode, address_line)
    code, sector, district, address, key = current
    home_keys, home_postcodes = _history_columns(current, homes)
    dob = date_of_birth.isoformat() if isinstance(date_of_birth, date) else date_of_birth or ""
    return {
        "unique_id": unique_id,
        "first_name": first,
        "first_name_key": first_key,
        # Copies: a caller changing one record's list must not change the cached one.
        "first_name_forms": list(first_forms) if first_forms else None,
        "first_name_variant_keys": list(first_variants) if first_variants else None,
        "last_name": last,
        "last_name_key": last_key,
        "last_name_parts": list(last_parts) if last_parts else None,
        "date_of_birth": dob or None,
        "date_of_birth_swapped": swapped_day_and_month(dob) if dob else None,
        "sex": sex if sex in ("M", "F") else None,
        "postcode": code,
        "postcode_sector": sector,
        "postcode_district": district,
        "address": address,
        "home_key": key,
        "home_keys": home_keys,
        "home_postcodes": home_postcodes,
        # An identifier read from the index is already in its normal form; the shortcuts
        # give what the normalising functions would (nothing for them to take out).
        "nhs_number": (nhs_number if nhs_number.isdigit() else normalise_nhs_number(nhs_number))
        or None,
        "upn": (upn.upper() if upn.isalnum() else normalise_upn(upn)) or None,
    }


# --- String measures, the same as DuckDB's -----------------------------------------------


@lru_cache(maxsize=500_000)
def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity exactly as DuckDB's `jaro_winkler_similarity` computes it
    (rapidfuzz's algorithm: the Winkler prefix bonus only above 0.7, prefix up to 4), so the
    online scorer puts a pair in the same level as Splink does. Two empty strings give 0.

    `people.search_keys.jaro_winkler` ranks search results and always adds the bonus; this
    one must match the SQL, so it is kept separate. Cached: an incoming name is compared
    with the same few hundred names again and again.
    """
    if not a or not b:
        return 0.0
    len_a, len_b = len(a), len(b)
    window = max(max(len_a, len_b) // 2 - 1, 0)
    a_matched = [False] * len_a
    b_matched = [False] * len_b
    matches = 0
    for i, letter in enumerate(a):
        for j in range(max(0, i - window), min(i + window + 1, len_b)):
            if not b_matched[j] and b[j] == letter:
                a_matched[i] = b_matched[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    out_of_order = 0
    j = 0
    for i in range(len_a):
        if a_matched[i]:
            while not b_matched[j]:
                j += 1
            if a[i] != b[j]:
                out_of_order += 1
            j += 1
    transpositions = out_of_order // 2
    sim = (matches / len_a + matches / len_b + (matches - transpositions) / matches) / 3
    if sim > 0.7:
        prefix = 0
        for x, y in zip(a[:4], b[:4], strict=False):
            if x != y:
                break
            prefix += 1
        sim += prefix * 0.1 * (1.0 - sim)
    return sim


def levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute one character) from a to b, as DuckDB's
    `levenshtein`."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@lru_cache(maxsize=500_000)
def within_edits(a: str, b: str, limit: int) -> bool:
    """Whether `levenshtein(a, b) <= limit`, answered without the whole table: a common
    start and end cost nothing, and lengths further apart than `limit` never qualify."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > limit:
        return False
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    a, b = a[start:end_a], b[start:end_b]
    if max(len(a), len(b)) <= limit:
        return True  # no two strings are further apart than the longer one's length
    if limit <= 1:
        # One letter changed, added or dropped leaves at most one letter each once the
        # shared start and end are taken off; anything longer is two edits or more.
        return False
    return _edit_distance(a, b) <= limit


def _edit_distance(a: str, b: str) -> int:
    """`levenshtein(a, b)` by Hyyrö's bit-parallel form of Myers' algorithm: a column of the
    table is held as bits of two ints (which cells go up, which down, by one), so each letter
    of `b` costs a few integer operations instead of a row of `min`s. The scorer asks this
    of every candidate's date of birth and NHS number."""
    if not a or not b:
        return len(a) + len(b)
    full = (1 << len(a)) - 1
    last = 1 << (len(a) - 1)
    positions: dict[str, int] = {}
    for i, letter in enumerate(a):
        positions[letter] = positions.get(letter, 0) | (1 << i)
    up, down, distance = full, 0, len(a)
    for letter in b:
        same = positions.get(letter, 0)
        diagonal = ((((same & up) + up) ^ up) | same | down) & full
        right_up = down | (~(diagonal | up) & full)
        right_down = diagonal & up
        if right_up & last:
            distance += 1
        elif right_down & last:
            distance -= 1
        right_up = ((right_up << 1) | 1) & full
        right_down = (right_down << 1) & full
        up = right_down | (~(diagonal | right_up) & full)
        down = right_up & diagonal
    return distance


# --- The comparisons ------------------------------------------------------------------------

Condition = Callable[[Prepared, Prepared], bool]


@dataclass(frozen=True)
class Level:
    label: str
    sql: str
    holds: Condition
    # A null level weighs nothing: a value missing, or evidence another comparison counts.
    is_null: bool = False
    # Term-frequency adjustment (Splink's): the weight of agreeing on this value rather than
    # on an average one, from how often the value occurs in the person index.
    tf_column: str | None = None


@dataclass(frozen=True)
class Comparison:
    name: str  # Splink's output column name
    description: str
    levels: tuple[Level, ...]  # best first; the first is the null level, the last "else"


# A name held by fewer people than this share of the index counts as this common: the
# adjustment rewards a rare name, but a name held by one child in the index may be one a
# family passes on (a cousin, a parent), so it is not allowed to outweigh a date of birth.
NAME_TF_MINIMUM_U = 0.001


def _both(column: str) -> Condition:
    return lambda a, b: a[column] is not None and b[column] is not None


def _has(a: Prepared, b: Prepared, column: str) -> bool:
    return a[column] is not None and b[column] is not None


def _eq(a: Prepared, b: Prepared, column: str) -> bool:
    return a[column] is not None and a[column] == b[column]


def _in(values: list[str] | None, value: str | None) -> bool:
    """SQL's `array_contains(values, value)` as a condition: false when either is null."""
    return values is not None and value is not None and value in values


def _either_missing(column: str) -> Level:
    return Level(
        "missing on either side",
        f'"{column}_l" IS NULL OR "{column}_r" IS NULL',
        lambda a, b: a[column] is None or b[column] is None,
        is_null=True,
    )


def _exact(column: str, label: str = "exact", *, tf: bool = False) -> Level:
    both = _both(column)
    return Level(
        label,
        f'"{column}_l" = "{column}_r"',
        lambda a, b: both(a, b) and a[column] == b[column],
        tf_column=column if tf else None,
    )


def _jaro_winkler_at_least(column: str, threshold: float) -> Level:
    return Level(
        f"Jaro-Winkler >= {threshold}",
        f'jaro_winkler_similarity("{column}_l", "{column}_r") >= {threshold}',
        lambda a, b: jaro_winkler(a[column], b[column]) >= threshold,
    )


def _one_letter_different(column: str) -> Level:
    """One letter added, dropped or changed, the first letter kept: Amy/Ami, Jak/Jake. Placed
    after Jaro-Winkler >= 0.92, it catches the short names that measure is harsh on (a letter
    in four is a large share). A different first letter is left out: names that rhyme (Ava
    and Eva, Daisy and Maisie) are how families name twins."""
    return Level(
        "one letter different, the first the same",
        f'levenshtein("{column}_l", "{column}_r") <= 1 '
        f'AND substr("{column}_l", 1, 1) = substr("{column}_r", 1, 1)',
        lambda a, b: within_edits(a[column], b[column], 1) and a[column][0] == b[column][0],
    )


def _edits_at_most(column: str, edits: int) -> Level:
    return Level(
        f"at most {edits} edit{'s' if edits > 1 else ''}",
        f'levenshtein("{column}_l", "{column}_r") <= {edits}',
        lambda a, b: within_edits(a[column], b[column], edits),
    )


def _else() -> Level:
    return Level("all other", "ELSE", lambda a, b: True)


# The whole name written the other way round (a form filled in surname first).
_SWAPPED_SQL = '"first_name_l" = "last_name_r" AND "last_name_l" = "first_name_r"'


def _swapped(a: Prepared, b: Prepared) -> bool:
    return (
        a["first_name"] is not None
        and a["first_name"] == b["last_name"]
        and a["last_name"] is not None
        and a["last_name"] == b["first_name"]
    )


# Swapped and mistyped too (a form filled in surname first, then retyped).
_SWAPPED_CLOSE_SQL = (
    'jaro_winkler_similarity("first_name_l", "last_name_r") >= 0.88 '
    'AND jaro_winkler_similarity("last_name_l", "first_name_r") >= 0.88'
)


def _swapped_close(a: Prepared, b: Prepared) -> bool:
    return (
        _has(a, b, "first_name")
        and _has(a, b, "last_name")
        and jaro_winkler(a["first_name"], b["last_name"]) >= 0.88
        and jaro_winkler(a["last_name"], b["first_name"]) >= 0.88
    )


# Swapped, and the first name given as a known form of it ("Shah Hattie" for Harriet Shah),
# the surname the same or close in spelling as in the level above ("Robiinson Evelyn" for
# Evie Robinson). Known forms are listed for first names only, so each side's first-name
# forms are asked for the other side's surname field; the exact swap is the level before.
_SWAPPED_KNOWN_FORM_SQL = (
    '(jaro_winkler_similarity("first_name_l", "last_name_r") >= 0.88 '
    'AND array_contains("first_name_forms_r", "last_name_l")) '
    'OR (jaro_winkler_similarity("last_name_l", "first_name_r") >= 0.88 '
    'AND array_contains("first_name_forms_l", "last_name_r"))'
)


def _swapped_known_form(a: Prepared, b: Prepared) -> bool:
    return (
        _in(b["first_name_forms"], a["last_name"])
        and jaro_winkler(a["first_name"], b["last_name"]) >= 0.88
    ) or (
        _in(a["first_name_forms"], b["last_name"])
        and jaro_winkler(a["last_name"], b["first_name"]) >= 0.88
    )


# A known form with one letter typed twice: Livv for Olivia (Liv), Ollly for Oliver (Olly),
# Williamm for Liam (William). Only a name the list does not know (its one form is itself)
# counts as so typed. Anything looser pairs real names: a letter added, changed or moved,
# or a close spelling, of another name's nickname gives Willow for William (Will), Sami
# for Samuel (Sam), Jesse for Jessica (Jessie), Mia for Jemima (Mima), names a family gives
# twins or siblings. Over the 600 first names of the demo data and the benchmark's lists
# (345 of them not in the list), this pairs only Andreea, a spelling of Andrea, with
# Andrea's short forms.
#
# Most blocked pairs are not the same child and fall through to this level, and building
# every form's doubled spellings for each cost a third of the scoring of a 100,000-row file
# (bench/linkage.py --part index). A name with a letter typed twice has two of one letter in a
# row, which a pattern tells at once, so the lists are built only for the few names that do.
# Names are capital letters only (`prepare`), so the pattern misses none; the Python check
# asks the same, so the two agree on any text.
_LETTER_TWICE = "|".join(letter * 2 for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LETTER_TWICE_PATTERN = re.compile(_LETTER_TWICE)


def _form_with_a_letter_twice_sql(typed: str, known: str) -> str:
    return (
        f'(array_length("first_name_forms_{typed}") = 1 '
        f"AND regexp_matches(\"first_name_{typed}\", '{_LETTER_TWICE}') AND list_contains(flatten("
        f'list_transform("first_name_forms_{known}", lambda form: list_transform('
        "range(1, length(form) + 1), lambda i: "
        "left(form, i) || substr(form, i, 1) || substr(form, i + 1)))), "
        f'"first_name_{typed}"))'
    )


@lru_cache(maxsize=50_000)
def _with_a_letter_twice(form: str) -> frozenset[str]:
    return frozenset(form[:i] + form[i - 1] + form[i:] for i in range(1, len(form) + 1))


def _typed_as_a_form_with_a_letter_twice(typed: Prepared, known: Prepared) -> bool:
    name, own_forms, forms = (
        typed["first_name"],
        typed["first_name_forms"],
        known["first_name_forms"],
    )
    if name is None or own_forms is None or len(own_forms) != 1 or forms is None:
        return False
    if _LETTER_TWICE_PATTERN.search(name) is None:
        return False
    return any(name in _with_a_letter_twice(form) for form in forms)


def _form_with_a_letter_twice(a: Prepared, b: Prepared) -> bool:
    return _typed_as_a_form_with_a_letter_twice(a, b) or _typed_as_a_form_with_a_letter_twice(b, a)


# One name in the other's field: a form filled in surname first whose other name differs
# (the surname changed, or mistyped beyond recognition). Each comparison reads only its own
# name, the candidate's (`_r`): the first-name comparison whether the incoming surname is the
# candidate's first name, the surname comparison whether the incoming first name is the
# candidate's surname. So the two halves of a swap are never counted twice either.
def _in_the_other_field(own: str, other: str) -> Level:
    return Level(
        f"the {'first name' if own == 'first_name' else 'surname'} given as the "
        f"{'surname' if own == 'first_name' else 'first name'}",
        f'"{other}_l" = "{own}_r"',
        lambda a, b: a[other] is not None and a[other] == b[own],
    )


# A swapped name is one piece of evidence (both names agree, written the other way round),
# so the first-name comparison weighs it and the surname comparison, reaching the same
# pair, counts it as a null level. Weighed on both, it scored twice (+16 each), enough to
# link "Williams Elizabeth, born 2018" to an Elizabeth Williams born 2012 who lives elsewhere.
_COUNTED_IN_FIRST_NAME = " (weighed in the first-name comparison)"

# The current home, then every home the person has lived at (the index keeps their
# residences): a partner whose records are out of date still has an earlier address.
_EARLIER_HOME_SQL = (
    'array_contains("home_keys_r", "home_key_l") OR array_contains("home_keys_l", "home_key_r")'
)
_EARLIER_POSTCODE_SQL = (
    'array_contains("home_postcodes_r", "postcode_l") '
    'OR array_contains("home_postcodes_l", "postcode_r")'
)

COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "first_name",
        "First name: exact (weighed by how common the name is), swapped with the surname, a "
        "known form (nickname or spelling), close in spelling, one letter different, the "
        "same sound, further in spelling, given as the surname",
        (
            _either_missing("first_name"),
            _exact("first_name", tf=True),
            Level("first name and surname swapped", _SWAPPED_SQL, _swapped),
            Level(
                "a known form of the name (nickname or spelling)",
                'array_contains("first_name_forms_l", "first_name_r")',
                lambda a, b: _in(a["first_name_forms"], b["first_name"]),
            ),
            Level(
                "first name and surname swapped, the first name a known form",
                _SWAPPED_KNOWN_FORM_SQL,
                _swapped_known_form,
            ),
            _jaro_winkler_at_least("first_name", 0.92),
            _one_letter_different("first_name"),
            _exact("first_name_key", "the same sound"),
            # After the name's own spellings: the name is one of its own forms, and a letter
            # of it typed twice is close to it already.
            Level(
                "a known form of the name with a letter typed twice",
                f"{_form_with_a_letter_twice_sql('l', 'r')} "
                f"OR {_form_with_a_letter_twice_sql('r', 'l')}",
                _form_with_a_letter_twice,
            ),
            _jaro_winkler_at_least("first_name", 0.8),
            Level(
                "first name and surname swapped, close in spelling",
                _SWAPPED_CLOSE_SQL,
                _swapped_close,
            ),
            _in_the_other_field("first_name", "last_name"),
            _else(),
        ),
    ),
    Comparison(
        "last_name",
        "Surname: exact (weighed by how common the name is), one part of a double-barrelled "
        "name, close in spelling, one letter different, the same sound, further in spelling, "
        "given as the first name",
        (
            _either_missing("last_name"),
            _exact("last_name", tf=True),
            Level(
                "first name and surname swapped" + _COUNTED_IN_FIRST_NAME,
                _SWAPPED_SQL,
                _swapped,
                is_null=True,
            ),
            Level(
                "first name and surname swapped, the first name a known form"
                + _COUNTED_IN_FIRST_NAME,
                _SWAPPED_KNOWN_FORM_SQL,
                _swapped_known_form,
                is_null=True,
            ),
            Level(
                "shares a part of a double-barrelled name",
                'array_length(array_intersect("last_name_parts_l", "last_name_parts_r")) > 0',
                lambda a, b: (
                    _has(a, b, "last_name_parts")
                    and bool(set(a["last_name_parts"]) & set(b["last_name_parts"]))
                ),
            ),
            _jaro_winkler_at_least("last_name", 0.92),
            _one_letter_different("last_name"),
            _exact("last_name_key", "the same sound"),
            _jaro_winkler_at_least("last_name", 0.8),
            Level(
                "first name and surname swapped, close in spelling" + _COUNTED_IN_FIRST_NAME,
                _SWAPPED_CLOSE_SQL,
                _swapped_close,
                is_null=True,
            ),
            _in_the_other_field("last_name", "first_name"),
            _else(),
        ),
    ),
    Comparison(
        "date_of_birth",
        "Date of birth: exact, day and month swapped, one typed digit wrong, two",
        (
            _either_missing("date_of_birth"),
            _exact("date_of_birth"),
            Level(
                "day and month swapped",
                '"date_of_birth_swapped_l" = "date_of_birth_r"',
                lambda a, b: (
                    a["date_of_birth_swapped"] is not None
                    and a["date_of_birth_swapped"] == b["date_of_birth"]
                ),
            ),
            _edits_at_most("date_of_birth", 1),
            _edits_at_most("date_of_birth", 2),
            _else(),
        ),
    ),
    Comparison(
        "sex",
        "Sex (male or female; unknown counts as missing)",
        (_either_missing("sex"), _exact("sex"), _else()),
    ),
    # Postcode and address together: they say the same thing (where the child lives), so
    # scoring them as two independent comparisons would count one fact twice.
    Comparison(
        "home",
        "Home: the same postcode and address, the same postcode and a close address, the "
        "same postcode, the same address with the postcode mistyped or missing, an earlier "
        "home, an earlier home's postcode, the postcode mistyped, the same sector, the same "
        "district",
        (
            Level(
                "missing on either side",
                '("postcode_l" IS NULL OR "postcode_r" IS NULL) '
                'AND ("address_l" IS NULL OR "address_r" IS NULL) '
                'AND ("home_postcodes_l" IS NULL OR "home_postcodes_r" IS NULL)',
                lambda a, b: (
                    (a["postcode"] is None or b["postcode"] is None)
                    and (a["address"] is None or b["address"] is None)
                    and (a["home_postcodes"] is None or b["home_postcodes"] is None)
                ),
                is_null=True,
            ),
            Level(
                "the same postcode and address",
                '"postcode_l" = "postcode_r" AND "address_l" = "address_r"',
                lambda a, b: _eq(a, b, "postcode") and _eq(a, b, "address"),
            ),
            Level(
                "the same postcode, a close address",
                '"postcode_l" = "postcode_r" '
                'AND jaro_winkler_similarity("address_l", "address_r") >= 0.9',
                lambda a, b: (
                    _eq(a, b, "postcode")
                    and _has(a, b, "address")
                    and jaro_winkler(a["address"], b["address"]) >= 0.9
                ),
            ),
            Level(
                "the same postcode",
                '"postcode_l" = "postcode_r"',
                lambda a, b: _eq(a, b, "postcode"),
            ),
            Level(
                "the same address, the postcode mistyped or missing",
                '"address_l" = "address_r" AND ("postcode_l" IS NULL OR "postcode_r" IS NULL '
                'OR levenshtein("postcode_l", "postcode_r") <= 1)',
                lambda a, b: (
                    _eq(a, b, "address")
                    and (
                        not _has(a, b, "postcode") or within_edits(a["postcode"], b["postcode"], 1)
                    )
                ),
            ),
            Level(
                "an earlier home: the same postcode and address",
                _EARLIER_HOME_SQL,
                lambda a, b: (
                    _in(b["home_keys"], a["home_key"]) or _in(a["home_keys"], b["home_key"])
                ),
            ),
            Level(
                "an earlier home's postcode",
                _EARLIER_POSTCODE_SQL,
                lambda a, b: (
                    _in(b["home_postcodes"], a["postcode"])
                    or _in(a["home_postcodes"], b["postcode"])
                ),
            ),
            Level(
                "the postcode mistyped",
                'levenshtein("postcode_l", "postcode_r") <= 1',
                lambda a, b: (
                    _has(a, b, "postcode") and within_edits(a["postcode"], b["postcode"], 1)
                ),
            ),
            _exact("postcode_sector", "the same postcode sector"),
            _exact("postcode_district", "the same postcode district"),
            _else(),
        ),
    ),
    Comparison(
        "nhs_number",
        "NHS number: exact, up to two digits wrong or swapped, different",
        (
            _either_missing("nhs_number"),
            _exact("nhs_number"),
            _edits_at_most("nhs_number", 2),
            _else(),
        ),
    ),
    Comparison(
        "upn",
        "Unique pupil number: exact, up to two characters wrong, different",
        (_either_missing("upn"), _exact("upn"), _edits_at_most("upn", 2), _else()),
    ),
)


def comparison_levels(left: Prepared, right: Prepared) -> list[int]:
    """For each comparison, the position (in `levels`) of the first level that holds."""
    found = []
    for comparison in COMPARISONS:
        for position, level in enumerate(comparison.levels):
            if level.holds(left, right):
                found.append(position)
                break
    return found


def splink_level(level: Level) -> dict[str, Any]:
    """One level as Splink settings write it (without m and u)."""
    entry: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.label}
    if level.is_null:
        entry["is_null_level"] = True
    if level.tf_column is not None:
        entry["tf_adjustment_column"] = level.tf_column
        entry["tf_adjustment_weight"] = 1.0
        entry["tf_minimum_u_value"] = NAME_TF_MINIMUM_U
    return entry


def splink_comparisons() -> list[dict[str, Any]]:
    """The comparisons as Splink settings (dicts Splink 5 accepts in `comparisons`)."""
    return [
        {
            "output_column_name": comparison.name,
            "comparison_description": comparison.description,
            "comparison_levels": [splink_level(level) for level in comparison.levels],
        }
        for comparison in COMPARISONS
    ]


def term_frequency_columns() -> list[str]:
    """The columns whose values' frequencies adjust a level's weight."""
    return [
        level.tf_column
        for comparison in COMPARISONS
        for level in comparison.levels
        if level.tf_column is not None
    ]

"""Keys that let a misspelt name find a person, and the measures that rank what it finds.

Pure Python (no ORM, no database functions), so the model, the data migration, the search
selector and the demo generator (which writes people with `bulk_create`, skipping
`Person.save()`) share one definition, and it works the same on SQLite and PostgreSQL.

- `phonetic_key` codes a name by sound, in the spirit of Soundex and Metaphone but tuned for
  names common in Britain: vowels after the first letter are dropped, letters that sound
  alike share a code (C/K/Q/G, D/T, B/P, F/V/PH, S/Z, CH/SH), silent letters are dropped
  (KN-, WR-, -GH, H and W not before a vowel) and doubled letters count once. So Jayden,
  Jaden and Jaiden all become JTN; Smith and Smyth SMT; Katherine, Catherine, Kathryn and
  Cathrine KTRN; Mohammed, Muhammad and Muhamad MHMT.
- `name_variants` covers what sound cannot: short forms (Kate for Katherine, Alfie for
  Alfred) and spellings that sound different on paper (Sean/Shaun, Yasmin/Jasmine), from the
  `nicknames` package and the British forms in `name_forms.csv`. Search, the partner check
  and linkage all read it. Expanded at search time only, so the stored keys are the plain
  phonetic codes and a change to the names data needs no data migration.
- `key_neighbours` gives every key one edit away (a code missing, added, changed or two
  swapped), which is how a typo that changes the sound (Smih for Smith) is still found.
- `jaro_winkler` and `name_similarity` rank the candidates, best first.

A change to `phonetic_key` changes stored keys: it needs a data migration that refills them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

KEY_LENGTH = 32  # the model's column width; longer keys are cut, which only widens a match

_VOWELS = frozenset("AEIOUY")
# Spellings at the start of a name whose first letter is silent or sounds as another.
_INITIAL_SOUNDS = (("KN", "N"), ("GN", "N"), ("PN", "N"), ("WR", "R"), ("PS", "S"), ("WH", "W"))
# Every code a key can hold, for `key_neighbours`.
KEY_ALPHABET = "AFHJKLMNPRSTWXY"


def normalise_name(value: str) -> str:
    """Capital letters only: accents dropped, and spaces, hyphens and apostrophes removed.

    "O'Brien" becomes "OBRIEN", "Zoë" "ZOE", "Smith-Jones" "SMITHJONES".
    """
    decomposed = unicodedata.normalize("NFKD", value)
    return re.sub(r"[^A-Z]", "", decomposed.upper())


def first_part(value: str) -> str:
    """The first of a person's first names: "Mary-Jane" and "Mary Jane" are both found as Mary."""
    parts = [part for part in re.split(r"[\s\-]+", value.strip()) if normalise_name(part)]
    return parts[0] if parts else ""


# Known forms of a name: the `nicknames` package (a maintained English set of names and their
# short forms) with `name_forms.csv` beside this file, which adds the British forms and
# spellings the package lacks and removes the few pairs it joins that are separate names here,
# each row with its reason.
NAME_FORMS_FILE = Path(__file__).with_name("name_forms.csv")


def package_name_pairs() -> set[tuple[str, str]]:
    """(full name, short form) pairs of the `nicknames` package, normalised."""
    from nicknames import NickNamer

    pairs = set()
    for full, short_forms in NickNamer().nickname_lookup.items():
        for short in short_forms:
            a, b = normalise_name(full), normalise_name(short)
            if a and b and a != b:
                pairs.add((a, b))
    return pairs


def name_form_rows() -> list[dict[str, str]]:
    """The rows of `name_forms.csv`: kind (short_form, spelling, not_the_same), name, other,
    reason."""
    with NAME_FORMS_FILE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def _known_forms() -> dict[str, frozenset[str]]:
    """Each name -> the names that are a known form of it (the relation runs both ways)."""
    pairs = package_name_pairs()  # (full name, short form)
    spellings: dict[str, set[str]] = {}  # the spellings of one name are forms of one another
    apart: set[tuple[str, str]] = set()
    for row in name_form_rows():
        a, b = normalise_name(row["name"]), normalise_name(row["other"])
        if row["kind"] == "short_form":
            pairs.add((a, b))
        elif row["kind"] == "spelling":
            group = spellings.get(a, {a}) | spellings.get(b, {b})
            for name in group:
                spellings[name] = group
        elif row["kind"] == "not_the_same":
            apart |= {(a, b), (b, a)}
        else:
            raise ValueError(
                f"{NAME_FORMS_FILE.name}: the kind {row['kind']!r} (row {a}, {b}) is not one of "
                "short_form, spelling, not_the_same"
            )
    # A short form of one spelling is a short form of every spelling of the name: Mo is
    # short for Mohammed as for Muhammad, Katie for Catherine as for Katherine.
    pairs |= {
        (spelling, short)
        for full, short in pairs
        if short not in spellings.get(full, ())
        for spelling in spellings.get(full, ())
    }
    for group in spellings.values():
        pairs.update((a, b) for a in group for b in group if a != b)
    pairs -= apart
    forms: dict[str, set[str]] = {}
    for a, b in pairs:
        forms.setdefault(a, set()).add(b)
        forms.setdefault(b, set()).add(a)
    return {name: frozenset(others) for name, others in forms.items()}


def name_variants(value: str) -> frozenset[str]:
    """`value` and every known form of it (normalised): its short forms, the full names it is
    a short form of, and its other spellings. Kate gives Katherine and Catherine; Al gives
    Albert, Alfred and Alan. The relation is direct, never chained: Albert and Alfred share
    the short form Al but are not forms of each other, and neither are Daisy and Maisie
    (both short for Margaret), names a family may give two sisters."""
    name = normalise_name(value)
    if not name:
        return frozenset()
    return _known_forms().get(name, frozenset()) | {name}


def phonetic_key(value: str) -> str:
    """The sound of a name as a short code (see the module docstring); "" for no letters."""
    s = normalise_name(value)
    if not s:
        return ""
    for spelling, sound in _INITIAL_SOUNDS:
        if s.startswith(spelling):
            s = sound + s[len(spelling) :]
            break
    s = re.sub(r"(.)\1+", r"\1", s)  # a doubled letter sounds once
    n = len(s)

    def at(k: int) -> str:
        return s[k] if 0 <= k < n else ""

    def vowel(k: int) -> bool:
        return at(k) in _VOWELS and at(k) != ""

    codes: list[str] = []
    last = ""  # the previous code, so a sound spelt with two letters is coded once
    i = 0
    while i < n:
        c, nxt = s[i], at(i + 1)
        step, code = 1, ""
        if c in "AEIOU" or (c == "Y" and not (i == 0 and vowel(1))):
            if i > 0:
                last = ""  # a vowel separates two sounds: "Nina" keeps both Ns
                i += 1
                continue
            code = "A"
        elif c == "Y":
            code = "Y"
        elif c == "B":
            code = "P"
        elif c == "C":
            if nxt == "H":
                code = "K" if at(i + 2) in ("R", "L") else "X"  # Christopher, Chloe; Charlotte
                step = 2
            elif nxt and nxt in "EIY":
                code = "S"
            else:
                code = "K"
        elif c == "D":
            if nxt == "G" and at(i + 2) and at(i + 2) in "EIY":
                code, step = "J", 2
            else:
                code = "T"
        elif c == "G":
            if nxt == "H":
                step = 2
                # Meghan as Megan, Ghazala; but silent in Leigh, Hugh and Singh.
                code = "K" if i == 0 or vowel(i + 2) else ""
            elif nxt and nxt in "EIY":
                code = "J"
            else:
                code = "K"
        elif c == "H":
            code = "H" if (i == 0 or vowel(i - 1)) and vowel(i + 1) else ""
        elif c == "P":
            code, step = ("F", 2) if nxt == "H" else ("P", 1)
        elif c == "S":
            if nxt == "H":
                code, step = "X", 2
            elif nxt == "C" and at(i + 2) == "H":
                code, step = "SK", 3
            else:
                code = "S"
        elif c == "T":
            if nxt == "H":
                code, step = "T", 2
            elif nxt == "C" and at(i + 2) == "H":
                code, step = "X", 3
            else:
                code = "T"
        elif c == "W":
            code = "W" if (i == 0 or not vowel(i - 1)) and vowel(i + 1) else ""
        elif c == "X":
            code = "S" if i == 0 else "KS"
        else:
            code = {"Q": "K", "V": "F", "Z": "S"}.get(c, c)  # F J K L M N R keep their letter
        for symbol in code:
            if symbol != last:
                codes.append(symbol)
                last = symbol
        i += step
    return "".join(codes)[:KEY_LENGTH]


def first_name_key(value: str) -> str:
    return phonetic_key(first_part(value))


def search_keys_for(first_name: str, last_name: str, known_as: str = "") -> dict[str, str]:
    """The search-key columns of a Person with these names, ready to set on the model.

    Call this for rows written with `bulk_create`, which skips `Person.save()`:
    `Person(first_name=f, last_name=l, **search_keys_for(f, l))`.

    Without a known-as name, `known_as_key` repeats the first name's key rather than being
    blank: a column that is blank on most rows makes a database's statistics say any key
    matches most of the table, and the planner then reads the whole table.
    """
    first = first_name_key(first_name)
    return {
        "first_name_key": first,
        "last_name_key": phonetic_key(last_name),
        "known_as_key": first_name_key(known_as) or first,
    }


def variant_keys(value: str) -> set[str]:
    """Keys of every spelling of `value` (its own sound and its group's), for searching."""
    keys = {phonetic_key(name) for name in name_variants(value)}
    keys.add(phonetic_key(value))
    keys.discard("")
    return keys


def key_neighbours(key: str, *, shortest: int = 2) -> set[str]:
    """Every key one edit from `key` (a code removed, added, changed, or two swapped), at
    least `shortest` codes long: shorter keys would match too many names to be useful."""
    found: set[str] = set()
    for i in range(len(key) + 1):
        for symbol in KEY_ALPHABET:
            found.add(key[:i] + symbol + key[i:])
    for i in range(len(key)):
        found.add(key[:i] + key[i + 1 :])
        for symbol in KEY_ALPHABET:
            found.add(key[:i] + symbol + key[i + 1 :])
        if i + 1 < len(key):
            found.add(key[:i] + key[i + 1] + key[i] + key[i + 2 :])
    found.discard(key)
    return {k[:KEY_LENGTH] for k in found if len(k) >= shortest}


def jaro_winkler(a: str, b: str, *, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity, 0 (nothing shared) to 1 (the same): letters in common near
    the same place, fewer for letters out of order, more for a shared start (up to 4)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    a_matched = [False] * len(a)
    b_matched = [False] * len(b)
    matches = 0
    for i, letter in enumerate(a):
        for j in range(max(0, i - window), min(i + window + 1, len(b))):
            if not b_matched[j] and b[j] == letter:
                a_matched[i] = b_matched[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    out_of_order = 0
    j = 0
    for i, letter in enumerate(a):
        if a_matched[i]:
            while not b_matched[j]:
                j += 1
            if letter != b[j]:
                out_of_order += 1
            j += 1
    transpositions = out_of_order // 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


# Floors for names a practitioner would call the same: a known spelling or short form of it,
# or a name that sounds the same. Letters alone can score these low (Cathrine and Katherine
# differ in their first letter).
SAME_GROUP_SCORE = 0.95
SAME_SOUND_SCORE = 0.9


def name_similarity(typed: str, recorded: str) -> float:
    """How close a typed name is to a recorded one, 0 to 1."""
    a, b = normalise_name(typed), normalise_name(recorded)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    score = jaro_winkler(a, b)
    if b in name_variants(a):
        score = max(score, SAME_GROUP_SCORE)
    if phonetic_key(a) == phonetic_key(b):
        score = max(score, SAME_SOUND_SCORE)
    return score


def best_similarity(typed: str, recorded: Iterable[str]) -> float:
    return max((name_similarity(typed, name) for name in recorded if name), default=0.0)

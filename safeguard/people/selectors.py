"""Matching people to what someone typed into "Find a child": `match_children`.

People know nothing of who may see whom: the caller gives the children to search (the page,
`access.search`, gives those in the user's need to know; the front door's identity search
every child whose record is not restricted from them). A search is a few indexed queries, the
same on SQLite and PostgreSQL:

1. Candidates: the children given that match every detail given. Identifiers match exactly
   (NHS number and UPN in any spacing, a former UPN too); a date of birth matches as typed
   or with day and month swapped; an address matches by
   postcode (full or outward code) or by the words of its street and town. Names match by
   their stored sound keys (`people.search_keys`): first the keys of the typed names and
   their known spellings; then keys one edit away, which is how a typo that changes the
   sound is still found (for two names, one must sound right; a lone name is widened only
   if nothing sounded like it). Each is an index lookup that stops at MAX_CANDIDATES rows,
   so its cost follows the people sharing a key, not the size of the table (only words of
   an address, with no postcode, are a scan: of addresses, not people).
2. Ranking, in Python: each candidate is scored by how close its names are to the typed ones
   (Jaro-Winkler, with floors for a known spelling or the same sound), how exactly the date
   of birth and address matched; weak name matches are dropped, and the best come first.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from . import search_keys
from .ages import age_on
from .identifiers import normalise_nhs_number, normalise_postcode, normalise_upn
from .models import Address, Person, Residence

MAX_CANDIDATES = 200  # rows fetched per name query, before ranking
MAX_RESULTS = 50  # rows shown, best first

# A name part scoring below this is not the same name; a whole name must reach NAME_MATCH.
NAME_PART_MINIMUM = 0.7
NAME_MATCH = 0.8
SWAPPED_DATE_SCORE = 0.85  # 3/1/2016 typed for 1/3/2016
PAST_ADDRESS_SCORE = 0.9  # found at a postcode where the child no longer lives
SWAPPED_NAMES_SCORE = 0.98  # "Smith Jayden" for Jayden Smith: found, after the typed order

_FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b")
_OUTWARD_CODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


@dataclass(frozen=True)
class SearchTerms:
    """What someone typed into "Find a child", already checked and normalised by the form."""

    name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    upn: str = ""
    child_id: str = ""
    address: str = ""

    def is_empty(self) -> bool:
        return not self.for_audit()

    def identify_a_child(self) -> bool:
        """Enough to be asking about one child rather than browsing: an identifier, or a
        name with a date of birth. Only such a search says that a hidden record exists."""
        return bool(
            self.nhs_number or self.upn or self.child_id or (self.name and self.date_of_birth)
        )

    def described(self) -> str:
        """What was typed, as a person reads it back ("Jaden Smyth, born 1 March 2016")."""
        parts = []
        if self.name:
            parts.append(self.name)
        if self.date_of_birth:
            born = self.date_of_birth
            parts.append(f"born {born.day} {born:%B %Y}")
        if self.nhs_number:
            number = self.nhs_number
            parts.append(f"NHS number {number[:3]} {number[3:6]} {number[6:]}")
        if self.upn:
            parts.append(f"UPN {self.upn}")
        if self.child_id:
            parts.append(f"child ID {self.child_id}")
        if self.address:
            parts.append(f"at {self.address}")
        return ", ".join(parts)

    def for_audit(self) -> dict[str, str]:
        """The terms given, as the audit entry records them."""
        given = {
            "name": self.name,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
            "nhs_number": self.nhs_number,
            "upn": self.upn,
            "child_id": self.child_id,
            "address": self.address,
        }
        return {term: value for term, value in given.items() if value}


@dataclass(frozen=True)
class SearchResult:
    child_id: int
    first_name: str
    last_name: str
    known_as: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    age: int | None
    postcode: str
    score: float
    # Who holds the case, by name: people know nothing of cases, so whoever shows the results
    # fills these (access.search, through access.reasons.case_holder_names).
    worker: str = ""
    team: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or "(no name)"


# --- Candidates --------------------------------------------------------------------------------


def match_children(children: QuerySet[Person], terms: SearchTerms) -> list[SearchResult]:
    """The children among `children` that match `terms`, best match first (at most
    MAX_RESULTS)."""
    children = children.filter(_detail_q(terms))
    name = _NameQuery.parse(terms.name)
    postcode = _postcode_in(terms.address)
    today = timezone.localdate()
    seen: set[int] = set()
    found: list[SearchResult] = []

    def rank(candidates: QuerySet[Person]) -> None:
        for row in _rows(candidates):
            if row["pk"] in seen:
                continue
            seen.add(row["pk"])
            score = _score(row, terms, name, postcode)
            if score is not None:
                found.append(_result(row, score, today))

    if terms.name and name is None:
        return []  # the form refuses a name with no word to match; never ignore one silently
    if name is None:
        rank(children)
    else:
        rank(children.filter(name.sounds_like_q()))
        # A lone name that sounds like a child's is taken as meant: widening it to every
        # name one edit away would bring thousands of rows for little gain.
        if not (name.single and found) and (near := name.one_edit_away_q()) is not None:
            rank(children.filter(near))
    found.sort(key=lambda r: (-r.score, r.last_name.lower(), r.first_name.lower(), r.child_id))
    return found[:MAX_RESULTS]


def _detail_q(terms: SearchTerms) -> Q:
    """Everything but the name: every detail given must match."""
    q = Q()
    if terms.nhs_number:
        q &= Q(nhs_number=normalise_nhs_number(terms.nhs_number))
    if terms.upn:
        upn = normalise_upn(terms.upn)
        q &= Q(upn=upn) | Q(former_upn=upn)
    if terms.child_id:
        child_id = terms.child_id.strip()
        q &= Q(la_child_id__in=sorted({child_id, child_id.upper()}))
    if terms.date_of_birth:
        q &= Q(date_of_birth__in=_dates_of_birth(terms.date_of_birth))
    if terms.address:
        q &= Q(
            pk__in=Residence.objects.filter(address__in=_addresses(terms.address)).values("person")
        )
    return q


def _dates_of_birth(typed: date) -> list[date]:
    dates = [typed]
    if typed.day <= 12 and typed.day != typed.month:  # then both orders are real dates
        dates.append(typed.replace(day=typed.month, month=typed.day))
    return dates


def _postcode_in(text: str) -> str:
    match = _FULL_POSTCODE.search(text.upper())
    return normalise_postcode(match.group(1) + match.group(2)) if match else ""


def _addresses(text: str) -> QuerySet[Address]:
    """Addresses at the postcode in `text` (full, or just the outward code like NB1) whose
    street, town or postcode contain its other words."""
    upper = text.upper()
    addresses = Address.objects.all()
    postcode = _postcode_in(upper)
    if postcode:
        upper = _FULL_POSTCODE.sub(" ", upper)
        addresses = addresses.filter(postcode=postcode)
    words = re.findall(r"[A-Z0-9']+", upper)
    if not postcode and len(words) == 1 and _OUTWARD_CODE.fullmatch(words[0]):
        return addresses.filter(postcode__startswith=words[0] + " ")
    for word in words:
        addresses = addresses.filter(
            Q(line_1__icontains=word)
            | Q(line_2__icontains=word)
            | Q(town__icontains=word)
            | Q(postcode__icontains=word)
        )
    return addresses


def _rows(children: QuerySet[Person]) -> list[dict[str, Any]]:
    """What ranking and the results table need, in one query: the current postcode is joined
    in, so the number of queries does not grow with the number of results."""
    current_postcode = (
        Residence.objects.filter(person=OuterRef("pk"), end_date__isnull=True)
        .order_by("-start_date", "-pk")
        .values("address__postcode")[:1]
    )
    rows = (
        children.annotate(current_postcode=Subquery(current_postcode))
        .order_by()  # no sort: the index lookup stays the plan; ranking orders the rows
        .values(
            "pk",
            "first_name",
            "last_name",
            "known_as",
            "date_of_birth",
            "expected_date_of_birth",
            "current_postcode",
        )[:MAX_CANDIDATES]
    )
    return [dict(row) for row in rows]


# --- Names -------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [word for word in text.split() if search_keys.normalise_name(word)]


def _is_initial(word: str) -> bool:
    return len(search_keys.normalise_name(word)) == 1


@dataclass(frozen=True)
class _NameQuery:
    """A typed name as one word (any of a child's names) or as first and last names, in the
    typed order and, unless a comma fixed it ("Smith, Jayden"), the other way round."""

    single: str = ""
    orders: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> _NameQuery | None:
        if "," in text:
            last, _, first = text.partition(",")
            first_words, last_words = _words(first), _words(last)
            if first_words and last_words:
                return cls(orders=((first_words[0], " ".join(last_words)),))
        words = _words(text.replace(",", " "))
        if not words:
            return None
        if len(words) == 1:
            return None if _is_initial(words[0]) else cls(single=words[0])
        first, last = words[0], words[-1]
        orders = [(a, b) for a, b in ((first, last), (last, first)) if not _is_initial(b)]
        return cls(orders=tuple(orders)) if orders else None

    def sounds_like_q(self) -> Q:
        """Names with the sound of the typed ones or of a known spelling of them."""
        if self.single:
            return _any_name_q(search_keys.variant_keys(self.single))
        branches = []
        for first, last in self.orders:
            last_keys = search_keys.variant_keys(last)
            if _is_initial(first):
                initial = search_keys.normalise_name(first)
                branches.append(
                    Q(last_name_key__in=sorted(last_keys))
                    & (Q(first_name__istartswith=initial) | Q(known_as__istartswith=initial))
                )
            else:
                branches += _pair_q(last_keys, search_keys.variant_keys(first))
        return reduce(operator.or_, branches)

    def one_edit_away_q(self) -> Q | None:
        """Names one edit from the typed sound: for two names, one of them sounds right and
        the other is one edit away. None when there is nothing useful to widen to."""
        if self.single:
            key = search_keys.phonetic_key(self.single)
            if len(key) < 3:  # one edit from a shorter key matches too many names
                return None
            near = search_keys.key_neighbours(key) - search_keys.variant_keys(self.single)
            # Only keys someone has: a hundred-odd keys in each of three OR-ed columns make a
            # planner that trusts its statistics read the whole table instead of the indexes.
            # The keys are read across everyone, only to build this filter; what is found is
            # still limited to the children the user may see.
            branches = [
                Q(**{f"{column}__in": used})
                for column in _NAME_KEY_COLUMNS
                if (used := _keys_in_use(column, near))
            ]
            return reduce(operator.or_, branches) if branches else None
        branches = []
        for first, last in self.orders:
            last_keys = search_keys.variant_keys(last)
            last_near = search_keys.key_neighbours(search_keys.phonetic_key(last)) - last_keys
            if _is_initial(first):
                initial = search_keys.normalise_name(first)
                branches.append(
                    Q(last_name_key__in=sorted(last_near))
                    & (Q(first_name__istartswith=initial) | Q(known_as__istartswith=initial))
                )
                continue
            first_keys = search_keys.variant_keys(first)
            first_near = search_keys.key_neighbours(search_keys.first_name_key(first)) - first_keys
            branches += _pair_q(last_near, first_keys) + _pair_q(last_keys, first_near)
        return reduce(operator.or_, branches)

    def score(self, row: dict[str, Any]) -> float | None:
        """How well the child's names match, or None if they do not."""
        first_names = [
            row["first_name"],
            search_keys.first_part(row["first_name"]),
            row["known_as"],
        ]
        if self.single:
            best = search_keys.best_similarity(self.single, [*first_names, row["last_name"]])
            return best if best >= NAME_MATCH else None
        best_score: float | None = None
        for index, (first, last) in enumerate(self.orders):
            if _is_initial(first):
                initial = search_keys.normalise_name(first)
                starts = any(search_keys.normalise_name(n).startswith(initial) for n in first_names)
                first_score = 1.0 if starts else 0.0
            else:
                first_score = search_keys.best_similarity(first, first_names)
            last_score = search_keys.name_similarity(last, row["last_name"])
            if min(first_score, last_score) < NAME_PART_MINIMUM:
                continue
            score = (first_score + last_score) / 2 * (SWAPPED_NAMES_SCORE if index else 1.0)
            if score >= NAME_MATCH and (best_score is None or score > best_score):
                best_score = score
        return best_score


_NAME_KEY_COLUMNS = ("first_name_key", "known_as_key", "last_name_key")


def _keys_in_use(column: str, keys: set[str]) -> list[str]:
    return list(
        Person.objects.filter(**{f"{column}__in": sorted(keys)})
        .order_by()
        .values_list(column, flat=True)
        .distinct()
    )


def _pair_q(last_keys: set[str], first_keys: set[str]) -> list[Q]:
    """A last name and a first (or known-as) name: separate branches, not one nested OR, so
    each is a lookup in one two-column index on both databases."""
    last, first = sorted(last_keys), sorted(first_keys)
    return [
        Q(last_name_key__in=last, first_name_key__in=first),
        Q(known_as_key__in=first, last_name_key__in=last),
    ]


def _any_name_q(keys: set[str]) -> Q:
    ordered = sorted(keys)
    return (
        Q(first_name_key__in=ordered) | Q(known_as_key__in=ordered) | Q(last_name_key__in=ordered)
    )


# --- Ranking -----------------------------------------------------------------------------------


def _score(
    row: dict[str, Any], terms: SearchTerms, name: _NameQuery | None, postcode: str
) -> float | None:
    """The mean of how well each detail matched (identifiers match exactly or not at all)."""
    parts = []
    if name is not None:
        name_score = name.score(row)
        if name_score is None:
            return None
        parts.append(name_score)
    if terms.date_of_birth:
        parts.append(1.0 if row["date_of_birth"] == terms.date_of_birth else SWAPPED_DATE_SCORE)
    if postcode:
        parts.append(1.0 if row["current_postcode"] == postcode else PAST_ADDRESS_SCORE)
    return sum(parts) / len(parts) if parts else 1.0


def _result(row: dict[str, Any], score: float, today: date) -> SearchResult:
    return SearchResult(
        child_id=row["pk"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        known_as=row["known_as"],
        date_of_birth=row["date_of_birth"],
        expected_date_of_birth=row["expected_date_of_birth"],
        age=age_on(row["date_of_birth"], today),
        postcode=row["current_postcode"] or "",
        score=round(score, 3),
    )

"""Find a child, within need to know: the page's reads (`views.child_search`).

People know nothing of who may see whom (`people.selectors.match_children` matches whatever
children it is given); this module gives it the children in the user's need to know.

Nothing outside the user's need to know is ever shown, so neither the results nor their
count can reveal that such a record exists. The one exception is the front door's question
"is this child known to us?" (`child_search_known`): for the roles that decide contacts
(`child.search_known`), a search that identifies a child (an identifier, or a name with a date
of birth) also runs the same matching over the children outside their need to know and says
only that a matching record exists (with break-glass offered), or that it is restricted and
which named manager to ask. Nothing of those records leaves this module but their ids.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser
from safeguard.people.models import Person
from safeguard.people.selectors import SearchResult, SearchTerms, match_children

from .permissions import allowed
from .queries import visible_children_q
from .reasons import case_holder_names
from .selectors import restricted_managers_to_ask

MAX_HIDDEN_MATCHES = 5  # "a record exists" shown at most this often for one search


def _with_case_holders(results: list[SearchResult]) -> list[SearchResult]:
    """Each result with who holds the case, by name (one query for the page)."""
    holders = case_holder_names([result.child_id for result in results])
    return [
        replace(result, team=holder.team, worker=holder.worker)
        if (holder := holders.get(result.child_id))
        else result
        for result in results
    ]


@dataclass(frozen=True)
class HiddenMatch:
    """A child outside the searcher's need to know who matches the search: that the record
    exists and, if it is restricted, the managers named on it. Nothing of the record."""

    child_id: int
    restricted: bool = False
    ask: tuple[str, ...] = ()  # restricted: the named managers to ask (may be empty)

    @property
    def ask_whom(self) -> str:
        """ "Sam Patel", "Sam Patel or Jo Reid", or "the named manager" if none is in post."""
        if not self.ask:
            return "the named manager"
        if len(self.ask) == 1:
            return self.ask[0]
        return ", ".join(self.ask[:-1]) + " or " + self.ask[-1]


@dataclass(frozen=True)
class ChildSearch:
    results: list[SearchResult]
    hidden: list[HiddenMatch]
    # More hidden records matched than are shown (MAX_HIDDEN_MATCHES).
    more_hidden: bool = False


def child_search(
    *, user: AnyUser, terms: SearchTerms, request: HttpRequest | None = None
) -> list[SearchResult]:
    """The children `user` may see that match `terms`, best match first (at most
    MAX_RESULTS), with one audit entry recording the terms and the number of results."""
    return _search_and_audit(user, terms, request, known=False).results


def child_search_known(
    *, user: AnyUser, terms: SearchTerms, request: HttpRequest | None = None
) -> ChildSearch:
    """`child_search`, and, for a user with `child.search_known` whose terms identify a child,
    the matching records outside their need to know: "a record exists" (break-glass may open
    it) or "restricted, ask the named manager". The search's audit entry counts both, and
    each hidden match shown has an entry of its own under the child, so the auditor asking
    who has looked at a child's record also sees who was told it exists."""
    known = terms.identify_a_child() and allowed(user, "child.search_known")
    return _search_and_audit(user, terms, request, known=known)


def _search_and_audit(
    user: AnyUser, terms: SearchTerms, request: HttpRequest | None, *, known: bool
) -> ChildSearch:
    results: list[SearchResult] = []
    hidden: list[HiddenMatch] = []
    more_hidden = False
    if not terms.is_empty():
        results = _with_case_holders(
            match_children(Person.objects.filter(visible_children_q(user), is_child=True), terms)
        )
        if known:
            hidden, more_hidden = _hidden_matches(user, terms)
    details: dict[str, Any] = {"terms": terms.for_audit(), "results": len(results)}
    if known:
        details["hidden_matches"] = sum(1 for match in hidden if not match.restricted)
        details["restricted_matches"] = sum(1 for match in hidden if match.restricted)
    with transaction.atomic():
        audit_record(
            action=Action.SEARCH,
            actor=user,
            request=request,
            object_type="people.person",
            details=details,
        )
        for match in hidden:
            audit_record(
                action=Action.SEARCH,
                actor=user,
                request=request,
                object_type="people.person",
                object_id=match.child_id,
                child_id=match.child_id,
                details={"shown": "restricted" if match.restricted else "record exists"},
            )
    return ChildSearch(results, hidden, more_hidden)


def _hidden_matches(user: AnyUser, terms: SearchTerms) -> tuple[list[HiddenMatch], bool]:
    """The children outside need to know who match as closely as a result would, by the
    same matching and ranking, best first; and whether there were more than are shown."""
    hidden_children = Person.objects.filter(is_child=True).exclude(visible_children_q(user))
    ids = [result.child_id for result in match_children(hidden_children, terms)]
    shown = ids[:MAX_HIDDEN_MATCHES]
    restricted = restricted_managers_to_ask(shown)
    matches = [
        HiddenMatch(child_id, child_id in restricted, tuple(restricted.get(child_id, ())))
        for child_id in shown
    ]
    return matches, len(ids) > MAX_HIDDEN_MATCHES

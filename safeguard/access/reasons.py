"""Where the apps above access tell it their reasons to know, without access importing them.

Access sits below everything that reads (docs/architecture.md): it imports no case model, yet
who may see a child depends on the case record (an allocation, a referral waiting at a team,
a contact at the front door, a plan a conference chair oversees). So each such reason is a
small function registered here from its app's `AppConfig.ready()` (the case record's are in
`cases/need_to_know.py`), as the hub registers its panels with `cases/extensions.py`; and
`access.queries.visible_children_q` is composed from whatever is registered.

A reason takes the person asking (`Asker`, read once per question) and returns a filter on
`people.Person` for the children it lets them see, or None when it gives this person nothing
(a reason for conference chairs asked by a social worker). Each filter must be one or a few
`Exists` subqueries on the child's primary key, so need to know stays one query however many
reasons there are.

Who holds a child's case (`CaseHolders`: whom a new restriction names, whom break-glass
alerts) is told the same way, by one function (`register_case_holders`), and so is who holds
each of a list of children's cases by name, for Find a child's results
(`register_case_holder_names`).

Access's own reasons are not registered: a break-glass grant and being named on a restricted
record are access's models, and the order of the rules around them (a restriction overrides
every reason but being named on it) is access's to keep (`access.queries`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q

from safeguard.common.compiled import RunTime

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from safeguard.organisation.models import Worker


@dataclass(frozen=True)
class Asker:
    """Who asks need to know, read once per question: their account, their worker record (a
    practitioner's: reasons are asked only for the roles that work with children), the teams
    whose children they see through their job (`access.queries.team_ids_overseen`) and the
    moment of asking: `RunTime()` in need to know, the time the query runs, taken afresh each
    time a compiled query runs again (`common.compiled`); a filter uses it as it would a
    datetime (`received_at__gte=asker.now - WINDOW`)."""

    user: User
    worker: Worker
    team_ids: tuple[int, ...]
    now: datetime | RunTime


# Asker -> a filter on people.Person, or None when this reason gives the asker nothing.
ReasonToKnow = Callable[[Asker], Q | None]

_reasons: dict[str, ReasonToKnow] = {}


def register_reason(name: str, reason: ReasonToKnow) -> ReasonToKnow:
    """Add a reason to know, under a name that says what it is ("allocated", ...). Registering
    a name again replaces it: `ready()` can run twice in tests that reload apps."""
    _reasons[name] = reason
    return reason


def registered_reasons() -> dict[str, ReasonToKnow]:
    """Every registered reason by name, in the order they were registered."""
    return dict(_reasons)


def reasons_q(asker: Asker) -> Q:
    """Children the asker may see for any registered reason (nothing if none applies)."""
    filters = [q for reason in _reasons.values() if (q := reason(asker)) is not None]
    if not filters:
        return Q(pk__in=[])
    combined = filters[0]
    for q in filters[1:]:
        combined |= q
    return combined


@dataclass(frozen=True)
class CaseHolders:
    """Who holds a child's case, by account: the allocated worker (named on a new restriction
    unless the manager says otherwise) and the allocated team's manager (alerted when someone
    breaks glass). None where there is no such person or they cannot sign in."""

    worker_user_id: int | None = None
    team_manager_user_id: int | None = None


# child id -> who holds the case
CaseHoldersSource = Callable[[int], CaseHolders]

_case_holders: list[CaseHoldersSource] = []


def register_case_holders(source: CaseHoldersSource) -> CaseHoldersSource:
    """Say how to find who holds a child's case. One source: registering again replaces it."""
    _case_holders[:] = [source]
    return source


def case_holders_of(child_id: int) -> CaseHolders:
    """Who holds the child's case; nobody if no app has said how to find out."""
    return _case_holders[0](child_id) if _case_holders else CaseHolders()


@dataclass(frozen=True)
class CaseHolderNames:
    """Who holds a child's case, by name, as a list of children shows it: the allocated team
    and worker (empty where the case is not allocated)."""

    team: str = ""
    worker: str = ""


# child ids -> who holds each case, by name (children with no open allocation left out)
CaseHolderNamesSource = Callable[[Sequence[int]], dict[int, CaseHolderNames]]

_case_holder_names: list[CaseHolderNamesSource] = []


def register_case_holder_names(source: CaseHolderNamesSource) -> CaseHolderNamesSource:
    """Say how to name who holds each of many children's cases, in one query. One source:
    registering again replaces it."""
    _case_holder_names[:] = [source]
    return source


def case_holder_names(child_ids: Sequence[int]) -> dict[int, CaseHolderNames]:
    """Who holds each child's case, by name; nobody if no app has said how to find out."""
    if not child_ids or not _case_holder_names:
        return {}
    return _case_holder_names[0](child_ids)

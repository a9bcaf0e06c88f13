"""Need to know: which children a user may see. Every selector that shows a child asks here.

A practitioner sees a child for any of the reasons to know the apps above access register
(`access.reasons`; the case record's are in `cases/need_to_know.py`: an allocation to them or
their team, a referral waiting at a team they work in or oversee, a contact at their front
door, a conference chair's plans and conferences), or through a break-glass grant. A
restricted record is seen only by its named people, whatever the reason; being named on it is
itself a reason. Roles that do not work with children see a record only through break-glass.

The rule for restricted records is `restriction_allows_q`, and who may see a partner's signal
is `signal_visible_q`: every list and every single check asks those filters, so each rule is
written once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from safeguard.audit.context import current_request
from safeguard.common.compiled import RunParam, RunTime, values_rows
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team
from safeguard.people.models import Person

from .models import BreakGlassGrant, RestrictedRecord
from .reasons import Asker, reasons_q, registered_reasons
from .roles import FAMILY_HELP_TEAM_ROLES, PRACTITIONER_ROLES, Role, worker_of

# Where a user object keeps its teams once found, as `roles.worker_of` keeps the worker: a
# page asks two or three times (need to know, the signals panel, the dashboard's teams).
_TEAMS = "_safeguard_team_ids"


def _teams_managed() -> QuerySet[Any]:
    return Team.objects.filter(manager_id=RunParam("worker", models.IntegerField())).values("pk")


def _teams_headed() -> QuerySet[Any]:
    return Team.objects.filter(service__head_id=RunParam("worker", models.IntegerField())).values(
        "pk"
    )


def team_ids_overseen(user: AnyUser) -> list[int]:
    """The teams whose children this user may see through their job."""
    known: tuple[int, ...] | None = getattr(user, _TEAMS, None)
    if known is not None:
        return list(known)
    worker = worker_of(user)
    if worker is None or worker.role not in PRACTITIONER_ROLES:
        return []
    teams = set()
    if worker.team_id is not None:
        teams.add(worker.team_id)
    # Compiled once (`common.compiled`), the worker a parameter: every manager's page asks.
    if worker.role == Role.TEAM_MANAGER:
        teams.update(
            row["pk"]
            for row in values_rows(("teams_managed",), _teams_managed, params={"worker": worker.pk})
        )
    if worker.role == Role.HEAD_OF_SERVICE:
        teams.update(
            row["pk"]
            for row in values_rows(("teams_headed",), _teams_headed, params={"worker": worker.pk})
        )
    found = tuple(sorted(teams))
    # Kept for the account object's life, which for a request's user is the request: a change
    # of team or manager (organisation.services) shows from the next request.
    setattr(user, _TEAMS, found)
    return list(found)


# --- Restricted records -----------------------------------------------------------------------


def _restricted(child: str) -> Q:
    return Q(Exists(RestrictedRecord.objects.filter(child=OuterRef(child))))


def _named(user: User, child: str) -> Q:
    return Q(Exists(RestrictedRecord.objects.filter(child=OuterRef(child), named_users=user)))


def restriction_allows_q(user: AnyUser, child: str = "pk") -> Q:
    """A filter on rows about a child (the field `child` of the outer query: "pk" on Person,
    "child" or "child_id" on a row about one) passing those whose record is not restricted or
    names this user. A restricted record (a child related to a member of staff) is opened by
    its named people only, whatever else would let someone see it. A row about no child
    (an unmatched contact) passes."""
    if not user.is_authenticated:  # named on no record
        return ~_restricted(child)
    return ~_restricted(child) | _named(user, child)


def restricted_from(user: AnyUser, child_id: int) -> bool:
    """Whether the child's record is restricted and does not name this user (asked of
    `restriction_allows_q`): break-glass never opens such a record."""
    return Person.objects.filter(pk=child_id).exclude(restriction_allows_q(user)).exists()


# --- Children ---------------------------------------------------------------------------------


def visible_children_q(user: AnyUser) -> Q:
    """A filter on Person for the children this user may see now."""
    worker = worker_of(user)
    # (worker_of answers None for anyone not signed in; the second test says so to mypy.)
    if worker is None or not user.is_authenticated:
        return Q(pk__in=[])
    # The time as a parameter taken afresh each run (common.compiled.RunTime), not written
    # into the query: the same user's need to know is the same SQL on every request, compiled
    # once (`_visible_rows`), and a grant still ends on the second it expires.
    now = RunTime()
    granted = Q(
        Exists(BreakGlassGrant.objects.filter(child=OuterRef("pk"), user=user, expires_at__gt=now))
    )
    # An auditor works with no child, but an audit in progress is a reason to read its
    # child's record (case_audits registers it; decision 0014): their reasons are asked too.
    if worker.role not in PRACTITIONER_ROLES and worker.role != Role.AUDITOR:
        return granted & restriction_allows_q(user)
    asker = Asker(user=user, worker=worker, team_ids=tuple(team_ids_overseen(user)), now=now)
    # Written out rather than `& restriction_allows_q(user)`: being named on a restricted
    # record is a reason to see it on its own, which the same two subqueries say once.
    return ((reasons_q(asker) | granted) & ~_restricted("pk")) | _named(user, "pk")


def visible_children(user: AnyUser) -> QuerySet[Person]:
    return Person.objects.filter(visible_children_q(user))


def _seen_in_this_request(user: AnyUser) -> set[int] | None:
    """The children this user has already been found to see during the current request.

    A child record asks need to know a dozen times (once per action it may offer); the answer
    cannot change for the better mid-request without a write that then redirects, so a "yes"
    is remembered for the rest of the request. A "no" is never remembered (a break-glass grant
    made in this request must count at once), and outside a request nothing is."""
    request = current_request()
    if request is None:
        return None
    # request.user is a lazy wrapper; a permission check receives the user inside it.
    request_user = getattr(request, "user", None)
    if request_user is None or request_user.pk is None or request_user.pk != user.pk:
        return None
    seen: set[int] | None = getattr(request, "_safeguard_children_seen", None)
    if seen is None:
        seen = set()
        request._safeguard_children_seen = seen  # type: ignore[attr-defined]
    return seen


def need_to_know_key(user: AnyUser) -> tuple[Any, ...]:
    """Everything `visible_children_q(user)` is built from (besides the time, a parameter):
    the account, its worker's role and team, the teams it oversees, and the reasons to know
    registered, so a compiled need-to-know query is reused exactly when it would be rebuilt
    the same."""
    worker = worker_of(user)
    if worker is None or not user.is_authenticated:
        return ("nobody",)
    return (
        user.pk,
        worker.pk,
        worker.role,
        worker.team_id,
        tuple(team_ids_overseen(user)),
        tuple(registered_reasons().values()),
    )


_PERSON_COLUMNS = tuple(f.attname for f in Person._meta.concrete_fields)


def _visible_rows(user: AnyUser, purpose: str, child_id: int, columns: tuple[str, ...]) -> Any:
    """The child's row (these columns) if this user may see them, else nothing: one query,
    compiled once per user and purpose (`common.compiled`), the child and the time given at
    each run."""

    def build() -> QuerySet[Any]:
        child = RunParam("child", models.IntegerField())
        rows: QuerySet[Any] = Person.objects.filter(visible_children_q(user), pk=child).values(
            *columns
        )[:1]
        return rows

    key = ("need_to_know", purpose, *need_to_know_key(user))
    return values_rows(key, build, params={"child": child_id})


def child_get_visible(user: AnyUser, child_id: int) -> Person:
    """The child, if this user may see them; otherwise 404, so a record's existence never
    leaks to someone who may not see it."""
    rows = _visible_rows(user, "child", child_id, _PERSON_COLUMNS)
    if not rows:
        raise Http404("No child found")
    child = Person.from_db(DEFAULT_DB_ALIAS, list(_PERSON_COLUMNS), list(rows[0].values()))
    seen = _seen_in_this_request(user)
    if seen is not None:
        seen.add(child.pk)
    return child


def can_see_child(user: AnyUser, child: Person) -> bool:
    seen = _seen_in_this_request(user)
    if seen is not None and child.pk in seen:
        return True
    visible = bool(_visible_rows(user, "exists", child.pk, ("pk",)))
    if visible and seen is not None:
        seen.add(child.pk)
    return visible


# --- Partners' signals ------------------------------------------------------------------------


def signal_visible_q(user: AnyUser) -> Q:
    """A filter on a partner's signal (`agencies.signals.Signal`, read by its field names
    `recipient_worker`, `recipient_team` and `child`, so access imports nothing of the hub)
    for those this user may see: sent to them or to a team they work in or oversee (it is
    their work: the front door's queue holds children not yet in anyone's need to know),
    unless the child's record is restricted and does not name them; or about a child they
    may see."""
    worker = worker_of(user)
    if worker is None:
        return Q(pk__in=[])
    addressed = Q(recipient_worker=worker) | Q(recipient_team_id__in=team_ids_overseen(user))
    # Need to know on the child, as a subquery on Person so the filter stays one query.
    child_visible = Q(child__in=Person.objects.filter(visible_children_q(user)).values("pk"))
    return (addressed & restriction_allows_q(user, "child")) | child_visible


def can_see_signal(user: AnyUser, signal: Any) -> bool:
    """Whether this user may see this signal: `signal_visible_q` asked of the one row."""
    manager = type(signal)._default_manager
    return bool(manager.filter(signal_visible_q(user), pk=signal.pk).exists())


# --- Family help ------------------------------------------------------------------------------


def _partner_of_active_organisation(user: AnyUser) -> bool:
    """Whether the account is a partner organisation's user (no staff role) and the
    organisation still shares (`agencies.PartnerUser`, read by its attributes)."""
    if worker_of(user) is not None:
        return False
    membership = getattr(user, "partner_membership", None)
    return bool(membership is not None and membership.organisation.is_active)


def family_help_visible_q(user: AnyUser) -> Q:
    """A filter on a family's help (`family_help.FamilyHelpEpisode`, read by its field names
    `lead_user`, `team`, `ended_on` and `children__child`, so access imports nothing of family
    help) for the families this user may see:

    - its current lead (`lead_user`: a council worker in post, or a partner's practitioner
      whose organisation still shares). A partner lead sees only open families they lead now:
      when the lead changes or the help closes (which clears the lead) their need to know ends;
    - for a family help practitioner, team manager or head of service, every family, open or
      closed, whose help a team they work in or oversee has oversight of (`team`): the
      council keeps the record and answers for it after the help ends;
    - no one else. Roles that do not work with children see none, whatever the lead says.

    A family with a child whose record is restricted is seen only by people named on that
    record, as every row about the child (`restriction_allows_q`)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    worker = worker_of(user)
    if worker is not None:
        if worker.role not in PRACTITIONER_ROLES:
            return Q(pk__in=[])
        visible = Q(lead_user=user)
        if worker.role in FAMILY_HELP_TEAM_ROLES:
            visible |= Q(team_id__in=team_ids_overseen(user))
    elif _partner_of_active_organisation(user):
        visible = Q(lead_user=user, ended_on__isnull=True)
    else:
        return Q(pk__in=[])
    # Negated over the family's children: Django asks it as one NOT IN subquery, so "no child
    # of the family is restricted from this user", not "some child is not".
    restricted_from_user = Person.objects.exclude(restriction_allows_q(user)).values("pk")
    return visible & ~Q(children__child__in=restricted_from_user)


def can_see_family(user: AnyUser, family_help: Any) -> bool:
    """Whether this user may see this family's help: `family_help_visible_q` asked of the one
    row (duck-typed on its model, as `can_see_signal`)."""
    manager = type(family_help)._default_manager
    return bool(manager.filter(family_help_visible_q(user), pk=family_help.pk).exists())

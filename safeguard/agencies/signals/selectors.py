"""Reads of signals for the people they were sent to, with need to know applied.

Who may see a signal: the worker it was sent to and the members and managers of the team it
was sent to (the allocated team, or the front door), because it is their work; and anyone who
may see the child's record. A restricted record's signals are seen only by its named people,
whoever they were sent to. Each read is one query (plus the user's worker record, cached).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from safeguard.access.models import RestrictedRecord
from safeguard.access.queries import team_ids_overseen, visible_children_q
from safeguard.access.roles import worker_of
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.organisation.models import Team
from safeguard.people.models import Person

from .models import Signal
from .rules import RULES, RULES_BY_ID, Rule
from .services import CONTACT_KEY

# A panel lists at most this many, newest first; one more is read to know there are more.
PANEL_LIMIT = 20
MANAGER_RULE_IDS = sorted(rule.id for rule in RULES if rule.tells_manager)


@dataclass(frozen=True)
class SignalRow:
    signal: Signal

    @property
    def rule(self) -> Rule:
        return RULES_BY_ID[self.signal.rule_id]


def _visible_q(user: Any) -> Q:
    worker = worker_of(user)
    if worker is None:
        return Q(pk__in=[])
    teams = team_ids_overseen(user)
    addressed = Q(recipient_worker=worker) | Q(recipient_team_id__in=teams)
    restricted = Exists(RestrictedRecord.objects.filter(child=OuterRef("child")))
    named = Exists(RestrictedRecord.objects.filter(child=OuterRef("child"), named_users=user))
    # Need to know on the child, as a subquery on Person so the filter stays one query.
    child_visible = Q(child__in=Person.objects.filter(visible_children_q(user)).values("pk"))
    return (addressed & (~Q(restricted) | Q(named))) | child_visible


def signals_visible(user: Any) -> QuerySet[Signal]:
    return (
        Signal.objects.filter(_visible_q(user))
        .select_related("child", "recipient_worker", "recipient_team", "acknowledged_by")
        .order_by("acknowledged_at", "-raised_at", "-pk")
    )


def signal_list_for_user(*, user: Any, include_acknowledged: bool = False) -> list[SignalRow]:
    """The signals page: those sent to the user or their teams (as a team manager or head of
    service, every team they oversee), unacknowledged first."""
    worker = worker_of(user)
    if worker is None:
        return []
    teams = team_ids_overseen(user)
    rows = signals_visible(user).filter(Q(recipient_worker=worker) | Q(recipient_team_id__in=teams))
    if not include_acknowledged:
        rows = rows.filter(acknowledged_at__isnull=True)
    return [SignalRow(s) for s in rows[:500]]


def signal_get(*, user: Any, signal_id: int, request: HttpRequest | None = None) -> Signal:
    """One signal, if the user may see it (404 otherwise, so its existence does not leak);
    the read is audited like a read of the child's record."""
    signal = signals_visible(user).filter(pk=signal_id).first()
    if signal is None:
        raise Http404("No signal found")
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type="signals.signal",
        object_id=signal.pk,
        child_id=signal.child_id,
    )
    return signal


# --- Panels on social care's pages (registered in apps.py) -----------------------------------


def _sent_to(user: Any, sent: Q) -> QuerySet[Signal]:
    """Signals matching `sent` (addressed to the user or their team), less restricted records
    the user is not named on: one query, without the full need-to-know filter, since being
    sent a signal is itself the reason to see it."""
    restricted = Exists(RestrictedRecord.objects.filter(child=OuterRef("child")))
    named = Exists(RestrictedRecord.objects.filter(child=OuterRef("child"), named_users=user))
    return (
        Signal.objects.filter(sent, acknowledged_at__isnull=True)
        .filter(~Q(restricted) | Q(named))
        .select_related("child", "recipient_worker", "recipient_team")
        .order_by("-raised_at", "-pk")
    )


def caseload_signals(*, user: Any) -> list[SignalRow]:
    """For "My cases": unacknowledged signals sent to the worker, those sent to their own
    team with no worker named (an unallocated child, or a front-door team's queue), and, for
    a team manager, those of the rules that tell the manager too (SG07) sent to a team they
    manage."""
    worker = worker_of(user)
    if worker is None:
        return []
    mine = Q(recipient_worker=worker)
    if worker.team_id is not None:
        mine |= Q(recipient_worker__isnull=True, recipient_team_id=worker.team_id)
    mine |= Q(rule_id__in=MANAGER_RULE_IDS, recipient_team__manager=worker)
    return [SignalRow(s) for s in _sent_to(user, mine)[: PANEL_LIMIT + 1]]


def team_signals(*, user: Any, teams: Sequence[Team]) -> list[SignalRow]:
    """For the team dashboard: every unacknowledged signal sent to the teams shown (the
    page passes only teams the user oversees), until someone acknowledges it."""
    if worker_of(user) is None:
        return []
    sent = Q(recipient_team_id__in=[t.pk for t in teams])
    return [SignalRow(s) for s in _sent_to(user, sent)[: PANEL_LIMIT + 1]]


def child_signals(*, user: Any, child: Person) -> list[SignalRow]:
    """For the child record (the caller has applied need to know to the child): every signal
    about the child, unacknowledged first."""
    rows = (
        Signal.objects.filter(child=child)
        .select_related("recipient_worker", "recipient_team", "acknowledged_by")
        .order_by("acknowledged_at", "-raised_at", "-pk")
    )
    return [SignalRow(s) for s in rows[: PANEL_LIMIT + 1]]


def signal_contact_get(signal: Signal) -> Contact | None:
    """The contact a "treat as a contact for the front door" acknowledgement made (the caller
    may see the signal)."""
    return Contact.objects.filter(
        route=codes.ContactRoute.SIGNAL, idempotency_key=CONTACT_KEY.format(pk=signal.pk)
    ).first()


def signal_count_unacknowledged(rows: Sequence[SignalRow]) -> int:
    return sum(1 for r in rows if not r.signal.is_acknowledged)

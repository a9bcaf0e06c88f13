"""Reads of signals for the people they were sent to, with need to know applied.

Who may see a signal is need to know, so it is access's rule (`access.queries.
signal_visible_q`, the same filter `signal.view` asks of one signal): the worker it was sent
to and the members and managers of the team it was sent to (the allocated team, or the front
door), because it is their work; and anyone who may see the child's record. A restricted
record's signals are seen only by its named people, whoever they were sent to. Each read is
one query (plus the user's worker record, cached).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from safeguard.access.queries import restriction_allows_q, signal_visible_q, team_ids_overseen
from safeguard.access.roles import worker_of
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Contact
from safeguard.cases.selectors.record import Table
from safeguard.cases.selectors.record_tables import record_rows, register_record_tables
from safeguard.common import codes
from safeguard.common.compiled import values_rows
from safeguard.common.paths import path_for_each
from safeguard.common.templatetags.govuk_dates import short_date
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team, Worker, worker_name_of
from safeguard.people.models import Person, full_name_of

from .also_told import also_told_q
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


def signals_visible(user: AnyUser) -> QuerySet[Signal]:
    return (
        Signal.objects.filter(signal_visible_q(user))
        .select_related("child", "recipient_worker", "recipient_team", "acknowledged_by")
        .order_by("acknowledged_at", "-raised_at", "-pk")
    )


def signal_list_for_user(*, user: AnyUser, include_acknowledged: bool = False) -> list[SignalRow]:
    """The signals page: those sent to the user or their teams (as a team manager or head of
    service, every team they oversee), and those an app above the hub also tells them of
    (`also_told`: a family's lead practitioner), unacknowledged first."""
    worker = worker_of(user)
    if worker is None:
        return []
    teams = team_ids_overseen(user)
    rows = signals_visible(user).filter(
        Q(recipient_worker=worker) | Q(recipient_team_id__in=teams) | also_told_q(user)
    )
    if not include_acknowledged:
        rows = rows.filter(acknowledged_at__isnull=True)
    return [SignalRow(s) for s in rows[:500]]


def signal_get(*, user: AnyUser, signal_id: int, request: HttpRequest | None = None) -> Signal:
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
#
# Each panel is one fixed query, compiled once per key (`common.compiled`: what it is built
# from, the worker, their team, the teams shown, the child, is the key), read as values and
# turned here into the strings the panel prints, so `signals/panel.html` does no lookups,
# filters or URL reversing per row.


@dataclass(frozen=True)
class PanelSignal:
    """One line of a signals panel, every cell as the panel prints it."""

    pk: int
    url: str
    raised: str  # "23 Nov 2026"
    title: str
    explanation: str
    child_name: str = ""
    sent_to: str = ""
    acknowledged: bool = False
    # "<decision>, <who acknowledged>", for an acknowledged signal.
    acknowledgement: str = ""


_PANEL_COLUMNS = (
    "pk",
    "rule_id",
    "raised_on",
    "explanation",
    "child__first_name",
    "child__last_name",
    "recipient_worker_id",
    "recipient_worker__first_name",
    "recipient_worker__last_name",
    "recipient_team__name",
)
_DECISIONS = dict(Signal.Decision.choices)


def _panel_signals(rows: Sequence[dict[str, Any]]) -> list[PanelSignal]:
    if not rows:
        return []
    path = path_for_each("signals:detail")
    return [
        PanelSignal(
            pk=row["pk"],
            url=path(row["pk"]),
            raised=short_date(row["raised_on"]),
            title=RULES_BY_ID[row["rule_id"]].title,
            explanation=row["explanation"],
            child_name=full_name_of(row["child__first_name"], row["child__last_name"]),
            sent_to=worker_name_of(
                row["recipient_worker__first_name"], row["recipient_worker__last_name"]
            )
            if row["recipient_worker_id"] is not None
            else row["recipient_team__name"] or "No team",
        )
        for row in rows
    ]


def _sent_to(user: AnyUser, sent: Q) -> QuerySet[Any]:
    """Signals matching `sent` (addressed to the user or their team), less restricted records
    the user is not named on: one query, without the full need-to-know filter, since being
    sent a signal is itself the reason to see it."""
    signals: QuerySet[Any] = (
        Signal.objects.filter(sent, acknowledged_at__isnull=True)
        .filter(restriction_allows_q(user, "child"))
        .order_by("-raised_at", "-pk")
        .values(*_PANEL_COLUMNS)
    )
    return signals[: PANEL_LIMIT + 1]


def caseload_signals(*, user: AnyUser) -> list[PanelSignal]:
    """For "My cases": unacknowledged signals sent to the worker, those sent to their own
    team with no worker named (an unallocated child, or a front-door team's queue), and, for
    a team manager, those of the rules that tell the manager too (SG07) sent to a team they
    manage."""
    worker = worker_of(user)
    if worker is None:
        return []

    def build() -> QuerySet[Any]:
        mine = Q(recipient_worker=worker)
        if worker.team_id is not None:
            mine |= Q(recipient_worker__isnull=True, recipient_team_id=worker.team_id)
        mine |= Q(rule_id__in=MANAGER_RULE_IDS, recipient_team__manager=worker)
        return _sent_to(user, mine)

    key = ("caseload_signals", user.pk, worker.pk, worker.team_id)
    return _panel_signals(values_rows(key, build))


def team_signals(*, user: AnyUser, teams: Sequence[Team]) -> list[PanelSignal]:
    """For the team dashboard: every unacknowledged signal sent to the teams shown (the
    page passes only teams the user oversees), until someone acknowledges it."""
    if worker_of(user) is None:
        return []
    team_ids = tuple(t.pk for t in teams)
    key = ("team_signals", user.pk, team_ids)
    return _panel_signals(
        values_rows(key, lambda: _sent_to(user, Q(recipient_team_id__in=team_ids)))
    )


# The signals about the child and the names on them, read with the record's own tables in its
# one statement (`cases.selectors.record_tables`), for the record's panel and chronology.
_SIGNALS, _NAMES, _TEAMS = "signals", "signals_workers", "signals_teams"
_OF_CHILD = f"FROM {Signal._meta.db_table} WHERE child_id = %(child)s"
register_record_tables(
    Table(
        _SIGNALS,
        Signal,
        (
            "rule_id",
            "explanation",
            "raised_at",
            "raised_on",
            "acknowledged_at",
            "acknowledged_by",
            "decision",
            "rationale",
            "recipient_worker",
            "recipient_team",
        ),
    ),
    Table(
        _NAMES,
        Worker,
        ("first_name", "last_name"),
        ids_from=f"SELECT recipient_worker_id {_OF_CHILD}"
        f" UNION SELECT acknowledged_by_id {_OF_CHILD}",
    ),
    Table(_TEAMS, Team, ("name",), ids_from=f"SELECT recipient_team_id {_OF_CHILD}"),
)


@dataclass(frozen=True)
class SignalOfChild:
    """A signal about the child as the record's panel and chronology show it."""

    pk: int
    rule_id: str
    explanation: str
    raised_at: datetime
    raised_on: date
    acknowledged_at: datetime | None
    # The worker who acknowledged it, by name ("" while not acknowledged).
    acknowledged_by: str
    decision: str
    rationale: str
    # The worker or team it was sent to, by name ("" for neither).
    sent_to: str


def signals_of_child(child: Person) -> list[SignalOfChild]:
    """Every signal about the child, oldest raised first: no query on the record (read with
    its tables), one statement off it. The caller has applied need to know to the child."""
    names = {w.pk: worker_name_of(w.first_name, w.last_name) for w in record_rows(child, _NAMES)}
    teams = {t.pk: t.name for t in record_rows(child, _TEAMS)}
    return [
        SignalOfChild(
            pk=signal.pk,
            rule_id=signal.rule_id,
            explanation=signal.explanation,
            raised_at=signal.raised_at,
            raised_on=signal.raised_on,
            acknowledged_at=signal.acknowledged_at,
            acknowledged_by=names.get(signal.acknowledged_by_id, ""),
            decision=signal.decision,
            rationale=signal.rationale,
            sent_to=names[signal.recipient_worker_id]
            if signal.recipient_worker_id is not None
            else teams.get(signal.recipient_team_id, ""),
        )
        for signal in record_rows(child, _SIGNALS, order_by=("raised_at",))
    ]


def child_signals(*, user: AnyUser, child: Person) -> list[PanelSignal]:
    """For the child record (the caller has applied need to know to the child): every signal
    about the child, unacknowledged first, each group newest raised first (at most
    PANEL_LIMIT + 1, so the panel can say there are more)."""
    found = sorted(signals_of_child(child), key=lambda r: (r.raised_at, r.pk), reverse=True)
    # Stable: within each group the newest stay first; the acknowledged by when they were.
    found.sort(key=lambda r: (r.acknowledged_at is not None, r.acknowledged_at or r.raised_at))
    found = found[: PANEL_LIMIT + 1]
    if not found:
        return []
    path = path_for_each("signals:detail")
    return [
        PanelSignal(
            pk=row.pk,
            url=path(row.pk),
            raised=short_date(row.raised_on),
            title=RULES_BY_ID[row.rule_id].title,
            explanation=row.explanation,
            acknowledged=row.acknowledged_at is not None,
            acknowledgement=", ".join(
                (_DECISIONS.get(row.decision, row.decision), row.acknowledged_by)
            )
            if row.acknowledged_at is not None
            else "",
        )
        for row in found
    ]


def signal_contact_get(signal: Signal) -> Contact | None:
    """The contact a "treat as a contact for the front door" acknowledgement made (the caller
    may see the signal)."""
    return Contact.objects.filter(
        route=codes.ContactRoute.SIGNAL, idempotency_key=CONTACT_KEY.format(pk=signal.pk)
    ).first()


def signal_count_unacknowledged(rows: Sequence[PanelSignal]) -> int:
    return sum(1 for r in rows if not r.acknowledged)

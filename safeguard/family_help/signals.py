"""Signals reach family help: a signal about a child in open family help is told to the
family's lead practitioner too, a council worker or a partner's practitioner (issue #16).

Who is told is asked from the record when the signals are read (`lead_told_q`, registered
with the hub's seam `agencies.signals.also_told` in `FamilyHelpConfig.ready()`): the current
lead of a family whose help is open, of each signal about a child whose own help in that
family is open and began on or before the day the signal was raised. A new lead takes over
the family's signals with its work; once the help closes (which clears the lead) or the
child leaves the family, no one in family help is told any more. The social worker or front
door told today (`signals.services.signal_recipient_get`) still is: family help is told as
well, not instead.

What family help is told (`lead_signals_list`): the child, the day, the pattern in family
help's words (`FAMILY_HELP_WORDS`), whom in social care the signal went to and whether they
have looked at it. Not the explanation, the evidence, or the decision and its reasons: those
cite other agencies' events and the child's social care record (a plan, a period of care),
which a partner lead may not see. A council lead whose need to know reaches the child opens
the whole signal from the signals page, where access allows it (`signal_visible_q`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from safeguard.access.queries import family_help_visible_q, restriction_allows_q
from safeguard.agencies.signals.models import Signal
from safeguard.audit.models import Action
from safeguard.audit.services import AuditRecord, audit_append, request_origin
from safeguard.common.types import AnyUser
from safeguard.organisation.models import worker_name_of
from safeguard.people.models import full_name_of

from .models import EarlyHelpEpisode, FamilyHelpEpisode

# Each rule's pattern as family help is told it: what agencies saw, without the child's social
# care status the rule's own title names ("on a plan", "looked after", "open to social care").
FAMILY_HELP_WORDS = MappingProxyType(
    {
        "SG01": "Removed from a school's roll or moved to elective home education",
        "SG02": "Three or more missed health appointments in six months",
        "SG03": "Three or more contacts to the front door in twelve months",
        "SG04": "Domestic abuse notified at the child's home",
        "SG05": "Not seen by any agency for four weeks",
        "SG06": "Injury to a baby under one",
        "SG07": "An injury, sexual harm or a missing episode",
    }
)

# A list shows at most this many, newest first.
LIST_LIMIT = 100


def _families_led_by(user: AnyUser) -> Q:
    """Open families this user leads now (`lead_user`, cleared when the help closes)."""
    return Q(lead_user=user, ended_on__isnull=True)


def lead_told_q(user: AnyUser) -> Q:
    """A filter on `Signal`: the signals this user is told of as a family's lead practitioner
    (registered with `agencies.signals.also_told`)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    led = FamilyHelpEpisode.objects.filter(_families_led_by(user)).values("pk")
    return Q(
        Exists(
            EarlyHelpEpisode.objects.filter(
                child=OuterRef("child"),
                end_date__isnull=True,
                start_date__lte=OuterRef("raised_on"),
                family_help__in=led,
            )
        )
    )


@dataclass(frozen=True)
class LeadSignal:
    """A signal as family help is told it."""

    pk: int
    child_id: int
    child_name: str
    raised_on: date
    words: str
    # Whom in children's social care it went to: the worker, else the team (or front door).
    told_in_social_care: str
    looked_at_on: date | None


def lead_signals_list(*, user: AnyUser, request: HttpRequest | None = None) -> list[LeadSignal]:
    """The signals the user is told of as a family's lead practitioner, newest first, within
    need to know (the families the user may see, `access.queries.family_help_visible_q`, and
    no restricted record that does not name them). Each signal listed is an audited read."""
    visible = FamilyHelpEpisode.objects.filter(family_help_visible_q(user), _families_led_by(user))
    rows = (
        Signal.objects.filter(lead_told_q(user), restriction_allows_q(user, "child"))
        .filter(
            Exists(
                EarlyHelpEpisode.objects.filter(
                    child=OuterRef("child"),
                    end_date__isnull=True,
                    family_help__in=visible.values("pk"),
                )
            )
        )
        .order_by("-raised_on", "-pk")
        .values_list(
            "pk",
            "child_id",
            "child__first_name",
            "child__last_name",
            "raised_on",
            "rule_id",
            "recipient_worker__first_name",
            "recipient_worker__last_name",
            "recipient_team__name",
            "acknowledged_at",
        )[:LIST_LIMIT]
    )
    told = [
        LeadSignal(
            pk=pk,
            child_id=child_id,
            child_name=full_name_of(first, last),
            raised_on=raised_on,
            words=FAMILY_HELP_WORDS[rule_id],
            told_in_social_care=(
                worker_name_of(worker_first, worker_last) if worker_first else team or ""
            ),
            looked_at_on=timezone.localtime(acknowledged_at).date() if acknowledged_at else None,
        )
        for (
            pk,
            child_id,
            first,
            last,
            raised_on,
            rule_id,
            worker_first,
            worker_last,
            team,
            acknowledged_at,
        ) in rows
    ]
    if told and user.is_authenticated:
        origin = request_origin(request)
        audit_append(
            [
                AuditRecord(
                    action=Action.READ,
                    actor_id=user.pk,
                    actor_username=user.get_username(),
                    object_type="signals.signal",
                    object_id=str(signal.pk),
                    child_id=signal.child_id,
                    details={"as": "family_help_lead"},
                    **origin,
                )
                for signal in told
            ]
        )
    return told

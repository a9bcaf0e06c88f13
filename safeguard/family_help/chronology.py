"""Family help in the child's chronology, beside social care's own events, so stepping up
and stepping down read as one story: the front door's contact and social care's referral
come from the case record; family help adds when its help started (and from where), each
step up it asked for, and when the child's help ended and why.

Registered with `cases.extensions.register_chronology_source` from FamilyHelpConfig.ready().
No query for a child who never had family help (read with the record's tables:
`selectors.had_family_help`), two otherwise; the caller has applied need to know to the child.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from safeguard.cases.extensions import ChronologyEvent
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from .models import EarlyHelpEpisode, StepUp
from .selectors import had_family_help

__all__ = ["CHRONOLOGY_KIND", "family_help_chronology"]

# Family help's own type in the chronology's filter (cases.extensions.CHRONOLOGY_TYPES), so a
# reader can pick the family help steps out beside the referrals they led to or came from.
CHRONOLOGY_KIND = "family_help"
# Family help is the council's early help service (census source 5D), even when a partner
# leads it: "Other council services" in the chronology's agencies.
AGENCIES = frozenset({"council"})


def _started(episode: EarlyHelpEpisode) -> ChronologyEvent:
    family_help = episode.family_help
    if episode.stepped_down_from is not None:
        referral = episode.stepped_down_from
        title = f"Stepped down from children's social care to family help {family_help.reference}"
        detail = (
            f"Referral of {referral.referral_date:%-d %B %Y} closed"
            f"{f' {referral.closure_date:%-d %B %Y}' if referral.closure_date else ''}: "
            f"{referral.get_closure_reason_display()}"
        )
    else:
        title = f"Family help {family_help.reference} started"
        detail = family_help.get_start_route_display()
    if episode.source_contact is not None:
        detail += f" (early help decided on contact {episode.source_contact.reference})"
    return ChronologyEvent(
        on=episode.start_date,
        kind=CHRONOLOGY_KIND,
        title=title,
        detail=f"{detail}. Reason: {episode.get_reason_display()}.",
        agencies=AGENCIES,
        step=60,
    )


def _ended(episode: EarlyHelpEpisode) -> ChronologyEvent:
    assert episode.end_date is not None
    return ChronologyEvent(
        on=episode.end_date,
        kind=CHRONOLOGY_KIND,
        title=f"Family help {episode.family_help.reference} ended",
        detail=episode.get_end_reason_display(),
        agencies=AGENCIES,
        step=62,
    )


def _stepped_up(step_up: StepUp) -> ChronologyEvent:
    contact = step_up.contact
    decided = (
        f"The front door decided: {contact.get_decision_display()}"
        f" ({timezone.localtime(contact.decided_at):%-d %B %Y})"
        if contact.decision and contact.decided_at is not None
        else "Waiting for the front door's decision"
    )
    return ChronologyEvent(
        on=step_up.requested_on,
        kind=CHRONOLOGY_KIND,
        title=(
            f"Family help {step_up.child_episode.family_help.reference} asked children's "
            f"social care to step in (contact {contact.reference})"
        ),
        detail=contact.concerns,
        who=contact.referrer,
        agencies=AGENCIES,
        step=61,
        action_taken=decided,
    )


def family_help_chronology(user: AnyUser, child: Person) -> Sequence[ChronologyEvent]:
    """The child's family help starts, step ups and ends, on their days."""
    if not had_family_help(child):
        return []
    episodes = list(
        EarlyHelpEpisode.objects.filter(child=child)
        .select_related("family_help", "source_contact", "stepped_down_from")
        .order_by("start_date", "pk")
    )
    if not episodes:
        return []
    step_ups = (
        StepUp.objects.filter(child_episode__child=child)
        .select_related("contact", "child_episode__family_help")
        .order_by("requested_on", "pk")
    )
    events = [_started(e) for e in episodes]
    events += [_ended(e) for e in episodes if e.end_date is not None]
    events += [_stepped_up(s) for s in step_ups]
    return events

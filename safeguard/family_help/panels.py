"""What family help adds to the child's record through the seam (`cases.extensions`): the
"Family help" panel, with the child's help open or closed and its lead practitioner.

The child's record is shown only to those who may see the child, so the panel's rows (the
child's own early help, the SSD's per child row) are theirs to read; the link to the family's
page is offered only to those who may see the family (`access.queries.family_help_visible_q`,
the one filter), and "Start family help" only to those who may record it, with "Step down"
on each referral that closed with a step down no family help has taken up. Two queries, three
with a family to link, two more for those who may start family help, whatever the child's
history.

`family_help_start_from_contact_panel` offers the front door's contact page the start of
family help from its "early help" decision (`front_door.extensions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.access.queries import family_help_visible_q
from safeguard.cases.extensions import Panel
from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.common.forms import day_text
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from . import rules
from .models import EarlyHelpEpisode, FamilyHelpEpisode, LeadPractitioner
from .selectors import closed_referrals_not_taken_up, had_family_help, lead_name

TEMPLATE = "family_help/record_panel.html"
TITLE = "Family help"
ANCHOR = "family-help"
START_TEMPLATE = "family_help/contact_start_panel.html"
# Not "family-help": a step up's contact may show family help's history panel as well.
START_ANCHOR = "family-help-start"


def _lead(family: FamilyHelpEpisode) -> str:
    # Newest first: the current lead, or the last one of help that has closed.
    leads = list(family.leads.all())
    return lead_name(leads[0]) if leads else "No lead practitioner"


# The closures a step down follows (census RC9; RC7 once the child in need plan ended).
STEP_DOWN_REASONS = frozenset({codes.ReasonForClosure.RC9, codes.ReasonForClosure.RC7})


@dataclass(frozen=True)
class StepDownReferral:
    """A referral of the child that family help may start from by stepping down."""

    pk: int
    referral_date: date


def step_down_referrals(child: Person) -> list[StepDownReferral]:
    """The child's referrals that closed with a step down (RC9, or RC7 once its child in need
    plan ended) and that no family help has taken up yet: the rule of
    `rules.step_down_fits`, asked for each, so the links offered are the steps it allows. Read
    with the record's own tables (`selectors.closed_referrals_not_taken_up`)."""
    return [
        StepDownReferral(r.pk, r.referral_date)
        for r in closed_referrals_not_taken_up(child)
        if r.closure_reason in STEP_DOWN_REASONS
        and not rules.step_down_fits(
            referral_of_child=True,
            closure_date=r.closure_date,
            closure_reason=r.closure_reason,
            cin_plan_ended=r.cin_plan_ended,
            started_on=r.closure_date or timezone.localdate(),
        )
    ]


def family_help_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """The child's family help, newest first; nothing for a child who never had any, unless
    the reader may start it."""
    episodes = []
    if had_family_help(child):
        episodes = list(
            EarlyHelpEpisode.objects.filter(child=child)
            .select_related("family_help")
            .prefetch_related(
                Prefetch(
                    "family_help__leads",
                    LeadPractitioner.objects.select_related(
                        "worker", "partner_user__user", "partner_user__organisation"
                    ).order_by("-start_date", "-pk"),
                )
            )
            .order_by("-start_date", "-pk")
        )
    may_start = allowed(user, "family_help.start", child) and not any(
        e.end_date is None for e in episodes
    )
    # Stepping down is starting family help, offered on the referrals that allow it.
    step_downs = step_down_referrals(child) if may_start else []
    if not episodes and not may_start:
        return None
    families_seen: set[int] = set()
    if episodes:
        families_seen = set(
            FamilyHelpEpisode.objects.filter(
                family_help_visible_q(user), pk__in={e.family_help_id for e in episodes}
            ).values_list("pk", flat=True)
        )
    rows = []
    for episode in episodes:
        family = episode.family_help
        if episode.end_date is None:
            status = f"Open since {day_text(episode.start_date)}"
        else:
            status = (
                f"{day_text(episode.start_date)} to {day_text(episode.end_date)}: "
                f"{episode.get_end_reason_display()}"
            )
        rows.append(
            {
                "reference": family.reference,
                "open": episode.end_date is None,
                "status": status,
                "reason": episode.get_reason_display(),
                "lead": _lead(family),
                "url": url_for("family_help:family", [family.pk])
                if family.pk in families_seen
                else "",
            }
        )
    return Panel(
        TEMPLATE,
        TITLE,
        ANCHOR,
        {
            "anchor": ANCHOR,
            "title": TITLE,
            "episodes": rows,
            "start_url": url_for("family_help:start", [child.pk]) if may_start else "",
            "step_downs": [
                (
                    url_for("family_help:step_down", [child.pk, r.pk]),
                    f"Step down to family help from the referral of {day_text(r.referral_date)}",
                )
                for r in step_downs
            ],
        },
    )


def family_help_start_from_contact_panel(user: AnyUser, contact: Contact) -> Panel | None:
    """On the front door's contact page (`front_door.extensions`), for a contact decided
    "early help" that no family help has taken up: the link to start it, for those who may
    start family help for the contact's child. One query, and the permission's own."""
    if contact.decision != codes.ContactDecision.EARLY_HELP or contact.child is None:
        return None
    if EarlyHelpEpisode.objects.filter(source_contact=contact).exists():
        return None  # family help's own contact panel shows the help that started from it
    if not allowed(user, "family_help.start", contact.child):
        return None
    return Panel(
        START_TEMPLATE,
        TITLE,
        START_ANCHOR,
        {
            "anchor": START_ANCHOR,
            "title": TITLE,
            "start_url": url_for("family_help:start_from_contact", [contact.pk]),
        },
    )

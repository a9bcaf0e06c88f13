"""What family help adds to the child's record through the seam (`cases.extensions`): the
"Family help" panel, with the child's help open or closed and its lead practitioner.

The child's record is shown only to those who may see the child, so the panel's rows (the
child's own early help, the SSD's per child row) are theirs to read; the link to the family's
page is offered only to those who may see the family (`access.queries.family_help_visible_q`,
the one filter), and "Start family help" only to those who may record it. Two queries, three
with a family to link, whatever the child's history.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from safeguard.access.permissions import allowed
from safeguard.access.queries import family_help_visible_q
from safeguard.cases.extensions import Panel
from safeguard.common.forms import day_text
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from .models import EarlyHelpEpisode, FamilyHelpEpisode, LeadPractitioner
from .selectors import lead_name

TEMPLATE = "family_help/record_panel.html"
TITLE = "Family help"
ANCHOR = "family-help"


def _lead(family: FamilyHelpEpisode) -> str:
    # Newest first: the current lead, or the last one of help that has closed.
    leads = list(family.leads.all())
    return lead_name(leads[0]) if leads else "No lead practitioner"


def family_help_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """The child's family help, newest first; nothing for a child who never had any, unless
    the reader may start it."""
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
        },
    )

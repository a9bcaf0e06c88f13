"""Family help's reason to know, told to access through its seam (`access/reasons.py`).

A council practitioner who works with a family (its lead, or a family help practitioner or
manager of the team with oversight: `access.queries.family_help_visible_q`) sees the record
of each child still in the family's open help, as a social worker sees the children
allocated to them. Only while the child's help is open: once it ends, the family's own page
stays theirs to read (the team's), the child's record no longer does.

Partners' practitioners never reach this: a reason is asked only of staff in a role that
works with children (`access.queries.visible_children_q`), so a partner lead sees the family's
help and nothing of a child's social care record.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from safeguard.access.queries import family_help_visible_q
from safeguard.access.reasons import Asker, register_reason

from .models import EarlyHelpEpisode, FamilyHelpEpisode


def family_help_children(asker: Asker) -> Q:
    families = FamilyHelpEpisode.objects.filter(family_help_visible_q(asker.user)).values("pk")
    return Q(
        Exists(
            EarlyHelpEpisode.objects.filter(
                child=OuterRef("pk"), end_date__isnull=True, family_help__in=families
            )
        )
    )


def register() -> None:
    register_reason("family_help", family_help_children)

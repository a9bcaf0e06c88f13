"""Who else is told of a signal: a seam for the apps above the hub.

A signal goes to the child's allocated worker and team, or to the front door
(`services.signal_recipient_get`). An app above the hub that also works with the child
registers here a filter on `Signal` naming the signals a user is also told of: family help
tells the lead practitioner of a child's open family help (`family_help/signals.py`,
registered in its `ready()`). The hub imports nothing of those apps.

The filter is asked when the signals are read, from the record as it is that day, so someone
is told only while they work with the child (a family's former lead is not told). It says who
is *told*, not who may open a signal: that stays `access.queries.signal_visible_q`, asked of
every list and every signal.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from safeguard.common.types import AnyUser

# A user -> the signals (a filter on `Signal`) that user is also told of.
AlsoTold = Callable[[AnyUser], Q]

_also_told: list[AlsoTold] = []


def register_also_told(also_told: AlsoTold) -> None:
    """Tell the user of these signals too (once, however often an app's ready() runs)."""
    if also_told not in _also_told:
        _also_told.append(also_told)


def also_told_q(user: AnyUser) -> Q:
    """The signals some registered app tells this user of; none when no app does."""
    told = Q(pk__in=[])
    for also_told in _also_told:
        told |= also_told(user)
    return told

"""Where the apps above the front door add to the contact page without the front door
importing them (docs/architecture.md: family help sits above the front door).

Family help's step up makes a contact at the front door; the front door must see the family's
help with it (what was assessed, planned and tried) to decide. So family help registers a
small read function here from its `AppConfig.ready()`, and the contact page shows whatever is
registered, as `cases.extensions` does for the child record. Each function reads a fixed
number of queries (one or two), whatever the contact, and returns a `cases.extensions.Panel`
or None to show nothing. The caller has already found the contact within the user's need to
know (`selectors.contact_get`), and audited that read; a source audits what it adds.
"""

from __future__ import annotations

from collections.abc import Callable

from safeguard.cases.extensions import Panel
from safeguard.cases.models import Contact
from safeguard.common.types import AnyUser

__all__ = ["ContactPanelSource", "contact_panels", "register_contact_panel"]

# (user, contact) -> a panel on the contact page, or None to show nothing
ContactPanelSource = Callable[[AnyUser, Contact], Panel | None]

_contact_panels: list[ContactPanelSource] = []


def register_contact_panel(source: ContactPanelSource) -> ContactPanelSource:
    # ready() can run twice in tests that reload apps; register each function once.
    if source not in _contact_panels:
        _contact_panels.append(source)
    return source


def contact_panels(user: AnyUser, contact: Contact) -> list[Panel]:
    panels = (source(user, contact) for source in _contact_panels)
    return [p for p in panels if p is not None]

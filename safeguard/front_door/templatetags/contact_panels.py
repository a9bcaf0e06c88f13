"""The panels other apps add to the contact page (`front_door.extensions`), read with the
signed-in user: `{% contact_panels c as panels %}`."""

from __future__ import annotations

from typing import Any

from django import template

from safeguard.cases.extensions import Panel
from safeguard.cases.models import Contact

from ..extensions import contact_panels as panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def contact_panels(context: dict[str, Any], contact: Contact) -> list[Panel]:
    return panels_for(context["request"].user, contact)

"""Finding the authority and the organisation a command is about."""

from __future__ import annotations

from django.core.management.base import CommandError

from safeguard.organisation.models import Authority


def authority_from_option(value: str) -> Authority:
    """The authority named by its DfE LA code or name; the only one if none is named."""
    if value:
        authority = (
            Authority.objects.filter(la_code=value).first()
            or Authority.objects.filter(name=value).first()
        )
        if authority is None:
            raise CommandError(f"No authority has the LA code or name {value!r}.")
        return authority
    authorities = list(Authority.objects.all()[:2])
    if len(authorities) != 1:
        raise CommandError(
            "Name the authority with --authority (its DfE LA code or name): "
            f"{'there are several' if authorities else 'there is none yet'}."
        )
    return authorities[0]

"""Revoke a partner's API token at once, named by the visible start of the token.

    manage.py revoke_partner_token sgp_AbCdEf [--by USERNAME]

The visible start is what `create_partner_token` printed before the token ("Token
sgp_AbCdEf… for ...") and what the audit trail records for each call.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.agencies import services
from safeguard.agencies.models import PartnerToken


class Command(BaseCommand):
    help = "Revoke a partner API token (named by its visible start)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix", help="The token's visible start, e.g. sgp_AbCdEf.")
        parser.add_argument("--by", default="", help="Username of the person revoking it.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["by"]:
            actor = get_user_model().objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"No account has the username {options['by']!r}.")
        tokens = list(
            PartnerToken.objects.select_related("organisation").filter(
                prefix=options["prefix"], revoked_at__isnull=True
            )[:2]
        )
        if not tokens:
            raise CommandError(f"No live token starts {options['prefix']!r}.")
        if len(tokens) > 1:
            raise CommandError(
                f"More than one live token starts {options['prefix']!r} (very unlikely: six "
                "random characters match): revoke the right one by its id with "
                "services.partner_token_revoke."
            )
        token = services.partner_token_revoke(token=tokens[0], actor=actor)
        self.stdout.write(f"Revoked token {token.prefix}… of {token.organisation.name}.")

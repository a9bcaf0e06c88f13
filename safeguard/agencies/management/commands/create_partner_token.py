"""Issue an API token to a partner organisation, creating the organisation if it is new.

    manage.py create_partner_token --organisation "Northgate Primary" --kind school
        [--authority 997] [--scope events:submit --scope events:bulk] [--days 90]
        [--label "MIS nightly export"] [--by USERNAME]

The token is printed once and never stored (only its SHA-256 is kept): copy it now.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safeguard.agencies import services
from safeguard.agencies.models import PartnerOrganisation, PartnerToken

from ._common import authority_from_option

DEFAULT_SCOPES = [PartnerToken.Scope.EVENTS_SUBMIT.value]


class Command(BaseCommand):
    help = "Issue an API token to a partner organisation (created if new); prints it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument(
            "--kind", required=True, choices=PartnerOrganisation.Kind.values, help="What it is."
        )
        parser.add_argument("--authority", default="", help="DfE LA code or name.")
        parser.add_argument(
            "--scope",
            action="append",
            choices=PartnerToken.Scope.values,
            help=f"Repeat for each scope (default {DEFAULT_SCOPES[0]}).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=services.DEFAULT_TOKEN_DAYS,
            help=f"Days until it expires (at most {services.MAX_TOKEN_DAYS}).",
        )
        parser.add_argument("--label", default="", help="What the token is for.")
        parser.add_argument("--by", default="", help="Username of the person issuing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_from_option(options["authority"])
        actor = None
        if options["by"]:
            actor = get_user_model().objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"No account has the username {options['by']!r}.")
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        try:
            organisation, created = services.partner_organisation_get_or_create(
                authority=authority,
                name=options["organisation"],
                kind=options["kind"],
                actor=actor,
            )
            issued = services.partner_token_create(
                organisation=organisation,
                scopes=options["scope"] or DEFAULT_SCOPES,
                expires_at=timezone.now() + timedelta(days=options["days"]),
                label=options["label"],
                actor=actor,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        token = issued.token
        if created:
            self.stdout.write(f"Created {organisation.get_kind_display()} {organisation.name}.")
        self.stdout.write(
            f"Token {token.prefix}… for {organisation.name}, scopes {', '.join(token.scopes)}, "
            f"expires {timezone.localtime(token.expires_at):%d %B %Y %H:%M}."
        )
        self.stdout.write("Copy it now: it is not stored and cannot be shown again.")
        self.stdout.write(issued.secret)

"""Factories for the authority, its teams and its workers.

Deterministic and fictional: names are made of a role and a number, never a real person's.
"""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from safeguard.organisation.models import Authority, Service, Team, Worker


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"Test Authority {n}")
    # 9xx is no real authority's DfE code. 910-989 only, wrapping after 80 authorities in one
    # test process: tests that name a code use 9xx outside it (the personas' 997, 996, 998,
    # 901, 902), and a sequence that reached them collided on PostgreSQL.
    la_code = factory.Sequence(lambda n: f"{910 + n % 80}")
    child_population = 50_000


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.ASSESSMENT


class WorkerFactory(DjangoModelFactory):
    """A social worker in a team of the same authority."""

    class Meta:
        model = Worker

    authority = factory.SubFactory(AuthorityFactory)
    team = factory.SubFactory(TeamFactory, authority=factory.SelfAttribute("..authority"))
    first_name = "Practitioner"
    last_name = factory.Sequence(lambda n: f"W{n:04d}")
    role = Worker.Role.SOCIAL_WORKER
    registration_number = factory.Sequence(lambda n: f"SW{n:06d}")
    started_on = date(2020, 1, 6)

    class Params:
        manager = factory.Trait(role=Worker.Role.TEAM_MANAGER, first_name="Manager")
        chair = factory.Trait(
            role=Worker.Role.CONFERENCE_CHAIR, first_name="Chair", registration_number=""
        )

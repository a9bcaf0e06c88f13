"""Factories for family help: deterministic and fictional, as every app's are. Rows are
written directly (as the services store them); the services' own tests start from these."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from safeguard.agencies.models import PartnerOrganisation, PartnerUser
from safeguard.family_help.models import (
    EarlyHelpEpisode,
    FamilyHelpAssessment,
    FamilyHelpEpisode,
    FamilyPlan,
    LeadPractitioner,
    PlanAction,
    PlanOutcome,
)
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory, WorkerFactory
from safeguard.people.tests.factories import ChildFactory

STARTED = date(2025, 1, 6)


class PartnerOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Family Help Primary {n}")
    kind = PartnerOrganisation.Kind.SCHOOL


class PartnerUserFactory(DjangoModelFactory):
    """A school's designated safeguarding lead with a sign-in account."""

    class Meta:
        model = PartnerUser

    user = factory.LazyFunction(
        lambda: get_user_model().objects.create_user(
            username=f"dsl{get_user_model().objects.count()}", password="p" * 16
        )
    )
    organisation = factory.SubFactory(PartnerOrganisationFactory)


class FamilyHelpEpisodeFactory(DjangoModelFactory):
    class Meta:
        model = FamilyHelpEpisode

    reference = factory.Sequence(lambda n: f"FH-T{n:03d}-TEST")
    team = factory.SubFactory(TeamFactory)
    started_on = STARTED
    start_route = FamilyHelpEpisode.StartRoute.COUNCIL
    consent_given_on = STARTED
    consent_given_by = "Parent"


class EarlyHelpEpisodeFactory(DjangoModelFactory):
    class Meta:
        model = EarlyHelpEpisode

    family_help = factory.SubFactory(FamilyHelpEpisodeFactory)
    child = factory.SubFactory(ChildFactory)
    start_date = factory.SelfAttribute("family_help.started_on")
    reason = EarlyHelpEpisode.Reason.PARENTING


class LeadPractitionerFactory(DjangoModelFactory):
    class Meta:
        model = LeadPractitioner

    family_help = factory.SubFactory(FamilyHelpEpisodeFactory)
    worker = factory.SubFactory(
        WorkerFactory, authority=factory.SelfAttribute("..family_help.team.authority")
    )
    organisation_name = "Family help team"
    start_date = factory.SelfAttribute("family_help.started_on")


class FamilyHelpAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = FamilyHelpAssessment

    family_help = factory.SubFactory(FamilyHelpEpisodeFactory)
    start_date = factory.SelfAttribute("family_help.started_on")


class FamilyPlanFactory(DjangoModelFactory):
    class Meta:
        model = FamilyPlan

    family_help = factory.SubFactory(FamilyHelpEpisodeFactory)
    agreed_on = date(2025, 2, 3)


class PlanOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = PlanOutcome

    plan = factory.SubFactory(FamilyPlanFactory)
    area = "relationships"
    what_will_change = "Fewer arguments at home"


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    outcome = factory.SubFactory(PlanOutcomeFactory)
    who = "Parent"
    what = "Attend the parenting course"

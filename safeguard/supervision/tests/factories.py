"""Factories for supervision rows, written straight to the table (the services are tested on
their own): for selectors, panels and figures."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from safeguard.cases.tests.factories import AllocationFactory
from safeguard.organisation.models import Worker
from safeguard.people.models import Person
from safeguard.supervision.models import CaseSupervision, PersonalSupervision, SupervisionAction

__all__ = [
    "CaseSupervisionFactory",
    "PersonalSupervisionFactory",
    "SupervisionActionFactory",
    "supervision_action_about",
]


class CaseSupervisionFactory(DjangoModelFactory):
    """A case supervision of the child of a new allocation, by a manager of its team."""

    class Meta:
        model = CaseSupervision
        exclude = ("allocation",)

    allocation = factory.SubFactory(AllocationFactory)
    child = factory.SelfAttribute("allocation.child")
    case_holder = factory.SelfAttribute("allocation.worker")
    supervisor = factory.SelfAttribute("allocation.worker")
    held_on = date(2025, 2, 3)
    discussion = "Progress of the plan; the school's concerns about attendance."
    decisions = "Continue the plan; visit weekly until the review."
    recorded_by = factory.SelfAttribute("supervisor")


class SupervisionActionFactory(DjangoModelFactory):
    class Meta:
        model = SupervisionAction

    supervision = factory.SubFactory(CaseSupervisionFactory)
    what = "Ask the school for attendance figures"
    owner = factory.SelfAttribute("supervision.case_holder")
    due_on = date(2025, 2, 17)


class PersonalSupervisionFactory(DjangoModelFactory):
    class Meta:
        model = PersonalSupervision

    worker = factory.SelfAttribute("supervisor")
    supervisor = factory.SubFactory("safeguard.organisation.tests.factories.WorkerFactory")
    held_on = date(2025, 2, 3)
    wellbeing = "Well; some late evenings this month."
    workload = "Sixteen children; one court case."
    learning = "Booked on the court skills course."
    recorded_by = factory.SelfAttribute("supervisor")


def supervision_action_about(child: Person, worker: Worker) -> SupervisionAction:
    """An open action agreed in a case supervision of `child` held by `worker` (the access
    matrix's record), made once."""
    existing = SupervisionAction.objects.filter(supervision__child=child).first()
    if existing is not None:
        return existing
    supervision = CaseSupervision.objects.create(
        child=child,
        case_holder=worker,
        supervisor=worker,
        held_on=date(2025, 2, 3),
        discussion="Progress of the plan.",
        decisions="Continue the plan.",
        recorded_by=worker,
    )
    return SupervisionAction.objects.create(
        supervision=supervision, what="Visit weekly", owner=worker, due_on=date(2025, 2, 17)
    )

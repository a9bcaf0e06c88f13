"""The partner check, as the Child Protection Information Sharing service (CP-IS) does for
unscheduled health care: is this child subject to a child protection plan or looked after?

A partner learns only the two flags, their start dates and the responsible team's phone
number, and the allocated worker is told which agency asked and when. An unknown child and
a known child with neither flag get the same answer, so the check does not reveal whether
children's social care holds a record at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.access.models import Alert
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation, ChildProtectionPlan, LookedAfterPeriod
from safeguard.organisation.models import Team
from safeguard.people.models import Person

from ..models import PartnerCheck, PartnerOrganisation, PartnerToken
from ..schemas import CheckIn

__all__ = [
    "CHECK_AMBIGUOUS",
    "CheckAmbiguous",
    "CheckAnswer",
    "partner_check_ask",
]

CHECK_AMBIGUOUS = (
    "More than one child has this name and date of birth: ask again with the NHS number"
)
ALERT_KIND = "partner_check"


class CheckAmbiguous(Exception):
    pass


@dataclass(frozen=True)
class CheckAnswer:
    child_protection_plan: bool
    child_protection_plan_start_date: date | None
    looked_after: bool
    looked_after_start_date: date | None
    responsible_team_phone: str

    @property
    def any_flag(self) -> bool:
        return self.child_protection_plan or self.looked_after


NO_FLAGS = CheckAnswer(False, None, False, None, "")


def _find_child(question: CheckIn) -> Person | None:
    if question.nhs_number:
        return Person.objects.filter(nhs_number=question.nhs_number).first()
    matches = list(
        Person.objects.filter(
            first_name__iexact=question.first_name,
            last_name__iexact=question.last_name,
            date_of_birth=question.date_of_birth,
        )[:2]
    )
    if len(matches) > 1:
        raise CheckAmbiguous(CHECK_AMBIGUOUS)
    return matches[0] if matches else None


def _responsible_team_phone(
    allocation: Allocation | None, organisation: PartnerOrganisation
) -> str:
    if allocation is not None and allocation.team.phone:
        return allocation.team.phone
    # No allocated team (or none with a number): the front door answers for the child.
    front_door = (
        Team.objects.filter(authority=organisation.authority, kind=Team.Kind.FRONT_DOOR)
        .exclude(phone="")
        .first()
    )
    return front_door.phone if front_door else ""


def partner_check_ask(
    *,
    organisation: PartnerOrganisation,
    question: CheckIn,
    user: Any = None,
    token: PartnerToken | None = None,
    request: HttpRequest | None = None,
) -> CheckAnswer:
    """Answer the partner check. Audited whatever the answer; the allocated worker (or, with
    no worker, the team manager) gets an alert naming the agency and the time."""
    child = _find_child(question)
    now = timezone.now()
    today = timezone.localdate()
    answer = NO_FLAGS
    allocation = None
    if child is not None:
        plan = (
            ChildProtectionPlan.objects.filter(
                child=child, start_date__lte=today, end_date__isnull=True
            )
            .order_by("-start_date")
            .first()
        )
        care = (
            LookedAfterPeriod.objects.filter(
                child=child, start_date__lte=today, end_date__isnull=True
            )
            .order_by("-start_date")
            .first()
        )
        allocation = (
            Allocation.objects.select_related("team", "worker__user", "team__manager__user")
            .filter(child=child, end_date__isnull=True)
            .first()
        )
        if plan or care:
            answer = CheckAnswer(
                child_protection_plan=plan is not None,
                child_protection_plan_start_date=plan.start_date if plan else None,
                looked_after=care is not None,
                looked_after_start_date=care.start_date if care else None,
                responsible_team_phone=_responsible_team_phone(allocation, organisation),
            )
    with transaction.atomic():
        check = PartnerCheck.objects.create(
            organisation=organisation,
            user=user if getattr(user, "is_authenticated", False) else None,
            token=token,
            child=child,
            asked_at=now,
            on_child_protection_plan=answer.child_protection_plan,
            looked_after=answer.looked_after,
        )
        audit_record(
            action=Action.READ,
            actor=user,
            request=request,
            object_type="agencies.partnercheck",
            object_id=check.pk,
            child_id=child.pk if child else None,
            details={
                "organisation": organisation.pk,
                "token": token.prefix if token else "",
                "by": "nhs_number" if question.nhs_number else "name_and_date_of_birth",
                "found": child is not None,
                "child_protection_plan": answer.child_protection_plan,
                "looked_after": answer.looked_after,
            },
        )
        if child is not None and allocation is not None:
            recipient = None
            if allocation.worker is not None and allocation.worker.user is not None:
                recipient = allocation.worker.user
            elif allocation.team.manager is not None and allocation.team.manager.user:
                recipient = allocation.team.manager.user
            if recipient is not None:
                message = (
                    f"{organisation.name} ({organisation.get_kind_display()}) used the partner "
                    f"check about a child you hold at {timezone.localtime(now):%H:%M on %d %B %Y}."
                )
                Alert.objects.create(
                    recipient=recipient, kind=ALERT_KIND, message=message[:300], child=child
                )
    return answer

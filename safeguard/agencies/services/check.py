"""The partner check, as the Child Protection Information Sharing service (CP-IS) does for
unscheduled health care: is this child subject to a child protection plan or looked after?

A partner learns only the two flags, their start dates and the responsible team's phone
number, and the allocated worker is told which agency asked and when. An unknown child and
a known child with neither flag get the same answer, so the check does not reveal whether
children's social care holds a record at all.

The child is identified as the hub identifies a partner's record (`agencies.linkage`): the
same blocking, the same trained model's scores and the same decision (`decide`, with the
twin rule). A sure match is answered: an exact NHS number, or the decision "linked" on names
and a date of birth that agree with the record exactly. The hub also links a misspelt
surname when the first name and date of birth agree (a person then sees the event on the
chronology); telling an outside agency that a child is on a plan needs the details to be the
child's own, so such a link is only a possible match here.

Anything less than sure must never reassure: when a possible match (linked on details that
differ, the review band, several candidates that could each link, or the twin rule) is on a
plan or looked after, the answer is "we cannot confirm this child from these details: phone
the front door", which is neither "yes" nor "no". Possible matches with neither flag get the
ordinary no-flag answer: it is true of every one of them, and a different answer would tell
the partner that social care knows someone like the child. Without a trained linkage model
(a new deployment), a name and date of birth match exactly, and a near miss is found by
sound-alike name keys on the same (or a day/month-swapped) date of birth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from safeguard.access.models import Alert
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation, ChildProtectionPlan, LookedAfterPeriod
from safeguard.organisation.models import Team
from safeguard.people import search_keys
from safeguard.people.models import Person

from ..linkage.services import (
    LinkageError,
    decide,
    linkage_model_current,
    prepare_incoming,
    score_candidates,
    scorer_for,
)
from ..linkage.types import IncomingPerson
from ..models import PartnerCheck, PartnerOrganisation, PartnerToken
from ..schemas import CheckIn

__all__ = [
    "CANNOT_CONFIRM",
    "CheckAnswer",
    "partner_check_ask",
]

CANNOT_CONFIRM = "We cannot confirm this child from these details."
PHONE_THE_FRONT_DOOR = "Phone the front door on {phone}."
PHONE_THE_FRONT_DOOR_NO_NUMBER = "Phone the children's social care front door."
ALERT_KIND = "partner_check"
# Without a trained model, at most this many near misses are looked at.
NEAR_MISSES_READ = 20

Answer = Literal["flag", "no_flag", "cannot_confirm"]


@dataclass(frozen=True)
class CheckAnswer:
    child_protection_plan: bool
    child_protection_plan_start_date: date | None
    looked_after: bool
    looked_after_start_date: date | None
    responsible_team_phone: str
    # "flag" and "no_flag" answer the question; "cannot_confirm" asks the partner to phone
    # the front door (`responsible_team_phone` is then the front door's number).
    answer: Answer = "no_flag"

    @property
    def any_flag(self) -> bool:
        return self.child_protection_plan or self.looked_after

    @property
    def confirmed(self) -> bool:
        return self.answer != "cannot_confirm"

    @property
    def message(self) -> str:
        """What a partner reads when the child cannot be confirmed."""
        if self.confirmed:
            return ""
        phone = self.responsible_team_phone
        then = PHONE_THE_FRONT_DOOR.format(phone=phone) if phone else PHONE_THE_FRONT_DOOR_NO_NUMBER
        return f"{CANNOT_CONFIRM} {then}"


NO_FLAGS = CheckAnswer(False, None, False, None, "", "no_flag")


# --- Who the question is about --------------------------------------------------------------


@dataclass(frozen=True)
class _Identified:
    """A sure match, or the people who may be the child (none: no plausible match)."""

    child: Person | None
    possible: list[int] = field(default_factory=list)
    matching: str = "nhs_number"  # how: "nhs_number", "linkage" or "exact" (no model yet)


def _identify(question: CheckIn) -> _Identified:
    if question.nhs_number:
        child = Person.objects.filter(nhs_number=question.nhs_number).first()
        if child is not None:
            return _Identified(child)
    if not (question.last_name and question.date_of_birth):
        return _Identified(None)  # an NHS number alone, and no one holds it
    try:
        model = linkage_model_current()
    except LinkageError:
        return _identify_without_a_model(question)
    incoming = IncomingPerson(
        first_name=question.first_name,
        last_name=question.last_name,
        date_of_birth=question.date_of_birth,
        nhs_number=question.nhs_number,
    )
    scored = [s for s, _ in score_candidates(prepare_incoming(incoming), scorer_for(model))]
    decision = decide(
        scored, link_threshold=model.link_threshold, review_threshold=model.review_threshold
    )
    if decision.decision == "linked" and decision.best is not None:
        child = Person.objects.get(pk=decision.best.person_id)
        if _the_details_are_the_childs_own(question, child):
            return _Identified(child, matching="linkage")
    possible = sorted(s.person_id for s in scored if s.match_probability >= model.review_threshold)
    return _Identified(None, possible, "linkage")


def _the_details_are_the_childs_own(question: CheckIn, child: Person) -> bool:
    """The names (capitals, accents, spaces and hyphens aside) and date of birth are the
    record's own."""
    same = search_keys.normalise_name
    return (
        same(question.first_name) == same(child.first_name)
        and same(question.last_name) == same(child.last_name)
        and question.date_of_birth == child.date_of_birth
    )


def _identify_without_a_model(question: CheckIn) -> _Identified:
    born = question.date_of_birth
    assert born is not None
    exact = list(
        Person.objects.filter(
            first_name__iexact=question.first_name,
            last_name__iexact=question.last_name,
            date_of_birth=born,
        ).values_list("pk", flat=True)[:2]
    )
    if len(exact) == 1:
        return _Identified(Person.objects.get(pk=exact[0]), matching="exact")
    if exact:
        return _Identified(None, sorted(exact), "exact")
    dates = [born]
    if born.day <= 12 and born.day != born.month:
        dates.append(born.replace(day=born.month, month=born.day))
    first_keys = sorted(search_keys.variant_keys(question.first_name))
    sounds_alike = Q(last_name_key=search_keys.phonetic_key(question.last_name))
    if first_keys:
        sounds_alike |= Q(first_name_key__in=first_keys) | Q(known_as_key__in=first_keys)
    near = Person.objects.filter(sounds_alike, date_of_birth__in=dates).values_list(
        "pk", flat=True
    )[:NEAR_MISSES_READ]
    return _Identified(None, sorted(near), "exact")


def _any_flag(person_ids: list[int], today: date) -> bool:
    open_now = Q(child_id__in=person_ids, start_date__lte=today, end_date__isnull=True)
    return (
        ChildProtectionPlan.objects.filter(open_now).exists()
        or LookedAfterPeriod.objects.filter(open_now).exists()
    )


def _front_door_phone(organisation: PartnerOrganisation) -> str:
    front_door = (
        Team.objects.filter(authority=organisation.authority, kind=Team.Kind.FRONT_DOOR)
        .exclude(phone="")
        .first()
    )
    return front_door.phone if front_door else ""


def _responsible_team_phone(
    allocation: Allocation | None, organisation: PartnerOrganisation
) -> str:
    if allocation is not None and allocation.team.phone:
        return allocation.team.phone
    # No allocated team (or none with a number): the front door answers for the child.
    return _front_door_phone(organisation)


def partner_check_ask(
    *,
    organisation: PartnerOrganisation,
    question: CheckIn,
    user: User | None = None,
    token: PartnerToken | None = None,
    request: HttpRequest | None = None,
) -> CheckAnswer:
    """Answer the partner check. Audited whatever the answer; for a sure match the allocated
    worker (or, with no worker, the team manager) gets an alert naming the agency and the
    time. A possible match on a plan or looked after is answered "cannot confirm"."""
    identified = _identify(question)
    child = identified.child
    now = timezone.now()
    today = timezone.localdate()
    answer = NO_FLAGS
    allocation = None
    if child is None and identified.possible and _any_flag(identified.possible, today):
        answer = CheckAnswer(
            False, None, False, None, _front_door_phone(organisation), "cannot_confirm"
        )
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
                answer="flag",
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
                "matching": identified.matching,
                "answer": answer.answer,
                "possible_matches": identified.possible,
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

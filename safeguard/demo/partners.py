"""The demo authority's partner agencies: a school, a GP practice, a hospital's emergency
department and the police, a partner sign-in (school.demo) for the partner check, a first
identity-linkage model, and a few partner submissions about sw.demo's children, sent through
the same services as the partner API so that linkage and the signals run on them.

The generator names these partners on the front door's contacts and information requests
before they exist; once they do, `front_door_partners_link` fills in their ids, and the
partner's record of a child waiting at the front door goes to linkage for review.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command

from safeguard.agencies.linkage.services import (
    decide,
    linkage_model_current,
    person_link,
    prepare_incoming,
    score_candidates,
    scorer_for,
)
from safeguard.agencies.linkage.types import IncomingPerson
from safeguard.agencies.models import PartnerEvent, PartnerOrganisation
from safeguard.agencies.schemas import submission_adapter
from safeguard.agencies.services.organisations import (
    partner_organisation_get_or_create,
    partner_token_create,
    partner_user_add,
)
from safeguard.agencies.services.submissions import submission_receive
from safeguard.agencies.signals.services import signals_evaluate_for_child
from safeguard.cases.models import Allocation, ChildProtectionPlan, Contact
from safeguard.common import codes
from safeguard.common.types import AnyUser
from safeguard.demo import names
from safeguard.demo.generator.front_door import PARTNER_ROUTES
from safeguard.front_door.models import InformationRequest
from safeguard.organisation.models import Authority

PARTNER_LOGIN = "school.demo"
ORGANISATIONS = (
    (names.PARTNER_SCHOOL, PartnerOrganisation.Kind.SCHOOL),
    (names.PARTNER_GP_PRACTICE, PartnerOrganisation.Kind.GP),
    (names.PARTNER_EMERGENCY_DEPARTMENT, PartnerOrganisation.Kind.HOSPITAL),
    (names.PARTNER_POLICE, PartnerOrganisation.Kind.POLICE),
)


def _misspelt(name: str, rng: random.Random) -> str:
    """The kind of slip a school's extract makes: one letter doubled."""
    if len(name) < 3:
        return name
    at = rng.randrange(1, len(name) - 1)
    return name[:at] + name[at] + name[at:]


def _child(person: Any, rng: random.Random, *, misspell: bool) -> dict[str, Any]:
    return {
        "first_name": _misspelt(person.first_name, rng) if misspell else person.first_name,
        "last_name": person.last_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "sex": person.sex if person.sex in ("M", "F") else "",
    }


def demo_partners_create(*, password: str, seed: int, as_of: date) -> int:
    """Create the partners and send their submissions; returns the number of submissions."""
    authority = Authority.objects.order_by("pk").first()
    if authority is None:
        return 0
    organisations = {
        kind: partner_organisation_get_or_create(authority=authority, name=name, kind=kind)[0]
        for name, kind in ORGANISATIONS
    }
    user = get_user_model().objects.create_user(username=PARTNER_LOGIN, password=password)
    partner_user_add(
        user=user, organisation=organisations[PartnerOrganisation.Kind.SCHOOL], may_check=True
    )
    # Linking needs a trained model; a live authority trains one the same way.
    call_command("train_linkage_model", verbosity=0)

    rng = random.Random(seed)
    on_plan = set(
        ChildProtectionPlan.objects.filter(end_date__isnull=True).values_list("child_id", flat=True)
    )
    caseload = [
        a.child
        for a in Allocation.objects.filter(worker__user__username="sw.demo", end_date__isnull=True)
        .select_related("child")
        .order_by("child_id")
        if a.child.date_of_birth and a.child.last_name
    ]
    planned = [c for c in caseload if c.pk in on_plan][:2]
    others = [c for c in caseload if c.pk not in on_plan][:1]
    school = partner_token_create(
        organisation=organisations[PartnerOrganisation.Kind.SCHOOL],
        scopes=["events:submit"],
        label="demo",
    ).token
    gp = partner_token_create(
        organisation=organisations[PartnerOrganisation.Kind.GP],
        scopes=["events:submit"],
        label="demo",
    ).token
    sent = 0
    for child in planned:
        # The issue's own example: removed from roll, first name misspelt, no UPN.
        payload = {
            "reference": f"demo-roll-{child.pk}",
            "child": _child(child, rng, misspell=True),
            "event": {
                "event_type": "removed_from_roll",
                "school": names.PARTNER_SCHOOL,
                "date_removed": (as_of - timedelta(days=3)).isoformat(),
                "reason": "Parent says the family is moving away",
                "destination": "Not known",
            },
        }
        submission_receive(token=school, payload=submission_adapter.validate_python(payload))
        sent += 1
    for child in others:
        for weeks in (20, 12, 4):
            payload = {
                "reference": f"demo-dna-{child.pk}-{weeks}",
                "child": _child(child, rng, misspell=False),
                "event": {
                    "event_type": "missed_health_appointment",
                    "service": "Community paediatrics",
                    "appointment_date": (as_of - timedelta(weeks=weeks)).isoformat(),
                    "appointment_kind": "Developmental review",
                },
            }
            submission_receive(token=gp, payload=submission_adapter.validate_python(payload))
            sent += 1
    # The signals ran as of today when each submission arrived; a demo dated in the past
    # (--as-of) is evaluated as of its own day too, as the nightly run would have.
    for child_id in sorted(
        set(PartnerEvent.objects.filter(child__isnull=False).values_list("child_id", flat=True))
    ):
        signals_evaluate_for_child(child_id=child_id, today=as_of)
    front_door_partners_link(organisations=list(organisations.values()), school_user=user)
    partner_record_review(authority=authority)
    return sent


def front_door_partners_link(
    *, organisations: list[PartnerOrganisation], school_user: AnyUser
) -> None:
    """The partners' ids on what the generator wrote with their names: contacts sent through
    a partner's system, and the front door's information requests. The school's professional
    forms were sent by its safeguarding lead signed in as a partner (school.demo), who so sees
    what the front door told them."""
    for organisation in organisations:
        InformationRequest.objects.filter(agency=organisation.name).update(
            partner_organisation_id=organisation.pk
        )
        Contact.objects.filter(
            referrer_organisation=organisation.name, route__in=PARTNER_ROUTES
        ).update(partner_organisation_id=organisation.pk)
        if organisation.kind == PartnerOrganisation.Kind.SCHOOL:
            Contact.objects.filter(
                referrer_organisation=organisation.name,
                route=codes.ContactRoute.PROFESSIONAL_FORM,
            ).update(partner_organisation_id=organisation.pk, submitted_by=school_user)


def partner_record_review(*, authority: Authority) -> int | None:
    """The partner's record waiting at the front door unmatched (the school knows the child
    by another first name) goes through linkage like any partner's record. When linkage
    would ask a person, the review is opened and the contact points at it; when it would
    link, or create a new person, the contact is left for a front-door worker to match by
    hand (so the demo never gains a person linkage made up). Returns the review's id."""
    contact = (
        Contact.objects.filter(child__isnull=True, route=codes.ContactRoute.PARTNER_API)
        .order_by("pk")
        .first()
    )
    described = contact.child_as_described if contact is not None else {}
    if contact is None or not described.get("date_of_birth"):
        return None
    incoming = IncomingPerson(
        first_name=described.get("first_name", ""),
        last_name=described.get("last_name", ""),
        date_of_birth=date.fromisoformat(described["date_of_birth"]),
        sex=described.get("sex", ""),
    )
    model = linkage_model_current()
    scored = score_candidates(prepare_incoming(incoming), scorer_for(model))
    decision = decide(
        [s for s, _ in scored],
        link_threshold=model.link_threshold,
        review_threshold=model.review_threshold,
    )
    if decision.decision != "review":
        return None
    outcome = person_link(
        incoming=incoming, authority=authority, source=contact.referrer_organisation
    )
    if outcome.review_id is not None:
        Contact.objects.filter(pk=contact.pk).update(match_review_id=outcome.review_id)
    return outcome.review_id

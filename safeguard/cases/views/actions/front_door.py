"""The front door: contacts waiting for a decision, and the decision itself."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone

from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires
from safeguard.common import codes
from safeguard.timescales.clocks import CLOCKS

from ... import selectors, services
from ...forms_actions import ContactDecisionForm
from ...workflow.rules import RuleViolation, Violation
from .flow import StatutoryAction, run, signed_in_worker

NO_TEAM_FOR_REFERRAL = (
    "The contact has no front door team and you are in no team, so the referral has no team "
    "to open in. Ask your system administrator to put you in a team."
)


@requires("contact.decide")
def front_door(request: HttpRequest) -> HttpResponse:
    worker = worker_of(request.user)
    awaiting = selectors.front_door_contacts_awaiting(user=request.user, today=timezone.localdate())
    team = worker.team if worker else None
    return render(
        request,
        "cases/actions/front_door.html",
        {"awaiting": awaiting, "team_name": team.name if team else ""},
    )


@requires("contact.decide")
def contact_decide(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get_for_action(
        user=request.user, contact_id=contact_id, request=request
    )
    worker = signed_in_worker(request)
    team = contact.team or worker.team
    child = contact.child
    assert child is not None  # the selector lists only contacts about children the user sees

    def record(answers: dict[str, Any]) -> str:
        """Decide the contact; a referral decision opens the referral in the same
        transaction, from the contact's source (Working Together 2023, ch. 3)."""
        decided_at = timezone.now()
        decided = services.contact_decide(
            contact=contact,
            decision=answers["decision"],
            decided_at=decided_at,
            decided_by=worker,
            rationale=answers["rationale"],
        )
        if decided.decision != codes.ContactDecision.REFERRAL:
            return f"Decision recorded: {decided.get_decision_display().lower()}"
        if team is None:
            raise RuleViolation([Violation("referral_needs_team", NO_TEAM_FOR_REFERRAL, ())])
        services.referral_open(
            child=child,
            referral_date=timezone.localtime(decided_at).date(),
            source=contact.source,
            team=team,
            primary_need=answers["primary_need"],
            contact=decided,
        )
        return "Decision recorded: referral to children's social care. The referral is open."

    received = timezone.localtime(contact.received_at)
    due = CLOCKS["contact_decision"].due_from(received.date())
    return run(
        request,
        StatutoryAction(
            child=child,
            title="Decide on the contact",
            form_class=ContactDecisionForm,
            record=record,
            facts=[
                ("Received", dateformat.format(received, "j F Y, g:ia")),
                ("Decision due by", dateformat.format(due, "l j F Y")),
                ("From", "\n".join(filter(None, [contact.get_source_display(), contact.referrer]))),
                ("Concerns", contact.concerns or "None recorded"),
            ],
            field_map={"decision_rationale": "rationale"},
            back_url=reverse("cases:front_door"),
        ),
    )

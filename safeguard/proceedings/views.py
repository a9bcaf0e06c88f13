"""The pages that record a child's family group conferences and pre-proceedings, reached from
the panel on the child's record. Each declares its step (`StatutoryAction`) and hands over to
the one flow that records a statutory step (`cases/views/actions/flow.py`: check your answers,
the one-time token, nothing written on a refusal).

Each is the case holder's, as the child protection steps are (`child.manage_episodes`): the
child is read for recording (404 outside need to know, 403 for a role that may see but not
record, the read audited), and the conference or period through this app's selectors for that
child, so a row of another child is a 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from safeguard.accounts.access import requires, signed_in_user
from safeguard.cases.selectors import child_get_for_recording
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, run, signed_in_worker
from safeguard.common.forms import day_text
from safeguard.organisation.models import Worker, in_post_q
from safeguard.people.models import Person

from . import forms, selectors, services
from .models import FamilyGroupConference, GatewayOutcome, PreProceedings

MANAGE = "child.manage_episodes"
# Who chairs a legal planning meeting and owns its decision.
CHAIR_ROLES = (Worker.Role.TEAM_MANAGER, Worker.Role.HEAD_OF_SERVICE)


def _child(request: HttpRequest, child_id: int) -> Person:
    return child_get_for_recording(
        user=signed_in_user(request), child_id=child_id, permission=MANAGE, request=request
    )


def _conference(request: HttpRequest, child: Person, conference_id: int) -> FamilyGroupConference:
    found = selectors.family_group_conferences_list(user=signed_in_user(request), child=child)
    conference = next((c for c in found if c.pk == conference_id), None)
    if conference is None:
        raise Http404("No such family group conference about this child")
    return conference


def _period(request: HttpRequest, child: Person, pre_proceedings_id: int) -> PreProceedings:
    found = selectors.pre_proceedings_list(user=signed_in_user(request), child=child)
    period = next((p for p in found if p.pk == pre_proceedings_id), None)
    if period is None:
        raise Http404("No such period of pre-proceedings for this child")
    return period


def _conference_facts(conference: FamilyGroupConference) -> list[tuple[str, str]]:
    facts = [("Offered", day_text(conference.offered_on))]
    if conference.family_help is not None:
        facts.append(("For the family in", f"family help {conference.family_help.reference}"))
    if conference.answered_on is not None:
        facts.append(("The family's answer", conference.get_answer_display()))
    if conference.held_on is not None:
        facts.append(("Held", day_text(conference.held_on)))
    return facts


def _period_facts(period: PreProceedings) -> list[tuple[str, str]]:
    return [
        ("Pre-proceedings started", day_text(period.started_on)),
        ("Family reference", period.plo_family_reference),
        (
            "Letter before proceedings",
            day_text(period.letter_sent_on) if period.letter_sent_on else "Not sent yet",
        ),
    ]


# Family group conferences ----------------------------------------------------------------


@requires(MANAGE)
def conference_offer(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)
    worker = signed_in_worker(request)

    def record(answers: Answers) -> str:
        services.family_group_conference_offer(
            child=child, offered_on=answers["offered_on"], offered_by=worker
        )
        return "Family group conference offered"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Offer a family group conference",
            form_class=forms.ConferenceOfferForm,
            record=record,
            facts=[("Offered by", worker.full_name)],
            field_map={"offered_by": "offered_on", "child": "offered_on"},
        ),
    )


@requires(MANAGE)
def conference_answer(
    request: HttpRequest, child_id: int, family_group_conference_id: int
) -> HttpResponse:
    child = _child(request, child_id)
    conference = _conference(request, child, family_group_conference_id)

    def record(answers: Answers) -> str:
        services.family_group_conference_answer(
            conference=conference, answer=answers["answer"], answered_on=answers["answered_on"]
        )
        if answers["answer"] == FamilyGroupConference.Answer.ACCEPTED:
            return "The family accepted the family group conference"
        return "The family declined the family group conference"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the family's answer to the offer",
            form_class=forms.ConferenceAnswerForm,
            record=record,
            facts=_conference_facts(conference),
        ),
    )


@requires(MANAGE)
def conference_hold(
    request: HttpRequest, child_id: int, family_group_conference_id: int
) -> HttpResponse:
    child = _child(request, child_id)
    conference = _conference(request, child, family_group_conference_id)

    def record(answers: Answers) -> str:
        services.family_group_conference_hold(
            conference=conference,
            held_on=answers["held_on"],
            coordinator_name=answers["coordinator_name"],
            coordinator_organisation=answers["coordinator_organisation"],
            attendees=forms.attendees(answers),
        )
        return "Family group conference recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the family group conference",
            form_class=forms.ConferenceHoldForm,
            record=record,
            facts=_conference_facts(conference),
            field_map={"attendees": "attendee_1_name", "answer": "held_on"},
        ),
    )


@requires(MANAGE)
def family_plan_agree(
    request: HttpRequest, child_id: int, family_group_conference_id: int
) -> HttpResponse:
    child = _child(request, child_id)
    conference = _conference(request, child, family_group_conference_id)

    def record(answers: Answers) -> str:
        services.family_group_plan_agree(
            conference=conference,
            agreed_on=answers["plan_agreed_on"],
            plan=answers["family_plan"],
            review_on=answers["plan_review_on"],
        )
        return "The family's plan is recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the family's plan",
            form_class=forms.FamilyPlanForm,
            record=record,
            facts=_conference_facts(conference),
            draft_key=f"family-plan-{conference.pk}",
        ),
    )


# Pre-proceedings --------------------------------------------------------------------------


@requires(MANAGE)
def legal_planning_meeting_record(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)
    worker = signed_in_worker(request)
    chairs = {
        str(w.pk): w
        for w in Worker.objects.filter(
            in_post_q(timezone.localdate()), authority=worker.authority, role__in=CHAIR_ROLES
        ).order_by("last_name", "first_name", "pk")
    }

    def record(answers: Answers) -> str:
        services.legal_planning_meeting_record(
            child=child,
            held_on=answers["held_on"],
            outcome=answers["outcome"],
            rationale=answers["rationale"],
            chaired_by=chairs[answers["chaired_by"]],
            plo_family_reference=answers["plo_family_reference"],
        )
        if answers["outcome"] == GatewayOutcome.START_PRE_PROCEEDINGS:
            return "Legal planning meeting recorded. Pre-proceedings have started."
        return "Legal planning meeting recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a legal planning meeting",
            form_class=forms.LegalPlanningMeetingForm,
            form_kwargs={"chairs": [(k, w.full_name) for k, w in chairs.items()]},
            record=record,
            draft_key=f"legal-planning-meeting-{child.pk}",
        ),
    )


@requires(MANAGE)
def letter_send(request: HttpRequest, child_id: int, pre_proceedings_id: int) -> HttpResponse:
    child = _child(request, child_id)
    period = _period(request, child, pre_proceedings_id)

    def record(answers: Answers) -> str:
        services.pre_proceedings_letter_send(
            pre_proceedings=period,
            sent_on=answers["sent_on"],
            family_group_conference_offered=answers["family_group_conference_offered"],
            parents_legally_represented=answers["parents_legally_represented"],
        )
        return "Letter before proceedings recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the letter before proceedings",
            form_class=forms.LetterForm,
            record=record,
            facts=_period_facts(period),
            field_map={"pre_proceedings": "sent_on"},
        ),
    )


@requires(MANAGE)
def meeting_record(request: HttpRequest, child_id: int, pre_proceedings_id: int) -> HttpResponse:
    child = _child(request, child_id)
    period = _period(request, child, pre_proceedings_id)

    def record(answers: Answers) -> str:
        meeting = services.pre_proceedings_meeting_record(
            pre_proceedings=period,
            held_on=answers["held_on"],
            kind=answers["kind"],
            summary=answers["summary"],
        )
        return f"{meeting.get_kind_display()} recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a pre-proceedings meeting",
            form_class=forms.PreProceedingsMeetingForm,
            record=record,
            facts=_period_facts(period),
            field_map={"pre_proceedings": "held_on"},
            draft_key=f"pre-proceedings-meeting-{period.pk}",
        ),
    )


@requires(MANAGE)
def pre_proceedings_end(
    request: HttpRequest, child_id: int, pre_proceedings_id: int
) -> HttpResponse:
    child = _child(request, child_id)
    period = _period(request, child, pre_proceedings_id)

    def record(answers: Answers) -> str:
        issued = answers["outcome"] == PreProceedings.Outcome.ISSUE_CARE_PROCEEDINGS
        services.pre_proceedings_end(
            pre_proceedings=period,
            outcome=answers["outcome"],
            decided_on=answers["outcome_decided_on"],
            # A hidden question (stepping down) reads as blank.
            court_application_on=answers.get("court_application_on") if issued else None,
            care_proceedings_letter_on=(
                answers.get("care_proceedings_letter_on") if issued else None
            ),
            court_reference=answers.get("court_reference", "") if issued else "",
        )
        return "Pre-proceedings have ended"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the end of pre-proceedings",
            form_class=forms.PreProceedingsEndForm,
            record=record,
            facts=_period_facts(period),
            field_map={"decided_on": "outcome_decided_on", "pre_proceedings": "outcome"},
        ),
    )

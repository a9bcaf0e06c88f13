"""The pages that record a family's help: each declares its step (`StatutoryAction`) and hands
over to the one flow that records a statutory step (`cases/views/actions/flow.py`: check your
answers, the one-time token, nothing written on a refusal; docs/decisions/0010).

Each view asks `family_help.record` (the family's lead, the family help team's practitioners
and managers), then reads the family through family help's selector, which applies need to
know for families (a family outside it is a 404) and audits the read; a family the user may
see but not record on (the front door, a conference chair) is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.access.queries import visible_children
from safeguard.accounts.access import requires, signed_in_user
from safeguard.cases.models import Referral
from safeguard.cases.selectors import child_get_for_recording
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, run, signed_in_worker
from safeguard.cases.workflow.rules import Violation
from safeguard.common.forms import day_text
from safeguard.front_door.selectors import contact_get
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person, Relationship

from . import forms, rules, selectors, services
from .models import EarlyHelpEpisode, FamilyHelpEpisode, FamilyPlan, PlanAction
from .outcomes import Outcome

RECORD = "family_help.record"
# About a child, not a family: the child's need to know, council staff only.
START = "family_help.start"
TEMPLATE = "family_help/record/form.html"
CHECK_TEMPLATE = "family_help/record/check_answers.html"


def _family_for_recording(request: HttpRequest, family_help_id: int) -> selectors.FamilyHelpPage:
    """The family, read through need to know (404 outside it, the read audited), then 403
    unless this user may record on it."""
    user = signed_in_user(request)
    page = selectors.family_help_get(user=user, family_help_id=family_help_id, request=request)
    if not allowed(user, RECORD, page.family_help):
        raise PermissionDenied(RECORD)
    return page


def _family_url(family: FamilyHelpEpisode) -> str:
    return reverse("family_help:family", args=[family.pk])


def _facts(page: selectors.FamilyHelpPage) -> list[tuple[str, str]]:
    family = page.family_help
    children = [c.child.full_name for c in page.children if c.end_date is None]
    lead = page.current_lead
    return [
        ("Family help", f"{family.reference}, started {day_text(family.started_on)}"),
        ("Children", ", ".join(children) or "None"),
        ("Lead practitioner", selectors.lead_name(lead) if lead is not None else "No lead yet"),
    ]


def _within(family: FamilyHelpEpisode, field: str) -> Any:
    """The step's date rules the page can ask before the service: family help still open,
    and the date within it."""

    def checks(answers: Answers) -> list[Violation]:
        return rules.family_help_open(family.ended_on) + rules.date_within_family_help(
            family.started_on, family.ended_on, field, answers.get(field)
        )

    return checks


def _step(
    page: selectors.FamilyHelpPage, *, title: str, date_field: str, **kwargs: Any
) -> StatutoryAction:
    """A step on the family's help, returning to the family's page."""
    family = page.family_help
    return StatutoryAction(
        title=title,
        facts=_facts(page),
        back_url=_family_url(family),
        template=TEMPLATE,
        check_template=CHECK_TEMPLATE,
        context={"family": family},
        checks=_within(family, date_field),
        **kwargs,
    )


# --- Starting, and the children in it -------------------------------------------------------


@requires(START)
def family_help_start(request: HttpRequest, child_id: int) -> HttpResponse:
    """Family help starts for a child (and later their brothers and sisters: "Add a child"),
    from the child's record: started by the council's family help service or by a partner."""
    user = signed_in_user(request)
    child = child_get_for_recording(user=user, child_id=child_id, permission=START, request=request)
    worker = signed_in_worker(request)
    teams = list(
        Team.objects.filter(authority=worker.authority, kind=Team.Kind.FAMILY_HELP).order_by("name")
    )
    initial: dict[str, Any] = {}
    if worker.team_id is not None and any(t.pk == worker.team_id for t in teams):
        initial["team"] = str(worker.team_id)
    leads = forms.lead_choices(worker.authority, timezone.localdate())
    started: list[FamilyHelpEpisode] = []

    def record(answers: Answers) -> str:
        lead: forms.Lead | None = answers["lead"]
        family = services.family_help_start(
            team=next(t for t in teams if str(t.pk) == answers["team"]),
            started_on=answers["started_on"],
            start_route=answers["start_route"],
            consent_given_on=answers["consent_given_on"],
            consent_given_by=answers["consent_given_by"],
            children=[services.ChildJoining(child=child, reason=answers["reason"])],
            worker=lead.worker if lead else None,
            partner_user=lead.partner_user if lead else None,
        )
        started.append(family)
        return f"Family help {family.reference} started for {child.full_name}"

    def done_url(answers: Answers) -> str:
        family = started[-1]
        # The new family is the recorder's to see only if they lead it or oversee its team.
        if allowed(user, "family_help.view", family):
            return _family_url(family)
        return reverse("cases:child_record", args=[child.pk])

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Start family help",
            form_class=forms.FamilyHelpStartForm,
            form_kwargs={"teams": teams, "leads": leads},
            initial=initial,
            record=record,
            done_url=done_url,
            field_map={"child": "reason", "children": "reason", "lead": "lead"},
            template=TEMPLATE,
            check_template=CHECK_TEMPLATE,
            checks=lambda answers: (
                rules.consent_before_start(answers.get("consent_given_on"), answers["started_on"])
                if answers.get("started_on") and answers.get("consent_given_on")
                else []
            ),
        ),
    )


def _children_who_may_join(user: Any, in_family: list[int]) -> list[tuple[int, str]]:
    """Children related to the family's children (either way round) whom this user may see
    and who are in no family's help now."""
    related = Relationship.objects.filter(
        Q(person_id__in=in_family) | Q(relative_id__in=in_family)
    ).values_list("person_id", "relative_id")
    ids = {pk for pair in related for pk in pair} - set(in_family)
    in_help = EarlyHelpEpisode.objects.filter(end_date__isnull=True).values("child_id")
    people = (
        visible_children(user)
        .filter(pk__in=ids)
        .exclude(pk__in=in_help)
        .order_by("last_name", "first_name", "pk")
    )
    return [(p.pk, p.full_name) for p in people]


@requires(RECORD)
def family_help_child_add(request: HttpRequest, family_help_id: int) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)
    family = page.family_help
    open_ids = [c.child_id for c in page.children if c.end_date is None]
    choices = _children_who_may_join(signed_in_user(request), open_ids)
    allowed_ids = {pk for pk, _ in choices}

    def record(answers: Answers) -> str:
        child_id = int(answers["child"])
        if child_id not in allowed_ids:  # the form's choices already refuse any other
            raise Http404("No such child")
        child = Person.objects.get(pk=child_id)
        services.family_help_child_add(
            family_help=family,
            joining=services.ChildJoining(child=child, reason=answers["reason"]),
            start_date=answers["start_date"],
        )
        return f"{child.full_name} has joined the family's help"

    return run(
        request,
        _step(
            page,
            title="Add a child to family help",
            date_field="start_date",
            form_class=forms.ChildAddForm,
            form_kwargs={"children": choices},
            record=record,
        ),
    )


@requires(RECORD)
def family_help_child_leave(
    request: HttpRequest, family_help_id: int, child_episode_id: int
) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)
    episode = next((c for c in page.children if c.pk == child_episode_id), None)
    if episode is None:
        raise Http404("No such child in this family")

    def record(answers: Answers) -> str:
        services.family_help_child_leave(
            child_episode=episode,
            end_date=answers["end_date"],
            end_reason=answers["end_reason"],
        )
        return f"{episode.child.full_name}'s family help has ended"

    action = _step(
        page,
        title=f"{episode.child.full_name} leaves family help",
        date_field="end_date",
        form_class=forms.ChildLeaveForm,
        record=record,
        # The last child does not leave: the refusal names no field of this form.
        field_map={"children": "end_reason", "family_help": "end_date"},
    )
    action.facts.append(("Joined", day_text(episode.start_date)))
    return run(request, action)


# --- The lead practitioner --------------------------------------------------------------------


@requires(RECORD)
def lead_practitioner_assign(request: HttpRequest, family_help_id: int) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)
    family = page.family_help
    leads = forms.lead_choices(family.team.authority, timezone.localdate())

    def record(answers: Answers) -> str:
        lead: forms.Lead = answers["lead"]
        services.lead_practitioner_assign(
            family_help=family,
            start_date=answers["start_date"],
            worker=lead.worker,
            partner_user=lead.partner_user,
        )
        return f"{lead.label} is the lead practitioner from {day_text(answers['start_date'])}"

    return run(
        request,
        _step(
            page,
            title="Assign the lead practitioner",
            date_field="start_date",
            form_class=forms.LeadAssignForm,
            form_kwargs={"leads": leads},
            record=record,
        ),
    )


# --- The assessment ---------------------------------------------------------------------------


@requires(RECORD)
def assessment_start(request: HttpRequest, family_help_id: int) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)

    def record(answers: Answers) -> str:
        services.family_help_assessment_start(
            family_help=page.family_help, start_date=answers["start_date"]
        )
        return "The family help assessment has started"

    return run(
        request,
        _step(
            page,
            title="Start the family help assessment",
            date_field="start_date",
            form_class=forms.AssessmentStartForm,
            record=record,
            # A start date only: nothing to check back (as starting a social care assessment).
            check_answers=False,
            button="Start the assessment",
        ),
    )


@requires(RECORD)
def assessment_complete(
    request: HttpRequest, family_help_id: int, family_assessment_id: int
) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)
    assessment = next((a for a in page.assessments if a.pk == family_assessment_id), None)
    if assessment is None:
        raise Http404("No such assessment of this family")

    def record(answers: Answers) -> str:
        services.family_help_assessment_complete(
            assessment=assessment,
            completed_on=answers["completed_on"],
            needs=answers["needs"],
            family_view=answers["family_view"],
            child_voice=answers["child_voice"],
            analysis=answers["analysis"],
        )
        return "The family help assessment is complete"

    action = _step(
        page,
        title="Complete the family help assessment",
        date_field="completed_on",
        form_class=forms.AssessmentCompleteForm,
        record=record,
        field_map={"needs": forms.need_field(Outcome.EDUCATION)},
    )
    action.facts.append(("Assessment started", day_text(assessment.start_date)))
    return run(request, action)


# --- The family plan --------------------------------------------------------------------------


@requires(RECORD)
def family_plan_agree(request: HttpRequest, family_help_id: int) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)
    completed = [a for a in page.assessments if a.completed_on is not None]
    # The plan answers the needs the latest completed assessment found; before one is
    # complete every headline outcome is offered, and the service refuses the plan.
    areas = (
        sorted({n.area for n in completed[-1].needs.all()}, key=Outcome.values.index)
        if completed
        else list(Outcome.values)
    )

    def record(answers: Answers) -> str:
        services.family_plan_agree(
            family_help=page.family_help,
            agreed_on=answers["agreed_on"],
            outcomes=answers["outcomes"],
        )
        return "The family plan is agreed"

    return run(
        request,
        _step(
            page,
            title="Agree the family plan",
            date_field="agreed_on",
            form_class=forms.PlanAgreeForm,
            form_kwargs={"areas": areas},
            record=record,
            field_map={"outcomes": forms.change_field(areas[0]) if areas else "agreed_on"},
        ),
    )


@requires(RECORD)
def plan_action_done(request: HttpRequest, family_help_id: int, action_id: int) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)
    action = next(
        (
            a
            for plan in page.plans
            for outcome in plan.outcomes.all()
            for a in outcome.actions.all()
            if a.pk == action_id
        ),
        None,
    )
    if action is None:
        raise Http404("No such action in this family's plan")
    done: PlanAction = action

    def record(answers: Answers) -> str:
        services.plan_action_done(action=done, done_on=answers["done_on"])
        return f"Action done: {done.what}"

    step = _step(
        page,
        title="Mark an action done",
        date_field="done_on",
        form_class=forms.ActionDoneForm,
        record=record,
        check_answers=False,
        button="Mark as done",
    )
    step.facts += [("Action", done.what), ("Who", done.who)]
    return run(request, step)


# --- Meetings and reviews ---------------------------------------------------------------------


@requires(RECORD)
def family_meeting_record(request: HttpRequest, family_help_id: int) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)

    def record(answers: Answers) -> str:
        services.family_meeting_record(
            family_help=page.family_help,
            held_on=answers["held_on"],
            kind=answers["kind"],
            attendees=answers["attendees"],
            decisions=answers["decisions"],
        )
        return "Team around the family meeting recorded"

    return run(
        request,
        _step(
            page,
            title="Record a team around the family meeting",
            date_field="held_on",
            form_class=forms.MeetingRecordForm,
            record=record,
        ),
    )


@requires(RECORD)
def family_plan_review_record(
    request: HttpRequest, family_help_id: int, family_plan_id: int
) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)
    plan: FamilyPlan | None = next((p for p in page.plans if p.pk == family_plan_id), None)
    if plan is None:
        raise Http404("No such plan of this family")
    reviewed = plan
    outcomes = list(plan.outcomes.all())

    def record(answers: Answers) -> str:
        review = services.family_plan_review_record(
            plan=reviewed,
            reviewed_on=answers["reviewed_on"],
            progress=answers["progress"],
            meeting=answers["meeting"],
            next_review_due=answers["next_review_due"],
        )
        return f"Plan review recorded. The next review is due by {day_text(review.next_review_due)}"

    step = _step(
        page,
        title="Record a review of the family plan",
        date_field="reviewed_on",
        form_class=forms.ReviewRecordForm,
        form_kwargs={"outcomes": outcomes, "meetings": page.meetings},
        record=record,
        field_map={"meeting": "meeting", "progress": "reviewed_on"},
    )
    step.facts.append(("Plan agreed", day_text(plan.agreed_on)))
    return run(request, step)


# --- Closing ----------------------------------------------------------------------------------


@requires(RECORD)
def family_help_close(request: HttpRequest, family_help_id: int) -> HttpResponse:
    page = _family_for_recording(request, family_help_id)

    def record(answers: Answers) -> str:
        services.family_help_close(
            family_help=page.family_help,
            ended_on=answers["ended_on"],
            end_reason=answers["end_reason"],
        )
        return f"Family help {page.family_help.reference} has closed"

    def done_url(answers: Answers) -> str:
        # A partner lead no longer sees the family once it closes (closing clears the lead).
        family = FamilyHelpEpisode.objects.get(pk=page.family_help.pk)
        if allowed(signed_in_user(request), "family_help.view", family):
            return _family_url(family)
        return reverse("family_help:list")

    return run(
        request,
        _step(
            page,
            title="Close family help",
            date_field="ended_on",
            form_class=forms.FamilyHelpCloseForm,
            record=record,
            done_url=done_url,
            field_map={"end_reason": "end_reason"},
        ),
    )


# --- Starting from the front door, stepping up and stepping down ------------------------------


def _start_choices(worker: Worker) -> tuple[list[Team], dict[str, Any], dict[str, forms.Lead]]:
    """The family help teams of the worker's authority (their own chosen if it is one) and
    who may lead: what every start of a family's help asks."""
    teams = list(
        Team.objects.filter(authority=worker.authority, kind=Team.Kind.FAMILY_HELP).order_by("name")
    )
    initial: dict[str, Any] = {}
    if worker.team_id is not None and any(t.pk == worker.team_id for t in teams):
        initial["team"] = str(worker.team_id)
    return teams, initial, forms.lead_choices(worker.authority, timezone.localdate())


def _done_at_family_or_child(
    request: HttpRequest, started: list[FamilyHelpEpisode], child_id: int
) -> Callable[[Answers], str]:
    def done_url(answers: Answers) -> str:
        # The new family is the recorder's to see only if they lead it or work in its team.
        if allowed(signed_in_user(request), "family_help.view", started[-1]):
            return _family_url(started[-1])
        return reverse("cases:child_record", args=[child_id])

    return done_url


@requires(START)
def family_help_start_from_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    """The family help team takes up the front door's "early help" decision on a contact once
    the family agrees: for those who may open the contact and start family help for its child
    (404 outside need to know, both reads audited)."""
    user = signed_in_user(request)
    contact = contact_get(user=user, contact_id=contact_id, request=request)
    if contact.child_id is None:
        raise Http404("The contact is about no child yet")
    child = child_get_for_recording(
        user=user, child_id=contact.child_id, permission=START, request=request
    )
    teams, initial, leads = _start_choices(signed_in_worker(request))
    started: list[FamilyHelpEpisode] = []

    def record(answers: Answers) -> str:
        lead: forms.Lead | None = answers["lead"]
        family = services.family_help_start_from_contact(
            contact=contact,
            team=next(t for t in teams if str(t.pk) == answers["team"]),
            started_on=answers["started_on"],
            consent_given_on=answers["consent_given_on"],
            consent_given_by=answers["consent_given_by"],
            reason=answers["reason"],
            worker=lead.worker if lead else None,
            partner_user=lead.partner_user if lead else None,
        )
        started.append(family)
        return f"Family help {family.reference} started for {child.full_name} from the contact"

    decided = (
        f"{contact.get_decision_display()}, {day_text(timezone.localdate(contact.decided_at))}"
        if contact.decided_at and contact.decision
        else "Not decided yet"
    )
    return run(
        request,
        StatutoryAction(
            child=child,
            title="Start family help from the front door's decision",
            facts=[
                ("Contact received", day_text(timezone.localdate(contact.received_at))),
                ("Front door decision", decided),
            ],
            form_class=forms.StartFromContactForm,
            form_kwargs={"teams": teams, "leads": leads},
            initial=initial,
            record=record,
            done_url=_done_at_family_or_child(request, started, child.pk),
            # The decision itself is refused beside the start date: the contact is not asked.
            field_map={"contact": "started_on", "lead": "lead"},
            template=TEMPLATE,
            check_template=CHECK_TEMPLATE,
            checks=lambda answers: (
                rules.consent_before_start(answers.get("consent_given_on"), answers["started_on"])
                if answers.get("started_on") and answers.get("consent_given_on")
                else []
            ),
        ),
    )


@requires(START)
def family_help_step_down(request: HttpRequest, child_id: int, referral_id: int) -> HttpResponse:
    """Social care steps the child down to family help after their referral closed (RC9, or
    RC7 when the child in need plan ended), from the child's record. Only the child's own
    referrals are offered; the service checks the closure."""
    user = signed_in_user(request)
    child = child_get_for_recording(user=user, child_id=child_id, permission=START, request=request)
    referral = Referral.objects.filter(child=child, pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral of this child")
    teams, initial, leads = _start_choices(signed_in_worker(request))
    started: list[FamilyHelpEpisode] = []

    def record(answers: Answers) -> str:
        lead: forms.Lead | None = answers["lead"]
        family = services.family_help_step_down(
            team=next(t for t in teams if str(t.pk) == answers["team"]),
            started_on=answers["started_on"],
            consent_given_on=answers["consent_given_on"],
            consent_given_by=answers["consent_given_by"],
            children=[
                services.ChildSteppingDown(child=child, referral=referral, reason=answers["reason"])
            ],
            worker=lead.worker if lead else None,
            partner_user=lead.partner_user if lead else None,
        )
        started.append(family)
        return f"{child.full_name} has stepped down to family help {family.reference}"

    closed = (
        f"{day_text(referral.closure_date)}: {referral.get_closure_reason_display()}"
        if referral.closure_date
        else "Not closed"
    )
    return run(
        request,
        StatutoryAction(
            child=child,
            title="Step down to family help",
            facts=[
                ("Referral", day_text(referral.referral_date)),
                ("Referral closed", closed),
            ],
            form_class=forms.StepDownForm,
            form_kwargs={"teams": teams, "leads": leads},
            initial=initial,
            record=record,
            done_url=_done_at_family_or_child(request, started, child.pk),
            # A referral that did not close with a step down is refused beside the start date.
            field_map={"referral": "started_on", "children": "reason", "lead": "lead"},
            template=TEMPLATE,
            check_template=CHECK_TEMPLATE,
            checks=lambda answers: (
                rules.consent_before_start(answers.get("consent_given_on"), answers["started_on"])
                if answers.get("started_on") and answers.get("consent_given_on")
                else []
            ),
        ),
    )


@requires(RECORD)
def family_help_step_up(request: HttpRequest, family_help_id: int) -> HttpResponse:
    """The lead asks children's social care to step in: a contact at the front door for each
    child chosen, with the family's help as it stands attached."""
    page = _family_for_recording(request, family_help_id)
    open_children = [c for c in page.children if c.end_date is None]
    episodes = {str(c.pk): c for c in open_children}

    def record(answers: Answers) -> str:
        step_ups = services.family_help_step_up(
            family_help=page.family_help,
            child_episodes=[episodes[key] for key in answers["children"]],
            reason=answers["reason"],
            consent=answers["consent"],
            consent_reason=answers["consent_reason"],
            urgency=answers["urgency"],
        )
        names = ", ".join(s.child_episode.child.full_name for s in step_ups)
        return f"The front door has been asked to step in for {names}"

    return run(
        request,
        StatutoryAction(
            title="Step up to children's social care",
            facts=_facts(page),
            back_url=_family_url(page.family_help),
            template=TEMPLATE,
            check_template=CHECK_TEMPLATE,
            context={"family": page.family_help},
            form_class=forms.StepUpForm,
            form_kwargs={"children": [(c.pk, c.child.full_name) for c in open_children]},
            record=record,
            # No lead, or the help closed: refused beside the children chosen.
            field_map={"lead": "children", "requested_at": "children", "family_help": "children"},
        ),
    )


# --- What the family's page offers to record --------------------------------------------------


def family_recording_links(page: selectors.FamilyHelpPage) -> list[tuple[str, str]]:
    """The steps that may follow on the family's help as it stands, as (url, text) for the
    family's page to show to those who may record (`family_help/record/links.html`). Nothing
    once the help has closed: help that is needed again starts anew."""
    family = page.family_help
    if family.ended_on is not None:
        return []

    def url(name: str, *args: int) -> str:
        return reverse(f"family_help:{name}", args=[family.pk, *args])

    links = [
        (url("lead_assign"), "Assign the lead practitioner"),
        (url("child_add"), "Add a child"),
    ]
    open_children = [c for c in page.children if c.end_date is None]
    if len(open_children) > 1:
        links += [
            (url("child_leave", c.pk), f"Record that {c.child.full_name} leaves family help")
            for c in open_children
        ]
    in_progress = next((a for a in page.assessments if a.completed_on is None), None)
    if in_progress is None:
        links.append((url("assessment_start"), "Start a family help assessment"))
    else:
        links.append(
            (url("assessment_complete", in_progress.pk), "Complete the family help assessment")
        )
    if any(a.completed_on is not None for a in page.assessments):
        links.append((url("plan_agree"), "Agree the family plan"))
    links.append((url("meeting_record"), "Record a team around the family meeting"))
    for plan in page.plans:
        links.append(
            (url("review_record", plan.pk), f"Review the plan agreed {day_text(plan.agreed_on)}")
        )
        links += [
            (url("action_done", action.pk), f"Mark done: {action.what}")
            for outcome in plan.outcomes.all()
            for action in outcome.actions.all()
            if action.done_on is None
        ]
    links.append((url("step_up"), "Step up to children's social care"))
    links.append((url("close"), "Close family help"))
    return links

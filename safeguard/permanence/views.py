"""The pages of a looked-after child's adoption journey (the decision that they should be
placed for adoption, the match, the adoption order, the decision that they should no longer
be placed) and their previous permanence. Each checks the role (`child.manage_episodes`, as
the other looked-after pages), finds the child within need to know (one audit entry) and
their open period of care, declares the step and hands it to the one flow
(`cases.views.actions.flow`: check your answers, the one-time token, the draft cleared with
the write). The rules the service asks are asked of the typed answers too, so a refusal shows
beside the answer.

The placement for adoption itself is a change of placement (A3-A6) on the looked-after pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from safeguard.accounts.access import requires
from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.views.actions.care import child_in_care_for_action
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, child_record_url, run
from safeguard.cases.workflow.rules import Violation, dates_not_in_future
from safeguard.common.forms import ActionForm, day_text
from safeguard.people.models import Person

from . import rules, selectors, services
from .forms import (
    AdoptionDecisionForm,
    AdoptionMatchForm,
    AdoptionNoLongerForm,
    AdoptionOrderForm,
    PermanencePlanForm,
    PreviousPermanenceForm,
)
from .models import AdoptionDecision

MANAGE = "child.manage_episodes"
NO_DECISION = (
    "{name} has no decision that they should be placed for adoption standing now: record the "
    "decision first."
)
DECISION_STANDS = "The decision of {date} that {name} should be placed for adoption still stands."
ALREADY_MATCHED = "{name} was matched with prospective adopters on {date} already."
NOT_MATCHED = "Record the match with the prospective adopters before the adoption order."
ALREADY_RECORDED = "Previous permanence is recorded for {name}'s period of care already."


def _back(request: HttpRequest, child: Person, message: str) -> HttpResponse:
    messages.info(request, message)
    return HttpResponseRedirect(child_record_url(child.pk))


def _facts(period: LookedAfterPeriod, decision: AdoptionDecision | None) -> list[tuple[str, str]]:
    facts = [("Looked after since", day_text(period.start_date))]
    if decision is not None:
        facts.append(("Decision to place for adoption", day_text(decision.decision_date)))
        if decision.match_date is not None:
            facts.append(
                (
                    "Matched with prospective adopters",
                    f"{day_text(decision.match_date)} ({decision.get_adopters_sex_display()})",
                )
            )
    placed_on = selectors.placed_for_adoption_on(period=period)
    if placed_on is not None:
        facts.append(("Placed for adoption", day_text(placed_on)))
    return facts


def _dates(period: LookedAfterPeriod, answers: Answers, name: str) -> list[Violation]:
    on = answers.get(name)
    return dates_not_in_future(
        timezone.localdate(), {name: on}
    ) + rules.adoption_date_within_care_period(period.start_date, period.end_date, name, on)


def _step(
    request: HttpRequest,
    child: Person,
    period: LookedAfterPeriod,
    decision: AdoptionDecision | None,
    *,
    title: str,
    form_class: type[ActionForm],
    record: Callable[[Answers], str],
    checks: Callable[[Answers], list[Violation]],
) -> HttpResponse:
    return run(
        request,
        StatutoryAction(
            child=child,
            title=title,
            form_class=form_class,
            record=record,
            facts=_facts(period, decision),
            draft_key=f"permanence-{form_class.__name__}-{period.pk}",
            checks=checks,
        ),
    )


@requires(MANAGE)
def adoption_decision_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The agency decision maker's decision that the child should be placed for adoption."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    standing = selectors.adoption_decision_open_get(period=period)
    if standing is not None:
        return _back(
            request,
            child,
            DECISION_STANDS.format(date=day_text(standing.decision_date), name=child.full_name),
        )
    reversed_on = max(
        (
            d.no_longer_date
            for d in selectors.adoption_decisions_list(child=child)
            if d.no_longer_date
        ),
        default=None,
    )

    def checks(answers: Answers) -> list[Violation]:
        return _dates(period, answers, "decision_date") + rules.adoption_decision_after_previous(
            reversed_on, answers.get("decision_date")
        )

    def record(answers: Answers) -> str:
        services.adoption_decision_record(period=period, decision_date=answers["decision_date"])
        return "Decision to place for adoption recorded"

    return _step(
        request,
        child,
        period,
        None,
        title="Record the decision that the child should be placed for adoption",
        form_class=AdoptionDecisionForm,
        record=record,
        checks=checks,
    )


def _standing(
    request: HttpRequest, child_id: int
) -> tuple[Person, LookedAfterPeriod | None, AdoptionDecision | None]:
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return child, None, None
    decision = selectors.adoption_decision_open_get(period=period)
    if decision is None:
        messages.info(request, NO_DECISION.format(name=child.full_name))
    return child, period, decision


@requires(MANAGE)
def adoption_match_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The match with prospective adopters: the date, and who they are as the return asks."""
    child, period, decision = _standing(request, child_id)
    if period is None or decision is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    if decision.match_date is not None:
        return _back(
            request,
            child,
            ALREADY_MATCHED.format(name=child.full_name, date=day_text(decision.match_date)),
        )

    def checks(answers: Answers) -> list[Violation]:
        return (
            _dates(period, answers, "match_date")
            + rules.adoption_match_after_decision(decision.decision_date, answers.get("match_date"))
            + rules.adopters_fit_together(
                str(answers.get("adopters_sex") or ""),
                str(answers.get("adopters_legal_status") or ""),
            )
        )

    def record(answers: Answers) -> str:
        services.adoption_match_record(
            decision=decision,
            match_date=answers["match_date"],
            adopters_sex=answers["adopters_sex"],
            adopters_legal_status=answers["adopters_legal_status"],
        )
        return "Match recorded"

    return _step(
        request,
        child,
        period,
        decision,
        title="Record the match with prospective adopters",
        form_class=AdoptionMatchForm,
        record=record,
        checks=checks,
    )


@requires(MANAGE)
def adoption_order_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The adoption order: the child stops being looked after that day (E11 or E12)."""
    child, period, decision = _standing(request, child_id)
    if period is None or decision is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    if decision.match_date is None:
        return _back(request, child, NOT_MATCHED)

    def checks(answers: Answers) -> list[Violation]:
        order_date: date | None = answers.get("order_date")
        return _dates(period, answers, "order_date") + services.adoption_order_checks(
            period, decision, order_date
        )

    def record(answers: Answers) -> str:
        services.adoption_order_record(
            decision=decision,
            order_date=answers["order_date"],
            reason_ceased=answers["reason_ceased"],
        )
        return "Adoption order recorded: the child is no longer looked after"

    return _step(
        request,
        child,
        period,
        decision,
        title="Record the adoption order",
        form_class=AdoptionOrderForm,
        record=record,
        checks=checks,
    )


@requires(MANAGE)
def adoption_no_longer_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The decision that the child should no longer be placed for adoption, and why."""
    child, period, decision = _standing(request, child_id)
    if period is None or decision is None:
        return HttpResponseRedirect(child_record_url(child.pk))

    def checks(answers: Answers) -> list[Violation]:
        return _dates(period, answers, "no_longer_date") + rules.adoption_no_longer_after_decision(
            decision.decision_date, answers.get("no_longer_date")
        )

    def record(answers: Answers) -> str:
        services.adoption_decision_reverse(
            decision=decision, no_longer_date=answers["no_longer_date"], reason=answers["reason"]
        )
        return "Decision that the child should no longer be placed for adoption recorded"

    return _step(
        request,
        child,
        period,
        decision,
        title="Record that the child should no longer be placed for adoption",
        form_class=AdoptionNoLongerForm,
        record=record,
        checks=checks,
    )


def _text(value: Any) -> str:
    return str(value or "").strip().upper()


@requires(MANAGE)
def previous_permanence_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """What permanence the child had before this period of care (SSDA903 PrevPerm)."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    if selectors.previous_permanence_get(period=period) is not None:
        return _back(request, child, ALREADY_RECORDED.format(name=child.full_name))

    def checks(answers: Answers) -> list[Violation]:
        order_date = answers.get("order_date")
        return dates_not_in_future(
            timezone.localdate(), {"order_date": order_date}
        ) + rules.previous_permanence_fits(
            str(answers.get("option") or ""),
            _text(answers.get("authority_code")),
            order_date,
            period.start_date,
        )

    def record(answers: Answers) -> str:
        services.previous_permanence_record(
            period=period,
            option=answers["option"],
            authority_code=_text(answers.get("authority_code")),
            order_date=answers.get("order_date"),
        )
        return "Previous permanence recorded"

    return _step(
        request,
        child,
        period,
        None,
        title="Record the child's previous permanence",
        form_class=PreviousPermanenceForm,
        record=record,
        checks=checks,
    )


@requires(MANAGE)
def permanence_plan_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The permanence plan agreed for the child, or a change to it."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    current = selectors.permanence_plan_current_get(period=period)
    facts = [("Looked after since", day_text(period.start_date))]
    if current is not None:
        facts.append(
            (
                "Permanence plan now",
                f"{current.get_plan_display()} (agreed {day_text(current.agreed_on)})",
            )
        )

    def checks(answers: Answers) -> list[Violation]:
        return services.permanence_plan_checks(
            period, answers.get("agreed_on"), str(answers.get("plan") or "")
        )

    def record(answers: Answers) -> str:
        services.permanence_plan_record(
            period=period, agreed_on=answers["agreed_on"], plan=answers["plan"]
        )
        return "Permanence plan recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the permanence plan",
            form_class=PermanencePlanForm,
            record=record,
            facts=facts,
            draft_key=f"permanence-plan-{period.pk}",
            checks=checks,
        ),
    )

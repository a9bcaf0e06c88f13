"""A looked-after child's journey (Children Act 1989 s.20, s.22, s.31; the Care Planning,
Placement and Case Review (England) Regulations 2010): becoming looked after from the open
referral, the care plan, a change of placement or legal status, a looked-after review and
ceasing to be looked after.

Each page checks the role, asks one selector, declares the step and hands it to `flow.run`
(check your answers, the one-time token, the draft cleared with the write). The steps after
the first act on the child's open period of care, which the page finds; a child who is not
looked after (any more) is sent back to their record with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from safeguard.accounts.access import requires
from safeguard.common import codes
from safeguard.common.forms import day_text
from safeguard.people.models import Person
from safeguard.timescales.clocks import Clock, clocks_with_local_overrides, local_timescales

from ... import selectors, services
from ...forms_care import (
    CareEndForm,
    CarePlanForm,
    CareReviewForm,
    CareStartForm,
    PlacementChangeForm,
)
from ...models import LookedAfterPeriod, Placement
from ...workflow import rules, what_follows
from .flow import Answers, StatutoryAction, child_record_url, run, signed_in_worker

MANAGE = "child.manage_episodes"
NOT_LOOKED_AFTER = (
    "{name} is not looked after now, so there is no period of care to record this in."
)
# The SSDA903 reasons for a new episode that move the child to a new placement.
_MOVES = frozenset({"P", "T", "B", "U"})


def _clocks(request: HttpRequest) -> dict[str, Clock]:
    """The clocks in the signed-in worker's authority's own lengths."""
    return clocks_with_local_overrides(local_timescales(signed_in_worker(request).authority))


def _not_in_future(answers: Answers, *names: str) -> list[rules.Violation]:
    return rules.dates_not_in_future(timezone.localdate(), {n: answers.get(n) for n in names})


def _placement(answers: Answers) -> list[rules.Violation]:
    """The placement's own rules, on the first page: its URN, and its type with the legal
    status. A change of legal status alone (RNE L) keeps the placement as it was."""
    urn = " ".join(str(answers.get("urn") or "").split()).upper()
    placement_type = str(answers.get("placement_type") or "")
    legal_status = str(answers.get("legal_status") or "")
    new_placement = answers.get("reason_new_episode") != codes.ReasonNewEpisode.L
    return (
        rules.placement_urn_format(urn)
        + rules.placement_urn_fits_type(placement_type, urn)
        + rules.placement_urn_required(placement_type, urn, new_placement=new_placement)
        + rules.placement_fits_legal_status(placement_type, legal_status)
        + rules.placement_six_monthly_visits_long_term_foster(
            str(answers.get("visiting_plan") or ""), bool(answers.get("six_monthly_visits_agreed"))
        )
    )


def _period_facts(period: LookedAfterPeriod, placement: Placement | None) -> list[tuple[str, str]]:
    facts = [("Looked after since", day_text(period.start_date))]
    if placement is not None:
        facts += [
            (
                "Placement",
                f"{placement.get_placement_type_display()}, since {day_text(placement.start_date)}",
            ),
            ("Legal status", placement.get_legal_status_display()),
            ("Placement plan", placement.get_visiting_plan_display()),
        ]
    return facts


def child_in_care_for_action(
    request: HttpRequest, child_id: int
) -> tuple[Person, LookedAfterPeriod | None]:
    """The child (need to know, the permission to manage their episodes, one audit entry) and
    their open period of care; without one, a message saying so is queued for the record.
    Every page that records something in a period of care starts here (cases, care,
    permanence)."""
    child = selectors.child_get_for_action(
        user=request.user, child_id=child_id, permission=MANAGE, request=request
    )
    period = selectors.care_period_open_get(child=child)
    if period is None:
        messages.info(request, NOT_LOOKED_AFTER.format(name=child.full_name))
    return child, period


def _with_open_period(
    request: HttpRequest,
    child_id: int,
    page: Callable[[Person, LookedAfterPeriod], HttpResponse],
) -> HttpResponse:
    """The child and their open period of care, handed to `page`; without one, back to the
    record with a message."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    return page(child, period)


@requires(MANAGE)
def care_start(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The child becomes looked after, in the open referral, in their first placement."""
    referral = selectors.referral_get_for_action(
        user=request.user, referral_id=referral_id, permission=MANAGE, request=request
    )
    child = referral.child

    def record(answers: dict[str, Any]) -> str:
        services.looked_after_start(
            child=child,
            referral=referral,
            start_date=answers["start_date"],
            category_of_need=answers["category_of_need"],
            legal_status=answers["legal_status"],
            placement_type=answers["placement_type"],
            provider=answers["provider"],
            postcode=answers["postcode"],
            urn=answers["urn"],
            home_postcode=answers["home_postcode"],
            care_plan_date=answers["care_plan_date"],
            visiting_plan=answers["visiting_plan"],
            six_monthly_visits_agreed=bool(answers["six_monthly_visits_agreed"]),
        )
        return f"{child.full_name} is looked after. The first placement is recorded."

    def checks(answers: Answers) -> list[rules.Violation]:
        start = answers.get("start_date")
        within = (
            rules.within_open_referral(services.referral_facts(referral), "start_date", start)
            if start is not None
            else []
        )
        return (
            within + _not_in_future(answers, "start_date", "care_plan_date") + _placement(answers)
        )

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record that the child became looked after",
            form_class=CareStartForm,
            record=record,
            initial={
                "category_of_need": referral.primary_need,
                "visiting_plan": Placement.VisitingPlan.STANDARD,
            },
            facts=[
                ("Referral date", day_text(referral.referral_date)),
                ("Team", referral.team.name),
            ],
            draft_key=f"care-start-{referral.pk}",
            checks=checks,
            follows=lambda answers: what_follows.after_care_started(
                start_date=answers["start_date"],
                care_plan_date=answers["care_plan_date"],
                today=timezone.localdate(),
                clocks=_clocks(request),
            ),
        ),
    )


@requires(MANAGE)
def care_plan_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The day the child's first care plan was agreed (reg. 4(2))."""

    def page(child: Person, period: LookedAfterPeriod) -> HttpResponse:
        def record(answers: dict[str, Any]) -> str:
            services.care_plan_record(period=period, care_plan_date=answers["care_plan_date"])
            return "Care plan recorded"

        due = _clocks(request)["lac_care_plan"].due_from(period.start_date)
        return run(
            request,
            StatutoryAction(
                child=child,
                title="Record the care plan",
                form_class=CarePlanForm,
                record=record,
                facts=[
                    *_period_facts(period, selectors.placement_current_get(period=period)),
                    ("Care plan due by", day_text(due)),
                ],
                checks=lambda answers: (
                    rules.care_plan_before_care_ended(
                        period.end_date, answers.get("care_plan_date")
                    )
                    + _not_in_future(answers, "care_plan_date")
                ),
                follows=lambda answers: what_follows.after_care_plan(
                    start_date=period.start_date,
                    care_plan_date=answers["care_plan_date"],
                    clocks=_clocks(request),
                ),
            ),
        )

    return _with_open_period(request, child_id, page)


@requires(MANAGE)
def placement_change(request: HttpRequest, child_id: int) -> HttpResponse:
    """A new SSDA903 episode: a move to a new placement, a new legal status, or both. A move
    records why the placement ended and whether it was planned."""

    def page(child: Person, period: LookedAfterPeriod) -> HttpResponse:
        current = selectors.placement_current_get(period=period)

        def record(answers: dict[str, Any]) -> str:
            services.placement_change(
                period=period,
                change_date=answers["change_date"],
                reason_new_episode=answers["reason_new_episode"],
                legal_status=answers["legal_status"],
                placement_type=answers["placement_type"],
                provider=answers["provider"],
                postcode=answers["postcode"],
                urn=answers["urn"],
                reason_place_change=answers["reason_place_change"],
                move_planned=answers["move_planned"],
                visiting_plan=answers["visiting_plan"],
                six_monthly_visits_agreed=bool(answers["six_monthly_visits_agreed"]),
            )
            if answers["reason_new_episode"] in _MOVES:
                return "Change of placement recorded"
            return "Change of legal status recorded"

        def checks(answers: Answers) -> list[rules.Violation]:
            found = _not_in_future(answers, "change_date") + _placement(answers)
            if current is not None:
                found += rules.placement_after_previous(
                    current.start_date, answers.get("change_date")
                )
            return found

        initial = {}
        if current is not None:
            initial = {
                "legal_status": current.legal_status,
                "placement_type": current.placement_type,
                "provider": current.provider,
                "postcode": current.postcode,
                "urn": current.urn,
                "visiting_plan": current.visiting_plan,
                "six_monthly_visits_agreed": "yes" if current.six_monthly_visits_agreed else None,
            }
        return run(
            request,
            StatutoryAction(
                child=child,
                title="Record a change of placement or legal status",
                form_class=PlacementChangeForm,
                record=record,
                initial=initial,
                facts=_period_facts(period, current),
                # The new episode's start is the day of the change.
                field_map={"start_date": "change_date"},
                draft_key=f"placement-change-{period.pk}",
                checks=checks,
                follows=lambda answers: what_follows.after_placement_change(
                    change_date=answers["change_date"],
                    moved=answers["reason_new_episode"] in _MOVES,
                    today=timezone.localdate(),
                    clocks=_clocks(request),
                ),
            ),
        )

    return _with_open_period(request, child_id, page)


@requires(MANAGE)
def care_review_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """A looked-after review, chaired by the independent reviewing officer, with how the child
    took part and the IRO's recommendations."""

    def page(child: Person, period: LookedAfterPeriod) -> HttpResponse:
        held = selectors.care_review_dates_list(period=period)
        iros = selectors.conference_chairs_list(authority=signed_in_worker(request).authority)

        def record(answers: dict[str, Any]) -> str:
            services.looked_after_review_record(
                period=period,
                review_date=answers["review_date"],
                participation=answers["participation"],
                iro=answers["iro"],
                iro_recommendations=answers["iro_recommendations"],
            )
            return "Looked-after review recorded"

        return run(
            request,
            StatutoryAction(
                child=child,
                title="Record a looked-after review",
                form_class=CareReviewForm,
                form_kwargs={"iros": iros},
                record=record,
                facts=[
                    *_period_facts(period, selectors.placement_current_get(period=period)),
                    ("Last review", day_text(held[-1]) if held else "None recorded"),
                ],
                draft_key=f"care-review-{period.pk}",
                checks=lambda answers: (
                    rules.care_review_within_period(period.start_date, answers.get("review_date"))
                    + rules.care_review_before_care_ended(
                        period.end_date, answers.get("review_date")
                    )
                    + _not_in_future(answers, "review_date")
                ),
                follows=lambda answers: what_follows.after_care_review(
                    review_date=answers["review_date"],
                    earlier_reviews=sum(1 for d in held if d < answers["review_date"]),
                    today=timezone.localdate(),
                    clocks=_clocks(request),
                ),
            ),
        )

    return _with_open_period(request, child_id, page)


@requires(MANAGE)
def care_end(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child stops being looked after: the period and its placement end, with the
    reason (SSDA903 DEC and REC)."""

    def page(child: Person, period: LookedAfterPeriod) -> HttpResponse:
        current = selectors.placement_current_get(period=period)

        def record(answers: dict[str, Any]) -> str:
            services.looked_after_end(
                period=period,
                end_date=answers["end_date"],
                reason_ceased=answers["reason_ceased"],
            )
            return f"{child.full_name} is no longer looked after"

        return run(
            request,
            StatutoryAction(
                child=child,
                title="Record that the child stopped being looked after",
                form_class=CareEndForm,
                record=record,
                facts=_period_facts(period, current),
                checks=lambda answers: (
                    rules.care_ends_after_last_placement(
                        current.start_date if current is not None else period.start_date,
                        answers.get("end_date"),
                    )
                    + _not_in_future(answers, "end_date")
                ),
                follows=lambda answers: what_follows.after_care_ended(),
            ),
        )

    return _with_open_period(request, child_id, page)

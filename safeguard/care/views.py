"""The pages that record a looked-after child's health: a health assessment, a dental check,
immunisations and an SDQ score; and their missing episodes: going missing, the return, and
the return home interview. Each checks the role (`child.manage_episodes`, as the other
looked-after pages), finds the child within need to know (one audit entry) and their open
period of care, declares the step and hands it to the one flow (`cases.views.actions.flow`:
check your answers, the one-time token, the draft cleared with the write). The rules the
service asks are asked of the typed answers too, so a refusal shows beside the answer.
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
from safeguard.cases.selectors import conference_chairs_list
from safeguard.cases.views.actions.care import child_in_care_for_action
from safeguard.cases.views.actions.flow import (
    Answers,
    StatutoryAction,
    child_record_url,
    run,
    signed_in_worker,
)
from safeguard.cases.workflow.rules import Violation, dates_not_in_future
from safeguard.common.forms import ActionForm, day_text
from safeguard.people.models import Person

from . import rules, selectors, services
from .forms import (
    ConvictionForm,
    DentalCheckForm,
    EducationPlanForm,
    HealthAssessmentForm,
    ImmunisationStatusForm,
    IroContactForm,
    MissingReturnForm,
    MissingStartForm,
    MotherhoodForm,
    ReturnInterviewForm,
    SdqScoreForm,
    SubstanceMisuseForm,
    UascCeasedForm,
    UascForm,
)
from .models import IroContact, MissingEpisode

MANAGE = "child.manage_episodes"


def _step(
    request: HttpRequest,
    child_id: int,
    *,
    title: str,
    form_class: type[ActionForm],
    date_name: str,
    record: Callable[[LookedAfterPeriod, Answers], str],
    checks: Callable[[Person, LookedAfterPeriod, Answers], list[Violation]] | None = None,
) -> HttpResponse:
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    summary = selectors.health_summary(child=child, today=timezone.localdate())

    def all_checks(answers: Answers) -> list[Violation]:
        on = answers.get(date_name)
        found = dates_not_in_future(timezone.localdate(), {date_name: on})
        found += rules.health_date_within_care_period(
            period.start_date, period.end_date, date_name, on
        )
        return found + (checks(child, period, answers) if checks else [])

    return run(
        request,
        StatutoryAction(
            child=child,
            title=title,
            form_class=form_class,
            record=lambda answers: record(period, answers),
            facts=[("Looked after since", day_text(period.start_date)), *summary.facts()],
            draft_key=f"care-health-{form_class.__name__}-{period.pk}",
            checks=all_checks,
        ),
    )


@requires(MANAGE)
def health_assessment_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """An initial or review health assessment (Care Planning Regulations 2010, reg. 7)."""

    def record(period: LookedAfterPeriod, answers: dict[str, Any]) -> str:
        assessment = services.health_assessment_record(
            period=period,
            kind=answers["kind"],
            assessment_date=answers["assessment_date"],
            carried_out_by=answers["carried_out_by"],
            outcome=answers["outcome"],
        )
        return f"{assessment.get_kind_display()} recorded"

    def checks(child: Person, period: LookedAfterPeriod, answers: Answers) -> list[Violation]:
        initial_on = selectors.initial_health_assessment_on(period=period)
        return rules.initial_health_assessment_once(initial_on, str(answers.get("kind") or ""))

    return _step(
        request,
        child_id,
        title="Record a health assessment",
        form_class=HealthAssessmentForm,
        date_name="assessment_date",
        record=record,
        checks=checks,
    )


@requires(MANAGE)
def dental_check_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def record(period: LookedAfterPeriod, answers: dict[str, Any]) -> str:
        services.dental_check_record(
            period=period, check_date=answers["check_date"], notes=answers["notes"]
        )
        return "Dental check recorded"

    return _step(
        request,
        child_id,
        title="Record a dental check",
        form_class=DentalCheckForm,
        date_name="check_date",
        record=record,
    )


@requires(MANAGE)
def immunisation_status_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def record(period: LookedAfterPeriod, answers: dict[str, Any]) -> str:
        services.immunisation_status_record(
            period=period,
            recorded_on=answers["recorded_on"],
            up_to_date=answers["up_to_date"],
            notes=answers["notes"],
        )
        return "Immunisations recorded"

    return _step(
        request,
        child_id,
        title="Record whether immunisations are up to date",
        form_class=ImmunisationStatusForm,
        date_name="recorded_on",
        record=record,
    )


@requires(MANAGE)
def sdq_score_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The SDQ total difficulties score (SSDA903 OC2), for a child of 4 to 16."""

    def record(period: LookedAfterPeriod, answers: dict[str, Any]) -> str:
        services.sdq_score_record(
            period=period, completed_on=answers["completed_on"], score=answers["score"]
        )
        return "SDQ score recorded"

    def checks(child: Person, period: LookedAfterPeriod, answers: Answers) -> list[Violation]:
        return rules.sdq_score_in_range(answers.get("score")) + rules.sdq_age_4_to_16(
            child.date_of_birth, answers.get("completed_on")
        )

    return _step(
        request,
        child_id,
        title="Record an SDQ score",
        form_class=SdqScoreForm,
        date_name="completed_on",
        record=record,
        checks=checks,
    )


# --- missing episodes ---------------------------------------------------------------------------

NOT_MISSING = "{name} is not recorded as missing now, so there is no return to record."
NO_INTERVIEW = (
    "That missing episode has no return home interview left to record: it is open, already "
    "answered, or not in {name}'s current period of care."
)


def _missing_facts(
    period: LookedAfterPeriod, episode: MissingEpisode | None
) -> list[tuple[str, str]]:
    facts = [("Looked after since", day_text(period.start_date))]
    if episode is not None:
        facts.append((f"{episode.get_kind_display()} since", day_text(episode.start_date)))
        if episode.end_date is not None:
            facts.append(("Returned", day_text(episode.end_date)))
    return facts


def _optional(value: Any) -> Any:
    # A revealed answer left hidden comes back as "": not answered.
    return None if value == "" else value


def _interview_checks(end: date | None, answers: Answers) -> list[Violation]:
    offered = _optional(answers.get("rhi_offered"))
    accepted = _optional(answers.get("rhi_accepted"))
    held = _optional(answers.get("rhi_date"))
    return (
        dates_not_in_future(timezone.localdate(), {"rhi_date": held})
        + rules.return_interview_after_return(end, offered, held)
        + rules.return_interview_answers_fit(offered, accepted, held)
    )


@requires(MANAGE)
def missing_episode_start(request: HttpRequest, child_id: int) -> HttpResponse:
    """A looked-after child went missing or was away without authorisation (SSDA903
    Missing); one episode at a time."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    others = [(e.start_date, e.end_date) for e in selectors.missing_episodes_list(child=child)]

    def checks(answers: Answers) -> list[Violation]:
        start = answers.get("start_date")
        return (
            dates_not_in_future(timezone.localdate(), {"start_date": start})
            + rules.missing_within_care_period(period.start_date, period.end_date, start, None)
            + rules.missing_episodes_do_not_overlap(others, start, None)
        )

    def record(answers: Answers) -> str:
        episode = services.missing_episode_start(
            period=period, kind=answers["kind"], start_date=answers["start_date"]
        )
        return f"{episode.get_kind_display()} episode recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a missing episode",
            form_class=MissingStartForm,
            record=record,
            facts=_missing_facts(period, None),
            draft_key=f"care-missing-start-{period.pk}",
            checks=checks,
        ),
    )


@requires(MANAGE)
def missing_episode_return(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child returned or was found, with the return home interview if known (DfE 2014:
    offered on return, held within 72 hours)."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    episode = selectors.missing_episode_open_get(period=period)
    if episode is None:
        messages.info(request, NOT_MISSING.format(name=child.full_name))
        return HttpResponseRedirect(child_record_url(child.pk))

    def checks(answers: Answers) -> list[Violation]:
        end = answers.get("end_date")
        return (
            dates_not_in_future(timezone.localdate(), {"end_date": end})
            + rules.missing_end_not_before_start(episode.start_date, end)
            + rules.missing_within_care_period(
                period.start_date, period.end_date, episode.start_date, end
            )
            + (_interview_checks(end, answers) if end is not None else [])
        )

    def record(answers: Answers) -> str:
        services.missing_episode_return(
            episode=episode,
            end_date=answers["end_date"],
            found_at=answers["found_at"],
            rhi_offered=_optional(answers["rhi_offered"]),
            rhi_accepted=_optional(answers.get("rhi_accepted")),
            rhi_date=_optional(answers.get("rhi_date")),
        )
        return "Return recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the return",
            form_class=MissingReturnForm,
            record=record,
            facts=_missing_facts(period, episode),
            draft_key=f"care-missing-return-{episode.pk}",
            checks=checks,
        ),
    )


@requires(MANAGE)
def return_interview_record(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    """The return home interview after an episode that has ended."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    episode = selectors.missing_episode_get_for_interview(period=period, episode_id=episode_id)
    if episode is None:
        messages.info(request, NO_INTERVIEW.format(name=child.full_name))
        return HttpResponseRedirect(child_record_url(child.pk))

    def record(answers: Answers) -> str:
        services.return_interview_record(
            episode=episode,
            rhi_offered=answers["rhi_offered"],
            rhi_accepted=_optional(answers.get("rhi_accepted")),
            rhi_date=_optional(answers.get("rhi_date")),
        )
        return "Return home interview recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the return home interview",
            form_class=ReturnInterviewForm,
            record=record,
            facts=_missing_facts(period, episode),
            draft_key=f"care-missing-interview-{episode.pk}",
            checks=lambda answers: _interview_checks(episode.end_date, answers),
        ),
    )


# --- education, UASC, motherhood, offending and substance misuse ------------------------------

ALREADY_MOTHER = "{name} is already recorded as a mother, her first child born on {born}."
UASC_CEASED = (
    "{name}'s UASC status in this period of care is recorded as ceased on {ceased}: there is "
    "nothing more to record."
)


def _within_period(period: LookedAfterPeriod, name: str, answers: Answers) -> list[Violation]:
    on = answers.get(name)
    return dates_not_in_future(
        timezone.localdate(), {name: on}
    ) + rules.care_record_date_within_period(period.start_date, period.end_date, name, on)


def _looked_after(period: LookedAfterPeriod) -> list[tuple[str, str]]:
    return [("Looked after since", day_text(period.start_date))]


@requires(MANAGE)
def education_plan_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The initial personal education plan or a review of it (DfE statutory guidance,
    2018)."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    initial_on = selectors.education_plan_initial_on(period=period)
    summary = selectors.education_summary(child=child, today=timezone.localdate())

    def checks(answers: Answers) -> list[Violation]:
        kind = str(answers.get("kind") or "")
        on = answers.get("meeting_date")
        return (
            _within_period(period, "meeting_date", answers)
            + rules.pep_initial_once(initial_on, kind)
            + rules.pep_review_after_initial(initial_on, kind, on)
            + rules.pep_from_age_3(child.date_of_birth, on)
        )

    def record(answers: Answers) -> str:
        plan = services.education_plan_record(
            period=period,
            kind=answers["kind"],
            meeting_date=answers["meeting_date"],
            school=answers["school"],
            virtual_school_involved=answers["virtual_school_involved"],
            notes=answers["notes"],
        )
        return f"{plan.get_kind_display()} recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a personal education plan",
            form_class=EducationPlanForm,
            record=record,
            facts=[*_looked_after(period), *summary.facts()],
            initial={"kind": "review" if initial_on else "initial"},
            draft_key=f"care-education-plan-{period.pk}",
            checks=checks,
        ),
    )


@requires(MANAGE)
def uasc_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child is an unaccompanied asylum-seeking child in this period of care, or (once
    that is recorded) the day the status ceased (SSDA903 UASC, DUC)."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    status = selectors.uasc_status_get(period=period)
    if status is not None and status.ceased_on is not None:
        messages.info(
            request, UASC_CEASED.format(name=child.full_name, ceased=day_text(status.ceased_on))
        )
        return HttpResponseRedirect(child_record_url(child.pk))

    def checks(answers: Answers) -> list[Violation]:
        ceased = answers.get("ceased_on")
        return dates_not_in_future(
            timezone.localdate(), {"ceased_on": ceased}
        ) + rules.uasc_ceased_fits(period.start_date, child.date_of_birth, ceased)

    if status is None:

        def record(answers: Answers) -> str:
            services.uasc_record(period=period, ceased_on=answers.get("ceased_on"))
            return "Recorded as an unaccompanied asylum-seeking child"

        title = "Record as an unaccompanied asylum-seeking child"
        form_class: type[ActionForm] = UascForm
    else:
        open_status = status

        def record(answers: Answers) -> str:
            services.uasc_ceased_record(status=open_status, ceased_on=answers["ceased_on"])
            return "Date UASC status ceased recorded"

        title, form_class = "Record the date UASC status ceased", UascCeasedForm
    return run(
        request,
        StatutoryAction(
            child=child,
            title=title,
            form_class=form_class,
            record=record,
            facts=_looked_after(period),
            checks=checks,
        ),
    )


@requires(MANAGE)
def motherhood_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """A looked-after girl is a mother: her first child's date of birth (SSDA903 MOTHER,
    MC_DOB), recorded once."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    recorded = selectors.motherhood_get(child=child)
    if recorded is not None:
        messages.info(
            request,
            ALREADY_MOTHER.format(
                name=child.full_name, born=day_text(recorded.first_child_born_on)
            ),
        )
        return HttpResponseRedirect(child_record_url(child.pk))

    def checks(answers: Answers) -> list[Violation]:
        born = answers.get("first_child_born_on")
        return (
            dates_not_in_future(timezone.localdate(), {"first_child_born_on": born})
            + rules.mother_is_female(child.sex)
            + rules.mother_old_enough(child.date_of_birth, born)
        )

    def record(answers: Answers) -> str:
        services.motherhood_record(
            period=period, first_child_born_on=answers["first_child_born_on"]
        )
        return "Recorded as a mother"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record that she is a mother",
            form_class=MotherhoodForm,
            record=record,
            facts=_looked_after(period),
            checks=checks,
        ),
    )


@requires(MANAGE)
def conviction_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """A conviction while looked after (SSDA903 OC2 CONVICTED), for a child of 10 or over."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))

    def checks(answers: Answers) -> list[Violation]:
        return _within_period(period, "convicted_on", answers) + rules.conviction_age_10_or_over(
            child.date_of_birth, answers.get("convicted_on")
        )

    def record(answers: Answers) -> str:
        services.conviction_record(
            period=period, convicted_on=answers["convicted_on"], notes=answers["notes"]
        )
        return "Conviction recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a conviction",
            form_class=ConvictionForm,
            record=record,
            facts=_looked_after(period),
            draft_key=f"care-conviction-{period.pk}",
            checks=checks,
        ),
    )


@requires(MANAGE)
def substance_misuse_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """A substance misuse problem identified, and the intervention (SSDA903 OC2)."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))

    def record(answers: Answers) -> str:
        services.substance_misuse_record(
            period=period,
            identified_on=answers["identified_on"],
            intervention=answers["intervention"],
            notes=answers["notes"],
        )
        return "Substance misuse recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a substance misuse problem",
            form_class=SubstanceMisuseForm,
            record=record,
            facts=_looked_after(period),
            draft_key=f"care-substance-misuse-{period.pk}",
            checks=lambda answers: _within_period(period, "identified_on", answers),
        ),
    )


@requires(MANAGE)
def iro_contact_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """The independent reviewing officer's visit or contact with the child between reviews
    (Care Planning Regulations 2010, reg. 36)."""
    child, period = child_in_care_for_action(request, child_id)
    if period is None:
        return HttpResponseRedirect(child_record_url(child.pk))
    iros = conference_chairs_list(authority=signed_in_worker(request).authority)
    latest = selectors.iro_contact_latest_get(period=period)

    def seen_alone(answers: Answers) -> bool | None:
        # Asked only under "visit in person": an answer left behind a hidden reveal is not one.
        if answers.get("method") != IroContact.Method.VISIT:
            return None
        found: bool | None = _optional(answers.get("seen_alone"))
        return found

    def checks(answers: Answers) -> list[Violation]:
        return services.iro_contact_checks(
            period,
            answers.get("contact_date"),
            answers.get("iro"),
            str(answers.get("method") or ""),
            seen_alone(answers),
        )

    def record(answers: Answers) -> str:
        services.iro_contact_record(
            period=period,
            contact_date=answers["contact_date"],
            iro=answers["iro"],
            method=answers["method"],
            seen_alone=seen_alone(answers),
        )
        return "IRO visit or contact recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record the IRO's visit or contact",
            form_class=IroContactForm,
            form_kwargs={"iros": iros},
            record=record,
            facts=[
                ("Looked after since", day_text(period.start_date)),
                (
                    "Last IRO visit or contact",
                    day_text(latest.contact_date) if latest else "None recorded",
                ),
            ],
            draft_key=f"care-iro-contact-{period.pk}",
            checks=checks,
        ),
    )

"""The workforce record's pages: the establishment of a team (its posts, who holds each,
permanent, agency or vacant), a worker's workforce page, and the recording pages (add a
post, fill a post, a starter, a leaver, an absence).

The recording pages go through the one recording flow (`cases/views/actions/flow.py`: check
your answers, the one-time token, a refusal writes nothing), like every other. Each reads
its team, post or worker through `workforce.selectors`, which applies `workforce.manage` or
`workforce.view` to it (404 outside the user's teams); the role is checked first by
`requires` (403).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, run, signed_in_worker
from safeguard.common.forms import day_text
from safeguard.organisation.models import Team, Worker

from . import forms, selectors, services
from .models import PayPolicy, Post, WorkerDetails, WorkerPay

VIEW = "workforce.view"
MANAGE = "workforce.manage"
TEMPLATE = "govuk/step_form.html"
CHECK_TEMPLATE = "workforce/record/check_answers.html"


def _team_url(team: Team) -> str:
    return reverse("workforce:team", args=[team.pk])


def _worker_url(worker: Worker) -> str:
    return reverse("workforce:worker", args=[worker.pk])


def _step(*, title: str, caption: str, back_url: str, **kwargs: Any) -> StatutoryAction:
    return StatutoryAction(
        title=title,
        back_url=back_url,
        template=TEMPLATE,
        check_template=CHECK_TEMPLATE,
        context={"caption": caption},
        **kwargs,
    )


# Reading -----------------------------------------------------------------------------------


@requires(VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """The teams whose workforce this user may see."""
    user = signed_in_user(request)
    teams = selectors.workforce_teams(user=user)
    return render(
        request,
        "workforce/index.html",
        {
            "teams": teams,
            "policy_year": _next_census_year(timezone.localdate()),
            "may_manage": allowed(user, MANAGE),
        },
    )


@requires(VIEW)
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    user = signed_in_user(request)
    establishment = selectors.establishment_get(user=user, team_id=team_id, on=timezone.localdate())
    return render(
        request,
        "workforce/team.html",
        {
            "establishment": establishment,
            "team": establishment.team,
            "may_manage": allowed(user, MANAGE, establishment.team),
        },
    )


@requires(VIEW)
def worker(request: HttpRequest, worker_id: int) -> HttpResponse:
    record = selectors.worker_record_get(
        user=signed_in_user(request),
        worker_id=worker_id,
        on=timezone.localdate(),
        request=request,
    )
    # Pay is HR data: read only for those who manage the worker (`record.may_manage`).
    pay = (
        WorkerPay.objects.filter(worker=record.worker, effective_from__lte=record.on)
        .order_by("-effective_from")
        .first()
        if record.may_manage
        else None
    )
    return render(
        request,
        "workforce/worker.html",
        {"record": record, "worker": record.worker, "pay": pay},
    )


# Recording ---------------------------------------------------------------------------------


@requires(MANAGE)
def post_add(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_get_for_managing(user=signed_in_user(request), team_id=team_id)

    def record(answers: Answers) -> str:
        post = services.post_create(
            team=team,
            reference=answers["reference"],
            role=answers["role"],
            funded_fte=answers["funded_fte"],
            start_date=answers["start_date"],
        )
        return f"Post {post.reference} added to {team.name}"

    return run(
        request,
        _step(
            title="Add a post",
            caption=team.name,
            back_url=_team_url(team),
            form_class=forms.PostAddForm,
            record=record,
        ),
    )


@requires(MANAGE)
def post_fill(request: HttpRequest, post_id: int) -> HttpResponse:
    user = signed_in_user(request)
    post = selectors.post_get_for_managing(user=user, post_id=post_id)
    workers = selectors.workers_to_fill_posts(user=user, on=timezone.localdate())

    def record(answers: Answers) -> str:
        chosen = next(w for w in workers if str(w.pk) == answers["worker"])
        services.post_fill(
            post=post,
            worker=chosen,
            basis=answers["basis"],
            fte=answers["fte"],
            start_date=answers["start_date"],
            end_date=answers.get("end_date"),
        )
        return f"{chosen.full_name} holds post {post.reference}"

    return run(
        request,
        _step(
            title=f"Fill post {post.reference}",
            caption=post.team.name,
            back_url=_team_url(post.team),
            facts=_post_facts(post),
            form_class=forms.PostFillForm,
            form_kwargs={"workers": workers},
            record=record,
        ),
    )


def _post_facts(post: Post) -> list[tuple[str, str]]:
    return [
        ("Post", f"{post.reference}: {post.get_role_display()}"),
        ("Funded", f"{post.funded_fte} FTE from {day_text(post.start_date)}"),
    ]


@requires(MANAGE)
def starter(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_get_for_managing(user=signed_in_user(request), team_id=team_id)
    today = timezone.localdate()
    posts = list(
        Post.objects.filter(team=team, start_date__lte=today)
        .exclude(end_date__lt=today)
        .order_by("reference")
    )
    started: list[Worker] = []

    def record(answers: Answers) -> str:
        new = services.worker_start(
            team=team,
            post=next(p for p in posts if str(p.pk) == answers["post"]),
            basis=answers["basis"],
            fte=answers["fte"],
            started_on=answers["started_on"],
            role=answers["role"],
            registration_number=answers["registration_number"],
            start_origin=answers["start_origin"],
            first_name=answers["first_name"],
            last_name=answers["last_name"],
            qualification_level=answers["qualification_level"],
            qualification_institution=answers["qualification_institution"],
            qualified_on=answers.get("qualified_on"),
        )
        started.append(new)
        return f"{new.full_name} recorded as a starter in {team.name}"

    return run(
        request,
        _step(
            title="Record a starter",
            caption=team.name,
            back_url=_team_url(team),
            form_class=forms.StarterForm,
            form_kwargs={"posts": posts},
            record=record,
            done_url=lambda answers: _worker_url(started[-1]),
        ),
    )


def _worker_facts(worker: Worker) -> list[tuple[str, str]]:
    return [
        ("Worker", worker.full_name),
        ("Role", worker.get_role_display()),
        ("Started", day_text(worker.started_on)),
    ]


@requires(MANAGE)
def leaver(request: HttpRequest, worker_id: int) -> HttpResponse:
    leaving = selectors.worker_get_for_managing(user=signed_in_user(request), worker_id=worker_id)

    def record(answers: Answers) -> str:
        left = services.worker_leave(
            worker=leaving,
            left_on=answers["left_on"],
            leaver_destination=answers["leaver_destination"],
            reason_for_leaving=answers["reason_for_leaving"],
        )
        message = f"{leaving.full_name} recorded as leaving on {day_text(answers['left_on'])}."
        if left.children_still_allocated:
            message += (
                f" {left.children_still_allocated} children are still allocated to them: "
                "reallocate each child before they go."
            )
        return message

    return run(
        request,
        _step(
            title="Record a leaver",
            caption=leaving.full_name,
            back_url=_worker_url(leaving),
            facts=_worker_facts(leaving),
            form_class=forms.LeaverForm,
            record=record,
        ),
    )


@requires(MANAGE)
def absence(request: HttpRequest, worker_id: int) -> HttpResponse:
    absent = selectors.worker_get_for_managing(user=signed_in_user(request), worker_id=worker_id)
    recorder = signed_in_worker(request)

    def record(answers: Answers) -> str:
        spell = services.absence_record(
            worker=absent,
            reason=answers["reason"],
            start_date=answers["start_date"],
            end_date=answers["end_date"],
            working_days_lost=answers.get("working_days_lost"),
            recorded_by=recorder,
        )
        return (
            f"Absence recorded for {absent.full_name}: {spell.working_days_lost} working days lost"
        )

    return run(
        request,
        _step(
            title="Record an absence",
            caption=absent.full_name,
            back_url=_worker_url(absent),
            facts=[
                *_worker_facts(absent),
                ("Full-time equivalent", str(absent.full_time_equivalent)),
            ],
            form_class=forms.AbsenceForm,
            record=record,
        ),
    )


@requires(MANAGE)
def details(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Change a worker's census details (registration, qualification, date of birth...)."""
    changing = selectors.worker_get_for_managing(user=signed_in_user(request), worker_id=worker_id)
    known = WorkerDetails.objects.filter(worker=changing).first()
    initial: dict[str, Any] = {"registration_number": changing.registration_number}
    if known is not None:
        initial.update(
            {
                name: getattr(known, name)
                for name in forms.DetailsForm.base_fields
                if name != "registration_number" and hasattr(known, name)
            }
        )
        for name in ("step_up_graduate", "frontline_graduate"):
            value = getattr(known, name)
            initial[name] = "" if value is None else ("yes" if value else "no")

    def record(answers: Answers) -> str:
        services.worker_details_update(
            worker=changing,
            registration_number=answers["registration_number"],
            birth_date=answers.get("birth_date"),
            gender=answers["gender"],
            ethnicity=answers["ethnicity"],
            qualification_level=answers["qualification_level"],
            qualification_institution=answers["qualification_institution"],
            qualified_on=answers.get("qualified_on"),
            step_up_graduate=answers.get("step_up_graduate"),
            frontline_graduate=answers.get("frontline_graduate"),
        )
        return f"Census details of {changing.full_name} updated"

    return run(
        request,
        _step(
            title="Change census details",
            caption=changing.full_name,
            back_url=_worker_url(changing),
            facts=_worker_facts(changing),
            form_class=forms.DetailsForm,
            initial=initial,
            record=record,
        ),
    )


@requires(MANAGE)
def pay(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Record a worker's pay from a day: HR data, so only for `workforce.manage`."""
    paid = selectors.worker_get_for_managing(user=signed_in_user(request), worker_id=worker_id)
    recorder = signed_in_worker(request)

    def record(answers: Answers) -> str:
        services.worker_pay_record(
            worker=paid,
            effective_from=answers["effective_from"],
            base_salary=answers["base_salary"],
            recruitment_retention_payments=answers.get("recruitment_retention_payments")
            or Decimal("0.00"),
            other_payments=answers.get("other_payments") or Decimal("0.00"),
            recorded_by=recorder,
        )
        return f"Pay recorded for {paid.full_name} from {day_text(answers['effective_from'])}"

    return run(
        request,
        _step(
            title="Record pay",
            caption=paid.full_name,
            back_url=_worker_url(paid),
            facts=_worker_facts(paid),
            form_class=forms.PayForm,
            record=record,
        ),
    )


def _next_census_year(today: date) -> int:
    """The year of the next 30 September (today's, on the day itself): the census the
    council's pay policy is wanted for."""
    return today.year if today <= date(today.year, 9, 30) else today.year + 1


POLICY_ITEMS = (
    "recruitment_bonus",
    "retention_bonus",
    "performance_award",
    "car_allowance",
    "relocation_package",
    "regional_weighting",
    "cost_swe",
    "cost_dbs",
)


@requires(MANAGE)
def pay_policy(request: HttpRequest, year: int) -> HttpResponse:
    """The council's pay policy for the census of 30 September `year` (census 2025
    `LALevelVacancies`): the recorded one to change, or an empty form. It is the
    authority's, not a team's, so `workforce.manage` is asked without a team: any manager
    of the workforce records it (docs/decisions/0013)."""
    recorder = signed_in_worker(request)
    authority_id = recorder.authority_id
    known = PayPolicy.objects.filter(authority_id=authority_id, year=year).first()
    initial: dict[str, Any] = {}
    if known is not None:
        initial = {name: getattr(known, name) for name in (*POLICY_ITEMS, "other_allowances")}

    def record(answers: Answers) -> str:
        services.pay_policy_record(
            authority_id=authority_id,
            year=year,
            recruitment_bonus=answers["recruitment_bonus"],
            retention_bonus=answers["retention_bonus"],
            performance_award=answers["performance_award"],
            car_allowance=answers["car_allowance"],
            relocation_package=answers["relocation_package"],
            regional_weighting=answers["regional_weighting"],
            cost_swe=answers["cost_swe"],
            cost_dbs=answers["cost_dbs"],
            other_allowances=answers["other_allowances"],
            today=timezone.localdate(),
        )
        return f"Pay policy recorded for the census of 30 September {year}"

    recorded = (
        "Not yet recorded"
        if known is None
        else "Recorded: change any answer below and record it again"
    )
    return run(
        request,
        _step(
            title=f"Pay policy for {year}",
            caption="Workforce census",
            back_url=reverse("workforce:index"),
            facts=[("Census date", f"30 September {year}"), ("Pay policy", recorded)],
            form_class=forms.PayPolicyForm,
            initial=initial,
            record=record,
        ),
    )

"""The public's "Report a concern about a child", the professional referral form (for anyone,
and for signed-in partner users), and a partner user's list of their referrals.

Each form is a journey of question pages, then "Check your answers", then the
acknowledgement with the reference. The answers are kept in the session as they were typed,
page by page, so going back or making a mistake loses nothing, and the pages work without
JavaScript. The report carries a one-time key from its first page to the check page (hidden
there, and kept in the session): sending it twice, by a double click or a retry after an
error, stores one contact and shows the same reference.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from safeguard.accounts.access import public, requires, signed_in_user
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.common import codes

from . import forms_public as f
from . import selectors_public as selectors
from . import services
from .services.public import ReportSent

logger = logging.getLogger(__name__)

KEY_FIELD = "idempotency_key"
HONEYPOT_FIELD = "website"
CHANGE_FIELD = "change"
_NOT_ANSWERS = {"csrfmiddlewaretoken", KEY_FIELD, HONEYPOT_FIELD, CHANGE_FIELD}
# Keys of reports sent from this browser, kept to answer a late retry with its reference.
SENT_KEPT = 5

ANSWERS_NOT_KEPT = (
    "Your answers were not kept, so nothing was sent. This can happen if you left the "
    "form for a long time or closed your browser. Start again."
)
SERVICE_PROBLEM = (
    "Sorry, there is a problem with the service. Your report has not been sent yet. Try again"
)
REFERRAL_SERVICE_PROBLEM = (
    "Sorry, there is a problem with the service. Your referral has not been sent yet. Try again"
)

PARTNER = "partner.refer"


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[f.StepForm]


@dataclass(frozen=True)
class Journey:
    """One of the forms: its pages in order, where its URLs are, and how it is sent."""

    name: str  # the URL names' prefix, and the session's
    title: str
    route: str
    steps: tuple[Step, ...]
    # Open to anyone, so guarded: hidden field, minimum time and hourly limit.
    guarded: bool
    # What the sender calls what they send.
    noun: str = "referral"
    # The check page groups the answers under each page's title.
    sectioned: bool = False
    service_problem: str = SERVICE_PROBLEM
    initial: Callable[[HttpRequest, str], dict[str, Any]] = field(default=lambda request, slug: {})

    @property
    def session_key(self) -> str:
        return f"safeguard_report_{self.name}"

    @property
    def sent_key(self) -> str:
        return f"safeguard_report_{self.name}_sent"

    def url(self, page: str) -> str:
        return reverse(f"front_door:{self.name}_{page.replace('-', '_')}")

    def step(self, slug: str) -> Step:
        return next(step for step in self.steps if step.slug == slug)

    def after(self, slug: str) -> str:
        slugs = [step.slug for step in self.steps]
        index = slugs.index(slug)
        return self.url(slugs[index + 1]) if index + 1 < len(slugs) else self.url("check")

    def before(self, slug: str) -> str:
        slugs = [step.slug for step in self.steps]
        index = slugs.index(slug)
        return self.url(slugs[index - 1]) if index else self.url("start")


def _partner_initial(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A signed-in partner user's own name and email, to correct if need be."""
    if slug != "about-you":
        return {}
    user = request.user
    return {"referrer": user.get_full_name(), "referrer_email": user.email}  # type: ignore[union-attr]


PUBLIC_REPORT = Journey(
    name="report",
    title="Report a concern about a child",
    route=codes.ContactRoute.PUBLIC_FORM,
    guarded=True,
    noun="report",
    steps=(
        Step("child-name", f.ChildNameForm),
        Step("child-age", f.ChildAgeForm),
        Step("child-address", f.ChildAddressForm),
        Step("child-school", f.ChildSchoolForm),
        Step("worry", f.WorryForm),
        Step("danger", f.DangerForm),
        Step("how-you-know", f.RelationshipForm),
        Step("about-you", f.AboutYouForm),
    ),
)
_REFERRAL_STEPS = (
    Step("consent", f.ConsentForm),
    Step("child", f.ChildDetailsForm),
    Step("household", f.HouseholdForm),
    Step("concern", f.ConcernForm),
)
PROFESSIONAL_REFERRAL = Journey(
    name="professional",
    title="Make a referral to children's social care",
    route=codes.ContactRoute.PROFESSIONAL_FORM,
    guarded=True,
    sectioned=True,
    service_problem=REFERRAL_SERVICE_PROBLEM,
    steps=(Step("about-you", f.ReferrerForm), *_REFERRAL_STEPS),
)
PARTNER_REFERRAL = Journey(
    name="partner_refer",
    title="Refer a child to children's social care",
    route=codes.ContactRoute.PROFESSIONAL_FORM,
    guarded=False,
    sectioned=True,
    service_problem=REFERRAL_SERVICE_PROBLEM,
    initial=_partner_initial,
    steps=(Step("about-you", f.PartnerReferrerForm), *_REFERRAL_STEPS),
)


# --- The pages ---------------------------------------------------------------------------------


def start_page(request: HttpRequest, journey: Journey, template: str) -> HttpResponse:
    return _render(request, journey, template, {"start_url": journey.url(journey.steps[0].slug)})


def step_page(request: HttpRequest, journey: Journey, slug: str) -> HttpResponse:
    step = journey.step(slug)
    report = _report(request, journey, create=True)
    assert report is not None
    changing = (request.POST if request.method == "POST" else request.GET).get(CHANGE_FIELD)
    if request.method == "POST":
        _notice_honeypot(request, journey, report)
        form = step.form_class(data=request.POST)
        if form.is_valid():
            report["answers"][slug] = {
                name: request.POST.getlist(name)
                for name in request.POST
                if name not in _NOT_ANSWERS
            }
            request.session.modified = True
            return HttpResponseRedirect(journey.url("check") if changing else journey.after(slug))
        status = 400
    else:
        kept = report["answers"].get(slug)
        if kept is not None:
            form = step.form_class(data=_query_dict(kept))
        else:
            form = step.form_class(initial=journey.initial(request, slug))
        status = 200
    return _render(
        request,
        journey,
        "front_door/public/step.html",
        {
            "form": form,
            "changing": bool(changing),
            "back_url": journey.url("check") if changing else journey.before(slug),
        },
        status=status,
    )


def check_page(request: HttpRequest, journey: Journey) -> HttpResponse:
    report = _report(request, journey, create=False)
    if request.method == "POST":
        key = request.POST.get(KEY_FIELD, "")
        already = _sent_under(request, journey, key)
        if already:
            # A second click, after the first was sent: the same acknowledgement.
            _remember_sent(request, journey, key, already)
            return HttpResponseRedirect(journey.url("sent"))
        if report is None or report["key"] != key:
            messages.error(request, ANSWERS_NOT_KEPT)
            return HttpResponseRedirect(journey.url("start"))
    if report is None:
        return HttpResponseRedirect(journey.url(journey.steps[0].slug))
    forms, missing = _answered_forms(journey, report)
    if missing is not None:
        return HttpResponseRedirect(journey.url(missing))
    if request.method != "POST":
        return _check_page(request, journey, report, forms)
    _notice_honeypot(request, journey, report)
    try:
        sent = _send(request, journey, report, forms)
    except (DatabaseError, RuleViolation) as error:
        # Nothing was stored (the write is one transaction), and the session is left as it
        # was, so this page needs no database: the sender sends the same key again. Only the
        # kind of error is logged: a database's message may quote what was sent.
        logger.warning(
            "front door: a %s form was not stored (%s); the sender was asked to retry",
            journey.name,
            type(error).__name__,
        )
        return _check_page(request, journey, report, forms, problem=journey.service_problem)
    if not sent.acknowledged:
        return _render(
            request,
            journey,
            "front_door/public/throttled.html",
            {"journey_check_url": journey.url("check")},
            status=429,
        )
    _remember_sent(request, journey, report["key"], sent.reference)
    del request.session[journey.session_key]
    return HttpResponseRedirect(journey.url("sent"))


def sent_page(request: HttpRequest, journey: Journey) -> HttpResponse:
    reference = request.session.get(journey.sent_key, {}).get("last")
    if not reference:
        return HttpResponseRedirect(journey.url("start"))
    return _render(request, journey, "front_door/public/sent.html", {"reference": reference})


# --- The URLs' views: who may use each form ----------------------------------------------------


@public
def report_start(request: HttpRequest) -> HttpResponse:
    return start_page(request, PUBLIC_REPORT, "front_door/public/start.html")


@public
def report_step(request: HttpRequest, step: str) -> HttpResponse:
    return step_page(request, PUBLIC_REPORT, step)


@public
def report_check(request: HttpRequest) -> HttpResponse:
    return check_page(request, PUBLIC_REPORT)


@public
def report_sent(request: HttpRequest) -> HttpResponse:
    return sent_page(request, PUBLIC_REPORT)


@public
def professional_start(request: HttpRequest) -> HttpResponse:
    return start_page(request, PROFESSIONAL_REFERRAL, "front_door/public/professional_start.html")


@public
def professional_step(request: HttpRequest, step: str) -> HttpResponse:
    return step_page(request, PROFESSIONAL_REFERRAL, step)


@public
def professional_check(request: HttpRequest) -> HttpResponse:
    return check_page(request, PROFESSIONAL_REFERRAL)


@public
def professional_sent(request: HttpRequest) -> HttpResponse:
    return sent_page(request, PROFESSIONAL_REFERRAL)


@requires(PARTNER)
def partner_refer_start(request: HttpRequest) -> HttpResponse:
    return start_page(request, PARTNER_REFERRAL, "front_door/public/partner_start.html")


@requires(PARTNER)
def partner_refer_step(request: HttpRequest, step: str) -> HttpResponse:
    return step_page(request, PARTNER_REFERRAL, step)


@requires(PARTNER)
def partner_refer_check(request: HttpRequest) -> HttpResponse:
    return check_page(request, PARTNER_REFERRAL)


@requires(PARTNER)
def partner_refer_sent(request: HttpRequest) -> HttpResponse:
    return sent_page(request, PARTNER_REFERRAL)


@requires(PARTNER)
def partner_referrals(request: HttpRequest) -> HttpResponse:
    """The partner user's referrals and their organisation's, with what each led to."""
    referrals = selectors.partner_referrals_list(user=request.user, request=request)
    return _render(
        request,
        PARTNER_REFERRAL,
        "front_door/public/partner_referrals.html",
        {
            "referrals": referrals,
            "shown": selectors.REFERRALS_SHOWN,
            "refer_url": PARTNER_REFERRAL.url("start"),
        },
    )


# --- How a report is kept and sent -------------------------------------------------------------


def _report(request: HttpRequest, journey: Journey, *, create: bool) -> dict[str, Any] | None:
    """The report being filled in, from the session; started (with its one-time key and the
    time, for the minimum-time rule) on its first page."""
    report: dict[str, Any] | None = request.session.get(journey.session_key)
    if report is None and create:
        report = {
            "key": services.public_report_key_new(),
            "started": timezone.now().timestamp(),
            "answers": {},
            "honeypot": "",
        }
        request.session[journey.session_key] = report
    return report


def _notice_honeypot(request: HttpRequest, journey: Journey, report: dict[str, Any]) -> None:
    """Remember a filled-in hidden field on any page (what only a bot fills in)."""
    filled = request.POST.get(HONEYPOT_FIELD, "").strip()
    if journey.guarded and filled and not report["honeypot"]:
        report["honeypot"] = filled[:100]
        request.session.modified = True


def _answered_forms(
    journey: Journey, report: dict[str, Any]
) -> tuple[list[tuple[Step, f.StepForm]], str | None]:
    """Every page's form bound to its kept answers; the first page not (validly) answered."""
    forms: list[tuple[Step, f.StepForm]] = []
    for step in journey.steps:
        kept = report["answers"].get(step.slug)
        if kept is None:
            return forms, step.slug
        form = step.form_class(data=_query_dict(kept))
        if not form.is_valid():
            # Valid when kept, but not now (a due date that has passed): ask again.
            return forms, step.slug
        forms.append((step, form))
    return forms, None


def _send(
    request: HttpRequest,
    journey: Journey,
    report: dict[str, Any],
    forms: list[tuple[Step, f.StepForm]],
) -> ReportSent:
    answers: dict[str, Any] = {}
    for _, form in forms:
        answers |= form.cleaned_data
    guard = {
        "idempotency_key": report["key"],
        "started_at": datetime.fromtimestamp(report["started"], tz=UTC),
        "honeypot": report["honeypot"],
        "sender": services.sender_hash(request.META.get("REMOTE_ADDR", "")),
    }
    if journey is PUBLIC_REPORT:
        return services.public_report_send(report=f.public_report_from(answers), **guard)
    household = next(form.household() for _, form in forms if isinstance(form, f.HouseholdForm))
    if journey is PROFESSIONAL_REFERRAL:
        return services.professional_referral_send(
            referral=f.professional_referral_from(answers, household), **guard
        )
    user = signed_in_user(request)
    organisation = user.partner_membership.organisation
    return services.professional_referral_send(
        referral=f.professional_referral_from(answers, household, organisation),
        idempotency_key=report["key"],
        submitted_by=user,
        partner_organisation_id=organisation.pk,
    )


def _sent_under(request: HttpRequest, journey: Journey, key: str) -> str:
    """The reference already given for `key`: from this browser's session, else (a retry
    whose session lost the answer) from the contact stored under it. The key is a secret
    only its sender holds, so the reference tells no one anything new."""
    if not key:
        return ""
    kept = request.session.get(journey.sent_key, {}).get("keys", {})
    if key in kept:
        return str(kept[key])
    return selectors.reference_sent_under(route=journey.route, idempotency_key=key)


def _remember_sent(request: HttpRequest, journey: Journey, key: str, reference: str) -> None:
    sent = request.session.get(journey.sent_key, {})
    keys = dict(sent.get("keys", {}))
    keys[key] = reference
    request.session[journey.sent_key] = {
        "last": reference,
        "keys": dict(list(keys.items())[-SENT_KEPT:]),
    }


def _check_page(
    request: HttpRequest,
    journey: Journey,
    report: dict[str, Any],
    forms: list[tuple[Step, f.StepForm]],
    *,
    problem: str = "",
) -> HttpResponse:
    sections = [
        {
            "title": form.title,
            "answers": form.summary(),
            "change_url": f"{journey.url(step.slug)}?{CHANGE_FIELD}=check",
        }
        for step, form in forms
    ]
    urgent = any(
        form.cleaned_data.get("danger") == "yes"
        or form.cleaned_data.get("urgency") == codes.ContactUrgency.IMMEDIATE
        for _, form in forms
    )
    return _render(
        request,
        journey,
        "front_door/public/check.html",
        {
            "sections": sections,
            "key": report["key"],
            "problem": problem,
            "urgent": urgent,
            "back_url": journey.url(journey.steps[-1].slug),
        },
        status=503 if problem else 200,
    )


def _render(
    request: HttpRequest,
    journey: Journey,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "journey": journey,
        "numbers": selectors.front_door_numbers(),
        "honeypot_field": HONEYPOT_FIELD,
        **context,
    }
    response = render(request, template, context, status=status)
    # What a reporter typed must not stay in a shared computer's cache (a child may be
    # reporting on the family's computer); signed-in pages get this from the session
    # middleware, these pages are for people who are not signed in.
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
    return response


def _query_dict(values: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, list(value))
    return data

"""The MASH's pages: the queue, the contact page and everything done to a contact, and the
page where a front-door worker records a phone call, email or visit.

Views parse the request, call one selector or service, then render or redirect. Contacts are
found by `selectors.contact_get` (404 outside the user's front door and need to know, and the
read is audited); the role is checked by `requires` (403).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.cases import services as case_services
from safeguard.cases.models import Contact, Referral
from safeguard.cases.selectors import draft_get_for_child
from safeguard.cases.views.actions.flow import (
    ALREADY_RECORDED,
    ANSWERS_NOT_KEPT,
    TOKEN_FIELD,
    Answers,
    StatutoryAction,
    run,
    signed_in_worker,
)
from safeguard.cases.workflow import rules
from safeguard.common import codes
from safeguard.common.errors import SafeguardError
from safeguard.common.forms import ActionForm, add_errors_from
from safeguard.common.paths import path_for_each
from safeguard.common.services import draft_discard, draft_get, submission_token_new
from safeguard.common.templatetags.govuk_dates import short_date
from safeguard.people.forms import ChildSearchForm
from safeguard.people.selectors import SearchResult
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.templatetags.timescales import clock_length

from . import selectors, services
from .forms_mash import (
    ConsentOverrideForm,
    ContactDecisionForm,
    ContactNewForm,
    ContactRatingForm,
    FeedbackForm,
    InformationAnswerForm,
    InformationRequestForm,
    NewChildForm,
    contact_new_form,
    now_initial,
)
from .models import ReferrerFeedback

DECIDE = "contact.decide"
RATE = "contact.rate"
RECORD = "contact.record"

ALREADY_DECIDED = "This contact has already been decided, so the child it is about cannot change."
PENDING_KEY = "safeguard_pending_contacts"
PENDING_KEPT = 5


def _contact_url(contact: Contact | int) -> str:
    pk = contact if isinstance(contact, int) else contact.pk
    return reverse("front_door:contact", args=[pk])


def _received_text(contact: Contact) -> str:
    return dateformat.format(timezone.localtime(contact.received_at), "j F Y, g:ia")


# --- The queue and the contact page ----------------------------------------------------------


# How soon the sender said the front door must act, as the queue writes it (routine: within
# the decision clock's length).
_URGENCY_TEXT: dict[str, str] = {
    codes.ContactUrgency.IMMEDIATE: "Immediate",
    codes.ContactUrgency.TODAY: "Today",
}


def _queue_rows(rows: list[selectors.QueueRow]) -> list[dict[str, str]]:
    """Each contact of the queue as the table prints it: every cell prepared here, the
    contact's path reversed once for the page (the template does no lookups, filters or
    reversing per row)."""
    contact_path = path_for_each("front_door:contact")
    routine = f"Within {clock_length('contact_decision')}"
    cells = []
    for row in rows:
        child, clock, opens = row.child, row.clock, row.child.opens
        waited = clock.working_days_waited
        cells.append(
            {
                "reference": row.reference,
                # A restricted record's contact opens only for its named people: not linked.
                "url": contact_path(row.contact_id) if opens else "",
                "child": child.label,
                "described": child.described if child.is_unmatched else "",
                "received": f"{short_date(row.received_at)}, {row.received_at:%H:%M}",
                "route": row.route_label,
                "from": f"{row.source_label}: {row.referrer}"
                if opens and row.referrer
                else row.source_label,
                "rag_class": row.rag_class,
                "rag": row.rag_label,
                "urgency": _URGENCY_TEXT.get(row.urgency, routine),
                "waited": f"{waited} working day{'' if waited == 1 else 's'}",
                "due": short_date(clock.due),
                "status_class": clock.tag_class,
                "status": clock.status.label,
            }
        )
    return cells


@requires(DECIDE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = request.GET.get("page", "")
    contact_queue = selectors.contact_queue_get(
        user=request.user, today=today, page=int(page) if page.isdigit() else 1
    )
    return render(
        request,
        "front_door/mash/queue.html",
        {
            "queue": contact_queue,
            "teams": ", ".join(contact_queue.team_names) or "Front door",
            "decision_within": clock_length("contact_decision"),
            "rows": _queue_rows(contact_queue.rows),
            "counts": [
                ("waiting for a decision", contact_queue.waiting, "waiting"),
                ("due today", contact_queue.due_today, "due-today"),
                ("overdue", contact_queue.overdue, "overdue"),
                ("not yet rated", contact_queue.unrated, "unrated"),
            ],
            "may_record": allowed(request.user, RECORD),
        },
    )


@requires(DECIDE)
@require_GET
def contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    page = selectors.contact_page_get(
        user=request.user, contact_id=contact_id, today=timezone.localdate(), request=request
    )
    return render(request, "front_door/mash/contact.html", {"page": page, "c": page.contact})


# --- Simple actions on a contact: one form, one service, back to the contact ----------------


def _action_page(
    request: HttpRequest,
    *,
    contact: Contact,
    form_class: type[ActionForm],
    title: str,
    record: Callable[[Answers], str],
    form_kwargs: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
    facts: list[tuple[str, str]] | None = None,
    field_map: dict[str, str] | None = None,
    button: str = "Save",
    intro: str = "",
) -> HttpResponse:
    """A form about one contact, recorded through the statutory-step flow without a check
    page (a one-time token, so a double click records once); the user goes back to the
    contact, and a refusal shows on the form beside the input it names."""
    return run(
        request,
        StatutoryAction(
            title=title,
            form_class=form_class,
            form_kwargs=form_kwargs or {},
            initial=initial or {},
            record=record,
            facts=facts or [],
            field_map=field_map or {},
            check_answers=False,
            back_url=_contact_url(contact),
            button=button,
            template="front_door/mash/form.html",
            context={"contact": contact, "intro": intro},
        ),
    )


@requires(RATE)
@require_http_methods(["GET", "POST"])
def contact_rate(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, request=request)
    if not allowed(request.user, RATE, contact):
        raise PermissionDenied(RATE)
    worker = signed_in_worker(request)

    def record(answers: dict[str, Any]) -> str:
        rating = services.contact_rate(
            contact=contact, rating=answers["rating"], reason=answers["reason"], rated_by=worker
        )
        return f"Contact rated {rating.get_rating_display().lower()}"

    current = contact.get_rag_display() if contact.rag else "Not rated yet"
    return _action_page(
        request,
        contact=contact,
        form_class=ContactRatingForm,
        title="Revise the RAG rating" if contact.rag else "Rate the contact",
        record=record,
        facts=[("Received", _received_text(contact)), ("Current rating", current)],
        button="Save the rating",
    )


@requires(DECIDE)
@require_http_methods(["GET", "POST"])
def consent_override(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, request=request)
    worker = signed_in_worker(request)

    def record(answers: dict[str, Any]) -> str:
        services.contact_consent_override(
            contact=contact, reason=answers["reason"], overridden_by=worker
        )
        return "Consent override recorded"

    facts = [("Consent", contact.get_consent_display())]
    if contact.consent_reason:
        facts.append(("What the family said, or why not sought", contact.consent_reason))
    return _action_page(
        request,
        contact=contact,
        form_class=ConsentOverrideForm,
        title="Proceed without consent",
        record=record,
        facts=facts,
        button="Record the override",
    )


@requires(DECIDE)
@require_http_methods(["GET", "POST"])
def information_request_new(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, request=request)
    worker = signed_in_worker(request)
    partners = selectors.partner_organisations_list(authority=worker.authority)

    def record(answers: dict[str, Any]) -> str:
        made = services.information_request_make(
            contact=contact,
            partner_organisation_id=answers["partner_organisation"],
            agency=answers["agency"],
            asked_of=answers["asked_of"],
            question=answers["question"],
            requested_by=worker,
        )
        return f"Request to {made.agency} recorded"

    return _action_page(
        request,
        contact=contact,
        form_class=InformationRequestForm,
        form_kwargs={"partners": partners},
        title="Ask an agency for information",
        record=record,
        facts=[("Received", _received_text(contact))],
        button="Record the request",
    )


@requires(DECIDE)
@require_http_methods(["GET", "POST"])
def information_request_answer(
    request: HttpRequest, contact_id: int, information_request_id: int
) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, request=request)
    information_request = selectors.information_request_get(
        contact=contact, information_request_id=information_request_id
    )
    worker = signed_in_worker(request)

    def record(answers: dict[str, Any]) -> str:
        services.information_request_answer(
            information_request=information_request,
            answer=answers["answer"],
            answered_by=answers["answered_by"],
            answered_at=InformationAnswerForm.when(answers),
            recorded_by=worker,
        )
        return f"Answer from {information_request.agency} recorded"

    when = now_initial()
    asked = timezone.localtime(information_request.requested_at)
    return _action_page(
        request,
        contact=contact,
        form_class=InformationAnswerForm,
        initial={"answered_on": when["on"], "answered_at": when["at"]},
        title="Record the answer",
        record=record,
        facts=[
            ("Agency", information_request.agency),
            ("Asked of", information_request.asked_of or "Not recorded"),
            ("Question", information_request.question),
            ("Asked", dateformat.format(asked, "j F Y, g:ia")),
        ],
        field_map={"answered_at": "answered_on"},
        button="Record the answer",
    )


@requires(DECIDE)
@require_http_methods(["GET", "POST"])
def feedback_give(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, request=request)
    worker = signed_in_worker(request)
    if contact.referrer_anonymous:
        messages.error(request, rules.NO_REFERRER_TO_TELL)
        return HttpResponseRedirect(_contact_url(contact))
    outcome = services.feedback_outcome_for(contact)

    def record(answers: dict[str, Any]) -> str:
        services.referrer_feedback_give(
            contact=contact,
            outcome=outcome,
            method=answers["method"],
            given_at=FeedbackForm.when(answers),
            given_by=worker,
        )
        return "Feedback to the referrer recorded"

    when = now_initial()
    referrer = contact.referrer or "The referrer"
    how = ", ".join(filter(None, [contact.referrer_phone, contact.referrer_email]))
    return _action_page(
        request,
        contact=contact,
        form_class=FeedbackForm,
        initial={"given_on": when["on"], "given_at": when["at"]},
        title="Tell the referrer the outcome",
        record=record,
        facts=[
            ("Referrer", f"{referrer}\n{how}" if how else referrer),
            ("What they are told", str(ReferrerFeedback.Outcome(outcome).label)),
        ],
        field_map={"given_at": "given_on", "outcome": "method"},
        intro="Tell them in these words only: they are written so that nothing about the "
        "child or family is shared.",
        button="Record the feedback",
    )


# --- Matching the child ----------------------------------------------------------------------


def _search_form(data: QueryDict) -> ChildSearchForm | None:
    """The search the user ran, if they ran one."""
    return ChildSearchForm(data) if ChildSearchForm.was_submitted(data) else None


def _searched_child(request: HttpRequest, child_id: str, search: str) -> Any:
    """The person the user chose from a search, checked by running the search again."""
    form = _search_form(QueryDict(search))
    if form is None or not form.is_valid() or not child_id.isdigit():
        raise Http404("Search again and choose the child from the results")
    return selectors.searched_child_get(
        user=request.user, terms=form.terms(), child_id=int(child_id), request=request
    )


def _described_search(described: dict[str, Any]) -> dict[str, Any]:
    """A first search from what the sender said about the child."""
    name = " ".join(str(described[k]) for k in ("first_name", "last_name") if described.get(k))
    initial: dict[str, Any] = {"name": name}
    with contextlib.suppress(ValueError):
        initial["date_of_birth"] = date.fromisoformat(str(described.get("date_of_birth", "")))
    if described.get("postcode"):
        initial["address"] = described["postcode"]
    return initial


@requires(DECIDE)
@require_http_methods(["GET", "POST"])
def contact_match(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, request=request)
    if contact.decision:
        messages.error(request, ALREADY_DECIDED)
        return HttpResponseRedirect(_contact_url(contact))
    if request.method == "POST":
        search = request.POST.get("search", "")
        child = _searched_child(request, request.POST.get("child", ""), search)
        try:
            case_services.contact_match_child(contact=contact, child=child)
        except SafeguardError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(f"{request.path}?{search}")
        messages.success(request, f"Contact matched to {child.full_name}")
        return HttpResponseRedirect(_contact_url(contact))
    form = _search_form(request.GET)
    results: list[SearchResult] | None = None
    if form is not None and form.is_valid():
        results = selectors.child_identity_search(
            user=request.user, terms=form.terms(), request=request
        )
    if form is None:
        form = ChildSearchForm(initial=_described_search(contact.child_as_described or {}))
    return render(
        request,
        "front_door/mash/match.html",
        {
            "contact": contact,
            "form": form,
            "results": results,
            "search": request.GET.urlencode(),
            "described": selectors.described_rows(contact.child_as_described or {}),
            "back_url": _contact_url(contact),
        },
        status=400 if form.errors else 200,
    )


@requires(DECIDE)
@require_http_methods(["GET", "POST"])
def contact_child_new(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, request=request)
    if contact.decision:
        messages.error(request, ALREADY_DECIDED)
        return HttpResponseRedirect(_contact_url(contact))

    def record(answers: dict[str, Any]) -> str:
        child = services.contact_child_record(
            contact=contact, **NewChildForm.child_details(answers)
        )
        return f"New record made for {child.full_name}, and the contact matched to it"

    return _action_page(
        request,
        contact=contact,
        form_class=NewChildForm,
        initial=NewChildForm.initial_from(contact.child_as_described or {}),
        title="Record a new child",
        record=record,
        facts=selectors.described_rows(contact.child_as_described or {})
        or [("What the sender said about the child", "Nothing")],
        intro="Only when a search has not found the child: a second record of one child "
        "splits their history.",
        button="Record the child",
    )


# --- The decision --------------------------------------------------------------------------


def _decision_success(decided: services.ContactDecided) -> str:
    contact = decided.contact
    if decided.referral is None:
        return f"Decision recorded: {contact.get_decision_display().lower()}"
    if contact.decision == codes.ContactDecision.STRATEGY_DISCUSSION:
        return (
            "Decision recorded: referral and strategy discussion. The referral is open: "
            "record the strategy discussion."
        )
    return "Decision recorded: referral to children's social care. The referral is open."


@requires(DECIDE)
@require_http_methods(["GET", "POST"])
def contact_decide(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, request=request)
    child = contact.child
    if child is None:
        return render(
            request,
            "front_door/mash/not_matched.html",
            {"contact": contact, "message": rules.CONTACT_NOT_MATCHED},
            status=400 if request.method == "POST" else 200,
        )
    if not allowed(request.user, DECIDE, child):
        raise PermissionDenied(DECIDE)
    worker = signed_in_worker(request)
    opened: dict[str, Referral] = {}

    def record(answers: dict[str, Any]) -> str:
        decided = services.contact_decision_record(
            contact=contact,
            decision=answers["decision"],
            rationale=answers["rationale"],
            decided_by=worker,
            primary_need=answers.get("primary_need") or answers.get("strategy_primary_need") or "",
        )
        if decided.referral is not None:
            opened["referral"] = decided.referral
        return _decision_success(decided)

    def done(answers: Answers) -> str:
        # A strategy discussion is recorded next, by those who may record it on the record.
        referral = opened.get("referral")
        if (
            referral is not None
            and referral.contact is not None
            and referral.contact.decision == codes.ContactDecision.STRATEGY_DISCUSSION
            and allowed(request.user, "child.manage_episodes", referral.child)
        ):
            return reverse("cases:strategy_discussion_record", args=[referral.pk])
        return _contact_url(contact)

    received = timezone.localtime(contact.received_at)
    facts = [
        ("Reference", contact.reference),
        ("Received", _received_text(contact)),
        (
            "Decision due by",
            dateformat.format(CLOCKS["contact_decision"].due_from(received.date()), "l j F Y"),
        ),
        ("From", "\n".join(filter(None, [contact.get_source_display(), contact.referrer]))),
        ("RAG rating", contact.get_rag_display() if contact.rag else "Not rated"),
        ("Concerns", contact.concerns or "None recorded"),
    ]
    return run(
        request,
        StatutoryAction(
            child=child,
            title="Decide on the contact",
            form_class=ContactDecisionForm,
            record=record,
            facts=facts,
            field_map={"decision_rationale": "rationale"},
            back_url=_contact_url(contact),
            done_url=done,
        ),
    )


# --- Recording a phone, email or in-person contact -------------------------------------------


@requires(RECORD)
@require_GET
def contact_new(request: HttpRequest) -> HttpResponse:
    """First find the child; or go on without one and describe them."""
    form = _search_form(request.GET)
    results: list[SearchResult] | None = None
    if form is not None and form.is_valid():
        results = selectors.child_identity_search(
            user=request.user, terms=form.terms(), request=request
        )
    return render(
        request,
        "front_door/mash/contact_new.html",
        {
            "form": form or ChildSearchForm(),
            "results": results,
            "search": request.GET.urlencode(),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _pending_put(request: HttpRequest, token: str) -> None:
    posted = request.POST
    pending = dict(request.session.get(PENDING_KEY, {}))
    pending[token] = {
        k: posted.getlist(k)
        for k in posted
        if k not in ("csrfmiddlewaretoken", TOKEN_FIELD, "confirm")
    }
    request.session[PENDING_KEY] = dict(list(pending.items())[-PENDING_KEPT:])


def _pending_get(request: HttpRequest, token: str) -> QueryDict | None:
    kept = request.session.get(PENDING_KEY, {}).get(token) if token else None
    if kept is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept.items():
        data.setlist(key, list(values))
    return data


@requires(RECORD)
@require_http_methods(["GET", "POST"])
def contact_new_details(request: HttpRequest) -> HttpResponse:
    """What the person said, then "Check your answers", then the contact is recorded and its
    reference shown, to read back to the caller."""
    confirming = request.method == "POST" and "confirm" in request.POST
    token = request.POST.get(TOKEN_FIELD, "") if confirming else request.GET.get("change", "")
    pending = _pending_get(request, token)
    if confirming and pending is None:
        messages.error(request, ANSWERS_NOT_KEPT)
        return HttpResponseRedirect(reverse("front_door:contact_new"))
    source = pending if pending is not None else (request.POST or request.GET)
    child_id, search = source.get("child", ""), source.get("search", "")
    child = _searched_child(request, child_id, search) if child_id else None
    context: dict[str, Any] = {"child": child, "child_id": child_id, "search": search}

    form_key = _contact_draft_key(child)
    context["form_key"] = form_key

    if request.method == "GET":
        form = contact_new_form(child_known=child is not None)
        typed, draft = pending, None
        if typed is None:
            draft = _contact_draft(request, form_key, child)
            typed = draft
        if typed is not None:
            form = contact_new_form(initial=_typed(form, typed), child_known=child is not None)
        return render(
            request,
            "front_door/mash/contact_new_details.html",
            {**context, "form": form, "draft_restored": draft is not None},
        )

    form = contact_new_form(pending if confirming else request.POST, child_known=child is not None)
    if not form.is_valid():
        return render(
            request,
            "front_door/mash/contact_new_details.html",
            {**context, "form": form},
            status=400,
        )
    if not confirming:
        token = submission_token_new()
        _pending_put(request, token)
        return render(
            request,
            "front_door/mash/contact_new_check.html",
            {
                **context,
                "answers": form.answers(),
                "token": token,
                "change_url": f"{request.path}?change={token}",
            },
        )
    try:
        # The draft goes with the contact it became, or stays if the contact is refused.
        with transaction.atomic():
            received = services.contact_receive(
                route=form.cleaned_data["route"],
                source=form.cleaned_data["source"],
                concerns=form.cleaned_data["concerns"],
                child=child,
                idempotency_key=token,
                **form.contact_details(),
            )
            draft_discard(user=signed_in_user(request), form_key=form_key)
    except SafeguardError as error:
        add_errors_from(form, error)
        return render(
            request,
            "front_door/mash/contact_new_details.html",
            {**context, "form": form},
            status=400,
        )
    recorded = received.contact
    if received.replayed:
        messages.success(request, f"{ALREADY_RECORDED} Its reference is {recorded.reference}.")
    else:
        messages.success(
            request,
            f"Contact recorded. Give the caller its reference: {recorded.reference}",
        )
    if selectors.contact_opens(user=request.user, contact_id=recorded.pk):
        return HttpResponseRedirect(_contact_url(recorded))
    return HttpResponseRedirect(reverse("front_door:queue"))


def _contact_draft_key(child: Any) -> str:
    # One draft per child the contact is about (and one for a child not yet found), so a
    # half-written contact comes back only when the same child is chosen again.
    return f"contact-new-{child.pk if child is not None else 'child-not-found'}"


def _contact_draft(request: HttpRequest, form_key: str, child: Any) -> QueryDict | None:
    """The user's draft of this contact, as typed, if they left one."""
    if child is not None:
        kept = draft_get_for_child(
            user=request.user, form_key=form_key, child=child, request=request
        )
    else:
        kept = draft_get(user=signed_in_user(request), form_key=form_key)
    if kept is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept.items():
        data.setlist(key, [str(v) for v in values] if isinstance(values, list) else [str(values)])
    return data


def _typed(form: ContactNewForm, data: QueryDict) -> dict[str, Any]:
    """Raw typed values per field (a date as its three parts), to show again as typed."""
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
        if any(key == name or key.startswith(f"{name}_") for key in data)
    }

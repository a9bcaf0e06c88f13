"""The child record. (Visits and case notes are recorded in `actions/casework.py`.)

Views parse the request, call one selector or service, and render or redirect. Need to know
is applied by the selectors (a child the user may not see is a 404); the role is checked by
`requires` (403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser

from ..chronology_pages import PAGE_PARAMETER, chronology_page
from ..extensions import AGENCIES, CHRONOLOGY_TYPES
from ..forms_record import ChronologyFilterForm
from ..selectors import (
    ChildRecord,
    child_record_page_get,
    chronology_filter,
)
from ..workflow.next_steps import Step, next_steps

EPISODES = "child.manage_episodes"
CONFERENCE = "conference.record"

# Each statutory step as the record offers it: who may take it, its link, its page.
_STEP_PAGES: dict[Step, tuple[str, str, str]] = {
    Step.OPEN_REFERRAL: (EPISODES, "Open a referral", "cases:referral_open"),
    Step.START_ASSESSMENT: (EPISODES, "Start an assessment", "cases:assessment_start"),
    Step.CONTINUE_ASSESSMENT: (EPISODES, "Continue the assessment", "cases:assessment_edit"),
    Step.REVIEW_ASSESSMENT: (
        "assessment.authorise",
        "Review the assessment",
        "cases:assessment_review",
    ),
    Step.STRATEGY_DISCUSSION: (
        EPISODES,
        "Record a strategy discussion",
        "cases:strategy_discussion_record",
    ),
    Step.COMPLETE_SECTION47: (
        EPISODES,
        "Complete the section 47 enquiry",
        "cases:section47_complete",
    ),
    Step.INITIAL_CONFERENCE: (
        CONFERENCE,
        "Record the initial child protection conference",
        "cases:initial_conference_record",
    ),
    Step.REVIEW_CONFERENCE: (
        CONFERENCE,
        "Record a review child protection conference",
        "cases:review_conference_record",
    ),
    Step.CORE_GROUP: (EPISODES, "Record a core group meeting", "cases:core_group_record"),
    Step.START_CIN_PLAN: (EPISODES, "Start a child in need plan", "cases:cin_plan_start"),
    Step.REVIEW_CIN_PLAN: (EPISODES, "Review the child in need plan", "cases:cin_plan_review"),
    Step.END_CIN_PLAN: (EPISODES, "End the child in need plan", "cases:cin_plan_end"),
    Step.START_CARE: (EPISODES, "Record that the child became looked after", "cases:care_start"),
    Step.RECORD_CARE_PLAN: (EPISODES, "Record the care plan", "cases:care_plan_record"),
    Step.CHANGE_PLACEMENT: (
        EPISODES,
        "Record a change of placement or legal status",
        "cases:placement_change",
    ),
    Step.CARE_REVIEW: (EPISODES, "Record a looked-after review", "cases:care_review_record"),
    Step.END_CARE: (EPISODES, "Record that the child stopped being looked after", "cases:care_end"),
    Step.CLOSE_REFERRAL: (EPISODES, "Close the referral", "cases:referral_close"),
}


@dataclass(frozen=True)
class Action:
    label: str
    url: str


def _back_url() -> str:
    return url_for("cases:my_cases")


def _asker(user: AnyUser, record: ChildRecord) -> Callable[[str], bool]:
    """Whether the user may do a named thing to this child, each asked of its rule once per
    view: the actions and the page's change links ask some of the same."""
    answers: dict[str, bool] = {}

    def may(permission: str) -> bool:
        if permission not in answers:
            answers[permission] = allowed(user, permission, record.child)
        return answers[permission]

    return may


def _actions(may: Callable[[str], bool], record: ChildRecord) -> tuple[list[Action], list[Action]]:
    """What this user may do next on this record: (buttons, links): what their role allows
    and the statutory rules permit. Every page is named by its URL name, so a mistyped one
    fails loudly (NoReverseMatch)."""
    child = record.child

    def offer(into: list[Action], permission: str, label: str, name: str, *args: Any) -> None:
        if may(permission):
            into.append(Action(label, url_for(name, args)))

    buttons: list[Action] = []
    links: list[Action] = []
    offer(buttons, "child.record_visit", "Record a visit", "cases:visit_record", child.pk)
    offer(buttons, "child.add_case_note", "Add a case note", "cases:case_note_add", child.pk)

    for contact in record.undecided_contacts:
        received = timezone.localtime(contact.received_at)
        offer(
            links,
            "contact.decide",
            f"Decide the contact received {received.day} {received:%B %Y}",
            "front_door:contact",
            contact.pk,
        )
    # The statutory steps come from one workflow function (`next_steps`), which asks the same
    # named rules the steps' services check: the page never offers what the service would
    # refuse, and nothing here re-states a rule.
    for step in next_steps(record.state):
        permission, label, name = _STEP_PAGES[step.step]
        subject = step.subject_id if step.subject_id is not None else child.pk
        offer(links, permission, label, name, subject)
    offer(
        links,
        "allocation.change",
        "Change who the case is allocated to",
        "cases:allocate",
        child.pk,
    )
    return buttons, links


# The chronology filter as the record is usually opened (no query string): unbound, so the
# same on every view and never changed by one; made (and its empty errors worked out) once,
# not per view.
_UNFILTERED = ChronologyFilterForm()
_UNFILTERED.full_clean()


def _chronology_page_url(
    request: HttpRequest, types: list[str], agencies: list[str], significant: bool
) -> Callable[[int], str]:
    """The address of a page of the chronology, with the filters chosen, at the chronology."""
    chosen: dict[str, list[str]] = {"type": types, "agency": agencies}
    if significant:
        chosen["significant"] = ["on"]
    kept = urlencode(chosen, doseq=True)

    def url(number: int) -> str:
        query = "&".join(q for q in (kept, f"{PAGE_PARAMETER}={number}") if q)
        return f"{request.path}?{query}#chronology"

    return url


@requires("child.view")
def child_record(request: HttpRequest, child_id: int) -> HttpResponse:
    # The page number alone is not a filter: the record as usually opened, on another page.
    filtering = any(name != PAGE_PARAMETER for name in request.GET)
    filters = ChronologyFilterForm(request.GET) if filtering else _UNFILTERED
    types: list[str] = []
    agencies: list[str] = []
    significant = False
    if filters.is_bound and filters.is_valid():
        types, agencies = filters.cleaned_data["type"], filters.cleaned_data["agency"]
        significant = filters.cleaned_data["significant"]
    record = child_record_page_get(
        user=signed_in_user(request),
        child_id=child_id,
        today=timezone.localdate(),
        request=request,
    )
    may = _asker(request.user, record)
    buttons, links = _actions(may, record)
    events = chronology_filter(
        record.chronology, types=types, agencies=agencies, significant_only=significant
    )
    page = chronology_page(
        events,
        request.GET.get(PAGE_PARAMETER),
        _chronology_page_url(request, types, agencies, significant),
    )
    return render(
        request,
        "cases/record/child_record.html",
        {
            "record": record,
            "child": record.child,
            "form": filters,
            "events": page.events,
            "chronology": page,
            "filtered": bool(types or agencies or significant),
            "significant_only": significant,
            "chosen_types": [label for code, label in CHRONOLOGY_TYPES if code in types],
            "chosen_agencies": [label for code, label in AGENCIES if code in agencies],
            "buttons": buttons,
            "links": links,
            "back_url": _back_url(),
            "may_restrict": may("record.restrict"),
            "may_change": may("child.change_details"),
            "may_export": may("child.export_chronology"),
        },
        status=400 if filters.errors else 200,
    )

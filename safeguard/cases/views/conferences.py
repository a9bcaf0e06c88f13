"""Your conferences: the conference chair's landing page (accounts.landing).

The view asks one selector (`conference_list_for_chair`, which applies need to know), audits
the list of children it shows, and prepares each row for the template.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.accounts.access import requires
from safeguard.audit.services import audit_list
from safeguard.common.paths import path_for_each
from safeguard.common.templatetags.govuk_dates import short_date
from safeguard.timescales.clocks import CLOCKS, ClockStatus

from .. import selectors

_STATUS_TAGS = {
    ClockStatus.OVERDUE: ("red", "Out of time"),
    ClockStatus.DUE_SOON: ("yellow", "Due soon"),
    ClockStatus.UPCOMING: ("grey", "Upcoming"),
}


def _rows(conferences: list[selectors.ConferenceDue]) -> list[dict[str, Any]]:
    """Each conference as the tables print it (the template reverses and formats nothing)."""
    record_path = path_for_each("cases:child_record")
    action_paths = {
        selectors.CONFERENCE_INITIAL: path_for_each("cases:initial_conference_record"),
        selectors.CONFERENCE_REVIEW: path_for_each("cases:review_conference_record"),
    }
    rows = []
    for conference in conferences:
        colour, words = _STATUS_TAGS[conference.status]
        rows.append(
            {
                "child_id": conference.child_id,
                "child_name": conference.child_name,
                "record_url": record_path(conference.child_id),
                "conference": conference.label,
                "kind": conference.kind,
                "due": short_date(conference.due),
                "planned": short_date(conference.planned) if conference.planned else "Not set",
                "held_on": short_date(conference.held_on),
                "working_days_overdue": conference.working_days_overdue,
                "tag_colour": colour,
                "tag": words,
                "chair": "You" if conference.yours else "No chair yet",
                "record_started": conference.record_started,
                "action_url": action_paths[conference.kind](conference.subject_id),
            }
        )
    return rows


@requires("conference.list")
@require_GET
def conference_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    conferences = selectors.conference_list_for_chair(user=request.user, today=today)
    audit_list(
        actor=request.user,
        request=request,
        name="chair_conferences",
        object_type="cases.conference",
        child_ids=conferences.child_ids,
        details={
            "to_record": len(conferences.to_record),
            "out_of_time": len(conferences.out_of_time),
            "upcoming": len(conferences.upcoming),
            "unchaired": len(conferences.unchaired),
        },
    )
    return render(
        request,
        "cases/conferences/list.html",
        {
            "today": today,
            "to_record": _rows(conferences.to_record),
            "out_of_time": _rows(conferences.out_of_time),
            "upcoming": _rows(conferences.upcoming),
            "unchaired": _rows(conferences.unchaired),
            # What "out of time" means, from the clocks themselves.
            "initial_period": CLOCKS["initial_conference"].period,
            "first_review_period": CLOCKS["first_review_conference"].period,
            "later_review_period": CLOCKS["later_review_conference"].period,
        },
    )

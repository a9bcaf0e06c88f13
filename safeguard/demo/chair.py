"""The demo chair's unfinished record: `chair.demo` held a review conference on the working
day before the as-of date and has started, not finished, its record, so "Your conferences"
shows a conference held and not yet recorded (issue 14). Saved as the form's own draft, as
the chair's typing would have saved it, through the drafts service."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from safeguard.cases.models import ChildProtectionPlan
from safeguard.cases.selectors import (
    CONFERENCE_REVIEW,
    conference_draft_key,
    conference_list_for_chair,
)
from safeguard.common import codes
from safeguard.common.services import draft_save
from safeguard.timescales import add_working_days

CHAIR_USERNAME = "chair.demo"


def demo_chair_draft_create(*, as_of: date) -> int:
    """The draft of the chair's soonest-due review conference, dated the working day before
    `as_of`; the number of drafts written (none if the chair follows no plan)."""
    user = get_user_model().objects.filter(username=CHAIR_USERNAME).first()
    if user is None:
        return 0
    held_on = add_working_days(as_of, -1)
    conferences = conference_list_for_chair(user=user, today=as_of)
    review = next(
        (
            c
            for c in conferences.upcoming
            if c.kind == CONFERENCE_REVIEW and c.yours and c.started < held_on
        ),
        None,
    )
    if review is None:
        return 0
    plan = ChildProtectionPlan.objects.get(pk=review.subject_id)
    draft_save(
        user=user,
        form_key=conference_draft_key(CONFERENCE_REVIEW, plan.pk),
        data={
            "conference_date_0": [str(held_on.day)],
            "conference_date_1": [str(held_on.month)],
            "conference_date_2": [str(held_on.year)],
            "outcome": [codes.ConferenceOutcome.CONTINUE_PLAN.value],
            "latest_category": [plan.latest_category],
        },
    )
    return 1

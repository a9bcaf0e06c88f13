"""The manager's reason for returning an assessment, on the assessment itself: shown to the
worker while they rework it (issue 14: it was only in the chronology), the latest return's,
and gone once the assessment is sent back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.cases import selectors, services
from safeguard.cases.tests.factories import assessment_sections
from safeguard.common import codes

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 3, 14, 12, 0, tzinfo=ZoneInfo("Europe/London"))
REASON = "Add the father's view and what the school told you on 3 March."


@pytest.fixture(autouse=True)
def frozen(calendar: Any) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _submitted(personas: Any) -> Any:
    referral = services.referral_open(
        child=personas.own_child,
        referral_date=date(2025, 2, 10),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    assessment = services.assessment_start(
        referral=referral, start_date=date(2025, 2, 10), worker=personas.social_worker.worker
    )
    return _submit(assessment)


def _submit(assessment: Any) -> Any:
    return services.assessment_submit(
        assessment=assessment,
        submitted_date=date(2025, 3, 10),
        child_seen_date=date(2025, 2, 12),
        factors=[codes.AssessmentFactor.NEGLECT],
        outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        **assessment_sections(),
    )


def _return(personas: Any, assessment: Any, reason: str = REASON) -> Any:
    return services.assessment_return(
        assessment=assessment, returned_by=personas.team_manager.worker, rationale=reason
    )


def test_the_worker_reads_the_managers_reason_on_the_assessment(personas, sign_in):
    assessment = _return(personas, _submitted(personas))

    html = (
        sign_in(personas.social_worker)
        .get(reverse("cases:assessment_edit", args=[assessment.pk]))
        .content.decode()
    )

    assert "Returned for more work" in html
    assert "On 14 March 2025 Tm Persona returned it, saying:" in html
    assert "Add the father&#x27;s view and what the school told you on 3 March." in html


def test_a_returned_assessment_opens_with_every_section_the_worker_wrote(personas, sign_in):
    assessment = _return(personas, _submitted(personas))

    html = (
        sign_in(personas.social_worker)
        .get(reverse("cases:assessment_edit", args=[assessment.pk]))
        .content.decode()
    )

    for name, text in assessment_sections().items():
        box = html.split(f'name="{name}"', 1)[1].split("</textarea>", 1)[0]
        assert escape(text) in box


def test_an_assessment_never_returned_says_nothing_of_a_return(personas, sign_in):
    assessment = _submitted(personas)

    html = (
        sign_in(personas.social_worker)
        .get(reverse("cases:assessment_edit", args=[assessment.pk]))
        .content.decode()
    )

    assert "Returned for more work" not in html


def test_the_reason_is_the_latest_returns_and_goes_once_sent_back(personas):
    assessment = _return(personas, _submitted(personas), "First: add the father's view.")
    _submit(assessment)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        _return(personas, assessment, "Second: the analysis needs the school's account.")

    returned = selectors.assessment_return_get(assessment=assessment)
    assert returned is not None
    assert (returned.rationale, returned.returned_by) == (
        "Second: the analysis needs the school's account.",
        "Tm Persona",
    )

    resubmitted = _submit(assessment)

    assert selectors.assessment_return_get(assessment=resubmitted) is None

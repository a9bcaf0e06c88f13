"""The manager's actions: allocating a case and deciding on an assessment. Each records the
rationale, who and when; bad input is refused with the GOV.UK error summary and writes
nothing; a form sent twice writes once; and only the child's managers may act."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from html import escape, unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from safeguard.cases.forms_team import (
    ALLOCATE_TO_REQUIRED,
    ALLOCATION_RATIONALE_REQUIRED,
    AUTHORISED_DATE_REQUIRED,
    DECISION_RATIONALE_REQUIRED,
    DECISION_REQUIRED,
)
from safeguard.cases.models import Allocation, Assessment, ManagementDecision
from safeguard.cases.tests.factories import AssessmentFactory, ReferralFactory, assessment_sections
from safeguard.cases.views.actions.flow import ALREADY_RECORDED, ANSWERS_NOT_KEPT
from safeguard.cases.views.actions.management import NOT_AWAITING_DECISION
from safeguard.cases.workflow import rules
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
RATIONALE = "Sw Persona knows the family from a previous referral and has capacity."


@pytest.fixture(autouse=True)
def frozen_today(calendar: Any) -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def token_from(html: str) -> str:
    match = re.search(r'name="submission_token" value="([^"]+)"', html)
    assert match, "no submission token on the form"
    return match.group(1)


def error_summary(html: str) -> list[str]:
    if "govuk-error-summary" not in html:
        return []
    summary = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return [unescape(error) for error in re.findall(r"<a [^>]*>([^<]+)</a>", summary)]


def written() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    return (
        list(Allocation.objects.order_by("pk").values()),
        list(Assessment.objects.order_by("pk").values()),
        list(ManagementDecision.objects.order_by("pk").values()),
    )


# --- Allocation -------------------------------------------------------------------------------


def allocate_url(child: Any) -> str:
    return reverse("cases:allocate", args=[child.pk])


def allocation_form(token: str, **changes: str) -> dict[str, str]:
    return {
        "submission_token": token,
        "allocate_to": "",
        "start_date_0": "14",
        "start_date_1": "3",
        "start_date_2": "2025",
        "rationale": RATIONALE,
        **changes,
    }


def test_the_allocation_form_offers_the_teams_workers_with_their_caseloads(personas, sign_in):
    response = sign_in(personas.team_manager).get(allocate_url(personas.team_child))
    html = response.content.decode()
    assert response.status_code == 200
    sw = personas.social_worker.worker
    assert f'value="worker-{sw.pk}"' in html
    assert "Sw Persona, Team A (2 children)" in html
    assert f'value="team-{personas.team.pk}"' in html
    assert "Team A (no worker yet), since 6 January 2020" in html
    assert personas.other_worker.worker.full_name not in html


def test_a_manager_allocates_a_child_to_a_worker_with_their_rationale(personas, sign_in):
    client = sign_in(personas.team_manager)
    token = token_from(client.get(allocate_url(personas.team_child)).content.decode())
    sw = personas.social_worker.worker
    response = client.post(
        allocate_url(personas.team_child), allocation_form(token, allocate_to=f"worker-{sw.pk}")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:team_detail", args=[personas.team.pk])
    current = Allocation.objects.get(child=personas.team_child, end_date__isnull=True)
    assert (current.worker, current.start_date, current.reason) == (
        sw,
        date(2025, 3, 14),
        RATIONALE,
    )
    assert current.allocated_by == personas.team_manager.worker
    assert (
        Allocation.objects.get(child=personas.team_child, end_date=date(2025, 3, 14)).worker is None
    )
    decision = ManagementDecision.objects.get()
    assert decision.kind == ManagementDecision.Kind.ALLOCATION
    assert decision.rationale == RATIONALE
    assert decision.decided_by == personas.team_manager.worker
    assert decision.decided_at == datetime(2025, 3, 14, 12, 0, tzinfo=LONDON)

    banner = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in banner
    assert "Team Child&#x27;s case is allocated to Sw Persona" in banner


def test_a_manager_may_allocate_to_the_team_only(personas, sign_in):
    client = sign_in(personas.team_manager)
    token = token_from(client.get(allocate_url(personas.own_child)).content.decode())
    response = client.post(
        allocate_url(personas.own_child),
        allocation_form(token, allocate_to=f"team-{personas.team.pk}"),
    )
    assert response.status_code == 302
    current = Allocation.objects.get(child=personas.own_child, end_date__isnull=True)
    assert (current.team, current.worker) == (personas.team, None)


def test_a_referral_waiting_with_no_allocation_can_be_allocated(personas, sign_in):
    child = ChildFactory(first_name="Waiting")
    ReferralFactory(child=child, team=personas.team, referral_date=date(2025, 3, 3))
    client = sign_in(personas.team_manager)
    page = client.get(allocate_url(child))
    assert page.status_code == 200
    assert "Nobody: the referral has not been allocated" in page.content.decode()
    sw = personas.social_worker.worker
    response = client.post(
        allocate_url(child),
        allocation_form(token_from(page.content.decode()), allocate_to=f"worker-{sw.pk}"),
    )
    assert response.status_code == 302
    assert Allocation.objects.get(child=child).worker == sw


def test_an_allocation_without_a_rationale_is_refused_keeps_the_answers_and_writes_nothing(
    personas, sign_in
):
    client = sign_in(personas.team_manager)
    token = token_from(client.get(allocate_url(personas.team_child)).content.decode())
    sw = personas.social_worker.worker
    before = written()
    for rationale in ("", "   "):
        response = client.post(
            allocate_url(personas.team_child),
            allocation_form(token, allocate_to=f"worker-{sw.pk}", rationale=rationale),
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert error_summary(html) == [ALLOCATION_RATIONALE_REQUIRED]
        assert 'id="id_rationale-error"' in html
        assert f'value="worker-{sw.pk}" checked' in html
        assert 'name="start_date_2" id="id_start_date_2" value="2025"' in html
        assert "<title>Error: " in html
    assert written() == before


def test_an_allocation_with_nobody_chosen_or_a_worker_from_another_team_is_refused(
    personas, sign_in
):
    client = sign_in(personas.team_manager)
    token = token_from(client.get(allocate_url(personas.team_child)).content.decode())
    before = written()
    for choice in ("", f"worker-{personas.other_worker.worker.pk}"):
        response = client.post(
            allocate_url(personas.team_child), allocation_form(token, allocate_to=choice)
        )
        assert response.status_code == 400
        assert error_summary(response.content.decode()) == [ALLOCATE_TO_REQUIRED]
    assert written() == before


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2025", "Date of allocation must be a real date"),
        ("", "", "", "Enter date of allocation"),
        # The service's rules: not in the future, not before the current allocation.
        ("17", "3", "2025", "cannot be in the future"),
        ("1", "1", "2019", "must be on or after 6 January 2020, the date the current allocation"),
    ],
)
def test_an_allocation_with_a_bad_date_is_refused_beside_the_date(
    personas, sign_in, day, month, year, message
):
    client = sign_in(personas.team_manager)
    token = token_from(client.get(allocate_url(personas.team_child)).content.decode())
    before = written()
    response = client.post(
        allocate_url(personas.team_child),
        allocation_form(
            token,
            allocate_to=f"worker-{personas.social_worker.worker.pk}",
            start_date_0=day,
            start_date_1=month,
            start_date_2=year,
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    [error] = error_summary(html)
    assert message in error
    inline = html.split('id="id_start_date-error"', 1)[1].split("</p>", 1)[0]
    assert message in unescape(inline)
    assert written() == before


def test_an_allocation_sent_twice_is_written_once(personas, sign_in):
    client = sign_in(personas.team_manager)
    token = token_from(client.get(allocate_url(personas.team_child)).content.decode())
    form = allocation_form(token, allocate_to=f"worker-{personas.social_worker.worker.pk}")
    first = client.post(allocate_url(personas.team_child), form)
    second = client.post(allocate_url(personas.team_child), form)
    assert first.status_code == second.status_code == 302
    assert Allocation.objects.filter(child=personas.team_child).count() == 2
    assert ManagementDecision.objects.count() == 1
    assert ALREADY_RECORDED in client.get(second["Location"]).content.decode()


def test_a_refused_allocation_can_be_corrected_and_sent_with_the_same_form(personas, sign_in):
    client = sign_in(personas.team_manager)
    token = token_from(client.get(allocate_url(personas.team_child)).content.decode())
    sw = f"worker-{personas.social_worker.worker.pk}"
    refused = client.post(
        allocate_url(personas.team_child),
        allocation_form(token, allocate_to=sw, start_date_2="2019"),
    )
    assert refused.status_code == 400
    assert token_from(refused.content.decode()) == token
    accepted = client.post(
        allocate_url(personas.team_child), allocation_form(token, allocate_to=sw)
    )
    assert accepted.status_code == 302
    assert ManagementDecision.objects.count() == 1


def test_a_manager_cannot_allocate_another_teams_child(personas, sign_in):
    client = sign_in(personas.team_manager)
    assert client.get(allocate_url(personas.other_child)).status_code == 404
    response = client.post(
        allocate_url(personas.other_child),
        allocation_form("x", allocate_to=f"team-{personas.team.pk}"),
    )
    assert response.status_code == 404
    assert not ManagementDecision.objects.exists()


def test_the_head_of_service_may_allocate_in_their_service(personas, sign_in):
    assert (
        sign_in(personas.head_of_service).get(allocate_url(personas.team_child)).status_code == 200
    )


@pytest.mark.parametrize(
    "role", ["social_worker", "auditor", "analyst", "system_administrator", "conference_chair"]
)
def test_roles_that_do_not_manage_cannot_allocate(personas, sign_in, role):
    client = sign_in(getattr(personas, role))
    assert client.get(allocate_url(personas.own_child)).status_code == 403
    response = client.post(
        allocate_url(personas.own_child),
        allocation_form("x", allocate_to=f"team-{personas.team.pk}"),
    )
    assert response.status_code == 403
    assert not ManagementDecision.objects.exists()


# --- Decision on an assessment ----------------------------------------------------------------


@pytest.fixture
def ready(personas: Any) -> Assessment:
    """Own Child's assessment, referral 3 February 2025, completed and sent on 12 March."""
    referral = ReferralFactory(
        child=personas.own_child, team=personas.team, referral_date=date(2025, 2, 3)
    )
    return AssessmentFactory(
        referral=referral,
        worker=personas.social_worker.worker,
        submitted=True,
        submitted_date=date(2025, 3, 12),
        factors=["1B", "3A"],
        **assessment_sections(
            analysis="Parents engaged; the child is safe at home with support.\nNo new concerns.",
        ),
    )


def review_url(assessment: Assessment) -> str:
    return reverse("cases:assessment_review", args=[assessment.pk])


def decision(**changes: str) -> dict[str, str]:
    return {
        "decision": "authorise",
        "authorised_date_0": "14",
        "authorised_date_1": "3",
        "authorised_date_2": "2025",
        "rationale": "Thorough; the plan addresses the neglect identified.",
        **changes,
    }


def confirm(client: Any, assessment: Assessment, check_page: Any) -> Any:
    token = token_from(check_page.content.decode())
    return client.post(review_url(assessment), {"submission_token": token, "confirm": "yes"})


def test_the_review_page_shows_the_written_assessment_factors_and_outcome(personas, sign_in, ready):
    response = sign_in(personas.team_manager).get(review_url(ready))
    html = response.content.decode()
    assert response.status_code == 200
    # Every section, under the question the worker answered, in the Framework's order, before
    # the manager's decision; line breaks kept.
    written = html.split('id="assessment-sections"')[1].split('name="decision"')[0]
    headings = re.findall(r'<h3 class="govuk-heading-s">([^<]+)</h3>', written)
    assert [unescape(h) for h in headings] == [
        "The child's developmental needs",
        "Parenting capacity",
        "Family and environmental factors",
        "The child's voice: wishes, feelings and lived experience",
        "Analysis",
        "The plan",
    ]
    for name in rules.ASSESSMENT_SECTIONS:
        text = getattr(ready, name).split("\n")[0]
        assert escape(text) in written
    assert "the child is safe at home with support.<br>No new concerns." in written
    # The factors in words: the census code ("1B") is for the returns, not the manager.
    assert "<li>Alcohol misuse: parent or carer</li>" in html
    # Tags stripped: a CSRF token or nonce may happen to hold the two characters.
    assert "1B" not in strip_tags(html)
    assert "Child in need plan" in html
    # 45 working days from 3 February 2025.
    assert "7 April 2025" in html
    assert 'name="decision"' in html


def test_authorising_goes_through_check_your_answers_then_records_who_when_and_why(
    personas, sign_in, ready
):
    client = sign_in(personas.team_manager)
    before = written()
    check = client.post(review_url(ready), decision())
    html = check.content.decode()
    assert check.status_code == 200
    assert "Check your decision before recording it" in html
    assert "Authorise the assessment" in html
    assert "14 March 2025" in html
    assert token_from(html)  # the one-time token that makes a second send record nothing
    assert written() == before  # nothing is recorded until the manager confirms

    response = confirm(client, ready, check)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:team_dashboard")
    ready.refresh_from_db()
    assert ready.authorised_date == date(2025, 3, 14)
    assert ready.authorised_by == personas.team_manager.worker
    decision_made = ManagementDecision.objects.get()
    assert decision_made.kind == ManagementDecision.Kind.AUTHORISATION
    assert decision_made.rationale == "Thorough; the plan addresses the neglect identified."
    assert decision_made.decided_by == personas.team_manager.worker
    banner = client.get(response["Location"]).content.decode()
    assert "Own Child&#x27;s assessment is authorised" in banner


def test_returning_an_assessment_sends_it_back_with_the_reason(personas, sign_in, ready):
    client = sign_in(personas.team_manager)
    # A date left in the form is ignored when returning.
    answers = decision(
        decision="return", rationale="Speak to the school before deciding.", authorised_date_0="99"
    )
    check = client.post(review_url(ready), answers)
    assert check.status_code == 200
    assert "Date authorised" not in check.content.decode().split('id="check-answers"', 1)[1]
    response = confirm(client, ready, check)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert (ready.submitted_date, ready.authorised_date) == (None, None)
    decision_made = ManagementDecision.objects.get()
    assert (decision_made.kind, decision_made.rationale) == (
        ManagementDecision.Kind.RETURN,
        "Speak to the school before deciding.",
    )


def test_change_on_check_your_answers_goes_back_to_the_form_with_the_answers(
    personas, sign_in, ready
):
    client = sign_in(personas.team_manager)
    check = client.post(review_url(ready), decision()).content.decode()
    change = re.search(r'href="([^"]+\?change=[^"#]+)#id_decision_0"', check)
    assert change is not None
    response = client.get(unescape(change.group(1)))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="authorise" checked' in html
    assert "Thorough; the plan addresses the neglect identified." in html
    assert "There is a problem" not in html


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"decision": ""}, [DECISION_REQUIRED]),
        ({"rationale": " "}, [DECISION_RATIONALE_REQUIRED]),
        (
            {"authorised_date_0": "", "authorised_date_1": "", "authorised_date_2": ""},
            [AUTHORISED_DATE_REQUIRED],
        ),
        (
            {"authorised_date_0": "30", "authorised_date_1": "2"},
            ["Date authorised must be a real date"],
        ),
    ],
)
def test_a_decision_with_missing_answers_is_refused_and_writes_nothing(
    personas, sign_in, ready, changes, errors
):
    client = sign_in(personas.team_manager)
    before = written()
    response = client.post(review_url(ready), decision(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html) == errors
    assert "Parents engaged" in html  # the assessment is still there to read
    assert written() == before


def test_a_confirmation_without_checked_answers_records_nothing(personas, sign_in, ready):
    client = sign_in(personas.team_manager)
    before = written()
    # Answers sent straight to "confirm" are not what was checked: only kept answers count.
    response = client.post(
        review_url(ready), {**decision(), "submission_token": "made-up", "confirm": "yes"}
    )
    assert response.status_code == 302
    assert response["Location"] == review_url(ready)
    assert ANSWERS_NOT_KEPT in client.get(response["Location"]).content.decode()
    assert written() == before


def test_the_services_refusal_is_shown_on_the_form(personas, sign_in, ready):
    client = sign_in(personas.team_manager)
    before = written()
    # Before the assessment was completed on 12 March: refused before the check page.
    response = client.post(review_url(ready), decision(authorised_date_0="11"))
    assert response.status_code == 400
    html = response.content.decode()
    assert len(error_summary(html)) == 1
    assert 'id="id_authorised_date-error"' in html
    assert written() == before
    # The corrected answers are checked and recorded.
    assert confirm(client, ready, client.post(review_url(ready), decision())).status_code == 302


def test_a_decision_refused_when_confirmed_is_shown_on_the_form_and_writes_nothing(
    personas, sign_in, ready
):
    client = sign_in(personas.team_manager)
    check = client.post(review_url(ready), decision())
    # Another manager decides while this one reads the check page.
    ready.authorised_date = date(2025, 3, 13)
    ready.save()
    before = written()
    response = confirm(client, ready, check)
    assert response.status_code == 400
    assert error_summary(response.content.decode()) == [NOT_AWAITING_DECISION]
    assert written() == before


def test_a_decision_sent_twice_is_recorded_once(personas, sign_in, ready):
    client = sign_in(personas.team_manager)
    check = client.post(review_url(ready), decision())
    first = confirm(client, ready, check)
    second = confirm(client, ready, check)
    assert first.status_code == second.status_code == 302
    assert ManagementDecision.objects.count() == 1
    assert ALREADY_RECORDED in client.get(second["Location"]).content.decode()


def test_an_assessment_not_waiting_for_a_decision_cannot_be_decided(personas, sign_in):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    in_progress = AssessmentFactory(referral=referral)
    client = sign_in(personas.team_manager)
    page = client.get(review_url(in_progress)).content.decode()
    assert "the worker has not completed it yet" in page
    assert 'name="decision"' not in page
    response = client.post(review_url(in_progress), decision())
    assert response.status_code == 400
    assert error_summary(response.content.decode()) == [NOT_AWAITING_DECISION]
    assert not ManagementDecision.objects.exists()


def test_a_manager_cannot_review_another_teams_assessment(personas, sign_in):
    referral = ReferralFactory(child=personas.other_child, team=personas.other_team)
    theirs = AssessmentFactory(referral=referral, submitted=True)
    client = sign_in(personas.team_manager)
    assert client.get(review_url(theirs)).status_code == 404
    assert (
        client.post(
            review_url(theirs), {**decision(), "submission_token": "t", "confirm": "yes"}
        ).status_code
        == 404
    )
    assert not ManagementDecision.objects.exists()


@pytest.mark.parametrize(
    "role", ["social_worker", "auditor", "analyst", "system_administrator", "front_door_worker"]
)
def test_roles_that_do_not_manage_cannot_decide_on_an_assessment(personas, sign_in, ready, role):
    client = sign_in(getattr(personas, role))
    assert client.get(review_url(ready)).status_code == 403
    assert (
        client.post(
            review_url(ready), {**decision(), "submission_token": "t", "confirm": "yes"}
        ).status_code
        == 403
    )
    assert not ManagementDecision.objects.exists()


def test_the_action_pages_declare_their_permissions():
    from django.urls import resolve

    assert resolve("/children/1/allocate").func.safeguard_permission == "allocation.change"
    assert resolve("/assessments/1/review").func.safeguard_permission == "assessment.authorise"


def test_the_team_dashboard_lists_assessments_waiting_for_a_decision(personas, sign_in, ready):
    html = sign_in(personas.team_manager).get(reverse("cases:team_dashboard")).content.decode()
    assert review_url(ready) in html

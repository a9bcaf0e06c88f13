"""The statutory action pages: check-your-answers, one-time confirmation, errors on the
form, and who may open each page. (The front door's pages are tested in
safeguard/front_door/tests.)

Time is frozen at noon on Friday 14 March 2025; the factories' episodes start in January.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import resolve, reverse

from safeguard.cases.models import ManagementDecision, Referral
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    ChildProtectionPlanFactory,
    ReferralFactory,
    Section47EnquiryFactory,
)
from safeguard.cases.views.actions.flow import ALREADY_RECORDED, ANSWERS_NOT_KEPT
from safeguard.common import codes

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 14)
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


# --- Helpers the other test_actions_* modules share ------------------------------------------


def day(name: str, on: date) -> dict[str, str]:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_0": str(on.day), f"{name}_1": str(on.month), f"{name}_2": str(on.year)}


def check_answers(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Post the form and expect the "Check your answers" page."""
    response = client.post(url, data)
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert "Check your answers" in response.content.decode()
    return response


def confirm(client: Any, url: str, check_page: Any) -> Any:
    token = TOKEN.search(check_page.content.decode())
    assert token is not None
    return client.post(url, {"submission_token": token.group(1), "confirm": "yes"})


def record(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Post, check, confirm: the whole of a statutory action."""
    return confirm(client, url, check_answers(client, url, data))


def banner(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def child_record(child: Any) -> str:
    return f"/children/{child.pk}"


# --- Opening a referral: dates ---------------------------------------------------------------


def _referral_answers(personas: Any, on: date) -> dict[str, Any]:
    return {
        **day("referral_date", on),
        "source": "2A",
        "primary_need": "N1",
        "team": personas.team.pk,
    }


def test_a_referral_is_opened_after_checking_the_answers(personas, sign_in):
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_open", args=[personas.own_child.pk])

    response = record(client, url, _referral_answers(personas, date(2025, 3, 12)))

    assert response.status_code == 302
    assert banner(response) == ["Referral opened"]
    referral = Referral.objects.get()
    assert (referral.child, referral.referral_date, referral.source, referral.team) == (
        personas.own_child,
        date(2025, 3, 12),
        "2A",
        personas.team,
    )


def test_a_date_that_is_not_real_shows_the_error_summary_keeps_the_values_and_saves_nothing(
    personas, sign_in
):
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_open", args=[personas.own_child.pk])
    data = {**_referral_answers(personas, TODAY), "referral_date_0": "31", "referral_date_1": "2"}

    response = client.post(url, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Open a referral" in page
    assert "There is a problem" in page
    assert '<a href="#id_referral_date_0">The date of the referral must be a real date</a>' in page
    assert 'id="id_referral_date-error"' in page
    assert 'value="31"' in page and 'value="2025"' in page
    assert '<option value="2A" selected>' in page
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"referral_date_0": "", "referral_date_1": "", "referral_date_2": ""}, "Enter the date"),
        ({"referral_date_1": ""}, "must include a month"),
        ({"referral_date_2": "25"}, "Year must include 4 numbers"),
        ({"referral_date_0": "x"}, "must be a real date"),
    ],
)
def test_each_kind_of_bad_date_is_explained_and_nothing_is_saved(personas, sign_in, parts, message):
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_open", args=[personas.own_child.pk])

    response = client.post(url, {**_referral_answers(personas, TODAY), **parts})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_a_date_in_the_future_is_refused_by_the_service_on_the_form(personas, sign_in):
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_open", args=[personas.own_child.pk])

    response = client.post(url, _referral_answers(personas, date(2025, 3, 17)))

    assert response.status_code == 400
    assert "The referral date cannot be in the future" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_double_click_on_confirm_records_once(personas, sign_in):
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_open", args=[personas.own_child.pk])
    check_page = check_answers(client, url, _referral_answers(personas, date(2025, 3, 12)))

    first = confirm(client, url, check_page)
    second = confirm(client, url, check_page)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    # (The first banner is still unread here: the test client followed neither redirect.)
    assert banner(second)[-1] == ALREADY_RECORDED
    assert Referral.objects.count() == 1


def test_confirming_answers_that_were_not_kept_records_nothing(personas, sign_in):
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_open", args=[personas.own_child.pk])

    response = client.post(url, {"submission_token": "made-up", "confirm": "yes"})

    assert response.status_code == 302 and response["Location"] == url
    assert banner(response) == [ANSWERS_NOT_KEPT]
    assert not Referral.objects.exists()


# --- Closing a referral -----------------------------------------------------------------------


def test_closure_is_refused_while_work_is_open_and_nothing_is_written(personas, sign_in):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    AssessmentFactory(referral=referral)
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_close", args=[referral.pk])

    response = client.post(url, {**day("closure_date", TODAY), "closure_reason": "RC7"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "cannot close while work inside it is open: 1 assessment not yet authorised" in page
    referral.refresh_from_db()
    assert referral.closure_date is None


def test_a_social_worker_closes_a_referral_without_a_management_decision(personas, sign_in):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_close", args=[referral.pk])
    assert "Reasons for closing" not in client.get(url).content.decode()

    response = record(client, url, {**day("closure_date", TODAY), "closure_reason": "RC7"})

    assert banner(response) == ["Referral closed"]
    referral.refresh_from_db()
    assert (referral.closure_date, referral.closure_reason) == (TODAY, "RC7")
    assert not ManagementDecision.objects.exists()


def test_a_managers_closure_needs_reasons_and_records_them_as_a_management_decision(
    personas, sign_in
):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    client = sign_in(personas.team_manager)
    url = reverse("cases:referral_close", args=[referral.pk])
    answers = {**day("closure_date", TODAY), "closure_reason": "RC7"}

    refused = client.post(url, answers)
    assert refused.status_code == 400
    assert "Enter the reasons for closing the referral" in refused.content.decode()

    record(client, url, {**answers, "rationale": "Needs met through the family's own support."})

    decision = ManagementDecision.objects.get()
    assert (decision.kind, decision.decided_by) == ("closure", personas.team_manager.worker)
    assert decision.rationale == "Needs met through the family's own support."


def test_change_reopens_the_form_with_the_answers_given(personas, sign_in):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    client = sign_in(personas.social_worker)
    url = reverse("cases:referral_close", args=[referral.pk])
    check_page = check_answers(client, url, {**day("closure_date", TODAY), "closure_reason": "RC8"})
    change = re.search(
        r'href="([^"]+\?change=[^"#]+)#id_closure_reason_0"', check_page.content.decode()
    )
    assert change is not None

    form = client.get(change.group(1))

    assert form.status_code == 200
    page = form.content.decode()
    assert 'value="14"' in page and 'value="2025"' in page
    assert re.search(r'value="RC8" checked', page)
    assert "There is a problem" not in page


# --- Access -----------------------------------------------------------------------------------


def _urls(personas: Any) -> dict[str, str]:
    """Every action page, about the social worker's own child."""
    child = personas.own_child
    referral = ReferralFactory(child=child, team=personas.team)
    assessment = AssessmentFactory(referral=referral)
    enquiry = Section47EnquiryFactory(strategy_discussion__referral=referral)
    plan = ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    return {
        "referral_open": reverse("cases:referral_open", args=[child.pk]),
        "assessment_start": reverse("cases:assessment_start", args=[referral.pk]),
        "assessment_edit": reverse("cases:assessment_edit", args=[assessment.pk]),
        "strategy_discussion_record": reverse(
            "cases:strategy_discussion_record", args=[referral.pk]
        ),
        "section47_complete": reverse("cases:section47_complete", args=[enquiry.pk]),
        "initial_conference_record": reverse("cases:initial_conference_record", args=[enquiry.pk]),
        "review_conference_record": reverse("cases:review_conference_record", args=[plan.pk]),
        "referral_close": reverse("cases:referral_close", args=[referral.pk]),
    }


PERMISSIONS = {
    "referral_open": "child.manage_episodes",
    "assessment_start": "child.manage_episodes",
    "assessment_edit": "child.manage_episodes",
    "strategy_discussion_record": "child.manage_episodes",
    "section47_complete": "child.manage_episodes",
    "initial_conference_record": "conference.record",
    "review_conference_record": "conference.record",
    "referral_close": "child.manage_episodes",
}


def test_every_action_page_declares_its_named_permission(personas):
    for name, url in _urls(personas).items():
        assert resolve(url).func.safeguard_permission == PERMISSIONS[name], name


def test_a_manager_opens_every_action_page_about_a_child_of_their_team(personas, sign_in):
    client = sign_in(personas.team_manager)
    for name, url in _urls(personas).items():
        assert client.get(url).status_code == 200, name


def test_every_action_page_is_404_for_a_worker_from_another_team(personas, sign_in):
    urls = _urls(personas)
    client = sign_in(personas.other_worker)
    for name, url in urls.items():
        if PERMISSIONS[name] == "child.manage_episodes":
            assert client.get(url).status_code == 404, name
            assert client.post(url, {}).status_code == 404, name


@pytest.mark.parametrize("role", ["auditor", "analyst", "system_administrator"])
def test_every_action_page_is_403_for_a_role_without_case_work(personas, sign_in, role):
    urls = _urls(personas)
    client = sign_in(getattr(personas, role))
    for name, url in urls.items():
        assert client.get(url).status_code == 403, name


def test_roles_are_refused_the_actions_that_are_not_theirs(personas, sign_in):
    urls = _urls(personas)
    social_worker = sign_in(personas.social_worker)
    assert social_worker.get(urls["initial_conference_record"]).status_code == 403
    front_door = sign_in(personas.front_door_worker)
    assert front_door.get(urls["referral_open"]).status_code == 403


def test_a_restricted_record_is_404_even_to_the_childs_team(personas, sign_in):
    url = reverse("cases:referral_open", args=[personas.restricted_child.pk])

    assert sign_in(personas.social_worker).get(url).status_code == 404
    assert sign_in(personas.team_manager).get(url).status_code == 200


def test_opening_an_action_page_is_audited_as_a_read_of_the_childs_record(personas, sign_in):
    from safeguard.audit.models import AuditEntry

    sign_in(personas.social_worker).get(
        reverse("cases:referral_open", args=[personas.own_child.pk])
    )

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.child_id) == ("read", personas.own_child.pk)


def test_codes_offered_on_the_closure_form_are_the_census_reasons(personas, sign_in):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    page = (
        sign_in(personas.social_worker)
        .get(reverse("cases:referral_close", args=[referral.pk]))
        .content.decode()
    )

    for code in codes.ReasonForClosure.values:
        assert f'value="{code}"' in page

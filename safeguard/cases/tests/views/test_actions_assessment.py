"""The single assessment: started in a referral, completed (saved as a draft while the worker
writes), then submitted for authorisation after checking the answers."""

from __future__ import annotations

from datetime import date
from html import escape

import pytest
from django.urls import reverse

from safeguard.cases.forms_actions import FACTOR_GROUPS, NO_FACTORS, AssessmentForm
from safeguard.cases.models import Assessment, Referral
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    ReferralFactory,
    assessment_sections,
)
from safeguard.cases.tests.views.test_actions import (
    TODAY,
    TOKEN,
    banner,
    check_answers,
    confirm,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)
from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules.assessment import ASSESSMENT_SECTION_MISSING
from safeguard.common import codes
from safeguard.common.services import draft_get

SECTIONS = assessment_sections(
    childs_voice="Fictional: said home is noisy at night.\nDrew a picture of her nan's house.",
)
# The questions the form asks, in the Assessment Framework's order.
LABELS = {
    "developmental_needs": "The child's developmental needs",
    "parenting_capacity": "Parenting capacity",
    "family_and_environment": "Family and environmental factors",
    "childs_voice": "The child's voice: wishes, feelings and lived experience",
    "analysis": "Analysis",
    "plan": "The plan",
}


def _assessment_answers(**changes):
    return {
        **day("child_seen_date", date(2025, 3, 11)),
        "factors": ["16A", "3B"],
        "outcome": "child_in_need_plan",
        **SECTIONS,
        **changes,
    }


def test_a_referral_goes_through_assessment_start_completion_and_submission(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    record(
        client,
        reverse("cases:referral_open", args=[child.pk]),
        {
            **day("referral_date", date(2025, 3, 3)),
            "source": "2A",
            "primary_need": "N1",
            "team": personas.team.pk,
        },
    )
    referral = Referral.objects.get()

    # Starting is not a decision: one post, no check page, written once.
    start_url = reverse("cases:assessment_start", args=[referral.pk])
    token = TOKEN.search(client.get(start_url).content.decode()).group(1)
    started = client.post(
        start_url, {**day("start_date", date(2025, 3, 4)), "submission_token": token}
    )
    assert started.status_code == 302 and banner(started)[-1] == "Assessment started"
    assessment = Assessment.objects.get()
    assert (assessment.start_date, assessment.worker) == (
        date(2025, 3, 4),
        personas.social_worker.worker,
    )

    edit_url = reverse("cases:assessment_edit", args=[assessment.pk])
    form = client.get(edit_url).content.decode()
    assert "Alcohol and drug misuse" in form and "Abuse and neglect" in form
    assert 'data-behaviour="exclusive"' in form
    assert "(45 working days from the referral)" in form

    check_page = check_answers(client, edit_url, _assessment_answers())
    page = check_page.content.decode()
    assert "Neglect" in page and "Domestic violence: parent or carer" in page
    assert "11 March 2025" in page and "Child in need plan" in page
    # Each written section is read back under its question, line breaks kept.
    answers = page.split('id="check-answers"')[1]
    for name, label in LABELS.items():
        assert escape(label) in answers
        assert f'href="{edit_url}?change=' in answers and f"#id_{name}" in answers
    assert escape(SECTIONS["plan"]) in answers
    assert "said home is noisy at night.<br>Drew a picture of her nan&#x27;s house." in answers
    assessment.refresh_from_db()
    assert assessment.submitted_date is None

    submitted = confirm(client, edit_url, check_page)

    recorded, follows = banner(submitted)
    assert recorded == "Assessment submitted to your manager for authorisation"
    # 45 working days from Monday 3 March 2025, past Easter and the 5 May bank holiday.
    assert follows == (
        "Your manager authorises it or returns it to you. The assessment is due by 8 May 2025, "
        "45 working days from the referral."
    )
    assessment.refresh_from_db()
    assert assessment.submitted_date == TODAY
    assert assessment.child_seen_date == date(2025, 3, 11)
    assert assessment.factors == ["16A", "3B"]
    assert assessment.outcome == "child_in_need_plan"
    assert {name: getattr(assessment, name) for name in rules.ASSESSMENT_SECTIONS} == SECTIONS


def test_starting_an_assessment_twice_with_the_same_form_starts_one(personas, sign_in):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    client = sign_in(personas.social_worker)
    url = reverse("cases:assessment_start", args=[referral.pk])
    token = TOKEN.search(client.get(url).content.decode()).group(1)
    data = {**day("start_date", date(2025, 3, 4)), "submission_token": token}

    client.post(url, data)
    again = client.post(url, data)

    assert again.status_code == 302
    assert Assessment.objects.count() == 1


def test_the_assessment_is_saved_as_a_draft_while_typing_and_restored_on_return(personas, sign_in):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    client = sign_in(personas.social_worker)
    url = reverse("cases:assessment_edit", args=[assessment.pk])
    key = f"assessment-{assessment.pk}"
    page = client.get(url).content.decode()
    assert f'hx-post="/drafts/{key}"' in page

    # What htmx posts a moment after each change.
    half_written = {name: f"Half-written {name} so far" for name in rules.ASSESSMENT_SECTIONS}
    client.post(
        f"/drafts/{key}",
        {
            **half_written,
            "factors": ["16A"],
            "child_seen_date_0": "11",
            "child_seen_date_1": "3",
        },
    )

    page = client.get(url).content.decode()
    assert "We restored the draft you were writing." in page
    for name, text in half_written.items():
        assert f'name="{name}"' in page and text in page
    assert 'value="16A" checked' in page
    assert 'value="11"' in page
    assert "There is a problem" not in page

    record(client, url, _assessment_answers())
    assert draft_get(user=personas.social_worker, form_key=key) is None


def test_no_factors_identified_cannot_be_chosen_with_other_factors(personas, sign_in):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    client = sign_in(personas.social_worker)
    url = reverse("cases:assessment_edit", args=[assessment.pk])

    response = client.post(url, _assessment_answers(factors=["16A", NO_FACTORS]))

    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#id_factors_0">&#x27;No factors identified&#x27; cannot be chosen' in page
    assert 'value="16A" checked' in page
    assessment.refresh_from_db()
    assert assessment.submitted_date is None


def test_an_assessment_with_nothing_chosen_lists_every_missing_answer(personas, sign_in):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    client = sign_in(personas.social_worker)

    response = client.post(reverse("cases:assessment_edit", args=[assessment.pk]), {})

    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Select the factors identified, or select &#x27;No factors identified&#x27;",
        "Select what the assessment concluded",
        "Enter the child&#x27;s developmental needs.",
        "Enter your analysis.",
    ):
        assert message in page
    assert "Enter the date the child was seen" not in page  # optional: an unborn child


def test_an_authorised_assessment_can_no_longer_be_submitted(personas, sign_in):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team), authorised=True
    )
    client = sign_in(personas.social_worker)

    response = client.post(
        reverse("cases:assessment_edit", args=[assessment.pk]), _assessment_answers()
    )

    assert response.status_code == 400
    assert "can no longer change" in response.content.decode()


def test_the_factor_groups_offer_every_current_census_factor_once():
    grouped = [code for _, group in FACTOR_GROUPS for code in group] + [NO_FACTORS]
    current = codes.assessment_factor_codes(include_superseded=False)
    assert sorted(grouped) == sorted(current)


def test_superseded_factors_are_offered_only_on_an_assessment_that_has_them():
    assert "18A" not in dict(AssessmentForm().fields["factors"].choices)
    assert "18A" in dict(AssessmentForm(include_superseded=True).fields["factors"].choices)


@pytest.mark.parametrize("section", rules.ASSESSMENT_SECTIONS)
def test_a_blank_section_is_named_beside_its_box_and_linked_from_the_error_summary(
    personas, sign_in, section
):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    client = sign_in(personas.social_worker)

    response = client.post(
        reverse("cases:assessment_edit", args=[assessment.pk]),
        _assessment_answers(**{section: "   "}),
    )

    assert response.status_code == 400
    page = response.content.decode()
    message = escape(ASSESSMENT_SECTION_MISSING[section])
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert summary.count("<li>") == 1
    assert f'<a href="#id_{section}">{message}</a>' in summary
    assert f'id="id_{section}-error"' in page
    assert f'aria-describedby="id_{section}-hint id_{section}-error"' in page
    # The other sections are kept as typed.
    others = [name for name in rules.ASSESSMENT_SECTIONS if name != section]
    assert all(escape(SECTIONS[name]).split("\n")[0] in page for name in others)
    assessment.refresh_from_db()
    assert assessment.submitted_date is None
    assert getattr(assessment, section) == ""


def test_a_child_not_seen_still_needs_the_childs_voice_saying_why(personas, sign_in):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    client = sign_in(personas.social_worker)
    answers = _assessment_answers(childs_voice="")
    for part in ("child_seen_date_0", "child_seen_date_1", "child_seen_date_2"):
        answers[part] = ""

    response = client.post(reverse("cases:assessment_edit", args=[assessment.pk]), answers)

    assert response.status_code == 400
    assert (
        '<a href="#id_childs_voice">Enter the child&#x27;s voice: the child was not seen, so say '
        "why their views could not be gathered.</a>"
    ) in response.content.decode()


def test_the_form_asks_for_each_section_in_the_frameworks_order_with_a_hint():
    form = AssessmentForm()
    asked = [name for name in form.fields if name in rules.ASSESSMENT_SECTIONS]
    assert asked == list(rules.ASSESSMENT_SECTIONS)
    assert {name: form.fields[name].label for name in asked} == LABELS
    assert all(form.fields[name].help_text for name in asked)

"""The partner check: flags, start dates and a phone number; audited; the worker is told."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.access.models import Alert
from safeguard.agencies.models import PartnerCheck, PartnerUser
from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    LookedAfterPeriodFactory,
    ReferralFactory,
)
from safeguard.people.identifiers import nhs_number_from_seed
from safeguard.people.models import Person

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _on_plan(child, team, start=date(2025, 6, 2)):
    referral = ReferralFactory(child=child, team=team, referral_date=date(2025, 5, 1))
    return ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral,
        initial_conference__conference_date=start,
    )


@pytest.fixture
def checker(school):
    return client_for(school, ["check:read"])


@pytest.fixture
def child_on_plan(personas):
    child = personas.own_child
    child.nhs_number = nhs_number_from_seed(7)
    child.save()
    _on_plan(child, personas.team)
    return child


def test_a_child_on_a_plan_gets_the_flag_the_date_and_the_teams_phone(
    checker, child_on_plan, personas
):
    response = checker.post("/api/check", {"nhs_number": child_on_plan.nhs_number})
    assert response.status_code == 200
    assert response.json() == {
        "child_protection_plan": True,
        "child_protection_plan_start_date": "2025-06-02",
        "looked_after": False,
        "looked_after_start_date": None,
        "responsible_team_phone": "0100 000 0001",
        "answer": "flag",
    }


def test_the_question_is_audited_and_the_allocated_worker_is_told(
    checker, child_on_plan, personas, school
):
    checker.post("/api/check", {"nhs_number": child_on_plan.nhs_number})
    check = PartnerCheck.objects.get()
    assert (check.organisation, check.child, check.on_child_protection_plan) == (
        school,
        child_on_plan,
        True,
    )
    entry = AuditEntry.objects.get(object_type="agencies.partnercheck")
    assert entry.action == "read" and entry.child_id == child_on_plan.pk
    assert entry.details["organisation"] == school.pk and entry.details["by"] == "nhs_number"
    alert = Alert.objects.get(recipient=personas.social_worker)
    assert alert.kind == "partner_check" and alert.child == child_on_plan
    assert alert.message.startswith("Northgate Primary (School) used the partner check")


def test_a_looked_after_child_by_name_and_date_of_birth(checker, personas):
    child = personas.team_child
    LookedAfterPeriodFactory(child=child, start_date=date(2025, 2, 3))
    response = checker.post(
        "/api/check",
        {"first_name": "team", "last_name": "CHILD", "date_of_birth": "2016-03-01"},
    )
    body = response.json()
    assert (body["looked_after"], body["looked_after_start_date"]) == (True, "2025-02-03")
    assert body["child_protection_plan"] is False


def test_an_unknown_child_and_a_known_child_without_flags_get_the_same_answer(checker, personas):
    known = personas.other_child
    known.nhs_number = nhs_number_from_seed(8)
    known.save()
    no_flags = checker.post("/api/check", {"nhs_number": known.nhs_number}).json()
    unknown = checker.post("/api/check", {"nhs_number": nhs_number_from_seed(9)}).json()
    assert (
        no_flags
        == unknown
        == {
            "child_protection_plan": False,
            "child_protection_plan_start_date": None,
            "looked_after": False,
            "looked_after_start_date": None,
            "responsible_team_phone": "",
            "answer": "no_flag",
        }
    )
    # Both questions are audited all the same.
    assert AuditEntry.objects.filter(object_type="agencies.partnercheck").count() == 2


def test_the_check_needs_enough_to_identify_the_child(checker):
    response = checker.post("/api/check", {"last_name": "Child"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        "Give an NHS number, or a first name, last name and date of birth"
    ]


def test_the_check_needs_the_check_scope(school, child_on_plan):
    sender = client_for(school, ["events:submit"])
    assert sender.post("/api/check", {"nhs_number": child_on_plan.nhs_number}).status_code == 403
    assert not PartnerCheck.objects.exists()


# --- the web page -------------------------------------------------------------------------


def _signed_in(user) -> Client:
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user, backend="safeguard.accounts.backends.AccountBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_an_authorised_partner_user_asks_on_the_web_page(personas, child_on_plan):
    client = _signed_in(personas.partner_user)
    assert client.get("/partners/check").status_code == 200
    response = client.post("/partners/check", {"nhs_number": child_on_plan.nhs_number})
    html = response.content.decode()
    assert "Yes, since 2 June 2025" in html and "0100 000 0001" in html
    # Only the flags: nothing from the record.
    assert child_on_plan.first_name not in html and "Team A" not in html
    check = PartnerCheck.objects.get()
    assert check.user == personas.partner_user and check.token is None
    entry = AuditEntry.objects.get(object_type="agencies.partnercheck")
    assert entry.actor_id == personas.partner_user.pk
    assert Alert.objects.filter(recipient=personas.social_worker, kind="partner_check").exists()


def test_the_web_page_shows_errors_beside_the_fields(personas):
    client = _signed_in(personas.partner_user)
    response = client.post("/partners/check", {"nhs_number": "123"})
    assert "An NHS number has 10 digits; this one has 3" in response.content.decode()
    response = client.post("/partners/check", {"last_name": "Child"})
    assert (
        "Give an NHS number, or a first name, last name and date of birth"
        in response.content.decode()
    )
    assert not PartnerCheck.objects.exists()


def test_a_partner_user_not_authorised_for_the_check_is_refused(personas):
    PartnerUser.objects.filter(user=personas.partner_user).update(may_check=False)
    client = _signed_in(personas.partner_user)
    assert client.get("/partners/check").status_code == 403


def test_a_social_worker_cannot_use_the_partner_check(personas):
    assert _signed_in(personas.social_worker).get("/partners/check").status_code == 403


def test_a_partner_user_is_added_with_an_audit_entry_and_may_then_ask(
    school, django_user_model, personas
):
    from safeguard.agencies import services

    user = django_user_model.objects.create_user(username="dsl", password="p" * 16)
    assert not user.has_perm("partner.check")
    membership = services.partner_user_add(user=user, organisation=school, may_check=True)
    assert AuditEntry.objects.filter(
        object_type="agencies.partneruser", object_id=str(membership.pk)
    ).exists()
    user = django_user_model.objects.get(pk=user.pk)
    assert user.has_perm("partner.check")
    # An organisation that stops sharing takes its users' check with it.
    school.is_active = False
    school.save()
    user = django_user_model.objects.get(pk=user.pk)
    assert not user.has_perm("partner.check")


def test_a_social_care_worker_cannot_be_made_a_partner_user(school, personas):
    from django.core.exceptions import ValidationError

    from safeguard.agencies import services

    with pytest.raises(ValidationError, match="member of children's social care staff"):
        services.partner_user_add(user=personas.social_worker, organisation=school)


# --- Identifying the child as the hub does: a near miss never reassures ---------------------

FRONT_DOOR_PHONE = "0100 000 0009"
CANNOT_CONFIRM_DETAIL = (
    f"We cannot confirm this child from these details. Phone the front door on {FRONT_DOOR_PHONE}."
)
NO_FLAG_ANSWER = {
    "child_protection_plan": False,
    "child_protection_plan_start_date": None,
    "looked_after": False,
    "looked_after_start_date": None,
    "responsible_team_phone": "",
    "answer": "no_flag",
}


@pytest.fixture
def front_door_phone(personas):
    personas.front_door.phone = FRONT_DOOR_PHONE
    personas.front_door.save()
    return FRONT_DOOR_PHONE


def _ask(checker, first_name, last_name, born="2016-03-01"):
    return checker.post(
        "/api/check",
        {"first_name": first_name, "last_name": last_name, "date_of_birth": born},
    )


def _check_entry():
    return AuditEntry.objects.filter(object_type="agencies.partnercheck").latest("sequence")


def test_the_exact_name_and_date_of_birth_of_a_child_on_a_plan_gets_the_flag(
    checker, child_on_plan, linkage_model, front_door_phone
):
    response = _ask(checker, "Own", "Child")
    assert response.status_code == 200
    body = response.json()
    assert (body["answer"], body["child_protection_plan"]) == ("flag", True)
    assert body["responsible_team_phone"] == "0100 000 0001"
    assert _check_entry().details["matching"] == "linkage"


def test_a_misspelt_surname_of_a_child_on_a_plan_cannot_be_confirmed(
    checker, child_on_plan, linkage_model, front_door_phone, personas
):
    # The hub's model links this pair (first name and date of birth agree), but a partner
    # is told about a plan only on details that are the child's own.
    response = _ask(checker, "Own", "Chidl")
    assert response.status_code == 409
    assert response.json() == {
        "detail": CANNOT_CONFIRM_DETAIL,
        "answer": "cannot_confirm",
        "front_door_phone": FRONT_DOOR_PHONE,
    }
    entry = _check_entry()
    assert entry.child_id is None
    assert entry.details["answer"] == "cannot_confirm"
    assert child_on_plan.pk in entry.details["possible_matches"]
    check = PartnerCheck.objects.get()
    assert check.child is None and not check.on_child_protection_plan
    # Not confirmed, so no worker is told a partner asked about their child.
    assert not Alert.objects.filter(kind="partner_check").exists()


def test_a_surname_in_the_review_band_cannot_be_confirmed_either(
    checker, child_on_plan, linkage_model, front_door_phone
):
    response = _ask(checker, "Own", "Kidd")
    assert response.status_code == 409
    assert response.json()["answer"] == "cannot_confirm"


def test_another_first_name_with_the_surname_and_birthday_of_a_child_on_a_plan_is_not_confirmed(
    checker, child_on_plan, linkage_model, front_door_phone
):
    # "Mia Child" is no one held, but the surname and birthday are those of a child on a
    # plan: a twin or a sibling recorded under another name is a person's decision.
    response = _ask(checker, "Mia", "Child")
    assert response.status_code == 409
    assert response.json()["detail"] == CANNOT_CONFIRM_DETAIL


def test_two_records_of_one_name_and_birthday_one_on_a_plan_cannot_be_confirmed(
    checker, child_on_plan, linkage_model, front_door_phone
):
    Person.objects.create(first_name="Own", last_name="Child", date_of_birth=date(2016, 3, 1))
    response = _ask(checker, "Own", "Child")
    assert response.status_code == 409
    assert response.json()["answer"] == "cannot_confirm"


def test_an_unrelated_child_is_not_known(checker, child_on_plan, linkage_model, front_door_phone):
    response = _ask(checker, "Zebedee", "Quint")
    assert response.status_code == 200
    assert response.json() == NO_FLAG_ANSWER
    assert _check_entry().details["possible_matches"] == []


def test_a_near_miss_of_a_child_without_flags_answers_as_a_child_not_known(
    checker, linkage_model, front_door_phone, personas
):
    # Every possible match has neither flag, so "no flag" is true whoever was meant; any
    # other answer would tell the partner that social care knows someone like the child.
    assert _ask(checker, "Own", "Chidl").json() == NO_FLAG_ANSWER
    assert _ask(checker, "Zebedee", "Quint").json() == NO_FLAG_ANSWER


def test_the_nhs_number_is_still_a_sure_match_whatever_the_names(
    checker, child_on_plan, linkage_model
):
    response = checker.post(
        "/api/check",
        {
            "nhs_number": child_on_plan.nhs_number,
            "first_name": "Owen",
            "last_name": "Chidl",
            "date_of_birth": "2016-03-01",
        },
    )
    assert response.status_code == 200 and response.json()["answer"] == "flag"


def test_without_a_front_door_number_the_partner_is_told_to_phone_the_front_door(
    checker, child_on_plan, linkage_model
):
    response = _ask(checker, "Own", "Chidl")
    assert response.json()["detail"] == (
        "We cannot confirm this child from these details. "
        "Phone the children's social care front door."
    )
    assert response.json()["front_door_phone"] == ""


# Without a trained linkage model (a new deployment): exact matching, and a near miss found
# by sound-alike name keys on the date of birth.


def test_without_a_model_an_exact_match_gets_the_flag(checker, child_on_plan, front_door_phone):
    response = _ask(checker, "own", "CHILD")
    assert response.status_code == 200 and response.json()["answer"] == "flag"
    assert _check_entry().details["matching"] == "exact"


def test_without_a_model_a_misspelt_surname_cannot_be_confirmed(
    checker, child_on_plan, front_door_phone
):
    response = _ask(checker, "Own", "Chidl")
    assert response.status_code == 409
    assert response.json()["detail"] == CANNOT_CONFIRM_DETAIL


def test_without_a_model_a_swapped_day_and_month_cannot_be_confirmed(
    checker, child_on_plan, front_door_phone
):
    assert _ask(checker, "Own", "Child", born="2016-01-03").status_code == 409


def test_without_a_model_an_unrelated_child_is_not_known(checker, child_on_plan, front_door_phone):
    assert _ask(checker, "Zebedee", "Quint").json() == NO_FLAG_ANSWER


def test_without_a_model_two_exact_records_one_on_a_plan_cannot_be_confirmed(
    checker, child_on_plan, front_door_phone
):
    Person.objects.create(first_name="Own", last_name="Child", date_of_birth=date(2016, 3, 1))
    assert _ask(checker, "Own", "Child").status_code == 409


def test_the_web_page_shows_cannot_confirm_apart_from_yes_and_no(
    personas, child_on_plan, linkage_model, front_door_phone
):
    client = _signed_in(personas.partner_user)
    details = {
        "first_name": "Own",
        "last_name": "Chidl",
        "date_of_birth_0": "1",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2016",
    }
    html = client.post("/partners/check", details).content.decode()
    assert "We cannot confirm this child from these details." in html
    assert f"Phone the front door on <strong>{FRONT_DOOR_PHONE}</strong>." in html
    assert 'class="govuk-notification-banner"' in html
    # Neither the green panel of an answer, nor its words.
    assert "govuk-panel--confirmation" not in html
    assert "No plan or care recorded" not in html and ">Yes<" not in html
    assert "<title>Partner check: cannot confirm the child" in html
    # Yes and no keep their panel and words.
    details["last_name"] = "Child"
    html = client.post("/partners/check", details).content.decode()
    assert "govuk-panel--confirmation" in html and ">Yes<" in html
    details["first_name"], details["last_name"] = "Zebedee", "Quint"
    html = client.post("/partners/check", details).content.decode()
    assert "govuk-panel--confirmation" in html and "No plan or care recorded" in html


def test_the_answer_words_and_colour_are_the_same_for_not_known_and_known_without_flags(
    personas, linkage_model
):
    client = _signed_in(personas.partner_user)

    def answer_panel(first_name, last_name):
        html = client.post(
            "/partners/check",
            {
                "first_name": first_name,
                "last_name": last_name,
                "date_of_birth_0": "1",
                "date_of_birth_1": "3",
                "date_of_birth_2": "2016",
            },
        ).content.decode()
        return html[html.index('id="answer"') : html.index("Ask about another child")]

    assert answer_panel("Other", "Child") == answer_panel("Zebedee", "Quint")

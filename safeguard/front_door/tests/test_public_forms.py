"""Every rule on the pages of the public's report and the professional referral form, each
with the exact GOV.UK message a person would read."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from safeguard.front_door import forms_public as f

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(date(2026, 3, 10), tick=False):
        yield


def errors(form) -> dict[str, list[str]]:
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def date_parts(prefix: str, day: int | str, month: int | str, year: int | str) -> dict:
    return {f"{prefix}_0": str(day), f"{prefix}_1": str(month), f"{prefix}_2": str(year)}


# --- The public's report -----------------------------------------------------------------------


def test_the_childs_name_may_be_left_blank():
    form = f.ChildNameForm(data={"child_first_name": "", "child_last_name": ""})
    assert form.is_valid()
    assert form.summary()[0].value == "Not known"


def test_a_name_too_long_says_the_limit():
    form = f.ChildNameForm(data={"child_first_name": "A" * 101})
    assert errors(form) == {"child_first_name": ["First name must be 100 characters or fewer"]}


def test_the_childs_age_question_must_be_answered():
    assert errors(f.ChildAgeForm(data={})) == {
        "child_age_known": ["Select if you know how old the child is"]
    }


def test_a_known_date_of_birth_must_be_given():
    form = f.ChildAgeForm(data={"child_age_known": "birth"})
    assert errors(form) == {"child_date_of_birth": ["Enter the child's date of birth"]}


def test_a_date_of_birth_must_be_a_real_date():
    form = f.ChildAgeForm(
        data={"child_age_known": "birth", **date_parts("child_date_of_birth", 31, 2, 2020)}
    )
    assert errors(form) == {"child_date_of_birth": ["Date of birth must be a real date"]}


def test_a_date_of_birth_cannot_be_in_the_future():
    form = f.ChildAgeForm(
        data={"child_age_known": "birth", **date_parts("child_date_of_birth", 11, 3, 2026)}
    )
    assert errors(form) == {
        "child_date_of_birth": ["The date of birth must be today or in the past"]
    }


def test_a_date_of_birth_18_years_ago_is_not_a_childs():
    form = f.ChildAgeForm(
        data={"child_age_known": "birth", **date_parts("child_date_of_birth", 10, 3, 2008)}
    )
    assert errors(form) == {
        "child_date_of_birth": [
            "The child must be under 18, so the date of birth must be after 10 March 2008"
        ]
    }
    born_a_day_later = date_parts("child_date_of_birth", 11, 3, 2008)
    assert f.ChildAgeForm(data={"child_age_known": "birth", **born_a_day_later}).is_valid()


def test_an_age_must_be_a_number_under_18():
    def age(value: str):
        return f.ChildAgeForm(data={"child_age_known": "age", "child_age": value})

    assert errors(age("")) == {"child_age": ["Enter about how old the child is, like 6"]}
    assert errors(age("six")) == {
        "child_age": ["Enter about how old the child is as a number, like 6"]
    }
    assert errors(age("18")) == {
        "child_age": ["The child must be under 18: enter an age from 0 to 17"]
    }
    assert errors(age("-1")) == {
        "child_age": ["Enter about how old the child is as a number, like 6"]
    }


def test_a_baby_under_one_is_an_age_not_a_missing_answer():
    form = f.ChildAgeForm(data={"child_age_known": "age", "child_age": "0"})
    assert form.is_valid()
    assert form.summary()[0].value == "Under 1 year old"


def test_an_unborn_babys_due_date_is_optional_but_must_be_ahead_and_within_ten_months():
    def due(day: int, month: int, year: int):
        return f.ChildAgeForm(
            data={
                "child_age_known": "unborn",
                **date_parts("child_expected_date_of_birth", day, month, year),
            }
        )

    assert f.ChildAgeForm(data={"child_age_known": "unborn"}).is_valid()
    assert errors(due(9, 3, 2026)) == {
        "child_expected_date_of_birth": [
            "The expected date of birth must be today or in the future"
        ]
    }
    assert errors(due(11, 1, 2027)) == {
        "child_expected_date_of_birth": [
            "The expected date of birth must be within the next 10 months"
        ]
    }
    assert due(10, 1, 2027).is_valid()


def test_a_date_typed_then_hidden_by_another_answer_is_not_an_error_nor_kept():
    form = f.ChildAgeForm(
        data={"child_age_known": "unknown", **date_parts("child_date_of_birth", 31, 2, 2020)}
    )
    assert form.is_valid()
    assert form.cleaned_data["child_date_of_birth"] == ""


def test_a_postcode_if_given_must_be_a_full_uk_postcode():
    form = f.ChildAddressForm(data={"child_address": "Larch Road", "child_postcode": "NB1"})
    assert errors(form) == {"child_postcode": ["Enter a full UK postcode, like NB1 2AB"]}
    form = f.ChildAddressForm(data={"child_address": "", "child_postcode": "nb12ab"})
    assert form.is_valid() and form.cleaned_data["child_postcode"] == "NB1 2AB"


def test_the_worry_is_required_and_has_a_limit():
    assert errors(f.WorryForm(data={"concerns": "   "})) == {
        "concerns": ["Tell us what is worrying you about the child"]
    }
    assert errors(f.WorryForm(data={"concerns": "x" * 5001})) == {
        "concerns": ["What is worrying you must be 5,000 characters or fewer"]
    }


def test_whether_the_child_is_in_danger_must_be_answered_with_one_of_the_choices():
    assert errors(f.DangerForm(data={})) == {
        "danger": ["Select if the child is in danger right now"]
    }
    assert errors(f.DangerForm(data={"danger": "maybe"})) == {
        "danger": ["Select if the child is in danger right now"]
    }


def test_another_way_of_knowing_the_child_must_be_described():
    assert errors(f.RelationshipForm(data={})) == {
        "relationship": ["Select how you know the child"]
    }
    assert errors(f.RelationshipForm(data={"relationship": "other"})) == {
        "relationship_described": ["Tell us how you know the child"]
    }
    assert errors(
        f.RelationshipForm(data={"relationship": "other", "relationship_described": "x" * 81})
    ) == {"relationship_described": ["How you know the child must be 80 characters or fewer"]}


def test_someone_who_can_be_contacted_gives_a_name_and_a_phone_or_email():
    assert errors(f.AboutYouForm(data={})) == {"contact_me": ["Select if we can contact you"]}
    assert errors(f.AboutYouForm(data={"contact_me": "yes"})) == {
        "name": ["Enter your name"],
        "phone": ["Enter a phone number or an email address, so we can contact you"],
    }
    assert f.AboutYouForm(
        data={"contact_me": "yes", "name": "Sam", "email": "sam@example.com"}
    ).is_valid()


def test_a_phone_number_and_an_email_address_must_look_real():
    form = f.AboutYouForm(
        data={"contact_me": "yes", "name": "Sam", "phone": "12345", "email": "sam@"}
    )
    assert errors(form) == {
        "phone": [f.PHONE_INVALID],
        "email": ["Enter an email address in the correct format, like name@example.com"],
    }
    for number in ("07700 900 982", "+44 808 157 0192", "(01632) 960-001"):
        assert f.AboutYouForm(data={"contact_me": "yes", "name": "Sam", "phone": number}).is_valid()


def test_staying_anonymous_needs_no_details_and_drops_any_typed():
    form = f.AboutYouForm(data={"contact_me": "no", "name": "Typed first", "phone": "bad"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "" and form.cleaned_data["phone"] == ""
    assert form.summary()[0].value == "You chose to stay anonymous"


# --- The professional referral form --------------------------------------------------------


REFERRER = {
    "referrer": "Alex Teacher",
    "referrer_role": "Designated safeguarding lead",
    "referrer_organisation": "Northgate Primary School",
    "organisation_kind": "2A",
    "referrer_phone": "01632 960 001",
    "referrer_email": "dsl@northgate.example",
}


def test_a_referrer_without_an_account_gives_every_detail_about_themselves():
    assert errors(f.ReferrerForm(data={})) == {
        "referrer": ["Enter your full name"],
        "referrer_role": ["Enter your job title or role"],
        "referrer_organisation": ["Enter the name of your organisation"],
        "organisation_kind": ["Select the kind of organisation you work for"],
        "referrer_phone": ["Enter a phone number the front door can call you on"],
        "referrer_email": ["Enter your email address"],
    }
    assert f.ReferrerForm(data=REFERRER).is_valid()


def test_the_kind_of_organisation_must_be_one_of_the_census_sources_offered():
    form = f.ReferrerForm(data={**REFERRER, "organisation_kind": "1A"})
    assert errors(form) == {"organisation_kind": ["Select the kind of organisation you work for"]}


def test_a_signed_in_partner_is_not_asked_their_organisation():
    assert set(f.PartnerReferrerForm().fields) == {
        "referrer",
        "referrer_role",
        "referrer_phone",
        "referrer_email",
    }


def test_consent_refused_or_not_sought_needs_the_reason():
    assert errors(f.ConsentForm(data={})) == {
        "consent": ["Select if you have asked the parents or carers"]
    }
    assert errors(f.ConsentForm(data={"consent": "refused"})) == {
        "refused_reason": ["Tell us what the parents or carers said"]
    }
    assert errors(f.ConsentForm(data={"consent": "not_sought"})) == {
        "not_sought_reason": ["Tell us why you have not asked the parents or carers"]
    }
    assert f.ConsentForm(data={"consent": "given"}).is_valid()
    assert errors(f.ConsentForm(data={"consent": "unknown"})) == {
        "consent": ["Select if you have asked the parents or carers"]
    }


CHILD = {
    "child_first_name": "Mia",
    "child_last_name": "Fenwick",
    "child_born": "yes",
    **date_parts("child_date_of_birth", 14, 3, 2017),
    "child_sex": "F",
}


def test_a_born_child_is_referred_by_name_date_of_birth_and_sex():
    assert errors(f.ChildDetailsForm(data={})) == {
        "child_born": ["Select if the child has been born"],
        "child_sex": ["Select the child's sex"],
    }
    assert errors(f.ChildDetailsForm(data={"child_born": "yes", "child_sex": "U"})) == {
        "child_date_of_birth": ["Enter the child's date of birth"],
        "child_first_name": ["Enter the child's first name"],
        "child_last_name": ["Enter the child's last name"],
    }
    assert f.ChildDetailsForm(data=CHILD).is_valid()


def test_an_unborn_baby_needs_its_expected_date_not_a_name():
    form = f.ChildDetailsForm(data={"child_born": "unborn", "child_sex": "U"})
    assert errors(form) == {"child_expected_date_of_birth": ["Enter the expected date of birth"]}
    form = f.ChildDetailsForm(
        data={
            "child_born": "unborn",
            "child_sex": "U",
            **date_parts("child_expected_date_of_birth", 1, 6, 2026),
        }
    )
    assert form.is_valid()


def test_an_nhs_number_if_given_must_have_the_right_check_digit():
    form = f.ChildDetailsForm(data={**CHILD, "child_nhs_number": "943 476 5918"})
    assert errors(form) == {
        "child_nhs_number": [
            "The check digit of this NHS number is wrong: check it was copied correctly"
        ]
    }
    form = f.ChildDetailsForm(data={**CHILD, "child_nhs_number": "943-476-5919"})
    assert form.is_valid() and form.cleaned_data["child_nhs_number"] == "9434765919"


def test_the_childs_postcode_and_date_of_birth_follow_the_same_rules_as_the_public_form():
    form = f.ChildDetailsForm(
        data={**CHILD, "child_postcode": "nowhere", **date_parts("child_date_of_birth", 1, 1, 2000)}
    )
    assert errors(form) == {
        "child_postcode": ["Enter a full UK postcode, like NB1 2AB"],
        "child_date_of_birth": [
            "The child must be under 18, so the date of birth must be after 10 March 2008"
        ],
    }


def test_each_household_member_needs_a_name_and_a_relationship():
    form = f.HouseholdForm(
        data={"person_1_name": "Dana Fenwick", "person_3_relationship": "Grandmother"}
    )
    assert errors(form) == {
        "person_1_relationship": ["Enter how person 1 is related to the child"],
        "person_3_name": ["Enter the name of person 3"],
    }


def test_the_household_may_be_left_empty_and_is_read_back_in_order():
    assert f.HouseholdForm(data={}).is_valid()
    form = f.HouseholdForm(
        data={
            "person_2_name": " Lee  Fenwick ",
            "person_2_relationship": "Brother",
            "person_1_name": "Dana Fenwick",
            "person_1_relationship": "Mother",
        }
    )
    assert form.is_valid()
    assert [(m.name, m.relationship) for m in form.household()] == [
        ("Dana Fenwick", "Mother"),
        ("Lee Fenwick", "Brother"),
    ]


def test_the_concern_what_was_done_and_the_urgency_are_required():
    assert errors(f.ConcernForm(data={})) == {
        "concerns": ["Describe your concern about the child"],
        "actions_taken": ["Tell us what you have done so far, or that you have done nothing yet"],
        "urgency": ["Select how soon the front door needs to act"],
    }

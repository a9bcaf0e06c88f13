"""The register's plain rules: URNs, Ofsted's words, an inspection's dates, a fall to
inadequate. No database."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.providers import rules
from safeguard.providers.codes import Grade, InspectionKind, ProviderKind, RegistrationStatus

TODAY = date(2025, 11, 14)


@pytest.mark.parametrize("urn", ["SC064050", "SC900001", "2610709", "1250035", "144286"])
def test_an_ofsted_urn_is_sc_and_six_digits_or_six_or_seven_digits(urn):
    assert rules.urn_problems(urn) == []


@pytest.mark.parametrize(
    "urn",
    ["SC06405", "SC0640500", "S064050", "12345", "12345678", "SCABCDEF", "sc064050", "SC-064050"],
)
def test_anything_else_is_not_an_ofsted_urn_and_says_what_one_looks_like(urn):
    (problem,) = rules.urn_problems(urn)
    assert problem.message == f"{urn} is not an Ofsted URN. {rules.URN_FORMAT}"
    assert problem.fields == ("urn",)


def test_a_blank_urn_asks_for_one():
    assert rules.urn_problems("") == [rules.Problem(rules.URN_REQUIRED, ("urn",))]


def test_a_urn_as_typed_is_kept_in_capitals_without_spaces():
    assert rules.urn_normalise(" sc 064050 ") == "SC064050"


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("Children's home", ProviderKind.CHILDRENS_HOME),
        ("Children's Home", ProviderKind.CHILDRENS_HOME),
        ("Children\u2019s home", ProviderKind.CHILDRENS_HOME),
        ("Independent Fostering Agency", ProviderKind.INDEPENDENT_FOSTERING_AGENCY),
        ("Secure children's home", ProviderKind.SECURE_CHILDRENS_HOME),
        ("Supported Accommodation", ProviderKind.SUPPORTED_ACCOMMODATION),
        (
            "Residential special school (registered as a children's home)",
            ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL_HOME,
        ),
        ("Residential Family Centre", ProviderKind.RESIDENTIAL_FAMILY_CENTRE),
    ],
)
def test_ofsted_provision_types_read_whatever_their_capitals(words, kind):
    assert rules.provider_kind_from(words) == kind


def test_a_word_ofsted_does_not_use_is_no_provision_type():
    assert rules.provider_kind_from("Care home") is None


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("Full inspection", InspectionKind.FULL),
        ("Monitoring inspection", InspectionKind.MONITORING),
        ("Assurance visit", InspectionKind.ASSURANCE),
        ("Interim inspection", InspectionKind.INTERIM),
        ("SC \u2013 Emergency inspection", InspectionKind.EMERGENCY),
        ("Emergency inspection", InspectionKind.EMERGENCY),
    ],
)
def test_ofsted_inspection_event_types_read(words, kind):
    assert rules.inspection_kind_from(words) == kind


@pytest.mark.parametrize(
    ("words", "grade"),
    [
        ("Outstanding", Grade.OUTSTANDING),
        ("Good", Grade.GOOD),
        ("Requires improvement to be good", Grade.REQUIRES_IMPROVEMENT),
        ("Requires Improvement", Grade.REQUIRES_IMPROVEMENT),
        ("Inadequate", Grade.INADEQUATE),
        ("", ""),
        ("NULL", ""),
        ("Not judged", ""),
        ("Sustained effectiveness", ""),
        ("Declined effectiveness", ""),
    ],
)
def test_ofsted_grades_read_and_words_that_are_no_grade_read_as_none(words, grade):
    assert rules.grade_from(words) == grade


def test_a_word_that_is_not_a_grade_is_refused():
    assert rules.grade_from("Satisfactory-ish") is None


def test_registration_statuses_read():
    assert rules.registration_status_from("Resigned") == RegistrationStatus.RESIGNED
    assert rules.registration_status_from("Pending") is None


def test_an_inspection_cannot_be_in_the_future():
    assert rules.inspection_date_problems(
        inspection_date=date(2025, 11, 15), publication_date=None, today=TODAY
    ) == [rules.Problem(rules.INSPECTION_IN_FUTURE, ("inspection_date",))]


def test_a_report_is_published_on_or_after_its_inspection_and_not_in_the_future():
    assert rules.inspection_date_problems(
        inspection_date=date(2025, 10, 1), publication_date=date(2025, 9, 30), today=TODAY
    ) == [rules.Problem(rules.PUBLISHED_BEFORE_INSPECTION, ("publication_date",))]
    assert rules.inspection_date_problems(
        inspection_date=date(2025, 10, 1), publication_date=date(2025, 11, 20), today=TODAY
    ) == [rules.Problem(rules.PUBLISHED_IN_FUTURE, ("publication_date",))]
    assert (
        rules.inspection_date_problems(
            inspection_date=date(2025, 10, 1), publication_date=date(2025, 10, 1), today=TODAY
        )
        == []
    )


def test_a_grade_becomes_inadequate_only_when_it_was_not_before():
    assert rules.became_inadequate(Grade.GOOD, Grade.INADEQUATE)
    assert rules.became_inadequate("", Grade.INADEQUATE)
    assert not rules.became_inadequate(Grade.INADEQUATE, Grade.INADEQUATE)
    assert not rules.became_inadequate(Grade.INADEQUATE, Grade.GOOD)
    assert not rules.became_inadequate(Grade.GOOD, Grade.REQUIRES_IMPROVEMENT)

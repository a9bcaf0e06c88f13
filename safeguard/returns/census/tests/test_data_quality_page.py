"""The data-quality page: an analyst opens, from the census error report, what the census holds
for a child the report lists (codes in words with the code beside, the errors against them,
whom to ask), read-only and audited as a read with the return as its reason; a child the
report does not list is refused with a styled 403 saying why; no case content is shown."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from safeguard.audit.models import AuditEntry
from safeguard.audit.names import describe_entries
from safeguard.cases.models import Assessment
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    CaseNoteFactory,
    ChildInNeedPlanFactory,
    ReferralFactory,
    assessment_sections,
)
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory
from safeguard.people.models import PersonDisability
from safeguard.returns.census.selectors import NOT_IN_RETURN
from safeguard.returns.census.services import census_build
from safeguard.returns.models import CensusBuild

pytestmark = pytest.mark.django_db

CASE_NOTE = "Fictional note: mother phoned about the school run."
# The written assessment: case content the census does not use, so never shown.
ASSESSMENT_TEXT = assessment_sections(
    analysis="Fictional analysis: the worker's view of the family."
)


def page_url(build, child) -> str:
    return reverse("returns:census_child", args=[build.pk, child.pk])


@pytest.fixture
def census(personas, tmp_path, calendar):
    """The census 2024-25 of the personas' authority: the own child's authorised assessment
    has no factors (rule 8897); the restricted child is in it with no error; there is a case
    note and a written assessment that must never show."""
    child = personas.own_child
    PersonDisability.objects.create(person=child, code="NONE")
    child.upn_unknown_reason = "UN4"
    child.ethnicity = "WBRI"
    child.sex = "F"
    child.save()
    referral = ReferralFactory(
        child=child, team=personas.team, referral_date=date(2024, 9, 2), source="2A"
    )
    AssessmentFactory(
        referral=referral,
        start_date=date(2024, 9, 2),
        submitted_date=date(2024, 9, 16),
        authorised_date=date(2024, 9, 18),
        factors=[],
        **ASSESSMENT_TEXT,
    )
    CaseNoteFactory(child=child, body=CASE_NOTE)
    ReferralFactory(
        child=personas.restricted_child, team=personas.team, referral_date=date(2024, 10, 1)
    )
    result = census_build(
        authority=personas.authority,
        year=2025,
        output=tmp_path / "census.xml",
        actor=personas.analyst,
        workers=0,
    )
    return result.build


def test_an_analyst_sees_what_the_census_holds_for_a_child_the_report_lists(
    personas, sign_in, census
):
    response = sign_in(personas.analyst).get(page_url(census, personas.own_child))
    assert response.status_code == 200
    page = response.content.decode()
    assert "LA child ID POwn" in page
    # Codes in words with the code beside, under the census item's name.
    assert "School (2A)" in page and "ReferralSource" in page
    assert "White British (WBRI)" in page
    assert "Female (F)" in page
    assert "No disability (NONE)" in page
    assert escape("Newly in need or looked after; UPN not yet known (UN4)") in page
    assert "2 September 2024" in page and "18 September 2024" in page
    # The error against them, still found as the record stands.
    assert "8897" in page and "Still found" in page
    # Whom to ask: the worker holding the case, their team and its phone and manager.
    assert "Sw Persona" in page and "Team A" in page and "0100 000 0001" in page
    assert "Tm Persona" in page
    # An analyst opens no records: no link to one, and told whom to give the errors to.
    assert reverse("cases:child_record", args=[personas.own_child.pk]) not in page
    assert "You cannot open the child's record" in page


def test_no_name_case_note_or_assessment_text_is_shown(personas, sign_in, census):
    page = sign_in(personas.analyst).get(page_url(census, personas.own_child)).content.decode()
    assert escape(CASE_NOTE) not in page
    assert not [text for text in ASSESSMENT_TEXT.values() if escape(text) in page]
    assert "Own Child" not in page and ">Own<" not in page


def test_each_opening_is_audited_as_a_read_of_the_child_for_the_return_being_checked(
    personas, sign_in, census
):
    client = sign_in(personas.analyst)
    client.get(page_url(census, personas.own_child))
    client.get(page_url(census, personas.own_child))
    reads = AuditEntry.objects.filter(action="read", object_type="returns.census_child")
    assert reads.count() == 2
    entry = reads.first()
    assert entry.child_id == personas.own_child.pk and entry.object_id == str(census.pk)
    assert entry.actor_id == personas.analyst.pk
    assert entry.reason.startswith("Checking the Children in Need census 2024-25 (built ")
    assert entry.details == {"year": 2025, "rules": ["8897"]}
    # The auditor reads it in words.
    (named,) = describe_entries([entry])
    assert named.record == "Children in Need census data of Own Child"


def test_a_child_not_in_the_report_is_refused_with_a_styled_page_saying_why(
    personas, sign_in, census
):
    # The other child has no episode in the year: not in the census, so not in its report.
    ReferralFactory(child=personas.other_child, team=personas.other_team)
    response = sign_in(personas.analyst).get(page_url(census, personas.other_child))
    assert response.status_code == 403
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">You cannot use this page</h1>' in page
    assert escape(NOT_IN_RETURN.format(label="2024-25")) in page
    assert f'href="{reverse("returns:census")}?year=2025"' in page
    refused = AuditEntry.objects.get(action="refused")
    assert refused.child_id == personas.other_child.pk and refused.details["status"] == 403
    assert not AuditEntry.objects.filter(object_type="returns.census_child").exists()


def test_a_restricted_childs_data_opens_for_an_analyst_checking_the_return(
    personas, sign_in, census
):
    # The census file, which the analyst may download, holds the same items for every child
    # in the year; the page adds the errors and whom to ask, never the restricted record.
    response = sign_in(personas.analyst).get(page_url(census, personas.restricted_child))
    assert response.status_code == 200
    page = response.content.decode()
    assert "LA child ID PRestricted" in page
    assert reverse("cases:child_record", args=[personas.restricted_child.pk]) not in page


def test_a_build_of_another_authority_is_not_found(personas, sign_in, census):
    elsewhere = AuthorityFactory(la_code="898", name="Elsewhere")
    TeamFactory(authority=elsewhere)
    other = CensusBuild.objects.create(
        authority=elsewhere,
        year=2025,
        built_at=census.built_at,
        xml_path=census.xml_path,
        report_path=census.report_path,
        children=1,
        errors=1,
        queries=0,
        schema_errors=0,
    )
    assert sign_in(personas.analyst).get(page_url(other, personas.own_child)).status_code == 404


@pytest.mark.parametrize("role", ["social_worker", "auditor", "conference_chair"])
def test_roles_without_a_returns_permission_are_refused(personas, sign_in, census, role):
    response = sign_in(personas.users[role]).get(page_url(census, personas.own_child))
    assert response.status_code == 403
    assert "Your role does not give you access to this page." in response.content.decode()
    assert not AuditEntry.objects.filter(object_type="returns.census_child").exists()


def test_a_fix_made_since_the_build_shows_as_not_found_now(personas, sign_in, census):
    Assessment.objects.filter(child=personas.own_child).update(factors=["3B"])
    page = sign_in(personas.analyst).get(page_url(census, personas.own_child)).content.decode()
    assert "Not found now" in page and "Still found" not in page
    assert "Domestic violence: parent or carer (3B)" in page


def test_a_child_no_longer_in_the_census_says_so(personas, sign_in, census):
    from safeguard.cases.models import Referral

    Referral.objects.filter(child=personas.own_child).update(referral_date=date(2025, 4, 2))
    page = sign_in(personas.analyst).get(page_url(census, personas.own_child)).content.decode()
    assert "no longer in the census 2024-25 as the record stands now" in page
    assert "8897" in page and "Not found now" in page


def test_a_team_manager_who_may_see_the_child_gets_a_link_to_the_record(personas, sign_in, census):
    page = sign_in(personas.team_manager).get(page_url(census, personas.own_child))
    assert reverse("cases:child_record", args=[personas.own_child.pk]) in page.content.decode()


def test_the_census_report_links_each_error_to_the_data_and_the_record_only_within_need_to_know(
    personas, sign_in, census
):
    data = page_url(census, personas.own_child)
    record = reverse("cases:child_record", args=[personas.own_child.pk])
    analyst = sign_in(personas.analyst).get(reverse("returns:census") + "?year=2025")
    assert f'href="{data}">Check the data' in analyst.content.decode()
    assert f'href="{record}"' not in analyst.content.decode()
    manager = sign_in(personas.team_manager).get(reverse("returns:census") + "?year=2025")
    assert f'href="{data}">Check the data' in manager.content.decode()
    assert f'href="{record}">Open record' in manager.content.decode()


def test_the_page_reads_the_same_queries_however_much_the_child_has(
    personas, sign_in, census, django_assert_num_queries
):
    client = sign_in(personas.analyst)
    url = page_url(census, personas.own_child)
    client.get(url)  # the session's first read
    with django_assert_num_queries(DATA_QUALITY_QUERIES, exact=False) as small:
        assert client.get(url).status_code == 200
    for month in (5, 6, 7):
        referral = ReferralFactory(
            child=personas.own_child, team=personas.team, referral_date=date(2024, month, 1)
        )
        AssessmentFactory(referral=referral, start_date=date(2024, month, 1))
        ChildInNeedPlanFactory(
            referral=referral,
            start_date=date(2024, month, 20),
            end_date=date(2024, month, 28),
        )
    with django_assert_num_queries(len(small)):
        page = client.get(url).content.decode()
    assert page.count("Episode referred") == 4


# Session and account, the build, the census's eight reads of the child (as the build makes
# them), the audit entry (the chain's head and the entry, in a transaction) and whom to ask.
DATA_QUALITY_QUERIES = 19

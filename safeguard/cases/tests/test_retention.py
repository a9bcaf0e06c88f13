"""Retention rules per record type, and the dry-run report of what would be deleted."""

import json
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from safeguard.cases.models import CaseNote, Referral
from safeguard.cases.personal_data import records_about_a_person, tables_deleted_with_a_person
from safeguard.cases.retention import (
    ADOPTION,
    CHILDRENS_SOCIAL_CARE,
    CONTACT_ONLY,
    LOOKED_AFTER,
    RELATED_ADULT,
    retention_report,
    retention_rules,
)
from safeguard.cases.tests.factories import (
    AllocationFactory,
    CaseNoteFactory,
    ContactFactory,
    LookedAfterPeriodFactory,
    ReferralFactory,
)
from safeguard.cases.tests.records_elsewhere import records_elsewhere
from safeguard.common import codes
from safeguard.people.models import Person
from safeguard.people.tests.factories import AdultFactory, ChildFactory, RelationshipFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 23)


def _closed_case(born, **person):
    child = ChildFactory(date_of_birth=born, **person)
    ReferralFactory(
        child=child,
        referral_date=date(1960, 1, 4),
        closure_date=date(1960, 6, 1),
        closure_reason=codes.ReasonForClosure.RC7,
    )
    AllocationFactory(child=child, start_date=date(1960, 1, 4), end_date=date(1960, 6, 1))
    return child


def _decision(report, person):
    return next(d for d in report.due if d.person_id == person.pk)


def test_a_case_file_is_due_after_the_75th_birthday():
    child = _closed_case(date(1951, 3, 1))
    report = retention_report(as_of=AS_OF)
    decision = _decision(report, child)
    assert decision.record_type == CHILDRENS_SOCIAL_CARE
    assert decision.keep_until == date(2026, 3, 1)
    assert decision.reason == "childrens_social_care: kept 75 years from birth, until 2026-03-01"


def test_a_case_file_is_kept_until_the_75th_birthday():
    child = _closed_case(date(1951, 11, 24))
    report = retention_report(as_of=AS_OF)
    assert child.pk not in report.due_ids
    assert report.kept[CHILDRENS_SOCIAL_CARE] == 1


def test_a_record_with_open_involvement_is_never_due():
    child = ChildFactory(date_of_birth=date(1940, 1, 1))
    AllocationFactory(child=child, start_date=date(1955, 1, 3))
    assert child.pk not in retention_report(as_of=AS_OF).due_ids


def test_an_adoption_record_is_kept_100_years_from_the_adoption_past_the_75th_birthday():
    child = ChildFactory(date_of_birth=date(1930, 1, 1))
    LookedAfterPeriodFactory(
        child=child,
        start_date=date(1933, 1, 2),
        end_date=date(1935, 1, 1),
        reason_ceased=codes.ReasonEpisodeCeased.E11,
    )
    report = retention_report(as_of=AS_OF)
    assert child.pk not in report.due_ids
    assert report.kept[ADOPTION] == 1
    due = retention_report(as_of=date(2035, 1, 1))
    assert _decision(due, child).record_type == ADOPTION


def test_a_looked_after_child_who_died_young_is_kept_15_years_after_death():
    child = ChildFactory(date_of_birth=date(1990, 5, 1), date_of_death=date(2000, 7, 1))
    LookedAfterPeriodFactory(
        child=child,
        start_date=date(1995, 1, 2),
        end_date=date(2000, 7, 1),
        reason_ceased=codes.ReasonEpisodeCeased.E2,
    )
    decision = _decision(retention_report(as_of=AS_OF), child)
    assert (decision.record_type, decision.keep_until) == (LOOKED_AFTER, date(2015, 7, 1))


def test_a_record_without_a_date_of_birth_is_listed_for_review_never_presumed_due():
    child = _closed_case(None)
    report = retention_report(as_of=AS_OF)
    assert child.pk not in report.due_ids
    assert [(d.person_id, d.reason) for d in report.review] == [
        (child.pk, "childrens_social_care: the birth date is not recorded")
    ]


def test_the_period_for_a_record_type_is_set_in_settings(settings):
    child = ChildFactory(date_of_birth=date(2010, 1, 1))
    ContactFactory(child=child, received_at=datetime(2018, 5, 1, 9, tzinfo=UTC))
    assert child.pk not in retention_report(as_of=AS_OF).due_ids
    settings.SAFEGUARD_RETENTION = {CONTACT_ONLY: {"keep_years": 6, "from": "last_involvement"}}
    decision = _decision(retention_report(as_of=AS_OF), child)
    assert (decision.record_type, decision.keep_until) == (CONTACT_ONLY, date(2024, 5, 1))


def test_adoption_records_are_kept_100_years_by_default_and_that_can_change(settings):
    assert retention_rules()[ADOPTION]["keep_years"] == 100
    settings.SAFEGUARD_RETENTION = {ADOPTION: {"keep_years": 120}}
    assert retention_rules()[ADOPTION]["keep_years"] == 120


def test_an_unknown_record_type_in_settings_is_refused(settings):
    settings.SAFEGUARD_RETENTION = {"adoptoin": {"keep_years": 100}}
    with pytest.raises(ImproperlyConfigured, match="unknown record type 'adoptoin'"):
        retention_rules()


def test_an_adult_goes_with_the_last_childs_record_that_links_to_them():
    due_child = _closed_case(date(1940, 1, 1))
    kept_child = _closed_case(date(2000, 1, 1))
    only_due = AdultFactory()
    RelationshipFactory(person=only_due, relative=due_child)
    both = AdultFactory()
    RelationshipFactory(person=both, relative=due_child)
    RelationshipFactory(person=both, relative=kept_child)
    report = retention_report(as_of=AS_OF)
    assert _decision(report, only_due).record_type == RELATED_ADULT
    assert both.pk not in report.due_ids
    assert report.kept[RELATED_ADULT] == 1


def test_the_report_counts_the_rows_each_table_would_lose():
    child = _closed_case(date(1940, 1, 1))
    CaseNoteFactory(child=child)
    CaseNoteFactory(child=child)
    CaseNoteFactory(child=_closed_case(date(2001, 1, 1)))
    rows = retention_report(as_of=AS_OF).rows_to_delete
    assert rows["people.person"] == 1
    assert rows["cases.casenote"] == 2
    assert rows["cases.referral"] == 1


def test_the_command_is_a_dry_run_listing_ids_and_reasons_but_no_names(capsys):
    child = _closed_case(date(1940, 1, 1), first_name="Ermintrude", last_name="Vasquez-Lowe")
    CaseNoteFactory(child=child)
    before = (Person.objects.count(), CaseNote.objects.count(), Referral.objects.count())
    call_command("retention_report", as_of=AS_OF)
    out = capsys.readouterr().out
    assert (Person.objects.count(), CaseNote.objects.count(), Referral.objects.count()) == before
    assert "dry run: nothing has been deleted" in out
    assert f"person {child.pk}: childrens_social_care: kept 75 years from birth" in out
    assert "cases.casenote=1" in out
    assert "Ermintrude" not in out
    assert "Vasquez" not in out


def test_the_command_prints_json_when_asked(capsys):
    child = _closed_case(date(1940, 1, 1))
    call_command("retention_report", "--as-of", "2026-11-23", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True
    assert [d["person_id"] for d in report["due"]] == [child.pk]
    assert report["due_by_type"] == {CHILDRENS_SOCIAL_CARE: 1}


def test_the_rows_counted_are_in_every_table_subject_access_exports():
    counted = {m._meta.label_lower for m in tables_deleted_with_a_person()}
    exported = {m._meta.label_lower for m in records_about_a_person()}
    assert exported <= counted
    # Addresses are shared by whoever lived there: the person's residences go, not the address.
    assert counted - exported == {
        "people.person",
        "people.persondisability",
        "people.relationship",
        "people.residence",
    }


def test_the_report_counts_a_childs_rows_in_care_permanence_and_from_partners():
    adopted = ChildFactory(date_of_birth=date(1951, 5, 1))
    records_elsewhere(adopted, "DUE")
    kept = ChildFactory(date_of_birth=date(1951, 5, 1))
    records_elsewhere(kept, "KEPT")
    AllocationFactory(child=kept, start_date=date(2026, 1, 5))  # open: never due
    rows = retention_report(
        as_of=AS_OF, rules={ADOPTION: {"keep_years": 50, "from": "adoption"}}
    ).rows_to_delete
    for label in (
        "care.healthassessment",
        "care.motherhood",
        "care.irocontact",
        "care_leavers.pathwayplan",
        "care_leavers.pathwayplanreview",
        "care_leavers.personaladviser",
        "permanence.adoptiondecision",
        "permanence.permanenceplan",
        "front_door.contactrating",
        "front_door.informationrequest",
        "agencies.partnersubmission",
        "agencies.partnerevent",
        "agencies.partnercheck",
        "signals.signal",
    ):
        assert rows[label] == 1, label
    # Both adults the partners named are due (no child's record links to them): each one's
    # row goes; the kept child's event that named one stays, so it is not counted.
    assert rows["agencies.partnereventadult"] == 2

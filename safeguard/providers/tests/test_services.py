"""The register's services: adding and changing a provider, recording an inspection, and
importing Ofsted's file (all or nothing, and again changes nothing)."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.audit.models import Action, AuditEntry
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.providers import rules, services
from safeguard.providers.codes import Grade, InspectionKind, InspectionSource, ProviderKind
from safeguard.providers.models import OfstedImport, OfstedInspection, Provider
from safeguard.providers.rules import ProvidersRefused
from safeguard.providers.selectors import current_grades
from safeguard.providers.tests.ofsted_sample import ofsted_csv, ofsted_row

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 14)


def a_provider(urn: str = "SC900001", **details) -> Provider:
    return services.provider_create(
        urn=urn,
        kind=details.pop("kind", ProviderKind.CHILDRENS_HOME),
        name=details.pop("name", "Larkfield House"),
        registration_status="active",
        created_by=None,
        **details,
    )


def record(provider: Provider, on: date, grade: str = Grade.GOOD, **kwargs):
    return services.inspection_record(
        provider=provider,
        kind=kwargs.pop("kind", InspectionKind.FULL),
        inspection_date=on,
        grade=grade,
        publication_date=kwargs.pop("publication_date", None),
        recorded_by=kwargs.pop("recorded_by", None),
        today=TODAY,
    )


def import_file(data: bytes, user=None):
    return services.ofsted_file_import(
        data=data, file_name="ofsted.csv", imported_by=user, today=TODAY
    )


def entries(object_type: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=object_type).order_by("id"))


# --- Providers ------------------------------------------------------------------------------


def test_a_provider_is_added_by_its_urn_and_the_addition_audited(personas):
    provider = services.provider_create(
        urn=" sc900001 ",
        kind=ProviderKind.CHILDRENS_HOME,
        name="  Larkfield   House ",
        postcode="nb1 2ab",
        registration_status="active",
        created_by=personas.analyst,
    )

    assert (provider.urn, provider.name, provider.postcode) == (
        "SC900001",
        "Larkfield House",
        "NB1 2AB",
    )
    (entry,) = entries("providers.provider")
    assert (entry.action, entry.object_id, entry.actor_id) == (
        Action.CREATE,
        "SC900001",
        personas.analyst.pk,
    )


def test_a_urn_already_in_the_register_is_refused_naming_the_provider():
    a_provider()

    with pytest.raises(ProvidersRefused) as refused:
        a_provider(name="Another")

    assert refused.value.message == rules.URN_TAKEN.format(urn="SC900001", name="Larkfield House")
    assert refused.value.fields == ("urn",)
    assert Provider.objects.count() == 1


def test_a_urn_not_in_ofsteds_shape_is_refused_and_nothing_added():
    with pytest.raises(ProvidersRefused) as refused:
        a_provider(urn="SC12345")

    assert refused.value.message == f"SC12345 is not an Ofsted URN. {rules.URN_FORMAT}"
    assert not Provider.objects.exists()


def test_changing_a_providers_details_says_what_changed_and_changing_nothing_writes_nothing():
    provider = a_provider()

    changed = services.provider_change(
        provider=provider,
        kind=provider.kind,
        name="Larkfield House",
        postcode="NB3 1XY",
        local_authority="Northbridge",
        registration_status="suspended",
        changed_by=None,
    )
    again = services.provider_change(
        provider=provider,
        kind=provider.kind,
        name="Larkfield House",
        postcode="NB3 1XY",
        local_authority="Northbridge",
        registration_status="suspended",
        changed_by=None,
    )

    assert changed == ["postcode", "local_authority", "registration_status"]
    assert again == []
    assert [e.action for e in entries("providers.provider")] == [Action.CREATE, Action.UPDATE]


# --- Inspections ----------------------------------------------------------------------------


def test_the_current_grade_is_the_latest_graded_inspection():
    provider = a_provider()
    record(provider, date(2024, 3, 1), Grade.OUTSTANDING)
    record(provider, date(2025, 3, 1), Grade.GOOD)
    # A visit that gives no grade leaves the grade as it was.
    record(provider, date(2025, 9, 1), "", kind=InspectionKind.MONITORING)
    # An older inspection entered late does not replace a newer one.
    record(provider, date(2023, 3, 1), Grade.INADEQUATE)

    assert current_grades(["SC900001"]) == {"SC900001": Grade.GOOD}


def test_an_inspection_making_the_grade_inadequate_says_so_with_the_children_placed():
    provider = a_provider()
    record(provider, date(2024, 3, 1), Grade.GOOD)
    PlacementFactory(urn="SC900001")
    PlacementFactory(urn="SC900001")
    PlacementFactory(urn="SC900001", end_date=date(2025, 6, 1))

    recorded = record(provider, date(2025, 10, 1), Grade.INADEQUATE)
    again = record(provider, date(2025, 10, 20), Grade.INADEQUATE, kind=InspectionKind.MONITORING)

    assert (recorded.became_inadequate, recorded.children_placed) == (True, 2)
    assert (again.became_inadequate, again.children_placed) == (False, 0)
    entry = entries("providers.ofstedinspection")[1]
    assert entry.details == {
        "provider": "SC900001",
        "grade": "inadequate",
        "became_inadequate": True,
    }


def test_an_inspection_in_the_future_or_published_before_it_happened_is_refused():
    provider = a_provider()

    with pytest.raises(ProvidersRefused) as future:
        record(provider, date(2025, 11, 15))
    with pytest.raises(ProvidersRefused) as early:
        record(provider, date(2025, 10, 1), publication_date=date(2025, 9, 1))

    assert future.value.violations == (
        rules.Problem(rules.INSPECTION_IN_FUTURE, ("inspection_date",)),
    )
    assert early.value.violations == (
        rules.Problem(rules.PUBLISHED_BEFORE_INSPECTION, ("publication_date",)),
    )
    assert not OfstedInspection.objects.exists()


def test_the_same_inspection_cannot_be_recorded_twice():
    provider = a_provider()
    record(provider, date(2025, 10, 1), Grade.GOOD)

    with pytest.raises(ProvidersRefused) as refused:
        record(provider, date(2025, 10, 1), Grade.INADEQUATE)

    assert refused.value.message == (
        "This provider's full inspection on 1 October 2025 is already recorded (Good). To "
        "record another inspection, check its date and kind"
    )
    assert OfstedInspection.objects.count() == 1


# --- Importing Ofsted's file ----------------------------------------------------------------

FILE = ofsted_csv(
    ofsted_row(
        urn="SC900001",
        inspected="01/10/2025",
        published="04/11/2025",
        grade="Inadequate",
        number="10900099",
        previous_event="Full inspection",
        previous_inspected="03/08/2024",
        previous_published="27/09/2024",
        previous_number="10900001",
        previous_grade="Good",
    ),
    ofsted_row(
        urn="2610709",
        kind="Independent Fostering Agency",
        name="Fictional Fostering North",
        inspected="12/03/2025",
        published="20/04/2025",
        grade="Outstanding",
    ),
)


def test_a_valid_file_adds_its_providers_and_inspections_and_reports_new_inadequate_grades(
    personas,
):
    PlacementFactory(urn="SC900001")

    report = import_file(FILE, personas.analyst)

    assert report.imported and not report.unchanged
    assert (report.providers_added, report.inspections_added) == (2, 3)
    (newly,) = report.newly_inadequate
    assert (newly.urn, newly.name, newly.rated_on, newly.children_placed) == (
        "SC900001",
        "Children's home SC900001",
        date(2025, 10, 1),
        1,
    )
    assert current_grades(["SC900001", "2610709"]) == {
        "SC900001": Grade.INADEQUATE,
        "2610709": Grade.OUTSTANDING,
    }
    imported = OfstedImport.objects.get()
    assert (
        OfstedInspection.objects.filter(
            ofsted_import=imported, source=InspectionSource.IMPORTED
        ).count()
        == 3
    )
    (entry,) = entries("providers.ofstedimport")
    assert entry.action == Action.CREATE
    assert entry.details["became_inadequate"] == ["SC900001"]


def test_importing_the_same_file_again_changes_nothing():
    import_file(FILE)
    providers = list(Provider.objects.order_by("pk").values())
    inspections = list(OfstedInspection.objects.order_by("pk").values())

    report = import_file(FILE)

    assert report.unchanged
    assert report.summary == (
        "2 rows read. Nothing changed: the register already holds every provider and "
        "inspection in this file."
    )
    assert list(Provider.objects.order_by("pk").values()) == providers
    assert list(OfstedInspection.objects.order_by("pk").values()) == inspections
    assert OfstedImport.objects.count() == 1


def test_a_file_with_one_bad_row_imports_nothing_and_lists_the_problem():
    bad = ofsted_csv(ofsted_row(urn="SC900001"), ofsted_row(urn="SC9001"))

    report = import_file(bad)

    assert not report.imported
    assert [(e.row, e.column) for e in report.errors] == [(6, "URN")]
    assert report.summary == (
        "Nothing was imported: 1 problem in 2 rows. Correct them and import the file again."
    )
    assert not Provider.objects.exists() and not OfstedImport.objects.exists()
    (entry,) = entries("providers.ofstedimport")
    assert (entry.action, entry.details["problems"]) == (Action.REFUSED, 1)


def test_ofsteds_withheld_name_never_replaces_one_the_authority_added():
    a_provider(name="Larkfield House")

    import_file(FILE)

    provider = Provider.objects.get(urn="SC900001")
    assert (provider.name, provider.local_authority) == ("Larkfield House", "Northbridge")


def test_an_inspection_entered_before_is_found_not_repeated_and_ofsteds_grade_corrects_it():
    provider = a_provider()
    record(provider, date(2025, 10, 1), Grade.REQUIRES_IMPROVEMENT)

    report = import_file(FILE)

    assert (report.inspections_added, report.inspections_changed) == (2, 1)
    corrected = OfstedInspection.objects.get(provider=provider, inspection_date=date(2025, 10, 1))
    assert (corrected.grade, corrected.event_number, corrected.source) == (
        Grade.INADEQUATE,
        "10900099",
        InspectionSource.IMPORTED,
    )

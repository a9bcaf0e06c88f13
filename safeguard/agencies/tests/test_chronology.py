"""Partner events in the child's chronology, labelled by agency, with significance."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.agencies import services
from safeguard.agencies.models import PartnerEvent, PartnerSubmission
from safeguard.agencies.selectors import AGENCY_OF_KIND, partner_chronology
from safeguard.cases import extensions
from safeguard.cases.extensions import AGENCIES

pytestmark = pytest.mark.django_db


def _event(organisation, child, event_type, on, **fields):
    received = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    submission = PartnerSubmission.objects.create(organisation=organisation, received_at=received)
    return PartnerEvent.objects.create(
        organisation=organisation,
        submission=submission,
        event_type=event_type,
        occurred_on=on,
        received_at=received,
        child=child,
        **fields,
    )


def test_every_organisation_kind_maps_to_a_chronology_agency():
    from safeguard.agencies.models import PartnerOrganisation

    known = {code for code, _ in AGENCIES}
    assert set(AGENCY_OF_KIND) == set(PartnerOrganisation.Kind.values)
    assert set(AGENCY_OF_KIND.values()) <= known
    assert AGENCY_OF_KIND["school"] == AGENCY_OF_KIND["early_years"] == "education"
    assert {AGENCY_OF_KIND[k] for k in ("gp", "health_visiting", "school_nursing", "hospital")} == {
        "health"
    }
    assert (AGENCY_OF_KIND["police"], AGENCY_OF_KIND["housing"], AGENCY_OF_KIND["probation"]) == (
        "police",
        "housing",
        "legal",
    )


def test_partner_events_read_in_the_chronology_with_agency_and_significance(personas):
    school, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Northgate Primary", kind="school"
    )
    police, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Northshire Police", kind="police"
    )
    child = personas.own_child
    _event(
        school,
        child,
        "removed_from_roll",
        date(2025, 10, 20),
        details={"school": "Northgate Primary", "date_removed": "2025-10-20", "destination": ""},
        significant=True,
        summary="Family said they were moving.",
    )
    _event(
        police,
        child,
        "household_member_arrest",
        date(2025, 10, 15),
        details={"offence_category": "domestic_abuse"},
    )
    _event(school, personas.other_child, "concern", date(2025, 10, 1))

    events = partner_chronology(personas.social_worker, child)
    assert [(e.on, e.kind, e.title, e.agencies, e.significant) for e in events] == [
        (
            date(2025, 10, 15),
            "partner",
            "Arrest of a household member (Northshire Police)",
            frozenset({"police"}),
            False,
        ),
        (
            date(2025, 10, 20),
            "partner",
            "Removed from roll (Northgate Primary)",
            frozenset({"education"}),
            True,
        ),
    ]
    assert events[0].detail == "Offence: domestic abuse"
    assert events[1].detail == "School: Northgate Primary. Family said they were moving."
    assert events[1].agency_labels == ["Education"]


def test_the_chronology_source_is_registered_and_reads_in_one_query(personas):
    assert partner_chronology in extensions._chronology_sources
    school, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Northgate Primary", kind="school"
    )
    for day in range(1, 8):
        _event(school, personas.own_child, "attendance_concern", date(2025, 10, day))
    with CaptureQueriesContext(connection) as queries:
        events = list(partner_chronology(personas.social_worker, personas.own_child))
    assert len(events) == 7
    assert len(queries) == 1


def test_an_event_waiting_for_review_is_in_no_childs_chronology(personas):
    school, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Northgate Primary", kind="school"
    )
    _event(school, None, "injury", date(2025, 10, 1), match_review_id=5)
    assert list(partner_chronology(personas.social_worker, personas.own_child)) == []

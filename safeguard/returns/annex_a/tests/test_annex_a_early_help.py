"""Annex A list 2 (early help), filled from family help: one row per child in the family for
each family help assessment open at any time in the window, worked out by hand.

The window: 1 April 2025 to 30 September 2025 (six months), as in test_workbook. Children are
born 1 June 2015, so 10 on 30 September 2025.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.family_help.models import EndReason
from safeguard.family_help.tests.factories import (
    EarlyHelpEpisodeFactory,
    FamilyHelpAssessmentFactory,
    FamilyHelpEpisodeFactory,
    LeadPractitionerFactory,
    PartnerOrganisationFactory,
    PartnerUserFactory,
)
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory

from .test_workbook import (
    GIRL,
    PUBLISHED_LAYOUT,
    area,  # noqa: F401 (the fixture the tests ask for)
    child,
    on,
    rows,
    workbook,
)

COUNCIL_SERVICE = "Handshire Family Help Service"
SCHOOL = "Larkfield Primary School"


def family(place: Any, started: date, *children: str, partner: bool = False) -> Any:
    """A family's help from `started` with a child for each id, and its lead: a council
    worker, or a school's designated safeguarding lead."""
    family_help = FamilyHelpEpisodeFactory(
        team=place.team, started_on=started, consent_given_on=started
    )
    for la_child_id in children:
        EarlyHelpEpisodeFactory(family_help=family_help, child=child(la_child_id))
    if partner:
        organisation = PartnerOrganisationFactory(authority=place.authority, name=SCHOOL)
        LeadPractitionerFactory(
            family_help=family_help,
            worker=None,
            partner_user=PartnerUserFactory(organisation=organisation),
            organisation_name=SCHOOL,
        )
    else:
        LeadPractitionerFactory(
            family_help=family_help, worker=place.worker, organisation_name=COUNCIL_SERVICE
        )
    return family_help


def assess(family_help: Any, started: date, completed: date | None = None, by: str = "") -> Any:
    return FamilyHelpAssessmentFactory(
        family_help=family_help,
        start_date=started,
        completed_on=completed,
        completed_by_organisation=by if completed else "",
    )


def early_help_rows() -> dict[str, list[Any]]:
    """List 2's rows by child id (each child here has one row at most)."""
    found = rows(workbook(), "List 2")
    by_child = {row[0]: row for row in found}
    assert len(by_child) == len(found), "a child listed twice"
    return by_child


def test_the_sheet_has_ofsteds_early_help_columns_in_order(area: Any) -> None:  # noqa: F811
    header = [cell.value for cell in workbook()["List 2"][1]]
    assert header == PUBLISHED_LAYOUT["List 2"]
    assert header[-3:] == [
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ]


def test_each_child_of_the_family_has_a_row_for_the_familys_assessment(
    area: Any,  # noqa: F811
) -> None:
    # Started on the window's first day and completed on its last: both edges are inside.
    help_ = family(area, date(2025, 3, 3), "EH1", "EH2")
    assess(help_, date(2025, 4, 1), date(2025, 9, 30), by=COUNCIL_SERVICE)
    found = early_help_rows()
    assert found == {
        "EH1": ["EH1", *GIRL, on(2025, 4, 1), on(2025, 9, 30), COUNCIL_SERVICE],
        "EH2": ["EH2", *GIRL, on(2025, 4, 1), on(2025, 9, 30), COUNCIL_SERVICE],
    }


def test_assessments_completed_before_the_window_or_started_after_it_are_left_out(
    area: Any,  # noqa: F811
) -> None:
    before = family(area, date(2025, 1, 6), "OUT1")
    assess(before, date(2025, 1, 6), date(2025, 3, 31), by=COUNCIL_SERVICE)  # the day before
    after = family(area, date(2025, 9, 1), "OUT2")
    assess(after, date(2025, 10, 1))  # the day after the window
    # Started long before the window, completed on its first day: inside.
    edge = family(area, date(2024, 11, 4), "IN1")
    assess(edge, date(2024, 11, 4), date(2025, 4, 1), by=COUNCIL_SERVICE)
    assert set(early_help_rows()) == {"IN1"}


def test_a_partner_led_assessment_names_the_partner_organisation(area: Any) -> None:  # noqa: F811
    help_ = family(area, date(2025, 5, 6), "P1", partner=True)
    assess(help_, date(2025, 5, 6), date(2025, 6, 10), by=SCHOOL)
    assert early_help_rows()["P1"][-3:] == [on(2025, 5, 6), on(2025, 6, 10), SCHOOL]


def test_an_open_assessment_has_no_completion_date_and_names_the_lead_completing_it(
    area: Any,  # noqa: F811
) -> None:
    help_ = family(area, date(2025, 9, 1), "O1", partner=True)
    assess(help_, date(2025, 9, 1))
    assert early_help_rows()["O1"][-3:] == [on(2025, 9, 1), None, SCHOOL]


def test_a_completion_after_the_window_has_not_happened_yet(area: Any) -> None:  # noqa: F811
    help_ = family(area, date(2025, 9, 1), "L1")
    assess(help_, date(2025, 9, 1), date(2025, 10, 15), by="Renamed Family Service")
    # As at 30 September the assessment was open, completed by the lead on that day.
    assert early_help_rows()["L1"][-3:] == [on(2025, 9, 1), None, COUNCIL_SERVICE]


def test_a_child_is_listed_only_for_the_assessments_made_while_in_the_family(
    area: Any,  # noqa: F811
) -> None:
    help_ = family(area, date(2025, 4, 7), "J1")
    assess(help_, date(2025, 4, 7), date(2025, 5, 12), by=COUNCIL_SERVICE)
    EarlyHelpEpisodeFactory(family_help=help_, child=child("J2"), start_date=date(2025, 5, 13))
    # A child who left before the assessment began was not assessed either.
    EarlyHelpEpisodeFactory(
        family_help=help_,
        child=child("J3"),
        start_date=date(2025, 4, 7),
        end_date=date(2025, 4, 7),
        end_reason=EndReason.CHILD_LEFT_HOUSEHOLD,
    )
    assess(help_, date(2025, 5, 13))  # a second assessment, after J2 joined
    found = rows(workbook(), "List 2")
    listed = sorted((row[0], row[5]) for row in found)
    # The first assessment: J1, and J3 who was there on its first day (J2 joined the day
    # after it was completed). The second, from 13 May: J1 and J2 (J3 had left).
    assert listed == [
        ("J1", on(2025, 4, 7)),
        ("J1", on(2025, 5, 13)),
        ("J2", on(2025, 5, 13)),
        ("J3", on(2025, 4, 7)),
    ]


def test_only_the_chosen_authoritys_families_are_listed(area: Any) -> None:  # noqa: F811
    assess(family(area, date(2025, 5, 6), "A1"), date(2025, 5, 6))
    elsewhere = AuthorityFactory(name="Otherbury")
    other = FamilyHelpEpisodeFactory(
        team=TeamFactory(authority=elsewhere),
        started_on=date(2025, 5, 6),
        consent_given_on=date(2025, 5, 6),
    )
    EarlyHelpEpisodeFactory(family_help=other, child=child("B1"))
    assess(other, date(2025, 5, 6))
    listed = [row[0] for row in rows(workbook(authority=area.authority), "List 2")]
    assert listed == ["A1"]

"""Reading Ofsted's provider-level file: its layout found, each row checked, and every
problem given by row and column with how to fix it. No database."""

from __future__ import annotations

from datetime import date

from safeguard.providers import ofsted_file, rules
from safeguard.providers.codes import Grade, InspectionKind, ProviderKind, RegistrationStatus
from safeguard.providers.ofsted_file import RowError, ofsted_file_read
from safeguard.providers.tests.ofsted_sample import FIRST_ROW, HEADER, ofsted_csv, ofsted_row

TODAY = date(2025, 11, 14)


def read(data: bytes, **kwargs):
    return ofsted_file_read(data, file_name="ofsted.csv", today=TODAY, **kwargs)


def test_a_file_in_ofsteds_layout_gives_its_providers_and_inspections():
    result = read(
        ofsted_csv(
            ofsted_row(
                urn="SC900001",
                grade="Inadequate",
                inspected="01/10/2025",
                published="04/11/2025",
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
                postcode="nb1 2ab",
                event="Monitoring inspection",
                grade="",
            ),
        )
    )

    assert result.valid and result.rows == 2
    home, agency = result.providers["SC900001"], result.providers["2610709"]
    assert (home.kind, home.registration_status) == (
        ProviderKind.CHILDRENS_HOME,
        RegistrationStatus.ACTIVE,
    )
    # Ofsted withholds a children's home's name and address.
    assert (home.name, home.postcode, home.local_authority) == ("", "", "Northbridge")
    assert (agency.name, agency.postcode) == ("Fictional Fostering North", "NB1 2AB")
    assert sorted((i.urn, i.inspection_date, i.kind, i.grade) for i in result.inspections) == [
        ("2610709", date(2023, 11, 7), InspectionKind.MONITORING, ""),
        ("SC900001", date(2024, 8, 3), InspectionKind.FULL, Grade.GOOD),
        ("SC900001", date(2025, 10, 1), InspectionKind.FULL, Grade.INADEQUATE),
    ]
    latest = next(i for i in result.inspections if i.inspection_date == date(2025, 10, 1))
    assert (latest.publication_date, latest.event_number) == (date(2025, 11, 4), "10900099")


def test_the_column_names_are_found_below_ofsteds_title_and_notes():
    assert read(ofsted_csv(ofsted_row())).rows == 1
    # Without the byte order mark too.
    assert read(ofsted_csv(ofsted_row(), bom=False)).valid


def test_an_inspection_listed_in_its_own_row_and_as_a_later_rows_previous_is_kept_once():
    result = read(
        ofsted_csv(
            ofsted_row(inspected="01/06/2024", published="", grade="Good"),
            ofsted_row(
                inspected="01/02/2025",
                published="03/03/2025",
                grade="Outstanding",
                previous_event="Full inspection",
                previous_inspected="01/06/2024",
                previous_published="10/07/2024",
                previous_grade="Good",
            ),
        )
    )

    assert result.valid
    assert len(result.inspections) == 2
    earlier = next(i for i in result.inspections if i.inspection_date == date(2024, 6, 1))
    # The later mention fills in the publication date the first left blank.
    assert earlier.publication_date == date(2024, 7, 10)


def test_the_same_inspection_given_two_grades_is_an_error_on_the_second_row():
    result = read(
        ofsted_csv(
            ofsted_row(inspected="01/06/2024", published="01/07/2024", grade="Good"),
            ofsted_row(inspected="01/06/2024", published="01/07/2024", grade="Inadequate"),
        )
    )

    assert result.errors == [
        RowError(
            FIRST_ROW + 1,
            "Overall experiences and progress of children and young people",
            "Row 5 gives this inspection (01/06/2024) Good and this row gives it Inadequate.",
            "Ofsted grades an inspection once: correct whichever row is wrong.",
        )
    ]


def test_each_bad_cell_is_given_by_row_and_column_with_how_to_fix_it():
    result = read(
        ofsted_csv(
            ofsted_row(),
            ofsted_row(urn="SC12345"),
            ofsted_row(urn="SC900003", kind="Care home"),
            ofsted_row(urn="SC900004", inspected="31/02/2025"),
            ofsted_row(urn="SC900005", grade="Brilliant"),
            ofsted_row(urn="SC900006", inspected="01/12/2025", published=""),
            ofsted_row(urn="SC900007", event="Spot check"),
            ofsted_row(urn="SC900008", number="1.02E+07"),
        )
    )

    assert not result.valid
    assert [(e.row, e.column) for e in result.errors] == [
        (FIRST_ROW + 1, "URN"),
        (FIRST_ROW + 2, "Provision type"),
        (FIRST_ROW + 3, "Inspection date"),
        (FIRST_ROW + 4, "Overall experiences and progress of children and young people"),
        (FIRST_ROW + 5, "Inspection date"),
        (FIRST_ROW + 6, "Inspection event type"),
        (FIRST_ROW + 7, "Inspection event number"),
    ]
    urn, kind, day, grade, future, event, number = result.errors
    assert urn.problem == '"SC12345" is not an Ofsted URN.'
    assert urn.fix == rules.URN_FORMAT
    assert kind.problem == '"Care home" is not a provision type.'
    assert kind.fix.startswith("Use one of Ofsted's words: \"Children's home\", ")
    assert day.problem == '"31/02/2025" is not a date.'
    assert day.fix == "Write it as day/month/year, as Ofsted does: for example 07/11/2023."
    assert grade.problem == '"Brilliant" is not one of Ofsted\'s grades.'
    assert future.problem == "The inspection date must be today or in the past."
    assert event.problem == '"Spot check" is not a type.'
    assert "scientific notation" in number.fix
    assert str(urn) == f'Row 6, URN: "SC12345" is not an Ofsted URN. {rules.URN_FORMAT}'


def test_a_file_that_is_not_ofsteds_layout_is_refused_as_a_whole():
    assert read(b"").refused == ofsted_file.EMPTY
    assert read(b"name,date\nA,B\n").refused == ofsted_file.NO_HEADER
    without_grade = tuple(
        name
        for name in HEADER
        if name != "Overall experiences and progress of children and young people"
    )
    refused = read(ofsted_csv(ofsted_row(), header=without_grade)).refused
    assert refused == ofsted_file.MISSING_COLUMNS.format(
        names='"Overall experiences and progress of children and young people"'
    )
    assert read(ofsted_csv()).refused == ofsted_file.NO_ROWS


def test_a_file_that_is_not_utf8_is_refused_unless_its_encoding_is_given():
    data = ofsted_csv(ofsted_row(name="Caf\u00e9 House", kind="Children's home"), bom=False)
    latin = data.decode().encode("cp1252")

    assert read(latin).refused == ofsted_file.NOT_UTF8
    assert read(latin, encoding="cp1252").providers["SC900001"].name == "Caf\u00e9 House"


def test_a_provider_in_several_rows_takes_its_details_from_its_latest_inspection():
    result = read(
        ofsted_csv(
            ofsted_row(inspected="01/02/2025", published="", status="Active", la="Northbridge"),
            ofsted_row(inspected="01/06/2024", published="", status="Suspended", la="Elsewhere"),
        )
    )

    provider = result.providers["SC900001"]
    assert (provider.registration_status, provider.local_authority) == ("active", "Northbridge")


def test_a_registered_provider_not_yet_inspected_is_read_without_an_inspection():
    result = read(ofsted_csv(ofsted_row(event="", inspected="", published="", number="", grade="")))

    assert result.valid
    assert list(result.providers) == ["SC900001"]
    assert result.inspections == []

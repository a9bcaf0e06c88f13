import csv
from pathlib import Path

import pytest

from safeguard.audit.models import AuditEntry
from safeguard.returns.ssda903.build import (
    NOT_RECORDED,
    SSDA903BuildError,
    return_postcode,
    ssda903_build,
)
from safeguard.returns.ssda903.years import COLUMNS

from .authority import build_authority

# The column sets of csc-validator-be-903 0.1.17 (lac_validator/config.py) for 2025-26,
# pinned here so that a change to years.py is a deliberate one.
VALIDATOR_COLUMNS_2026 = {
    "header": "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB",
    "episodes": "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE "
    "HOME_POST PL_POST URN",
    "reviews": "CHILD DOB REVIEW REVIEW_CODE",
    "uasc": "CHILD SEX DOB DUC",
    "oc2": "CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK "
    "HEALTH_ASSESSMENT SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED",
    "oc3": "CHILD DOB IN_TOUCH ACTIV ACCOM",
    "ad1": "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR",
    "placed_for_adoption": "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
    "previous_permanence": "CHILD DOB PREV_PERM LA_PERM DATE_PERM",
    "missing": "CHILD DOB MISSING MIS_START MIS_END",
    "social_worker_episodes": "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON",
}


def read(folder: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def built(db, tmp_path):
    result = ssda903_build(authority=build_authority(), year=2026, output=tmp_path)
    return tmp_path, result


def test_each_file_has_exactly_the_validators_columns_for_2025_26(built):
    folder, _ = built
    assert {t: " ".join(c) for t, c in COLUMNS.items()} == VALIDATOR_COLUMNS_2026
    for table, columns in VALIDATOR_COLUMNS_2026.items():
        assert read(folder, table)[0] == columns.split()


def test_children_looked_after_in_the_year_are_in_the_header(built):
    folder, result = built
    _, header = read(folder, "header")
    assert [(r["CHILD"], r["SEX"], r["DOB"]) for r in header] == [
        ("LA0001", "F", "10/05/2012"),
        ("LA0002", "M", "03/03/2023"),
    ]
    assert result.children == 2


def test_episodes_split_at_legal_status_and_placement_changes(built):
    folder, _ = built
    _, episodes = read(folder, "episodes")
    girl = [r for r in episodes if r["CHILD"] == "LA0001"]
    assert [(r["DECOM"], r["RNE"], r["LS"], r["PLACE"], r["DEC"], r["REC"]) for r in girl] == [
        ("02/09/2024", "S", "V2", "U6", "14/04/2025", "X1"),
        ("14/04/2025", "L", "C1", "U6", "01/07/2025", "X1"),
        ("01/07/2025", "P", "C1", "K2", "", ""),
    ]
    assert girl[1]["REASON_PLACE_CHANGE"] == "CHILD"
    assert [r["HOME_POST"] for r in girl] == ["NB12 3XY"] * 3
    assert [r["PL_POST"] for r in girl] == ["NB4 5AB", "NB4 5AB", "NB7 1CD"]
    assert girl[2]["URN"] == "SC123456"


def test_reviews_in_the_year_are_listed(built):
    folder, _ = built
    _, reviews = read(folder, "reviews")
    assert [(r["CHILD"], r["REVIEW"], r["REVIEW_CODE"]) for r in reviews] == [
        ("LA0001", "12/05/2025", "PN1"),
        ("LA0001", "10/11/2025", "PN1"),
    ]


def test_oc2_is_for_children_looked_after_twelve_months_at_31_march(built):
    folder, _ = built
    _, oc2 = read(folder, "oc2")
    assert len(oc2) == 1
    row = oc2[0]
    assert (row["CHILD"], row["SDQ_SCORE"], row["SDQ_REASON"]) == ("LA0001", "14", "")
    assert (row["IMMUNISATIONS"], row["TEETH_CHECK"], row["HEALTH_ASSESSMENT"]) == ("1", "1", "1")
    assert row["HEALTH_CHECK"] == ""  # asked only of the under-fives


def test_tables_not_yet_recorded_are_written_empty(built):
    folder, _ = built
    for table in NOT_RECORDED:
        assert read(folder, table)[1] == []


def test_building_the_return_is_audited(built):
    assert AuditEntry.objects.filter(object_type="returns.ssda903", action="export").count() == 1


def test_postcodes_are_whole_in_capitals_with_one_space():
    assert return_postcode("nb12 3xy") == "NB12 3XY"
    assert return_postcode("SW1A1AA") == "SW1A 1AA"
    assert return_postcode("NB1") == ""


@pytest.mark.django_db
def test_an_unknown_year_is_refused_and_nothing_is_written(tmp_path):
    with pytest.raises(SSDA903BuildError, match="2025, 2026; got 2019"):
        ssda903_build(authority=build_authority(), year=2019, output=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_year_after_2025_26_is_refused_saying_where_to_add_it(tmp_path):
    with pytest.raises(SSDA903BuildError) as refused:
        ssda903_build(authority=build_authority(), year=2027, output=tmp_path)
    assert str(refused.value) == (
        "Safeguard builds the SSDA903 return for the years ending 31 March 2025, 2026; got "
        "2027. No specification of the return for the year ending 31 March 2027 is known to "
        "it: read that year's DfE guide and add its files, columns and codes to "
        "safeguard/returns/ssda903/years.py."
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_folder_that_already_holds_a_return_is_refused(tmp_path):
    (tmp_path / "episodes.csv").write_text("x")
    with pytest.raises(SSDA903BuildError, match="already holds SSDA903 files"):
        ssda903_build(authority=build_authority(), year=2026, output=tmp_path)


@pytest.mark.django_db
def test_missing_episodes_started_in_the_year_are_listed(tmp_path):
    from datetime import date

    from safeguard.care.models import MissingEpisode
    from safeguard.cases.models import LookedAfterPeriod

    authority = build_authority()
    period = LookedAfterPeriod.objects.get(child__la_child_id="LA0001")
    MissingEpisode.objects.create(
        child=period.child, period=period, kind="M", start_date=date(2025, 10, 3),
        end_date=date(2025, 10, 4),
    )  # fmt: skip
    MissingEpisode.objects.create(
        child=period.child, period=period, kind="A", start_date=date(2026, 3, 30),
        end_date=date(2026, 4, 2),
    )  # fmt: skip
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    rows = read(tmp_path, "missing")[1]
    assert [(r["MISSING"], r["MIS_START"], r["MIS_END"]) for r in rows] == [
        ("M", "03/10/2025", "04/10/2025"),
        ("A", "30/03/2026", ""),
    ]


@pytest.mark.django_db
def test_social_worker_episodes_follow_the_allocations_while_looked_after(tmp_path):
    from datetime import date

    from safeguard.cases.models import Referral
    from safeguard.cases.tests.factories import AllocationFactory
    from safeguard.organisation.tests.factories import TeamFactory, WorkerFactory

    authority = build_authority()
    girl = Referral.objects.get(child__la_child_id="LA0001")
    team, care_team = girl.team, TeamFactory(authority=authority)
    # Held since the referral, before care began on 2 September 2024; then the children in
    # care team (transfer); then another worker of that team with no registration number.
    AllocationFactory(
        child=girl.child, team=team, worker=WorkerFactory(authority=authority, team=team,
        registration_number="SW000101"), start_date=date(2024, 8, 1), end_date=date(2025, 5, 2),
    )  # fmt: skip
    AllocationFactory(
        child=girl.child, team=care_team, worker=WorkerFactory(authority=authority,
        team=care_team, registration_number="SW000202"), start_date=date(2025, 5, 2),
        end_date=date(2025, 11, 3),
    )  # fmt: skip
    unregistered = WorkerFactory(authority=authority, team=care_team, registration_number="")
    AllocationFactory(
        child=girl.child, team=care_team, worker=unregistered, start_date=date(2025, 11, 3)
    )
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    rows = read(tmp_path, "social_worker_episodes")[1]
    assert [(r["CHILD"], r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        ("LA0001", "SW000101", "02/09/2024", "02/05/2025", "FCONTA"),
        ("LA0001", "SW000202", "02/05/2025", "03/11/2025", "TSPROC"),
        ("LA0001", f"XX{unregistered.pk:04d}", "03/11/2025", "", "MANAGE"),
    ]


@pytest.mark.django_db
def test_care_ending_on_31_march_after_a_year_still_asks_for_oc2(tmp_path):
    """The DfE's continuity (the validator's rule 191) is broken only by care ending before
    31 March; care ending that day, or the day before, tells the two apart."""
    from datetime import date

    from safeguard.cases.models import Referral
    from safeguard.cases.tests.factories import (
        ChildFactory,
        LookedAfterPeriodFactory,
        PlacementFactory,
        ReferralFactory,
    )

    authority = build_authority()
    team = Referral.objects.get(child__la_child_id="LA0001").team
    for child_id, ended in (("LA0031", date(2026, 3, 31)), ("LA0030", date(2026, 3, 30))):
        child = ChildFactory(la_child_id=child_id, date_of_birth=date(2015, 6, 1))
        ReferralFactory(child=child, team=team, referral_date=date(2024, 10, 1))
        period = LookedAfterPeriodFactory(
            child=child, start_date=date(2024, 11, 4), end_date=ended, reason_ceased="E4A"
        )
        PlacementFactory(period=period, start_date=date(2024, 11, 4), end_date=ended)
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    in_oc2 = {row["CHILD"] for row in read(tmp_path, "oc2")[1]}
    assert "LA0031" in in_oc2
    assert "LA0030" not in in_oc2


@pytest.mark.django_db
def test_the_first_worker_of_a_later_period_of_care_is_a_first_contact(tmp_path):
    """Each period of care in the year starts its own chain of social worker episodes, so a
    gap between two periods is not a hand-over the validator's SW10 and SW10a would query."""
    from datetime import date

    from safeguard.cases.models import Referral
    from safeguard.cases.tests.factories import (
        AllocationFactory,
        ChildFactory,
        LookedAfterPeriodFactory,
        PlacementFactory,
        ReferralFactory,
    )
    from safeguard.organisation.tests.factories import WorkerFactory

    authority = build_authority()
    team = Referral.objects.get(child__la_child_id="LA0001").team
    child = ChildFactory(la_child_id="LA0040", date_of_birth=date(2014, 2, 2))
    ReferralFactory(child=child, team=team, referral_date=date(2025, 4, 15))
    first = LookedAfterPeriodFactory(
        child=child, start_date=date(2025, 5, 1), end_date=date(2025, 9, 25), reason_ceased="E4A"
    )
    PlacementFactory(period=first, start_date=date(2025, 5, 1), end_date=date(2025, 9, 25))
    second = LookedAfterPeriodFactory(child=child, start_date=date(2025, 10, 20))
    PlacementFactory(period=second, start_date=date(2025, 10, 20))
    for number, start, end in (
        ("SW000401", date(2025, 4, 20), date(2025, 9, 25)),
        ("SW000402", date(2025, 10, 20), None),
    ):
        worker = WorkerFactory(authority=authority, team=team, registration_number=number)
        AllocationFactory(child=child, team=team, worker=worker, start_date=start, end_date=end)
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    rows = [r for r in read(tmp_path, "social_worker_episodes")[1] if r["CHILD"] == "LA0040"]
    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        ("SW000401", "01/05/2025", "25/09/2025", "FCONTA"),
        ("SW000402", "20/10/2025", "", "FCONTA"),
    ]

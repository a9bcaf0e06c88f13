"""The XML written for a child is valid against our XSD for its year; what the XSD refuses is
reported against the right child; and the XSD's code lists are the code sets Safeguard uses."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
import xmlschema

from safeguard.common import codes
from safeguard.returns.census.records import Header
from safeguard.returns.census.schema import ChunkValidator, Tee, schema_errors
from safeguard.returns.census.xml import CensusWriter
from safeguard.returns.census.years import SCHEMA_DIR, collection_year

from .builders import clean_child

HEADER = Header(
    "999", collection_year(2025).reference_date, "Safeguard", "1", 7, "2025-04-02T09:00:00+00:00"
)


def written(year: int, *children) -> bytes:
    out = BytesIO()
    with CensusWriter(out, collection_year(year), HEADER) as writer:
        for child in children:
            writer.child(child)
    return out.getvalue()


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_a_clean_child_is_valid_against_the_schema_of_each_year(year, tmp_path: Path):
    path = tmp_path / "census.xml"
    path.write_bytes(written(year, clean_child(1), clean_child(2)))
    assert list(schema_errors(path, collection_year(year))) == []
    schema = xmlschema.XMLSchema(str(collection_year(year).schema_path))
    assert schema.is_valid(str(path))


def test_the_sex_element_follows_the_year():
    assert b"<GenderCurrent>2</GenderCurrent>" in written(2024, clean_child())
    assert b"<Sex>F</Sex>" in written(2025, clean_child())


def test_an_unknown_code_is_a_schema_error_tied_to_its_child(tmp_path: Path):
    broken = clean_child(2)
    broken.episodes[0].closure_reason = "RC10"
    path = tmp_path / "census.xml"
    path.write_bytes(written(2025, clean_child(1), broken, clean_child(3)))
    (error,) = schema_errors(path, collection_year(2025))
    assert error.child_position == 1
    assert error.path.endswith("/Children/Child[2]/CINdetails[1]/ReasonForClosure")


def test_checking_in_chunks_finds_what_checking_the_whole_file_finds(tmp_path: Path):
    children = [clean_child(n) for n in range(1, 6)]
    children[3].ethnicity = "XXXX"
    year = collection_year(2025)
    out = BytesIO()
    tee = Tee(out)
    validator = ChunkValidator(year, workers=0)
    with CensusWriter(tee, year, HEADER) as writer:  # type: ignore[arg-type]
        validator.start(tee.take())
        for start in (0, 2, 4):
            for child in children[start : start + 2]:
                writer.child(child)
            validator.check(tee.take(), start)
    path = tmp_path / "census.xml"
    path.write_bytes(out.getvalue())
    whole = [(e.child_position, e.path, e.reason) for e in schema_errors(path, year)]
    chunked = [(e.child_position, e.path, e.reason) for e in validator.errors()]
    assert chunked == whole and [p for p, _, _ in whole] == [3]


@pytest.mark.parametrize(
    ("simple_type", "code_set"),
    [
        ("EthnicityType", codes.Ethnicity),
        ("DisabilityType", codes.Disability),
        ("ReferralSourceType", codes.ReferralSource),
        ("PrimaryNeedCodeType", codes.PrimaryNeed),
        ("ReasonForClosureType", codes.ReasonForClosure),
        ("CategoryOfAbuseType", codes.CategoryOfAbuse),
        ("AssessmentFactorsType", codes.AssessmentFactor),
        ("UPNunknownType", codes.UPNUnknown),
    ],
)
def test_the_schema_code_lists_are_the_code_sets_safeguard_records(simple_type, code_set):
    schema = xmlschema.XMLSchema(str(SCHEMA_DIR / "cin_census_sex.xsd"))
    assert set(schema.types[simple_type].enumeration) == set(code_set.values)

"""census_build against a hand-built authority: the file (a golden file), the schema, the
"as at 31 March" projection, deliberately broken records, the report, the record and audit."""

from __future__ import annotations

import csv
import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import AssessmentFactory, ReferralFactory
from safeguard.people.models import PersonDisability
from safeguard.people.tests.factories import ChildFactory
from safeguard.returns.census.schema import schema_errors
from safeguard.returns.census.services import CensusBuildError, census_build
from safeguard.returns.census.years import collection_year
from safeguard.returns.models import CensusBuild

from .authority import build_authority

GOLDEN = Path(__file__).parent / "golden" / "census_2025.xml"
STAMP = re.compile(r"<DateTime>[^<]*</DateTime>")


def _normalised(path: Path) -> str:
    return STAMP.sub("<DateTime>(when built)</DateTime>", path.read_text(encoding="utf-8"))


def _report(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        assert f.readline().strip() == "OFFICIAL-SENSITIVE"  # the protective marking
        return list(csv.DictReader(f))


@pytest.mark.django_db
def test_the_census_of_a_small_authority_matches_the_golden_file(tmp_path):
    authority = build_authority()
    output = tmp_path / "census_2025.xml"
    result = census_build(authority=authority, year=2025, output=output, workers=0)
    if os.environ.get("CENSUS_GOLDEN_WRITE"):  # regenerate after a deliberate change
        GOLDEN.write_text(_normalised(output), encoding="utf-8")
    assert _normalised(output) == GOLDEN.read_text(encoding="utf-8")
    assert result.build.children == 4
    assert list(schema_errors(output, collection_year(2025))) == []


@pytest.mark.django_db
def test_the_clean_small_authority_breaks_only_the_return_wide_disability_query(tmp_path):
    # Four children cannot use 8 different disability codes: 2887Q is a query, not an error.
    result = census_build(
        authority=build_authority(), year=2025, output=tmp_path / "c.xml", workers=0
    )
    rows = _report(tmp_path / "c.errors.csv")
    assert [(r["rule"], r["type"], r["la_child_id"]) for r in rows] == [("2887Q", "query", "")]
    assert (result.build.errors, result.build.queries, result.build.schema_errors) == (0, 1, 0)


@pytest.mark.django_db
def test_the_same_authority_in_2023_24_writes_gender_current(tmp_path):
    output = tmp_path / "census_2024.xml"
    census_build(authority=build_authority(), year=2024, output=output, workers=0)
    text = output.read_text(encoding="utf-8")
    assert "<GenderCurrent>" in text and "<Sex>" not in text
    assert list(schema_errors(output, collection_year(2024))) == []


@pytest.mark.django_db
def test_it_reads_the_authority_in_a_handful_of_queries_whatever_its_size(tmp_path):
    authority = build_authority()
    with CaptureQueriesContext(connection) as small:
        census_build(authority=authority, year=2025, output=tmp_path / "a.xml", workers=0)
    team = authority.teams.first()
    for n in range(10):
        child = ChildFactory(la_child_id=f"GB{n:04d}")
        AssessmentFactory(referral=ReferralFactory(child=child, team=team), authorised=True)
    with CaptureQueriesContext(connection) as large:
        census_build(authority=authority, year=2025, output=tmp_path / "b.xml", workers=0)

    # The build's audit entry is left out: the first entry ever also makes the chains' heads.
    def reads(context: CaptureQueriesContext) -> list[str]:
        return [
            q["sql"]
            for q in context.captured_queries
            if q["sql"].startswith("SELECT") and "audit_audithead" not in q["sql"]
        ]

    assert len(reads(large)) == len(reads(small))


BROKEN = {
    # LA child id: what the record breaks (the rule and where)
    ("GC0001", "8790"),  # disability NONE together with LD
    ("GC0002", "8831"),  # a referral with no further action, yet an assessment
    ("GC0003", "8897"),  # an authorised assessment with no factors recorded
    ("GC0003", "XSD"),  # ... and a primary need code the schema does not know
    ("GC0003", "8650"),
    ("", "8500"),  # a child with no LA child id
    ("", "XSD"),  # ... which the schema requires too
}


@pytest.mark.django_db
def test_deliberately_broken_records_produce_exactly_the_expected_errors(tmp_path):
    authority = build_authority()
    team = authority.teams.first()
    both = ChildFactory(la_child_id="GC0001", upn_unknown_reason="UN4")
    for code in ("NONE", "LD"):
        PersonDisability.objects.create(person=both, code=code)
    ReferralFactory(child=both, team=team, referral_date=date(2024, 9, 2))

    nfa = ChildFactory(la_child_id="GC0002", upn_unknown_reason="UN4")
    PersonDisability.objects.create(person=nfa, code="NONE")
    nfa_referral = ReferralFactory(
        child=nfa, team=team, referral_date=date(2024, 9, 2), no_further_action=True,
        closure_date=date(2024, 9, 20), closure_reason="RC8",
    )  # fmt: skip
    AssessmentFactory(
        referral=nfa_referral,
        start_date=date(2024, 9, 2),
        authorised=True,
        submitted_date=date(2024, 9, 16),
        authorised_date=date(2024, 9, 18),
    )

    no_factors = ChildFactory(la_child_id="GC0003", upn_unknown_reason="UN4")
    PersonDisability.objects.create(person=no_factors, code="NONE")
    referral = ReferralFactory(child=no_factors, team=team, referral_date=date(2024, 9, 2))
    referral.primary_need = "NX"  # only a bulk write or an old import could leave this
    referral.save()
    AssessmentFactory(
        referral=referral, start_date=date(2024, 9, 2), submitted_date=date(2024, 9, 16),
        authorised_date=date(2024, 9, 18), factors=[],
    )  # fmt: skip

    nameless = ChildFactory(la_child_id=None, upn_unknown_reason="UN4")
    PersonDisability.objects.create(person=nameless, code="NONE")
    ReferralFactory(child=nameless, team=team, referral_date=date(2024, 9, 2))

    census_build(authority=authority, year=2025, output=tmp_path / "c.xml", workers=0)
    rows = _report(tmp_path / "c.errors.csv")
    errors = {(r["la_child_id"], r["rule"]) for r in rows if r["type"] == "error"}
    assert errors == BROKEN
    assert {r["rule"] for r in rows if r["type"] == "query"} == {"2887Q"}
    by_child = {r["la_child_id"]: r for r in rows if r["rule"] == "8897"}
    assert by_child["GC0003"]["record"] == f"/children/{no_factors.pk}"
    assert by_child["GC0003"]["where"] == (
        "CIN episode referred 2024-09-02: assessment started 2024-09-02"
    )
    (schema_row,) = [r for r in rows if r["rule"] == "XSD" and r["la_child_id"] == "GC0003"]
    assert "PrimaryNeedCode" in schema_row["where"] and schema_row["child_id"] == str(no_factors.pk)


@pytest.mark.django_db
def test_work_recorded_after_31_march_is_not_yet_known_to_the_census(tmp_path):
    output = tmp_path / "c.xml"
    census_build(authority=build_authority(), year=2025, output=output, workers=0)
    text = output.read_text(encoding="utf-8")
    later = text[text.index("<LAchildID>GA0004</LAchildID>") :]
    later = later[: later.index("</Child>")]
    assert "<CINclosureDate>" not in later and "<ReasonForClosure>" not in later
    assert "<AssessmentAuthorisationDate>" not in later and "AssessmentFactors" not in later


@pytest.mark.django_db
def test_a_build_is_recorded_and_audited_as_an_export(tmp_path, django_user_model):
    authority = build_authority()
    result = census_build(authority=authority, year=2025, output=tmp_path / "c.xml")
    build = CensusBuild.objects.get()
    assert (build.pk, build.year, build.children) == (result.build.pk, 2025, 4)
    assert build.xml_path == str((tmp_path / "c.xml").resolve())
    assert build.by_rule == {"2887Q": 1}
    entry = AuditEntry.objects.filter(object_type="returns.census").get()
    assert (entry.action, entry.object_id) == ("export", str(build.pk))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "name", "message"),
    [
        (2019, "c.xml", "No Children in Need census specification is known for the year ending"),
        (2025, "c.csv", "The census file name must end in .xml"),
        (2025, "missing/c.xml", "does not exist: create it or choose another --output"),
    ],
)  # fmt: skip
def test_what_cannot_be_built_is_refused_with_a_clear_message_and_nothing_written(
    tmp_path, year, name, message
):
    authority = build_authority()
    with pytest.raises(CensusBuildError, match=re.escape(message)):
        census_build(authority=authority, year=year, output=tmp_path / name)
    assert list(tmp_path.iterdir()) == [] and not CensusBuild.objects.exists()

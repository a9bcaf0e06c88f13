"""The code sets hold exactly the DfE's codes, with short plain labels."""

from __future__ import annotations

import pytest
from django.db import models

from safeguard.common import codes


def _codes(text: str) -> list[str]:
    return text.split()


# Code lists as the domain notes and the community schemas give them.
EXPECTED_CODES: dict[type[models.TextChoices], list[str]] = {
    codes.Sex: ["M", "F", "U"],
    codes.GenderCurrent: ["1", "2", "0", "9"],
    codes.Ethnicity: _codes(
        "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH "
        "CHNE OOTH REFU NOBT"
    ),
    codes.Disability: _codes("NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA"),
    codes.UPNUnknown: [f"UN{n}" for n in range(1, 8)],
    codes.ReferralSource: _codes("1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10"),
    codes.PrimaryNeed: [f"N{n}" for n in range(1, 10)] + ["N0"],
    codes.ReasonForClosure: [f"RC{n}" for n in range(1, 10)],
    codes.CategoryOfAbuse: ["NEG", "PHY", "SAB", "EMO", "MUL"],
    codes.AssessmentFactor: _codes(
        "1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A 10A 11A "
        "12A 13A 14A 15A 16A 17A 18A 18B 18C 19A 19B 19C 20 21 22A 23A 24A"
    ),
    codes.LegalStatus: _codes("C1 C2 D1 E1 V2 V3 V4 L1 L2 L3 J1 J2 J3"),
    codes.ReasonNewEpisode: ["S", "L", "P", "T", "B", "U"],
    codes.PlacementType: _codes(
        "A3 A4 A5 A6 H5 K1 K2 K3 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1"
    ),
    codes.PlacementProvider: [f"PR{n}" for n in range(6)],
    codes.ReasonEpisodeCeased: _codes(
        "X1 E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 E14 E15 E16 E17"
    ),
    codes.ReviewParticipation: [f"PN{n}" for n in range(8)],
    codes.VisitKind: ["cp_visit", "cin_visit", "lac_visit", "assessment_visit", "other"],
    codes.RelationshipKind: [
        "parent",
        "step_parent",
        "partner_of_parent",
        "sibling",
        "half_sibling",
        "grandparent",
        "other_relative",
        "household_member",
        "carer",
    ],
}

LOCAL_CHOICES: list[type[models.TextChoices]] = [
    codes.ContactDecision,
    codes.AssessmentOutcome,
    codes.Section47Outcome,
    codes.ConferenceOutcome,
    codes.VisitKind,
    codes.RelationshipKind,
    codes.AddressKind,
]

ALL_CHOICES = sorted({*EXPECTED_CODES, *LOCAL_CHOICES}, key=lambda c: c.__name__)


@pytest.mark.parametrize("choices", list(EXPECTED_CODES), ids=lambda c: c.__name__)
def test_each_code_set_holds_exactly_the_published_codes_in_order(
    choices: type[models.TextChoices],
) -> None:
    assert choices.values == EXPECTED_CODES[choices]


@pytest.mark.parametrize("choices", ALL_CHOICES, ids=lambda c: c.__name__)
def test_every_label_is_short_plain_and_not_shouted(choices: type[models.TextChoices]) -> None:
    for label in choices.labels:
        assert label
        assert len(label) <= 80, label
        assert label != label.upper() or len(label) <= 3, label
        assert label.isascii(), label


@pytest.mark.parametrize("choices", ALL_CHOICES, ids=lambda c: c.__name__)
def test_no_two_codes_in_a_set_share_a_label(choices: type[models.TextChoices]) -> None:
    assert len(set(choices.labels)) == len(choices.labels)


def test_codes_fit_the_columns_that_store_them() -> None:
    # Widths of the CharFields in people/ and cases/ that hold these codes.
    widths = {
        codes.Sex: 1,
        codes.Ethnicity: 4,
        codes.Disability: 4,
        codes.UPNUnknown: 3,
        codes.ReferralSource: 3,
        codes.ContactSource: 3,
        codes.PrimaryNeed: 2,
        codes.ReasonForClosure: 3,
        codes.CategoryOfAbuse: 3,
        codes.LegalStatus: 2,
        codes.ReasonNewEpisode: 1,
        codes.PlacementType: 3,
        codes.PlacementProvider: 3,
        codes.ReasonEpisodeCeased: 4,
        codes.ReviewParticipation: 3,
        codes.ContactDecision: 30,
        codes.AssessmentOutcome: 30,
        codes.Section47Outcome: 30,
        codes.ConferenceOutcome: 20,
        codes.VisitKind: 20,
        codes.RelationshipKind: 30,
        codes.AddressKind: 20,
    }
    for choices, width in widths.items():
        assert max(len(v) for v in choices.values) <= width, choices.__name__


def test_the_defaults_people_use_exist() -> None:
    assert codes.Sex.UNKNOWN == "U"
    assert codes.Sex.UNKNOWN.label == "Unknown / unborn"
    assert codes.Ethnicity.NOBT.label == "Information not yet obtained"
    assert codes.Ethnicity.REFU.label == "Refused"
    assert codes.PrimaryNeed.N0 == "N0"
    assert codes.AddressKind.HOME == "home"


def test_sex_maps_to_the_gender_code_used_before_2024_25() -> None:
    assert codes.gender_current_for(codes.Sex.MALE) == "1"
    assert codes.gender_current_for(codes.Sex.FEMALE) == "2"
    assert codes.gender_current_for(codes.Sex.UNKNOWN) == "0"


def test_every_old_gender_code_reads_as_a_sex_code() -> None:
    assert set(codes.GENDER_CURRENT_TO_SEX) == set(codes.GenderCurrent.values)
    assert codes.GENDER_CURRENT_TO_SEX["9"] == codes.Sex.UNKNOWN
    for sex in codes.Sex.values:
        assert codes.GENDER_CURRENT_TO_SEX[codes.gender_current_for(sex)] == sex


def test_the_sex_mappings_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        codes.SEX_TO_GENDER_CURRENT["M"] = "2"  # type: ignore[index]


def test_contact_source_uses_the_referral_source_codes() -> None:
    assert codes.ContactSource.choices == codes.ReferralSource.choices
    assert codes.ContactSource.POLICE == "6"


def test_assessment_factor_codes_include_the_superseded_physical_and_sexual_abuse_codes() -> None:
    factors = codes.assessment_factor_codes()
    assert len(factors) == 44
    assert {"18A", "19A", "18B", "18C", "19B", "19C", "20", "21", "24A"} <= factors
    assert factors == frozenset(EXPECTED_CODES[codes.AssessmentFactor])


def test_new_assessments_can_be_offered_factors_without_the_superseded_codes() -> None:
    factors = codes.assessment_factor_codes(include_superseded=False)
    assert "18A" not in factors
    assert "19A" not in factors
    assert len(factors) == 42


def test_the_placement_types_dropped_in_2025_are_labelled_as_such() -> None:
    assert "before 2025" in codes.PlacementType.H5.label
    assert "before 2025" in codes.PlacementType.P2.label
    assert codes.PlacementType.K3.label == "Registered supported accommodation"


def test_conference_outcomes_match_the_values_cases_already_stores() -> None:
    assert codes.ConferenceOutcome.values == ["plan", "no_plan", "continue_plan", "end_plan"]

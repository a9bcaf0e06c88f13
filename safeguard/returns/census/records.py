"""The census child as plain data: what `queries` reads, `xml` writes and `rules` checks.

Field names follow the DfE item names (N000xx in the comments) so a rule reads like its
specification. Dates are already "as at" the reference date: anything recorded after
31 March is not yet known to that year's census (`queries` applies this).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class AssessmentRecord:
    assessment_id: int
    start_date: date | None  # AssessmentActualStartDate N00159
    authorisation_date: date | None  # AssessmentAuthorisationDate N00160
    factors: list[str] = field(default_factory=list)  # AssessmentFactors N00181


@dataclass(slots=True)
class CinPlanRecord:
    plan_id: int
    start_date: date | None  # CINPlanStartDate N00689
    end_date: date | None  # CINPlanEndDate N00690


@dataclass(slots=True)
class Section47Record:
    enquiry_id: int
    start_date: date | None  # S47ActualStartDate N00148
    conference_target: date | None  # InitialCPCtarget N00109
    conference_date: date | None  # DateOfInitialCPC N00110
    conference_not_required: bool  # ICPCnotRequired N00111


@dataclass(slots=True)
class ProtectionPlanRecord:
    plan_id: int
    start_date: date | None  # CPPstartDate N00105
    end_date: date | None  # CPPendDate N00115
    initial_category: str  # InitialCategoryOfAbuse N00113
    latest_category: str  # LatestCategoryOfAbuse N00114
    previous_plans: int | None  # NumberOfPreviousCPP N00106
    review_dates: list[date] = field(default_factory=list)  # CPPreviewDate N00116


@dataclass(slots=True)
class CinEpisode:
    """CINdetails: one referral and the children-in-need episode it opened."""

    referral_id: int
    referral_date: date | None  # CINreferralDate N00100
    source: str  # ReferralSource N00152
    primary_need: str  # PrimaryNeedCode N00101
    closure_date: date | None  # CINclosureDate N00102
    closure_reason: str  # ReasonForClosure N00103
    # DateOfInitialCPC N00110 at CINdetails level: an initial conference with no section 47
    # enquiry in this episode (a child moving in on another authority's plan).
    conference_date: date | None
    no_further_action: bool | None  # ReferralNFA N00112
    assessments: list[AssessmentRecord] = field(default_factory=list)
    cin_plans: list[CinPlanRecord] = field(default_factory=list)
    section47s: list[Section47Record] = field(default_factory=list)
    protection_plans: list[ProtectionPlanRecord] = field(default_factory=list)


@dataclass(slots=True)
class CensusChild:
    person_id: int
    la_child_id: str | None  # LAchildID N00097
    upn: str  # UPN N00001
    former_upn: str  # FormerUPN N00002
    upn_unknown: str  # UPNunknown N00135
    birth_date: date | None  # PersonBirthDate N00066
    expected_birth_date: date | None  # ExpectedPersonBirthDate N00098
    sex: str  # Safeguard's M/F/U; written as GenderCurrent or Sex by collection year
    death_date: date | None  # PersonDeathDate N00108
    ethnicity: str  # Ethnicity N00177
    disabilities: list[str] = field(default_factory=list)  # Disability N00099
    episodes: list[CinEpisode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Header:
    la_code: str  # LEA
    reference_date: date  # ReferenceDate N00603
    software_code: str
    release: str
    serial_number: int
    generated_at: str  # DateTime, ISO 8601

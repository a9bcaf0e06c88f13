"""The Annex A column layout: one sheet per list, the headers in order, and the lettered
values Ofsted's template uses.

Ofsted's own Annex A document was not available offline. The layout is the community
specification of it: `SocialFinanceDigitalLabs/liia-tools-pipeline`
`liiatools/annex_a_pipeline/spec/pipeline.yml` (the column list of every list; its last
column, "LA", is added by that pipeline when it merges authorities, so it is not part of the
return) with `Annex_A_schema_2026.diff.yml`, which renames "Gender" to "Sex" in every list.
The lettered values ("a) Male", "q) 6: Police") are those of Data to Insight's Annex A script
for the Standard Safeguarding Dataset (`data-to-insight/ssd-data-model`
`admin/tools-ssd_dfe_returns/AnnexA_sqlserver_ontemp.sql`). Check both against Ofsted's
current template before an inspection.

Pure data and formatting: no ORM, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.db.models import TextChoices

from safeguard.common import codes

CHILD_ID = "Child Unique ID"
SEX = "Sex"
ETHNICITY = "Ethnicity"
DATE_OF_BIRTH = "Date of Birth"
AGE = "Age of Child (Years)"
DISABILITY = "Does the Child have a Disability"
ALLOCATED_TEAM = "Allocated Team"
ALLOCATED_WORKER = "Allocated Worker"

_COMMON = (CHILD_ID, SEX, ETHNICITY, DATE_OF_BIRTH, AGE)
_ALLOCATED = (ALLOCATED_TEAM, ALLOCATED_WORKER)

# Why a column is always blank: Safeguard does not record it (yet). Never filled by guessing.
NOT_RECORDED = "Safeguard does not record this"
NO_ADOPTERS = (
    "Safeguard does not record prospective adopters or their approval: only who a child's "
    "adopters are, as the SSDA903 asks"
)


@dataclass(frozen=True)
class AnnexAList:
    number: int
    sheet: str
    title: str
    headers: tuple[str, ...]
    # Header -> why Safeguard leaves it blank on every row.
    blank: Mapping[str, str]


def _list(
    number: int, title: str, headers: tuple[str, ...], blank: dict[str, str] | None = None
) -> AnnexAList:
    blank = blank or {}
    unknown = set(blank) - set(headers)
    assert not unknown, f"List {number}: blank columns not in the layout: {unknown}"
    return AnnexAList(number, f"List {number}", title, headers, MappingProxyType(blank))


CONTACTS = _list(1, "Contacts", (*_COMMON, "Date of Contact", "Contact Source"))

EARLY_HELP_COLUMNS = (
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
)
EARLY_HELP = _list(2, "Early help", (*_COMMON, *EARLY_HELP_COLUMNS))

REFERRALS = _list(
    3,
    "Referrals",
    (
        *_COMMON,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *_ALLOCATED,
    ),
)

ASSESSMENTS = _list(
    4,
    "Assessments",
    (
        *_COMMON,
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *_ALLOCATED,
    ),
)

SECTION_47 = _list(
    5,
    "Section 47 enquiries",
    (
        *_COMMON,
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *_ALLOCATED,
    ),
)

CHILDREN_IN_NEED = _list(
    6,
    "Children in need",
    (
        *_COMMON,
        DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *_ALLOCATED,
    ),
)

CHILD_PROTECTION = _list(
    7,
    "Child protection",
    (
        *_COMMON,
        DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *_ALLOCATED,
    ),
)

LA_UASC = "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"
LA_PERMANENCE = "What is the permanence plan for this child?"
LA_IRO = "Date of Last IRO Visit / Contact to the Child"
LA_HEALTH = "Date of Last Health Assessment"
LA_DENTAL = "Date of Last Dental Check"
LA_URN = "URN of Placement"
LA_LOCATION = "Placement Location"
LA_LA_OF_PLACEMENT = "LA of Placement"
LA_MISSING = (
    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"
)
LA_ABSENT = (
    "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months"
)
LA_RHI_OFFERED = "Was the child offered a Return Interview after their last missing episode (Y/N)?"
LA_RHI_ACCEPTED = "Did the child accept a Return Interview after their last missing episode (Y/N)?"

LOOKED_AFTER = _list(
    8,
    "Children looked after",
    (
        *_COMMON,
        LA_UASC,
        DISABILITY,
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last "
        "12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        LA_PERMANENCE,
        LA_IRO,
        LA_HEALTH,
        LA_DENTAL,
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        LA_URN,
        LA_LOCATION,
        LA_LA_OF_PLACEMENT,
        LA_MISSING,
        LA_ABSENT,
        LA_RHI_OFFERED,
        LA_RHI_ACCEPTED,
        *_ALLOCATED,
    ),
)

CARE_LEAVER_COLUMNS = (
    *_COMMON,
    "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
    DISABILITY,
    ALLOCATED_TEAM,
    ALLOCATED_WORKER,
    "Allocated Personal Advisor",
    "Eligibility Category",
    "Latest Pathway Plan Review Date",
    "LA in Touch",
    "Latest Date of Contact",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
)
CARE_LEAVERS = _list(9, "Care leavers", CARE_LEAVER_COLUMNS)

AD_FAMILY = "Family identifier"
AD_DECISION = "Date of Decision that Child Should be Placed for Adoption"
AD_MATCHING = "Date of Matching Child and Prospective Adopters"
AD_NO_LONGER = "Date of Decision that Child Should No Longer be Placed for Adoption"
AD_REASON = "Reason Why Child No Longer Placed for Adoption"

ADOPTION = _list(
    10,
    "Adoption",
    (
        CHILD_ID,
        AD_FAMILY,
        SEX,
        ETHNICITY,
        DATE_OF_BIRTH,
        AGE,
        DISABILITY,
        "Date the Child Entered Care",
        AD_DECISION,
        "Date of Placement Order",
        AD_MATCHING,
        "Date Placed for Adoption",
        "Date of Adoption Order",
        AD_NO_LONGER,
        AD_REASON,
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ),
    {AD_FAMILY: NO_ADOPTERS},
)

ADOPTER_COLUMNS = (
    "Individual adopter identifier",
    AD_FAMILY,
    SEX,
    ETHNICITY,
    "Disability",
    "Is the (prospective) adopter fostering for adoption?",
    "Date enquiry received",
    "Date Stage 1 started",
    "Date Stage 1 ended",
    "Date Stage 2 started",
    "Date Stage 2 ended",
    "Date application submitted",
    "Date application approved",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "No. of children placed",
    "Date of Adoption Order",
    "Date of leaving adoption process",
    "Reason for leaving adoption process",
)
ADOPTERS = _list(11, "Adopters", ADOPTER_COLUMNS, dict.fromkeys(ADOPTER_COLUMNS, NO_ADOPTERS))

LISTS: tuple[AnnexAList, ...] = (
    CONTACTS,
    EARLY_HELP,
    REFERRALS,
    ASSESSMENTS,
    SECTION_47,
    CHILDREN_IN_NEED,
    CHILD_PROTECTION,
    LOOKED_AFTER,
    CARE_LEAVERS,
    ADOPTION,
    ADOPTERS,
)

# --- Lettered values -----------------------------------------------------------------------

YES = "a) Yes"
NO = "b) No"


def yes_no(value: bool | None) -> str | None:
    """Ofsted's lettered yes/no; None (not known yet) stays blank."""
    if value is None:
        return None
    return YES if value else NO


SEX_VALUES: Mapping[str, str] = MappingProxyType(
    {
        codes.Sex.MALE: "a) Male",
        codes.Sex.FEMALE: "b) Female",
        codes.Sex.UNKNOWN: "c) Not stated/recorded",
    }
)

# Ofsted's order of the census ethnicity codes, lettered a) to t); u) is "UNKNOWN".
_ETHNICITY_ORDER = [
    "WBRI",
    "WIRI",
    "WIRT",
    "WOTH",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
]
ETHNICITY_VALUES: Mapping[str, str] = MappingProxyType(
    {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(_ETHNICITY_ORDER)}
)
ETHNICITY_UNKNOWN = "u) UNKNOWN"

# Census referral source codes, lettered in the census order; 5D (added later) is "p1)".
_SOURCE_GROUPS = {
    "1": "Individual",
    "2A": "Schools",
    "2B": "Education services",
    "3": "Health services",
    "4": "Housing",
    "5": "LA services",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}
_SOURCE_LETTERS = (
    ("1A", "a"),
    ("1B", "b"),
    ("1C", "c"),
    ("1D", "d"),
    ("2A", "e"),
    ("2B", "f"),
    ("3A", "g"),
    ("3B", "h"),
    ("3C", "i"),
    ("3D", "j"),
    ("3E", "k"),
    ("3F", "l"),
    ("4", "m"),
    ("5A", "n"),
    ("5B", "o"),
    ("5C", "p"),
    ("5D", "p1"),
    ("6", "q"),
    ("7", "r"),
    ("8", "s"),
    ("9", "t"),
    ("10", "u"),
)


def _source_group(code: str) -> str:
    return _SOURCE_GROUPS.get(code) or _SOURCE_GROUPS[code[0]]


SOURCE_VALUES: Mapping[str, str] = MappingProxyType(
    {code: f"{letter}) {code}: {_source_group(code)}" for code, letter in _SOURCE_LETTERS}
)

CATEGORY_OF_ABUSE_VALUES: Mapping[str, str] = MappingProxyType(
    {
        codes.CategoryOfAbuse.NEG: "a) Neglect",
        codes.CategoryOfAbuse.PHY: "b) Physical abuse",
        codes.CategoryOfAbuse.SAB: "c) Sexual abuse",
        codes.CategoryOfAbuse.EMO: "d) Emotional abuse",
        codes.CategoryOfAbuse.MUL: "e) Multiple/not recommended",
    }
)

CASE_STATUS_LOOKED_AFTER = "a) Looked after child"
CASE_STATUS_PROTECTION_PLAN = "b) Child Protection plan"
CASE_STATUS_CIN_PLAN = "c) Child in need plan"
CASE_STATUS_OPEN_ASSESSMENT = "d) Open assessment"
CASE_STATUS_CLOSED = "e) Closed episode"


def coded(code: str | None, choices: type[TextChoices]) -> str | None:
    """A census code with its description ("N1 - Abuse, neglect and exploitation"), as the
    children-in-need list shows primary need and reason for closure."""
    if not code:
        return None
    try:
        return f"{code} - {choices(code).label}"
    except ValueError:
        return code


def sex_value(code: str) -> str:
    return SEX_VALUES.get(code, SEX_VALUES[codes.Sex.UNKNOWN])


def ethnicity_value(code: str) -> str:
    return ETHNICITY_VALUES.get(code, ETHNICITY_UNKNOWN)


def source_value(code: str) -> str:
    # Unknown codes are the census's own "10: Unknown", as Ofsted's template has no other.
    return SOURCE_VALUES.get(code, SOURCE_VALUES["10"])

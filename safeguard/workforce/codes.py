"""The DfE children's social work workforce census (CSWW) code sets.

Source read: the census's XML schema as the sector's tools keep it
(`SocialFinanceDigitalLabs/liia-tools` `liiatools/spec/social_work_workforce/
social_work_workforce_2022.xsd` and `.../SWFtools/spec/wf_xmlschema.xsd`); check the DfE's
guide for the collection year being built. Labels are short; the guide's wording lives in
docs/workforce.md.
"""

from __future__ import annotations

from django.db import models


class OrgRole(models.TextChoices):
    """CSWW `OrgRole`: the worker's role in the organisation."""

    SENIOR_MANAGER = "1", "Senior manager"
    MIDDLE_MANAGER = "2", "Middle manager"
    FIRST_LINE_MANAGER = "3", "First line manager"
    SENIOR_PRACTITIONER = "4", "Senior practitioner"
    CASE_HOLDER = "5", "Case holder"
    QUALIFIED_WITHOUT_CASES = "6", "Qualified without cases"


class StartOrigin(models.TextChoices):
    """CSWW `StartOrigin`: where a starter came from."""

    NEWLY_QUALIFIED = "1", "Newly qualified social worker"
    OTHER_LA_ENGLAND = "2", "Social worker role in a different local authority in England"
    OUTSIDE_ENGLAND = "3", "Social worker role outside England"
    AGENCY = "4", "Agency or consultancy in social work in England"
    NON_LA_SOCIAL_WORK = "5", "Other social work role, not a local authority, in England"
    OTHER_SOCIAL_CARE = "6", "Other social care role in England"
    NON_SOCIAL_CARE = "7", "Non-social care role, outside England, no employment or career break"
    OTHER = "8", "Other"
    NOT_KNOWN = "9", "Not known"
    NOT_YET_COLLECTED = "10", "Not yet collected"


class LeaverDestination(models.TextChoices):
    """CSWW `LeaverDestination`: where a leaver went."""

    OTHER_LA_ENGLAND = "1", "Social worker role in a different local authority in England"
    OUTSIDE_ENGLAND = "2", "Social worker role outside England"
    AGENCY = "3", "Agency or consultancy in social work in England"
    NON_LA_SOCIAL_WORK = "4", "Other social work role, not a local authority, in England"
    OTHER_SOCIAL_CARE = "5", "Other social care role in England"
    NON_SOCIAL_CARE = "6", "Non-social care role, outside England, no employment or career break"
    OTHER = "7", "Other"
    NOT_KNOWN = "8", "Not known"
    NOT_YET_COLLECTED = "9", "Not yet collected"


class ReasonLeave(models.TextChoices):
    """CSWW `ReasonLeave`: why a leaver left."""

    RESIGNATION = "1", "Resignation"
    VOLUNTARY_REDUNDANCY = "2", "Voluntary redundancy"
    COMPULSORY_REDUNDANCY = "3", "Compulsory redundancy"
    DISMISSED = "4", "Dismissed"
    RETIRED = "5", "Retired"
    DECEASED = "6", "Deceased"
    MOVED_WITHIN_LA = "7", "Moved to a non-child and family social work role in the council"
    OTHER = "8", "Other"
    NOT_KNOWN = "9", "Not known"
    NOT_YET_COLLECTED = "10", "Not yet collected"


class AbsenceReason(models.TextChoices):
    """CSWW `ReasonAbsence`. Sickness (SIC) is what the sickness figures count."""

    MAT = "MAT", "Maternity or paternity leave"
    OTH = "OTH", "Other paid authorised absence"
    PUB = "PUB", "Paid absence for public duties"
    SIC = "SIC", "Sick leave"
    TRN = "TRN", "Training"
    UNA = "UNA", "Unauthorised absence"
    UNP = "UNP", "Unpaid authorised absence"


class QualLevel(models.TextChoices):
    """CSWW `QualLevel`: the level of the social work qualification."""

    UNDERGRADUATE = "1", "Undergraduate"
    POSTGRADUATE = "2", "Postgraduate"
    OTHER = "3", "Other"


class CswwGender(models.TextChoices):
    """CSWW `GenderCurrent`."""

    NOT_KNOWN = "0", "Not known"
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_SPECIFIED = "9", "Not specified"


class PayPolicyEligibility(models.TextChoices):
    """CSWW 2025 pay policy items in `LALevelVacancies` (RecruitmentBonus to CostDBS): whether
    the council's directly employed social workers are eligible."""

    NO = "0", "No"
    ALL = "1", "Yes, all directly employed social workers are eligible"
    SOME = "2", "Yes, some directly employed social workers are eligible"

"""Code sets: the DfE's for the CIN census and SSDA903, and Safeguard's own local choices.

Where a DfE code is a valid Python name (WBRI, N1, RC8, C2) the member carries the code as
its name, so `Ethnicity.NOBT` reads like the return; where it is not ("1A", "10") the member
has a descriptive name. Labels are short and plain; the guide's full wording lives in the
return's documentation, not on screen.

Sources read (community implementations of the DfE specifications, not the DfE's own files;
check the DfE guide for the collection year being built):
- CIN census: `SocialFinanceDigitalLabs/liia-tools-pipeline`
  `liiatools/cin_census_pipeline/spec/CIN_schema_2023.xsd` and `CIN_schema_2026.xsd`
  (enumeration documentation); `data-to-insight/csc-validator-be-cin` rule files.
- SSDA903: `SocialFinanceDigitalLabs/liia-tools` `liiatools/spec/s903/SSDA903_schema_2024.yml`
  and the pipeline's `SSDA903_schema_2025/2026.diff.yml` (code lists);
  `data-to-insight/patch` `apps/016_903_drilldown/903_drilldown.py` (code descriptions);
  `data-to-insight/csc-validator-be-903` `lac_validator/rules/lac2025_26/rule_146.py`.

Imports nothing from Safeguard: every app may import this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.db import models

# --- Children in need census: child identifiers and characteristics -------------------------


class Sex(models.TextChoices):
    """Census `Sex` (2024-25 onwards; SSDA903 SEX from the 2025 schema). Rule 8750: U if unborn."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown / unborn"


class GenderCurrent(models.TextChoices):
    """Census N00065 `GenderCurrent`, used up to 2023-24 (CIN_schema_2023.xsd)."""

    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_RECORDED = "0", "Not recorded or unborn"
    INDETERMINATE = "9", "Indeterminate"


SEX_TO_GENDER_CURRENT: Mapping[str, str] = MappingProxyType(
    {
        Sex.MALE: GenderCurrent.MALE,
        Sex.FEMALE: GenderCurrent.FEMALE,
        # U covers both "not recorded" and "unborn", which 0 also covered.
        Sex.UNKNOWN: GenderCurrent.NOT_RECORDED,
    }
)

# Reading older returns: 9 (indeterminate) has no M/F/U counterpart but U.
GENDER_CURRENT_TO_SEX: Mapping[str, str] = MappingProxyType(
    {
        GenderCurrent.MALE: Sex.MALE,
        GenderCurrent.FEMALE: Sex.FEMALE,
        GenderCurrent.NOT_RECORDED: Sex.UNKNOWN,
        GenderCurrent.INDETERMINATE: Sex.UNKNOWN,
    }
)


def gender_current_for(sex: str) -> str:
    """The pre-2024-25 `GenderCurrent` code for a `Sex` code, for returns before that year."""
    return SEX_TO_GENDER_CURRENT[sex]


class Ethnicity(models.TextChoices):
    """Census N00177 / SSDA903 ETHNIC. Labels as in the XSD and SSDA903 schema."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other Mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    """Census N00099. NONE must stand alone (rule 8790)."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism"
    DDA = "DDA", "Other"


class UPNUnknown(models.TextChoices):
    """Census N00135: why a child has no unique pupil number.

    UN1-UN5 read from `data-to-insight/ssd-data-model`
    `data/categories__future_release/upn_unknown.yml` (SSDA903 wording, "child looked after").
    UN1-UN7 in CIN wording were read from a community seed script whose repository the
    search tool did not name; UN7 agrees with census rule 8772.
    """

    UN1 = "UN1", "Under 6 and not yet given a UPN"
    UN2 = "UN2", "Never attended a maintained school in England"
    UN3 = "UN3", "Educated outside England"
    UN4 = "UN4", "Newly in need or looked after; UPN not yet known"
    UN5 = "UN5", "Records disagree, so the UPN cannot be matched"
    # unverified: UN6 and UN7 come only from the unnamed seed script (see docstring).
    UN6 = "UN6", "Not looked after; UPN could not be obtained"
    UN7 = "UN7", "Referral with no further action"


# --- Children in need census: episodes ------------------------------------------------------


class ReferralSource(models.TextChoices):
    """Census N00152 `ReferralSource` (CIN_schema_2023/2026.xsd)."""

    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance, neighbour or childminder"
    INDIVIDUAL_SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other, including strangers"
    SCHOOL = "2A", "School"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health: school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health: other primary health services"
    HEALTH_A_AND_E = "3E", "Health: A&E"
    HEALTH_OTHER = "3F", "Health: other, for example a hospice"
    HOUSING = "4", "Housing: council or housing association"
    LA_SOCIAL_CARE = "5A", "Council: social care, for example adult social care"
    LA_OTHER_INTERNAL = "5B", "Council: other department, for example youth justice"
    LA_EXTERNAL = "5C", "Another council's services"
    LA_EARLY_HELP = "5D", "Council: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL_AGENCY = "7", "Other legal agency: courts, probation, immigration, Cafcass, prison"
    OTHER = "8", "Other: children's centre, independent or voluntary organisation"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


# Ofsted Annex A List 1 records a contact's source with the census referral-source codes.
# One class keeps the two from drifting apart; split it if a local contact source is needed.
ContactSource = ReferralSource


class PrimaryNeed(models.TextChoices):
    """Census N00101 `PrimaryNeedCode`; also SSDA903 CIN (category of need), N1-N8 only."""

    # The 2026 community XSD words N1 "Abuse, neglect and exploitation"; earlier years
    # "Abuse or neglect".
    N1 = "N1", "Abuse, neglect and exploitation"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"
    N0 = "N0", "Not stated"


class ReasonForClosure(models.TextChoices):
    """Census N00103."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ended for another reason, including no longer in need"
    RC8 = "RC8", "Closed after assessment, no further action"
    RC9 = "RC9", "Closed after assessment, referred to early help"


class CategoryOfAbuse(models.TextChoices):
    """Census N00113 / N00114: initial and latest category of a child protection plan."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple"


class AssessmentFactor(models.TextChoices):
    """Census N00181: factors identified at the end of an assessment.

    "Child", "parent or carer" and "household" are the A, B and C forms of the DfE's
    "by the child", "by the parent(s)/carer(s)" and "by another person living in the household".
    21 must stand alone (rule 8869). 18A and 19A are superseded by 18B/18C and 19B/19C
    (queries 8945Q/8950Q from 2024-25); keep them so earlier assessments still read.
    """

    ALCOHOL_CHILD = "1A", "Alcohol misuse: child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: parent or carer"
    ALCOHOL_HOUSEHOLD = "1C", "Alcohol misuse: other household member"
    DRUGS_CHILD = "2A", "Drug misuse: child"
    DRUGS_PARENT = "2B", "Drug misuse: parent or carer"
    DRUGS_HOUSEHOLD = "2C", "Drug misuse: other household member"
    DOMESTIC_VIOLENCE_CHILD = "3A", "Domestic violence: child"
    DOMESTIC_VIOLENCE_PARENT = "3B", "Domestic violence: parent or carer"
    DOMESTIC_VIOLENCE_HOUSEHOLD = "3C", "Domestic violence: other household member"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: parent or carer"
    MENTAL_HEALTH_HOUSEHOLD = "4C", "Mental health: other household member"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: parent or carer"
    LEARNING_DISABILITY_HOUSEHOLD = "5C", "Learning disability: other household member"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: parent or carer"
    PHYSICAL_DISABILITY_HOUSEHOLD = "6C", "Physical disability or illness: other household member"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURNING = "8B", "Privately fostered: from overseas, will return"
    PRIVATE_FOSTERING_OVERSEAS_STAYING = "8C", "Privately fostered: from overseas, will stay"
    PRIVATE_FOSTERING_EDUCATION = "8D", "Privately fostered: UK child in an educational placement"
    PRIVATE_FOSTERING_FAMILY = "8E", "Privately fostered: UK child, other family arrangement"
    PRIVATE_FOSTERING_OTHER = "8F", "Privately fostered: other"
    UNACCOMPANIED_ASYLUM_SEEKER = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    SEXUAL_EXPLOITATION = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Neglect"
    EMOTIONAL_ABUSE = "17A", "Emotional abuse"
    PHYSICAL_ABUSE = "18A", "Physical abuse (superseded: use 18B or 18C)"
    PHYSICAL_ABUSE_BY_CHILD = "18B", "Physical abuse by another child"
    PHYSICAL_ABUSE_BY_ADULT = "18C", "Physical abuse by an adult"
    SEXUAL_ABUSE = "19A", "Sexual abuse (superseded: use 19B or 19C)"
    SEXUAL_ABUSE_BY_CHILD = "19B", "Sexual abuse by another child"
    SEXUAL_ABUSE_BY_ADULT = "19C", "Sexual abuse by an adult"
    OTHER = "20", "Other"
    NO_FACTORS = "21", "No factors identified"
    FEMALE_GENITAL_MUTILATION = "22A", "Female genital mutilation"
    FAITH_OR_BELIEF_ABUSE = "23A", "Abuse linked to faith or belief"
    CRIMINAL_EXPLOITATION = "24A", "Child criminal exploitation"


SUPERSEDED_ASSESSMENT_FACTORS: frozenset[str] = frozenset(
    {AssessmentFactor.PHYSICAL_ABUSE.value, AssessmentFactor.SEXUAL_ABUSE.value}
)


def assessment_factor_codes(*, include_superseded: bool = True) -> frozenset[str]:
    """Every assessment factor code; `include_superseded=False` drops 18A and 19A (new entries)."""
    every_code = frozenset(str(factor) for factor in AssessmentFactor.values)
    if include_superseded:
        return every_code
    return every_code - SUPERSEDED_ASSESSMENT_FACTORS


# --- Local choices: what Safeguard records that no return defines ----------------------------


class ContactDecision(models.TextChoices):
    """What the front door decided about a contact."""

    NO_FURTHER_ACTION = "no_further_action", "No further action"
    ADVICE_AND_INFORMATION = "advice_and_information", "Advice and information"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referral to children's social care"
    # Reasonable cause to suspect significant harm: a referral opened and a strategy
    # discussion convened at once (Working Together 2023, ch. 2, para. 180 onward).
    STRATEGY_DISCUSSION = "strategy_discussion", "Referral and strategy discussion"


class ContactRoute(models.TextChoices):
    """How a worry reached the front door (every route makes a contact)."""

    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    PUBLIC_FORM = "public_form", "Online report by a member of the public"
    PROFESSIONAL_FORM = "professional_form", "Professional referral form"
    PARTNER_API = "partner_api", "Partner agency system"
    PARTNER_FILE = "partner_file", "Partner agency file"
    SIGNAL = "signal", "Signal treated as a contact"


class ContactConsent(models.TextChoices):
    """Whether the family agreed to the referral (multi-agency referral form)."""

    GIVEN = "given", "Consent sought and given"
    REFUSED = "refused", "Consent sought and refused"
    NOT_SOUGHT = "not_sought", "Consent not sought"
    UNKNOWN = "unknown", "Not known"


class ContactUrgency(models.TextChoices):
    """How soon the sender thinks the front door must act."""

    IMMEDIATE = "immediate", "Immediate: the child may be at risk of significant harm now"
    TODAY = "today", "Today"
    ROUTINE = "routine", "Within one working day"


class RagRating(models.TextChoices):
    """A front door manager's rating of a contact's risk (red first in the queue)."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class AssessmentOutcome(models.TextChoices):
    """What an authorised assessment concluded."""

    NO_FURTHER_ACTION = "no_further_action", "No further action"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED_PLAN = "child_in_need_plan", "Child in need plan"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion / child protection"
    LOOKED_AFTER = "looked_after", "Looked after"


class Section47Outcome(models.TextChoices):
    """What a section 47 enquiry found (Working Together 2023, ch. 2)."""

    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    SUBSTANTIATED_NOT_AT_RISK = (
        "substantiated_not_at_risk",
        "Substantiated; child not at continuing risk",
    )
    SUBSTANTIATED_AT_RISK = (
        "substantiated_at_risk",
        "Substantiated; continuing risk: initial conference",
    )


class ConferenceOutcome(models.TextChoices):
    """What a child protection conference decided: plan / no plan at an initial conference,
    continue / end at a review. Values match `cases.ChildProtectionConference.Outcome`."""

    PLAN = "plan", "Child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    CONTINUE_PLAN = "continue_plan", "Plan continues"
    END_PLAN = "end_plan", "Plan ends"


class VisitKind(models.TextChoices):
    CP_VISIT = "cp_visit", "Child protection visit"
    CIN_VISIT = "cin_visit", "Child in need visit"
    LAC_VISIT = "lac_visit", "Looked-after child visit"
    ASSESSMENT_VISIT = "assessment_visit", "Assessment visit"
    OTHER = "other", "Other visit"


class VisitPlace(models.TextChoices):
    """Where a visit took place (an "other" place is described in words)."""

    HOME = "home", "The child's home"
    SCHOOL = "school", "School or nursery"
    PLACEMENT = "placement", "The child's placement"
    OFFICE = "office", "Office"
    OTHER = "other", "Somewhere else"


class CaseNoteKind(models.TextChoices):
    """What a case note records, as case recording systems type them: a contact with the
    family or a professional, or a manager's oversight of the case."""

    PHONE_CALL = "phone_call", "Phone call"
    HOME_VISIT = "home_visit", "Home visit"
    OFFICE_VISIT = "office_visit", "Office visit"
    MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight"
    SUPERVISION = "supervision", "Supervision"
    MEETING = "meeting", "Meeting"
    EMAIL_OR_LETTER = "email_or_letter", "Email or letter"
    OTHER = "other", "Other"


class RelationshipKind(models.TextChoices):
    """How one person is related to another, read as "<person> is <kind> of <relative>"."""

    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    PARTNER_OF_PARENT = "partner_of_parent", "Partner of parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other_relative", "Other relative"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    CARER = "carer", "Carer"


class AddressKind(models.TextChoices):
    """Why a person lives at an address."""

    HOME = "home", "Home"
    PLACEMENT = "placement", "Care placement"
    TEMPORARY = "temporary", "Temporary"
    # A refuge's address must never reach a letter or a partner agency's view.
    REFUGE = "refuge", "Refuge"
    OTHER = "other", "Other"


# --- SSDA903: children looked after -------------------------------------------------------


class LegalStatus(models.TextChoices):
    """SSDA903 LS."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    V2 = "V2", "Accommodated under section 20 (single period)"
    V3 = "V3", "Short breaks: each episode recorded"
    V4 = "V4", "Short breaks: agreements recorded"
    L1 = "L1", "Police protection, in council accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order, in council accommodation"
    J1 = "J1", "Remanded to council or youth detention accommodation"
    J2 = "J2", "Council accommodation under PACE"
    J3 = "J3", "Youth rehabilitation order with residence or fostering requirement"


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 RNE."""

    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer"
    T = "T", "Change of placement, same carer"
    B = "B", "Change of legal status, placement and carer"
    U = "U", "Change of legal status and placement, same carer"


class PlacementType(models.TextChoices):
    """SSDA903 PLACE.

    Verified against `data-to-insight/patch` `apps/016_903_drilldown/903_drilldown.py` (PLACE
    descriptions, including U1-U6 and K3 "Registered supported accommodation") and an
    unnamed Clojure SSDA903 model with the same U1-U6 wording. Code lists: the 2025 schema
    drops H5 and P2 and adds K3; the 2025-26 rules (rule_146) replace Z1 with Z11-Z14, whose
    meanings were not read. H5 and P2 are kept so episodes before 2025 still read.
    """

    A3 = "A3", "Placed for adoption with consent, with current foster carer"
    A4 = "A4", "Placed for adoption with consent, not with current foster carer"
    A5 = "A5", "Placed for adoption under placement order, with current foster carer"
    A6 = "A6", "Placed for adoption under placement order, not with current foster carer"
    H5 = "H5", "Semi-independent living, not a children's home (before 2025)"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    K3 = "K3", "Registered supported accommodation"
    P1 = "P1", "With parent or other person with parental responsibility"
    P2 = "P2", "Independent living, for example a flat or lodgings (before 2025)"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS or other health establishment"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution or prison"
    S1 = "S1", "Residential school"
    T0 = "T0", "Temporary move of any kind"
    T1 = "T1", "Temporary: in hospital"
    T2 = "T2", "Temporary: on holiday"
    T3 = "T3", "Temporary: while foster carer is on holiday"
    T4 = "T4", "Temporary: 7 days or less, any other reason"
    U1 = "U1", "Foster care with relative or friend: long term"
    U2 = "U2", "Foster care with relative or friend: fostering for adoption"
    U3 = "U3", "Foster care with relative or friend: other"
    U4 = "U4", "Foster care with other carer: long term"
    U5 = "U5", "Foster care with other carer: fostering for adoption"
    U6 = "U6", "Foster care with other carer: other"
    Z1 = "Z1", "Other placement"


class PlacementProvider(models.TextChoices):
    """SSDA903 PLACE_PROVIDER."""

    PR0 = "PR0", "Parent or other person with parental responsibility"
    PR1 = "PR1", "Own council's provision"
    PR2 = "PR2", "Another council's provision"
    PR3 = "PR3", "Other public provision"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 REC (SSDA903_schema_2024.yml list)."""

    X1 = "X1", "Episode ended and a new one began the same day"
    E11 = "E11", "Adopted: application unopposed"
    E12 = "E12", "Adopted: consent dispensed with by the court"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another council in the UK"
    E4A = "E4A", "Returned home as part of the care plan"
    E4B = "E4B", "Returned home, not part of the care plan"
    E13 = "E13", "Left care to live with family or others without parental responsibility"
    E41 = "E41", "Child arrangements order (residence) granted"
    E45 = "E45", "Special guardianship: former foster carer, relative or friend"
    E46 = "E46", "Special guardianship: former foster carer, not relative or friend"
    E47 = "E47", "Special guardianship: other carer, relative or friend"
    E48 = "E48", "Special guardianship: other carer, not relative or friend"
    E5 = "E5", "Moved to independent living with formal support"
    E6 = "E6", "Moved to independent living without formal support"
    E7 = "E7", "Transferred to residential care funded by adult social care"
    E8 = "E8", "Ceased for any other reason"
    E9 = "E9", "Sentenced to custody"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment found the young person to be 18 or over"
    E16 = "E16", "Moved abroad"
    E17 = "E17", "Aged 18 or over and stayed with current carers (staying put)"


class ReasonPlaceChange(models.TextChoices):
    """SSDA903 REASON_PLACE_CHANGE (collection 2025-26): why a placement ended in a move,
    recorded on the episode that ended. Code list as `data-to-insight/csc-validator-be-903`
    checks it (`lac_validator/rules/lac2022_23/rule_1009.py`, still in the 2025-26 ruleset);
    meanings from `data-to-insight/patch` `apps/016_903_drilldown/903_drilldown.py`. The
    validator's 2025-26 rules: required when an episode ends in a move to a new placement
    (225), not for temporary placements or the episode before one (226), only on an episode
    that has ended (233), and never CUSTOD for a child under 10 (234)."""

    CARPL = "CARPL", "Change to the care plan, or carrying it out"
    ALLEG = "ALLEG", "Allegation (section 47 enquiry)"
    STAND = "STAND", "Concern about the standard of care"
    APPRR = "APPRR", "Carer's approval removed"
    CREQB = "CREQB", "Carer asked for the placement to end because of the child's behaviour"
    CREQO = "CREQO", "Carer asked for the placement to end for another reason"
    CHILD = "CHILD", "The child asked for the placement to end"
    LAREQ = "LAREQ", "The responsible or area authority asked for the placement to end"
    CLOSE = "CLOSE", "Carer resigned or the provision closed"
    PLACE = "PLACE", "Change in the status of the placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


# Temporary placements (SSDA903 T0-T4): a move into or out of one carries no reason for the
# change (validator rule 226).
TEMPORARY_PLACEMENT_TYPES = frozenset(
    {
        PlacementType.T0,
        PlacementType.T1,
        PlacementType.T2,
        PlacementType.T3,
        PlacementType.T4,
    }
)
# Placement types the 2025 schema dropped: kept so that earlier episodes still read, never
# offered for a new placement.
PLACEMENT_TYPES_WITHDRAWN = frozenset({PlacementType.H5, PlacementType.P2})


class ReviewParticipation(models.TextChoices):
    """SSDA903 REVIEW_CODE: how the child took part in their looked-after review."""

    PN0 = "PN0", "Under 4 at the time of the review"
    PN1 = "PN1", "Attended and spoke for themselves"
    PN2 = "PN2", "Attended; an advocate spoke for them"
    PN3 = "PN3", "Attended and gave views without words"
    PN4 = "PN4", "Attended but did not give views"
    PN5 = "PN5", "Did not attend; briefed an advocate"
    PN6 = "PN6", "Did not attend; sent views another way"
    PN7 = "PN7", "Did not attend and views not given"


# --- SSDA903 OC3: care leavers on their birthdays from 17 to 21 ---------------------------------
# Code lists as Data to Insight's 903 validator checks them (`lac_validator/rules/lac2022_23/`
# rules 131 IN_TOUCH, 132 ACTIV, 133 ACCOM; unchanged in the 2025-26 ruleset). Meanings from
# the DfE's "Children looked after return" guide as the published care-leaver tables name them.


class CareLeaverInTouch(models.TextChoices):
    """SSDA903 OC3 IN_TOUCH: whether the authority was in touch around the birthday."""

    YES = "YES", "Yes, in touch"
    NO = "NO", "No, not in touch"
    DIED = "DIED", "The young person has died"
    REFU = "REFU", "The young person refuses contact"
    NREQ = "NREQ", "The young person no longer needs services"
    RHOM = "RHOM", "Returned home to parents for 6 months or more"


class CareLeaverActivity(models.TextChoices):
    """SSDA903 OC3 ACTIV: the young person's main activity (F full time, P part time)."""

    F1 = "F1", "Higher education, full time"
    P1 = "P1", "Higher education, part time"
    F2 = "F2", "Other education, full time"
    P2 = "P2", "Other education, part time"
    F4 = "F4", "Training or employment, full time"
    P4 = "P4", "Training or employment, part time"
    F5 = "F5", "Voluntary work, full time"
    P5 = "P5", "Voluntary work, part time"
    G4 = "G4", "Not in education, training or employment: illness or disability"
    G5 = "G5", "Not in education, training or employment: other reasons"
    G6 = "G6", "Not in education, training or employment: pregnancy or parenting"


# Not in education, employment or training (NEET): the G codes.
CARE_LEAVER_NEET = frozenset({CareLeaverActivity.G4, CareLeaverActivity.G5, CareLeaverActivity.G6})


class CareLeaverAccommodation(models.TextChoices):
    """SSDA903 OC3 ACCOM, the letter: the type of accommodation. The return adds 1 when it is
    suitable and 2 when it is not (`oc3_accommodation_code`); S (no fixed abode) and X (in
    custody) are only ever 2."""

    B = "B", "With parents or relatives"
    C = "C", "Community home or other residential care"
    D = "D", "Semi-independent, transitional accommodation"
    E = "E", "Supported lodgings"
    G = "G", "Gone abroad"
    H = "H", "Deported"
    K = "K", "Ordinary lodgings, without formal support"
    R = "R", "Residence not known"
    S = "S", "No fixed abode or homeless"
    T = "T", "Foyer or similar supported accommodation"
    U = "U", "Independent living, for example a flat or tenancy"
    V = "V", "Emergency accommodation, for example a night shelter"
    W = "W", "Bed and breakfast"
    X = "X", "In custody"
    Y = "Y", "Other accommodation"
    Z = "Z", "With former foster carers (staying put)"


# Accommodation the return holds unsuitable whatever is recorded (no S1 or X1 in rule 133).
CARE_LEAVER_ALWAYS_UNSUITABLE = frozenset({CareLeaverAccommodation.S, CareLeaverAccommodation.X})
# "Nothing to report": ACTIV and ACCOM when not in touch, died or returned home (rules 344, 345).
OC3_NONE = "0"


def oc3_accommodation_code(letter: str, suitable: bool | None) -> str:
    """The OC3 ACCOM code: the letter, then 1 if suitable, 2 if not; "0" when none is known."""
    if not letter:
        return OC3_NONE
    if letter in CARE_LEAVER_ALWAYS_UNSUITABLE or not suitable:
        return f"{letter}2"
    return f"{letter}1"

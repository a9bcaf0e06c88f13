"""The rates the demo authority is calibrated to, and where they come from.

National figures are England's, read from the DfE's explore-education-statistics releases
(shared/domain/national-figures.md; "EES" below): "Characteristics of children in
need" 2025 (data sets C1 referrals, C2 assessments, D1 and D7 child protection plans),
"Children looked after in England" 2025, and "Children's social work workforce" 2023.

The generator does not draw totals: it draws children arriving at the front door and lets each
child's journey run through the statutory steps with the branch probabilities below. The
stocks (children on plans, looked after) then follow from the flows and the durations, the way
they do in a real authority. The arrival rates were tuned once, by running the generator and
reading the figures back (docs/decisions/0003-demo-generator.md), so the stated targets are what
a generated authority shows, within sampling noise.
"""

from __future__ import annotations

from typing import Final

# --- Size ------------------------------------------------------------------------------------

# Scale 1 is a large city: 260,000 children aged 0-17 (roughly Birmingham's size).
CHILD_POPULATION_AT_SCALE_1: Final = 260_000

# Years of history written, ending at the as-of date, and a burn-in before it during which
# journeys run so that open plans and children looked after are in steady state by the
# window's start. Looked-after children who came into care even earlier are drawn separately
# (see LEGACY_CARE_YEARS) because a child can be looked after for 17 years.
HISTORY_YEARS: Final = 5
BURN_IN_YEARS: Final = 4
LEGACY_CARE_YEARS: Final = 17

# --- Targets (per 10,000 children) that the tests check, with their national values ----------

# Referrals a year: England 2025 632,830 / ~12.0m children = 527; the brief's large city has
# ~15,000 a year at 260,000 children = 577. We aim between the two.
TARGET_REFERRALS_PER_10K: Final = 560.0
NATIONAL_REFERRALS_PER_10K: Final = 527.0
# Re-referrals within 12 months of a previous referral: 22.6% (EES C1 2025; 22% in 2024).
NATIONAL_RE_REFERRAL_RATE: Final = 0.226
# Referrals closed with no further action: 6.5% (EES C1 2025).
NATIONAL_REFERRAL_NFA_RATE: Final = 0.065
# Assessments authorised within 45 working days: 85.7%; median 33 working days (EES C2 2025).
NATIONAL_ASSESSMENTS_WITHIN_45_DAYS: Final = 0.857
NATIONAL_ASSESSMENT_MEDIAN_DAYS: Final = 33
# Children on child protection plans at 31 March: 49,420 = 41 per 10,000 (EES D1 2025).
NATIONAL_CP_PLANS_PER_10K: Final = 41.0
# Children looked after at 31 March: 81,770 = 67 per 10,000 (EES CLA 2025). A large city runs
# higher (the brief: about 2,000 of 260,000 = 77).
NATIONAL_LOOKED_AFTER_PER_10K: Final = 67.0
# Children starting to be looked after: about 27 per 10,000 a year (EES CLA 2025).
NATIONAL_LOOKED_AFTER_STARTS_PER_10K: Final = 27.0
# Plans ended in the year by duration (EES D7 2025).
NATIONAL_PLAN_DURATION_SHARES: Final = {
    "under_3_months": 0.159,
    "3_to_6_months": 0.110,
    "6_to_12_months": 0.435,
    "1_to_2_years": 0.252,
    "2_years_and_over": 0.044,
}
# Case-holding social workers: 16.0 cases per FTE (EES workforce 2023).
NATIONAL_CASELOAD_PER_FTE: Final = 16.0
# Agency workers: 17.8% of FTE; turnover 15.9% a year (EES workforce 2023).
AGENCY_SHARE: Final = 0.178
TURNOVER_PER_YEAR: Final = 0.159

# --- Arrivals (tuned: see module docstring) ---------------------------------------------------

# Children whose first contact with the front door leads, sooner or later, to a referral,
# per 10,000 children a year.
REFERRED_CHILD_ARRIVALS_PER_10K: Final = 330.0
# Children known only to the front door (every contact about them goes nowhere).
FRONT_DOOR_ONLY_ARRIVALS_PER_10K: Final = 420.0
# Children who came into care before the simulated years, per 10,000 a year (only those
# still looked after when the simulation starts are kept).
LEGACY_CARE_STARTS_PER_10K: Final = 27.0

# --- Front door --------------------------------------------------------------------------------

# Contact sources (census referral-source codes): police and schools lead, then health.
# Shares after EES C1 2025 referral sources (police 29%, schools 21%, health 15%, LA 9%).
CONTACT_SOURCE_WEIGHTS: Final = {
    "6": 29,
    "2A": 20,
    "2B": 2,
    "3A": 3,
    "3B": 3,
    "3C": 1,
    "3D": 2,
    "3E": 4,
    "3F": 2,
    "4": 2,
    "5A": 3,
    "5B": 3,
    "5C": 2,
    "5D": 4,
    "1A": 5,
    "1B": 1,
    "1C": 1,
    "1D": 2,
    "7": 4,
    "8": 5,
    "9": 1,
    "10": 1,
}
# A referred child's earlier contacts that went nowhere (mean number before each referral).
EARLIER_CONTACTS_PER_REFERRAL: Final = 0.6
# Contacts about a child whose case is open, passed to the allocated worker (per year open).
OPEN_CASE_CONTACTS_PER_YEAR: Final = 0.8
# Front-door decisions when a contact goes nowhere.
NON_REFERRAL_DECISIONS: Final = {
    "no_further_action": 35,
    "advice_and_information": 35,
    "early_help": 30,
}
# How long the decision takes, in working days after receipt (Working Together: 1).
DECISION_DELAY_WORKING_DAYS: Final = {0: 52, 1: 36, 2: 7, 3: 3, 5: 1, 8: 1}
# How contacts arrive, by census source. No national figures exist: a plausible mix for a
# city whose professionals have an online referral form and whose four demo partners (a
# school, a GP practice, an emergency department, the police) also send from their own
# systems; the police send their notifications in a nightly file. Only those four sources
# can arrive by a partner's system (partner_api, partner_file). A signal the council treats
# as a contact comes from its own social care (5A), as `signals.services` records it.
CONTACT_ROUTE_WEIGHTS: Final[dict[str, dict[str, float]]] = {
    "1A": {"phone": 60, "public_form": 25, "in_person": 10, "email": 5},
    "1B": {"phone": 55, "public_form": 35, "email": 10},
    "1C": {"phone": 40, "in_person": 35, "public_form": 25},
    "1D": {"phone": 55, "public_form": 40, "in_person": 5},
    "2A": {"professional_form": 45, "phone": 25, "email": 15, "partner_api": 15},
    "2B": {"professional_form": 50, "email": 30, "phone": 20},
    "3A": {"professional_form": 45, "phone": 25, "email": 20, "partner_api": 10},
    "3B": {"professional_form": 50, "phone": 30, "email": 20},
    "3C": {"professional_form": 50, "phone": 25, "email": 25},
    "3D": {"professional_form": 45, "phone": 35, "email": 20},
    "3E": {"partner_api": 35, "phone": 40, "professional_form": 25},
    "3F": {"professional_form": 45, "phone": 35, "email": 20},
    "4": {"professional_form": 45, "email": 35, "phone": 20},
    "5A": {"professional_form": 35, "email": 30, "phone": 25, "signal": 10},
    "5B": {"professional_form": 40, "email": 35, "phone": 25},
    "5C": {"email": 50, "phone": 30, "professional_form": 20},
    "5D": {"professional_form": 40, "email": 35, "phone": 25},
    "6": {"partner_file": 40, "partner_api": 25, "phone": 25, "email": 10},
    "7": {"email": 45, "professional_form": 35, "phone": 20},
    "8": {"professional_form": 45, "phone": 35, "email": 20},
    "9": {"phone": 65, "public_form": 35},
    "10": {"phone": 70, "email": 30},
}
# Contacts waiting for a decision at the as-of date: about 1.2% of a year's contacts, three
# or four days' intake, as in a busy front door (never fewer than the fixed set that shows
# every route and state: see `generator/front_door.py`).
WAITING_SHARE_OF_YEAR: Final = 0.012

# --- Referral and assessment ------------------------------------------------------------------

PRIMARY_NEED_WEIGHTS: Final = {
    "N1": 52,
    "N2": 6,
    "N3": 4,
    "N4": 11,
    "N5": 16,
    "N6": 3,
    "N7": 1,
    "N8": 4,
    "N9": 2,
    "N0": 1,
}
REFERRAL_NFA_RATE: Final = 0.065
# Referral date to authorisation, in working days: quantile knots (share, working days) that
# give the national 25th/50th/75th percentiles 17/33/43 and 85.7% within 45 (EES C2 2025).
ASSESSMENT_DURATION_KNOTS: Final = (
    (0.0, 1),
    (0.05, 5),
    (0.25, 17),
    (0.50, 33),
    (0.75, 43),
    (0.857, 45),
    (0.93, 60),
    (0.98, 90),
    (1.0, 140),
)
ASSESSMENT_CHILD_SEEN_RATE: Final = 0.96
# Outcomes of assessments that did not involve a section 47 enquiry. National: 30.8% of
# referrals assessed as not in need (EES C1 2025).
ASSESSMENT_OUTCOME_WEIGHTS: Final = {
    "no_further_action": 40,
    "early_help": 21,
    "child_in_need_plan": 33,
    "looked_after": 4.5,
    "services_ended": 3,
}

# --- Child protection -------------------------------------------------------------------------

# Section 47 enquiries: about one in three referrals (EES C3 2025: ~219,000 for ~633,000).
# Higher when the need is abuse or neglect, when the child was on a plan before, or unborn.
SECTION47_RATE: Final = 0.21
SECTION47_RATE_ABUSE_OR_NEGLECT: Final = 0.35
SECTION47_RATE_AFTER_PLAN: Final = 0.75
SECTION47_RATE_UNBORN: Final = 0.55
# Strategy discussions that decide no enquiry is needed (share of other assessed referrals).
STRATEGY_WITHOUT_SECTION47_RATE: Final = 0.05
SECTION47_OUTCOME_WEIGHTS: Final = {
    "substantiated_at_risk": 35,
    "substantiated_not_at_risk": 17,
    "not_substantiated": 48,
}
# A child who was on a plan before is more often found at continuing risk, and more often
# made subject to a plan again. Target: second or subsequent plans 20-25% of plans started
# (definition: LG Inform metric 100, former NI 65; the national value was not found).
SECTION47_AT_RISK_AFTER_PLAN: Final = 0.55
ICPC_PLAN_RATE_AFTER_PLAN: Final = 0.88
RETURN_RATE_AFTER_PLAN: Final = 0.55
# Initial conferences held within 15 working days of the strategy discussion: about 78%.
ICPC_IN_TIME_RATE: Final = 0.78
# Initial conferences that lead to a plan: ~77% (EES D1 2025: 61,840 plans from ~80,000 ICPCs).
ICPC_PLAN_RATE: Final = 0.75
CATEGORY_OF_ABUSE_WEIGHTS: Final = {"NEG": 51, "EMO": 36, "PHY": 6, "SAB": 4, "MUL": 3}
# How plans end: step down to a child in need plan, close, or the child becomes looked after.
PLAN_EXIT_WEIGHTS: Final = {"child_in_need_plan": 49, "close": 33, "looked_after": 18}
# Ended plans by duration bucket (EES D7 2025); the generator picks the review at which the
# plan ends so that these shares come out.
PLAN_DURATION_BUCKET_WEIGHTS: Final = {
    "under_3_months": 15.9,
    "3_to_6_months": 11.0,
    "6_to_12_months": 43.5,
    "1_to_2_years": 25.2,
    "2_years_and_over": 4.4,
}
REVIEW_CONFERENCE_IN_TIME_RATE: Final = 0.93
FIRST_CORE_GROUP_IN_TIME_RATE: Final = 0.88
# CP visit gaps in working days: most within the 10-day local clock, some late, a few missed.
CP_VISIT_GAP_WEIGHTS: Final = {(5, 10): 82, (11, 15): 13, (16, 25): 5}
VISIT_CHILD_SEEN_RATE: Final = 0.93
SEEN_ALONE_RATE: Final = 0.62

# --- Children in need plans --------------------------------------------------------------------

# Months a child in need plan lasts: log-normal around a median of about 7 months.
CIN_PLAN_MEDIAN_MONTHS: Final = 7.0
CIN_PLAN_SIGMA: Final = 0.65
CIN_ESCALATION_RATE: Final = 0.06
CIN_TO_CARE_RATE: Final = 0.05
CIN_VISIT_GAP_WEIGHTS: Final = {(12, 20): 84, (21, 30): 12, (31, 45): 4}
CIN_REVIEW_IN_TIME_RATE: Final = 0.9

# --- After an episode closes ------------------------------------------------------------------

# Chance that a child is referred again after an episode closes, and how soon.
RETURN_RATE_BY_CLOSURE: Final = {
    "RC8": 0.55,
    "RC9": 0.55,
    "RC7": 0.4,
    "RC3": 0.1,
    "RC4": 0.08,
    "RC1": 0.0,
    "RC5": 0.0,
    "RC6": 0.0,
}
# Of those referred again, the share who come back within a year of the closure (the rest
# come back after an exponential wait with the mean below).
QUICK_RETURN_SHARE: Final = 0.65
SLOW_RETURN_MEAN_MONTHS: Final = 24.0
CLOSURE_MOVED_AWAY_RATE: Final = 0.03

# --- Looked after -----------------------------------------------------------------------------

# How a period of care ends, by age at entry: adoption, special guardianship, child
# arrangements order, return home, staying until 18, or other. Shaped after EES CLA 2025
# (ceased 34,450; adopted 3,040; SGO ~3,700; returned home ~9,000; aged 18 ~12,000).
CARE_EXIT_WEIGHTS_BY_AGE: Final = {
    0: {"adoption": 30, "sgo": 22, "cao": 5, "home": 30, "to_18": 13},
    1: {"adoption": 22, "sgo": 22, "cao": 5, "home": 36, "to_18": 15},
    5: {"adoption": 2, "sgo": 15, "cao": 5, "home": 45, "to_18": 33},
    10: {"sgo": 5, "cao": 2, "home": 50, "to_18": 37, "other": 6},
    16: {"home": 30, "to_18": 64, "other": 6},
}
PLACEMENT_MOVES_PER_YEAR: Final = 0.45
CARE_REVIEW_IN_TIME_RATE: Final = 0.9
# The first care plan (Care Planning Regs reg. 4(2)): agreed before the placement, within 10
# working days of it, or late.
CARE_PLAN_BEFORE_PLACEMENT_RATE: Final = 0.3
CARE_PLAN_IN_TIME_RATE: Final = 0.85
# Of placement moves, the share planned (most moves follow the care plan; the rest end
# because a carer, the child or a concern ends them).
PLANNED_MOVE_RATE: Final = 0.6
CARE_VISIT_IN_TIME_RATE: Final = 0.9

# --- Care leavers ----------------------------------------------------------------------------

# Care leavers aged 19 to 21, England: the shares the DfE publishes in "Children looked after
# in England including adoptions" (SSDA903 OC3, on or around the birthday). The figures for
# the years ending 31 March 2024 and 2025 were not found in the sources searched for issue 15
# (docs/care-leavers.md): each below is the latest DfE figure found, used as a demo
# assumption until checked against the 2025 release.
# In touch with the council: 91% (DfE, Children looked after 2021, year ending 31 March 2021,
# as CYP Now's "Leaving Care Special Report" quotes it).
CARE_LEAVERS_19_TO_21_IN_TOUCH: Final = 0.91
# In accommodation considered suitable: 85% (DfE, Children looked after 2020 release, year
# ending 31 March 2019: 25,030 of 29,470; explore-education-statistics table "National - Care
# leavers by whether their accommodation is suitable"). Of those in touch, 93% (0.85 / 0.91),
# as the Public Accounts Committee read it for March 2014.
CARE_LEAVERS_19_TO_21_SUITABLE: Final = 0.85
# Not in education, employment or training: 40% (DfE, Children looked after 2017, year ending
# 31 March 2017, as CYP Now quotes it); "nearly two in five" (the Children's Commissioner).
CARE_LEAVERS_19_TO_21_NEET: Final = 0.39

# --- People ------------------------------------------------------------------------------------

# Age at first contact: unborn, then years (EES CIN 2025 shares by age, roughly).
AGE_AT_FIRST_CONTACT_WEIGHTS: Final = {
    "unborn": 4,
    0: 8,
    1: 5,
    2: 4,
    3: 4,
    4: 4,
    5: 5,
    6: 5,
    7: 5,
    8: 5,
    9: 5,
    10: 6,
    11: 6,
    12: 6,
    13: 7,
    14: 7,
    15: 6,
    16: 5,
    17: 3,
}
# A city more diverse than England as a whole (census 2021 for large English cities).
ETHNICITY_WEIGHTS: Final = {
    "WBRI": 46.0,
    "WIRI": 0.5,
    "WIRT": 0.3,
    "WOTH": 6.0,
    "WROM": 0.7,
    "MWBC": 4.5,
    "MWBA": 1.5,
    "MWAS": 2.0,
    "MOTH": 2.5,
    "AIND": 3.0,
    "APKN": 12.0,
    "ABAN": 3.0,
    "AOTH": 2.0,
    "BCRB": 3.0,
    "BAFR": 5.0,
    "BOTH": 1.5,
    "CHNE": 0.5,
    "OOTH": 3.0,
    "REFU": 0.5,
    "NOBT": 2.5,
}
# Children in need with a disability: about 13% (EES CIN 2025).
DISABILITY_RATE: Final = 0.13
DISABILITY_WEIGHTS: Final = {
    "AUT": 30,
    "LD": 22,
    "COMM": 14,
    "BEH": 12,
    "MOB": 6,
    "PC": 4,
    "HEAR": 3,
    "VIS": 3,
    "HAND": 2,
    "INC": 2,
    "CON": 2,
    "DDA": 5,
}
# Households moving home, per year (over the last six years).
HOUSE_MOVE_RATE_PER_YEAR: Final = 0.07

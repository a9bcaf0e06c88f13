"""The DfE validation rules for the Children in Need census, as plain functions.

Each rule is registered with its DfE number, message and the census module it checks (a
number ending in Q is a query: the authority may explain it rather than fix it), in the file
for that module:

    header.py                 Header (the reference date)
    child_identifiers.py      ChildIdentifiers (LA child ID, UPN, births, deaths, sex)
    child_characteristics.py  ChildCharacteristics (ethnicity, disabilities)
    cin_details.py            CINdetails (the episode: referral, need, closure, its work)
    assessments.py            Assessments
    cin_plans.py              CINPlanDates
    section47.py              Section47 (enquiries and initial conferences)
    protection_plans.py       ChildProtectionPlans (plans, categories, reviews)
    whole_return.py           rules across every child (duplicate identifiers, shares)

Child rules look at one `CensusChild` and yield where in it the rule is broken; return rules
(`ReturnTally`) look across every child. No rule touches the database: the same functions
check a hand-built child in a test and a streamed child in `census_build`. Timescales
(8670Q, 8675Q) are the clocks' own (`timescales.clocks`).

Sources: the rule numbers, messages and conditions follow the community implementation of
the DfE rules (`data-to-insight/csc-validator-be-cin`, rule files per year) as summarised in
shared/domain/cin-census.md; docs/returns.md lists which were read word for word and which
are our wording. Where the DfE's published rules for a year differ, the DfE wins.
"""

# Importing each module registers its rules.
from . import (
    assessments,
    child_characteristics,
    child_identifiers,
    cin_details,
    cin_plans,
    header,
    protection_plans,
    section47,
    whole_return,
)
from .header import header_issues
from .registry import MODULES, RULES, Issue, Rule, child_issues, rules_for
from .whole_return import ReturnTally

__all__ = [
    "MODULES",
    "RULES",
    "Issue",
    "ReturnTally",
    "Rule",
    "assessments",
    "child_characteristics",
    "child_identifiers",
    "child_issues",
    "cin_details",
    "cin_plans",
    "header",
    "header_issues",
    "protection_plans",
    "rules_for",
    "section47",
    "whole_return",
]

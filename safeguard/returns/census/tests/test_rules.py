"""Each implemented census rule, with a child that passes it and one that breaks it.

Every case starts from `clean_child()` (builders.py), which breaks no rule, and changes one
thing. The broken child must break exactly the rule under test (or, where the DfE's rules
overlap by design, exactly the rules listed with it); the passing child, usually the nearest
case that is still right, must break none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest

from safeguard.people.identifiers import upn_from_seed
from safeguard.returns.census.records import (
    AssessmentRecord,
    CensusChild,
    CinEpisode,
    CinPlanRecord,
    Header,
    ProtectionPlanRecord,
    Section47Record,
)
from safeguard.returns.census.rules import (
    RULES,
    ReturnTally,
    child_issues,
    header_issues,
    rules_for,
)
from safeguard.returns.census.years import collection_year

from .builders import clean_child

Y2025 = collection_year(2025)
Y2024 = collection_year(2024)

Change = Callable[[CensusChild], None]


def _nothing(c: CensusChild) -> None:
    return None


@dataclass
class Case:
    code: str
    breaks: Change
    passes: Change = _nothing
    year: int = 2025
    also: frozenset[str] = field(default_factory=frozenset)


def ep(c: CensusChild, n: int = 0) -> CinEpisode:
    return c.episodes[n]


def first(c: CensusChild) -> CinEpisode:
    return c.episodes[0]


def a(c: CensusChild) -> AssessmentRecord:
    return c.episodes[0].assessments[0]


def s47(c: CensusChild) -> Section47Record:
    return c.episodes[0].section47s[0]


def cp(c: CensusChild) -> ProtectionPlanRecord:
    return c.episodes[0].protection_plans[0]


def plan(c: CensusChild) -> CinPlanRecord:
    return c.episodes[0].cin_plans[0]


def setting(**values: object) -> Change:
    def change(c: CensusChild) -> None:
        for name, value in values.items():
            setattr(c, name, value)

    return change


def on(getter: Callable[[CensusChild], object], **values: object) -> Change:
    def change(c: CensusChild) -> None:
        target = getter(c)
        for name, value in values.items():
            setattr(target, name, value)

    return change


def both(*changes: Change) -> Change:
    def change(c: CensusChild) -> None:
        for one in changes:
            one(c)

    return change


def nfa_referral(c: CensusChild) -> None:
    """Episode 2 becomes a referral with no further action, closed the same day (RC8)."""
    e = ep(c, 1)
    e.no_further_action, e.assessments = True, []
    e.closure_date, e.closure_reason = e.referral_date, "RC8"


def second_plan(c: CensusChild, start: date, end: date | None) -> None:
    first(c).cin_plans.append(CinPlanRecord(51, start, end))


def second_protection_plan(c: CensusChild, start: date, end: date | None) -> None:
    first(c).protection_plans.append(ProtectionPlanRecord(41, start, end, "EMO", "EMO", 1, []))


def second_enquiry(c: CensusChild, start: date, conference: date | None, not_required: bool):
    first(c).section47s.append(Section47Record(31, start, None, conference, not_required))


BORN_LATER = date(2025, 6, 20)
NONE_ = frozenset[str]()


def unborn(expected: date, sex: str = "U") -> Change:
    """Unborn on 31 March 2025: only the referral of 10 March 2025 (episode 2) is kept."""

    def change(c: CensusChild) -> None:
        c.birth_date, c.expected_birth_date, c.sex, c.disabilities = None, expected, sex, []
        c.episodes = c.episodes[1:]

    return change


def only_first(c: CensusChild) -> None:
    c.episodes = c.episodes[:1]


def open_first(c: CensusChild) -> None:
    """Episode 1 stays open and is the only one."""
    c.episodes = c.episodes[:1]
    first(c).closure_date, first(c).closure_reason = None, ""


def every_referral_nfa(c: CensusChild) -> None:
    for e in c.episodes:
        e.no_further_action = True
        e.assessments, e.section47s, e.protection_plans, e.cin_plans = [], [], [], []


def upn_with(position: int, character: str) -> Change:
    def change(c: CensusChild) -> None:
        c.upn = c.upn[:position] + character + c.upn[position + 1 :]

    return change


def upn_la_code(code: str) -> Change:
    """The child's UPN issued in the LA `code`, with its right check letter."""

    def change(c: CensusChild) -> None:
        c.upn = upn_from_seed(c.person_id, code)

    return change


def wrong_check_letter(c: CensusChild) -> None:
    c.upn = ("Z" if c.upn[0] != "Z" else "Y") + c.upn[1:]


def second_assessment(start: date, authorised: date | None) -> Change:
    def change(c: CensusChild) -> None:
        factors = ["16A"] if authorised else []
        ep(c, 1).assessments.append(AssessmentRecord(22, start, authorised, factors))

    return change


def pre_year_enquiry(*, not_required: bool) -> Change:
    """Episode 1 from 4 March 2024, open, with an enquiry from 28 March 2024 and no conference."""

    def change(c: CensusChild) -> None:
        open_first(c)
        e = first(c)
        e.referral_date, e.protection_plans, e.cin_plans = date(2024, 3, 4), [], []
        a(c).start_date, a(c).authorisation_date = date(2024, 4, 2), date(2024, 5, 1)
        s47(c).start_date, s47(c).conference_date = date(2024, 3, 28), None
        s47(c).conference_not_required = not_required

    return change


def open_enquiry(*, not_required: bool) -> Change:
    def change(c: CensusChild) -> None:
        open_first(c)
        first(c).protection_plans, first(c).cin_plans = [], []
        s47(c).conference_date, s47(c).conference_not_required = None, not_required

    return change


def open_assessment_from(start: date) -> Change:
    def change(c: CensusChild) -> None:
        open_first(c)
        first(c).referral_date = date(2024, 3, 1)
        a(c).start_date, a(c).authorisation_date, a(c).factors = start, None, []

    return change


def died(on_day: date) -> Change:
    return setting(death_date=on_day)


CASES = [
    # --- Child identifiers
    Case("8500", setting(la_child_id=None)),
    Case("1570", setting(la_child_id="A" * 21), setting(la_child_id="A" * 20)),
    Case("1580", setting(la_child_id="NB-000001"), setting(la_child_id="NB000001")),
    Case("1510", wrong_check_letter),
    Case("1530", upn_la_code("999"), upn_la_code("943")),
    # Cumberland's 942 and Westmorland and Furness's 943 begin in the 2023-24 rules.
    Case("1530", upn_la_code("943"), upn_la_code("815"), year=2023),
    Case("1540", upn_with(6, "X")),
    Case("1550", upn_with(12, "I")),
    Case(
        "8772",
        setting(upn="", upn_unknown="UN7"),
        both(setting(upn="", upn_unknown="UN7"), every_referral_nfa),
        also=frozenset({"8770Q"}),  # the child is over 5 and has no UPN either
    ),
    Case("8770Q", setting(upn="", upn_unknown=""), setting(upn="", upn_unknown="UN2")),
    Case(
        "8520",
        setting(birth_date=date(2025, 4, 1)),
        setting(birth_date=date(2025, 3, 31)),
        also=frozenset({"8606"}),
    ),
    Case("8525", setting(expected_birth_date=BORN_LATER)),
    Case("8530Q", unborn(date(2025, 2, 28)), unborn(date(2025, 3, 1))),
    # Died before anything happened: every date-of-death rule speaks.
    Case(
        "8535Q",
        died(date(2015, 5, 1)),
        also=frozenset({"8545Q", "8555", "4008", "4009", "8915", "8920"}),
    ),
    Case(
        "8545Q",
        died(date(2024, 3, 1)),
        died(date(2025, 3, 31)),
        also=frozenset({"8555", "4008", "4009", "8915", "8920"}),
    ),
    Case("8555", died(date(2025, 3, 9)), died(date(2025, 3, 10))),
    Case("8775Q", setting(birth_date=date(1999, 6, 1)), setting(birth_date=date(2000, 4, 1))),
    Case("4180", setting(sex="")),
    Case("4180", setting(sex=""), year=2024),
    Case("8750", unborn(date(2025, 6, 1), "F"), unborn(date(2025, 6, 1))),
    # In 2023-24 an expected date in June 2025 is also out of that year's range (8530Q).
    Case(
        "8750",
        unborn(date(2025, 6, 1), "M"),
        unborn(date(2025, 6, 1)),
        year=2024,
        also=frozenset({"8530Q"}),
    ),
    # --- Child characteristics
    Case("4220", setting(ethnicity="XXXX")),
    Case("8540", setting(disabilities=[]), unborn(date(2025, 6, 1))),
    Case("8790", setting(disabilities=["NONE", "LD"]), setting(disabilities=["LD", "AUT"])),
    Case("8794", setting(disabilities=["LD", "LD"])),
    Case("8590", setting(episodes=[])),
    # --- CIN details
    Case("8606", unborn(date(2025, 12, 16)), unborn(date(2025, 12, 15))),
    Case("8610", on(first, primary_need="")),
    Case("8650", on(first, primary_need="N10")),
    Case("8866", on(first, source="11")),
    Case("8568", on(first, no_further_action=None)),
    Case(
        "8569Q",
        both(every_referral_nfa, only_first, on(first, referral_date=date(2024, 3, 27))),
        both(every_referral_nfa, only_first, on(first, referral_date=date(2024, 3, 28))),
    ),
    Case(
        "8620",
        both(only_first, on(first, closure_date=date(2025, 4, 1))),
        both(only_first, on(first, closure_date=date(2025, 3, 31))),
    ),
    Case(
        "8630",
        on(lambda c: ep(c, 1), closure_date=date(2025, 3, 7), closure_reason="RC7", assessments=[]),
    ),
    Case("8640", on(first, closure_reason="RC10")),
    Case("8805", on(first, closure_reason="")),
    Case("8810", on(first, closure_date=None), also=frozenset({"8815", "8816", "8820"})),
    Case(
        "8585Q",
        on(first, closure_reason="RC2"),
        both(on(first, closure_reason="RC2"), died(date(2025, 2, 28))),
    ),
    # Two open episodes: the earlier one is open and overlaps the later one.
    Case("8815", on(first, closure_date=None, closure_reason=""), also=frozenset({"8816", "8820"})),
    Case("8816", on(first, closure_date=None, closure_reason=""), also=frozenset({"8815", "8820"})),
    Case(
        "8820", on(first, closure_date=date(2025, 3, 11)), on(first, closure_date=date(2025, 3, 10))
    ),
    Case("8565", on(plan, end_date=date(2025, 3, 3))),
    Case("2990", on(first, closure_reason="RC8"), on(first, closure_reason="RC7")),
    Case("2990", on(first, closure_reason="RC9")),
    Case("8831", on(lambda c: ep(c, 1), no_further_action=True), every_referral_nfa),
    Case(
        "8832",
        both(
            every_referral_nfa,
            on(
                first,
                protection_plans=[
                    ProtectionPlanRecord(
                        42, date(2024, 6, 3), date(2025, 1, 6), "NEG", "NEG", 0, []
                    )
                ],
            ),
        ),
        also=frozenset({"2883", "2885"}),
    ),
    Case(
        "4000",
        both(every_referral_nfa, on(first, cin_plans=[CinPlanRecord(52, date(2024, 6, 3), None)])),
    ),
    Case("8867", on(a, authorisation_date=None, factors=[]), also=frozenset({"8670Q"})),
    Case("8868", on(s47, conference_date=None), also=frozenset({"2883", "2885", "8675Q"})),
    Case(
        "8873Q",
        both(on(a, factors=["21"]), on(first, section47s=[], protection_plans=[], cin_plans=[])),
        both(
            on(a, factors=["21"]),
            on(first, section47s=[], protection_plans=[], cin_plans=[], closure_reason="RC9"),
        ),
    ),
    # Still open on 31 March: no reason for closure yet, which is neither RC8 nor RC9.
    Case(
        "8873Q",
        both(
            open_first,
            on(a, factors=["21"]),
            on(first, section47s=[], protection_plans=[], cin_plans=[]),
        ),
        both(open_first, on(first, section47s=[], protection_plans=[], cin_plans=[])),
    ),
    Case(
        "8825Q",
        nfa_referral,
        # The same referral closed for another reason; or closed RC8 after its assessment.
        both(nfa_referral, on(lambda c: ep(c, 1), closure_reason="RC7")),
    ),
    Case(
        "8825Q",
        both(
            on(lambda c: ep(c, 1), closure_date=date(2025, 3, 21), closure_reason="RC9"),
            on(lambda c: ep(c, 1).assessments[0], authorisation_date=date(2025, 3, 21)),
            lambda c: setattr(ep(c, 1), "assessments", []),
        ),
        both(
            on(lambda c: ep(c, 1), closure_date=date(2025, 3, 21), closure_reason="RC9"),
            on(
                lambda c: ep(c, 1).assessments[0],
                authorisation_date=date(2025, 3, 21),
                factors=["16A"],
            ),
        ),
    ),
    # --- Assessments
    Case("1103", on(a, start_date=date(2024, 5, 3))),
    Case("8608", on(a, start_date=date(2024, 6, 17))),
    Case(
        "8696",
        both(
            on(first, referral_date=date(2024, 2, 1)),
            on(a, start_date=date(2024, 2, 1), authorisation_date=date(2024, 3, 28)),
        ),
        both(
            on(first, referral_date=date(2024, 2, 1)),
            on(a, start_date=date(2024, 2, 1), authorisation_date=date(2024, 4, 1)),
        ),
    ),
    Case(
        "8736",
        open_assessment_from(date(2024, 3, 28)),
        open_assessment_from(date(2024, 4, 1)),
        also=frozenset({"8670Q"}),
    ),
    Case("8614", on(lambda c: ep(c, 1).assessments[0], factors=["16A"])),
    Case("8897", on(a, factors=[])),
    Case("8898", on(a, factors=["16A", "16A"])),
    Case("8869", on(a, factors=["21", "16A"]), on(a, factors=["21"]), also=frozenset({"8873Q"})),
    Case("8617", on(a, factors=["8A"])),
    Case("8945Q", on(a, factors=["18A"]), on(a, factors=["18C"])),
    Case("8950Q", on(a, factors=["19A"]), on(a, factors=["19B"])),
    # 45 working days after Monday 27 January 2025 is Monday 31 March (no bank holidays).
    Case("8670Q", open_assessment_from(date(2025, 1, 24)), open_assessment_from(date(2025, 1, 27))),
    Case(
        "8863Q",
        second_assessment(date(2025, 3, 12), date(2025, 3, 20)),
        # A second assessment in episode 1 from the day the first was authorised.
        lambda c: first(c).assessments.append(
            AssessmentRecord(22, date(2024, 6, 14), date(2024, 7, 1), ["16A"])
        ),
    ),
    Case("8896", second_assessment(date(2025, 3, 12), None), also=frozenset({"8863Q"})),
    # --- CIN plans
    Case("4015", lambda c: ep(c, 1).cin_plans.append(CinPlanRecord(52, date(2025, 3, 7), None))),
    # Both plans open at once: the CIN plan also started during the protection plan.
    Case(
        "4001",
        both(
            open_first, on(cp, end_date=None), on(plan, start_date=date(2025, 2, 3), end_date=None)
        ),
        also=frozenset({"4016"}),
    ),
    Case(
        "4003",
        on(plan, start_date=date(2024, 8, 1), end_date=date(2024, 9, 30)),
        also=frozenset({"4016"}),
    ),
    # A review during a CIN plan still open on 31 March; the review that ended the
    # protection plan on the day the CIN plan began (a step-down) is excused.
    Case(
        "4003",
        both(open_first, on(plan, end_date=None), on(cp, review_dates=[date(2025, 2, 3)])),
        both(open_first, on(plan, end_date=None), on(cp, review_dates=[date(2025, 1, 6)])),
    ),
    Case(
        "4004",
        both(
            open_first, on(plan, end_date=None), lambda c: second_plan(c, date(2025, 2, 10), None)
        ),
        also=frozenset({"4014"}),
    ),
    Case(
        "4008",
        died(date(2025, 1, 5)),
        died(date(2025, 2, 28)),
        also=frozenset({"4009", "8555", "8920"}),
    ),
    Case("4009", died(date(2025, 2, 27)), died(date(2025, 2, 28)), also=frozenset({"8555"})),
    Case("4010", on(plan, start_date=None)),
    Case("4011", on(plan, end_date=date(2025, 1, 3))),
    Case("4012Q", on(plan, end_date=date(2025, 1, 6))),
    Case(
        "4013",
        both(open_first, on(plan, end_date=date(2025, 4, 1))),
        both(open_first, on(plan, end_date=date(2025, 3, 31))),
    ),
    Case(
        "4014",
        lambda c: second_plan(c, date(2025, 2, 10), date(2025, 2, 20)),
        lambda c: second_plan(c, date(2025, 2, 28), date(2025, 2, 28)),
    ),
    Case("4016", on(plan, start_date=date(2025, 1, 3))),
    Case("4017", on(plan, start_date=date(2024, 5, 20), end_date=date(2024, 7, 1))),
    # --- Section 47 enquiries and initial conferences
    Case("2889", on(s47, start_date=date(2024, 5, 3))),
    Case("1104", on(s47, conference_date=date(2024, 5, 3)), also=frozenset({"8615", "2885"})),
    Case("8615", on(s47, start_date=None)),
    Case("8675Q", open_enquiry(not_required=False), open_enquiry(not_required=True)),
    Case("8715", on(s47, conference_date=date(2025, 4, 7)), also=frozenset({"2885", "8565"})),
    Case(
        "8740",
        pre_year_enquiry(not_required=False),
        pre_year_enquiry(not_required=True),
        also=frozenset({"8675Q"}),
    ),
    Case(
        "8839",
        both(
            on(s47, conference_date=None),
            lambda c: second_enquiry(c, date(2024, 5, 20), None, False),
        ),
        lambda c: second_enquiry(c, date(2024, 6, 10), None, True),
        also=frozenset({"8868", "8890", "2883", "2885", "8675Q"}),
    ),
    Case(
        "8890",
        lambda c: second_enquiry(c, date(2024, 5, 20), date(2024, 6, 3), False),
        lambda c: second_enquiry(c, date(2024, 6, 3), None, True),
    ),
    Case("2884", on(first, conference_date=date(2024, 6, 3))),
    Case("8870Q", on(s47, conference_target=date(2024, 6, 1))),
    Case(
        "8875", both(on(s47, conference_date=date(2024, 6, 1)), on(cp, start_date=date(2024, 6, 1)))
    ),
    Case("2991Q", on(first, assessments=[])),
    # --- Child protection plans
    Case(
        "1105",
        both(
            on(cp, start_date=date(2024, 5, 3)),
            on(s47, start_date=date(2024, 5, 3), conference_date=date(2024, 5, 3)),
        ),
        also=frozenset({"2889", "1104"}),
    ),
    Case(
        "2883",
        lambda c: second_protection_plan(c, date(2024, 6, 3), date(2024, 6, 10)),
        also=frozenset({"8940"}),
    ),
    Case("2885", on(cp, start_date=date(2024, 6, 4))),
    Case("8720", on(cp, start_date=None)),
    Case("8730", on(cp, previous_plans=None)),
    Case("8840", on(cp, end_date=date(2024, 6, 3), review_dates=[])),
    Case("8841", on(cp, review_dates=[date(2024, 6, 3)]), on(cp, review_dates=[date(2024, 6, 4)])),
    Case("8905", on(cp, initial_category="XXX")),
    Case("8910", on(cp, latest_category="")),
    Case(
        "8915",
        died(date(2024, 6, 2)),
        died(date(2024, 6, 3)),
        also=frozenset({"8555", "8920", "4008", "4009"}),
    ),
    Case(
        "8920",
        died(date(2025, 1, 5)),
        died(date(2025, 2, 28)),
        also=frozenset({"8555", "4008", "4009"}),
    ),
    Case("8925", on(cp, end_date=date(2024, 6, 1), review_dates=[])),
    Case("8930", both(open_first, on(first, cin_plans=[]), on(cp, end_date=date(2025, 4, 2)))),
    Case(
        "8935",
        both(
            open_first,
            on(first, cin_plans=[]),
            on(cp, end_date=None),
            lambda c: second_protection_plan(c, date(2024, 7, 1), None),
        ),
        also=frozenset({"8940", "2883", "2885"}),
    ),
    Case(
        "8940",
        lambda c: second_protection_plan(c, date(2024, 12, 2), date(2024, 12, 20)),
        lambda c: second_protection_plan(c, date(2025, 1, 7), date(2025, 1, 20)),
        also=frozenset({"2883", "2885"}),
    ),
]


def issues_of(child: CensusChild, year: int) -> set[str]:
    collection = collection_year(year)
    return {i.code for i in child_issues(child, collection, rules_for(collection))}


def test_the_clean_child_breaks_no_rule():
    assert issues_of(clean_child(), 2025) == set()


def test_every_child_rule_has_a_case_here():
    child_rule_codes = {r.code for r in RULES if r.check is not None}
    assert child_rule_codes - {case.code for case in CASES} == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}-{c.year}")
def test_a_child_that_keeps_the_rule_passes_it(case: Case):
    child = clean_child()
    case.passes(child)
    assert case.code not in issues_of(child, case.year)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}-{c.year}")
def test_a_child_that_breaks_the_rule_fails_exactly_it(case: Case):
    child = clean_child()
    case.breaks(child)
    # In another year than the child's, only what the change broke is compared.
    already = issues_of(clean_child(), case.year)
    assert issues_of(child, case.year) - already == {case.code} | case.also


def test_the_sex_rules_are_worded_for_the_year():
    def message(code: str, year: int) -> str:
        return next(r.message for r in rules_for(collection_year(year)) if r.code == code)

    assert message("4180", 2024) == "Gender is missing"
    assert message("4180", 2025) == "Sex must be provided and equal M, F or U"
    assert message("8750", 2024) == "Gender must equal 0 for an unborn child"
    assert message("8750", 2025) == "Sex must equal U for an unborn child"


def test_rules_from_2024_25_do_not_apply_before_it():
    child = clean_child()
    child.la_child_id = "NB-" + "0" * 30
    a(child).factors = ["18A"]
    assert issues_of(child, 2024) - issues_of(clean_child(), 2024) == set()
    assert issues_of(child, 2025) == {"1570", "1580", "8945Q"}


def test_an_issue_says_where_in_the_child_it_is():
    child = clean_child()
    a(child).factors = []
    (issue,) = child_issues(child, Y2025, rules_for(Y2025))
    assert (issue.code, issue.person_id, issue.la_child_id, issue.is_query) == (
        "8897",
        1,
        "NB0000001",
        False,
    )
    assert issue.where == "CIN episode referred 2024-05-06: assessment started 2024-05-06"


# --- The header and the rules across the whole return ----------------------------------------


def header(reference: date) -> Header:
    return Header("999", reference, "Safeguard", "1", 1, "2025-05-01T09:00:00+00:00")


def test_rule_100_passes_the_right_reference_date_and_fails_another():
    assert header_issues(header(date(2025, 3, 31)), Y2025) == []
    assert [i.code for i in header_issues(header(date(2025, 3, 30)), Y2025)] == ["100"]


def tally_of(*children: CensusChild) -> set[str]:
    tally = ReturnTally(Y2025)
    for child in children:
        tally.add(child)
    return {i.code for i in tally.issues()}


def varied(person_id: int, **values: object) -> CensusChild:
    child = clean_child(person_id)
    child.disabilities = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"]
    for name, value in values.items():
        setattr(child, name, value)
    return child


def test_8510_duplicate_la_child_ids_are_reported_for_each_child_sharing_one():
    assert tally_of(varied(1), varied(2)) == set()
    tally = ReturnTally(Y2025)
    for child in (varied(1), varied(2, la_child_id="NB0000001"), varied(3)):
        tally.add(child)
    assert sorted((i.code, i.person_id) for i in tally.issues()) == [("8510", 1), ("8510", 2)]


def test_1520_two_children_with_the_same_upn():
    assert tally_of(varied(1), varied(2)) == set()
    assert tally_of(varied(1), varied(2, upn=varied(1).upn)) == {"1520"}


def test_2886Q_more_than_2_percent_of_children_born_without_sex():
    fifty = [varied(n) for n in range(1, 51)]
    fifty[0].sex = "U"  # 1 in 50 is 2%: not more than 2%
    assert tally_of(*fifty) == set()
    fifty[1].sex = "U"
    assert tally_of(*fifty) == {"2886Q"}


def test_2887Q_fewer_than_8_disability_codes_across_the_return():
    assert tally_of(varied(1)) == set()
    assert tally_of(varied(1, disabilities=["LD"])) == {"2887Q"}

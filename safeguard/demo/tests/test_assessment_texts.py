"""The demo's written assessments (safeguard/demo/generator/assessment_texts.py): every
completed assessment is written in all six sections, as the service requires; what it says
follows the factors, the child's age and whether they were seen, and the outcome; the texts
vary from child to child and name no one."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from safeguard.cases.workflow import rules
from safeguard.common import codes
from safeguard.demo.generator import assessment_texts
from safeguard.demo.generator.assessment_texts import assessment_write_up
from safeguard.demo.generator.run import Options, build

START = date(2024, 10, 7)


def _write_up(**changes: object) -> dict[str, str]:
    facts: dict[str, object] = {
        "child": 12,
        "start": START,
        "age": 8,
        "seen": date(2024, 10, 9),
        "factors": ["16A"],
        "outcome": codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        **changes,
    }
    return assessment_write_up(**facts)  # type: ignore[arg-type]


@pytest.mark.parametrize("outcome", codes.AssessmentOutcome.values)
@pytest.mark.parametrize("age", [-1, 0, 3, 8, 15])
def test_every_section_is_written_for_every_outcome_and_age(outcome: str, age: int) -> None:
    written = _write_up(outcome=outcome, age=age)

    assert tuple(written) == rules.ASSESSMENT_SECTIONS
    assert rules.assessment_sections_written(written, child_seen=True) == []


def test_the_factors_found_are_what_the_sections_describe() -> None:
    written = _write_up(factors=["1B", "3B", "10A"], age=14)

    assert "drinking" in written["parenting_capacity"]
    assert "domestic abuse" in written["parenting_capacity"]
    assert "missing overnight" in written["developmental_needs"]
    assert written["analysis"].startswith(
        "The assessment found alcohol misuse (parent or carer), domestic violence (parent or "
        "carer) and going or being missing."
    )


def test_an_assessment_that_found_nothing_says_so() -> None:
    written = _write_up(factors=["21"], outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION)

    assert written["analysis"].startswith("No factors of concern were identified.")
    assert "No further action" in written["plan"] or "no further action" in written["plan"]


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (codes.AssessmentOutcome.EARLY_HELP, "early help"),
        (codes.AssessmentOutcome.CHILD_IN_NEED_PLAN, "hild in need plan"),
        (codes.AssessmentOutcome.STRATEGY_DISCUSSION, "trategy discussion"),
        (codes.AssessmentOutcome.LOOKED_AFTER, "review within 20 working days"),
    ],
)
def test_the_plan_follows_the_outcome(outcome: str, said: str) -> None:
    plans = {_write_up(outcome=outcome, child=child)["plan"] for child in range(20)}

    assert all(said in plan for plan in plans), plans


def test_a_child_not_seen_has_a_voice_that_says_why_their_views_could_not_be_gathered() -> None:
    voices = {_write_up(seen=None, child=child)["childs_voice"] for child in range(20)}

    assert all("was not seen" in voice and "could not be gathered" in voice for voice in voices)


def test_an_unborn_childs_voice_says_they_are_not_yet_born() -> None:
    written = _write_up(age=-1, seen=None, factors=["2B"])

    assert written["childs_voice"].startswith("The child is not yet born")
    assert written["developmental_needs"].startswith("Pre-birth assessment.")
    assert written["parenting_capacity"].startswith(
        "The assessment considered drug misuse and what it will mean for the baby's care."
    )


def test_the_same_child_and_day_give_the_same_text() -> None:
    assert _write_up() == _write_up()


def test_generated_assessments_are_written_in_full_varied_and_name_no_one() -> None:
    built = build(
        Options(seed=3, scale=0.02, as_of=date(2025, 3, 31), demo_password="-",
                show_progress=False)
    )  # fmt: skip
    submitted = [
        (h, a) for h in built.children for a in h.assessments if a.submitted_date is not None
    ]
    assert len(submitted) > 50
    # A name that is also one of the texts' own words ("Said" begins a sentence) is not one.
    vocabulary = set(re.findall(r"[A-Za-z]+", Path(assessment_texts.__file__).read_text()))
    names = {
        name
        for h in built.children
        for p in (h.child, *h.people)
        for name in (p.first_name, p.last_name)
        if name and name not in vocabulary
    }
    for h, a in submitted:
        assert (
            rules.assessment_sections_written(a.sections, child_seen=a.child_seen_date is not None)
            == []
        ), (h.index, a.sections)
        words = set(re.findall(r"[A-Za-z]+", " ".join(a.sections.values())))
        assert not words & names, (h.index, words & names)
    in_progress = [a for h in built.children for a in h.assessments if a.submitted_date is None]
    assert all(a.sections == {} for a in in_progress)
    analyses = {a.sections["analysis"] for _, a in submitted}
    assert len(analyses) > 20

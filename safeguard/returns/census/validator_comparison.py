"""Safeguard's census rules beside Data to Insight's CIN validator, child by child and rule by
rule, on one census file.

    python -m safeguard.returns.census.validator_comparison --census DIR/census.xml \\
        --validator-report DIR/user_report.csv [--validator-log DIR/validator.log] \\
        [--explained safeguard/returns/census/validator_differences.toml]

`scripts/validate-returns` builds the file, runs the validator on it in its own virtual
environment and then calls this. A finding is a rule broken by a child (rules across the
whole return have no child). Each finding that only one side makes is a difference, and must
match an entry of the explained-differences file: the rule, which side flags it, why (with
the section of docs/returns.md that says so) and, where the reason can be checked, a named
check (`when`) that must hold for that child, so that an entry explains the difference it
was written for and not every later one on the same rule. A rule the validator could not run
("Error with rule ..." in its output) is a failure too. Exit status: 0 when every difference
is explained, 1 when one is not, 2 when the inputs cannot be read.

Plain Python and the census's own report reader; no database.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from safeguard.timescales.working_days import add_working_days

from .report import read_report, report_path_for

__all__ = [
    "Comparison",
    "Difference",
    "Explanation",
    "compare",
    "load_explanations",
    "main",
]

ROOT = Path(__file__).resolve().parents[3]
EXPLAINED = Path(__file__).with_name("validator_differences.toml")
SIDES = ("safeguard", "validator")
VALIDATOR_CRASH = re.compile(r"^Error with rule (\S+): (.*)$")


class ComparisonError(ValueError):
    """An input cannot be read, or the explained-differences file is malformed."""


@dataclass(frozen=True)
class ValidatorRow:
    child: str
    rule: str
    table: str
    column: str
    value: str


@dataclass
class ChildFile:
    """What the census file holds for one child, for the checks that need it."""

    element: ET.Element


@dataclass(frozen=True)
class Difference:
    child: str
    rule: str
    flagged_by: str  # the only side that flags it


@dataclass(frozen=True)
class Explanation:
    rule: str
    flagged_by: str
    why: str
    docs: str
    when: str | None = None
    column: str | None = None
    working_days: int | None = None


@dataclass
class Comparison:
    reference_date: date
    ours: dict[str, set[str]]  # rule -> children
    theirs: dict[str, set[str]]
    explained: dict[Explanation, list[Difference]] = field(default_factory=dict)
    unexplained: list[Difference] = field(default_factory=list)
    validator_crashes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unexplained and not self.validator_crashes


# --- Reading ---------------------------------------------------------------------------------


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def read_validator_report(path: Path) -> list[ValidatorRow]:
    """The validator's `user_report.csv`: one row per child, rule and item it flags."""
    if not path.is_file():
        raise ComparisonError(f"The validator's report {path} does not exist: did it run?")
    rows = []
    with path.open(newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            child = (row.get("LAchildID") or "").strip()
            rows.append(
                ValidatorRow(
                    child="" if child in ("nan", "NaN") else child,
                    rule=(row.get("rule_code") or "").strip(),
                    table=(row.get("tables_affected") or "").strip(),
                    column=(row.get("columns_affected") or "").strip(),
                    value=(row.get("value_flagged") or "").strip(),
                )
            )
    return rows


def read_validator_crashes(path: Path | None) -> list[str]:
    """Rules the validator caught an exception in (it prints them and carries on)."""
    if path is None:
        return []
    crashes = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        found = VALIDATOR_CRASH.match(line.strip())
        if found:
            crashes.append(f"{found.group(1)}: {found.group(2)}")
    return crashes


def read_census(path: Path, children: set[str]) -> tuple[date, dict[str, ChildFile]]:
    """The reference date, and the `<Child>` elements of the children named."""
    if not path.is_file():
        raise ComparisonError(f"The census file {path} does not exist.")
    reference: date | None = None
    found: dict[str, ChildFile] = {}
    # The file is Safeguard's own output, built moments before by build_census.
    for _, element in ET.iterparse(path, events=("end",)):  # noqa: S314
        if element.tag == "ReferenceDate":
            reference = _date(element.text or "")
        elif element.tag == "Child":
            child = element.findtext("ChildIdentifiers/LAchildID") or ""
            if child in children:
                found[child] = ChildFile(element)
            else:
                element.clear()
    if reference is None:
        raise ComparisonError(f"The census file {path} has no ReferenceDate in its header.")
    return reference, found


# --- The explained differences ------------------------------------------------------------------

_FIELDS = {"rule", "flagged_by", "why", "docs", "when", "column", "working_days"}


def _anchors(markdown: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file."""
    anchors = set()
    for line in markdown.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


def load_explanations(path: Path, root: Path = ROOT) -> list[Explanation]:
    """The entries of the explained-differences file, each checked: a known side, a named
    check this module has, a reason, and a link to a section of the docs that exists."""
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("difference", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ComparisonError(f"Cannot read {path}: {error}") from None
    explanations = []
    for n, entry in enumerate(entries, start=1):
        where = f"{path.name}, difference {n}"
        unknown = set(entry) - _FIELDS
        if unknown:
            raise ComparisonError(f"{where}: unknown keys {sorted(unknown)}.")
        for key in ("rule", "flagged_by", "why", "docs"):
            if not str(entry.get(key, "")).strip():
                raise ComparisonError(f"{where}: {key} is missing.")
        if entry["flagged_by"] not in SIDES:
            raise ComparisonError(f"{where}: flagged_by must be one of {SIDES}.")
        when = entry.get("when")
        if when is not None and when not in CHECKS:
            raise ComparisonError(f"{where}: no check named {when!r} (known: {sorted(CHECKS)}).")
        document, _, anchor = str(entry["docs"]).partition("#")
        target = root / document
        if not target.is_file() or (anchor and anchor not in _anchors(target)):
            raise ComparisonError(f"{where}: docs {entry['docs']!r} names no section that exists.")
        explanations.append(
            Explanation(
                rule=str(entry["rule"]),
                flagged_by=entry["flagged_by"],
                why=" ".join(str(entry["why"]).split()),
                docs=str(entry["docs"]),
                when=when,
                column=entry.get("column"),
                working_days=entry.get("working_days"),
            )
        )
    return explanations


# --- Checks that an explanation holds for one child ----------------------------------------------


@dataclass
class Case:
    difference: Difference
    reference_date: date
    validator_rows: list[ValidatorRow]
    child: ChildFile | None

    @property
    def year_start(self) -> date:
        return self.reference_date.replace(year=self.reference_date.year - 1) + timedelta(days=1)

    def flagged_dates(self, column: str | None) -> list[date | None]:
        return [_date(r.value) for r in self.validator_rows if r.column == column]


Check = Callable[[Case, Explanation], bool]


def _dates_on_working_days_before_reference(case: Case, why: Explanation) -> bool:
    """Every date the validator flags is exactly `working_days` before the census day: the
    item is due on 31 March itself, so still in time on it."""
    boundary = add_working_days(case.reference_date, -(why.working_days or 0))
    flagged = case.flagged_dates(why.column)
    return bool(flagged) and all(d == boundary for d in flagged)


def _dates_within_working_days_before_year_start(case: Case, why: Explanation) -> bool:
    """Every date the validator flags is before 1 April, but not before the `working_days`-th
    working day before it."""
    earliest = add_working_days(case.year_start, -(why.working_days or 0))
    flagged = case.flagged_dates(why.column)
    return bool(flagged) and all(d is not None and earliest <= d < case.year_start for d in flagged)


def _review_ends_its_own_plan(case: Case, why: Explanation) -> bool:
    """Every review the validator flags is the review that ended its own protection plan (so
    excused, within its episode, whatever CIN plan the validator paired it with)."""
    if case.child is None:
        return False
    flagged = case.flagged_dates("CPPreviewDate")
    ending_reviews = {
        _date(plan.findtext("CPPendDate") or "")
        for plan in case.child.element.iter("ChildProtectionPlans")
        if plan.findtext("CPPendDate") in {review.text for review in plan.iter("CPPreviewDate")}
    }
    return bool(flagged) and all(d in ending_reviews for d in flagged)


CHECKS: dict[str, Check] = {
    "dates_on_working_days_before_reference": _dates_on_working_days_before_reference,
    "dates_within_working_days_before_year_start": _dates_within_working_days_before_year_start,
    "review_ends_its_own_plan": _review_ends_its_own_plan,
}


# --- The comparison ------------------------------------------------------------------------------


def _by_rule(findings: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for child, rule in findings:
        found[rule].add(child)
    return dict(found)


def compare(
    *,
    census: Path,
    validator_report: Path,
    explanations: list[Explanation],
    validator_log: Path | None = None,
) -> Comparison:
    report = report_path_for(census)
    if not report.is_file():
        raise ComparisonError(f"Safeguard's error report {report} does not exist.")
    ours = _by_rule((row.la_child_id, row.rule) for row in read_report(report))
    rows = read_validator_report(validator_report)
    theirs = _by_rule((row.child, row.rule) for row in rows)
    differences = [
        Difference(child, rule, side)
        for rule in sorted(set(ours) | set(theirs))
        for side, mine, other in (
            ("safeguard", ours.get(rule, set()), theirs.get(rule, set())),
            ("validator", theirs.get(rule, set()), ours.get(rule, set())),
        )
        for child in sorted(mine - other)
    ]
    reference, children = read_census(census, {d.child for d in differences})
    rows_for: dict[tuple[str, str], list[ValidatorRow]] = defaultdict(list)
    for row in rows:
        rows_for[(row.child, row.rule)].append(row)

    result = Comparison(
        reference_date=reference,
        ours=ours,
        theirs=theirs,
        explained={e: [] for e in explanations},
        validator_crashes=read_validator_crashes(validator_log),
    )
    for difference in differences:
        case = Case(
            difference,
            reference,
            rows_for[(difference.child, difference.rule)],
            children.get(difference.child),
        )
        for why in explanations:
            if (why.rule, why.flagged_by) != (difference.rule, difference.flagged_by):
                continue
            if why.when is None or CHECKS[why.when](case, why):
                result.explained[why].append(difference)
                break
        else:
            result.unexplained.append(difference)
    return result


def summary(result: Comparison) -> str:
    """Rule by rule, then each difference nobody has explained, child by child."""
    lines = [
        f"Census of the year ending {result.reference_date}: children flagged, rule by rule",
        f"{'rule':<8}{'Safeguard':>10}{'validator':>10}{'both':>6}"
        f"{'only ours':>10}{'only theirs':>12}",
    ]
    for rule in sorted(set(result.ours) | set(result.theirs)):
        mine, other = result.ours.get(rule, set()), result.theirs.get(rule, set())
        lines.append(
            f"{rule:<8}{len(mine):>10}{len(other):>10}{len(mine & other):>6}"
            f"{len(mine - other):>10}{len(other - mine):>12}"
        )
    for why, found in result.explained.items():
        if found:
            lines.append(
                f"explained: {why.rule} flagged by the {why.flagged_by} only, "
                f"{len(found)} children ({why.docs}): {why.why}"
            )
    for why, found in result.explained.items():
        if not found:
            # Reported, not failed: a boundary case met at one scale or year, not this one.
            lines.append(
                f"not needed in this run: the explanation of {why.rule} flagged by the "
                f"{why.flagged_by} matched no child"
            )
    for crash in result.validator_crashes:
        lines.append(f"NOT RUN by the validator (it failed): rule {crash}")
    for d in result.unexplained:
        lines.append(
            f"UNEXPLAINED: rule {d.rule} flagged by the {d.flagged_by} only, "
            f"child {d.child or '(the whole return)'}"
        )
    verdict = (
        "Every difference is explained."
        if result.ok
        else f"{len(result.unexplained)} unexplained differences, "
        f"{len(result.validator_crashes)} rules the validator could not run."
    )
    lines.append(verdict)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--census", type=Path, required=True, help="the census XML, its error report beside it"
    )
    parser.add_argument("--validator-report", type=Path, required=True, help="user_report.csv")
    parser.add_argument("--validator-log", type=Path, help="what the validator printed")
    parser.add_argument("--explained", type=Path, default=EXPLAINED)
    args = parser.parse_args(argv)
    try:
        result = compare(
            census=args.census,
            validator_report=args.validator_report,
            explanations=load_explanations(args.explained),
            validator_log=args.validator_log,
        )
    except ComparisonError as error:
        print(error, file=sys.stderr)
        return 2
    print(summary(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())

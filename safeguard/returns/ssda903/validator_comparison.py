"""Data to Insight's SSDA903 validator's findings on the demo authority's return, each
checked against the explained differences.

    python -m safeguard.returns.ssda903.validator_comparison --findings DIR/validator-903.json \\
        [--explained safeguard/returns/ssda903/validator_differences.toml]

`scripts/validators/run-903-validator` writes the findings (in the validator's own
environment); `scripts/validate-returns` then calls this. Safeguard raises no 903 rules of
its own yet, so every error the validator finds is a difference: it must match an entry of
the explained-differences file (the rule, the table, why, and the section of
docs/returns.md that says so). A rule that fails to run is a failure too, except those in
CANNOT_RUN, which fail on any CSV input in the validator's 0.1.17. Exit status: 0 when
everything is explained, 1 when not, 2 when the inputs cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from safeguard.returns.census.validator_comparison import ROOT, _anchors

EXPLAINED = Path(__file__).with_name("validator_differences.toml")
# Rules 231 and 233 read columns the CSV layout lacks and raise on every CSV return in
# csc-validator-be-903 0.1.17: they cannot check anything, whatever the data.
CANNOT_RUN = frozenset({"231", "233"})
# Rules the validator skips on the demo's return for want of an input it needs (a rule that
# lacks one of its tables returns nothing, and the validator counts it skipped), by what is
# missing. Last year's return (the `_last` tables: the validator compares the two years):
NEEDS_LAST_YEAR = frozenset(
    {
        "1001", "1002", "1010", "202", "203", "204", "205A", "205B", "205C", "205D", "207",
        "208", "348", "452", "453", "502", "503A", "503B", "503C", "503D", "503E", "503F",
        "503G", "503H", "503J", "559", "560", "561", "562", "576", "584", "624", "626", "NoE",
    }
)  # fmt: skip
# Ofsted's lists of children's homes and fostering and adoption agencies (the URN lookup the
# hosted tool asks the user to upload):
NEEDS_OFSTED_PROVIDERS = frozenset({"1008", "219", "221", "224", "227", "228", "229"})
# The XML form of the return (rule 105 checks the header's UASC item, which the CSV lacks):
NEEDS_XML = frozenset({"105"})
SKIPPED_FOR_WANT_OF_INPUTS = NEEDS_LAST_YEAR | NEEDS_OFSTED_PROVIDERS | NEEDS_XML
_FIELDS = {"rule", "table", "why", "docs"}


class ComparisonError(ValueError):
    """The findings cannot be read, or the explained-differences file is malformed."""


@dataclass(frozen=True)
class Explanation:
    rule: str
    table: str
    why: str
    docs: str


@dataclass
class Comparison:
    year: str
    ran: int
    by_rule: dict[tuple[str, str], set[str]]  # (rule, table) -> children
    explained: dict[Explanation, set[str]] = field(default_factory=dict)
    unexplained: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # rules that failed to run, not expected
    cannot_run: list[str] = field(default_factory=list)
    # Rules skipped that SKIPPED_FOR_WANT_OF_INPUTS does not name: a table the return should
    # have is missing or empty.
    skipped_unexpectedly: list[str] = field(default_factory=list)
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.unexplained and not self.failed and not self.skipped_unexpectedly


def load_explanations(path: Path, root: Path = ROOT) -> list[Explanation]:
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("difference", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ComparisonError(f"Cannot read {path}: {error}") from None
    found = []
    for n, entry in enumerate(entries, start=1):
        where = f"{path.name}, difference {n}"
        unknown = set(entry) - _FIELDS
        if unknown:
            raise ComparisonError(f"{where}: unknown keys {sorted(unknown)}.")
        for key in sorted(_FIELDS):
            if not str(entry.get(key, "")).strip():
                raise ComparisonError(f"{where}: {key} is missing.")
        document, _, anchor = str(entry["docs"]).partition("#")
        target = root / document
        if not target.is_file() or (anchor and anchor not in _anchors(target)):
            raise ComparisonError(f"{where}: docs {entry['docs']!r} names no section that exists.")
        found.append(
            Explanation(
                rule=str(entry["rule"]),
                table=str(entry["table"]),
                why=" ".join(str(entry["why"]).split()),
                docs=str(entry["docs"]),
            )
        )
    return found


def read_findings(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ComparisonError(f"Cannot read the validator's findings {path}: {error}") from None
    if not isinstance(data, dict) or "findings" not in data:
        raise ComparisonError(f"{path} is not the output of run-903-validator.")
    return data


def compare(findings: dict[str, object], explanations: list[Explanation]) -> Comparison:
    by_rule: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in findings["findings"]:  # type: ignore[attr-defined]
        by_rule[(str(row["rule"]), str(row["table"]))].add(str(row["child"]))
    failed = [str(rule) for rule in findings.get("failed", [])]  # type: ignore[attr-defined]
    skipped = {str(rule) for rule in findings.get("skipped", [])}  # type: ignore[attr-defined]
    result = Comparison(
        year=str(findings.get("year", "")),
        ran=len(findings.get("ran", [])),  # type: ignore[arg-type]
        by_rule=dict(by_rule),
        explained={e: set() for e in explanations},
        failed=sorted(set(failed) - CANNOT_RUN),
        cannot_run=sorted(set(failed) & CANNOT_RUN),
        skipped_unexpectedly=sorted(skipped - SKIPPED_FOR_WANT_OF_INPUTS),
        skipped=len(skipped),
    )
    index = {(e.rule, e.table): e for e in explanations}
    for key, children in sorted(result.by_rule.items()):
        why = index.get(key)
        if why is None:
            result.unexplained[key] = children
        else:
            result.explained[why] |= children
    return result


def summary(result: Comparison) -> str:
    lines = [
        f"SSDA903 {result.year}: the validator ran {result.ran} rules; errors, rule by rule",
        f"{'rule':<10}{'table':<14}{'children':>9}",
    ]
    for (rule, table), children in sorted(result.by_rule.items()):
        lines.append(f"{rule:<10}{table:<14}{len(children):>9}")
    for why, children in result.explained.items():
        if children:
            lines.append(
                f"explained: {why.rule} ({why.table}), {len(children)} children ({why.docs}): "
                f"{why.why}"
            )
    for why, children in result.explained.items():
        if not children:
            # Reported, not failed; a finding the demo no longer makes is cleared from the file
            # by hand, so that what is explained stays what is found.
            lines.append(
                f"not needed in this run: the explanation of {why.rule} ({why.table}) matched "
                "no child"
            )
    for rule in result.cannot_run:
        lines.append(f"cannot run (fails on any CSV input in 0.1.17): rule {rule}")
    lines.append(
        f"skipped for want of inputs: {result.skipped} rules (last year's return, Ofsted's "
        "provider lists, the XML form)"
    )
    for rule in result.failed:
        lines.append(f"NOT RUN by the validator (it failed): rule {rule}")
    for rule in result.skipped_unexpectedly:
        lines.append(f"SKIPPED by the validator (a table is missing or empty): rule {rule}")
    for (rule, table), children in result.unexplained.items():
        shown = ", ".join(sorted(children)[:20])
        lines.append(f"UNEXPLAINED: rule {rule} ({table}), {len(children)} children: {shown}")
    lines.append(
        "Every error is explained."
        if result.ok
        else f"{len(result.unexplained)} rules with unexplained errors, "
        f"{len(result.failed)} rules the validator could not run, "
        f"{len(result.skipped_unexpectedly)} skipped for want of a table."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--findings", type=Path, required=True, help="validator-903.json")
    parser.add_argument("--explained", type=Path, default=EXPLAINED)
    args = parser.parse_args(argv)
    try:
        result = compare(read_findings(args.findings), load_explanations(args.explained))
    except ComparisonError as error:
        print(error, file=sys.stderr)
        return 2
    print(summary(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The rule registry: each rule's DfE number, message and census module, and its check.

A rule module registers its checks with ``@rule(code, message, module)``; rules on the
header or across the whole return, which no per-child check can see, with ``whole``.
``RULES`` keeps them in the order of the census's modules in the file (``MODULES``), and in
the order each module file registers them: whatever order the modules are imported in. The
error report sorts what they find by child, rule and place, so that order never shows there.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..records import CensusChild
from ..years import CollectionYear

__all__ = [
    "MODULES",
    "RULES",
    "Check",
    "Issue",
    "Rule",
    "child_issues",
    "rule",
    "rule_by_code",
    "rules_for",
    "whole",
]

Check = Callable[[CensusChild, CollectionYear], Iterable[str]]


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    module: str
    check: Check | None = None  # None for rules on the header or across the return
    applies: Callable[[CollectionYear], bool] = lambda year: True

    @property
    def is_query(self) -> bool:
        return self.code.endswith("Q")


@dataclass(frozen=True)
class Issue:
    """One place where one rule is broken: per child and per rule, with where in the child."""

    code: str
    message: str
    is_query: bool
    person_id: int | None
    la_child_id: str
    where: str


# The census's modules, in the order the file holds them (xml.py writes them so).
MODULES = (
    "Header",
    "ChildIdentifiers",
    "ChildCharacteristics",
    "CINdetails",
    "Assessments",
    "CINPlanDates",
    "Section47",
    "ChildProtectionPlans",
)

RULES: list[Rule] = []


def _register(new: Rule) -> None:
    # After every rule of the same module or an earlier one: stable, whatever the import order.
    insort(RULES, new, key=lambda r: MODULES.index(r.module))


def rule(
    code: str,
    message: str,
    module: str,
    *,
    applies: Callable[[CollectionYear], bool] = lambda year: True,
) -> Callable[[Check], Check]:
    """Register the decorated check as rule ``code`` on the census module ``module``."""

    def register(check: Check) -> Check:
        _register(Rule(code, message, module, check, applies))
        return check

    return register


def whole(code: str, message: str, module: str) -> None:
    """Register a rule checked on the header or across the return, not per child."""
    _register(Rule(code, message, module))


def rules_for(year: CollectionYear) -> list[Rule]:
    return [r for r in RULES if r.applies(year)]


def rule_by_code(code: str, year: CollectionYear | None = None) -> Rule:
    for r in RULES:
        if r.code == code and (year is None or r.applies(year)):
            return r
    raise KeyError(code)


def child_issues(child: CensusChild, year: CollectionYear, rules: list[Rule]) -> list[Issue]:
    """Every child rule broken by this child, each place it is broken."""
    found = []
    for r in rules:
        if r.check is None:
            continue
        for where in r.check(child, year):
            found.append(
                Issue(
                    r.code,
                    r.message,
                    r.is_query,
                    child.person_id,
                    child.la_child_id or "",
                    where,
                )
            )
    return found

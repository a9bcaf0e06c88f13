"""Rules across the whole return: duplicate identifiers, and shares of all children."""

from __future__ import annotations

from dataclasses import dataclass, field

from safeguard.common import codes

from ..records import CensusChild
from ..years import CollectionYear
from .common import NONE
from .registry import Issue, rule_by_code, whole

# 2886Q: share of children with no sex recorded above which the return is queried.
NO_SEX_SHARE = 0.02
# 2887Q: fewer different disability codes than this across the return is queried.
FEWEST_DISABILITY_CODES = 8


whole("8510", "More than one child record with the same LA Child ID", "ChildIdentifiers")

whole("1520", "More than one record with the same UPN", "ChildIdentifiers")

whole(
    "2886Q",
    "Please check: more than 2% of children born have no sex recorded (U, or 0 before 2024-25)",
    "ChildIdentifiers",
)

whole(
    "2887Q",
    "Please check: fewer than 8 different disability codes have been reported",
    "ChildCharacteristics",
)


@dataclass
class ReturnTally:
    """What the return-wide rules need, gathered one child at a time (ids and codes only)."""

    year: CollectionYear
    la_child_ids: dict[str, list[int]] = field(default_factory=dict)
    upns: dict[str, list[int]] = field(default_factory=dict)
    born: int = 0
    born_without_sex: int = 0
    disability_codes: set[str] = field(default_factory=set)

    def add(self, child: CensusChild) -> None:
        if child.la_child_id:
            self.la_child_ids.setdefault(child.la_child_id, []).append(child.person_id)
        if child.upn:
            self.upns.setdefault(child.upn.upper(), []).append(child.person_id)
        if child.birth_date is not None:
            self.born += 1
            if child.sex in ("", codes.Sex.UNKNOWN):
                self.born_without_sex += 1
        self.disability_codes.update(c for c in child.disabilities if c != NONE)

    def issues(self) -> list[Issue]:
        found: list[Issue] = []

        def duplicates(code: str, seen: dict[str, list[int]], item: str) -> None:
            rule = rule_by_code(code, self.year)
            for value, people in seen.items():
                if len(people) > 1:
                    for person_id in people:
                        label = value if item == "LAchildID" else ""
                        found.append(
                            Issue(
                                rule.code,
                                rule.message,
                                rule.is_query,
                                person_id,
                                label,
                                f"{item} shared by {len(people)} children",
                            )
                        )

        duplicates("8510", self.la_child_ids, "LAchildID")
        duplicates("1520", self.upns, "UPN")
        if self.born and self.born_without_sex / self.born > NO_SEX_SHARE:
            rule = rule_by_code("2886Q", self.year)
            share = f"{self.born_without_sex} of {self.born} children born"
            found.append(Issue(rule.code, rule.message, True, None, "", share))
        if self.born and len(self.disability_codes) < FEWEST_DISABILITY_CODES:
            rule = rule_by_code("2887Q", self.year)
            used = ", ".join(sorted(self.disability_codes)) or "none"
            found.append(Issue(rule.code, rule.message, True, None, "", f"codes used: {used}"))
        return found

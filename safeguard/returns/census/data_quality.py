"""What the census holds for one child, item by item, for the data-quality page.

The page is for an analyst fixing what the error report found: it shows exactly the items
the census writes for the child (the same `CensusChild` the build reads and `xml` writes,
with the same item names), each in words with the DfE code beside it, and places each error
against the episode it was found in. It holds no case content: the census has no names, no
notes, no chronology and no documents, and nothing here reads them.

Plain functions of the census records: no database, so they are tested on hand-built children.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import models

from safeguard.common import codes

from .records import CensusChild, CinEpisode
from .report import SCHEMA_RULE, ReportRow
from .rules import Issue
from .rules.common import episode_where
from .years import CollectionYear

NOT_RECORDED = "Not recorded"
NOT_A_CODE = "{code}: not a code the census accepts"


@dataclass(frozen=True)
class Item:
    """One census item: its plain name, the DfE's element name, and its value in words."""

    label: str
    element: str
    value: str

    @property
    def recorded(self) -> bool:
        return self.value != NOT_RECORDED


@dataclass(frozen=True)
class Finding:
    """A row of the build's error report about this child, and whether the same rule still
    finds the same place as the record stands now (None: cannot be checked again here, a
    schema error: build the census again)."""

    rule: str
    is_query: bool
    message: str
    where: str
    found_now: bool | None


@dataclass
class Part:
    """An assessment, plan or enquiry within an episode."""

    title: str
    items: list[Item]


@dataclass
class Episode:
    title: str
    items: list[Item]
    parts: list[Part] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value is not None else NOT_RECORDED


def coded(value: str, choices: type[models.TextChoices]) -> str:
    """A code in words with the code beside it: "Neglect (NEG)". A code the census does not
    accept is shown as it is, said so, since it may be what the report found."""
    if not value:
        return NOT_RECORDED
    if value in choices.values:
        return f"{choices(value).label} ({value})"
    return NOT_A_CODE.format(code=value)


def coded_list(values: Iterable[str], choices: type[models.TextChoices]) -> str:
    words = [coded(v, choices) for v in values]
    return "; ".join(words) if words else NOT_RECORDED


def flag(value: bool | None) -> str:
    if value is None:
        return NOT_RECORDED
    return "Yes (true)" if value else "No (false)"


def _sex(sex: str, year: CollectionYear) -> Item:
    if year.uses_sex:
        return Item("Sex", "Sex", coded(sex, codes.Sex))
    gender = codes.SEX_TO_GENDER_CURRENT.get(sex, sex)
    return Item("Sex", "GenderCurrent", coded(gender, codes.GenderCurrent))


def child_items(child: CensusChild, year: CollectionYear) -> list[Item]:
    """ChildIdentifiers and ChildCharacteristics."""
    return [
        Item("LA child ID", "LAchildID", child.la_child_id or NOT_RECORDED),
        Item("Unique pupil number", "UPN", child.upn or NOT_RECORDED),
        Item("Former unique pupil number", "FormerUPN", child.former_upn or NOT_RECORDED),
        Item(
            "Why there is no unique pupil number",
            "UPNunknown",
            coded(child.upn_unknown, codes.UPNUnknown),
        ),
        Item("Date of birth", "PersonBirthDate", day(child.birth_date)),
        Item("Expected date of birth", "ExpectedPersonBirthDate", day(child.expected_birth_date)),
        _sex(child.sex, year),
        Item("Date of death", "PersonDeathDate", day(child.death_date)),
        Item("Ethnicity", "Ethnicity", coded(child.ethnicity, codes.Ethnicity)),
        Item("Disabilities", "Disability", coded_list(child.disabilities, codes.Disability)),
    ]


def _episode(e: CinEpisode) -> Episode:
    items = [
        Item("Referral date", "CINreferralDate", day(e.referral_date)),
        Item("Referral source", "ReferralSource", coded(e.source, codes.ReferralSource)),
        Item("Primary need", "PrimaryNeedCode", coded(e.primary_need, codes.PrimaryNeed)),
        Item("Referral with no further action", "ReferralNFA", flag(e.no_further_action)),
        Item("Closure date", "CINclosureDate", day(e.closure_date)),
        Item(
            "Reason for closure",
            "ReasonForClosure",
            coded(e.closure_reason, codes.ReasonForClosure),
        ),
    ]
    if e.conference_date is not None:
        # At CINdetails level: a child who moved in on another authority's plan.
        items.append(
            Item(
                "Initial conference with no section 47 enquiry",
                "DateOfInitialCPC",
                day(e.conference_date),
            )
        )
    parts = [
        Part(
            f"Assessment started {day(a.start_date)}",
            [
                Item("Start date", "AssessmentActualStartDate", day(a.start_date)),
                Item("Authorised", "AssessmentAuthorisationDate", day(a.authorisation_date)),
                Item(
                    "Factors identified",
                    "AssessmentFactors",
                    coded_list(a.factors, codes.AssessmentFactor),
                ),
            ],
        )
        for a in e.assessments
    ]
    parts += [
        Part(
            f"Child in need plan from {day(p.start_date)}",
            [
                Item("Start date", "CINPlanStartDate", day(p.start_date)),
                Item("End date", "CINPlanEndDate", day(p.end_date)),
            ],
        )
        for p in e.cin_plans
    ]
    parts += [
        Part(
            f"Section 47 enquiry started {day(s.start_date)}",
            [
                Item(
                    "Start date (the strategy discussion)", "S47ActualStartDate", day(s.start_date)
                ),
                Item("Initial conference due by", "InitialCPCtarget", day(s.conference_target)),
                Item("Initial conference held", "DateOfInitialCPC", day(s.conference_date)),
                Item(
                    "Initial conference not needed",
                    "ICPCnotRequired",
                    flag(s.conference_not_required),
                ),
            ],
        )
        for s in e.section47s
    ]
    parts += [
        Part(
            f"Child protection plan from {day(cp.start_date)}",
            [
                Item("Start date", "CPPstartDate", day(cp.start_date)),
                Item("End date", "CPPendDate", day(cp.end_date)),
                Item(
                    "Initial category of abuse",
                    "InitialCategoryOfAbuse",
                    coded(cp.initial_category, codes.CategoryOfAbuse),
                ),
                Item(
                    "Latest category of abuse",
                    "LatestCategoryOfAbuse",
                    coded(cp.latest_category, codes.CategoryOfAbuse),
                ),
                Item(
                    "Earlier plans",
                    "NumberOfPreviousCPP",
                    NOT_RECORDED if cp.previous_plans is None else str(cp.previous_plans),
                ),
                Item(
                    "Review conferences",
                    "CPPreviewDate",
                    "; ".join(day(r) for r in cp.review_dates) or NOT_RECORDED,
                ),
            ],
        )
        for cp in e.protection_plans
    ]
    return Episode(f"Episode referred {day(e.referral_date)}", items, parts)


def findings_for(rows: Iterable[ReportRow], issues_now: Iterable[Issue]) -> list[Finding]:
    """The report's rows for the child, each checked against the rules run again now."""
    now = {(i.code, i.where) for i in issues_now}
    return [
        Finding(
            rule=row.rule,
            is_query=row.type == "query",
            message=row.message,
            where=row.where,
            found_now=None if row.rule == SCHEMA_RULE else (row.rule, row.where) in now,
        )
        for row in rows
    ]


def episodes_with_findings(
    child: CensusChild | None, findings: list[Finding]
) -> tuple[list[Episode], list[Finding]]:
    """The child's episodes, each with the findings made in it; and the findings about the
    child as a whole (identifiers, characteristics, schema), or in an episode no longer in
    the census as the record stands now."""
    episodes: list[Episode] = []
    placed: set[int] = set()
    for e in child.episodes if child is not None else []:
        episode = _episode(e)
        prefix = episode_where(e)
        for n, finding in enumerate(findings):
            if n not in placed and (
                finding.where == prefix or finding.where.startswith(prefix + ":")
            ):
                episode.findings.append(finding)
                placed.add(n)
        episodes.append(episode)
    return episodes, [f for n, f in enumerate(findings) if n not in placed]

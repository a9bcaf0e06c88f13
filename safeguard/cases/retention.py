"""Retention: how long each kind of record is kept, and what would be due for deletion.

Each person's record is classed by the most demanding record it holds, and kept for that
type's period from its anchor date:

- `adoption`: 100 years from the adoption order (Adoption Agencies Regulations 2005, reg. 41;
  the date is when the care period ended by adoption, SSDA903 reasons E11/E12);
- `looked_after`: until the 75th birthday, or 15 years after death if the child died before
  18 (Care Planning, Placement and Case Review (England) Regulations 2010, reg. 50);
- `childrens_social_care`: until the 75th birthday (the retention schedules local authorities
  follow for children's social care case files);
- `contact_only`: a child who was the subject of contacts only, never referred (until the
  75th birthday unless the authority sets a shorter local period);
- an adult (a parent, someone in the household) is kept as long as any child's record that
  links to them is kept.

Each type's period and anchor can be changed in settings, for example
`SAFEGUARD_RETENTION = {"contact_only": {"keep_years": 6, "from": "last_involvement"}}`.
A record with open involvement (an open allocation, referral, plan or care period) is never
due; a record whose anchor date is unknown is listed for review, never presumed due.

This module only reports. Nothing here deletes: `retention_report` is a dry run. Its count of
the rows a deletion would remove covers every table about a person, in every installed app
(`personal_data`: the case record, care, care leavers, permanence, the front door, what
partners sent and the signals raised from it), the tables subject access exports. It lives
with the case record because it reads it (access, below cases, imports no case model).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import TruncDate

from safeguard.cases.models import (
    Allocation,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Contact,
    LookedAfterPeriod,
    Referral,
)
from safeguard.cases.personal_data import about, record_paths, tables_deleted_with_a_person
from safeguard.common import codes
from safeguard.common.batching import in_chunks
from safeguard.people.models import Person, Relationship, Residence

ADOPTION = "adoption"
LOOKED_AFTER = "looked_after"
CHILDRENS_SOCIAL_CARE = "childrens_social_care"
CONTACT_ONLY = "contact_only"
RELATED_ADULT = "related_adult"

ANCHORS = ("birth", "adoption", "last_involvement")
ADOPTION_REASONS = (codes.ReasonEpisodeCeased.E11, codes.ReasonEpisodeCeased.E12)

DEFAULT_RETENTION: dict[str, dict[str, Any]] = {
    ADOPTION: {
        "keep_years": 100,
        "from": "adoption",
        "source": "Adoption Agencies Regulations 2005, reg. 41",
    },
    LOOKED_AFTER: {
        "keep_years": 75,
        "from": "birth",
        "after_death_years": 15,
        "source": "Care Planning, Placement and Case Review (England) Regulations 2010, reg. 50",
    },
    CHILDRENS_SOCIAL_CARE: {
        "keep_years": 75,
        "from": "birth",
        "source": "children's social care case file: until the 75th birthday",
    },
    CONTACT_ONLY: {
        "keep_years": 75,
        "from": "birth",
        "source": "contacts never referred: as the case file unless set locally",
    },
}
# Tables a person's deletion would reach, beyond those that point at a child.


def retention_rules(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The rules in force: the defaults above with the authority's settings over them."""
    configured = (
        overrides if overrides is not None else getattr(settings, "SAFEGUARD_RETENTION", {})
    )
    rules = {kind: dict(rule) for kind, rule in DEFAULT_RETENTION.items()}
    for kind, rule in (configured or {}).items():
        if kind not in rules:
            raise ImproperlyConfigured(
                f"SAFEGUARD_RETENTION names an unknown record type {kind!r}: "
                f"use one of {', '.join(sorted(rules))}."
            )
        rules[kind].update(rule)
    for kind, rule in rules.items():
        if rule["from"] not in ANCHORS or int(rule["keep_years"]) < 1:
            raise ImproperlyConfigured(
                f"SAFEGUARD_RETENTION[{kind!r}] needs keep_years of at least 1 and 'from' one "
                f"of {', '.join(ANCHORS)}."
            )
    return rules


@dataclass(frozen=True)
class Decision:
    person_id: int
    record_type: str
    keep_until: date | None
    reason: str


@dataclass
class RetentionReport:
    as_of: date
    rules: dict[str, Any]
    due: list[Decision] = field(default_factory=list)
    review: list[Decision] = field(default_factory=list)
    kept: Counter[str] = field(default_factory=Counter)
    rows_to_delete: dict[str, int] = field(default_factory=dict)

    @property
    def due_ids(self) -> list[int]:
        return [d.person_id for d in self.due]


def _classify(row: Mapping[str, Any]) -> str:
    if row["adopted_on"] is not None:
        return ADOPTION
    if row["looked_after"]:
        return LOOKED_AFTER
    if row["referred"] or row["allocated"] or not row["contacted"]:
        return CHILDRENS_SOCIAL_CARE
    return CONTACT_ONLY


def _anchor(rule: Mapping[str, Any], row: Mapping[str, Any]) -> date | None:
    if rule["from"] == "adoption":
        adopted: date | None = row["adopted_on"]
        return adopted
    if rule["from"] == "last_involvement":
        dates = [
            d for d in (row["last_contact"], row["last_referral"], row["last_allocation"]) if d
        ]
        return max(dates) if dates else None
    born: date | None = row["date_of_birth"] or row["expected_date_of_birth"]
    return born


def _keep_until(kind: str, rule: Mapping[str, Any], row: Mapping[str, Any]) -> date | None:
    anchor = _anchor(rule, row)
    if anchor is None:
        return None
    until = anchor + relativedelta(years=int(rule["keep_years"]))
    died, born = row["date_of_death"], row["date_of_birth"]
    after_death = rule.get("after_death_years")
    if after_death and died and born and died < born + relativedelta(years=18):
        until = died + relativedelta(years=int(after_death))
    return until


def _describe(kind: str, rule: Mapping[str, Any], until: date) -> str:
    anchor = {"birth": "birth", "adoption": "the adoption", "last_involvement": "last involvement"}
    return f"{kind}: kept {rule['keep_years']} years from {anchor[rule['from']]}, until {until}"


def _children() -> Iterable[dict[str, Any]]:
    child = OuterRef("pk")
    open_involvement = (
        Exists(Allocation.objects.filter(child=child, end_date__isnull=True))
        | Exists(Referral.objects.filter(child=child, closure_date__isnull=True))
        | Exists(ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True))
        | Exists(ChildInNeedPlan.objects.filter(child=child, end_date__isnull=True))
        | Exists(LookedAfterPeriod.objects.filter(child=child, end_date__isnull=True))
    )
    last = {
        "last_contact": Contact.objects.filter(child=child)
        .values("child")
        .annotate(d=Max(TruncDate("received_at")))
        .values("d"),
        "last_referral": Referral.objects.filter(child=child)
        .values("child")
        .annotate(d=Max("closure_date"))
        .values("d"),
        "last_allocation": Allocation.objects.filter(child=child)
        .values("child")
        .annotate(d=Max("end_date"))
        .values("d"),
        "adopted_on": LookedAfterPeriod.objects.filter(
            child=child, reason_ceased__in=ADOPTION_REASONS
        )
        .values("child")
        .annotate(d=Max("end_date"))
        .values("d"),
    }
    # Whoever a case record is about is a subject, whatever the is_child flag says.
    subject = (
        Q(is_child=True)
        | Exists(Referral.objects.filter(child=child))
        | Exists(Allocation.objects.filter(child=child))
        | Exists(Contact.objects.filter(child=child))
        | Exists(LookedAfterPeriod.objects.filter(child=child))
    )
    rows: Iterable[dict[str, Any]] = (
        Person.objects.filter(subject)
        .annotate(
            open_involvement=open_involvement,
            looked_after=Exists(LookedAfterPeriod.objects.filter(child=child)),
            referred=Exists(Referral.objects.filter(child=child)),
            allocated=Exists(Allocation.objects.filter(child=child)),
            contacted=Exists(Contact.objects.filter(child=child)),
            **last,
        )
        .values(
            "pk",
            "date_of_birth",
            "expected_date_of_birth",
            "date_of_death",
            "open_involvement",
            "looked_after",
            "referred",
            "allocated",
            "contacted",
            *last,
        )
        .order_by("pk")
        .iterator(chunk_size=5000)
    )
    return rows


def _adult_links(children: set[int]) -> dict[int, set[int]]:
    """Each adult's linked children: by a relationship either way, or a shared address."""
    links: dict[int, set[int]] = defaultdict(set)
    for a, b in Relationship.objects.values_list("person_id", "relative_id").iterator():
        if a in children and b not in children:
            links[b].add(a)
        elif b in children and a not in children:
            links[a].add(b)
    by_address: dict[int, set[int]] = defaultdict(set)
    for address_id, person_id in Residence.objects.values_list("address_id", "person_id"):
        by_address[address_id].add(person_id)
    for people in by_address.values():
        linked_children = people & children
        for person_id in people - children:
            links[person_id] |= linked_children
    for adult in set(Person.objects.values_list("pk", flat=True)) - children:
        links.setdefault(adult, set())
    for child_id in children:
        links.pop(child_id, None)
    return links


def _rows_to_delete(person_ids: list[int]) -> dict[str, int]:
    """How many rows each table would lose if these people's records were deleted: every
    table about a person (`personal_data`, the same tables subject access exports, in every
    app), counting the rows that go with each person's record."""
    if not person_ids:
        return {}
    counts: dict[str, int] = {}
    for model in tables_deleted_with_a_person():
        total = 0
        paths = record_paths(model)
        # Several paths per model, each repeating the ids: smaller slices than usual.
        for ids in in_chunks(person_ids, 500):
            total += model._default_manager.filter(about(paths, ids)).distinct().count()
        if total:
            counts[model._meta.label_lower] = total
    return counts


def retention_report(
    *, as_of: date, rules: Mapping[str, Mapping[str, Any]] | None = None
) -> RetentionReport:
    """What the retention rules would delete on `as_of`, and why. Reads only."""
    in_force = retention_rules(rules)
    report = RetentionReport(as_of=as_of, rules=in_force)
    kept_children: set[int] = set()
    subjects: set[int] = set()
    for row in _children():
        subjects.add(row["pk"])
        kind = _classify(row)
        rule = in_force[kind]
        if row["open_involvement"]:
            report.kept[kind] += 1
            kept_children.add(row["pk"])
            continue
        until = _keep_until(kind, rule, row)
        if until is None:
            report.review.append(
                Decision(row["pk"], kind, None, f"{kind}: the {rule['from']} date is not recorded")
            )
            kept_children.add(row["pk"])
        elif until <= as_of:
            report.due.append(Decision(row["pk"], kind, until, _describe(kind, rule, until)))
        else:
            report.kept[kind] += 1
            kept_children.add(row["pk"])
    for adult, linked in sorted(_adult_links(subjects).items()):
        if linked & kept_children:
            report.kept[RELATED_ADULT] += 1
        else:
            reason = (
                f"{RELATED_ADULT}: every child's record that links to them is due"
                if linked
                else f"{RELATED_ADULT}: no child's record links to them"
            )
            report.due.append(Decision(adult, RELATED_ADULT, None, reason))
    report.rows_to_delete = _rows_to_delete(report.due_ids)
    return report

"""Reads of a child's relationships, household and current addresses, for the pages that
change them (`people.services` writes; the pages live in `cases`).

People know nothing of who may see whom: the caller has already applied need to know to the
child (and audited the read). Each function is one query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from safeguard.common import codes

from .models import Person, Relationship, Residence


@dataclass(frozen=True)
class RelationshipRow:
    """One of the child's relationships as the pages word it."""

    relationship: Relationship
    # The other person: the relative.
    other: Person
    # What they are to the child ("Parent"), or, for one recorded from the child's side,
    # what the child is to them ("Own is their sibling").
    description: str
    # Recorded as "<other> is <kind> of <child>" (as `relationship_add` records it): only
    # these are changed in place; any relationship can be ended.
    to_the_child: bool

    @property
    def is_current(self) -> bool:
        return self.relationship.end_date is None


def relationships_of(child: Person) -> list[RelationshipRow]:
    """Every relationship of the child, whichever way it is recorded: current first, then
    ended; each group by name."""
    labels = dict(codes.RelationshipKind.choices)
    found = Relationship.objects.filter(Q(person=child) | Q(relative=child)).select_related(
        "person", "relative"
    )
    rows = []
    for relationship in found:
        kind = str(labels.get(relationship.kind, relationship.kind))
        if relationship.relative_id == child.pk:
            rows.append(RelationshipRow(relationship, relationship.person, kind, True))
        else:
            them = f"{child.first_name or child.full_name} is their {kind.lower()}"
            rows.append(RelationshipRow(relationship, relationship.relative, them, False))
    return sorted(
        rows,
        key=lambda r: (not r.is_current, r.other.last_name, r.other.first_name, r.relationship.pk),
    )


def residences_open(person: Person) -> list[Residence]:
    """Where the person lives now (stays with no end date), newest first, with the address."""
    return list(
        Residence.objects.filter(person=person, end_date__isnull=True)
        .select_related("address")
        .order_by("-start_date", "-pk")
    )


def household_of(child: Person) -> list[Residence]:
    """Everyone else living now at an address where the child lives now: their stays, with
    the person and the address. Never at a refuge: who else lives there is not shown."""
    homes = Residence.objects.filter(person=child, end_date__isnull=True).exclude(
        kind=codes.AddressKind.REFUGE
    )
    return list(
        Residence.objects.filter(address_id__in=homes.values("address_id"), end_date__isnull=True)
        .exclude(person=child)
        .select_related("person", "address")
        .order_by("person__last_name", "person__first_name", "pk")
    )

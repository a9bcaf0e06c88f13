"""Reads for the pages that change who a child is, their relationships, household and
addresses (`views/child_details.py`). The child is found through need to know (404 outside
it), the role is checked against `child.change_details` for this child (403), and the read
is audited once, as every action page's is; a relationship or stay named in the URL must be
on that child's record (404 otherwise)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from safeguard.common import codes
from safeguard.common.types import AnyUser
from safeguard.people.household import (
    RelationshipRow,
    household_of,
    relationships_of,
    residences_open,
)
from safeguard.people.models import Person, Residence

from .actions import child_get_for_action

CHANGE_DETAILS = "child.change_details"


def child_get_for_change(
    *, user: AnyUser, child_id: int, request: HttpRequest | None = None
) -> Person:
    return child_get_for_action(
        user=user, child_id=child_id, permission=CHANGE_DETAILS, request=request
    )


@dataclass(frozen=True)
class ChildDetails:
    """What the pages that change the child's relationships, household and addresses show
    and choose from."""

    child: Person
    relationships: list[RelationshipRow]
    # The child's stays with no end date (where they live now), newest first.
    homes: list[Residence]
    # Everyone else living now where the child lives (not at a refuge).
    household: list[Residence]

    @property
    def homes_for_household(self) -> list[Residence]:
        """Where others may be recorded living with the child: not a refuge."""
        return [r for r in self.homes if r.kind != codes.AddressKind.REFUGE]

    def people_on_record_unrelated(self) -> list[Person]:
        """Those living with the child with no current relationship recorded to them: who
        a new relationship may be recorded for, besides someone new."""
        related = {r.other.pk for r in self.relationships if r.is_current}
        seen: dict[int, Person] = {}
        for stay in self.household:
            if stay.person_id not in related:
                seen.setdefault(stay.person_id, stay.person)
        return list(seen.values())


def child_details_get(
    *, user: AnyUser, child_id: int, request: HttpRequest | None = None
) -> ChildDetails:
    child = child_get_for_change(user=user, child_id=child_id, request=request)
    return ChildDetails(
        child=child,
        relationships=relationships_of(child),
        homes=residences_open(child),
        household=household_of(child),
    )


def relationship_get_for_change(
    *, user: AnyUser, child_id: int, relationship_id: int, request: HttpRequest | None = None
) -> tuple[Person, RelationshipRow]:
    child = child_get_for_change(user=user, child_id=child_id, request=request)
    row = next((r for r in relationships_of(child) if r.relationship.pk == relationship_id), None)
    if row is None:
        raise Http404("Not found")
    return child, row


def household_member_get_for_change(
    *, user: AnyUser, child_id: int, residence_id: int, request: HttpRequest | None = None
) -> tuple[Person, Residence]:
    child = child_get_for_change(user=user, child_id=child_id, request=request)
    stay = next((r for r in household_of(child) if r.pk == residence_id), None)
    if stay is None:
        raise Http404("Not found")
    return child, stay

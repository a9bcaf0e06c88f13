"""Reads of the providers register: the register itself, one provider's page, and the
placements to review because their provider is now rated inadequate.

A provider's current grade is its latest graded inspection (`rules.CURRENT_FIRST`), asked of
the inspections as a subquery wherever it is needed, never stored beside them. Children are
named only where the reader may see them (`access.queries.visible_children_q`, the one
need-to-know filter); the others placed with a provider are counted, not named, and every
child named is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest

from safeguard.access.queries import visible_children_q
from safeguard.access.reasons import case_holder_names
from safeguard.access.roles import MANAGER_ROLES, worker_of
from safeguard.audit.services import audit_list
from safeguard.cases.models import Allocation, LookedAfterReview, Placement
from safeguard.common import codes as case_codes
from safeguard.common.id_lists import IdIn
from safeguard.common.types import AnyUser
from safeguard.people.models import Person, full_name_of

from .codes import Grade
from .models import OfstedImport, OfstedInspection, Provider, display_name_of
from .rules import CURRENT_FIRST, urn_normalise

PAGE_SIZE = 50
# The register's grade filter: each grade, or a provider with no graded inspection yet.
NOT_GRADED = "none"


# --- The current grade ----------------------------------------------------------------------


def _graded(**provider: Any) -> QuerySet[OfstedInspection]:
    """A provider's graded inspections, its current one first (`provider` names it: by
    `provider=OuterRef("pk")` or `provider__urn=OuterRef("urn")`)."""
    return OfstedInspection.objects.filter(**provider).exclude(grade="").order_by(*CURRENT_FIRST)


def with_current_grade(providers: QuerySet[Provider]) -> QuerySet[Any]:
    """Each provider with its current grade (blank: none yet), the date of the inspection
    that gave it, and that inspection's id."""
    current = _graded(provider=OuterRef("pk"))
    return providers.annotate(
        current_grade=Coalesce(Subquery(current.values("grade")[:1]), Value("")),
        current_inspected_on=Subquery(current.values("inspection_date")[:1]),
        current_inspection_id=Subquery(current.values("pk")[:1]),
    )


def current_grades(urns: Sequence[str]) -> dict[str, str]:
    """The current grade of each of these providers (blank: none yet)."""
    found: dict[str, str] = {}
    for start in range(0, len(urns), 500):
        chunk = list(urns[start : start + 500])
        found.update(
            with_current_grade(Provider.objects.filter(urn__in=chunk)).values_list(
                "urn", "current_grade"
            )
        )
    return found


def children_placed_count(urns: Sequence[str]) -> dict[str, int]:
    """How many children are placed with each of these providers now (open placements)."""
    rows = (
        Placement.objects.filter(urn__in=list(urns), end_date__isnull=True)
        .values("urn")
        .annotate(children=Count("child_id", distinct=True))
    )
    return {row["urn"]: row["children"] for row in rows}


# --- Placements to review -------------------------------------------------------------------


def placements_to_review() -> QuerySet[Any]:
    """Open placements with a provider whose current grade is inadequate, where the child
    has had no looked-after review since that inspection: the placement review is due. Each
    is annotated with the inspection's date (`rated_on`) and the provider's name and kind.

    The review is due from the inspection: a review of the child's care plan held on or after
    that date (Care Planning, Placement and Case Review (England) Regulations 2010, reg. 32 and
    33: the plan and placement are reviewed when a matter affecting the placement arises)
    clears it, as does the child leaving the placement. A later inspection graded better
    makes the provider's current grade no longer inadequate, and clears it too."""
    current = _graded(provider__urn=OuterRef("urn"))
    provider = Provider.objects.filter(urn=OuterRef("urn"))
    return (
        Placement.objects.filter(end_date__isnull=True)
        .exclude(urn="")
        .annotate(
            current_grade=Subquery(current.values("grade")[:1]),
            rated_on=Subquery(current.values("inspection_date")[:1]),
        )
        .filter(Q(current_grade=Grade.INADEQUATE))
        .exclude(
            Exists(
                LookedAfterReview.objects.filter(
                    child_id=OuterRef("child_id"), review_date__gte=OuterRef("rated_on")
                )
            )
        )
        .annotate(
            provider_name=Subquery(provider.values("name")[:1]),
            provider_kind=Subquery(provider.values("kind")[:1]),
        )
    )


@dataclass(frozen=True)
class PlacementToReview:
    child_id: int
    child_name: str
    placed_on: date
    urn: str
    provider_name: str
    rated_on: date


def placements_to_review_for(
    *, user: AnyUser, caseload_ids: Sequence[int], limit: int
) -> list[PlacementToReview]:
    """The placements to review that are this person's to act on: of a child on their
    caseload (allocated to them, within their need to know), or, for a manager, of a child
    whose case is allocated to a team they manage and whom they may see. The longest waiting
    first; one query, at most `limit` rows."""
    worker = worker_of(user)
    if worker is None:
        return []
    mine = IdIn("child_id", list(caseload_ids))
    theirs = Q(mine)
    if worker.role in MANAGER_ROLES:
        managed = Allocation.objects.filter(
            child_id=OuterRef("child_id"), end_date__isnull=True, team__manager_id=worker.pk
        )
        # Need to know asked of the few candidate children only, as a correlated subquery.
        visible = Person.objects.filter(visible_children_q(user), pk=OuterRef("child_id"))
        theirs |= Q(Exists(managed)) & Q(Exists(visible))
    rows = (
        placements_to_review()
        .filter(theirs)
        .order_by(F("rated_on"), "child__last_name", "child__first_name", "pk")
        .values(
            "child_id",
            "child__first_name",
            "child__last_name",
            "start_date",
            "urn",
            "provider_name",
            "provider_kind",
            "rated_on",
        )[:limit]
    )
    return [
        PlacementToReview(
            child_id=row["child_id"],
            child_name=full_name_of(row["child__first_name"], row["child__last_name"]),
            placed_on=row["start_date"],
            urn=row["urn"],
            provider_name=display_name_of(
                row["provider_name"] or "", row["provider_kind"] or "", row["urn"]
            ),
            rated_on=row["rated_on"],
        )
        for row in rows
    ]


# --- The register ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilters:
    """What the register is searched and filtered by, as given (unchecked words match
    nothing rather than everything)."""

    search: str = ""
    grade: str = ""
    kind: str = ""

    @property
    def any(self) -> bool:
        return bool(self.search or self.grade or self.kind)


def provider_list(*, filters: RegisterFilters) -> QuerySet[Any]:
    """The register, searched by name, URN or owner and filtered by current grade and kind;
    each provider with its current grade and how many children are placed there now. Named
    providers by name, then those Ofsted names only by URN."""
    placed = (
        Placement.objects.filter(urn=OuterRef("urn"), end_date__isnull=True)
        .order_by()
        .values("urn")
        .annotate(children=Count("child_id", distinct=True))
        .values("children")
    )
    providers: QuerySet[Any] = with_current_grade(Provider.objects.all()).annotate(
        children_placed=Coalesce(Subquery(placed[:1]), Value(0)),
        unnamed=Case(When(name="", then=Value(1)), default=Value(0), output_field=IntegerField()),
    )
    if filters.search:
        words = filters.search.strip()
        providers = providers.filter(
            Q(name__icontains=words)
            | Q(owner__icontains=words)
            | Q(urn__startswith=urn_normalise(words))
        )
    if filters.grade == NOT_GRADED:
        providers = providers.filter(Q(current_grade=""))
    elif filters.grade:
        providers = providers.filter(Q(current_grade=filters.grade))
    if filters.kind:
        providers = providers.filter(kind=filters.kind)
    return providers.order_by("unnamed", "name", "urn")


def last_import_get() -> OfstedImport | None:
    """The latest file of Ofsted's data that changed the register."""
    return OfstedImport.objects.order_by("-imported_at", "-pk").first()


# --- One provider ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedChild:
    child_id: int
    name: str
    placed_on: date
    placement_type: str
    team: str
    worker: str
    review_due: bool


@dataclass(frozen=True)
class ProviderPage:
    provider: Provider
    # Newest first, each with `is_current` set on the one that gives the current grade.
    inspections: list[OfstedInspection]
    # The children placed there now whom the reader may see, by name.
    placed: list[PlacedChild]
    # The others placed there now: counted, not named.
    not_named: int

    @property
    def placed_total(self) -> int:
        return len(self.placed) + self.not_named

    @property
    def current_grade(self) -> str:
        return str(getattr(self.provider, "current_grade", ""))

    @property
    def current_grade_label(self) -> str:
        return Grade(self.current_grade).label if self.current_grade else ""

    @property
    def is_inadequate(self) -> bool:
        return self.current_grade == Grade.INADEQUATE


def provider_get(*, urn: str) -> Provider:
    """The provider with this URN and its current grade; 404 if the register has none."""
    provider: Provider | None = with_current_grade(
        Provider.objects.filter(urn=urn_normalise(urn))
    ).first()
    if provider is None:
        raise Http404("No provider with this URN")
    return provider


def provider_page_get(*, user: AnyUser, urn: str, request: HttpRequest | None) -> ProviderPage:
    """A provider with its inspections over time and the children placed there now: named
    where the reader may see them (audited, one entry for the list), counted otherwise."""
    provider = provider_get(urn=urn)
    inspections = list(
        OfstedInspection.objects.filter(provider=provider)
        .select_related("ofsted_import")
        .order_by(*CURRENT_FIRST)
    )
    current_id = getattr(provider, "current_inspection_id", None)
    for inspection in inspections:
        inspection.is_current = inspection.pk == current_id  # type: ignore[attr-defined]
    placements = list(
        Placement.objects.filter(urn=provider.urn, end_date__isnull=True)
        .order_by("child__last_name", "child__first_name", "child_id", "-start_date")
        .values("child_id", "child__first_name", "child__last_name", "start_date", "placement_type")
    )
    by_child: dict[int, Any] = {}
    for row in placements:
        by_child.setdefault(row["child_id"], row)
    ids = list(by_child)
    visible = (
        set(
            Person.objects.filter(visible_children_q(user))
            .filter(IdIn("pk", ids))
            .values_list("pk", flat=True)
        )
        if ids
        else set()
    )
    shown = [child_id for child_id in ids if child_id in visible]
    holders = case_holder_names(shown)
    due = (
        set(
            placements_to_review()
            .filter(urn=provider.urn)
            .filter(IdIn("child_id", shown))
            .values_list("child_id", flat=True)
        )
        if shown and provider.current_grade == Grade.INADEQUATE  # type: ignore[attr-defined]
        else set()
    )
    types = dict(case_codes.PlacementType.choices)
    placed = [
        PlacedChild(
            child_id=child_id,
            name=full_name_of(
                by_child[child_id]["child__first_name"], by_child[child_id]["child__last_name"]
            ),
            placed_on=by_child[child_id]["start_date"],
            placement_type=str(
                types.get(
                    by_child[child_id]["placement_type"], by_child[child_id]["placement_type"]
                )
            ),
            team=holders[child_id].team if child_id in holders else "",
            worker=holders[child_id].worker if child_id in holders else "",
            review_due=child_id in due,
        )
        for child_id in shown
    ]
    if shown:
        audit_list(
            actor=user,
            request=request,
            name="provider placements",
            object_type="providers.provider",
            object_id=provider.urn,
            child_ids=shown,
        )
    return ProviderPage(
        provider=provider,
        inspections=inspections,
        placed=placed,
        not_named=len(ids) - len(shown),
    )

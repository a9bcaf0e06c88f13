"""Writes to the benchmarks: loading a published table, choosing the statistical neighbours.
Keyword-only, validated, all or nothing, audited in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority

from .loader import Parsed
from .models import PublishedFigure, PublishedLoad, StatisticalNeighbour

__all__ = [
    "LoadReport",
    "NeighbourChoiceError",
    "published_table_load",
    "statistical_neighbours_choose",
]

TOO_MANY_NEIGHBOURS = (
    "Choose at most {most} statistical neighbours (you chose {count}): the DfE's and Ofsted's "
    "comparisons use ten."
)
NEIGHBOUR_REPEATED = "{name} is chosen twice: choose each neighbour once."
NEIGHBOUR_IS_SELF = "{name} is this authority: choose other authorities as its neighbours."
NEIGHBOUR_UNKNOWN = (
    "{code} is not an English local authority in the loaded tables or the list of authorities."
)

MOST_NEIGHBOURS = 15


class NeighbourChoiceError(ValueError):
    pass


@dataclass(frozen=True)
class LoadReport:
    table: str
    periods: tuple[str, ...]
    figures: int
    measures: tuple[str, ...]
    replaced_loads: int
    skipped_rows: int

    @property
    def summary(self) -> str:
        return (
            f"Loaded {self.figures} figures of the {self.table} table for "
            f"{', '.join(self.periods)} ({', '.join(self.measures)}); "
            f"replaced {self.replaced_loads} earlier load(s)"
            + (f"; skipped {self.skipped_rows} rows at other levels." if self.skipped_rows else ".")
        )


@transaction.atomic
def published_table_load(
    *,
    parsed: Parsed,
    source_file: str,
    generated: bool = False,
    actor: AnyUser | None = None,
) -> LoadReport:
    """Load a parsed published table, one load per period, replacing what was loaded before
    for that table and period (the measures the file holds). A generated load (the demo's
    neighbours) replaces only the generated loads before it, so it never hides the published
    England line."""
    replaced = 0
    figures = 0
    username = actor.get_username() if actor is not None and actor.is_authenticated else ""
    for time_period, period in sorted(parsed.periods.items()):
        earlier = PublishedLoad.objects.filter(table=parsed.table, time_period=time_period)
        if generated:
            earlier = earlier.filter(generated=True)
        # The DfE publishes a table's measures in several files (children in need: C1 for
        # referrals, C2 for assessments, D1 for plans): a file replaces the earlier figures
        # of the measures it holds, and a load left with none goes.
        for old in earlier.filter(figures__measure__in=parsed.measures).distinct():
            old.figures.filter(measure__in=parsed.measures).delete()
            emptied = not old.figures.exists()
            audit_record(
                action=Action.DELETE if emptied else Action.UPDATE,
                actor=actor,
                object_type="benchmarks.publishedload",
                object_id=old.pk,
                details={
                    "table": old.table,
                    "period": time_period,
                    "file": old.source_file,
                    "measures_replaced": list(parsed.measures),
                },
            )
            if emptied:
                old.delete()
            replaced += 1
        load = PublishedLoad.objects.create(
            table=parsed.table,
            time_period=time_period,
            time_identifier=period.time_identifier,
            source_file=source_file[:255],
            generated=generated,
            loaded_by=username,
        )
        PublishedFigure.objects.bulk_create(
            PublishedFigure(
                load=load,
                measure=f.measure,
                geographic_level=f.geographic_level,
                new_la_code=f.new_la_code,
                old_la_code=f.old_la_code,
                la_name=f.la_name,
                region_name=f.region_name,
                value=f.value,
                marker=f.marker,
            )
            for f in period.figures
        )
        figures += len(period.figures)
        audit_record(
            action=Action.CREATE,
            actor=actor,
            object_type="benchmarks.publishedload",
            object_id=load.pk,
            details={
                "table": load.table,
                "period": time_period,
                "file": load.source_file,
                "generated": generated,
                "figures": len(period.figures),
            },
        )
    return LoadReport(
        table=parsed.table.value,
        periods=tuple(sorted(parsed.periods)),
        figures=figures,
        measures=parsed.measures,
        replaced_loads=replaced,
        skipped_rows=parsed.skipped_rows,
    )


@transaction.atomic
def statistical_neighbours_choose(
    *,
    authority: Authority,
    neighbours: Sequence[tuple[str, str]],
    actor: AnyUser | None,
    choosable: dict[str, str],
) -> list[StatisticalNeighbour]:
    """Replace the authority's neighbours with ``neighbours`` ((ONS code, name), closest
    first), each one of ``choosable`` (selectors.choosable_authorities)."""
    if len(neighbours) > MOST_NEIGHBOURS:
        raise NeighbourChoiceError(
            TOO_MANY_NEIGHBOURS.format(most=MOST_NEIGHBOURS, count=len(neighbours))
        )
    seen: set[str] = set()
    for code, name in neighbours:
        if code not in choosable:
            raise NeighbourChoiceError(NEIGHBOUR_UNKNOWN.format(code=code))
        if code in seen:
            raise NeighbourChoiceError(NEIGHBOUR_REPEATED.format(name=name))
        if choosable[code] == authority.name:
            raise NeighbourChoiceError(NEIGHBOUR_IS_SELF.format(name=name))
        seen.add(code)
    StatisticalNeighbour.objects.filter(authority=authority).delete()
    chosen = StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(authority=authority, new_la_code=code, la_name=name, rank=rank)
        for rank, (code, name) in enumerate(neighbours, start=1)
    )
    audit_record(
        action=Action.UPDATE,
        actor=actor,
        object_type="benchmarks.statisticalneighbour",
        object_id=authority.pk,
        details={"neighbours": [code for code, _ in neighbours]},
    )
    return chosen

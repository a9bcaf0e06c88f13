"""England's national rows, shipped with the code in `data/` and loaded by migration 0002.

A test database that is flushed (a transactional test empties every table) loses what a data
migration wrote, so the tests that read England's figures put the rows back with
`england_rows_ensure`; in production the migration's rows stay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .loader import parse
from .measures import Table

DATA = Path(__file__).resolve().parent / "data"
FILES = {
    Table.WORKFORCE: "workforce_england_2025.csv",
    Table.CIN: "cin_england_2025.csv",
    Table.CLA: "cla_england_2025.csv",
}


def england_rows_load(published_load: Any, published_figure: Any) -> None:
    """Write the shipped national rows with these models (the migration's historical ones,
    or the app's)."""
    for table, name in FILES.items():
        with (DATA / name).open(encoding="utf-8-sig", newline="") as lines:
            parsed = parse(lines, table)
        for time_period, period in parsed.periods.items():
            load = published_load.objects.create(
                table=table.value,
                time_period=time_period,
                time_identifier=period.time_identifier,
                source_file=name,
                generated=False,
                loaded_by="migration",
            )
            published_figure.objects.bulk_create(
                published_figure(
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


def england_rows_ensure() -> None:
    """Put the shipped rows back if they are gone (a flushed test database)."""
    from .models import PublishedFigure, PublishedLoad

    if not PublishedLoad.objects.filter(loaded_by="migration").exists():
        england_rows_load(PublishedLoad, PublishedFigure)

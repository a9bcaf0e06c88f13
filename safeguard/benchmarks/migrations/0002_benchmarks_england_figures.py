"""England's national rows (workforce 2025, children in need 2024-25, looked after 2025), so the
England line exists without loading anything (safeguard/benchmarks/data/README.md)."""

from pathlib import Path

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safeguard.benchmarks.loader import parse
from safeguard.benchmarks.measures import Table

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = {
    Table.WORKFORCE: "workforce_england_2025.csv",
    Table.CIN: "cin_england_2025.csv",
    Table.CLA: "cla_england_2025.csv",
}


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    published_load = apps.get_model("benchmarks", "PublishedLoad")
    published_figure = apps.get_model("benchmarks", "PublishedFigure")
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


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("benchmarks", "PublishedLoad").objects.filter(
        source_file__in=FILES.values(), loaded_by="migration"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("benchmarks", "0001_benchmarks_create")]

    operations = [migrations.RunPython(load, unload)]

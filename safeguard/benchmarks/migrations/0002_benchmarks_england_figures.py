"""England's national rows (workforce 2025, children in need 2024-25, looked after 2025), so the
England line exists without loading anything (safeguard/benchmarks/data/README.md)."""


from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safeguard.benchmarks.shipped import FILES, england_rows_load


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    england_rows_load(
        apps.get_model("benchmarks", "PublishedLoad"), apps.get_model("benchmarks", "PublishedFigure")
    )


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("benchmarks", "PublishedLoad").objects.filter(
        source_file__in=FILES.values(), loaded_by="migration"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("benchmarks", "0001_benchmarks_create")]

    operations = [migrations.RunPython(load, unload)]

"""Several chains side by side, so appends in parallel do not queue behind one head
(docs/decisions/0008-audit-chains-without-one-lock.md). Every entry so far is chain 1's, as
written: its MACs are unchanged and verify as before.

On PostgreSQL the chains' heads are made here, committed before any request appends: an
append that had to make them inside a long transaction would hold back every other append
until it committed. (SQLite writes one transaction at a time and keeps to chain 1.)

Not reversible once a second chain has entries: their sequence numbers repeat chain 1's.
"""

from django.db import migrations, models

# services.AUDIT_CHAINS when this was written (a migration keeps its own copy).
CHAINS = 16


def heads_make(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    head = apps.get_model("audit", "AuditHead")
    head.objects.using(schema_editor.connection.alias).bulk_create(
        [head(id=chain) for chain in range(1, CHAINS + 1)], ignore_conflicts=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_refused_action'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='auditentry',
            options={'ordering': ['id'], 'verbose_name_plural': 'audit entries'},
        ),
        migrations.AddField(
            model_name='auditentry',
            name='chain',
            field=models.PositiveSmallIntegerField(default=1, editable=False),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='sequence',
            field=models.BigIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(fields=('chain', 'sequence'), name='audit_chain_sequence'),
        ),
        migrations.RunPython(heads_make, migrations.RunPython.noop),
    ]

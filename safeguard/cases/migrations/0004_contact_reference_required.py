from django.db import migrations, models


def fill_references(apps, schema_editor):
    """Contacts recorded before references existed get one now, as a live contact would."""
    from safeguard.common.references import reference_new

    contact = apps.get_model("cases", "Contact")
    taken: set[str] = set()
    pending = []
    for pk in contact.objects.filter(reference__isnull=True).values_list("pk", flat=True):
        reference = reference_new()
        while reference in taken:
            reference = reference_new()
        taken.add(reference)
        pending.append(contact(pk=pk, reference=reference))
    contact.objects.bulk_update(pending, ["reference"], batch_size=1000)


class Migration(migrations.Migration):
    # Apart from 0003 so that PostgreSQL alters the table in a transaction of its own.
    dependencies = [("cases", "0003_contact_every_route")]

    operations = [
        migrations.RunPython(fill_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contact",
            name="reference",
            field=models.CharField(max_length=14, unique=True),
        ),
    ]

"""Fill the name search keys of people recorded before the keys existed.

Uses the live `search_keys_for` (a pure function with no model imports) so stored keys match
what the search computes. If the key algorithm changes, a later migration refills them the
same way.
"""

from django.db import migrations

BATCH = 2000


def fill_search_keys(apps, schema_editor):
    from safeguard.people.search_keys import search_keys_for

    Person = apps.get_model("people", "Person")
    batch = []
    rows = Person.objects.only("pk", "first_name", "last_name", "known_as").order_by("pk")
    for person in rows.iterator(chunk_size=BATCH):
        for field, key in search_keys_for(
            person.first_name, person.last_name, person.known_as
        ).items():
            setattr(person, field, key)
        batch.append(person)
        if len(batch) >= BATCH:
            Person.objects.bulk_update(batch, ["first_name_key", "last_name_key", "known_as_key"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["first_name_key", "last_name_key", "known_as_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_add_search_keys"),
    ]

    operations = [
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
    ]

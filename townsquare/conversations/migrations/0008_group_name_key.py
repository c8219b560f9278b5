"""Group names are unique, case-insensitively and trimmed (Group.name_key).

Existing duplicates must not break the migration: the oldest group keeps its name, each later one is renamed
with a suffix — "Data Guild (2)", "Data Guild (3)" — before the unique constraint is added (0009)."""

from django.db import migrations, models


def _key(name: str) -> str:
    return " ".join((name or "").split()).casefold()  # models.group_name_key, frozen here


def fill_name_keys(apps, schema_editor):
    Group = apps.get_model("conversations", "Group")
    taken: set[str] = set()
    for group in Group.objects.order_by("created_at", "pk").only("pk", "name"):
        name = group.name
        key = _key(name)
        n = 2
        while key in taken or not key:
            base = (group.name.strip() or "Group")[: 120 - len(f" ({n})")]
            name = f"{base} ({n})"
            key = _key(name)
            n += 1
        taken.add(key)
        Group.objects.filter(pk=group.pk).update(name=name, name_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ('conversations', '0007_moderation_and_archive'),
    ]

    operations = [
        migrations.AddField(
            model_name='group',
            name='name_key',
            field=models.CharField(default='', editable=False, max_length=120),
            preserve_default=False,
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=False),
    ]
    # The unique constraint comes in 0009, its own transaction: PostgreSQL refuses to alter a table with the
    # updates above still pending in the same one.

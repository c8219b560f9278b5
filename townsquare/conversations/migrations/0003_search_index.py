from django.db import migrations


def create_index(apps, schema_editor):
    from townsquare.conversations.search import setup_index

    setup_index(schema_editor)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in ["DROP TRIGGER IF EXISTS search_fts_ai", "DROP TRIGGER IF EXISTS search_fts_ad",
                    "DROP TRIGGER IF EXISTS search_fts_au", "DROP TABLE IF EXISTS search_fts"]:
            schema_editor.execute(sql)
    else:
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_tsv")


class Migration(migrations.Migration):
    dependencies = [("conversations", "0002_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]

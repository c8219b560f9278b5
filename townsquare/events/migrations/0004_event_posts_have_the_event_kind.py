"""Posts made for an event before events had their own post kind were updates: give them (and their search
entries, which the search's kind filter reads) the event kind, so their cards and the filter treat them alike."""

from django.db import migrations


def forwards(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Post = apps.get_model("conversations", "Post")
    SearchEntry = apps.get_model("conversations", "SearchEntry")
    ids = list(Event.objects.filter(post__isnull=False).values_list("post_id", flat=True))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        Post.objects.filter(pk__in=chunk, kind="update").update(kind="event")
        SearchEntry.objects.filter(kind="post", object_id__in=chunk, post_kind="update").update(post_kind="event")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_opportunity_time_zone"),
        ("conversations", "0015_notification_verbs_share"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

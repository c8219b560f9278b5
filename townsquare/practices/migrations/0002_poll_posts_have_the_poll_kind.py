"""Posts made for a poll before polls had their own post kind were updates: give them (and their search entries,
which the search's kind filter reads) the poll kind, so their cards vote in place and the filter finds them."""

from django.db import migrations


def forwards(apps, schema_editor):
    Poll = apps.get_model("practices", "Poll")
    Post = apps.get_model("conversations", "Post")
    SearchEntry = apps.get_model("conversations", "SearchEntry")
    ids = list(Poll.objects.filter(post__isnull=False).values_list("post_id", flat=True))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        Post.objects.filter(pk__in=chunk, kind="update").update(kind="poll")
        SearchEntry.objects.filter(kind="post", object_id__in=chunk, post_kind="update").update(post_kind="poll")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("conversations", "0015_notification_verbs_share"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

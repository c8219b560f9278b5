"""What an organisation holds, as numbers and digests that do not depend on the database it is in: the same in the
instance that ran export-org and in the one that ran import-org. Run in-process and, for the target, in a
subprocess: `python -m tests.portability.snapshot` prints it as JSON."""

import hashlib
import json
from pathlib import Path


def _digest(rows) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def snapshot() -> dict:
    from django.conf import settings
    from django.db.models import FileField

    from townsquare.conversations.models import Membership, Post, Reaction, Reply, SearchEntry
    from townsquare.people.models import Person
    from townsquare.portability import orgdump

    counts = {m._meta.label_lower: m._default_manager.count() for m in orgdump.exported_models()}
    files = {}
    for model in orgdump.exported_models():
        for field in [f for f in model._meta.concrete_fields if isinstance(f, FileField)]:
            for name in model._default_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True):
                path = Path(settings.MEDIA_ROOT) / name
                files[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    return {
        "counts": counts,
        "posts": _digest(Post.objects.order_by("pk").values_list("pk", "author_id", "group_id", "kind", "title", "body",
                                                                 "body_html", "created_at", "reply_count",
                                                                 "reaction_count")),
        "replies": _digest(Reply.objects.order_by("pk").values_list("pk", "post_id", "author_id", "body")),
        "people": _digest(Person.objects.order_by("pk").values_list("pk", "email", "name", "handle", "manager_id",
                                                                    "department_id", "password", "is_active",
                                                                    "is_staff")),
        "memberships": _digest(Membership.objects.order_by("pk").values_list("pk", "group_id", "person_id", "role",
                                                                             "state")),
        "reactions": _digest(Reaction.objects.order_by("pk").values_list("pk", "post_id", "person_id", "kind")),
        "topics": _digest(Post.topics.through.objects.order_by("pk").values_list("post_id", "topic_id")),
        "files": files,
        "search_entries": SearchEntry.objects.count(),
    }


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
    django.setup()
    print(json.dumps(snapshot(), sort_keys=True))

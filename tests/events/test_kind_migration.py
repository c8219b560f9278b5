"""The data migrations that give posts made before events and polls had their own post kind (they were updates)
the event and poll kinds, in the post and in its search entry, so the search's kind filter finds them; other
updates stay as they are."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from townsquare.conversations import search, services
from townsquare.conversations.models import Post, SearchEntry
from townsquare.events.models import Event
from townsquare.practices.models import Poll


def test_old_event_and_poll_posts_get_their_kinds_and_the_search_filter_finds_them(world):
    event_post = services.post_create(author=world.alice, body="Runbook review on Friday, all welcome")
    poll_post = services.post_create(author=world.alice, body="Which runbook format do you prefer?")
    plain = services.post_create(author=world.alice, body="Runbook notes from the incident")
    start = timezone.now() + timedelta(days=2)
    Event.objects.create(post=event_post, organiser=world.alice, title="Runbook review", description="Bring one",
                         starts_at=start, ends_at=start + timedelta(hours=1))
    Poll.objects.create(post=poll_post, author=world.alice, question="Which runbook format?")
    Post.objects.filter(pk__in=[event_post.pk, poll_post.pk]).update(kind="update")  # as they were made before
    SearchEntry.objects.filter(kind="post", object_id__in=[event_post.pk, poll_post.pk]).update(post_kind="update")

    importlib.import_module("townsquare.events.migrations.0004_event_posts_have_the_event_kind").forwards(apps, None)
    importlib.import_module("townsquare.practices.migrations.0002_poll_posts_have_the_poll_kind").forwards(apps, None)

    kinds = dict(Post.objects.values_list("pk", "kind"))
    assert (kinds[event_post.pk], kinds[poll_post.pk], kinds[plain.pk]) == ("event", "poll", "update")
    for kind, post in (("event", event_post), ("poll", poll_post)):
        query = search.parse_search(world.otto, q="runbook", kind="post", post_kind=kind)
        assert [e.object_id for e in search.search(world.otto, query)] == [post.pk]

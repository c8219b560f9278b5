"""Events are produced only after the write commits, and name the post's audience, not its text."""

import pytest
from django.db import transaction

from townsquare.conversations import services
from townsquare.conversations.models import Reaction


def test_no_event_before_commit_and_one_after(world, recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = services.post_create(author=world.alice, body="Numbers are in #budgets", group=world.private)
    assert recorder.events == []  # committed work is still pending: nothing published yet
    for callback in callbacks:
        callback()
    (event,) = recorder.of("post")
    assert event["post"] == post.pk and event["group"] == world.private.pk and event["public"] is False
    assert event["author"] == world.alice.pk and len(event["topics"]) == 1
    assert "body" not in event and "Numbers" not in str(event)


def test_nothing_after_rollback(world, recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.post_create(author=world.alice, body="Draft that never was")
            services.reply_create(author=world.gina, post=services.post_create(author=world.alice, body="x"), body="y")
            raise RuntimeError("rolled back")
    assert recorder.events == []


def test_reply_reaction_and_unread_events(world, recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(author=world.alice, body="Company news")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_create(author=world.gina, post=post, body="Thanks @alice")
    with django_capture_on_commit_callbacks(execute=True):
        services.reaction_set(person=world.otto, post=post, kind=Reaction.Kind.LIKE)
    (reply_event,) = recorder.of("reply")
    assert reply_event["reply"] == reply.pk and reply_event["replies"] == 1 and reply_event["public"] is True
    (reaction_event,) = recorder.of("reaction")
    assert reaction_event["reactions"] == 1 and reaction_event["group"] is None
    # alice is told of the reply, then of the reaction: each time her unread count as it stands
    assert [e["counts"][str(world.alice.pk)] for e in recorder.of("unread")] == [1, 2]


def test_a_failing_broker_never_breaks_the_write(world, django_capture_on_commit_callbacks):
    from townsquare.live import broker

    class Down:
        def publish(self, event):
            raise ConnectionError("redis is down")

    broker.set_broker(Down())
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(author=world.alice, body="Still saved")
    post.refresh_from_db()
    assert post.body == "Still saved"


def test_live_events_for_reply_reactions_edits_and_deletes(world, recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(author=world.alice, body="Company news")
        reply = services.reply_create(author=world.gina, post=post, body="Well done")
    recorder.events.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_reaction_set(person=world.otto, reply=reply, kind="like")
    (event,) = recorder.of("reaction")
    assert event["reply"] == reply.pk and event["post"] == post.pk and "Well done" not in str(event)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_edit(person=world.gina, reply=reply, body="Well done, all")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_delete(person=world.gina, reply=reply)
    changed = recorder.of("reply")
    assert [e["replies"] for e in changed] == [1, 0] and all(e["changed"] for e in changed)

"""A notification, email, push or digest never carries, names or links a post its recipient cannot read:
not when it is made (a mention in a secret group reaches members only) and not when it is shown or sent
(memberships change in between). Real SMTP (aiosmtpd) for the emails."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townsquare.conversations import selectors
from townsquare.conversations import services as conv
from townsquare.conversations.models import Group, Membership, Notification, Post
from townsquare.core import outbox
from townsquare.delivery import services

pytestmark = pytest.mark.django_db


def test_a_mention_in_a_secret_group_does_not_reach_an_outsider(world, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=world.gina, body="@otto the board numbers are grim", group=world.secret)
        conv.post_create(author=world.gina, body="@otto and @alice: private finance talk", group=world.private)
    outbox.drain_all()
    assert not Notification.objects.filter(recipient=world.otto).exists()
    assert Notification.objects.filter(recipient=world.alice, verb="mention").count() == 1  # a member: told
    assert smtp_server.to("otto@example.test") == []
    assert [m.subject for m in smtp_server.to("alice@example.test")] == ["Gina Groupadmin mentioned you"]


def test_leaving_the_group_hides_the_notification_and_stops_the_email(world, smtp_server, client_for,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=world.gina, body="@alice see the Q3 board pack", group=world.secret)
    assert selectors.unread_count(world.alice) == 1
    Membership.objects.filter(person=world.alice, group=world.secret).delete()  # before the worker sends it
    outbox.drain_all()
    assert smtp_server.to("alice@example.test") == []
    assert selectors.unread_count(world.alice) == 0 and selectors.notifications_for(world.alice) == []
    page = client_for(world.alice).get("/notifications/").content.decode()
    assert "Q3 board pack" not in page and "Board Prep" not in page
    api = client_for(world.alice).get("/api/v1/notifications")
    assert api.status_code in (200, 401) and "board pack" not in api.content.decode()


VISIBILITIES = st.sampled_from([Group.Visibility.PUBLIC, Group.Visibility.PRIVATE, Group.Visibility.SECRET])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(visibility=VISIBILITIES, in_group=st.lists(st.booleans(), min_size=4, max_size=4),
       leave=st.lists(st.booleans(), min_size=4, max_size=4), reply=st.booleans())
def test_no_notification_text_reveals_an_unreadable_post(world, visibility, in_group, leave, reply):
    """For random memberships, visibilities, mentions and replies: whatever anyone's bell shows, and whatever
    email or push would carry, is about a post that person may read at that moment."""
    people = [world.erin, world.alice, world.otto, world.olga]
    group = conv.group_create(creator=world.gina, name=f"G {visibility}", visibility=visibility)
    for person, member in zip(people, in_group, strict=True):
        if member:
            Membership.objects.create(group=group, person=person)
    body = "Heads up " + " ".join(f"@{p.handle}" for p in people) + " secret-marker"
    post = conv.post_create(author=world.gina, body=body, group=group)
    if reply:
        conv.reply_create(author=world.gina, post=post, body="More for " + " ".join(f"@{p.handle}" for p in people))
    for person, gone in zip(people, leave, strict=True):
        if gone:
            Membership.objects.filter(group=group, person=person).delete()
    for person in people:
        readable = Post.objects.filter(pk__in=conv.access.posts_visible_to(person)).filter(pk=post.pk).exists()
        shown = selectors.notifications_for(person)
        texts = [services.notification_subject(n) + services.notification_excerpt(n) for n in shown]
        mailed = services.still_readable(list(Notification.objects.filter(recipient=person)))
        if not readable:
            assert not any("secret-marker" in t or "Heads up" in t for t in texts)
            assert not any(n.post_id == post.pk for n in mailed)
    Post.objects.filter(pk=post.pk).delete()
    group.delete()

"""`access.can_read_post` (the rule for one post in hand, used by access_post on every write) agrees with
`access.posts_visible_to` (the queryset every list uses) for every person and every post of a world with
each kind of group, each membership state and each audience: one rule, written twice for speed, never two."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from townsquare.conversations import access, services
from townsquare.conversations.models import Membership, Post, PostPreview
from townsquare.conversations.services import Audience
from townsquare.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_kind_of_post(world):
    Membership.objects.create(group=world.private, person=world.otto, state=Membership.State.REQUESTED)
    Membership.objects.create(group=world.secret, person=world.erin, state=Membership.State.INVITED)
    made = []
    for group in (None, world.public, world.private, world.secret):
        made.append(services.post_create(author=world.alice, body="open", group=group))
        made.append(services.post_create(author=world.alice, body="preview", group=group,
                                         audience=Audience(people=(world.gina,), source=PostPreview.Source.PEOPLE)))
    made.append(services.post_create(author=world.otto, body="preview for erin",
                                     audience=Audience(people=(world.erin,), source=PostPreview.Source.PEOPLE)))
    return made


def test_the_rule_for_one_post_agrees_with_the_queryset_for_everyone(world, every_kind_of_post):
    people = [*Person.objects.all(), AnonymousUser()]
    disagreements = []
    for person in people:
        listed = set(access.posts_visible_to(person).values_list("pk", flat=True))
        for post in Post.objects.select_related("group"):
            if access.can_read_post(person, post) != (post.pk in listed):
                disagreements.append((str(person), post.pk, post.body, getattr(post.group, "name", None)))
    assert disagreements == []
    # and the world has both answers in it
    assert not access.can_read_post(world.otto, every_kind_of_post[4])  # a private group's post, otto only asked
    assert access.can_read_post(world.alice, every_kind_of_post[6])


def test_the_rule_as_a_filter_on_rows_that_point_at_posts_agrees_with_the_queryset(world, every_kind_of_post):
    """readable_post_rule (the bell's form of the rule, through a foreign key) lets through the same posts."""
    from townsquare.conversations.models import Notification

    for post in every_kind_of_post:
        Notification.objects.create(recipient=world.alice, actor=world.alice, verb="mentioned", post=post)
    no_post = Notification.objects.create(recipient=world.alice, actor=world.alice, verb="joined")
    for person in Person.objects.all():
        listed = set(access.posts_visible_to(person).values_list("pk", flat=True))
        passed = Notification.objects.filter(access.readable_post_rule(person, via="post"))
        assert set(passed.exclude(post=None).values_list("post_id", flat=True)) == listed, str(person)
        assert passed.filter(pk=no_post.pk).exists()


def test_the_unread_count_counts_only_what_the_bell_may_show(world, every_kind_of_post):
    """The badge's count (built without posts_visible_to's subqueries) equals the bell's own list, for
    every person, with notifications about posts of every kind and one about no post."""
    from townsquare.conversations.models import Notification
    from townsquare.conversations.selectors import notifications_visible_to, unread_count

    people = list(Person.objects.all())
    for person in people:
        for post in every_kind_of_post:
            Notification.objects.create(recipient=person, actor=world.alice, verb="mentioned", post=post)
        Notification.objects.create(recipient=person, actor=world.alice, verb="joined")
    Notification.objects.filter(recipient=world.gina, post=every_kind_of_post[0]).update(read_at="2026-01-01T00:00Z")
    for person in people:
        expected = notifications_visible_to(person).filter(read_at__isnull=True).count()
        assert unread_count(person) == expected, str(person)
    assert unread_count(world.otto) < unread_count(world.alice)  # otto may not read the closed groups' posts


@pytest.mark.parametrize("bad_id", [0, -1, 2**63, "abc", None, "1 OR 1=1"])
def test_a_malformed_or_missing_post_id_is_the_same_404(world, bad_id):
    with pytest.raises(Http404):
        access.access_post(world.alice, bad_id)

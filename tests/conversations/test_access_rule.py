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


@pytest.mark.parametrize("bad_id", [0, -1, 2**63, "abc", None, "1 OR 1=1"])
def test_a_malformed_or_missing_post_id_is_the_same_404(world, bad_id):
    with pytest.raises(Http404):
        access.access_post(world.alice, bad_id)

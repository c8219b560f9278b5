"""selectors.feed_page: a feed's first page from SQL built once per process is the page page_of gives."""

import pytest

from townsquare.conversations import selectors, services
from townsquare.conversations.models import Follow, Topic
from townsquare.conversations.services import Audience

pytestmark = pytest.mark.django_db


def test_every_feeds_first_page_is_the_same_as_page_of_for_everyone(world):
    Follow.objects.create(follower=world.otto, target_kind=Follow.Target.PERSON, target_id=world.alice.pk)
    for i in range(selectors.PAGE_SIZE + 3):
        for group in (None, world.public, world.private, world.secret):
            services.post_create(author=world.alice if i % 2 else world.gina, body=f"post {i} #budget", group=group)
    services.post_create(author=world.gina, body="a preview for otto", audience=Audience(people=(world.otto,)))
    topic = Topic.objects.get(name="budget")
    feeds = [(selectors.feed_home, ()), (selectors.feed_company, ()), (selectors.unanswered_questions, ()),
             (selectors.bookmarked_posts, ()), (selectors.feed_topic, (topic,)),
             *((selectors.feed_group, (g,)) for g in (world.public, world.private, world.secret)),
             *((selectors.feed_profile, (p,)) for p in (world.alice, world.gina))]
    for person in (world.alice, world.gina, world.otto, world.erin):
        for feed, objects in feeds:
            expected = selectors.page_of(feed(person, *objects), person)
            page = selectors.feed_page(feed, person, *objects)
            assert [p.pk for p in page.posts] == [p.pk for p in expected.posts], (feed.__name__, str(person))
            assert page.next_cursor == expected.next_cursor
            if page.next_cursor:  # the next pages go the ORM's way, with the same result
                after = selectors.feed_page(feed, person, *objects, cursor=page.next_cursor)
                assert after.posts and [p.pk for p in after.posts] == [
                    p.pk for p in selectors.page_of(feed(person, *objects), person, cursor=page.next_cursor).posts]
    assert selectors.feed_page(selectors.feed_group, world.otto, world.secret).posts == []


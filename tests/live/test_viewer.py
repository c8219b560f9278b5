"""The stream's home-feed rule (in memory) agrees with the home feed's query."""

import itertools

from townsquare.conversations import selectors, services
from townsquare.conversations.models import Follow, Post
from townsquare.live.viewer import Viewer


def _event(post: Post) -> dict:
    return {"type": "post", "post": post.pk, "group": post.group_id, "author": post.author_id, "kind": post.kind,
            "public": post.group is None or post.group.visibility == "public",
            "topics": list(post.topics.values_list("id", flat=True)), "created": post.created_at.isoformat()}


def test_home_rule_matches_feed_home(world):
    w = world
    services.follow_set(person=w.otto, target_kind=Follow.Target.PERSON, target_id=w.erin.pk)
    services.follow_set(person=w.otto, target_kind=Follow.Target.GROUP, target_id=w.public.pk)
    posts = [services.post_create(author=w.gina, body="Guild #sql", group=w.public)]
    topic = posts[0].topics.get()
    services.follow_set(person=w.erin, target_kind=Follow.Target.TOPIC, target_id=topic.pk)
    posts += [
        services.post_create(author=w.gina, body="Private", group=w.private),
        services.post_create(author=w.gina, body="Secret", group=w.secret),
        services.post_create(author=w.erin, body="From the top"),
        services.post_create(author=w.gina, body="An article", kind="article", title="Long read"),
        services.post_create(author=w.gina, body="Well done", kind="praise", praised_people=[w.otto]),
        services.post_create(author=w.gina, body="Company #sql note"),
        services.post_create(author=w.olga, body="Plain update"),
    ]
    for person, post in itertools.product([w.alice, w.otto, w.gina, w.olga, w.erin], posts):
        viewer = Viewer(person_id=person.pk, feed="home")
        viewer.load()
        event = _event(post)
        live = viewer.wants(event) and viewer.may_read(event) != "no"
        in_feed = selectors.feed_home(person).filter(pk=post.pk).exists()
        assert live == in_feed, (person.handle, post.body)

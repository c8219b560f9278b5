"""Ranked feeds (issue 17 #1): recency × engagement × affinity, remembered per person, pages that continue the
same ranking, and the live "new posts" count starting where the ranked page was ranked."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations import selectors, services
from townsquare.conversations.models import FeedPreference, Post


def _post(author, body, *, hours_ago=0.0, group=None, reactions=0, replies=0):
    post = services.post_create(author=author, body=body, group=group)
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago),
                                           reaction_count=reactions, reply_count=replies)
    return Post.objects.get(pk=post.pk)


def _ids(page):
    return [p.pk for p in page.posts]


def test_the_order_is_remembered_per_person_and_set_style(world):
    assert selectors.feed_order_of(world.alice) == "newest"
    services.feed_order_set(person=world.alice, order="ranked")
    services.feed_order_set(person=world.alice, order="ranked")
    assert FeedPreference.objects.filter(person=world.alice).count() == 1
    assert selectors.feed_order_of(world.alice) == "ranked"
    assert selectors.feed_order_of(world.gina) == "newest"
    with pytest.raises(ValidationError, match="newest first or ranked"):
        services.feed_order_set(person=world.alice, order="loudest")
    assert selectors.feed_order_of(world.alice) == "ranked"  # bad input alters nothing


def test_ranked_lifts_engagement_and_affinity_over_a_little_recency(world):
    quiet_new = _post(world.otto, "Quiet new post", hours_ago=1)
    busy_older = _post(world.otto, "Busy older post", hours_ago=30, reactions=12, replies=6)
    followed = _post(world.erin, "From someone alice follows", hours_ago=8)
    services.follow_set(person=world.alice, target_kind="person", target_id=world.erin.pk)
    too_old = _post(world.otto, "Two months old", hours_ago=24 * 60, reactions=50)
    qs = selectors.feed_company(world.alice)
    newest = selectors.page_of(qs, world.alice)
    assert _ids(newest)[:3] == [quiet_new.pk, followed.pk, busy_older.pk]
    ranked = selectors.ranked_page_of(qs, world.alice)
    order = _ids(ranked)
    assert order.index(busy_older.pk) < order.index(quiet_new.pk)  # 0.45 × 2.9 beats 1.0 × 1.0
    assert order.index(followed.pk) < order.index(quiet_new.pk)  # 0.7 × 2 beats 1.0
    assert too_old.pk not in order  # outside the 30-day window: under Newest first
    assert ranked.since_iso == ranked.anchor.isoformat()


def test_ranked_pages_continue_the_same_ranking(world, settings):
    posts = [_post(world.otto, f"Post {i}", hours_ago=i, reactions=i % 4) for i in range(7)]
    qs = selectors.feed_company(world.alice)
    whole = _ids(selectors.ranked_page_of(qs, world.alice, size=10))
    first = selectors.ranked_page_of(qs, world.alice, size=3)
    _post(world.otto, "Posted while scrolling")  # after the anchor: not slipped into the next pages
    second = selectors.ranked_page_of(qs, world.alice, size=3, cursor=first.next_cursor)
    third = selectors.ranked_page_of(qs, world.alice, size=3, cursor=second.next_cursor)
    assert _ids(first) + _ids(second) + _ids(third) == whole
    assert third.next_cursor is None and len(whole) == len(posts)
    # a cursor of the other kind, or garbage, starts again from the top rather than failing
    assert _ids(selectors.ranked_page_of(qs, world.alice, size=3, cursor="not-a-cursor"))[0] \
        == _ids(selectors.ranked_page_of(qs, world.alice, size=3))[0]


def test_the_switch_is_remembered_and_the_pages_follow_it(world, client_for):
    busy = _post(world.otto, "Busy older post", hours_ago=30, reactions=12, replies=6)
    quiet = _post(world.otto, "Quiet new post", hours_ago=1)
    client = client_for(world.alice)
    html = client.get(reverse("company")).content.decode()
    assert html.index(f'id="post-{quiet.pk}"') < html.index(f'id="post-{busy.pk}"')
    assert 'value="newest" aria-pressed="true"' in html
    response = client.post(reverse("feed_order"), {"order": "ranked", "next": reverse("company")})
    assert response.status_code == 302 and response["Location"] == reverse("company")
    html = client_for(world.alice).get(reverse("company")).content.decode()  # another session: stored per person
    assert html.index(f'id="post-{busy.pk}"') < html.index(f'id="post-{quiet.pk}"')
    assert 'value="ranked" aria-pressed="true"' in html and 'data-testid="ranked-help"' in html
    # bad input: a clear message, nothing changed
    response = client.post(reverse("feed_order"), {"order": "loudest"}, follow=True)
    assert "newest first or ranked" in response.content.decode()
    assert selectors.feed_order_of(world.alice) == "ranked"
    # an outside next is refused (home instead)
    response = client.post(reverse("feed_order"), {"order": "newest", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_ranked_home_stays_within_what_the_reader_may_read(world):
    secret = _post(world.gina, "Board agenda", group=world.secret, reactions=40)
    services.feed_order_set(person=world.otto, order="ranked")
    assert secret.pk not in _ids(selectors.ranked_page_of(selectors.feed_home(world.otto), world.otto))
    assert secret.pk in _ids(selectors.ranked_page_of(selectors.feed_home(world.gina), world.gina))

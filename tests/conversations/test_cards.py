"""The post-card cache (conversations/cards.py): a card served from the cache always shows the post as it
is now, as the reader would see it, and carries the reader's own CSRF token."""

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from townsquare.conversations import cards, services
from townsquare.conversations.models import Post


@pytest.fixture(autouse=True)
def _empty_card_cache():
    caches["cards"].clear()
    yield
    caches["cards"].clear()


def card_of(client, post) -> str:
    """The card of `post` in the company feed, as HTML."""
    html = client.get("/company/").content.decode()
    match = re.search(rf'<article class="post" id="post-{post.pk}".*?</article>', html, re.S)
    assert match, "the post is not in the feed"
    return match.group(0)


@pytest.fixture
def post(world):
    return services.post_create(author=world.alice, kind=Post.Kind.UPDATE, body="First draft of the **plan**.")


def test_a_second_visit_is_served_from_the_cache(world, post, client_for):
    # Three days old, so "3 days ago" stays the same between the two visits.
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(days=3))
    client = client_for(world.erin)
    first = card_of(client, post)
    cached = len(caches["cards"]._cache)
    assert cached >= 1
    without_token = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert without_token(card_of(client, post)) == without_token(first)
    assert len(caches["cards"]._cache) == cached  # nothing new rendered


def test_an_edit_a_reaction_a_reply_and_a_rename_show_at_once(world, post, client_for):
    client = client_for(world.erin)
    assert "First draft" in card_of(client, post)

    services.post_edit(person=world.alice, post=post, body="Final version of the plan.")
    card = card_of(client, post)
    assert "Final version" in card and "First draft" not in card and "edited" in card

    services.reaction_set(person=world.gina, post=post, kind="like")
    assert '<span class="visually-hidden">Like</span> 1</button>' in card_of(client, post)

    services.reply_create(author=world.gina, post=Post.objects.get(pk=post.pk), body="Looks good.")
    assert "💬 1 reply" in card_of(client, post)

    world.alice.name = "Alice Renamed"
    world.alice.save(update_fields=["name"])
    assert "Alice Renamed" in card_of(client, post)


def test_each_reader_sees_their_own_reaction_and_bookmark(world, post, client_for):
    services.reaction_set(person=world.erin, post=post, kind="like")
    services.bookmark_set(person=world.erin, post=post)
    erin_card = card_of(client_for(world.erin), post)
    gina_card = card_of(client_for(world.gina), post)
    assert 'data-testid="react-like"' in erin_card
    assert re.search(r'aria-pressed="true"[^>]*data-testid="react-like"', erin_card)
    assert not re.search(r'aria-pressed="true"[^>]*data-testid="react-like"', gina_card)
    assert "🔖 Saved" in erin_card and "🔖 Save<" in gina_card


def test_the_time_title_is_in_the_readers_time_zone(world, post, client_for):
    world.gina.time_zone = "America/New_York"
    world.gina.save(update_fields=["time_zone"])
    erin_title = re.search(r'<time [^>]*title="([^"]+)"', card_of(client_for(world.erin), post)).group(1)
    gina_title = re.search(r'<time [^>]*title="([^"]+)"', card_of(client_for(world.gina), post)).group(1)
    assert erin_title != gina_title  # Sydney and New York
    # …from one cached copy of the post: the title is put in on the way out.
    assert sum("card-post:" in key for key in caches["cards"]._cache) == 1


def test_the_cached_card_carries_each_requests_csrf_token(world, post, client_for):
    client = client_for(world.erin)
    first = client.get("/company/")
    second = client.get("/company/")
    for response in (first, second):
        html = response.content.decode()
        card = re.search(rf'<article class="post" id="post-{post.pk}".*?</article>', html, re.S).group(0)
        assert cards.CSRF_SLOT not in html
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', card))
        assert tokens == {str(response.context["csrf_token"])}


def test_a_reaction_posted_with_the_cached_cards_token_is_accepted(world, post):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.erin)
    card = card_of(client, post)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)
    response = client.post(f"/posts/{post.pk}/react/", {"kind": "like", "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert Post.objects.get(pk=post.pk).reaction_count == 1


def test_praised_people_and_attachments_show_on_the_card_and_in_the_api(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    praise = services.post_create(author=world.alice, kind=Post.Kind.PRAISE, body="Thanks for the numbers",
                                  praised_people=[world.gina, world.erin],
                                  files=[SimpleUploadedFile("forecast.csv", b"q,amount\n1,20\n")])
    client = client_for(world.otto)
    card = card_of(client, praise)
    assert "Praise for" in card and world.gina.name in card and world.erin.name in card
    assert "forecast.csv" in card
    api = client.get("/api/v1/feeds/company").json()
    item = next(p for p in api["items"] if p["id"] == praise.pk)
    assert sorted(p["handle"] for p in item["praised_people"]) == sorted([world.gina.handle, world.erin.handle])
    assert [a["name"] for a in item["attachments"]] == ["forecast.csv"]

"""Sharing a post into another group (issue 17 #2): the share shows its original only to readers of the original,
its author is told once, bad input changes nothing; the same through the API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from townsquare.api import services as api_services
from townsquare.conversations import selectors, services
from townsquare.conversations.models import Notification, Post, PostShare

SECRET_WORDS = "Board agenda: the merger with Northwind"


def _card(page, post):
    return next(p for p in page.posts if p.pk == post.pk)


def test_a_share_shows_the_original_only_to_its_readers(world, client_for):
    secret = services.post_create(author=world.gina, body=SECRET_WORDS, group=world.secret)
    share = services.post_share(person=world.alice, original=secret, group=world.public, comment="For the guild")
    assert PostShare.objects.get(post=share).original == secret
    # gina and alice read the secret group: they see the original in the share
    for reader in (world.alice, world.gina):
        card = _card(selectors.page_of(selectors.feed_group(reader, world.public), reader), share)
        assert card.is_share and card.shared_original == secret
    # otto can read the share (a public group) but not the original
    card = _card(selectors.page_of(selectors.feed_group(world.otto, world.public), world.otto), share)
    assert card.is_share and card.shared_original is None
    html = client_for(world.otto).get(reverse("post_detail", args=[share.pk])).content.decode()
    assert "For the guild" in html and "A post you can't see" in html and "Northwind" not in html
    html = client_for(world.gina).get(reverse("group_detail", args=[world.public.slug])).content.decode()
    assert "Northwind" in html and 'data-testid="shared-original"' in html
    # the cached card of one reader never reaches another
    html = client_for(world.otto).get(reverse("group_detail", args=[world.public.slug])).content.decode()
    assert "Northwind" not in html and "A post you can't see" in html


def test_the_author_is_told_once_and_only_with_what_they_can_read(world):
    original = services.post_create(author=world.gina, body="Our close checklist")
    share = services.post_share(person=world.alice, original=original, group=world.public)
    told = Notification.objects.filter(recipient=world.gina, verb=Notification.Verb.SHARE)
    assert [(n.post_id, n.actor_id) for n in told] == [(share.pk, world.alice.pk)]
    with pytest.raises(ValidationError, match="shared this post with Data Guild already"):
        services.post_share(person=world.alice, original=original, group=world.public)
    assert told.count() == 1 and PostShare.objects.filter(original=original).count() == 1
    # a share into a group the author cannot read tells them, but links their own post and names no group
    services.group_join(person=world.otto, group=world.public)
    otto_post = services.post_create(author=world.otto, body="Otto's tip", group=world.public)
    services.post_share(person=world.alice, original=otto_post, group=world.secret)
    note = Notification.objects.get(recipient=world.otto, verb=Notification.Verb.SHARE)
    assert note.post_id == otto_post.pk and "Board" not in note.text
    # sharing one's own post tells nobody; a share of a share shares the original
    services.post_share(person=world.gina, original=original, group=None, comment="Again, for everyone")
    assert told.count() == 1
    reshare = services.post_share(person=world.gina, original=share, group=world.public)
    assert PostShare.objects.get(post=reshare).original == original


def test_bad_input_changes_nothing(world, client_for):
    original = services.post_create(author=world.gina, body="Quarter close dates")
    before = Post.objects.count()
    with pytest.raises(ValidationError, match="the limit is 2,000. Shorten it: the post you share says the rest"):
        services.post_share(person=world.alice, original=original, comment="x" * 2001)
    client = client_for(world.alice)
    response = client.post(reverse("post_share", args=[original.pk]), {"to": "no-such-group"}, follow=True)
    assert "Choose where to share it" in response.content.decode()
    response = client.post(reverse("post_share", args=[original.pk]), {"to": world.public.slug}, follow=True)
    assert "Shared with Data Guild." in response.content.decode()
    response = client.post(reverse("post_share", args=[original.pk]), {"to": world.public.slug}, follow=True)
    assert "shared this post with Data Guild already" in response.content.decode()
    assert Post.objects.count() == before + 1
    # a preview cannot be shared on
    preview = services.post_create(author=world.gina, body="Draft plan",
                                   audience=services.Audience(people=(world.alice,)))
    assert client.post(reverse("post_share", args=[preview.pk]), {"to": "company"}).status_code == 404
    assert Post.objects.count() == before + 2  # the share and the preview, nothing more


def test_share_through_the_api(world, client):
    secret = services.post_create(author=world.gina, body=SECRET_WORDS, group=world.secret)
    token = api_services.token_create(person=world.alice, name="t", scope="write")[1]
    auth = {"Authorization": f"Bearer {token}"}
    url = reverse("api:post_share", args=[secret.pk])
    response = client.post(url, {"group": world.public.slug, "comment": "Read this"}, content_type="application/json",
                           headers=auth)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["shared"]["visible"] is True and body["shared"]["post_id"] == secret.pk
    again = client.post(url, {"group": world.public.slug}, content_type="application/json", headers=auth)
    assert again.status_code == 409 and "already" in again.json()["error"]["message"]
    otto = {"Authorization": f"Bearer {api_services.token_create(person=world.otto, name='t', scope='read')[1]}"}
    seen = client.get(reverse("api:post", args=[body["id"]]), headers=otto).json()
    assert seen["shared"] == {"visible": False, "post_id": None, "author": None, "group": None, "title": "",
                              "body_html": "", "url": None}
    assert "Northwind" not in str(seen)
    assert client.post(reverse("api:post_share", args=[secret.pk]), {}, content_type="application/json",
                       headers={"Authorization": f"Bearer {api_services.token_create(person=world.otto, name='w', scope='write')[1]}"}
                       ).status_code == 404

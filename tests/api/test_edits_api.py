"""Posts and replies edited and deleted through the API, and reactions to replies (issue 17): the same services
as the web (history kept, author only, the other replies stay), the same 404 for someone else's and for a missing
one, and clear 422s for bad input with nothing stored changed."""

import pytest

from townsquare.conversations import services
from townsquare.conversations.models import (
    Notification,
    Post,
    PostRevision,
    Reply,
    ReplyReaction,
    ReplyRevision,
)


@pytest.fixture
def thread(world):
    post = services.post_create(author=world.alice, body="Budget numbers are in", group=world.private)
    reply = services.reply_create(author=world.gina, post=post, body="Thanks, looks right")
    return post, reply


# --- posts -----------------------------------------------------------------------------------------

def test_the_author_edits_a_post_and_its_history_is_kept(api_as, world, thread):
    post, _ = thread
    response = api_as(world.alice).patch(f"/posts/{post.pk}", {"body": "Budget numbers are in, #checked"})
    assert response.status_code == 200
    assert response.body["body"] == "Budget numbers are in, #checked" and response.body["edited_at"]
    post.refresh_from_db()
    assert post.body == "Budget numbers are in, #checked"
    assert PostRevision.objects.get(post=post).body == "Budget numbers are in"
    assert list(post.topics.values_list("name", flat=True)) == ["checked"]


def test_an_articles_title_is_changed_and_left_as_it_is_when_left_out(api_as, world):
    article = services.post_create(author=world.alice, kind=Post.Kind.ARTICLE, title="How we plan", body="Long")
    client = api_as(world.alice)
    assert client.patch(f"/posts/{article.pk}", {"title": "How we plan now"}).body["title"] == "How we plan now"
    assert client.patch(f"/posts/{article.pk}", {"body": "Longer"}).body["title"] == "How we plan now"
    refused = client.patch(f"/posts/{article.pk}", {"title": ""})
    assert refused.status_code == 422 and "needs a title" in refused.body["error"]["message"]
    article.refresh_from_db()
    assert (article.title, article.body) == ("How we plan now", "Longer")


@pytest.mark.parametrize("payload, says", [({"body": ""}, "body"), ({"body": "x" * 10_001}, "10,000"),
                                           ({"body": 42}, "body")])
def test_bad_post_edits_are_422_and_change_nothing(api_as, world, thread, payload, says):
    post, _ = thread
    response = api_as(world.alice).patch(f"/posts/{post.pk}", payload)
    assert response.status_code == 422 and says in response.body["error"]["message"]
    post.refresh_from_db()
    assert post.body == "Budget numbers are in" and post.edited_at is None and not PostRevision.objects.exists()


@pytest.mark.parametrize("who", ["gina", "otto", "olga"])
def test_someone_elses_post_is_the_404_of_a_missing_one(api_as, world, thread, who):
    post, _ = thread
    client = api_as(world.people[who])
    missing = client.patch("/posts/999999", {"body": "Mine now"})
    for response in (client.patch(f"/posts/{post.pk}", {"body": "Mine now"}), client.delete(f"/posts/{post.pk}")):
        assert response.status_code == 404 and response.body == missing.body
    post.refresh_from_db()
    assert post.body == "Budget numbers are in"


def test_the_author_deletes_a_post_with_its_replies(api_as, world, thread):
    post, _ = thread
    client = api_as(world.alice)
    response = client.delete(f"/posts/{post.pk}")
    assert response.status_code == 204 and not response.content
    assert not Post.objects.filter(pk=post.pk).exists() and not Reply.objects.exists()
    assert client.delete(f"/posts/{post.pk}").status_code == 404


def test_a_read_only_token_cannot_edit_or_delete(api_as, world, thread):
    post, reply = thread
    client = api_as(world.alice, scope="read")
    assert client.patch(f"/posts/{post.pk}", {"body": "Changed"}).status_code == 403
    assert client.delete(f"/posts/{post.pk}").status_code == 403
    assert api_as(world.gina, scope="read").delete(f"/replies/{reply.pk}").status_code == 403
    assert Post.objects.filter(pk=post.pk, body="Budget numbers are in").exists() and Reply.objects.exists()


# --- replies ---------------------------------------------------------------------------------------

def test_the_author_edits_a_reply(api_as, world, thread):
    _, reply = thread
    response = api_as(world.gina).patch(f"/replies/{reply.pk}", {"body": "Thanks, the numbers look right"})
    assert response.status_code == 200
    assert response.body["body"] == "Thanks, the numbers look right" and response.body["edited_at"]
    assert ReplyRevision.objects.get(reply=reply).body == "Thanks, looks right"
    listed = api_as(world.alice).get(f"/posts/{reply.post_id}/replies").body["items"][0]
    assert listed["edited_at"] and listed["body"] == "Thanks, the numbers look right"


def test_bad_reply_edits_are_422_and_change_nothing(api_as, world, thread):
    _, reply = thread
    client = api_as(world.gina)
    for payload in ({"body": ""}, {"body": "x" * 5_001}, {}):
        assert client.patch(f"/replies/{reply.pk}", payload).status_code == 422
    reply.refresh_from_db()
    assert reply.body == "Thanks, looks right" and reply.edited_at is None


@pytest.mark.parametrize("who", ["alice", "otto", "olga"])
def test_someone_elses_reply_is_the_404_of_a_missing_one(api_as, world, thread, who):
    _, reply = thread
    client = api_as(world.people[who])
    missing = client.delete("/replies/999999")
    for response in (client.patch(f"/replies/{reply.pk}", {"body": "Mine"}), client.delete(f"/replies/{reply.pk}")):
        assert response.status_code == 404 and response.body == missing.body
    assert Reply.objects.filter(pk=reply.pk, body="Thanks, looks right").exists()


def test_the_author_deletes_a_reply_and_the_count_follows(api_as, world, thread):
    post, reply = thread
    other = services.reply_create(author=world.alice, post=post, body="Glad it helps")
    assert api_as(world.gina).delete(f"/replies/{reply.pk}").status_code == 204
    post.refresh_from_db()
    assert list(Reply.objects.all()) == [other] and post.reply_count == 1
    assert api_as(world.alice).get(f"/posts/{post.pk}").body["reply_count"] == 1


def test_reactions_to_a_reply_are_idempotent_and_notify_once(api_as, world, thread):
    _, reply = thread
    client = api_as(world.alice)
    added = client.put(f"/replies/{reply.pk}/reactions/celebrate")
    again = client.put(f"/replies/{reply.pk}/reactions/celebrate")
    assert added.status_code == again.status_code == 200
    assert again.body == {"reply_id": reply.pk, "kind": "celebrate", "reacted": True, "reaction_count": 1,
                          "reactions": {"celebrate": 1}}
    client.put(f"/replies/{reply.pk}/reactions/thanks")
    assert Notification.objects.filter(recipient=world.gina, verb=Notification.Verb.REPLY_REACTION).count() == 1
    removed = client.delete(f"/replies/{reply.pk}/reactions/celebrate")
    assert removed.body["reacted"] is False and removed.body["reactions"] == {"thanks": 1}
    assert client.delete(f"/replies/{reply.pk}/reactions/celebrate").body["reaction_count"] == 1
    assert ReplyReaction.objects.count() == 1
    listed = client.get(f"/posts/{reply.post_id}/replies").body["items"][0]
    assert listed["reaction_count"] == 1 and listed["reactions"] == {"thanks": 1}


def test_reactions_to_replies_follow_who_may_read_them(api_as, world, thread):
    _, reply = thread
    assert api_as(world.otto).put(f"/replies/{reply.pk}/reactions/like").status_code == 404
    bad = api_as(world.alice).put(f"/replies/{reply.pk}/reactions/meh")
    assert bad.status_code == 422
    assert not ReplyReaction.objects.exists()

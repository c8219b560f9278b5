"""Issue 17 #2: ideas through the API — the board, one idea, a new idea, votes, the status pipeline — with the
web's access rules and services."""

import pytest

from townsquare.conversations import services as conv
from townsquare.conversations.models import Notification, Post
from townsquare.ideas.models import IdeaState, IdeaVote

pytestmark = pytest.mark.django_db


def _idea(author, body="Close the books a day earlier", **kw) -> IdeaState:
    return IdeaState.objects.get(post=conv.post_create(author=author, body=body, kind=Post.Kind.IDEA, **kw))


def test_create_read_and_list_an_idea(api_as, world):
    client = api_as(world.alice)
    made = client.post("/ideas", {"title": "Open budget", "body": "Publish the budget in the open"})
    assert made.status_code == 201
    assert made.body["status"] == "new" and made.body["owner"]["handle"] == "alice" and made.body["vote_count"] == 0
    post_id = made.body["post_id"]
    assert Post.objects.get(pk=post_id).kind == Post.Kind.IDEA
    assert client.get(f"/ideas/{post_id}").body["title"] == "Open budget"
    assert [i["post_id"] for i in client.get("/ideas").body["items"]] == [post_id]


def test_the_board_filters_by_status_and_group_and_pages_with_cursors(api_as, world):
    ideas = [_idea(world.alice, body=f"Idea {n}") for n in range(5)]
    private = _idea(world.alice, body="Team idea", group=world.private)
    conv_client = api_as(world.gina)
    for idea in ideas[:2]:
        conv_client.put(f"/ideas/{idea.post_id}/vote")
    client = api_as(world.alice)
    client.post(f"/ideas/{ideas[4].post_id}/status", {"status": "in_progress"})
    seen, url = [], "/ideas?limit=2"
    while url:
        body = client.get(url).body
        seen += [i["post_id"] for i in body["items"]]
        url = body["next"] and body["next"].split("/api/v1", 1)[1]
    assert len(seen) == 6 == len(set(seen)) and set(seen[:2]) == {ideas[0].post_id, ideas[1].post_id}
    assert [i["post_id"] for i in client.get("/ideas", {"status": "in_progress"}).body["items"]] == [ideas[4].post_id]
    assert [i["post_id"] for i in client.get("/ideas", {"group": world.private.slug}).body["items"]] == [private.post_id]
    newest = [i["post_id"] for i in client.get("/ideas", {"sort": "newest"}).body["items"]]
    assert newest == sorted(newest, reverse=True)
    # an outsider sees neither the private group's idea nor its board
    otto = api_as(world.otto)
    assert private.post_id not in [i["post_id"] for i in otto.get("/ideas").body["items"]]
    assert otto.get("/ideas", {"group": world.private.slug}).status_code == 404
    assert otto.get(f"/ideas/{private.post_id}").status_code == 404


def test_a_post_that_is_not_an_idea_is_404(api_as, world):
    post = conv.post_create(author=world.alice, body="Just an update")
    assert api_as(world.alice).get(f"/ideas/{post.pk}").status_code == 404


def test_votes_are_set_and_unset_idempotently(api_as, world):
    idea = _idea(world.alice)
    client = api_as(world.gina)
    assert client.put(f"/ideas/{idea.post_id}/vote").body == {"post_id": idea.post_id, "voted": True, "vote_count": 1}
    assert client.put(f"/ideas/{idea.post_id}/vote").body["vote_count"] == 1
    assert IdeaVote.objects.filter(idea=idea).count() == 1
    assert client.get(f"/ideas/{idea.post_id}").body["voted"] is True
    assert client.delete(f"/ideas/{idea.post_id}/vote").body == {"post_id": idea.post_id, "voted": False,
                                                                  "vote_count": 0}
    assert client.delete(f"/ideas/{idea.post_id}/vote").body["vote_count"] == 0


def test_status_changes_are_for_the_owner_or_an_admin_and_not_now_needs_a_reason(api_as, world):
    idea = _idea(world.alice)
    api_as(world.gina).put(f"/ideas/{idea.post_id}/vote")
    assert api_as(world.gina).post(f"/ideas/{idea.post_id}/status", {"status": "done"}).status_code == 404
    owner = api_as(world.alice)
    no_reason = owner.post(f"/ideas/{idea.post_id}/status", {"status": "not_now"})
    assert no_reason.status_code == 422 and "reason" in no_reason.body["error"]["message"]
    assert IdeaState.objects.get(pk=idea.pk).status == "new"
    moved = owner.post(f"/ideas/{idea.post_id}/status", {"status": "not_now", "reason": "Budget freeze"})
    assert moved.status_code == 200 and moved.body["status"] == "not_now"
    assert moved.body["history"][0]["reason"] == "Budget freeze"
    assert Notification.objects.filter(recipient=world.gina, verb=Notification.Verb.PRACTICE).exists()
    again = owner.post(f"/ideas/{idea.post_id}/status", {"status": "not_now", "reason": "Still"})
    assert again.status_code == 422
    admin = api_as(world.olga).post(f"/ideas/{idea.post_id}/status", {"status": "under_review"})
    assert admin.status_code == 200 and admin.body["status"] == "under_review"
    bad = owner.post(f"/ideas/{idea.post_id}/status", {"status": "shipped"})
    assert bad.status_code == 422 and "status" in bad.body["error"]["fields"]


def test_a_read_only_token_cannot_vote_or_create(api_as, world):
    idea = _idea(world.alice)
    reader = api_as(world.gina, scope="read")
    assert reader.get(f"/ideas/{idea.post_id}").status_code == 200
    for response in (reader.put(f"/ideas/{idea.post_id}/vote"), reader.post("/ideas", {"body": "More"}),
                     reader.post(f"/ideas/{idea.post_id}/status", {"status": "done"})):
        assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert IdeaVote.objects.count() == 0 and IdeaState.objects.count() == 1


def test_bad_input_is_a_clear_422_and_a_forged_cursor_a_400(api_as, world):
    client = api_as(world.alice)
    empty = client.post("/ideas", {"body": "   "})
    assert empty.status_code == 422 and "body" in empty.body["error"]["fields"]
    assert client.get("/ideas", {"status": "bogus"}).status_code == 422
    assert client.get("/ideas", {"cursor": "WyJ4IiwxXQ"}).body["error"]["code"] == "bad_cursor"  # ["x",1]
    assert IdeaState.objects.count() == 0


# --- PUT/DELETE /ideas/{id}/collaboration: join and leave, as the idea's page does ---------------

def test_join_and_leave_as_a_collaborator_idempotently(api_as, world):
    from townsquare.ideas.models import IdeaCollaborator

    idea = _idea(world.alice)
    gina = api_as(world.gina)
    joined = gina.put(f"/ideas/{idea.post_id}/collaboration")
    assert joined.status_code == 200, joined.body
    assert joined.body == {"post_id": idea.post_id, "collaborating": True, "collaborator_count": 1}
    assert gina.put(f"/ideas/{idea.post_id}/collaboration").body["collaborator_count"] == 1  # again: no change
    detail = gina.get(f"/ideas/{idea.post_id}").body
    assert detail["collaborating"] and [c["handle"] for c in detail["collaborators"]] == ["gina"]
    assert IdeaCollaborator.objects.filter(idea=idea, person=world.gina).count() == 1
    left = gina.delete(f"/ideas/{idea.post_id}/collaboration")
    assert left.status_code == 200 and left.body == {"post_id": idea.post_id, "collaborating": False,
                                                     "collaborator_count": 0}
    assert gina.delete(f"/ideas/{idea.post_id}/collaboration").status_code == 200  # not one: no error
    assert not IdeaCollaborator.objects.exists()


def test_a_private_groups_idea_is_404_for_outsiders_to_collaborate_on(api_as, world):
    from townsquare.ideas.models import IdeaCollaborator

    idea = _idea(world.alice, group=world.private)
    otto = api_as(world.otto)
    assert otto.put(f"/ideas/{idea.post_id}/collaboration").status_code == 404
    assert otto.delete(f"/ideas/{idea.post_id}/collaboration").status_code == 404
    assert api_as(world.gina).put("/ideas/999999/collaboration").status_code == 404
    assert not IdeaCollaborator.objects.exists()


def test_the_owner_gets_a_clear_422_and_nothing_changes(api_as, world):
    idea = _idea(world.alice)
    for method in ("put", "delete"):
        response = getattr(api_as(world.alice), method)(f"/ideas/{idea.post_id}/collaboration")
        assert response.status_code == 422 and "You own this idea" in response.body["error"]["message"]
    assert IdeaState.objects.get(pk=idea.pk).collaborator_count == 0


def test_a_read_only_token_cannot_collaborate(api_as, world):
    idea = _idea(world.alice)
    response = api_as(world.gina, scope="read").put(f"/ideas/{idea.post_id}/collaboration")
    assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert IdeaState.objects.get(pk=idea.pk).collaborator_count == 0

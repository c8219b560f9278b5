"""A topic is visible only through a post the reader may read: a topic used only in a secret group answers
exactly as a made-up one does, on the page, the API feed and the follow endpoints."""

import pytest

from townsquare.conversations import services
from townsquare.conversations.models import Topic

pytestmark = pytest.mark.django_db


def test_a_secret_topic_looks_like_a_made_up_one(world, client_for, api_as):
    services.post_create(author=world.gina, body="Agenda for #boardroomcoup", group=world.secret)
    topic = Topic.objects.get(name="boardroomcoup")
    otto, alice = client_for(world.otto), client_for(world.alice)
    assert otto.get("/topics/boardroomcoup/").status_code == 404
    assert otto.get("/topics/madeupname/").status_code == 404
    assert alice.get("/topics/boardroomcoup/").status_code == 200  # a member of the group
    follow = api_as(world.otto).call("PUT", f"/follows/topic/{topic.pk}")
    made_up = api_as(world.otto).call("PUT", f"/follows/topic/{topic.pk + 1000}")
    assert follow.status_code == made_up.status_code == 404
    assert "boardroomcoup" not in str(follow.body)
    assert api_as(world.otto).get("/topics/boardroomcoup/posts").status_code == 404
    assert api_as(world.alice).call("PUT", f"/follows/topic/{topic.pk}").status_code == 200
    web = otto.post("/follow/", {"kind": "topic", "id": topic.pk, "state": "set"})
    assert web.status_code == 404
    services.post_create(author=world.gina, body="Company-wide: #boardroomcoup is a board game night")
    assert otto.get("/topics/boardroomcoup/").status_code == 200  # now on a post otto may read

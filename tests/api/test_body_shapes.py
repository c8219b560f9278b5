"""A JSON body that is not an object is refused with a 422 in the API's error shape, and changes nothing
(it used to be read as {}: it marked every notification read and added a like)."""

import pytest

from townsquare.conversations import services as conv
from townsquare.conversations.models import Notification, Reaction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw", [b"[null]", b'"hello"', b"3", b"null", b"[]"])
def test_a_body_that_is_not_an_object_is_422(api_as, world, raw):
    post = conv.post_create(author=world.gina, body="Hello @alice")
    client = api_as(world.alice)
    marked = client.post("/notifications/read", raw=raw)
    assert marked.status_code == 422 and "JSON object" in marked.body["error"]["message"]
    assert Notification.objects.filter(recipient=world.alice, read_at__isnull=True).count() == 1
    reacted = client.post(f"/posts/{post.pk}/reactions", raw=raw)
    assert reacted.status_code == 422 and "error" in reacted.body
    assert not Reaction.objects.exists()

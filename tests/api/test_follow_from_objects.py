"""Issue 17 #1: what the API hands out is enough to follow it — a group or a person object carries the id the
follow operations take (PUT/DELETE /api/v1/follows/{kind}/{id})."""

import pytest

from townsquare.conversations.models import Follow

pytestmark = pytest.mark.django_db


def test_a_group_from_the_list_can_be_followed_by_its_id(api_as, world):
    client = api_as(world.otto)
    guild = next(g for g in client.get("/groups").body["items"] if g["slug"] == world.public.slug)
    assert guild["id"] == world.public.pk
    followed = client.put(f"/follows/group/{guild['id']}")
    assert followed.status_code == 200 and followed.body["following"] and followed.body["label"] == world.public.name
    assert Follow.objects.filter(follower=world.otto, target_kind="group", target_id=world.public.pk).exists()
    assert not client.delete(f"/follows/group/{guild['id']}").body["following"]


def test_a_single_group_and_a_posts_group_carry_the_id(api_as, world):
    client = api_as(world.alice)
    assert client.get(f"/groups/{world.private.slug}").body["id"] == world.private.pk
    post = client.post("/posts", {"body": "Hello team", "group": world.private.slug}).body
    assert post["group"]["id"] == world.private.pk


def test_a_person_object_carries_the_id_to_follow_them(api_as, world):
    client = api_as(world.otto)
    gina = client.get("/people/gina").body
    assert gina["id"] == world.gina.pk
    assert client.put(f"/follows/person/{gina['id']}").body["following"]

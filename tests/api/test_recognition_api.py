"""Issue 17 #6: recognition through the API — the company values, and praise that shows one."""

import pytest

from townsquare.conversations.models import Notification, Post
from townsquare.ideas import services as ideas
from townsquare.ideas.models import PraiseValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def openness(world):
    return ideas.value_create(person=world.olga, name="Openness", description="Work in the open")


def test_the_values_are_listed_for_everyone(api_as, world, openness):
    retired = ideas.value_create(person=world.olga, name="Secrecy")
    ideas.value_update(person=world.olga, value=retired, name="Secrecy", description="", is_active=False)
    body = api_as(world.otto).get("/recognition/values").body
    assert body == {"items": [{"id": openness.pk, "name": "Openness", "description": "Work in the open"}]}


def test_praise_someone_with_a_value(api_as, world, openness):
    made = api_as(world.alice).post("/recognition/praise", {"body": "Thanks for the open books!",
                                                            "praised": ["@gina"], "value": openness.pk})
    assert made.status_code == 201
    assert made.body["value"]["name"] == "Openness" and made.body["post"]["kind"] == "praise"
    assert [p["handle"] for p in made.body["post"]["praised_people"]] == ["gina"]
    post = Post.objects.get(pk=made.body["post"]["id"])
    assert PraiseValue.objects.get(post=post).value == openness
    assert Notification.objects.filter(recipient=world.gina, post=post).exists()


def test_praise_without_a_value_and_for_a_team(api_as, world):
    made = api_as(world.alice).post("/recognition/praise", {"body": "Great close", "praised_group": world.private.slug})
    assert made.status_code == 201 and made.body["value"] is None
    assert made.body["post"]["praised_group"]["slug"] == world.private.slug


def test_bad_praise_is_refused_clearly_and_leaves_no_post(api_as, world, openness):
    client = api_as(world.alice)
    nobody = client.post("/recognition/praise", {"body": "Thanks"})
    assert nobody.status_code == 422 and "someone to praise" in nobody.body["error"]["message"]
    unknown = client.post("/recognition/praise", {"body": "Thanks", "praised": ["nobody-here"]})
    assert unknown.status_code == 404 and "praised" in unknown.body["error"]["fields"]
    ideas.value_update(person=world.olga, value=openness, name="Openness", description="", is_active=False)
    retired = client.post("/recognition/praise", {"body": "Thanks", "praised": ["gina"], "value": openness.pk})
    assert retired.status_code == 422 and "value" in retired.body["error"]["message"]
    assert not Post.objects.filter(kind=Post.Kind.PRAISE).exists()


def test_a_read_only_token_cannot_praise(api_as, world):
    response = api_as(world.alice, scope="read").post("/recognition/praise", {"body": "Hi", "praised": ["gina"]})
    assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert not Post.objects.exists()

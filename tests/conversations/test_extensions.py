"""Feature packages add to conversations through its extension points (conversations/extensions.py): the web
composer and the API reach the composer extras on one path, post_create(extras=…), in the post's transaction."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from townsquare.api import services as api_services
from townsquare.conversations import extensions
from townsquare.conversations.models import Post
from townsquare.ideas.models import CompanyValue, PraiseValue
from townsquare.purpose import services as purpose_services
from townsquare.purpose.models import PurposeTag

pytestmark = pytest.mark.django_db


def _api_post(person, body: dict):
    _, token = api_services.token_create(person=person, name="t", scope="write")
    return Client().post("/api/v1/posts", json.dumps(body), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_feature_packages_registered_their_extras_and_slots():
    assert {"serves_purpose", "notebook_draft", "praise_value"} <= set(extensions.composer_fields())
    assert "notebook/_post_provenance.html" in extensions.slot_templates("post_detail_top")
    assert "ideas/_company_aside.html" in extensions.slot_templates("company_aside")
    with pytest.raises(ValueError, match="no slot"):
        extensions.register_slot("nowhere", "x.html")


@pytest.mark.parametrize("path", ["web", "api"])
def test_serves_my_purpose_on_both_paths(world, client_for, path):
    purpose_services.purpose_choose(person=world.alice, source="own", own_text="Make numbers clear")
    if path == "web":
        response = client_for(world.alice).post(reverse("post_create"), {"body": "Shipped", "serves_purpose": "on"})
        assert response.status_code == 302
    else:
        response = _api_post(world.alice, {"body": "Shipped", "extras": {"serves_purpose": True}})
        assert response.status_code == 201, response.content
    assert PurposeTag.objects.get(person=world.alice).post.body == "Shipped"


@pytest.mark.parametrize("path", ["web", "api"])
def test_a_bad_extra_rolls_the_post_back_on_both_paths(world, client_for, path):
    """No purpose chosen yet: the tick is refused, and the post is not kept without it."""
    if path == "web":
        response = client_for(world.alice).post(reverse("post_create"), {"body": "Shipped", "serves_purpose": "on"})
        assert response.status_code == 400 and "not chosen a purpose" in response.content.decode()
    else:
        response = _api_post(world.alice, {"body": "Shipped", "extras": {"serves_purpose": True}})
        assert response.status_code == 422 and "not chosen a purpose" in response.json()["error"]["message"]
    assert not Post.objects.exists()


def test_a_praise_value_through_the_api(world):
    value = CompanyValue.objects.create(name="Candour")
    response = _api_post(world.alice, {"kind": "praise", "body": "Thanks", "praised": ["gina"],
                                       "extras": {"praise_value": value.pk}})
    assert response.status_code == 201
    assert PraiseValue.objects.get(post_id=response.json()["id"]).value == value
    unknown = _api_post(world.alice, {"body": "x", "extras": {"colour": "red"}})
    assert unknown.status_code == 422 and "extras" in json.dumps(unknown.json()["error"]["fields"])


def test_slots_show_what_their_packages_registered(world, client_for):
    page = client_for(world.alice).get(reverse("company"))
    assert b'data-testid="company-practices"' in page.content
    assert b"Recognition wall" in client_for(world.alice).get(reverse("group_list")).content

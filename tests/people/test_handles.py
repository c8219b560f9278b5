"""One @handle parser for every page, form and API operation, with the same words everywhere."""

import pytest
from django.urls import reverse

from townsquare.people import handles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["alice", "@alice", " @Alice ", "ALICE"])
def test_a_handle_is_found_however_it_is_typed(world, typed):
    assert handles.person_by_handle(typed) == world.alice


def test_several_handles_keep_their_order_and_drop_repeats(world):
    assert handles.people_by_handles("@gina, alice  @Gina", field="praised") == [world.gina, world.alice]


@pytest.mark.parametrize("typed", ["@nobody", "ali\x00ce", "alice; drop table", "a" * 300])
def test_a_handle_that_names_nobody_says_so(world, typed):
    with pytest.raises(handles.NoSuchHandle) as caught:
        handles.person_by_handle(typed, field="author")
    assert caught.value.field == "author"
    assert caught.value.messages[0].startswith("Nobody has the handle “@")


def test_a_deactivated_person_is_nobody_where_active_people_are_asked_for(world):
    with pytest.raises(handles.NoSuchHandle, match="Nobody active has the handle “@dave”"):
        handles.people_by_handles("@alice @dave", field="praised")
    assert handles.person_by_handle("@dave") == world.dave


def test_the_web_and_the_api_say_the_same_words(world, client_for):
    from django.test import Client

    from townsquare.api import services as api_services

    page = client_for(world.alice).post(reverse("post_create"),
                                        {"kind": "praise", "body": "Thanks", "praised": "@ghost"})
    _, token = api_services.token_create(person=world.alice, name="t", scope="write")
    api = Client().post("/api/v1/posts", {"kind": "praise", "body": "Thanks", "praised": ["@ghost"]},
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    words = "Nobody active has the handle “@ghost”."
    assert words in page.content.decode() and api.json()["error"]["fields"]["praised"] == [words]


def test_inviting_an_unknown_handle_names_it_and_invites_nobody(world, client_for):
    from townsquare.conversations.models import Membership

    before = Membership.objects.count()
    response = client_for(world.gina).post(reverse("group_invite", args=[world.private.slug]),
                                           {"handles": "@otto @ghost"}, follow=True)
    assert "Nobody active has the handle “@ghost”." in response.content.decode()
    assert Membership.objects.count() == before

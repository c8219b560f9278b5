"""Suggestions as one types (GET /search/suggest/): active people by name or handle, topics only from posts the
reader may read, groups only among those whose page they may open; wrong input is a clear JSON error."""

import pytest

from townsquare.conversations import services
from townsquare.people.models import Person

pytestmark = pytest.mark.django_db


def suggested(client, kind, q):
    response = client.get("/search/suggest/", {"kind": kind, "q": q})
    assert response.status_code == 200, response.content
    assert response["Cache-Control"].startswith("max-age=0")
    return response.json()["results"]


@pytest.fixture
def greta(world):
    return Person.objects.create_user("greta@example.test", "x", name="Greta Lind", handle="glind",
                                      department=world.finance)


def test_people_by_name_and_handle_active_only(world, greta, client_for):
    otto = client_for(world.otto)
    [found] = suggested(otto, "people", "gre")
    assert [r["label"] for r in suggested(otto, "people", "gr")] == ["Greta Lind", "Gina Groupadmin"]  # a name that starts so first
    assert found == {"value": "@glind", "label": "Greta Lind", "detail": "@glind · Finance", "avatar": None,
                     "initials": "GL"}
    assert [r["value"] for r in suggested(otto, "people", "@gli")] == ["@glind"]
    assert [r["value"] for r in suggested(otto, "people", "lind")] == ["@glind"]  # a later word of the name
    assert [r["value"] for r in suggested(otto, "people", "greta li")] == ["@glind"]
    assert suggested(otto, "people", "dave") == []  # deactivated
    assert suggested(otto, "people", "ind") == []  # inside a word is not a match
    assert suggested(otto, "people", "") == []


def test_topics_only_from_readable_posts(world, client_for):
    services.post_create(author=world.gina, body="Agenda for #runwaysecret", group=world.secret)
    services.post_create(author=world.gina, body="Sunday #running club")
    otto, alice = client_for(world.otto), client_for(world.alice)
    assert [r["value"] for r in suggested(otto, "topics", "run")] == ["#running"]
    assert [r["value"] for r in suggested(alice, "topics", "#run")] == ["#running", "#runwaysecret"]
    assert suggested(otto, "topics", "runways") == []
    assert suggested(otto, "topics", "'; drop") == []


def test_groups_never_a_secret_one_to_outsiders(world, client_for):
    otto, alice = client_for(world.otto), client_for(world.alice)
    assert [r["label"] for r in suggested(otto, "groups", "a")] == ["Data Guild", "Finance Team"]
    assert [r["label"] for r in suggested(alice, "groups", "boa")] == ["Board Prep"]
    assert suggested(otto, "groups", "board") == []
    assert suggested(otto, "groups", "prep") == []


def test_bad_input_is_a_clear_json_error(world, client_for):
    response = client_for(world.otto).get("/search/suggest/", {"kind": "secrets", "q": "a"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "“secrets” is not something we suggest; ask for people, topics or groups.")
    for hostile in ("\x00", "a" * 5000, "%", "_", "\u202e"):
        assert client_for(world.otto).get("/search/suggest/", {"kind": "people", "q": hostile}).status_code == 200

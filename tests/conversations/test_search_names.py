"""Search filters by name: "Greta" finds Greta Lind's posts; several people or groups that fit are offered to
pick (the page as links, the API as a 422 naming them, in the same words); a secret group is never revealed."""

import re

import pytest
from django.urls import reverse

from townsquare.conversations import services
from townsquare.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def gretas(world):
    lind = Person.objects.create_user("glind@example.test", "x", name="Greta Lind", handle="glind",
                                      department=world.finance)
    berg = Person.objects.create_user("gberg@example.test", "x", name="Greta Berg", handle="gberg")
    services.post_create(author=lind, body="Pricing runbook for the quarter")
    services.post_create(author=berg, body="Pricing notes from the field")
    return lind, berg


def api_get(world, params):
    from django.test import Client

    from townsquare.api import services as api_services

    _, token = api_services.token_create(person=world.otto, name="t", scope="read")
    return Client().get("/api/v1/search", params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_an_author_by_name(world, gretas, client_for):
    page = client_for(world.otto).get(reverse("search"), {"q": "pricing", "author": "greta li"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>Pricing</mark> runbook" in html and "Pricing notes" not in html
    assert 'value="greta li"' in html  # the field keeps what was typed
    body = api_get(world, {"q": "pricing", "author": "Lind"}).json()
    assert [r["snippet"] for r in body["items"]] == ["Pricing runbook for the quarter"]


def test_several_authors_are_offered_to_pick(world, gretas, client_for):
    page = client_for(world.otto).get(reverse("search"), {"q": "pricing", "author": "Greta"})
    assert page.status_code == 400
    html = page.content.decode()
    words = "“Greta” could be 2 people: Greta Berg (@gberg), Greta Lind (@glind). Choose one."
    assert words in html
    assert 'href="?q=pricing&amp;author=%40glind"' in html and "Greta Lind (@glind · Finance)" in html
    assert "Pricing runbook" not in html  # no results until one is chosen
    picked = client_for(world.otto).get(reverse("search"), {"q": "pricing", "author": "@glind"})
    assert "<mark>Pricing</mark> runbook" in picked.content.decode() and "Pricing notes" not in picked.content.decode()
    api = api_get(world, {"q": "pricing", "author": "Greta"})
    assert api.status_code == 409 and api.json()["error"]["fields"] == {"author": [words]}


def test_a_group_by_name_among_those_the_reader_sees(world, client_for):
    services.group_create(creator=world.gina, name="Data Science", description="Models.")
    services.post_create(author=world.gina, body="Guild dashboards", group=world.public)
    otto = client_for(world.otto)
    html = otto.get(reverse("search"), {"q": "dashboards", "group": "data guild"}).content.decode()
    assert "Guild <mark>dashboards</mark>" in html
    assert "Guild <mark>dashboards</mark>" in otto.get(reverse("search"), {"q": "dashboards", "group": "guild"}).content.decode()
    several = otto.get(reverse("search"), {"q": "dashboards", "group": "data"})
    assert several.status_code == 400
    assert "“data” could be 2 groups: Data Guild, Data Science. Choose one." in several.content.decode()
    # "board" names the secret group for alice, who is in it, and nothing for otto (the same as a made-up name).
    assert client_for(world.alice).get(reverse("search"), {"q": "x", "group": "board"}).status_code == 200
    hidden = otto.get(reverse("search"), {"q": "x", "group": "board"}).content.decode()
    made_up = otto.get(reverse("search"), {"q": "x", "group": "zzzz"}).content.decode()
    assert "Board Prep" not in hidden

    def errors(html):
        return re.findall(r'<p class="error" role="alert">(.*?)</p>', html)

    assert errors(hidden) == errors(made_up) == ["No group by that name."]
    assert api_get(world, {"q": "x", "group": "a"}).json()["error"]["fields"] == {"group": [
        "“a” could be 3 groups: Data Guild, Data Science, Finance Team. Choose one."]}  # never Board Prep
